"""The draft report Phòng Nội vụ sends up, as a Word document in the format of Nghị định 30/2020/NĐ-CP.

Built from ``metrics.report.build_report`` for a reporting period of the plan (Quý I,
6 tháng, 9 tháng, Năm): results per solution group with each task's reported output and
difficulties, the KPIs against their targets, the units that did not report or reported
late, proposals drawn from the reported difficulties, "Nơi nhận" and the signature block.
The number and the day are left blank for the office to fill in when it is signed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from data import catalog
from metrics import format as fmt
from metrics import labels
from metrics.common import MetricsInputError
from metrics.report import Report, build_report

FONT = "Times New Roman"
BODY = 14
TASKS_TO_DIRECT = ("overdue", "behind", "not_reported")
# The task counts a group's line always gives; any other status follows when present, so
# the counts add up to the group's tasks.
TASK_COUNTS = ("done", "on_track", "behind", "overdue", "not_reported")
TEXT = {
    "parent": "ỦY BAN NHÂN DÂN",
    "body": "QUẬN 1",
    "number": "Số:        /BC-UBND",
    "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "place": "Quận 1, ngày      tháng      năm {year}",
    "kind": "BÁO CÁO",
    "subject": "Kết quả thực hiện Chủ đề năm {year} ({period})",
    "basis": (
        "Thực hiện {plan} về thực hiện Chủ đề năm {year} “{title}”, Ủy ban nhân dân Quận 1 "
        "báo cáo kết quả thực hiện {period} (số liệu tính đến hết ngày {date}) như sau:"
    ),
    "sample": labels.SAMPLE_WARNING,
    "part1": "I. KẾT QUẢ THỰC HIỆN",
    "tasks": "1. Kết quả thực hiện nhiệm vụ theo nhóm giải pháp",
    "group": "{letter}) Nhóm {code} – {name}: {total} nhiệm vụ; {counts}.",
    "task": "- Nhiệm vụ {id} ({leads}): {status}{percent}.{note}",
    "kpis": "2. Kết quả các chỉ số so với chỉ tiêu",
    "reports": "3. Tình hình báo cáo của các đơn vị",
    "missing": "- Chưa nộp báo cáo: {items}.",
    "late": "- Nộp báo cáo trễ hạn: {items}.",
    "all_reported": "- Các đơn vị đã nộp báo cáo đúng hạn.",
    "no_period": "- Chưa đến hạn nộp báo cáo kỳ nào.",
    "late_item": "{unit} (kỳ {period}, trễ {days} ngày)",
    "missing_item": "{unit} (kỳ {period})",
    "part2": "II. KHÓ KHĂN, VƯỚNG MẮC",
    "difficulty": "- Nhiệm vụ {id} ({leads}): {text}",
    "no_difficulty": "Các đơn vị chưa báo cáo khó khăn, vướng mắc.",
    "part3": "III. ĐỀ XUẤT, KIẾN NGHỊ",
    "propose_difficulty": "- Đề nghị các đơn vị liên quan phối hợp {leads} tháo gỡ: {text}",
    "propose_task": (
        "- Đề nghị {leads} khẩn trương thực hiện nhiệm vụ {id} ({status}{percent}), "
        "báo cáo kết quả về Phòng Nội vụ."
    ),
    "propose_reports": (
        "- Đề nghị {units} nộp báo cáo về Phòng Nội vụ đúng thời hạn quy định tại Kế hoạch."
    ),
    "no_proposal": "Không có.",
    "closing": "Trên đây là báo cáo kết quả thực hiện Chủ đề năm {year} ({period}) của Ủy ban nhân dân Quận 1./.",
    "recipients": "Nơi nhận:",
    "recipient_list": (
        "- Ủy ban nhân dân Thành phố (để báo cáo);",
        "- Sở Nội vụ;",
        "- Thường trực Quận ủy;",
        "- Thường trực HĐND Quận 1;",
        "- Chủ tịch, các Phó Chủ tịch UBND Quận 1;",
        "- Các phòng, ban, đơn vị; UBND 10 phường;",
        "- Lưu: VT, NV.",
    ),
    "signer": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "bad_period": "Kỳ báo cáo '{code}' không có trong kế hoạch năm {year}: chọn một trong {codes}.",
}


def periods(year: int):
    """The reporting periods of plan ``year`` (code, label, end date …), in order."""
    return catalog.load_plan(year).periods


def period_of(year: int, code: str):
    """The plan period ``code`` (Q1, H1, 9M, Y) of ``year``; a Vietnamese error otherwise."""
    for period in periods(year):
        if period.code == code:
            return period
    raise MetricsInputError(
        TEXT["bad_period"].format(
            code=code, year=year, codes=", ".join(p.code for p in periods(year))
        )
    )


def period_phrase(period, year: int) -> str:
    """How the report names the period: "quý I", "6 tháng đầu năm", "9 tháng đầu năm", "cả năm"."""
    label = period.label
    if label.lower() == "năm":
        return "cả năm"
    if label.lower().startswith("quý"):
        return label[0].lower() + label[1:]
    return f"{label} đầu năm"


# --------------------------------------------------------------------------- helpers


def _font(run, size: float = BODY, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _para(
    container,
    text: str = "",
    size: float = BODY,
    bold=False,
    italic=False,
    align=None,
    indent: bool = False,
    after: float = 6,
):
    p = container.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold, italic)
    if align is not None:
        p.alignment = align
    fmt_ = p.paragraph_format
    fmt_.space_after = Pt(after)
    fmt_.space_before = Pt(0)
    if indent:
        fmt_.first_line_indent = Cm(1)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    return p


def _rule(paragraph, width_chars: int) -> None:
    """A short centred rule under a heading line (a bottom border on a tab-width paragraph)."""
    p = paragraph
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.append(borders)
    indent = Cm(max(0.0, (8.0 - width_chars * 0.22) / 2))
    p.paragraph_format.left_indent = indent
    p.paragraph_format.right_indent = indent


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _cell(cell, text: str, size: float = 12, bold: bool = False, align=None) -> None:
    p = cell.paragraphs[0]
    _font(p.add_run(text), size, bold)
    if align is not None:
        p.alignment = align


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


# --------------------------------------------------------------------------- sections


def _heading(doc, report: Report, period, year: int) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    c = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].alignment = c
    _font(left.paragraphs[0].add_run(TEXT["parent"]), 13)
    p = left.add_paragraph()
    p.alignment = c
    _font(p.add_run(TEXT["body"]), 13, bold=True)
    _rule(p, 8)
    p = left.add_paragraph()
    p.alignment = c
    p.paragraph_format.space_before = Pt(6)
    _font(p.add_run(TEXT["number"]), 13)
    right.paragraphs[0].alignment = c
    _font(right.paragraphs[0].add_run(TEXT["nation"]), 12, bold=True)
    p = right.add_paragraph()
    p.alignment = c
    _font(p.add_run(TEXT["motto"]), 13, bold=True)
    _rule(p, 27)
    p = right.add_paragraph()
    p.alignment = c
    p.paragraph_format.space_before = Pt(6)
    _font(p.add_run(TEXT["place"].format(year=year)), 13, italic=True)

    phrase = period_phrase(period, year)
    _para(doc, "", after=6)
    if report.is_sample:
        p = _para(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER)
        run = p.add_run(TEXT["sample"])
        _font(run, 13, bold=True)
        run.font.color.rgb = RGBColor(0xB2, 0x18, 0x2B)
    _para(doc, TEXT["kind"], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(
        doc,
        TEXT["subject"].format(year=year, period=phrase),
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=12,
    )
    plan = catalog.load_plan(year)
    plan_name = f"Kế hoạch số {plan.number} ngày {fmt.fmt_date(plan.issued_date)} của UBND Quận 1"
    _para(
        doc,
        TEXT["basis"].format(
            plan=plan_name,
            year=year,
            title=plan.title,
            period=phrase,
            date=fmt.fmt_date(report.as_of),
        ),
        indent=True,
    )


def _tasks(doc, report: Report) -> None:
    _para(doc, TEXT["part1"], bold=True, after=6)
    _para(doc, TEXT["tasks"], bold=True, indent=True)
    letters = "abcdefghik"
    for n, (_, g) in enumerate(report.groups.iterrows()):
        counts = ", ".join(
            f"{labels.task_status_label(status).lower()} {int(g[f'tasks_{status}'])}"
            for status in [*TASK_COUNTS, *(s for s in labels.TASK_STATUS if s not in TASK_COUNTS)]
            if status in TASK_COUNTS or g.get(f"tasks_{status}", 0)
        )
        _para(
            doc,
            TEXT["group"].format(
                letter=letters[n % len(letters)],
                code=g["group"],
                name=g["short_name"],
                total=int(g["tasks_total"]),
                counts=counts,
            ),
            bold=True,
            indent=True,
        )
        for _, t in report.tasks[report.tasks["group"] == g["group"]].iterrows():
            percent = "" if _missing(t["percent"]) else f", {fmt.fmt_percent(t['percent'], 0)}"
            note = "" if _missing(t["note"]) else f" {str(t['note']).strip().rstrip('.')}."
            _para(
                doc,
                TEXT["task"].format(
                    id=t["task_id"],
                    leads=t["lead_names"],
                    status=t["status_label"],
                    percent=percent,
                    note=note,
                ),
                indent=True,
                after=3,
            )


def _kpis(doc, report: Report) -> None:
    _para(doc, TEXT["kpis"], bold=True, indent=True)
    display = catalog.load().display.table("kpis")
    fields = ("label", "value", "target_text", "status")
    table = doc.add_table(rows=1, cols=len(fields))
    table.style = "Table Grid"
    for cell, field in zip(table.rows[0].cells, fields, strict=True):
        _cell(cell, display.header(field), 12, True, WD_ALIGN_PARAGRAPH.CENTER)
    for _, k in report.kpis.iterrows():
        if k["status"] == "no_target" and _missing(k["value"]):
            continue
        cells = table.add_row().cells
        _cell(cells[0], k["label"])
        _cell(cells[1], fmt.fmt_value(k["value"], k["format"]), align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell(cells[2], k["target_text"] or labels.NO_TARGET)
        _cell(cells[3], labels.KPI_STATUS.get(k["status"], k["status"]))
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(7), Cm(2.6), Cm(4.2), Cm(2.6)), strict=True):
            cell.width = width
    _para(doc, "", after=3)


def _reports(doc, report: Report) -> list[str]:
    _para(doc, TEXT["reports"], bold=True, indent=True)
    comp = report.compliance
    if report.compliance_summary.empty:
        _para(doc, TEXT["no_period"], indent=True)
        return []
    missing = comp[comp["status"] == "missing"]
    late = comp[comp["status"] == "late"]
    if missing.empty and late.empty:
        _para(doc, TEXT["all_reported"], indent=True)
    if not missing.empty:
        items = [
            TEXT["missing_item"].format(unit=r["unit_name"], period=r["period_label"])
            for _, r in missing.iterrows()
        ]
        _para(doc, TEXT["missing"].format(items="; ".join(items)), indent=True)
    if not late.empty:
        items = [
            TEXT["late_item"].format(
                unit=r["unit_name"], period=r["period_label"], days=int(r["days_late"])
            )
            for _, r in late.iterrows()
        ]
        _para(doc, TEXT["late"].format(items="; ".join(items)), indent=True)
    return list(dict.fromkeys(missing["unit_name"]))


def _difficulties(doc, report: Report, missing_units: list[str]) -> None:
    tasks = report.tasks
    hard = tasks[[not _missing(d) and str(d).strip() != "" for d in tasks["difficulties"]]]
    _para(doc, TEXT["part2"], bold=True, after=6)
    if hard.empty:
        _para(doc, TEXT["no_difficulty"], indent=True)
    for _, t in hard.iterrows():
        _para(
            doc,
            TEXT["difficulty"].format(
                id=t["task_id"], leads=t["lead_names"], text=str(t["difficulties"]).strip()
            ),
            indent=True,
            after=3,
        )
    _para(doc, TEXT["part3"], bold=True, after=6)
    proposals = [
        TEXT["propose_difficulty"].format(
            leads=t["lead_names"], text=str(t["difficulties"]).strip()
        )
        for _, t in hard.iterrows()
    ]
    for _, t in tasks[tasks["status"].isin(TASKS_TO_DIRECT)].iterrows():
        percent = "" if _missing(t["percent"]) else f", {fmt.fmt_percent(t['percent'], 0)}"
        proposals.append(
            TEXT["propose_task"].format(
                leads=t["lead_names"],
                id=t["task_id"],
                status=str(t["status_label"]).lower(),
                percent=percent,
            )
        )
    if missing_units:
        proposals.append(TEXT["propose_reports"].format(units=", ".join(missing_units)))
    for item in proposals or [TEXT["no_proposal"]]:
        _para(doc, item, indent=True, after=3)


def _signature(doc, year: int, phrase: str) -> None:
    _para(doc, TEXT["closing"].format(year=year, period=phrase), indent=True, after=12)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    _font(p.add_run(TEXT["recipients"]), 12, bold=True, italic=True)
    for line in TEXT["recipient_list"]:
        _font(left.add_paragraph().add_run(line), 11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run(TEXT["signer"][0]), 13, bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(TEXT["signer"][1]), 13, bold=True)


def write_report(
    year: int, period_code: str, path: Path, db=None, report: Report | None = None
) -> Path:
    """Write the draft report of ``period_code`` (Q1, H1, 9M, Y) of plan ``year`` to ``path``."""
    period = period_of(year, period_code)
    if report is None:
        report = build_report(year, period.end, db=db)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = TEXT["subject"].format(
        year=year, period=period_phrase(period, year)
    )
    _heading(doc, report, period, year)
    _tasks(doc, report)
    _kpis(doc, report)
    missing_units = _reports(doc, report)
    _difficulties(doc, report, missing_units)
    _signature(doc, year, period_phrase(period, year))
    doc.save(path)
    return path
