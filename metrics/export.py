"""Tables to Excel as the catalog's display columns say: real numbers and dates, labels, widths.

The on-screen tables (``dashboard.components``) and every workbook (the consolidated
report, table downloads) read the same ``display.yaml`` entries, so a header, a number
format or a width is written once.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from data import catalog
from data.catalog.display import DisplayColumn
from data.intake.guard import FORMULA_PREFIXES
from metrics import format as fmt
from metrics import labels

# Excel number formats of the display formats (Excel applies the reader's separators).
NUMBER_FORMATS = {
    "integer": "#,##0",
    "percent": fmt.EXCEL_FORMATS["percent"],
    "decimal2": "#,##0.00",
    "percent0": "0",
    "signed": "+#,##0.00;-#,##0.00;0",
    "datetime": "dd/mm/yyyy hh:mm",
}

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WARN = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def set_cell(cell: Cell, value, number_format: str | None = None) -> None:
    """Write a value; text that a spreadsheet could read as a formula stays plain text."""
    if _missing(value):
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
        value = (
            value.to_pydatetime() if number_format == NUMBER_FORMATS["datetime"] else value.date()
        )
    if hasattr(value, "item"):
        value = value.item()
    cell.value = value
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, dt.date):
        cell.number_format = fmt.EXCEL_DATE


def cell_value(col: DisplayColumn, value, row_format: str | None) -> tuple[object, str | None]:
    """The value a workbook cell holds for one displayed value, and its number format."""
    kind, _, vocabulary = col.format.partition(":")
    if _missing(value):
        return col.empty, None
    if vocabulary:
        if vocabulary == "report_status":
            return labels.REPORT_STATUS.get(value, value), None
        return catalog.load().label(vocabulary, value), None
    if kind == "row":
        return value, fmt.EXCEL_FORMATS.get(row_format or "", "#,##0.00")
    if kind == "signed_row":
        return value, fmt.excel_change_format(row_format or "")
    if kind == "date":
        return value, fmt.EXCEL_DATE
    if kind == "superseded":
        state = "superseded" if value else "current"
        return catalog.load().label("history_state", state), None
    return value, NUMBER_FORMATS.get(kind)


def write_table(
    ws: Worksheet,
    frame: pd.DataFrame,
    columns: Sequence[DisplayColumn],
    header_row: int = 1,
    row_format: str | None = None,
) -> int:
    """Write headers and rows from ``header_row`` on; return the row after the last one."""
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=c, value=col.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(c)].width = col.excel_width
    formats = list(frame["format"]) if "format" in frame.columns else [row_format] * len(frame)
    first = header_row + 1
    for r, (record, f) in enumerate(
        zip(frame.to_dict("records"), formats, strict=True), start=first
    ):
        for c, col in enumerate(columns, start=1):
            value, number_format = cell_value(col, record.get(col.field), f)
            cell = ws.cell(row=r, column=c)
            set_cell(cell, value, number_format)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=isinstance(value, str), vertical="top")
    last = first + len(frame) - 1
    if columns:
        ws.auto_filter.ref = (
            f"A{header_row}:{get_column_letter(len(columns))}{max(last, header_row)}"
        )
    ws.freeze_panes = ws.cell(row=first, column=1)
    return last + 1


def export_columns(table: str, drop: Sequence[str] = (), **fill) -> tuple[DisplayColumn, ...]:
    """The export columns of a display table, headers filled with ``fill`` ({year} …)."""
    from dataclasses import replace

    cols = catalog.load().display.table(table).for_target("export", tuple(drop))
    return tuple(replace(c, header=c.header.format(**fill)) if fill else c for c in cols)


def print_setup(ws: Worksheet, header_row: int, last_column: int, landscape: bool) -> None:
    """A4, fitted to the page width, the header repeated on every page, pages numbered."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(max(last_column, 1))}{max(ws.max_row, header_row)}"
    ws.oddFooter.center.text = labels.PAGE_FOOTER


# Wider than this (in Excel's character widths) a table is printed across the A4 page.
PORTRAIT_WIDTH = 90


def table_workbook(
    frame: pd.DataFrame,
    columns: Sequence[DisplayColumn],
    sheet: str,
    title: str | None = None,
    row_format: str | None = None,
    subtitle: str | None = None,
    sample: bool = False,
) -> bytes:
    """A one-sheet workbook of one table, ready to print on A4.

    Args:
        frame: the rows.
        columns: the export columns (``export_columns``).
        sheet: the sheet's name (cut to Excel's 31 characters).
        title: what the table is (row 1).
        row_format: the registry format of row-formatted columns for one indicator.
        subtitle: scope and month (row 2).
        sample: the rows are sample data: row 3 says so in red.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    header_row = 1
    if title or subtitle or sample:
        ws["A1"] = title or sheet
        ws["A1"].font = TITLE
        if subtitle:
            ws["A2"] = subtitle
        if sample:
            ws["A3"] = labels.SAMPLE_WARNING
            ws["A3"].font = WARN
        header_row = 5 if sample else 4
    write_table(ws, frame, columns, header_row, row_format)
    width = sum(c.excel_width for c in columns)
    print_setup(ws, header_row, len(columns), landscape=width > PORTRAIT_WIDTH)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
