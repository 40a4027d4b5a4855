"""The "Bản tin" page: one month on one screen for the monthly meeting, and its files to download."""

from __future__ import annotations

import html
import io
import tempfile
import zipfile

import streamlit as st

from dashboard import briefing as files
from dashboard import cache, charts, components, state
from dashboard.briefing import TEXT
from metrics import api
from metrics.briefing import month_label

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "application/zip",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
CHART_ROWS = (
    # (kind, KPI code or None), two to a row: at three, month labels tilt and collide
    (("trend", "hs_truc_tuyen"), ("wards", "hs_truc_tuyen")),
    (("tasks", None), ("reports", None)),
    (("trend", "hs_dung_han"), ("trend", "giai_ngan_dtc")),
)


def _problems(b) -> None:
    items = files.problem_items(b)
    st.subheader(TEXT["problems"], anchor=False)
    for key in ("overdue", "missing", "lagging"):
        rows = items[key]
        st.markdown(f"**{TEXT[key]} ({len(rows)})**")
        if not rows:
            st.markdown(TEXT["none"])
            continue
        lines = "\n".join(f"- {line}" for line in rows[: files.MAX_ROWS])
        if len(rows) > files.MAX_ROWS:
            lines += f"\n\n{TEXT['more'].format(n=len(rows) - files.MAX_ROWS)}"
        st.markdown(lines)


def _chart(kind: str, code: str | None, b, by_code: dict) -> None:
    as_of = b.month
    if kind == "trend" and code in by_code:
        row = by_code[code]
        fig = charts.kpi_trend(cache.kpi_series(code, b.year, as_of), row["format"], row["label"])
    elif kind == "wards" and code in by_code:
        row = by_code[code]
        fig = charts.ward_ranking(
            cache.kpi_by_ward(code, b.year, as_of),
            row["format"],
            TEXT["page_wards"].format(kpi=row["label"]),
        )
    elif kind == "tasks":
        fig = charts.group_tasks(b.groups)
    elif kind == "reports":
        fig = charts.compliance_periods(b.compliance_summary)
    else:
        return
    components.plot(fig, key=f"bt_{kind}_{code}", scope=api.DISTRICT)


def _headline_cards(headline, by_code: dict) -> None:
    """The headline KPIs as cards whose full label wraps (st.metric cuts long labels)."""
    for col, h in zip(st.columns(len(headline) or 1), headline, strict=False):
        basis = " · ".join(components.kpi_basis_lines(by_code[h.code]))
        with col, st.container(border=True):
            st.markdown(
                "<div style='font-size:0.95rem;font-weight:600;line-height:1.3;min-height:2.6em'>"
                f"{html.escape(h.label)}</div>"
                f"<div style='font-size:2.2rem;font-weight:700;line-height:1.2'>"
                f"{html.escape(h.value_text)}</div>"
                f"<div style='font-size:0.9rem;margin-bottom:6px'>"
                f"{html.escape(TEXT['card_change'].format(change=h.change_text))}</div>"
                f"<div>{components.badge_html(h.status)}</div>"
                f"<div style='font-size:0.85rem;margin-top:6px'>"
                f"{html.escape(TEXT['card_path'].format(expected=h.expected_text))}<br>"
                f"{html.escape(TEXT['card_target'].format(target=h.target_text))}<br>"
                f"{html.escape(basis)}</div>",
                unsafe_allow_html=True,
            )


def _export(month: str) -> None:
    """The button: the same files as ``python -m dashboard.briefing``, offered for download."""
    key = f"briefing_files_{month}"
    if st.button(TEXT["page_button"], icon=":material/picture_as_pdf:", key="bt_export"):
        with st.spinner(TEXT["page_working"]), tempfile.TemporaryDirectory() as tmp:
            result = files.produce(month, cache.db_path(), tmp)
            made = {}
            for kind, paths in result.files.items():
                if kind == "png":
                    archive = io.BytesIO()
                    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
                        for png in paths:
                            zf.write(png, png.name)
                    made[kind] = (archive.getvalue(), f"ban-tin-{month}-anh.zip")
                else:
                    made[kind] = (paths[0].read_bytes(), paths[0].name)
            st.session_state[key] = made
    made = st.session_state.get(key)
    if made:
        for col, kind in zip(st.columns(len(made)), made, strict=True):
            data, name = made[kind]
            col.download_button(
                TEXT["page_download"][kind],
                data,
                file_name=name,
                mime=MIME[kind],
                icon=":material/download:",
                key=f"bt_{kind}",
            )


with components.guard():
    chosen = state.current()
    month_text = chosen.as_of if chosen else ""
    title = TEXT["page_title"].format(month=month_label(month_text)) if chosen else ""
    components.page_header(title or TEXT["page_title_empty"], chosen, show_scope=False)
    b = cache.briefing(chosen.as_of)
    if chosen.scope != api.DISTRICT:
        st.caption(TEXT["page_scope_note"])

    components.group_cards(b.groups, b.year)
    left, right = st.columns([3, 2], gap="large")
    with left, st.container(border=True):
        st.subheader(TEXT["summary"].format(month=b.month_label), anchor=False)
        st.markdown("\n".join(f"- {s}" for s in b.sentences))
    with right:
        _problems(b)

    by_code = b.kpis.set_index("code", drop=False).to_dict("index")
    _headline_cards(b.headline, by_code)
    for row in CHART_ROWS:
        for col, (kind, code) in zip(st.columns(len(row)), row, strict=True):
            with col:
                _chart(kind, code, b, by_code)

    st.divider()
    _export(b.month)
