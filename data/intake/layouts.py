"""Layouts Vietnamese Excel reports use, turned into the one-header-row table the readers expect.

Government systems export headers over two or three rows with merged group cells
("Số hồ sơ đã giải quyết" above "Tổng số | Trả trước hạn | ..."). ``prepare`` joins such
rows into one header ("Số hồ sơ đã giải quyết / Tổng số"), drops a row of column numbers
("(1) (2) (3)") below it, and keeps every data row with the row number Excel shows, so
each message still points at the cell the person sees.
"""

from __future__ import annotations

import dataclasses
import re

from data.catalog import fold
from data.intake import normalize
from data.intake.readers import RawTable

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
