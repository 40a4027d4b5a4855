"""Downloadable Excel templates of the input kinds, with instructions and code lists.

``build_template(kind)`` returns the bytes of an .xlsx whose first sheet is ready to be
filled (a title row, a hint row, then the header row the readers look for), a sheet
"Hướng dẫn" with column help and two example rows, and a sheet "Danh mục" listing every
code a cell may hold (units, wards, tasks, periods, statuses, indicators). The example
rows live on the help sheet on purpose: rows left on the data sheet would be loaded.

Run ``python -m data.intake.templates --out DIR`` to write both templates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from data import catalog
from data.catalog import columns

# Every workbook this module writes carries the same timestamps, so identical content
# gives identical bytes (the committed sample files are compared by hash).
FIXED_TIMESTAMP = dt.datetime(2023, 12, 31, 17, 0, 0)
_ZIP_TIME = FIXED_TIMESTAMP.timetuple()[:6]
AUTHOR = "UBND Quận 1"

STATISTICS = "statistics"
FILE_NAMES = {
    columns.PROGRESS: "mau-nhap_bao-cao-tien-do.xlsx",
    columns.INDICATOR: "mau-nhap_so-lieu-chi-so.xlsx",
    STATISTICS: "mau-nhap_bieu-thong-ke-tthc.xlsx",
}
DATA_SHEET = {
    columns.PROGRESS: "Báo cáo tiến độ",
    columns.INDICATOR: "Số liệu chỉ số",
    STATISTICS: "Biểu thống kê TTHC",
}
HELP_SHEET = "Hướng dẫn"
LIST_SHEET = "Danh mục"
REQUIRED_MARK = " (*)"
# Rows of the data sheet that carry validation lists and formats.
_LAST_INPUT_ROW = 2000


_TITLE_FONT = Font(bold=True, size=14, color="1F3864")
_HINT_FONT = Font(italic=True, size=10, color="595959")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
_SECTION_FONT = Font(bold=True, size=12, color="1F4E79")
_EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip writer that stamps every member with the same date."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes worksheets through a temporary file, whose mtime would differ.
        with open(filename, "rb") as fh:
            self.writestr(arcname or Path(filename).name, fh.read())


def workbook_bytes(wb: Workbook, when: dt.datetime = FIXED_TIMESTAMP) -> bytes:
    """Serialise a workbook reproducibly: fixed document and zip member timestamps.

    Args:
        wb: The workbook to write.
        when: Creation and modification time recorded in the file.

    Returns:
        The .xlsx bytes; the same workbook content always gives the same bytes.
    """
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return buffer.getvalue()


@dataclass(frozen=True)
class _Column:
    name: str  # canonical input name
    label: str  # Vietnamese header
    required: bool
    width: int
    help: str


def _template_columns(
    kind: str, text: dict[str, tuple[int, str]], default: tuple[int, str] = (16, "")
) -> list[_Column]:
    """The template's columns of ``kind``, in the catalog's order, with width and help text."""
    return [
        _Column(c.key, c.full_header, c.required, *text.get(c.key, default))
        for c in catalog.load().inputs.kind(kind).columns
    ]


def _progress_columns(plan: catalog.Plan) -> list[_Column]:
    periods = ", ".join(f"{p.label}" for p in plan.periods)
    statuses = ", ".join(columns.TASK_REPORT_STATUS.values())
    text = {
        "unit": (24, "Mã hoặc tên đơn vị, phường báo cáo (xem sheet Danh mục)."),
        "period": (12, f"Một trong: {periods}."),
        "year": (8, f"Năm của kế hoạch, ví dụ {plan.year}."),
        "task": (10, "STT nhiệm vụ trong Phụ lục (1–30, 24a, 22.1, 22.2, 28.1, 28.2)."),
        "status": (18, f"Một trong: {statuses}."),
        "percent_complete": (14, "Số từ 0 đến 100; để trống với nhiệm vụ thường xuyên."),
        "output_document": (40, "Số, ký hiệu, ngày của văn bản hoặc sản phẩm đã có."),
        "difficulties": (40, "Khó khăn, vướng mắc và đề xuất (nếu có)."),
        "report_date": (14, "Ngày ký báo cáo, dạng dd/mm/yyyy."),
        "note": (24, "Ghi chú thêm (nếu có)."),
    }
    return _template_columns(columns.PROGRESS, text)


def _indicator_columns(plan: catalog.Plan) -> list[_Column]:
    text = {
        "indicator": (22, "Mã chỉ số (xem sheet Danh mục), ví dụ hs_truc_tuyen."),
        "scope": (24, "“UBND Quận 1”, tên phường (ví dụ Phường Bến Nghé) hoặc mã đơn vị."),
        "period": (
            12,
            f"Tháng: {plan.year}-06 hoặc 06/{plan.year}; quý: Q2/{plan.year}; năm: {plan.year}.",
        ),
        "numerator": (12, "Chỉ số tỷ lệ: điền tử số (số nguyên hoặc số tiền), không điền %."),
        "denominator": (12, "Chỉ số tỷ lệ: điền mẫu số."),
        "value": (12, "Chỉ số số lượng, điểm, thứ hạng: điền giá trị. Tỷ lệ: để trống."),
        "note": (30, "Ghi chú thêm (nếu có)."),
    }
    return _template_columns(columns.INDICATOR, text)


def _statistics_columns(plan: catalog.Plan) -> list[_Column]:
    text = {
        "field": (28, "Tên lĩnh vực; dòng cuối ghi “Tổng cộng” (bằng tổng các dòng lĩnh vực)."),
        "unit": (24, "Tên phường hoặc “UBND Quận 1” (hoặc ghi ở tiêu đề: “Đơn vị: …”)."),
        "period": (14, f"Tháng: Tháng 6/{plan.year} hoặc {plan.year}-06 (hoặc ở tiêu đề)."),
    }
    default = (16, "Số hồ sơ (số nguyên); tổng số bằng tổng các cột thành phần.")
    return _template_columns(STATISTICS, text, default)


def _statistics_examples(plan: catalog.Plan, units: Sequence[catalog.Unit]) -> list[list]:
    ward = next(u for u in units if u.kind == "ward")
    period = f"Tháng 1/{plan.year}"
    # field, unit, period, received (total, carried, online, direct), resolved (total,
    # early, on time, late), pending (total, in time, overdue)
    fields = [
        ["Hộ tịch", ward.name, period, 120, 20, 70, 30, 100, 40, 58, 2, 20, 18, 2],
        ["Chứng thực", ward.name, period, 80, 10, 30, 40, 60, 10, 48, 2, 20, 19, 1],
    ]
    total = ["Tổng cộng", ward.name, period] + [
        sum(r[i] for r in fields) for i in range(3, len(fields[0]))
    ]
    return [*fields, total]


def _example_rows(kind: str, plan: catalog.Plan, units: Sequence[catalog.Unit]) -> list[list]:
    year = plan.year
    first = plan.periods[0]
    if kind == STATISTICS:
        return _statistics_examples(plan, units)
    if kind == columns.PROGRESS:
        task = plan.tasks[0]
        lead = next(
            (u for u in units if task.leads and u.code == task.leads[0]),
            next(u for u in units if u.reports),
        )
        ward = next(u for u in units if u.kind == "ward")
        due = first.due_date.strftime("%d/%m/%Y")
        return [
            [
                lead.name,
                first.label,
                year,
                task.id,
                columns.TASK_REPORT_STATUS["in_progress"],
                30,
                f"Kế hoạch số 45/KH-UBND ngày 15/02/{year}",
                "",
                due,
                "Dòng ví dụ",
            ],
            [
                ward.name,
                first.label,
                year,
                _ward_task_id(plan) or task.id,
                columns.TASK_REPORT_STATUS["done"],
                100,
                f"Kế hoạch số 12/KH-UBND ngày 20/02/{year} của {ward.name}",
                "Thiếu mặt bằng bố trí trụ sở khu phố.",
                due,
                "Dòng ví dụ",
            ],
        ]
    district = next(u for u in units if u.kind == "district")
    ward = next(u for u in units if u.kind == "ward")
    return [
        [
            "hs_truc_tuyen",
            district.name,
            f"{year}-01",
            3250,
            4120,
            None,
            "Dòng ví dụ: tỷ lệ điền tử số và mẫu số",
        ],
        ["hs_tre_han", ward.name, f"01/{year}", None, None, 3, "Dòng ví dụ: số lượng điền giá trị"],
    ]


def _ward_task_id(plan: catalog.Plan) -> str | None:
    return next((t.id for t in plan.tasks if catalog.ALL_WARDS in t.leads), None)


def _style_header_row(ws: Worksheet, row: int, cols: Sequence[_Column], mark: bool) -> None:
    for index, col in enumerate(cols, start=1):
        cell = ws.cell(
            row=row,
            column=index,
            value=col.label + (REQUIRED_MARK if mark and col.required else ""),
        )
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if col.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(index)].width = col.width


class _ListWriter:
    """Writes titled tables one under another on the list sheet and remembers ranges."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1
        self.ranges: dict[str, str] = {}

    def table(self, key: str, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> None:
        ws = self.ws
        ws.cell(row=self.row, column=1, value=title).font = _SECTION_FONT
        self.row += 1
        for index, label in enumerate(header, start=1):
            cell = ws.cell(row=self.row, column=index, value=label)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
        self.row += 1
        first = self.row
        for values in rows:
            for index, value in enumerate(values, start=1):
                cell = ws.cell(row=self.row, column=index, value=value)
                cell.border = _BORDER
                cell.alignment = _WRAP
            self.row += 1
        self.ranges[key] = f"'{ws.title}'!$A${first}:$A${self.row - 1}"
        self.row += 1


def _task_rows(plan: catalog.Plan, units_by_code: dict[str, catalog.Unit]) -> list[list]:
    groups = {g.code: g.short_name for g in plan.groups}
    rows = []
    for task in sorted(plan.tasks, key=lambda t: t.order):
        leads = "; ".join(_lead_name(code, units_by_code) for code in task.leads)
        deadline = task.deadline_text or "Không ghi thời hạn"
        rows.append(
            [
                task.id,
                f"{task.group}. {groups.get(task.group, '')}",
                _short(task.content),
                leads,
                deadline,
            ]
        )
        for sub in task.sub_items:
            rows.append(
                [
                    sub.id,
                    f"{task.group}. {groups.get(task.group, '')}",
                    _short(sub.text),
                    leads,
                    deadline,
                ]
            )
    return rows


def _lead_name(code: str, units_by_code: dict[str, catalog.Unit]) -> str:
    if code == catalog.ALL_WARDS:
        return "UBND 10 phường"
    if code == catalog.ALL_UNITS:
        return "Các cơ quan, đơn vị"
    unit = units_by_code.get(code)
    return unit.name if unit else code


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _how_to_fill(ind: catalog.Indicator) -> str:
    if ind.is_rate:
        return f"Tử số: {ind.numerator_label or ''}; Mẫu số: {ind.denominator_label or ''}"
    return f"Giá trị ({ind.unit or ''})"


def _fill_lists(
    ws: Worksheet, kind: str, plan: catalog.Plan, units: Sequence[catalog.Unit]
) -> dict[str, str]:
    writer = _ListWriter(ws)
    by_code = {u.code: u for u in units}
    labels = catalog.load().labels
    if kind == columns.PROGRESS:
        reporting = [u for u in units if u.reports]
        writer.table(
            "unit",
            "Đơn vị báo cáo (điền tên hoặc mã)",
            ["Tên đơn vị", "Mã", "Loại"],
            [[u.name, u.code, labels["unit_kind"].label(u.kind)] for u in reporting],
        )
        writer.table(
            "period",
            f"Kỳ báo cáo năm {plan.year}",
            ["Kỳ báo cáo", "Mã", "Từ ngày", "Đến ngày", "Hạn nộp (đến hết ngày)"],
            [
                [p.label, p.code, _vn_date(p.start), _vn_date(p.end), _vn_date(p.due_date)]
                for p in plan.periods
            ],
        )
        writer.table(
            "status",
            "Tình trạng",
            ["Tình trạng", "Ý nghĩa"],
            [
                [columns.TASK_REPORT_STATUS["not_started"], "Chưa bắt đầu thực hiện"],
                [columns.TASK_REPORT_STATUS["in_progress"], "Đang thực hiện, chưa xong"],
                [columns.TASK_REPORT_STATUS["done"], "Đã hoàn thành (ghi văn bản, sản phẩm)"],
            ],
        )
        writer.table(
            "task",
            f"Nhiệm vụ của Kế hoạch số {plan.number}",
            ["STT", "Nhóm giải pháp", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
            _task_rows(plan, by_code),
        )
    else:
        district = [u for u in units if u.kind == "district"]
        wards = [u for u in units if u.kind == "ward"]
        offices = [u for u in units if u.kind in ("office", "collective")]
        writer.table(
            "scope",
            "Phạm vi (điền tên hoặc mã)",
            ["Tên", "Mã", "Loại phạm vi"],
            [[u.name, u.code, labels["scope_kind"].label("district")] for u in district]
            + [[u.name, u.code, labels["scope_kind"].label("ward")] for u in wards]
            + [[u.name, u.code, labels["scope_kind"].label("unit")] for u in offices],
        )
        writer.table(
            "indicator",
            "Chỉ số",
            ["Mã chỉ số", "Tên chỉ số", "Loại", "Kỳ số liệu", "Phạm vi được báo cáo", "Cách điền"],
            [
                [
                    ind.code,
                    ind.label_vi,
                    labels["indicator_kind"].label(ind.kind),
                    labels["period_type"].label(ind.period_type),
                    ", ".join(labels["scope_kind"].label(s) for s in ind.scopes),
                    _how_to_fill(ind),
                ]
                for ind in catalog.load_registry().indicators
            ],
        )
    widths = [22, 26, 60, 40, 30, 60]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    return writer.ranges


def _vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _add_list_validation(
    ws: Worksheet, wb: Workbook, column: int, name: str, ref: str, first_row: int, prompt: str
) -> None:
    # A defined name keeps the formula short and readable in Excel's validation dialog.
    wb.defined_names[name] = DefinedName(name, attr_text=ref)
    validation = DataValidation(
        type="list",
        formula1=f"={name}",
        allow_blank=True,
        showErrorMessage=False,
        showInputMessage=True,
        promptTitle="Chọn từ danh sách",
        prompt=prompt,
    )
    letter = get_column_letter(column)
    validation.add(f"{letter}{first_row}:{letter}{_LAST_INPUT_ROW}")
    ws.add_data_validation(validation)


def _fill_help(
    ws: Worksheet, kind: str, plan: catalog.Plan, cols: Sequence[_Column], examples: list[list]
) -> None:
    ws["A1"] = f"HƯỚNG DẪN ĐIỀN MẪU {columns.KIND_LABELS[kind].upper()}"
    ws["A1"].font = _TITLE_FONT
    lines = [
        f"Mẫu dùng cho Kế hoạch số {plan.number} năm {plan.year} của UBND Quận 1.",
        f"Điền số liệu ở sheet “{DATA_SHEET[kind]}”, bắt đầu từ dòng ngay dưới dòng tiêu đề cột; "
        "không đổi tên, không xóa cột.",
        "Cột có dấu (*) và nền đỏ là bắt buộc. Mỗi dòng là một "
        + {
            columns.PROGRESS: "nhiệm vụ của một kỳ báo cáo.",
            columns.INDICATOR: "chỉ số của một kỳ.",
            STATISTICS: "lĩnh vực của một tháng; dòng cuối là dòng “Tổng cộng”.",
        }[kind],
        "Mã đơn vị, phường, nhiệm vụ, chỉ số: xem sheet “Danh mục”.",
        "Có thể lưu dưới dạng .xlsx hoặc CSV (UTF-8). Ngày ghi dạng dd/mm/yyyy.",
    ]
    if kind == STATISTICS:
        lines.append(
            "Có thể nộp nguyên biểu xuất từ hệ thống một cửa (tiêu đề cột hai, ba dòng). Hệ thống "
            "tính Tỷ lệ hồ sơ nộp trực tuyến, Tỷ lệ hồ sơ giải quyết đúng hạn, Số hồ sơ trễ hạn và "
            "Số hồ sơ đang giải quyết quá hạn từ dòng Tổng cộng."
        )
    if kind == columns.INDICATOR:
        lines.append(
            "Chỉ số tỷ lệ: điền Tử số và Mẫu số (hệ thống tự tính %, cộng dồn đúng cách); "
            "chỉ số số lượng, điểm, thứ hạng: điền cột Giá trị."
        )
    for offset, line in enumerate(lines, start=3):
        ws.cell(row=offset, column=1, value=line).alignment = Alignment(wrap_text=False)
    row = 3 + len(lines) + 1
    ws.cell(row=row, column=1, value="Các cột").font = _SECTION_FONT
    row += 1
    for index, label in enumerate(("Cột", "Bắt buộc", "Cách điền"), start=1):
        cell = ws.cell(row=row, column=index, value=label)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for col in cols:
        row += 1
        ws.cell(row=row, column=1, value=col.label)
        ws.cell(row=row, column=2, value="Có" if col.required else "Không")
        ws.cell(row=row, column=3, value=col.help).alignment = _WRAP
    row += 2
    ws.cell(row=row, column=1, value="Ví dụ (chỉ để tham khảo, không nạp)").font = _SECTION_FONT
    row += 1
    for index, col in enumerate(cols, start=1):
        cell = ws.cell(row=row, column=index, value=col.label)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for example in examples:
        row += 1
        for index, value in enumerate(example, start=1):
            cell = ws.cell(row=row, column=index, value=value)
            cell.fill = _EXAMPLE_FILL
            cell.border = _BORDER
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 70
    for index in range(4, len(cols) + 1):
        ws.column_dimensions[get_column_letter(index)].width = 18


def build_template(kind: str, year: int | None = None) -> bytes:
    """Build the input template of one kind.

    Args:
        kind: ``columns.PROGRESS`` or ``columns.INDICATOR``.
        year: Plan year whose catalog fills the lists (default: the latest plan).

    Returns:
        The bytes of the .xlsx file.

    Raises:
        ValueError: ``kind`` is not one of ``columns.KINDS``.
    """
    if kind not in columns.KINDS:
        raise ValueError(
            f"Loại mẫu không hợp lệ: {kind!r}; chọn một trong {', '.join(columns.KINDS)}."
        )
    plan = catalog.load_plan(year)
    units = catalog.load_units()
    builders = {
        columns.PROGRESS: _progress_columns,
        columns.INDICATOR: _indicator_columns,
        STATISTICS: _statistics_columns,
    }
    cols = builders[kind](plan)

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET[kind]
    help_ws = wb.create_sheet(HELP_SHEET)
    list_ws = wb.create_sheet(LIST_SHEET)

    title = f"{columns.KIND_LABELS[kind].upper()} — KẾ HOẠCH SỐ {plan.number} NĂM {plan.year}"
    ws.cell(row=1, column=1, value=title).font = _TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    hint = ws.cell(
        row=2,
        column=1,
        value="Cột có dấu (*) là bắt buộc. Xem cách điền ở sheet “Hướng dẫn”, mã ở sheet “Danh mục”.",
    )
    hint.font = _HINT_FONT
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(cols))
    header_row = 3
    _style_header_row(ws, header_row, cols, mark=True)
    ws.row_dimensions[header_row].height = 32
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)

    ranges = _fill_lists(list_ws, kind, plan, units)
    first = header_row + 1
    position = {col.name: index for index, col in enumerate(cols, start=1)}
    if kind == columns.PROGRESS:
        _add_list_validation(
            ws, wb, position["unit"], "DS_DonVi", ranges["unit"], first, "Tên đơn vị báo cáo"
        )
        _add_list_validation(
            ws, wb, position["period"], "DS_KyBaoCao", ranges["period"], first, "Kỳ báo cáo"
        )
        _add_list_validation(
            ws, wb, position["task"], "DS_NhiemVu", ranges["task"], first, "STT nhiệm vụ"
        )
        _add_list_validation(
            ws, wb, position["status"], "DS_TinhTrang", ranges["status"], first, "Tình trạng"
        )
        percent = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Tỷ lệ hoàn thành là số từ 0 đến 100.",
        )
        letter = get_column_letter(position["percent_complete"])
        percent.add(f"{letter}{first}:{letter}{_LAST_INPUT_ROW}")
        ws.add_data_validation(percent)
        date_letter = get_column_letter(position["report_date"])
        for row in range(first, first + 200):
            ws[f"{date_letter}{row}"].number_format = "dd/mm/yyyy"
    elif kind == STATISTICS:
        _add_list_validation(
            ws, wb, position["unit"], "DS_PhamVi", ranges["scope"], first, "Đơn vị (phạm vi)"
        )
        letter = get_column_letter(position["period"])
        for row in range(first, first + 200):
            ws[f"{letter}{row}"].number_format = "@"
    else:
        _add_list_validation(
            ws, wb, position["indicator"], "DS_ChiSo", ranges["indicator"], first, "Mã chỉ số"
        )
        _add_list_validation(
            ws, wb, position["scope"], "DS_PhamVi", ranges["scope"], first, "Phạm vi"
        )
        # Periods are typed as text ("2023-06") so Excel does not turn them into dates.
        letter = get_column_letter(position["period"])
        for row in range(first, first + 200):
            ws[f"{letter}{row}"].number_format = "@"

    _fill_help(help_ws, kind, plan, cols, _example_rows(kind, plan, units))
    wb.active = 0
    return workbook_bytes(wb)


def write_templates(out: Path, year: int | None = None) -> list[Path]:
    """Write both templates into ``out`` and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in columns.KINDS:
        path = out / FILE_NAMES[kind]
        path.write_bytes(build_template(kind, year))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data.intake.templates", description="Ghi các mẫu nhập liệu Excel (.xlsx)."
    )
    parser.add_argument("--out", type=Path, required=True, help="thư mục ghi mẫu")
    parser.add_argument("--year", type=int, default=None, help="năm kế hoạch (mặc định: mới nhất)")
    args = parser.parse_args(argv)
    for path in write_templates(args.out, args.year):
        print(f"Đã ghi {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
