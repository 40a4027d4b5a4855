"""The consolidated report Phòng Nội vụ sends upward: one object, as JSON, Excel or text."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from metrics import api, common, export, labels
from metrics import format as fmt
from metrics.common import DISTRICT, DbPath


@dataclass
class Report:
    """Everything the consolidated report shows, computed once."""

    year: int
    as_of: dt.date
    scope: str
    kpis: pd.DataFrame
    tasks: pd.DataFrame
    compliance: pd.DataFrame
    compliance_summary: pd.DataFrame
    groups: pd.DataFrame
    is_sample: bool


def build_report(
    year: int | None = None,
    as_of: str | dt.date | None = None,
    scope: str = DISTRICT,
    db: DbPath = None,
) -> Report:
    """Compute the report. Defaults: the latest plan year, its latest month with data."""
    if year is None:
        years = api.available_years(db)
        if not years:
            raise common.MetricsInputError(
                "Cơ sở dữ liệu chưa có kế hoạch năm nào: nạp số liệu trước (python -m data ingest …)."
            )
        year = years[-1]
    if as_of is None:
        as_of = api.latest_month(year, db) or f"{year}-12"
    as_of_date = common.parse_as_of(as_of, year)
    kpis = api.kpi_table(year, as_of_date, scope, db=db)
    tasks = api.task_table(year, as_of_date, db=db)
    district_kpis = kpis if scope == DISTRICT else api.kpi_table(year, as_of_date, DISTRICT, db=db)
    groups = api.group_summary(year, as_of_date, db=db, tasks=tasks, kpis=district_kpis)
    compliance = api.compliance_table(year, as_of_date, db=db)
    summary = api.compliance_summary(year, as_of_date, db=db)
    return Report(
        year=year,
        as_of=as_of_date,
        scope=scope,
        kpis=kpis,
        tasks=tasks,
        compliance=compliance,
        compliance_summary=summary,
        groups=groups,
        is_sample=api.is_sample_data(db),
    )


# --------------------------------------------------------------------------- JSON


def _plain(value):
    """A JSON-ready scalar: NaN → None, dates → ISO text, floats without binary noise."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if math.isinf(value) else round(value, 6)
    return value


def _records(frame: pd.DataFrame, columns: dict[str, str]) -> list[dict]:
    return [{key: _plain(row[col]) for key, col in columns.items()} for _, row in frame.iterrows()]


def to_json(report: Report) -> dict:
    """The ``--json`` object: as_of, year, kpis, tasks, compliance, groups."""
    kpi_cols = {
        k: k
        for k in (
            "code",
            "group",
            "scope",
            "period",
            "value",
            "numerator",
            "denominator",
            "target",
            "expected",
            "status",
            "previous",
            "projection",
            "label",
            "unit",
            "target_text",
            "change",
        )
    }
    task_cols = {
        "id": "task_id",
        "group": "group",
        "leads": "leads",
        "deadline": "deadline_date",
        "status": "status",
        "percent": "percent",
        "last_report_date": "last_report_date",
        "note": "note",
        "deadline_text": "deadline_text",
        "difficulties": "difficulties",
    }
    compliance_cols = {
        "unit": "unit_code",
        "period": "period_code",
        "status": "status",
        "received_date": "received_date",
        "due_date": "due_date",
    }
    group_cols = {
        k: k
        for k in (
            "group",
            "status",
            "tasks_done",
            "tasks_total",
            "kpis_met",
            "kpis_total",
            "kpis_judged",
            "tasks_on_track",
            "tasks_behind",
            "tasks_overdue",
            "tasks_not_reported",
        )
    }
    return {
        "as_of": report.as_of.isoformat(),
        "year": report.year,
        "scope": report.scope,
        "is_sample": report.is_sample,
        "kpis": _records(report.kpis, kpi_cols),
        "tasks": _records(report.tasks, task_cols),
        "compliance": _records(report.compliance, compliance_cols),
        "groups": _records(report.groups, group_cols),
    }


# --------------------------------------------------------------------------- text


def _scope_label(scope: str) -> str:
    return labels.SCOPE_DISTRICT if scope == DISTRICT else common.unit_name(scope)


def _completeness_text(kpi) -> str:
    """The scopes behind a district figure: "; 3/11 đơn vị đạt; … có số liệu kỳ này: 9/11"."""
    out = ""
    if not common.is_missing(kpi.units_total):
        out += "; " + labels.UNITS_MET.format(met=int(kpi.units_met), total=int(kpi.units_total))
    if not common.is_missing(kpi.completeness):
        out += "; " + labels.COMPLETENESS.format(share=kpi.completeness)
        if not common.is_missing(kpi.scopes_missing):
            out += f" (thiếu: {kpi.scopes_missing})"
    return out


