"""Chất lượng dữ liệu: load log, rejected files, quarantined rows with reasons; filter, download.

The load log and the refused rows are paged in the database (``metrics.api``): a page
styles at most ``api.PAGE_ROWS`` rows, however many lie behind it.
"""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state, text
from dashboard import components as ui
from metrics import api

chosen = state.current()
with ui.guard():
    ui.page_header("Chất lượng dữ liệu", chosen, show_scope=False)
    counts = cache.load_counts()
    ui.load_counts(counts)

    st.subheader(text.DQ_LOADS, anchor=False)
    log_page = ui.pager(counts["loads"], api.PAGE_ROWS, key="dq_loads_page")
    log = cache.load_log_page(log_page)
    ui.table(log, ui.columns("load_log"), key="dq_loads")
    ui.download(
        log,
        "load_log",
        text.LOADS_FILE,
        text.DQ_LOADS,
        key="dl_loads",
        fetch=cache.load_log,
        scope=api.DISTRICT,
    )

    st.subheader(text.DQ_REJECTED, anchor=False)
    rejected = ui.filter_in(log, "status", ["rejected", "failed"])
    if rejected.empty:
        st.success(text.DQ_NONE_REJECTED)
    else:
        ui.table(rejected, ui.columns("load_log"), key="dq_rejected", static=True)
        ui.download(
            rejected, "load_log", sheet=text.DQ_REJECTED, key="dl_rejected", scope=api.DISTRICT
        )

    st.subheader(text.DQ_QUARANTINE, anchor=False)
    facets = cache.quarantine_facets()
    c1, c2, c3 = st.columns(3)
    files = c1.multiselect(
        text.DQ_FILTER_FILE, facets["files"], key="dq_file", placeholder=text.PLACEHOLDER_ALL
    )
    columns = c2.multiselect(
        text.DQ_FILTER_COLUMN, facets["columns"], key="dq_col", placeholder=text.PLACEHOLDER_ALL
    )
    words = c3.text_input(text.DQ_SEARCH, key="dq_search")
    _, matched = cache.quarantine_page(files, columns, words, 1)
    st.caption(text.DQ_ROWS_SHOWN.format(shown=matched, total=facets["total"]))
    if not facets["total"]:
        st.success(text.DQ_NONE_QUARANTINE)
    else:
        page = ui.pager(matched, api.PAGE_ROWS, key="dq_quarantine_page")
        shown, _ = cache.quarantine_page(files, columns, words, page)
        ui.table(shown, ui.columns("quarantine"), key="dq_quarantine", static=len(shown) <= 30)
        ui.download(
            shown,
            "quarantine",
            text.QUARANTINE_FILE,
            text.DQ_QUARANTINE,
            key="dl_quarantine",
            scope=api.DISTRICT,
            fetch=lambda: cache.quarantine_page(files, columns, words, 1, page_rows=None)[0],
        )
