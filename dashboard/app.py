"""Entry point of the dashboard: page setup, sign-in, shared controls, navigation by role.

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

from dashboard import auth, components, nav, state, text  # noqa: E402

# The tab icon is a file served by the app itself: a Material icon name would make the
# browser fetch the icon font from an outside host, which an office network may block.
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"
st.set_page_config(page_title=text.APP_SHORT, page_icon=str(FAVICON), layout="wide")
components.page_style()

user = auth.gate()

# A page the role may not use stays registered but hidden: a copied link to it then opens
# the page's own refusal (which names who it is for) instead of a bare "page not found".
# Before sign-in every page is registered hidden, so the link survives the sign-in form.
# The group pages are those of the plan year this run shows (``state.requested_year``).
year = state.requested_year()
pages = [nav.st_page(spec, bool(user) and nav.allowed(spec, user)) for spec in nav.pages(year)]
current_page = st.navigation(pages, position="sidebar" if user else "hidden", expanded=True)
if user is None:
    auth.sign_in_page()

with components.guard():
    title = st.sidebar.empty()  # filled once the controls have settled the year
    chosen = state.render_controls(user)
    title.caption(state.app_title(chosen.year if chosen else year))
    st.sidebar.caption(text.COPY_LINK_HINT)
    auth.render_account(user)

current_page.run()