def to_text(report: Report) -> str:
    """A short readable summary in Vietnamese."""
    lines = [
        labels.REPORT_TITLE.format(year=report.year),
        f"{labels.REPORT_SUBTITLE.format(date=fmt.fmt_date(report.as_of))} — "
        f"{_scope_label(report.scope)}",
    ]
    if report.is_sample:
        lines.append(labels.SAMPLE_WARNING)
    lines += ["", "Nhóm giải pháp:"]
    for g in report.groups.itertuples(index=False):
        # Of the KPIs the status judges; the others (no target or no value yet) said apart.
        apart = g.kpis_total - g.kpis_judged
        lines.append(
            f"  {g.group:<4}{g.short_name}: {labels.KPI_STATUS[g.status]} — nhiệm vụ hoàn thành "
            f"{g.tasks_done}/{g.tasks_total}, quá hạn {g.tasks_overdue}, chậm {g.tasks_behind}, "
            f"chưa báo cáo {g.tasks_not_reported}; chỉ số đạt {g.kpis_met}/{g.kpis_judged}"
            + (f" ({labels.KPIS_UNJUDGED.format(n=apart)})" if apart else "")
        )
    attention = report.kpis[report.kpis["status"].isin(["at_risk", "behind"])]
    lines += ["", f"Chỉ số cần chú ý ({len(attention)}):"]
    for k in attention.itertuples(index=False):
        lines.append(
            f"  - {k.label}: {fmt.fmt_value(k.value, k.format)} (chỉ tiêu {k.target_text}; "
            f"lộ trình {fmt.fmt_value(k.expected, k.format)}) — {labels.KPI_STATUS[k.status]}"
            + _completeness_text(k)
        )
    counts = report.kpis["status"].value_counts()
    lines.append(
        "  Tổng: "
        + ", ".join(f"{labels.KPI_STATUS[s]} {int(counts.get(s, 0))}" for s in labels.KPI_STATUS)
    )
    late = report.tasks[report.tasks["status"].isin(["overdue", "behind", "not_reported"])]
    lines += ["", f"Nhiệm vụ quá hạn, chậm hoặc chưa báo cáo ({len(late)}):"]
    for t in late.itertuples(index=False):
        percent = "" if pd.isna(t.percent) else f", {fmt.fmt_percent(t.percent, 0)}"
        lines.append(f"  - Nhiệm vụ {t.task_id} ({t.lead_names}): {t.status_label}{percent}")
    lines += ["", "Tình hình báo cáo:"]
    if report.compliance_summary.empty:
        lines.append("  Chưa đến hạn nộp báo cáo kỳ nào.")
    for c in report.compliance_summary.itertuples(index=False):
        lines.append(
            f"  Kỳ {c.period_label}: {c.on_time}/{c.expected} đúng hạn, {c.late} trễ hạn, "
            f"{c.returned} bị trả lại, {c.missing} chưa nộp "
            f"(tỷ lệ nộp {fmt.fmt_percent(c.rate_received)}, "
            f"đúng hạn {fmt.fmt_percent(c.rate_on_time)})"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- Excel


def _sheet(wb: Workbook, title: str, report: Report) -> tuple[Worksheet, int]:
    """A sheet with the report's title rows; returns it and the row its table starts on."""
    ws = wb.create_sheet(title)
    ws["A1"] = labels.REPORT_TITLE.format(year=report.year)
    ws["A1"].font = export.TITLE
    ws["A2"] = (
        f"{labels.REPORT_SUBTITLE.format(date=fmt.fmt_date(report.as_of))} — "
        f"{title} — {_scope_label(report.scope)}"
    )
    if report.is_sample:
        ws["A3"] = labels.SAMPLE_WARNING
        ws["A3"].font = export.WARN
    return ws, 5


def to_xlsx(report: Report, path: str | Path) -> Path:
    """Write the consolidated workbook: groups, tasks, KPIs and compliance sheets."""
    wb = Workbook()
    wb.remove(wb.active)
    for table, frame in (
        ("groups", report.groups),
        ("tasks", report.tasks),
        ("kpis", report.kpis),
    ):
        ws, row = _sheet(wb, labels.SHEETS[table], report)
        columns = export.export_columns(table)
        export.write_table(ws, frame, columns, row)
        export.print_setup(ws, row, len(columns), landscape=True)

    ws, first = _sheet(wb, labels.SHEETS["compliance"], report)
    row = export.write_table(ws, report.compliance, export.export_columns("compliance"), first)
    ws.cell(row=row + 1, column=1, value=labels.COMPLIANCE_BY_PERIOD).font = export.BOLD
    export.write_table(
        ws,
        report.compliance_summary,
        export.export_columns("compliance_counts", drop=("unit_name",)),
        row + 2,
    )
    # The summary's filter and frozen panes would hide the list above it.
    ws.auto_filter.ref = None
    ws.freeze_panes = "A6"
    export.print_setup(ws, first, len(export.export_columns("compliance")), landscape=True)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
