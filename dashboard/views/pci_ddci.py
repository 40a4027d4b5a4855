"""PCI & DDCI: score and rank over the years against target, the ten sub-indices, DDCI."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, charts, state, text
from dashboard import components as ui
from metrics import api
from metrics.format import fmt_date

chosen = state.current()
with ui.guard():
    ui.page_header("PCI & DDCI", chosen, show_scope=False)
    year, as_of = chosen.year, chosen.as_of
    st.caption(text.PCI_ABOUT)
    score = cache.yearly_series("pci_diem", as_of=as_of)
    rank = cache.yearly_series("pci_hang", as_of=as_of)
    ddci = cache.yearly_series("ddci_diem", as_of=as_of)
    ddci_rank = cache.yearly_series("ddci_hang", as_of=as_of)
    if year not in set(score["year"]):
        days = api.publication_dates(year)  # catalog only, no database
        st.info(
            text.PCI_NOT_YET.format(
                year=year,
                as_of=fmt_date(state.as_of_date(chosen)),
                pci=fmt_date(days.get("pci_diem")),
                ddci=fmt_date(days.get("ddci_diem")),
            )
        )
    ui.yearly_cards(
        [
            (text.PCI_SCORE, score, "decimal2"),
            (text.PCI_RANK, rank, "rank"),
            (text.DDCI_SCORE, ddci, "decimal2"),
            (text.DDCI_RANK, ddci_rank, "rank"),
        ],
        year,
    )
    c1, c2 = st.columns(2)
    c3, c4 = st.columns(2)
    with c1:
        ui.plot(charts.yearly(score, "decimal2", text.CHART_PCI_TITLE), key="pci_score")
    with c2:
        ui.plot(
            charts.yearly(rank, "rank", text.CHART_PCI_RANK_TITLE, lower_is_better=True),
            key="pci_rank",
        )
    with c3:
        ui.plot(charts.yearly(ddci, "decimal2", text.CHART_DDCI_TITLE), key="ddci_score")
    with c4:
        ui.plot(
            charts.yearly(ddci_rank, "rank", text.CHART_DDCI_RANK_TITLE, lower_is_better=True),
            key="ddci_rank",
        )

    subs = cache.pci_subindices(year, as_of=as_of)
    left, right = st.columns([3, 2])
    with left:
        ui.plot(charts.pci_subindices(subs, year), key="pci_subs")
    with right:
        st.subheader(text.PCI_SUBINDEX_TABLE, anchor=False)
        ui.table(
            subs,
            ui.columns("pci_subindices", year=year, previous=year - 1),
            key="pci_table",
            static=True,
        )
