"""Normalising a raw table: match headers, recognise the kind, parse every cell.

Headers match leniently (case, spacing, diacritics, the English alias). Units, wards and
scopes match by code or any usual spelling. Cells are parsed the way Vietnamese Excel
writes them: decimal commas, "95,5%", dd/mm/yyyy text or Excel dates and serials,
months as 2023-06, 06/2023 or T6/2023. A cell that cannot be parsed becomes a row issue
naming the row, the column as written and the value; the checks (``checks.suites``) then
judge the parsed values against the catalog.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from checks.result import FileRejected, ReferenceSets, RowIssue
from data import catalog, messages
from data.catalog import columns, fold
from data.intake.readers import CellOrigin, RawTable

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class Normalized:
    """A file after header matching and cell parsing.

    Attributes:
        kind: ``progress`` or ``indicator``.
        frame: One row per data row, columns of ``columns.PROGRESS_FRAME`` or
            ``columns.INDICATOR_FRAME`` (unparseable cells are null).
        column_map: Canonical input name -> header as written in the file.
        issues: Cells that could not be parsed.
        raw_rows: Row number -> {header as written: value as text} (kept for quarantine).
        origin: For a wide layout, where each row's cells are in the sheet; the frame's
            ``row_number`` is then a row id until ``sheet_rows`` turns it into the sheet row.
        notes: What the reading wants said in the result.
    """

    kind: str
    frame: pd.DataFrame
    column_map: dict[str, str]
    issues: list[RowIssue] = field(default_factory=list)
    raw_rows: dict[int, dict] = field(default_factory=dict)
    origin: CellOrigin | None = None
    notes: list[str] = field(default_factory=list)

    def on_sheet(self, issues: list[RowIssue]) -> list[RowIssue]:
        """Issues of an unpivoted table told at the sheet's row and cell ("T6 (ô F7)").

        A check names a column by the table's header and a repeated key by the first row's
        id ("dòng <id>"); both become the cell the person sees.
        """
        if self.origin is None:
            return issues
        origin = self.origin

        def first_cell(m: re.Match) -> str:
            rid = int(m[1])
            return f"ô {origin.ref(rid, origin.anchor)}" if rid in origin.cells else m[0]

        out = []
        for issue in issues:
            if issue.row not in origin.cells:
                out.append(issue)
                continue
            column = issue.column
            if column in origin.columns:
                column = origin.label(issue.row, origin.columns.index(column))
            reason = re.sub(r"dòng (\d+)", first_cell, issue.reason)
            out.append(RowIssue(origin.cells[issue.row][0], column, issue.value, reason))
        return out

    def sheet_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with each row id replaced by its sheet row number (wide layouts)."""
        if self.origin is None or frame.empty:
            return frame
        rows = {rid: row for rid, (row, _) in self.origin.cells.items()}
        return frame.assign(row_number=frame["row_number"].map(rows).astype("int64"))


# --------------------------------------------------------------------------- headers


# Separator of the parts of a header composed from a multi-row header (group / column).
PART_SEP = " / "
# Score (0-100) above which a near miss is offered as "Có phải … ?"; never applied silently.
SUGGEST_SCORE = 80


@lru_cache(maxsize=1)
def _header_keys() -> dict[str, dict[str, str]]:
    """Per kind: folded one-cell spelling -> canonical input name (from ``inputs.yaml``)."""
    return {
        kind.key: {spelling: c.key for c in kind.columns for spelling in c.spellings()}
        for kind in catalog.load().inputs.kinds
    }


@lru_cache(maxsize=1)
def _status_words() -> dict[str, str]:
    """Folded spelling -> report status key."""
    return {w: s.key for s in catalog.load().inputs.report_statuses for w in s.spellings()}


def _input_kind(kind: str):
    return catalog.load().inputs.kind(kind)


def _column_of(cell: str, kind: str) -> str | None:
    """The input name a header cell (possibly "group / column") names in ``kind``."""
    spec = _input_kind(kind)
    key = fold(cell or "")
    if not key or key in spec.ignore:
        return None
    name = _header_keys()[kind].get(key)
    if name is not None:
        return name
    parts = [fold(p) for p in str(cell).split(PART_SEP) if fold(p)]
    if len(parts) < 2:
        return None
    leaf, above = parts[-1], set(parts[:-1])
    for column in spec.columns:
        if column.group is None:
            continue
        if leaf in column.leaf_spellings() and above & set(column.group_spellings()):
            return column.key
    if leaf in _header_keys()[kind] and leaf not in spec.ignore:
        column = spec.column(_header_keys()[kind][leaf])
        return column.key if column.group is None else None
    return None


