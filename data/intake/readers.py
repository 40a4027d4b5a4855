"""Reading a submitted file into a plain table: header row plus data rows with row numbers.

The type of a file is decided by its content, never by its name (``data.intake.guard``): an
.xlsx is a zip with the OOXML workbook parts; anything else must decode as text (UTF-8,
UTF-8 with BOM, or the Windows Vietnamese code page cp1258) and is read as CSV with a
sniffed separator.
Title rows above the header and blank rows are skipped; row numbers are the ones Excel
(or a text editor) shows, so every message can point a person at the right line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from checks.result import FileRejected
from data import messages
from data.intake import guard

# How many rows from the top may hold titles before the header row.
HEADER_SEARCH_ROWS = 20

# Longest text accepted in one cell: Excel's own limit. A longer CSV field is refused with
# its row and column, never left to the csv module's error.
MAX_CELL_CHARS = 32_767


@dataclass
class CellOrigin:
    """Where the cells of an unpivoted table are in the sheet the person sees.

    A wide table (a column per month or per ward) becomes one row per filled cell; each
    of those rows has an id of its own, and this keeps the sheet row and the sheet column
    of each of its cells, so every message can name the cell ("T6 (ô F7)").

    Attributes:
        header: The sheet's header row as written.
        columns: The header of the unpivoted table (one name per column).
        rows: Sheet row number -> the sheet's cells (kept with a refused row).
        cells: Row id -> (sheet row number, sheet column index of each table column).
        anchor: The table column whose sheet cell stands for the whole row (the value).
    """

    header: list[str]
    columns: list[str]
    rows: dict[int, list]
    cells: dict[int, tuple[int, list[int]]]
    anchor: int

    def ref(self, row_id: int, column: int) -> str:
        """Excel's address of one cell of an unpivoted row ("F7")."""
        row, sheet_columns = self.cells[row_id]
        return f"{column_letter(sheet_columns[column])}{row}"

    def label(self, row_id: int, column: int) -> str:
        """The sheet's header over one cell of an unpivoted row, with the cell ("T6 (ô F7)")."""
        from data import messages

        _, sheet_columns = self.cells[row_id]
        index = sheet_columns[column]
        header = self.header[index] if index < len(self.header) else ""
        return messages.sheet_cell(header, self.ref(row_id, column))


@dataclass
class RawTable:
    """One sheet (or CSV) as read: the header as written and the non-blank data rows.

    Attributes:
        header: Header cells as written (NFC, stripped); empty cells become "".
        rows: (row number as the person sees it, cell values) for every non-blank row.
        source: "xlsx" or "csv".
        sheet: Sheet name for workbooks.
        header_row: Row number of the header.
        percent_cells: (row number, column index) of cells formatted as a percentage in
            Excel, whose stored value is a fraction (0.955 shown as 95,5%).
        title_rows: The non-blank rows above the header (a sheet's title block, which
            may name the unit and the period).
        hidden_rows: Data rows hidden in Excel; they are read like the others and the
            result says so.
        origin: For a table unpivoted from a wide layout, where its cells are in the sheet
            (``rows`` then hold row ids, not sheet row numbers).
        notes: What the reading wants said in the result (the layout read, totals skipped).
        written: The header as written, when a unit's saved column mapping renamed it
            (``data.intake.mapping``); messages use these words.
    """

    header: list[str]
    rows: list[tuple[int, list]]
    source: str
    sheet: str | None = None
    header_row: int = 1
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    title_rows: list[tuple[int, list]] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    origin: CellOrigin | None = None
    notes: list[str] = field(default_factory=list)
    written: list[str] | None = None


def nfc(value):
    """Strings in NFC with outer spaces stripped; other values unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _find_header(
    rows: Iterable[tuple[int, list]], is_header: Callable[[list], bool]
) -> tuple[int, list] | None:
    for count, (number, cells) in enumerate(rows):
        if count >= HEADER_SEARCH_ROWS:
            return None
        if is_header(cells):
            return number, cells
    return None


def decode_text(content: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), else cp1258; always NFC."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 5])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (";", ",", "\t")}
        return max(counts, key=counts.get)


def column_letter(index: int) -> str:
    """Excel's letter of a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_cells(numbered: list[tuple[int, list]]) -> None:
    """Refuse a file with a cell longer than ``MAX_CELL_CHARS``, naming row and column."""
    for number, cells in numbered:
        for index, value in enumerate(cells):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise FileRejected(messages.cell_too_long(number, column_letter(index), len(value)))


