"""Đối chiếu hồ sơ: reported figures against the dossier register; the late dossiers behind a count."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state, text
from dashboard import components as ui
from data import catalog
from metrics import api
from metrics.format import fmt_month, fmt_value

GAPS_SHOWN = 50

chosen = state.current()
with ui.guard():
    ui.page_header(text.REG_TITLE, chosen)

    st.subheader(text.REG_GAPS, anchor=False)
    st.caption(text.REG_GAPS_HELP)
    gaps = cache.reconciliation(chosen.year, chosen.as_of)
    if gaps.empty:
        st.success(text.REG_NO_GAPS)
    else:
        st.caption(text.REG_GAPS_SHOWN.format(shown=min(len(gaps), GAPS_SHOWN), total=len(gaps)))
        ui.table(gaps.head(GAPS_SHOWN), ui.columns("register_gaps"), key="reg_gaps", static=True)
        ui.download(gaps, "register_gaps", text.REG_GAPS_FILE, text.REG_GAPS, key="dl_reg_gaps")

    month = fmt_month(chosen.as_of)
    st.subheader(text.REG_OVERDUE.format(month=month), anchor=False)
    _, count = cache.overdue_dossiers(chosen.year, chosen.as_of, chosen.scope)
    st.metric(text.REG_OVERDUE_CARD, fmt_value(count, "integer"), help=text.REG_OVERDUE_HELP)
    c1, c2 = st.columns(2)
    words = c1.text_input(text.REG_SEARCH, key="reg_search")
    said = catalog.load().labels["apology_status"].labels()
    labels = {"tat_ca": text.PLACEHOLDER_ALL, "sent": said["sent"], "not_sent": said["not_sent"]}
    chosen_apology = state.url_widget(
        c2.selectbox, "xin_loi", text.REG_APOLOGY, list(labels), format_func=labels.get
    )
    apology = {"sent": True, "not_sent": False}.get(chosen_apology)
    _, matched = cache.overdue_dossiers(chosen.year, chosen.as_of, chosen.scope, words, apology)
    if not matched:
        st.info(text.REG_NONE_OVERDUE)
    else:
        page = ui.pager(matched, api.PAGE_ROWS, key="reg_page")
        shown, _ = cache.overdue_dossiers(
            chosen.year, chosen.as_of, chosen.scope, words, apology, page
        )
        ui.table(shown, ui.columns("overdue_dossiers"), key="reg_overdue")
        ui.download(
            shown,
            "overdue_dossiers",
            text.REG_OVERDUE_FILE.format(month=chosen.as_of),
            text.REG_OVERDUE.format(month=month),
            key="dl_reg_overdue",
            fetch=lambda: api.overdue_dossiers(
                chosen.year, chosen.as_of, chosen.scope, words, apology, page_rows=None
            )[0],
        )
