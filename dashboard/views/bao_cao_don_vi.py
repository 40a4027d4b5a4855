"""Báo cáo đơn vị: reporting compliance per period and unit, and the units to remind."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, charts, state, text
from dashboard import components as ui
from metrics import api


def report_list(rows, drop: tuple[str, ...], file_name: str, sheet: str, key: str) -> None:
    """A list of expected reports (district-wide) and its workbook."""
    ui.table(rows, ui.columns("compliance", drop=drop), key=f"comp_{key}")
    ui.download(
        rows,
        "compliance",
        drop=drop,
        file_name=file_name.format(as_of=chosen.as_of),
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
        ui.table(
            summary,
            ui.columns("compliance_counts", drop=("unit_name",)),
            key="comp_periods",
            static=True,
        )
        ui.download(
            summary,
            "compliance_counts",
            sheet=text.COMPLIANCE_PERIODS,
            key="dl_periods",
            drop=("unit_name",),
            scope=api.DISTRICT,
        )

    st.subheader(text.COMPLIANCE_REMIND, anchor=False)
    table = reports.rows
    remind = reports.missing
    if remind.empty:
        st.success(text.COMPLIANCE_REMIND_NONE)
    else:
        short = ("received_date", "declared_date", "days_late")
        report_list(remind, short, text.REMIND_FILE, text.COMPLIANCE_REMIND, "remind")

    returned = reports.returned
    if not returned.empty:
        st.subheader(text.COMPLIANCE_RETURNED, anchor=False)
        report_list(
            returned, ("days_late",), text.RETURNED_FILE, text.COMPLIANCE_RETURNED, "returned"
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
    ui.table(by_unit, ui.columns("compliance_counts", drop=("period_label",)), key="comp_units")
    ui.download(
        by_unit,
        "compliance_counts",
        sheet=text.COMPLIANCE_UNITS,
        key="dl_units",
        drop=("period_label",),
        scope=api.DISTRICT,
    )
    with st.expander(text.COMPLIANCE_ALL_ROWS):
        ui.table(table, ui.columns("compliance"), key="comp_all")
        ui.download(
            table,
            "compliance",
            text.COMPLIANCE_FILE.format(as_of=as_of),
            text.COMPLIANCE_PERIODS,
            key="dl_all",
            scope=api.DISTRICT,
        )