def _header_key(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _check_duplicate_headers(header: list) -> None:
    """Refuse a header row naming one column twice: the second would be dropped silently."""
    seen: dict[str, int] = {}
    for index, value in enumerate(header):
        if _is_blank(value):
            continue
        key = _header_key(value)
        if key in seen:
            raise FileRejected(
                messages.duplicate_header(
                    str(value), column_letter(seen[key]), column_letter(index)
                )
            )
        seen[key] = index


def _read_csv(content: bytes, is_header: Callable[[list], bool]) -> RawTable:
    text = decode_text(content)
    reader = csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(text))
    numbered = []
    try:
        for cells in reader:
            # The text is NFC already (decode_text): a cell needs only its spaces stripped.
            numbered.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as exc:
        # The only csv error left with our dialect is a field above the module's limit.
        raise FileRejected(messages.csv_field_too_long(reader.line_num + 1)) from exc
    _check_cells(numbered)
    found = _find_header(
        ((n, c) for n, c in numbered if any(not _is_blank(x) for x in c)), is_header
    )
    if found is None:
        raise FileRejected(messages.NO_HEADER)
    header_row, header = found
    _check_duplicate_headers(header)
    rows = [
        (n, cells)
        for n, cells in numbered
        if n > header_row and any(not _is_blank(c) for c in cells)
    ]
    title = [(n, c) for n, c in numbered if n < header_row and any(not _is_blank(x) for x in c)]
    return RawTable(
        [str(h or "") for h in header], rows, "csv", header_row=header_row, title_rows=title
    )


def _cell_value(cell, formula_cell=None):
    value = cell.value
    if value is None and formula_cell is not None and isinstance(formula_cell.value, str):
        # A formula with no saved result (the file was not saved by Excel): keep what the
        # person typed, as text; it is never evaluated and is neutralised in every export.
        return nfc(formula_cell.value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return nfc(value)


def _load(content: bytes, data_only: bool):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise FileRejected(messages.BROKEN_WORKBOOK) from exc


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(content: bytes) -> bool:
    """True when a worksheet of the workbook holds a formula cell (``<f>`` in its XML)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return any(
                _FORMULA.search(zf.read(name))
                for name in zf.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return True  # let openpyxl say what is wrong


def _read_xlsx(content: bytes, is_header: Callable[[list], bool]) -> RawTable:
    """The one sheet holding a recognisable table; refused when several do (naming them).

    The workbook is parsed once for the values Excel saved; a second time, for the
    formulas, only when a sheet holds a formula (a formula with no saved result is then
    kept as typed).
    """
    values = _load(content, True)
    formulas = _load(content, False) if _has_formulas(content) else None
    sheets = formulas.worksheets if formulas is not None else [None] * len(values.worksheets)
    found: list[RawTable] = []
    try:
        for ws, ws_formulas in zip(values.worksheets, sheets, strict=True):
            table = _read_sheet(ws, ws_formulas, is_header)
            if table is not None:
                table.hidden_rows = _hidden_rows(content, ws, table)
                found.append(table)
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    if not found:
        raise FileRejected(messages.NO_HEADER)
    if len(found) > 1:
        raise FileRejected(messages.several_sheets([t.sheet or "" for t in found]))
    return found[0]


def _hidden_rows(content: bytes, ws, table: RawTable) -> list[int]:
    """Data rows of ``table`` marked hidden in the sheet's XML (read-only mode has no flag)."""
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            xml = zf.read(path.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    hidden = {
        int(m.group(1))
        for m in re.finditer(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"', xml)
    }
    hidden |= {
        int(m.group(1))
        for m in re.finditer(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"', xml)
    }
    data_rows = {n for n, _ in table.rows}
    return sorted(hidden & data_rows)


def _read_sheet(ws, ws_formulas, is_header: Callable[[list], bool]) -> RawTable | None:
    header_row, header, rows, percent, title = None, None, [], set(), []
    formula_rows = ws_formulas.iter_rows() if ws_formulas is not None else itertools.repeat(())
    numbered = enumerate(zip(ws.iter_rows(), formula_rows, strict=False), start=1)
    for number, (cells, formula_cells) in numbered:
        values = [
            _cell_value(c, formula_cells[i] if i < len(formula_cells) else None)
            for i, c in enumerate(cells)
        ]
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                return None
            if any(not _is_blank(v) for v in values) and is_header(values):
                header_row, header = number, values
            elif any(not _is_blank(v) for v in values):
                title.append((number, values))
            continue
        if all(_is_blank(v) for v in values):
            continue
        for index, cell in enumerate(cells):
            if isinstance(cell.value, int | float) and "%" in (
                getattr(cell, "number_format", "") or ""
            ):
                percent.add((number, index))
        rows.append((number, values))
    if header is None:
        return None
    _check_duplicate_headers(header)
    _check_cells(rows)
    return RawTable(
        [str(h) if h is not None else "" for h in header],
        rows,
        "xlsx",
        sheet=ws.title,
        header_row=header_row,
        percent_cells=percent,
        title_rows=title,
    )


def read_table(content: bytes, name: str, is_header: Callable[[list], bool]) -> RawTable:
    """Read the table of a file: a CSV, or the one sheet whose header ``is_header`` recognises.

    Every sheet is looked at, hidden ones too: a workbook with tables on several sheets is
    refused naming them (none is dropped silently). Duplicate headers and cells longer
    than ``MAX_CELL_CHARS`` refuse the file with their row and column.

    Args:
        content: The file's bytes.
        name: The submitted file name (shown in messages, never used to decide the type).
        is_header: Tells whether a row of cells is a header row of a known input kind.

    Raises:
        FileRejected: Too big, empty, unreadable, not a spreadsheet, a macro workbook
            (``guard``), no recognisable header, several tables, a duplicate header or an
            over-long cell.
    """
    kind = guard.check_upload(name, content)  # size, type by content, zip bombs
    if kind == "xlsx":
        return _read_xlsx(content, is_header)
    return _read_csv(content, is_header)