def match_header(header: Sequence[str], kind: str) -> dict[str, int]:
    """Canonical input name -> column index, for the headers of ``kind`` found."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _column_of(cell, kind)
        if name and name not in found:
            found[name] = index
    return found


def _required(kind: str) -> tuple[str, ...]:
    return _input_kind(kind).required()


def looks_like_header(cells: Sequence) -> bool:
    """True when a row holds at least two required headers of one input kind.

    The first row of a multi-row header counts too: a field column beside two group cells
    of the statistics sheet ("Lĩnh vực", "Số hồ sơ nhận giải quyết", ...).
    """
    texts = [c if isinstance(c, str) else "" for c in cells]
    if any(
        len(set(match_header(texts, kind)) & set(_required(kind))) >= 2 for kind in columns.KINDS
    ):
        return True
    folded = {fold(t) for t in texts if t}
    for kind in catalog.load().inputs.kinds:
        groups = {g for c in kind.columns for g in c.group_spellings()}
        if groups and len(folded & groups) >= 2 and set(match_header(texts, kind.key)):
            return True
    return False


def kind_scores(header: Sequence[str]) -> dict[str, float]:
    """Per kind: share of its required columns found, plus a little for optional ones."""
    out = {}
    for kind in columns.KINDS:
        found = set(match_header(header, kind))
        required = set(_required(kind))
        optional = found - required
        out[kind] = len(found & required) / max(1, len(required)) + 0.01 * len(optional)
    return out


def suggest(value: str, choices: dict[str, str]) -> str | None:
    """The choice a near miss most likely meant (folded spelling -> shown name), or None."""
    from rapidfuzz import fuzz, process, utils

    key = fold(value or "")
    if not key or not choices:
        return None
    best = process.extractOne(
        key, list(choices), scorer=fuzz.ratio, processor=utils.default_process
    )
    if best is None or best[1] < SUGGEST_SCORE:
        return None
    return choices[best[0]]


def _header_hints(header: Sequence[str], kind: str, missing: Sequence[str]) -> list[str]:
    """Near-miss hints for unrecognised headers close to a missing column's name."""
    spec = _input_kind(kind)
    choices = {
        s: spec.column(key).full_header for key in missing for s in spec.column(key).spellings()
    }
    known = set(match_header(header, kind).values())
    hints = []
    for index, cell in enumerate(header):
        if index in known or not cell or fold(cell) in spec.ignore:
            continue
        guess = suggest(cell, choices)
        if guess:
            hints.append(messages.did_you_mean_column(cell, guess))
    return hints


def detect_kind(header: Sequence[str]) -> str:
    """The input kind a header row belongs to: the one whose columns it holds.

    Every kind's columns are scored against the headers found; a kind whose required
    columns are all present wins. When none is complete, the file is refused naming the
    closest kind, the columns it still needs and the headers that were found.
    """
    has_indicator = "indicator" in match_header(header, columns.INDICATOR)
    progress_marks = set(match_header(header, columns.PROGRESS)) & {"task", "status"}
    if has_indicator and progress_marks:
        raise FileRejected(messages.AMBIGUOUS_KIND)
    scores = kind_scores(header)
    complete = [k for k in columns.KINDS if scores[k] >= 1]
    if complete:
        return max(complete, key=scores.get)
    best = max(columns.KINDS, key=scores.get)
    if scores[best] == 0:
        raise FileRejected(messages.NO_HEADER)
    raise _missing_columns(header, best)


def _missing_columns(header: Sequence[str], kind: str) -> FileRejected:
    found = match_header(header, kind)
    headers = _input_kind(kind).headers()
    missing = [c for c in _required(kind) if c not in found]
    return FileRejected(
        messages.missing_columns(
            columns.KIND_LABELS[kind],
            [headers[c] for c in missing],
            [h for h in header if h],
            _header_hints(header, kind, missing),
        )
    )


# --------------------------------------------------------------------------- cells


class CellError(ValueError):
    """A cell that cannot be parsed; the message is a Vietnamese sentence."""


