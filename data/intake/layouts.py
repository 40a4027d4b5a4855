"""Layouts Vietnamese Excel reports use, turned into the one-header-row table the readers expect.

Government systems export headers over two or three rows with merged group cells
("Số hồ sơ đã giải quyết" above "Tổng số | Trả trước hạn | ..."). ``prepare`` joins such
rows into one header ("Số hồ sơ đã giải quyết / Tổng số"), drops a row of column numbers
("(1) (2) (3)") below it, and keeps every data row with the row number Excel shows, so
each message still points at the cell the person sees.

Offices also keep indicators wide: a column per month (one row per indicator and scope,
"T1 … T12", "Tháng 1", "Th1", "T01") or a column per ward (one row per indicator and
period, ward names as ``units.yaml`` spells them). ``unpivot`` turns such a table into one
indicator row per filled cell; each row keeps where its cells are in the sheet
(``readers.CellOrigin``), so a message names the cell ("T6 (ô F7)"). What counts as a
month, a year or a total column is data (``layouts`` in ``inputs.yaml``).
"""

from __future__ import annotations

import dataclasses
import re

from checks.result import FileRejected
from data import catalog, messages
from data.catalog import fold
from data.intake import normalize
from data.intake.readers import CellOrigin, RawTable, column_letter

# Header rows below the first one that may belong to the same header.
MAX_EXTRA_HEADER_ROWS = 2

_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[a-z])\s*\)?$", re.IGNORECASE)


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        normalize.parse_number(value)
    except normalize.CellError:
        return False
    return not normalize.is_blank(value)


def _header_like(cells: list) -> bool:
    """A row of words only (no figures): a candidate lower header row."""
    texts = [c for c in cells if not normalize.is_blank(c)]
    return bool(texts) and all(isinstance(c, str) and not _is_number(c) for c in texts)


def _column_numbers(cells: list) -> bool:
    """A row such as "(1) (2) (3)" or "1 2 3 …" numbering the columns under a header."""
    texts = [str(c).strip() for c in cells if not normalize.is_blank(c)]
    if len(texts) < 3 or not all(_COLUMN_NUMBER.match(t) for t in texts):
        return False
    digits = [int(re.sub(r"\D", "", t)) for t in texts if re.search(r"\d", t)]
    return digits == list(range(digits[0], digits[0] + len(digits))) if digits else True


def _cell(cells: list, index: int) -> str:
    value = cells[index] if index < len(cells) else None
    return "" if normalize.is_blank(value) else str(value).strip()


def compose(levels: list[list]) -> list[str]:
    """One header cell per column from header rows with merged group cells.

    A merged group cell is read only in its first column (that is how Excel stores it),
    so a blank upper cell above a filled lower cell belongs to the group on its left,
    within the group above it.
    """
    width = max(len(r) for r in levels)
    grid = [[_cell(r, j) for j in range(width)] for r in levels]
    filled = [row[:] for row in grid]
    for level in range(len(grid) - 1):
        for j in range(1, width):
            below = any(grid[lower][j] for lower in range(level + 1, len(grid)))
            same_parent = level == 0 or filled[level - 1][j] == filled[level - 1][j - 1]
            if not grid[level][j] and below and same_parent and filled[level][j - 1]:
                filled[level][j] = filled[level][j - 1]
    out = []
    for j in range(width):
        parts: list[str] = []
        for level in range(len(grid)):
            part = filled[level][j]
            if part and (not parts or fold(parts[-1]) != fold(part)):
                parts.append(part)
        out.append(normalize.PART_SEP.join(parts))
    return out


def _complete(header: list[str]) -> float:
    return max(normalize.kind_scores(header).values())


def prepare(table: RawTable) -> RawTable:
    """``table`` with a multi-row header joined into one row, when that fits a kind better."""
    best, best_score = table, _complete(table.header)
    if best_score >= 1:
        return table
    levels = [list(table.header)]
    expected = table.header_row + 1
    used = 0
    for number, cells in table.rows[: MAX_EXTRA_HEADER_ROWS + 1]:
        if number != expected or not _header_like(cells) or _column_numbers(cells):
            break
        levels.append(cells)
        used += 1
        expected += 1
        header = compose(levels)
        score = _complete(header)
        if score > best_score:
            rows = table.rows[used:]
            if rows and _column_numbers(rows[0][1]):
                rows = rows[1:]
            best = dataclasses.replace(table, header=header, rows=rows)
            best_score = score
    return best


# --------------------------------------------------------------------------- wide layouts

# Row ids of unpivoted rows: sheet row * ROW_ID_STRIDE + sheet column, so ids sort as the
# cells do in the sheet (row by row, left to right). Excel has 16,384 columns.
ROW_ID_STRIDE = 20_000

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def _month_pattern(words: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives}) ?0?(\d{{1,2}})(?: (?:nam )?(\d{{4}}))?$")


def month_of(header) -> tuple[int, int | None] | None:
    """(month, year or None) a column header names: "T6", "Th6", "T06", "Tháng 6/2023", "06/2023"."""
    if normalize.is_blank(header):
        return None
    key = fold(str(header))
    m = _month_pattern(catalog.load().inputs.layouts.month_words).match(key)
    if m and 1 <= int(m[1]) <= 12:
        return int(m[1]), int(m[2]) if m[2] else None
    try:
        period = normalize.parse_data_period(str(header))
    except normalize.CellError:
        return None
    if period is not None and period.type == "month":
        return period.start.month, period.year
    return None


def _title_year(table: RawTable) -> int | None:
    """The one year written above the header ("BÁO CÁO … NĂM 2023"), else None."""
    years = {
        int(y)
        for _, cells in table.title_rows
        for c in cells
        if not normalize.is_blank(c)
        for y in _YEAR.findall(str(c))
    }
    return years.pop() if len(years) == 1 else None


