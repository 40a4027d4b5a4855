"""Builders of input files for the tests: real .xlsx (openpyxl), CSV in the encodings and
separators Vietnamese Excel writes, and files that are not spreadsheets at all."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from data.sample.generate import encode_cp1258


def workbook_bytes(header: list | None, rows: list[list], title_rows: list[str] = ()) -> bytes:
    """An .xlsx with optional title rows (merged across the header) above the header."""
    wb = Workbook()
    ws = wb.active
    width = max([len(header or [])] + [len(r) for r in rows] + [1])
    for title in title_rows:
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path, header: list, rows: list[list], title_rows: list[str] = ()) -> Path:
    path.write_bytes(workbook_bytes(header, rows, title_rows))
    return path


def _cell(value) -> str:
    return "" if value is None else str(value)


def csv_bytes(
    header: list,
    rows: list[list],
    encoding: str = "utf-8",
    delimiter: str = ",",
    decimal_comma: bool = False,
) -> bytes:
    """CSV text as Excel writes it: ``utf-8-sig`` ("CSV UTF-8"), ``utf-8`` or ``cp1258``
    (plain "CSV" on Vietnamese Windows, tone marks as combining characters)."""
    lines = []
    for row in [header, *rows]:
        cells = []
        for value in row:
            text = _cell(value)
            if decimal_comma and isinstance(value, float):
                text = text.replace(".", ",")
            if delimiter in text or '"' in text:
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "cp1258":
        return encode_cp1258(text)
    return text.encode(encoding)


def docx_bytes() -> bytes:
    """A minimal Word document (a zip with word/document.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body>Báo cáo</w:body></w:document>")
    return buffer.getvalue()
