"""The consolidated report Phòng Nội vụ sends upward: one object, as JSON, Excel or text."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from metrics import api, common, labels
from metrics import format as fmt
from metrics.common import DISTRICT, DbPath

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
        lines.append(
            f"  {g.group:<4}{g.short_name}: {labels.KPI_STATUS[g.status]} — nhiệm vụ hoàn thành "
            f"{g.tasks_done}/{g.tasks_total}, quá hạn {g.tasks_overdue}, chậm {g.tasks_behind}, "
            f"chưa báo cáo {g.tasks_not_reported}; chỉ số đạt {g.kpis_met}/{g.kpis_total}"
        )
    attention = report.kpis[report.kpis["status"].isin(["at_risk", "behind"])]
    lines += ["", f"Chỉ số cần chú ý ({len(attention)}):"]
    for k in attention.itertuples(index=False):
        lines.append(
            f"  - {k.label}: {fmt.fmt_value(k.value, k.format)} (chỉ tiêu {k.target_text}; "
            f"lộ trình {fmt.fmt_value(k.expected, k.format)}) — {labels.KPI_STATUS[k.status]}"
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
            f"{c.missing} chưa nộp (tỷ lệ nộp {fmt.fmt_percent(c.rate_received)}, "
            f"đúng hạn {fmt.fmt_percent(c.rate_on_time)})"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- Excel

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WARN = Font(bold=True, color="C00000")


def set_cell(cell: Cell, value, number_format: str | None = None) -> None:
    """Write a value; text that a spreadsheet could read as a formula stays plain text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        cell.value = None
        return
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_PREFIXES):
            # Stored as a string with Excel's quote prefix: shown as typed, never evaluated,
            # and still text if someone edits the cell.
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if hasattr(value, "item"):
        value = value.item()
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = fmt.EXCEL_DATE
    elif number_format:
        cell.number_format = number_format


def _sheet(wb: Workbook, title: str, report: Report, headers: list[str], widths: list[int]):
    ws = wb.create_sheet(title)
    ws["A1"] = labels.REPORT_TITLE.format(year=report.year)
    ws["A1"].font = _TITLE
    ws["A2"] = (
        f"{labels.REPORT_SUBTITLE.format(date=fmt.fmt_date(report.as_of))} — "
        f"{title} — {_scope_label(report.scope)}"
    )
    if report.is_sample:
        ws["A3"] = labels.SAMPLE_WARNING
        ws["A3"].font = _WARN
    header_row = 5
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return ws, header_row + 1


def _write_rows(ws, first_row: int, rows: list[list[tuple]]) -> None:
    """``rows``: lists of (value, number_format) pairs."""
    for r, row in enumerate(rows, start=first_row):
        for c, (value, number_format) in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            set_cell(cell, value, number_format)
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=isinstance(value, str), vertical="top")
    if rows:
        last = get_column_letter(len(rows[0]))
        ws.auto_filter.ref = f"A{first_row - 1}:{last}{first_row + len(rows) - 1}"