def _ref(column: int, row: int) -> str:
    return f"{column_letter(column)}{row}"


def _column_values(table: RawTable, index: int) -> list:
    return [cells[index] for _, cells in table.rows if index < len(cells)]


def _unknown_columns(table: RawTable, used: set[int], units) -> None:
    """Refuse a wide table with a column of figures that is nothing the layout knows."""
    wide = catalog.load().inputs.layouts
    spec = catalog.load().inputs.kind(wide.kind)
    width = max([len(table.header), *(len(c) for _, c in table.rows)] or [0])
    unknown, hints = [], []
    for j in range(width):
        header = table.header[j] if j < len(table.header) else ""
        key = fold(header or "")
        if j in used or key in spec.ignore or key in wide.total_words:
            continue
        if not any(not normalize.is_blank(v) for v in _column_values(table, j)):
            continue
        ref = _ref(j, table.header_row)
        unknown.append(f"'{header}' (ô {ref})" if header else f"không tên (ô {ref})")
        meant = normalize._unit_suggestion(header, units) if header else None
        if meant:
            hints.append(messages.did_you_mean("Cột", header, meant))
    if unknown:
        raise FileRejected(messages.wide_unknown_columns(unknown, hints))


def _distinct(found: dict[int, object], what, row: int) -> None:
    """Refuse two columns naming the same month or ward."""
    first: dict[object, int] = {}
    for j, key in found.items():
        if key in first:
            raise FileRejected(
                messages.wide_duplicate_column(what(key), _ref(first[key], row), _ref(j, row))
            )
        first[key] = j


def unpivot(table: RawTable, units: tuple[catalog.Unit, ...]) -> RawTable | None:
    """One indicator row per filled cell of a wide table; None when ``table`` is not wide.

    Wide by month: an indicator and a scope column and a column per month (no period
    column). Wide by ward: an indicator and a period column and a column per ward or unit
    (no scope column). A table with numerator, denominator or value columns is not wide.

    Raises:
        FileRejected: A month whose year nothing tells, two columns for one month or ward,
            or a column of figures the layout does not know.
    """
    wide = catalog.load().inputs.layouts
    spec = catalog.load().inputs.kind(wide.kind)
    header = table.header
    col = normalize.match_header(header, wide.kind)
    if "indicator" not in col or {"numerator", "denominator", "value"} & set(col):
        return None
    taken = set(col.values())
    free = [j for j, h in enumerate(header) if j not in taken and not normalize.is_blank(h)]
    months = {j: m for j in free if (m := month_of(header[j])) is not None}
    scopes = {
        j: code
        for j in free
        if j not in months
        and fold(header[j]) not in wide.total_words
        and (code := normalize.match_unit(header[j], units))
    }
    if "period" not in col and "scope" in col and len(months) >= wide.min_columns:
        layout, spread = "month", months
    elif "scope" not in col and "period" in col and len(scopes) >= wide.min_columns:
        layout, spread = "ward", scopes
    else:
        return None
    row = table.header_row
    year_col = next(
        (j for j in free if j not in spread and fold(header[j]) in wide.year_words), None
    )
    if layout == "month":
        _distinct({j: m[0] for j, m in months.items()}, lambda m: f"tháng {m}", row)
    else:
        _distinct(scopes, lambda code: f"phường/đơn vị {code}", row)
    used = taken | set(spread) | ({year_col} if year_col is not None else set())
    _unknown_columns(table, used, units)
    title_year = _title_year(table)
    if layout == "month" and year_col is None and title_year is None:
        for j, (_, year) in months.items():
            if year is None:
                raise FileRejected(messages.wide_no_year(header[j], _ref(j, row)))

    names = spec.headers()
    keys = ["indicator", "scope", "period", "value", "note"]
    columns = [names[k] for k in keys]
    note = col.get("note")
    rows, cells_at, percent = [], {}, set()
    source_rows = {}
    for number, cells in table.rows:
        source_rows[number] = cells

        def cell(j, cells=cells):
            return cells[j] if j is not None and j < len(cells) else None

        for j in spread:
            value = cell(j)
            if normalize.is_blank(value):
                continue
            rid = number * ROW_ID_STRIDE + j
            if layout == "month":
                month, year = months[j]
                period_col = j
                if year is None and year_col is not None and not normalize.is_blank(cell(year_col)):
                    year, period_col = normalize.as_text(cell(year_col)), year_col
                year = year if year is not None else title_year
                out = [cell(col["indicator"]), cell(col["scope"]), f"{month:02d}/{year}"]
                where = [col["indicator"], col["scope"], period_col]
            else:
                out = [cell(col["indicator"]), header[j], cell(col["period"])]
                where = [col["indicator"], j, col["period"]]
            rows.append((rid, [*out, value, cell(note)]))
            cells_at[rid] = (number, [*where, j, note if note is not None else j])
            if (number, j) in table.percent_cells:
                percent.add((rid, 3))
    origin = CellOrigin(list(table.written or header), columns, source_rows, cells_at, anchor=3)
    notes = [
        messages.wide_read(
            "một cột mỗi tháng" if layout == "month" else "một cột mỗi phường/đơn vị",
            len(rows),
            len(table.rows),
        )
    ]
    totals = [h for h in header if not normalize.is_blank(h) and fold(h) in wide.total_words]
    if totals:
        notes.append(messages.wide_totals_skipped(totals))
    return dataclasses.replace(
        table,
        header=columns,
        rows=rows,
        percent_cells=percent,
        origin=origin,
        notes=notes,
        written=None,
    )
