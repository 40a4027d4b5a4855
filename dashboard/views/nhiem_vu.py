"""Nhiệm vụ: every task, filterable by group, lead unit and status; one task's report history."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state, text, theme
from dashboard import components as ui
from metrics import api

chosen = state.current()
with ui.guard():
    ui.page_header("Nhiệm vụ", chosen, show_scope=False)
    year, as_of = chosen.year, chosen.as_of
    tasks = cache.task_table(year, as_of)
    leads = ui.lead_options(tasks)

    c1, c2, c3 = st.columns(3)
    groups = state.url_widget(
        c1.multiselect,
        "nhom",
        text.TASKS_FILTER_GROUP,
        [g.code for g in api.plan(year).groups if g.code in set(tasks["group"])],
        placeholder=text.PLACEHOLDER_ALL,
    )
    lead = state.url_widget(
        c2.multiselect,
        "chu_tri",
        text.TASKS_FILTER_LEAD,
        list(leads),
        format_func=leads.get,
        placeholder=text.PLACEHOLDER_ALL,
    )
    statuses = state.url_widget(
        c3.multiselect,
        "tinh_trang",
        text.TASKS_FILTER_STATUS,
        ui.TASK_STATUS_KEYS,
        format_func=lambda s: theme.status_label(s, "task"),
        placeholder=text.PLACEHOLDER_ALL,
    )
    shown = ui.filter_tasks(tasks, groups, lead, statuses)
    st.caption(text.TASKS_COUNT.format(shown=len(shown), total=len(tasks)))
    ui.table(shown, ui.columns("tasks"), key="tasks_table", static=True)
    ui.download(shown, "tasks", sheet=text.TASKS_SHEET, key="dl_tasks", scope=api.DISTRICT)

    st.subheader(text.TASKS_DETAIL, anchor=False)
    names = ui.task_names(shown if len(shown) else tasks)
    task_id = state.url_widget(
        st.selectbox, "nhiem_vu", text.TASKS_PICK, list(names), format_func=names.get
    )
    history = cache.task_history(year, task_id)
    if history.empty:
        st.info(text.TASKS_NO_HISTORY)
    else:
        ui.table(history, ui.columns("task_history"), key="task_history", static=True)
        ui.download(
            history,
            "task_history",
            sheet=text.TASKS_HISTORY_SHEET.format(task=task_id),
            key="dl_task_history",
            scope=api.DISTRICT,
        )

    with st.expander(text.TASKS_BY_UNIT):
        by_unit = cache.task_by_unit(year, as_of)
        ui.table(by_unit, ui.task_unit_columns(), key="tasks_by_unit")
        ui.download(
            by_unit,
            "",
            sheet=text.TASKS_BY_UNIT,
            key="dl_tasks_by_unit",
            scope=api.DISTRICT,
            export_columns=ui.task_unit_export(),
        )