def is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_text(value) -> str | None:
    """A cell as the person typed it (for messages and the quarantine)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Numbers: only ASCII digits, an optional sign, "." and "," (and a trailing "%").
_NUMBER_TEXT = re.compile(r"^[+-]?[0-9.,]+$")
_GROUPED = {
    ",": re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+$"),
    ".": re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$"),
}
_PLAIN = re.compile(r"^[+-]?\d+$")

# How a column (or a file) writes its numbers: the decimal separator.
DECIMAL_COMMA = "comma"  # 1.234,5 (Vietnamese)
DECIMAL_DOT = "dot"  # 1,234.5
MIXED = "mixed"  # both seen in one column: every separated value is refused
_OTHER = {",": ".", ".": ","}
_DECIMAL_OF = {DECIMAL_COMMA: ",", DECIMAL_DOT: "."}


def _number_text(value) -> str:
    text = str(value).strip()
    for space in ("\u00a0", "\u202f", "\u2009", " "):
        text = text.replace(space, "")
    return text[:-1] if text.endswith("%") else text


def separator_evidence(value) -> str | None:
    """What one cell says about the decimal separator: a convention, or None when it is silent.

    "1,5", "1234,5" and "1.234,5" say comma; "1.5" and "1,234.5" say dot; "1.234.567" says
    comma (dots group thousands); "1.234" and "1,234" alone say nothing (either reading).
    """
    if not isinstance(value, str):
        return None
    text = _number_text(value)
    if not _NUMBER_TEXT.match(text):
        return None
    if "," in text and "." in text:
        return DECIMAL_COMMA if text.rfind(",") > text.rfind(".") else DECIMAL_DOT
    for sep in (",", "."):
        if sep in text:
            if _GROUPED[sep].match(text):
                if text.count(sep) == 1:
                    return None  # "1.234": a thousands group or three decimals
                return DECIMAL_DOT if sep == "," else DECIMAL_COMMA
            if text.count(sep) > 1:
                return None  # "1.23.4": not a number in either reading
            return DECIMAL_COMMA if sep == "," else DECIMAL_DOT
    return None


def number_convention(values) -> str | None:
    """The decimal separator a set of cells agrees on: comma, dot, mixed, or None (no clue)."""
    found = {e for v in values if (e := separator_evidence(v)) is not None}
    if len(found) > 1:
        return MIXED
    return found.pop() if found else None


def _not_ascii_digits(text: str) -> bool:
    import unicodedata

    return any(not ch.isascii() and unicodedata.category(ch) == "Nd" for ch in text)


def parse_number(value, percent_cell: bool = False, convention: str | None = None) -> float | None:
    """A number written by the file's convention: 1.234,5 / 95,5% / 0,955 in a % cell.

    Args:
        value: The cell.
        percent_cell: The cell is formatted as a percentage in Excel (0.955 means 95.5).
        convention: The decimal separator of the cell's column (or file):
            ``DECIMAL_COMMA``, ``DECIMAL_DOT``, ``MIXED`` or None when nothing tells.

    Raises:
        CellError: Not a number (letters, exponents, ``1_000``, inf, NaN), digits other than
            ASCII 0-9, a value whose reading depends on a convention nothing decides
            ("1.234" alone), or a separator that contradicts the column's convention.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("không phải là số")
    if isinstance(value, int | float):
        number = float(value) * 100 if percent_cell else float(value)
        if not math.isfinite(number):
            raise CellError("không phải là một số hữu hạn")
        return number
    text = _number_text(value)
    if _not_ascii_digits(text):
        raise CellError(
            "có chữ số không phải 0-9 (chữ số toàn độ rộng hoặc chữ số Ả Rập); gõ lại bằng chữ số 0-9"
        )
    if not _NUMBER_TEXT.match(text):
        raise CellError("không phải là số (chỉ dùng chữ số 0-9, dấu chấm, dấu phẩy)")
    seps = {c for c in text if c in ",."}
    if not seps:
        return _finite(text)
    if convention == MIXED:
        raise CellError(
            "không rõ dấu thập phân: trong cùng cột có số ghi kiểu 1.234,5 và số ghi kiểu "
            "1,234.5; ghi mọi số của cột theo một kiểu (ví dụ 1.234,5)"
        )
    own = separator_evidence(text)
    decimal = _DECIMAL_OF.get(convention or own or "")
    if own is not None and convention is not None and own != convention:
        raise CellError(
            f"ghi dấu thập phân là '{_DECIMAL_OF[own]}', khác các ô khác của cột (dùng "
            f"'{_DECIMAL_OF[convention]}'); ghi mọi số của cột theo một kiểu"
        )
    if decimal is None:
        sep = seps.pop()
        raise CellError(
            f"không rõ là số {text.replace(sep, '')} (dấu '{sep}' phân cách hàng nghìn) hay số "
            f"thập phân {text.replace(sep, ',')}; trong tệp không số nào khác cho biết dấu thập "
            "phân. Ghi không có dấu phân cách hàng nghìn (ví dụ 1234 hoặc 1,5)"
        )
    thousands = _OTHER[decimal]
    whole, _, fraction = text.partition(decimal)
    if decimal in fraction or thousands in fraction:
        raise CellError("không phải là số (dấu phân cách đặt sai chỗ)")
    if thousands in whole and not _GROUPED[thousands].match(whole):
        raise CellError(
            f"không phải là số: dấu '{thousands}' phải chia nhóm ba chữ số (ví dụ 1{thousands}234)"
        )
    whole = whole.replace(thousands, "")
    if not _PLAIN.match(whole or "0") or (fraction and not fraction.isdigit()):
        raise CellError("không phải là số")
    return _finite(f"{whole or '0'}.{fraction}" if fraction else whole)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise CellError("không phải là một số hữu hạn")
    return number


