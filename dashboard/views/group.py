"""One solution group of the plan: its tasks and its KPIs with target line, glide path, wards.

Not a script page: ``dashboard.nav`` registers ``render`` once per group of the plan year.
"""

from __future__ import annotations

import streamlit as st

from dashboard import cache, charts, nav, state, text
from dashboard import components as ui
from metrics import api


def render(group: str) -> None:
    """Draw the page of solution group ``group`` (its code in the plan catalog, e.g. "II")."""
    chosen = state.current()
    with ui.guard():
        spec = nav.group_page(group, chosen.year if chosen else None)
        ui.page_header(spec.title if spec else group, chosen)
        year, as_of = chosen.year, chosen.as_of
        groups = ui.filter_in(cache.group_summary(year, as_of), "group", [group])
        if groups.empty:
            st.warning(text.GROUP_NOT_FOUND.format(group=group, year=year))
            raise ui.StopPage
        district = chosen.scope == api.DISTRICT
        scope_name = state.scope_label(chosen.scope)
        ui.group_status_line(groups.iloc[0])
        if not district:
            st.caption(text.SCOPE_SHOWN.format(scope=state.scope_label(api.DISTRICT)))

        st.subheader(text.GROUP_TASKS, anchor=False)
        tasks = ui.filter_in(cache.task_table(year, as_of, scope=chosen.scope), "group", [group])
        if not district:
            st.caption(text.TASKS_OF_SCOPE.format(scope=scope_name))
        if tasks.empty and not district:
            st.info(text.TASKS_NONE_OF_SCOPE.format(scope=scope_name))
        else:
            ui.table(
                tasks,
                ui.columns("tasks", drop=("group",)),
                key=f"group_{group}_tasks",
                static=True,
            )
            ui.download(
                tasks, "tasks", sheet=f"{text.GROUP_TASKS} {group}", key=f"dl_{group}_tasks"
            )

        st.subheader(text.GROUP_KPIS, anchor=False)
        kpis = ui.filter_in(cache.kpi_table(year, as_of, chosen.scope), "group", [group])
        if kpis.empty:
            st.info(text.GROUP_NO_KPIS)
            raise ui.StopPage
        ui.table(kpis, ui.columns("kpis"), key=f"group_{group}_kpis", static=True)
        ui.download(kpis, "kpis", sheet=f"{text.GROUP_KPIS} {group}", key=f"dl_{group}_kpis")

        labels = dict(zip(kpis["code"], kpis["label"], strict=True))
        code = state.url_widget(
            st.selectbox, "chi_so", text.GROUP_KPI_PICK, list(labels), format_func=labels.get
        )
        ui.indicator_meaning(code)
        row = kpis[kpis["code"] == code].iloc[0]
        series = cache.kpi_series(code, year, as_of, chosen.scope)
        by_ward = cache.kpi_by_ward(code, year, as_of)
        left, right = st.columns(2)
        with left:
            ui.plot(charts.kpi_trend(series, row["format"], row["label"]), key=f"trend_{group}")
        with right:
            if by_ward.empty:
                st.info(text.GROUP_NO_WARDS)
            else:
                event = ui.plot(
                    charts.ward_ranking(by_ward, row["format"]), key=f"wards_{group}", pick=True
                )
                st.caption(text.WARD_CLICK_HINT)
                names = dict(zip(by_ward["ward_code"], by_ward["ward_name"], strict=True))
                ward = ui.picked_ward(event, f"wards_{group}", names)
                if ward:
                    st.switch_page(
                        nav.st_page(nav.WARD_PAGE),
                        query_params=state.view_params(chi_so=code, phuong=ward),
                    )
