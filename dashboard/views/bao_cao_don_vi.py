"""Báo cáo đơn vị: reporting compliance per period and unit, and the units to remind."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, charts, state, text
from dashboard import components as ui
from metrics import api


def listing(rows, table_name: str, sheet: str, key: str, drop=(), file_name=None, static=False):
    """A district-wide table and its workbook, with the same columns."""
    ui.table(rows, ui.columns(table_name, drop=drop), key=f"comp_{key}", static=static)
    ui.download(
        rows,
        table_name,
        drop=drop,
        file_name=file_name.format(as_of=chosen.as_of) if file_name else None,
        sheet=sheet,
        key=f"dl_{key}",
        scope=api.DISTRICT,
    )


chosen = state.current()
with ui.guard():
    ui.page_header("Báo cáo đơn vị", chosen, show_scope=False)
    year, as_of = chosen.year, chosen.as_of
    if chosen.scope != api.DISTRICT:
        st.caption(text.SCOPE_SHOWN.format(scope=state.scope_label(api.DISTRICT)))
    reports = cache.compliance_view(year, as_of)
    if reports.rows.empty:
        st.info(text.NO_PERIOD_DUE)
        raise ui.StopPage
    ui.compliance_counts(reports)
    summary = cache.compliance_summary(year, as_of)

    left, right = st.columns([2, 3])
    with left:
        ui.plot(charts.compliance_periods(summary), key="compliance_chart")
    with right:
        st.subheader(text.COMPLIANCE_PERIODS, anchor=False)
        listing(
            summary,
            "compliance_counts",
            text.COMPLIANCE_PERIODS,
            "periods",
            drop=("unit_name",),
            static=True,
        )

    st.subheader(text.COMPLIANCE_REMIND, anchor=False)
    table = reports.rows
    remind = reports.missing
    if remind.empty:
        st.success(text.COMPLIANCE_REMIND_NONE)
    else:
        short = ("received_date", "declared_date", "days_late")
        listing(remind, "compliance", text.COMPLIANCE_REMIND, "remind", short, text.REMIND_FILE)

    returned = reports.returned
    if not returned.empty:
        st.subheader(text.COMPLIANCE_RETURNED, anchor=False)
        listing(
            returned,
            "compliance",
            text.COMPLIANCE_RETURNED,
            "returned",
            ("days_late",),
            text.RETURNED_FILE,
        )

    st.subheader(text.COMPLIANCE_UNITS, anchor=False)
    kinds = ui.unit_kind_options(table)
    kind = state.url_widget(
        st.segmented_control,
        "loai_don_vi",
        text.COMPLIANCE_KIND,
        list(kinds),
        "all",
        format_func=kinds.get,
    )
    by_unit = cache.compliance_by_unit(year, as_of)
    by_unit = by_unit if kind in (None, "all") else ui.filter_in(by_unit, "unit_kind", [kind])
    listing(by_unit, "compliance_counts", text.COMPLIANCE_UNITS, "units", ("period_label",))
    with st.expander(text.COMPLIANCE_ALL_ROWS):
        listing(
            table,
            "compliance",
            text.COMPLIANCE_PERIODS,
            "all",
            file_name=text.COMPLIANCE_FILE,
        )