_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$"), ("d", "m", "yy")),
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$"), ("y", "m", "d")),
)


def parse_date(value) -> dt.date | None:
    """dd/mm/yyyy text, an Excel date or an Excel serial number."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # Excel serial: 1954..2119
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError("không phải là ngày (cần dạng dd/mm/yyyy)")
    text = str(value).strip().split(" ")[0]
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        year = int(parts["y"]) if "y" in parts else 2000 + int(parts["yy"])
        try:
            return dt.date(year, int(parts["m"]), int(parts["d"]))
        except ValueError as exc:
            raise CellError("ngày không tồn tại (cần dạng dd/mm/yyyy)") from exc
    raise CellError("không phải là ngày (cần dạng dd/mm/yyyy)")


def parse_task(value) -> str | None:
    """Task number as the catalog writes it: 14, 22.1, 24a (14.0 from Excel becomes 14)."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value).strip().lower().replace(",", ".")
    text = re.sub(r"^(nhiem vu|nhiệm vụ|nv|stt)\s*", "", text).rstrip(".")
    return text


def parse_status(value) -> str | None:
    if is_blank(value):
        return None
    status = _status_words().get(fold(value))
    if status is not None:
        return status
    labels = [f"'{s.label}'" for s in catalog.load().inputs.report_statuses]
    raise CellError(f"tình trạng phải là {', '.join(labels[:-1])} hoặc {labels[-1]}")


def _year_in(text: str) -> int | None:
    m = re.search(r"(?<!\d)(20\d{2})(?!\d)", text)
    return int(m.group(1)) if m else None


def parse_report_period(value) -> tuple[str | None, int | None]:
    """Period code and year (or None) from "Quý I", "Quý I/2023", "6 tháng", "Năm 2023"."""
    if is_blank(value):
        return None, None
    key = fold(value)
    year = _year_in(key)
    rest = re.sub(r"\s+", " ", re.sub(r"(?<!\d)20\d{2}(?!\d)", " ", key)).strip()
    if rest in ("nam", "ca nam", "y", "year", "bao cao nam", "nam bao cao"):
        return "Y", year
    rest = re.sub(r" nam$", "", rest)
    m = re.match(r"^(?:quy|q) ?(iv|iii|ii|i|[1-4])$", rest)
    if m and _ROMAN[m.group(1)] == 1:
        return "Q1", year
    if m:
        # A progress report is cumulative: only the first quarter is a quarter of its own.
        # "Quý II" could mean the second quarter alone or the 6-month report; never guess.
        raise CellError(
            "không phải kỳ của báo cáo tiến độ; báo cáo tiến độ chỉ nhận các kỳ 'Quý I', "
            "'6 tháng', '9 tháng' và 'Năm' (kèm năm, ví dụ '6 tháng/2023')"
        )
    if re.match(r"^(6 thang|sau thang|h1|6t)( dau nam)?$", rest):
        return "H1", year
    if re.match(r"^(9 thang|chin thang|9m|9t)( dau nam)?$", rest):
        return "9M", year
    raise CellError(
        "kỳ báo cáo phải là 'Quý I', '6 tháng', '9 tháng' hoặc 'Năm' (kèm năm, ví dụ 'Quý I/2023')"
    )


@dataclass(frozen=True)
class DataPeriod:
    type: str  # month | quarter | year
    key: str  # 2023-06 | 2023-Q2 | 2023
    start: dt.date
    end: dt.date
    year: int


def _month(year: int, month: int) -> DataPeriod:
    if not 1 <= month <= 12:
        raise CellError("tháng phải từ 1 đến 12")
    last = calendar.monthrange(year, month)[1]
    return DataPeriod(
        "month", f"{year}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last), year
    )