def to_xlsx(report: Report, path: str | Path) -> Path:
    """Write the consolidated workbook: groups, tasks, KPIs and compliance sheets."""
    wb = Workbook()
    wb.remove(wb.active)
    count, pct = "#,##0", fmt.EXCEL_FORMATS["percent"]

    h = labels.GROUP_HEADERS
    group_keys = [
        "group",
        "name",
        "status",
        "tasks_total",
        "tasks_done",
        "tasks_on_track",
        "tasks_behind",
        "tasks_overdue",
        "tasks_not_reported",
        "kpis_total",
        "kpis_met",
        "kpis_on_track",
        "kpis_behind",
        "kpis_at_risk",
    ]
    ws, first = _sheet(
        wb, labels.SHEETS["groups"], report, [h[k] for k in group_keys], [7, 42, 18] + [12] * 11
    )
    _write_rows(
        ws,
        first,
        [
            [
                (g["group"], None),
                (g["name"], None),
                (labels.KPI_STATUS.get(g["status"], g["status"]), None),
                *[(g[k], count) for k in group_keys[3:]],
            ]
            for _, g in report.groups.iterrows()
        ],
    )

    h = labels.TASK_HEADERS
    task_keys = list(h)
    ws, first = _sheet(
        wb,
        labels.SHEETS["tasks"],
        report,
        [h[k] for k in task_keys],
        [6, 7, 60, 30, 16, 16, 12, 14, 40, 40],
    )
    _write_rows(
        ws,
        first,
        [
            [
                (t["task_id"], None),
                (t["group"], None),
                (t["content"], None),
                (t["lead_names"], None),
                (t["deadline_text"] or labels.NO_DEADLINE, None),
                (t["status_label"], None),
                (t["percent"], "0"),
                (t["last_report_date"], None),
                (t["note"], None),
                (t["difficulties"], None),
            ]
            for _, t in report.tasks.iterrows()
        ],
    )

    h = labels.KPI_HEADERS
    kpi_keys = [
        "group",
        "code",
        "label",
        "unit",
        "value",
        "numerator",
        "denominator",
        "target_text",
        "expected",
        "status",
        "previous",
        "change",
        "projection",
    ]
    ws, first = _sheet(
        wb,
        labels.SHEETS["kpis"],
        report,
        [h[k] for k in kpi_keys],
        [7, 24, 48, 10, 14, 14, 14, 34, 14, 18, 14, 12, 14],
    )
    rows = []
    for _, k in report.kpis.iterrows():
        number = fmt.EXCEL_FORMATS.get(k["format"], "#,##0.00")
        rows.append(
            [
                (k["group"], None),
                (k["code"], None),
                (k["label"], None),
                (k["unit"], None),
                (k["value"], number),
                (k["numerator"], "#,##0.##"),
                (k["denominator"], "#,##0.##"),
                (k["target_text"], None),
                (k["expected"], number),
                (labels.KPI_STATUS.get(k["status"], k["status"]), None),
                (k["previous"], number),
                (k["change"], "+#,##0.00;-#,##0.00;0"),
                (k["projection"], number),
            ]
        )
    _write_rows(ws, first, rows)

    h = labels.COMPLIANCE_HEADERS
    ws, first = _sheet(
        wb,
        labels.SHEETS["compliance"],
        report,
        [
            h[k]
            for k in (
                "unit_name",
                "unit_kind",
                "period_label",
                "due_date",
                "received_date",
                "status",
            )
        ],
        [44, 14, 14, 14, 14, 14],
    )
    _write_rows(
        ws,
        first,
        [
            [
                (c["unit_name"], None),
                (labels.UNIT_KIND.get(c["unit_kind"], c["unit_kind"]), None),
                (c["period_label"], None),
                (c["due_date"], None),
                (c["received_date"], None),
                (labels.COMPLIANCE_STATUS[c["status"]], None),
            ]
            for _, c in report.compliance.iterrows()
        ],
    )
    row = first + len(report.compliance) + 1
    ws.cell(row=row, column=1, value="Tổng hợp theo kỳ").font = _BOLD
    summary_headers = [
        "Kỳ báo cáo",
        "Phải nộp",
        "Đúng hạn",
        "Trễ hạn",
        "Chưa nộp",
        "Tỷ lệ đã nộp",
        "Tỷ lệ đúng hạn",
    ]
    for col, text in enumerate(summary_headers, start=1):
        cell = ws.cell(row=row + 1, column=col, value=text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for i, (_, s) in enumerate(report.compliance_summary.iterrows(), start=row + 2):
        values = [
            (s["period_label"], None),
            (s["expected"], count),
            (s["on_time"], count),
            (s["late"], count),
            (s["missing"], count),
            (s["rate_received"], pct),
            (s["rate_on_time"], pct),
        ]
        for col, (value, number_format) in enumerate(values, start=1):
            set_cell(ws.cell(row=i, column=col), value, number_format)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
