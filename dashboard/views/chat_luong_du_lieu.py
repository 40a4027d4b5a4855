"""Chất lượng dữ liệu: load log, rejected files, quarantined rows with reasons; filter, download."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state, text
from dashboard import components as ui

chosen = state.current()
with ui.guard():
    ui.page_header("Chất lượng dữ liệu", chosen, show_scope=False)
    log = cache.load_log()
    rows = cache.quarantine()
    ui.load_counts(log)

    st.subheader(text.DQ_LOADS, anchor=False)
    ui.table(log, ui.columns("load_log"), key="dq_loads")
    ui.download(log, "load_log", text.LOADS_FILE, text.DQ_LOADS, key="dl_loads")

    st.subheader(text.DQ_REJECTED, anchor=False)
    rejected = ui.filter_in(log, "status", ["rejected", "failed"])
    if rejected.empty:
        st.success(text.DQ_NONE_REJECTED)
    else:
        ui.table(rejected, ui.columns("load_log"), key="dq_rejected", static=True)

    st.subheader(text.DQ_QUARANTINE, anchor=False)
    c1, c2, c3 = st.columns(3)
    files = c1.multiselect(
        text.DQ_FILTER_FILE,
        sorted(rows["original_name"].dropna().unique()),
        key="dq_file",
        placeholder=text.PLACEHOLDER_ALL,
    )
    columns = c2.multiselect(
        text.DQ_FILTER_COLUMN,
        sorted(rows["column_name"].dropna().unique()),
        key="dq_col",
        placeholder=text.PLACEHOLDER_ALL,
    )
    words = c3.text_input(text.DQ_SEARCH, key="dq_search")
    shown = ui.filter_contains(
        ui.filter_in(ui.filter_in(rows, "original_name", files), "column_name", columns),
        "reason",
        words,
    )
    st.caption(text.DQ_ROWS_SHOWN.format(shown=len(shown), total=len(rows)))
    if rows.empty:
        st.success(text.DQ_NONE_QUARANTINE)
    else:
        ui.table(shown, ui.columns("quarantine"), key="dq_quarantine", static=len(shown) <= 30)
        ui.download(
            shown,
            "quarantine",
            text.QUARANTINE_FILE,
            text.DQ_QUARANTINE,
            key="dl_quarantine",
        )