def _quarter(year: int, quarter: int) -> DataPeriod:
    start = dt.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
    return DataPeriod("quarter", f"{year}-Q{quarter}", start, end, year)


def _year(year: int) -> DataPeriod:
    return DataPeriod("year", str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), year)


def parse_data_period(value) -> DataPeriod | None:
    """A month (2023-06, 06/2023, T6/2023, Tháng 6/2023), quarter (Q2/2023) or year (2023)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.date):  # Excel turned "06/2023" into a date
        return _month(value.year, value.month)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1990 <= value <= 2100:
            return _year(int(value))
        raise CellError("kỳ số liệu không hợp lệ")
    key = fold(value)
    patterns = (
        (r"^(?:nam )?(\d{4})$", lambda m: _year(int(m[1]))),
        (r"^(\d{4}) (\d{1,2})$", lambda m: _month(int(m[1]), int(m[2]))),
        (r"^(?:t|thang) ?(\d{1,2}) (?:nam )?(\d{4})$", lambda m: _month(int(m[2]), int(m[1]))),
        (r"^(\d{1,2}) (\d{4})$", lambda m: _month(int(m[2]), int(m[1]))),
        (r"^(\d{1,2}) (\d{1,2}) (\d{4})$", lambda m: _month(int(m[3]), int(m[2]))),
        (r"^(\d{4}) (\d{1,2}) (\d{1,2})$", lambda m: _month(int(m[1]), int(m[2]))),
        (
            r"^(?:q|quy) ?(iv|iii|ii|i|[1-4]) (?:nam )?(\d{4})$",
            lambda m: _quarter(int(m[2]), _ROMAN[m[1]]),
        ),
        (r"^(\d{4}) (?:q|quy) ?(iv|iii|ii|i|[1-4])$", lambda m: _quarter(int(m[1]), _ROMAN[m[2]])),
    )
    for pattern, build in patterns:
        m = re.match(pattern, key)
        if m:
            return build(m)
    raise CellError(
        "kỳ số liệu phải là tháng (2023-06, 06/2023, T6/2023), quý (Q2/2023) hoặc năm (2023)"
    )


# --------------------------------------------------------------------------- names


_PREFIXES = ("ubnd phuong ", "uy ban nhan dan phuong ", "phuong ", "p ", "phong ", "ubnd ")


@lru_cache(maxsize=4)
def _name_index(units: tuple[catalog.Unit, ...]) -> dict[str, str]:
    """Folded spelling -> unit code; spellings shared by two units are dropped."""
    index: dict[str, set[str]] = {}
    for u in units:
        for spelling in (u.code, u.name, u.short_name, *u.aliases):
            key = fold(spelling)
            variants = {key}
            for prefix in _PREFIXES:
                if key.startswith(prefix) and len(key) > len(prefix) + 2:
                    variants.add(key[len(prefix) :])
            for v in variants:
                index.setdefault(v, set()).add(u.code)
    return {k: next(iter(v)) for k, v in index.items() if len(v) == 1}


def match_unit(value, units: tuple[catalog.Unit, ...]) -> str | None:
    """Unit code for a code or any usual spelling; None when unknown."""
    if is_blank(value):
        return None
    index = _name_index(units)
    key = fold(value)
    if key in index:
        return index[key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in index:
            return index[key[len(prefix) :]]
    return None


_LABEL_PREFIXES = ("ty le ", "so ")


@lru_cache(maxsize=1)
def _indicator_index() -> tuple[dict[str, str], dict[str, str]]:
    """(folded spelling -> code, folded spelling -> name shown in a suggestion).

    An indicator is named by its code, its Vietnamese or English label, or the label
    without its leading "Tỷ lệ" / "Số"; spellings shared by two indicators are dropped.
    """
    spellings: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for ind in catalog.load().registry.indicators:
        label = f"{ind.label_vi} ({ind.code})"
        keys = {fold(ind.code), fold(ind.label_vi or ""), fold(ind.label_en or "")}
        for key in list(keys):
            for prefix in _LABEL_PREFIXES:
                if key.startswith(prefix):
                    keys.add(key[len(prefix) :])
        for key in keys - {""}:
            spellings.setdefault(key, set()).add(ind.code)
            shown[key] = label
    exact = {k: next(iter(v)) for k, v in spellings.items() if len(v) == 1}
    return exact, {k: shown[k] for k in exact}


@lru_cache(maxsize=4096)
def resolve_indicator(value: str) -> tuple[str, str | None]:
    """(indicator code, near-miss suggestion) for a cell of the indicator column.

    An unknown name keeps its folded text as the code (the checks refuse it) and gets the
    closest indicator as a suggestion when one is close enough; it is never replaced.
    """
    exact, shown = _indicator_index()
    key = fold(value)
    if key in exact:
        return exact[key], None
    for prefix in _LABEL_PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in exact:
            return exact[key[len(prefix) :]], None
    return key.replace(" ", "_"), suggest(value, shown)


@lru_cache(maxsize=1024)
def _unit_suggestion(value: str, units: tuple[catalog.Unit, ...]) -> str | None:
    return suggest(
        value,
        {fold(u.name): u.name for u in units}
        | {fold(u.short_name): u.name for u in units if u.short_name},
    )


# --------------------------------------------------------------------------- rows


class _RowParser:
    """Parses the cells of one row, collecting issues instead of stopping at the first."""

    def __init__(
        self,
        row_number: int,
        cells: list,
        col: dict[str, int],
        header: list[str],
        percent_cells,
        conventions: dict[str, str | None] | None = None,
        origin: CellOrigin | None = None,
    ):
        self.conventions = conventions or {}
        self.origin = origin
        self.row_number = row_number
        self.cells = cells
        self.col = col
        self.header = header
        self.percent_cells = percent_cells
        self.issues: list[RowIssue] = []

    def raw(self, name: str):
        index = self.col.get(name)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def label(self, name: str, kind: str) -> str:
        index = self.col.get(name)
        if index is not None and self.origin is not None and self.row_number in self.origin.cells:
            return self.origin.label(self.row_number, index)
        if index is not None and self.header[index]:
            return self.header[index]
        return catalog.load().inputs.kind(kind).headers().get(name, name)

    def parse(self, name: str, kind: str, parser, *args):
        value = self.raw(name)
        try:
            return parser(value, *args)
        except CellError as exc:
            self.issues.append(
                RowIssue(
                    self.row_number,
                    self.label(name, kind),
                    as_text(value),
                    f"Giá trị '{as_text(value)}' ở cột '{self.label(name, kind)}' {exc}. "
                    "Sửa ô này rồi nộp lại.",
                )
            )
            return None

    def number(self, name: str, kind: str) -> float | None:
        index = self.col.get(name)
        percent = index is not None and (self.row_number, index) in self.percent_cells
        return self.parse(name, kind, parse_number, percent, self.conventions.get(name))

    def hint(self, name: str, kind: str, reason: str) -> None:
        """A row issue on ``name`` with a ready sentence (e.g. a near-miss suggestion)."""
        self.issues.append(
            RowIssue(self.row_number, self.label(name, kind), as_text(self.raw(name)), reason)
        )

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        return None if is_blank(value) else as_text(value)


def _progress_row(p: _RowParser, units) -> dict:
    kind = columns.PROGRESS
    unit_raw = p.raw("unit")
    period_code, period_year = p.parse("period", kind, parse_report_period) or (None, None)
    year_cell = p.number("year", kind) if "year" in p.col else None
    year = period_year or (int(year_cell) if year_cell else None)
    if year_cell and period_year and int(year_cell) != period_year:
        p.issues.append(
            RowIssue(
                p.row_number,
                p.label("year", kind),
                as_text(p.raw("year")),
                f"Năm {int(year_cell)} khác năm ghi trong kỳ báo cáo ({period_year}). "
                "Sửa cho khớp rồi nộp lại.",
            )
        )
    unit_code = match_unit(unit_raw, units)
    if unit_code is None and not is_blank(unit_raw):
        meant = _unit_suggestion(as_text(unit_raw), units)
        if meant:
            p.hint("unit", kind, messages.did_you_mean("Đơn vị", as_text(unit_raw), meant))
    return {
        "row_number": p.row_number,
        "unit_code": unit_code or as_text(unit_raw),
        "year": year,
        "period_code": period_code,
        "task_id": parse_task(p.raw("task")),
        "status": p.parse("status", kind, parse_status),
        "percent_complete": p.number("percent_complete", kind),
        "output_document": p.text("output_document"),
        "difficulties": p.text("difficulties"),
        "report_date": p.parse("report_date", kind, parse_date),
        "note": p.text("note"),
    }


def _scope(value, units, refs: ReferenceSets) -> tuple[str | None, str | None]:
    code = match_unit(value, units)
    if code is None:
        return None, as_text(value)
    if code == refs.district_code:
        return "district", code
    if code in refs.ward_codes:
        return "ward", code
    if code in refs.office_codes:
        return "unit", code
    return "other", code


_UNSEEN = object()


def _each(values: list, parse) -> list:
    """``parse`` of every value, run once per distinct value: a result or its CellError.

    A file's columns repeat few values (indicators, wards, months, figures), so parsing
    each distinct value once costs a fraction of parsing every cell.
    """
    seen: dict = {}
    out = []
    for value in values:
        key = (value.__class__, value)
        found = seen.get(key, _UNSEEN)
        if found is _UNSEEN:
            try:
                found = parse(value)
            except CellError as exc:
                found = exc
            seen[key] = found
        out.append(found)
    return out


class _Columns:
    """The cells of a table column by column, with the issues of each cell found so far.

    The column-wise twin of ``_RowParser``: the same parsers and the same sentences, each
    issue at its row and column (the sheet's cell for a wide layout).
    """

    def __init__(self, table: RawTable, col: dict[str, int], shown: list[str], kind: str):
        self.table, self.col, self.shown, self.kind = table, col, shown, kind
        self.numbers = [n for n, _ in table.rows]
        self.found: list[tuple[int, int, RowIssue]] = []  # (position, order, issue)

    def raw(self, name: str) -> list:
        index = self.col.get(name)
        if index is None:
            return [None] * len(self.numbers)
        return [c[index] if index < len(c) else None for _, c in self.table.rows]

    def label(self, name: str, position: int) -> str:
        index = self.col.get(name)
        origin = self.table.origin
        if index is not None and origin is not None and self.numbers[position] in origin.cells:
            return origin.label(self.numbers[position], index)
        if index is not None and self.shown[index]:
            return self.shown[index]
        return catalog.load().inputs.kind(self.kind).headers().get(name, name)

    def issue(self, position: int, order: int, name: str, value, reason: str) -> None:
        row = self.numbers[position]
        self.found.append(
            (position, order, RowIssue(row, self.label(name, position), value, reason))
        )

    def parse(self, name: str, order: int, parser) -> list:
        """``parser`` over the column (per distinct value); a failing cell becomes an issue."""
        values = self.raw(name)
        return self._cell_errors(name, order, values, _each(values, parser))

    def _cell_errors(self, name: str, order: int, values: list, out: list) -> list:
        """Each ``CellError`` of ``out`` becomes an issue naming its cell, and None."""
        for position, result in enumerate(out):
            if isinstance(result, CellError):
                text = as_text(values[position])
                label = self.label(name, position)
                self.issue(
                    position,
                    order,
                    name,
                    text,
                    f"Giá trị '{text}' ở cột '{label}' {result}. Sửa ô này rồi nộp lại.",
                )
                out[position] = None
        return out

    def number(self, name: str, order: int, convention: str | None) -> list:
        index = self.col.get(name)
        percent = self.table.percent_cells
        if index is None or not percent:
            return self.parse(name, order, lambda v: parse_number(v, False, convention))
        flagged = [(n, index) in percent for n in self.numbers]
        values = self.raw(name)
        pairs = list(zip(values, flagged, strict=True))
        out = _each(pairs, lambda pair: parse_number(pair[0], pair[1], convention))
        return self._cell_errors(name, order, values, out)

    def issues(self) -> list[RowIssue]:
        """Every issue, row by row and, within a row, in the order the columns are read."""
        return [issue for _, _, issue in sorted(self.found, key=lambda f: (f[0], f[1]))]


def _indicator_frame(
    table: RawTable,
    col: dict[str, int],
    shown: list[str],
    conventions: dict[str, str | None],
    units,
    refs: ReferenceSets,
) -> tuple[pd.DataFrame, list[RowIssue]]:
    """An indicator table parsed column by column: the frame and the issues of its cells."""
    kind = columns.INDICATOR
    c = _Columns(table, col, shown, kind)

    def indicator(value):
        return (None, None) if is_blank(value) else resolve_indicator(as_text(value))

    raw_indicator = c.raw("indicator")
    codes = []
    for position, (code, meant) in enumerate(_each(raw_indicator, indicator)):
        codes.append(code)
        if meant:
            text = as_text(raw_indicator[position])
            c.issue(position, 0, "indicator", text, messages.did_you_mean("Chỉ số", text, meant))

    def scope(value):
        scope_type, code = _scope(value, units, refs)
        meant = None
        if scope_type is None and not is_blank(value):
            meant = _unit_suggestion(as_text(value), units)
        return scope_type, code, meant

    raw_scope = c.raw("scope")
    scopes = _each(raw_scope, scope)
    for position, (_, _, meant) in enumerate(scopes):
        if meant:
            text = as_text(raw_scope[position])
            c.issue(position, 1, "scope", text, messages.did_you_mean("Phạm vi", text, meant))
    periods = c.parse("period", 2, parse_data_period)
    fields = [period_fields(p) for p in _each(periods, lambda p: p)]
    data = {
        "row_number": c.numbers,
        "indicator_code": codes,
        "scope_type": [s[0] for s in scopes],
        "scope_code": [s[1] for s in scopes],
        **{name: [f[name] for f in fields] for name in _PERIOD_FIELDS},
        "numerator": c.number("numerator", 3, conventions.get("numerator")),
        "denominator": c.number("denominator", 4, conventions.get("denominator")),
        "value": c.number("value", 5, conventions.get("value")),
        "note": [None if is_blank(v) else as_text(v) for v in c.raw("note")],
    }
    frame = pd.DataFrame(data, columns=list(columns.INDICATOR_FRAME))
    return frame, c.issues()


class RawRows(Mapping):
    """Row number -> {header as written: value as text}, made only for the rows asked for.

    Only refused rows are kept whole (in the quarantine), so a row's dictionary is built
    when it is looked up, not for every row of a large file.
    """

    def __init__(self, header: Sequence[str], rows):
        self._header = list(header)
        self._rows = dict(rows)

    def __getitem__(self, number: int) -> dict:
        cells = self._rows[number]
        return {
            (h or f"Cột {i + 1}"): as_text(v)
            for i, (h, v) in enumerate(zip(self._header, cells, strict=False))
            if not is_blank(v)
        }

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


# Columns read with ``parse_number``.
NUMBER_COLUMNS = ("year", "percent_complete", "numerator", "denominator", "value")


def _conventions(table: RawTable, col: dict[str, int]) -> dict[str, str | None]:
    """The decimal separator of each number column: its own cells decide, else the file's."""
    by_column = {
        name: number_convention(
            dict.fromkeys(cells[col[name]] for _, cells in table.rows if col[name] < len(cells))
        )
        for name in NUMBER_COLUMNS
        if name in col
    }
    decided = {c for c in by_column.values() if c is not None}
    whole_file = decided.pop() if len(decided) == 1 else None
    return {name: c or whole_file for name, c in by_column.items()}


_PERIOD_FIELDS = ("period_type", "period_key", "period_start", "period_end", "year")


def period_fields(period: DataPeriod | None) -> dict:
    """The period columns of an indicator frame row (all null when the period is unknown)."""
    return {
        "period_type": period.type if period else None,
        "period_key": period.key if period else None,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
        "year": period.year if period else None,
    }


def normalize(
    table: RawTable,
    refs: ReferenceSets,
    units: tuple[catalog.Unit, ...],
    kind: str | None = None,
    mapping=None,
) -> Normalized:
    """Match the header, recognise the kind and parse every row of ``table``.

    ``mapping`` (a ``data.intake.mapping.ColumnMapping``) renames the unit's own headers
    to the template's before they are matched; messages keep the words of the file.

    Raises:
        FileRejected: The kind cannot be recognised or a required column is missing.
    """
    from data.intake import layouts, statistics

    table = layouts.prepare(table)
    if mapping and any(mapping.target(h) for h in table.header):
        table = dataclasses.replace(
            table, header=mapping.rename(table.header), written=list(table.header)
        )
    if kind in (None, catalog.load().inputs.layouts.kind):
        table = layouts.unpivot(table, units) or table
    kind = kind or detect_kind(table.header)
    col = match_header(table.header, kind)
    if any(c not in col for c in _required(kind)):
        raise _missing_columns(table.header, kind)
    if kind == statistics.KIND:
        return statistics.normalize_sheet(table, refs, units)
    conventions = _conventions(table, col)
    shown = table.written or table.header  # the header as the person wrote it
    if kind == columns.PROGRESS:
        records, issues = [], []
        for number, cells in table.rows:
            parser = _RowParser(
                number, cells, col, shown, table.percent_cells, conventions, table.origin
            )
            records.append(_progress_row(parser, units))
            issues.extend(parser.issues)
        frame = pd.DataFrame.from_records(records, columns=list(columns.PROGRESS_FRAME))
    else:  # indicator values: parsed column by column, once per distinct value
        frame, issues = _indicator_frame(table, col, shown, conventions, units, refs)
    if table.origin is not None:
        raw_rows = RawRows(table.origin.header, table.origin.rows.items())
    else:
        raw_rows = RawRows(shown, table.rows)
    column_map = {name: shown[index] for name, index in col.items() if shown[index]}
    return Normalized(
        kind, frame, column_map, issues, raw_rows, origin=table.origin, notes=list(table.notes)
    )
