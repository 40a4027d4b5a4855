"""Tổng quan: the plan's groups and their status, headline KPIs, overdue tasks, missing reports."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, charts, nav, state, text
from dashboard import components as ui
from metrics import api

UPLOAD_PAGE = "views/nop_so_lieu.py"


def say_empty() -> None:
    """The warehouse holds nothing yet: say so and point to the upload page, then stop."""
    st.info(text.OVERVIEW_EMPTY, icon=":material/upload_file:")
    if UPLOAD_PAGE in {spec.path for spec in nav.SCRIPT_PAGES}:
        st.page_link(UPLOAD_PAGE, label=text.OVERVIEW_EMPTY_LINK, icon=":material/upload_file:")
    raise ui.StopPage


chosen = state.current()
with ui.guard():
    ui.page_header("Tổng quan", chosen)
    # The plan years come from the catalog, so the controls exist even before any load.
    if not cache.has_data():
        say_empty()
    year, as_of = chosen.year, chosen.as_of

    scope_name = state.scope_label(chosen.scope)
    district = chosen.scope == api.DISTRICT

    st.subheader(text.OVERVIEW_GROUPS, anchor=False)
    if not district:
        st.caption(text.SCOPE_SHOWN.format(scope=state.scope_label(api.DISTRICT)))
    groups = cache.group_summary(year, as_of)
    ui.group_cards(groups, year)

    st.subheader(text.OVERVIEW_KPIS, anchor=False)
    kpis = cache.kpi_table(year, as_of, chosen.scope)
    headline = kpis[kpis["headline"]]
    series = cache.kpi_series_many(headline["code"].tolist(), year, as_of, chosen.scope)
    trends = {code: frame["value_ytd"].tolist() for code, frame in series.items()}
    links = {
        code: (nav.st_page(nav.group_page(group, year)), state.view_params(chi_so=code))
        for code, group in zip(headline["code"], headline["group"], strict=True)
        if nav.group_page(group, year)
    }
    ui.kpi_cards(headline, trends, links=links)

    st.subheader(text.OVERVIEW_OVERDUE, anchor=False)
    tasks = cache.task_table(year, as_of, scope=chosen.scope)
    if not district:
        st.caption(text.TASKS_OF_SCOPE.format(scope=scope_name))
    ui.task_counts(tasks)
    late = ui.filter_in(tasks, "status", ["overdue", "behind"])
    if tasks.empty and not district:
        st.info(text.TASKS_NONE_OF_SCOPE.format(scope=scope_name))
    elif late.empty:
        st.success(text.OVERVIEW_NO_OVERDUE)
    else:
        brief = ("group", "percent", "last_report_date", "note", "difficulties")
        ui.table(late, ui.columns("tasks", drop=brief), key="overview_late", static=True)
        ui.download(late, "tasks", sheet=text.OVERVIEW_OVERDUE, key="dl_overview_late")

    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(text.OVERVIEW_MISSING, anchor=False)
        reports = cache.compliance_view(year, as_of, chosen.scope)
        if not district:
            st.caption(text.SCOPE_SHOWN.format(scope=scope_name))
        ui.compliance_counts(reports, scope_name)
        if reports.rows.empty:
            pass
        elif reports.missing.empty:
            st.success(text.OVERVIEW_NO_MISSING)
        else:
            ui.table(
                reports.missing,
                ui.columns("compliance", drop=("received_date", "declared_date", "days_late")),
                key="overview_missing",
                static=True,
            )
            ui.download(
                reports.missing,
                "compliance",
                sheet=text.OVERVIEW_MISSING,
                key="dl_overview_missing",
                drop=("received_date", "days_late"),
            )
    with right:
        ui.plot(charts.group_tasks(groups), key="overview_group_tasks")
