"""Phường: the 10 wards compared on every ward KPI (ranking, month × ward heat map), one ward's profile."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, charts, state, text
from dashboard import components as ui
from metrics import api

# The comparison opens on the online-dossier rate: the ward KPI the plan pushes hardest
# (section III.2.1.2) and the one on which wards differ most.
DEFAULT_KPI = "hs_truc_tuyen"

chosen = state.current()
with ui.guard():
    ui.page_header("Phường", chosen, show_scope=False)
    year, as_of = chosen.year, chosen.as_of
    scopes = cache.scope_options()
    wards = ui.filter_in(scopes, "kind", ["ward"])
    ward_names = dict(zip(wards["code"], wards["label"], strict=True))
    # A ward's KPI list is exactly the indicators wards report: the comparison's choices.
    ward_kpis = cache.kpi_table(year, as_of, wards["code"].iloc[0])
    if ward_kpis.empty:
        st.info(text.WARD_NO_WARD_KPIS)
        raise ui.StopPage
    labels = dict(zip(ward_kpis["code"], ward_kpis["label"], strict=True))
    codes = list(labels)
    code = state.url_widget(
        st.selectbox,
        "chi_so",
        text.WARD_KPI_PICK,
        codes,
        DEFAULT_KPI if DEFAULT_KPI in codes else codes[0],
        format_func=labels.get,
    )
    ui.indicator_meaning(code)
    row = ward_kpis[ward_kpis["code"] == code].iloc[0]
    by_ward = cache.kpi_by_ward(code, year, as_of)
    matrix = cache.ward_month_matrix(code, year, as_of)
    left, right = st.columns(2, gap="large")
    with left:
        event = ui.plot(charts.ward_ranking(by_ward, row["format"]), key="ward_rank", pick=True)
        st.caption(text.WARD_CLICK_HINT)
    with right:
        ui.table(by_ward, ui.columns("wards"), key="ward_table", static=True, fmt=row["format"])
        ui.download(
            by_ward,
            "wards",
            sheet=str(row["label"]),
            key="dl_ward_table",
            scope=api.DISTRICT,
            fmt=row["format"],
        )
    ui.plot(
        charts.ward_heatmap(matrix, row["format"], row["direction"] == "lower"),
        key="ward_heat",
        wide=True,
    )

    st.subheader(text.WARD_PROFILE, anchor=False)
    # A click on a ward's bar opens that ward's profile below.
    clicked = ui.picked_ward(event, "ward_rank", ward_names)
    if clicked:
        st.session_state[state.PARAMS["phuong"].key] = clicked
    ward = state.url_widget(
        st.selectbox, "phuong", text.WARD_PICK, list(ward_names), format_func=ward_names.get
    )
    ui.ward_compliance_line(cache.compliance_by_unit(year, as_of), ward)
    profile = cache.kpi_table(year, as_of, ward)
    ui.table(profile, ui.columns("kpis"), key="ward_profile", static=True)
    ui.download(profile, "kpis", sheet=text.WARD_PROFILE_SHEET, key="dl_ward_profile", scope=ward)
