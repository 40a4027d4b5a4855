"""Entry point of the dashboard: page setup, shared controls and navigation from ``nav.PAGES``.

Run from the repository root: ``python -m streamlit run dashboard/app.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts only dashboard/ on sys.path; the packages live one level up.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from dashboard import components, nav, state, text  # noqa: E402

st.set_page_config(page_title=text.APP_SHORT, page_icon=":material/monitoring:", layout="wide")

pages = [
    st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path)
    for spec in nav.PAGES
]
current_page = st.navigation(pages, position="sidebar", expanded=True)

with components.guard():
    st.sidebar.caption(text.APP_TITLE)
    state.render_controls()
    st.sidebar.caption(text.COPY_LINK_HINT)

current_page.run()
