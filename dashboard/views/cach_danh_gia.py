"""Cách đánh giá: what every status means, the bands and the paths, from the catalog's rules."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import components as ui
from dashboard import state, text
from metrics import api


def entries(items, kind: str) -> None:
    """One line per status: its badge, then what it means."""
    for entry in items:
        st.markdown(
            f"{ui.badge_html(entry.key, kind)}&nbsp; {html.escape(entry.meaning)}",
            unsafe_allow_html=True,
        )


chosen = state.current()
with ui.guard():
    ui.page_header("Cách đánh giá", chosen, show_scope=False, require_data=False)
    st.markdown(text.GLOSSARY_INTRO)
    words = api.glossary()

    st.subheader(text.GLOSSARY_KPI, anchor="kpi")
    entries(words["kpi"], "kpi")
    st.caption(words["bands"])

    st.subheader(text.GLOSSARY_PATHS, anchor="paths")
    for entry in words["paths"]:
        st.markdown(f"**{html.escape(entry.label)}.** {html.escape(entry.meaning)}")

    st.subheader(text.GLOSSARY_TASKS, anchor="task")
    entries(words["task"], "task")

    st.subheader(text.GLOSSARY_REPORTS, anchor="compliance")
    entries(words["compliance"], "compliance")
