"""The dossier register: recognised by its header, read, checked and merged by DuckDB.

A register file (one row per dossier, as the one-stop system exports it) can hold
millions of rows, so it never passes through pandas row by row:

* ``sniff`` looks only at the first rows to recognise the kind and map the file's
  headers onto the columns of ``inputs.yaml`` (the same header matching as every kind);
* every row check is declared once, in ``CHECKS``: required fields, dates that parse and
  are in order, due at or after receipt, known scopes (core.unit), known channels,
  yes/no and fee cells that read; codes unique in the file are checked over the file;
* ``prepare_whole`` and ``load`` first try a CSV *whole*: read once, straight into
  core.dossier_history, every check guarding every row (a system export is usually
  clean); at the first refused row the attempt is rolled back (``NotClean``);
* ``stage`` then reads the file with DuckDB's CSV reader (an .xlsx is first
  streamed into a CSV) into a temp table, and runs each check as one set-based scan
  (``register_checks.sql``); ``load`` writes the refused rows to staging.quarantine in
  one insert-select and merges the good ones.
* Either way a new dossier is inserted, a changed one supersedes its earlier version in
  core.dossier_history (core.dossier is the view of the current versions), an identical
  one is unchanged, and marts.register_month is refreshed from the first month the file
  touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import duckdb
import pandas as pd

from checks.result import FileRejected, RowIssue
from data import catalog, messages
from data.catalog import columns
from data.catalog.source import fold

SQL_DIR = Path(__file__).parent
GZIP_MAGIC = b"\x1f\x8b"
XLSX_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 256 * 1024
SNIFF_ROWS = 20
# Refused rows listed in the result (all of them go to the quarantine).
ISSUES_SHOWN = 200
# DuckDB may use this much memory for one register file (it spills to disk beyond it).
MEMORY_LIMIT = "1200MB"
DATE_COLUMNS = ("received_at", "due_at", "result_at", "returned_on")
FLAG_COLUMNS = ("paid_online", "apology")


def spec():
    """The register kind of ``inputs.yaml``."""
    return catalog.load().inputs.kind(columns.REGISTER)


@dataclass
class RegisterFile:
    """A file recognised as a dossier register; ``stage`` fills the counts.

    It answers the attributes of ``ingest.CheckedFile`` that callers read before loading
    (kind, counts, no pandas frame), so the upload preview treats it like any file.
    """

    name: str
    fmt: str  # csv | gzip | xlsx
    header_row: int  # 1-based row (line) of the header in the file
    headers: dict[str, str]  # column key -> the file's own header text
    positions: dict[str, int]  # column key -> 0-based column index
    width: int
    delimiter: str = ","
    kind: str = columns.REGISTER
    rows_total: int = 0
    rows_bad: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_rows: dict = field(default_factory=dict)
    file_issues: list = field(default_factory=list)
    good: pd.DataFrame | None = None
    frame: pd.DataFrame | None = None
    whole: bool = False  # prepared to load whole (``prepare_whole``), not staged
    all_cells: bool = False  # loaded whole with every distinct cell of the file matched


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Check:
    """One row check, over the columns of ``reg_row`` (register_row.sql).

    ``failing`` is true for a row the check refuses; ``value`` and ``detail`` are what
    the reason names. A check with a ``lookup`` (table, column) refuses a cell that table
    did not match; a staged file joins only that small table.
    """

    column: str
    key: str
    failing: str
    value: str | None = None
    detail: str | None = None
    lookup: tuple[str, str] | None = None

    def select(self) -> str:
        """The refused rows as (row_number, column_key, value, check_key, detail)."""
        head = (
            f"'{self.column}' as column_key, {self.value or 'null'}::varchar as value, "
            f"'{self.key}' as check_key, {self.detail or 'null'}::varchar as detail"
        )
        if self.lookup is None:
            return f"select row_number, {head} from reg_raw where {self.failing}"
        table, found = self.lookup
        return (
            f"select row_number, {head} from reg_raw inner join {table} as l "
            f"on {self.column} = l.raw where l.{found} is null"
        )


def _missing(column: str) -> Check:
    return Check(column, "missing", f"{column} is null")


def _date(column: str, typed: str) -> Check:
    return Check(column, "bad_date", f"{column} is not null and {typed} is null", column)


# Every check of a row, in the order a refused row's reasons are listed. Codes unique
# within the file are checked over the whole file (register_checks.sql, or after a file
# loaded whole is written).
CHECKS = (
    *(_missing(c) for c in ("dossier_code", "procedure", "scope", "received_at", "due_at")),
    _missing("channel"),
    _date("received_at", "received_ts"),
    _date("due_at", "due_ts"),
    _date("result_at", "result_ts"),
    _date("returned_on", "returned_date"),
    Check(
        "due_at",
        "due_before_received",
        "due_ts < received_ts",
        "due_at",
        "strftime(received_ts, '%d/%m/%Y %H:%M')",
    ),
    Check(
        "result_at",
        "result_before_received",
        "result_ts < received_ts",
        "result_at",
        "strftime(received_ts, '%d/%m/%Y %H:%M')",
    ),
    Check(
        "returned_on",
        "returned_before_result",
        "returned_date < result_ts::date",
        "returned_on",
        "strftime(result_ts, '%d/%m/%Y')",
    ),
    Check(
        "scope",
        "unknown_scope",
        "scope is not null and scope_code is null",
        "scope",
        lookup=("reg_scope", "unit_code"),
    ),
    Check(
        "channel",
        "unknown_channel",
        "channel is not null and channel_key is null",
        "channel",
        "(select words from reg_channel_words)",
        lookup=("reg_channel", "channel_key"),
    ),
    Check(
        "paid_online",
        "bad_yes_no",
        "paid_online is not null and paid_flag is null",
        "paid_online",
        lookup=("reg_flag", "flag"),
    ),
    Check(
        "apology",
        "bad_yes_no",
        "apology is not null and apology_flag is null",
        "apology",
        lookup=("reg_flag", "flag"),
    ),
    Check("fee", "bad_fee", "fee is not null and fee_amount is null", "fee"),
)

# The version a good row becomes: core.dossier_history's column -> reg_row's expression.
VERSION = {
    "dossier_code": "dossier_code",
    "field": "field",
    "procedure": "procedure",
    "scope_code": "scope_code",
    "received_at": "received_ts",
    "due_at": "due_ts",
    "result_at": "result_ts",
    "returned_on": "returned_date",
    "channel": "channel_key",
    "is_online": "is_online",
    "fee": "fee_amount",
    "paid_online": "paid_flag",
    "status": "status",
    "apology": "apology_flag",
}
# The columns whose change makes a new version (the code is the key).
_FIELDS = tuple(c for c in VERSION if c != "dossier_code")


# The cells stored as their own text (trimmed); every other cell is parsed (a date or the
# fee: the parse skips edge spaces) or looked up as written (``_lookups`` matches it).
_AS_TEXT = tuple(v for k, v in VERSION.items() if k == v)


# The history's columns a version fills: its load, the columns of VERSION, the load's time.
HISTORY_COLUMNS = f"core.dossier_history (load_id, {', '.join(VERSION)}, loaded_at)"


def _version_select() -> str:
    return ", ".join(v if k == v else f"{v} as {k}" for k, v in VERSION.items())


# --------------------------------------------------------------------------- sniffing


def _head_text(content: bytes) -> str | None:
    if content.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content[:SNIFF_BYTES])
        except zlib.error:
            return None
    else:
        head = content[:SNIFF_BYTES]
    try:
        return head.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:  # a cut multi-byte character at the end is fine
        return head[: exc.start].decode("utf-8-sig", errors="ignore") if exc.start else None


def _csv_rows(text: str) -> tuple[list[list[str]], str]:
    lines = text.splitlines()[:SNIFF_ROWS]
    sample = "\n".join(lines)
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    return list(csv.reader(io.StringIO(sample), delimiter=delimiter)), delimiter


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return [
            ["" if v is None else str(v) for v in row]
            for row in ws.iter_rows(max_row=SNIFF_ROWS, values_only=True)
        ]
    finally:
        wb.close()


def sniff(name: str, content: bytes) -> RegisterFile | None:
    """The register layout of a file, or None when the file is not a register.

    A row of the first twenty naming at least four required register columns (and the
    dossier code) is its header. A register header that lacks a required column is
    refused naming the columns found.

    Raises:
        FileRejected: the header is a register's but required columns are missing.
    """
    from data.intake.normalize import match_header

    if content.startswith(XLSX_MAGIC):
        try:
            rows, fmt, delimiter = _xlsx_rows(content), "xlsx", ","
        except Exception:  # noqa: BLE001 - not readable here: the table reader says why
            return None
    else:
        text = _head_text(content)
        if text is None:
            return None
        try:
            rows, delimiter = _csv_rows(text)
        except csv.Error:  # e.g. a cell over the csv module's limit: the table reader says why
            return None
        fmt = "gzip" if content.startswith(GZIP_MAGIC) else "csv"
    required = set(spec().required())
    for index, cells in enumerate(rows):
        cells = [c.strip() for c in cells]
        found = match_header(cells, columns.REGISTER)
        if "dossier_code" not in found or len(set(found) & required) < 4:
            continue
        missing = [spec().column(k).header for k in spec().required() if k not in found]
        if missing:
            raise FileRejected(messages.register_missing_columns(missing, [c for c in cells if c]))
        return RegisterFile(
            name=name,
            fmt=fmt,
            header_row=index + 1,
            headers={k: cells[i] for k, i in found.items()},
            positions=found,
            width=len(cells),
            delimiter=delimiter,
        )
    return None


# --------------------------------------------------------------------------- staging


def _xlsx_to_csv(source: Path, target: Path, header_row: int) -> None:
    """Stream the first sheet's rows below the header into a CSV (dates as ISO text)."""
    from openpyxl import load_workbook

    wb = load_workbook(source, read_only=True, data_only=True)
    try:
        with target.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            for row in wb.worksheets[0].iter_rows(min_row=header_row + 1, values_only=True):
                out.writerow(
                    [v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v for v in row]
                )
    finally:
        wb.close()


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _table(con, name: str, columns: str, rows: list[tuple]) -> None:
    """A small temp table ``name`` (``columns``: its SQL column list) holding ``rows``.

    Through a frame, not a VALUES list: a file with a shifted column can bring a
    million distinct cells.
    """
    con.execute(f"create or replace temp table {name} ({columns})")
    if rows:
        frame = pd.DataFrame(rows, dtype="object")
        con.register(f"{name}_rows", frame)
        try:
            con.execute(f"insert into {name} select * from {name}_rows")
        finally:
            con.unregister(f"{name}_rows")


# The cells matched so far in this process (column -> cell -> match), while the catalog
# is the same object: the next file of a batch, or the next upload, is loaded whole
# without a scan for its distinct cells (``prepare_whole``).
_matched: tuple[object, dict[str, dict]] | None = None
_matched_lock = threading.Lock()


def _known_cells() -> dict[str, dict]:
    global _matched
    current = catalog.load()
    if _matched is None or _matched[0] is not current:
        _matched = (current, {"scope": {}, "channel": {}, "flag": {}})
    return _matched[1]


def _lookups(con, cells: str | None, units: frozenset[str] | None = None) -> None:
    """Small lookup tables of the scope, channel and yes/no cells of the file.

    ``cells`` selects the file's distinct (scope, channel, paid_online, apology); None
    takes every cell matched before in this process instead. Matching a spelling ("P. Bến
    Nghé", "Trực tuyến toàn trình") is done once per distinct cell, with the catalog's own
    matching, never once per row; a cell that matches nothing is in its table with no
    match (the checks name it) and is not kept. ``units``: leave a scope of any other
    unit unmatched (a file loaded whole then is staged, and refused with the reason).
    """
    from data.intake.normalize import match_unit

    kind = spec()
    found = None
    if cells is not None:
        rows = con.execute(cells).fetchall()
        found = {
            "scope": {r[0] for r in rows},
            "channel": {r[1] for r in rows},
            "flag": {r[2] for r in rows} | {r[3] for r in rows},
        }
    units_known = catalog.load_units()
    channels = {s: c for c in kind.channels for s in c.spellings()}

    def flag(value):
        key = fold(value or "")
        return True if key in kind.yes_words else False if key in kind.no_words else None

    match = {
        "scope": lambda v: match_unit(v, units_known),
        "channel": lambda v: channels.get(fold(v or "")),
        "flag": flag,
    }
    tables = {}
    with _matched_lock:  # an upload's preview may match cells while a load does
        known = _known_cells()
        for column, values in (found or {c: set(m) for c, m in known.items()}).items():
            tables[column] = {}
            for value in values:
                if value not in known[column]:
                    matched = match[column](value)
                    if matched is None:
                        tables[column][value] = None
                        continue
                    known[column][value] = matched
                tables[column][value] = known[column][value]
    codes = tables["scope"]
    if units is not None:
        codes = {v: c if c in units else None for v, c in codes.items()}
    _table(con, "reg_scope", "raw varchar, unit_code varchar", list(codes.items()))
    _table(
        con,
        "reg_channel",
        "raw varchar, channel_key varchar, is_online boolean",
        [(v, c and c.key, c and c.online) for v, c in tables["channel"].items()],
    )
    _table(con, "reg_flag", "raw varchar, flag boolean", list(tables["flag"].items()))


def _reasons(con, reg: RegisterFile) -> None:
    """The tables the row checks word their reasons with: templates, headers, channels."""
    kind = spec()
    _table(
        con,
        "reg_reason",
        "check_key varchar, template varchar",
        list(messages.REGISTER_REASONS.items()),
    )
    _table(
        con,
        "reg_column",
        "column_key varchar, header varchar",
        [(c.key, reg.headers.get(c.key, c.header)) for c in kind.columns],
    )
    labels = catalog.load().labels["dossier_channel"].labels()
    _table(
        con,
        "reg_channel_words",
        "words varchar",
        [(", ".join(f"'{label}'" for label in labels.values()),)],
    )


_CELLS = "select distinct scope, channel, paid_online, apology from {}"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _literal_struct(names: list[str]) -> str:
    """``{'c0': 'VARCHAR', …}``: every column of the file read as text."""
    return "{" + ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in names) + "}"


def _cell(column: str) -> str:
    """A cell without edge spaces, NULL when empty; most cells need no copy, so none is made."""
    return (
        f"case when {column} = '' or starts_with({column}, ' ') or ends_with({column}, ' ') "
        f"then nullif(trim({column}), '') else {column} end"
    )


def _read_views(
    con,
    reg: RegisterFile,
    source: Path,
    skip: int,
    compression: str,
    trim: tuple[str, ...] | None = None,
) -> None:
    """``reg_text`` and ``reg_typed``: views over the file's cells (nothing is read yet).

    ``trim``: the columns whose cells lose their edge spaces (None: all). A file loaded
    whole trims only ``_AS_TEXT``: a blank or padded cell elsewhere fails its parse or
    lookup, or reads the same, and a file with a row refused is staged, trimming all.
    """
    # Kept for the rest of the connection's short life: resetting it costs more than
    # checking a small file.
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    names = [f"c{i}" for i in range(reg.width)]

    def cell(key: str) -> str:
        if key not in reg.positions:
            return f"null::varchar as {key}"
        column = f"c{reg.positions[key]}"
        return f"{_cell(column) if trim is None or key in trim else column} as {key}"

    picked = ", ".join(cell(c.key) for c in spec().columns)
    # A view takes no parameters, so the path and options are quoted literals.
    con.execute(
        f"create or replace temp view reg_text as select "
        f"{picked} from read_csv({_literal(str(source))}, header = false, skip = {int(skip)}, "
        f"delim = {_literal(reg.delimiter)}, quote = '\"', escape = '\"', "
        f"auto_detect = false, columns = {_literal_struct(names)}, null_padding = true, "
        f"compression = '{compression}', strict_mode = false)"
    )
    con.execute(_sql("register_read"))


def _checks_sql() -> str:
    return Template(_sql("register_checks")).substitute(
        checks="\nunion all\n".join(c.select() for c in CHECKS), version=_version_select()
    )


def stage(con, reg: RegisterFile, path: Path, units: frozenset[str] | None) -> None:
    """Stage a register file: read it into temp tables of ``con``, then check it.

    Leaves ``reg_raw`` (every row as text, with its row number), its parsed view
    ``reg_row`` and ``reg_issue`` (one row per problem); fills ``reg.rows_total``,
    ``reg.rows_bad`` and the first ``ISSUES_SHOWN`` issues. Nothing permanent.

    Raises:
        FileRejected: unreadable file, or rows of units outside ``units``.
    """
    reg.whole = False
    con.execute("set preserve_insertion_order = true")
    with tempfile.TemporaryDirectory(prefix="kpi-register-") as tmp:
        source, skip, compression = path, reg.header_row, "none"
        if reg.fmt == "xlsx":
            source, skip = Path(tmp) / "register.csv", 0
            _xlsx_to_csv(path, source, reg.header_row)
        elif reg.fmt == "gzip":
            compression = "gzip"
        _read_views(con, reg, source, skip, compression)
        try:
            con.execute("create or replace temp table reg_rows as select * from reg_typed")
        except Exception as exc:  # noqa: BLE001 - a broken file is the sender's to fix
            raise FileRejected(messages.register_unreadable(str(exc).splitlines()[0])) from exc
    # row_number: the line Excel or a text editor shows (header row + position). The rows
    # are stored in the file's order, so the position is the row id; numbering them with
    # a window while reading would cost a tenth of the load of a large file.
    con.execute(
        "create or replace temp view reg_raw as select "
        f"(rowid + {int(reg.header_row) + 1})::integer as row_number, * from reg_rows"
    )
    _lookups(con, _CELLS.format("reg_raw"))
    _reasons(con, reg)
    con.execute(_sql("register_row"))
    con.execute(_checks_sql())
    reg.rows_total = con.execute("select count(*) from reg_raw").fetchone()[0]
    if units is not None:
        _refuse_outside(con, units)
    reg.rows_bad = con.execute("select count(distinct row_number) from reg_issue").fetchone()[0]
    shown = con.execute(
        "select row_number, header, value, reason from reg_issue_text "
        "order by row_number, header limit ?",
        [ISSUES_SHOWN],
    ).fetchall()
    reg.issues = [RowIssue(r[0], r[1], r[2], r[3]) for r in shown]


def prepare_whole(con, reg: RegisterFile, path: Path, units: frozenset[str] | None) -> bool:
    """Get ready to load a CSV register whole, straight from the file into the history.

    A system export is usually clean, and then reading it once into the history, with
    every check of ``CHECKS`` as a guard on each row, is the whole load: no copy of the
    file is stored to be checked. Its scopes, channels and yes/no cells are matched with
    those matched before in this process; the first time, from a scan of its distinct
    cells. ``load`` then raises ``Unmatched`` at a cell not matched before (call
    ``match_all``, then load again), or ``NotClean`` at the first row a check refuses,
    and the file is staged instead. Returns False for a file to stage at once: not a CSV
    read in place, or not readable (the row checks then say why).
    """
    if reg.fmt not in ("csv", "gzip") or not path.exists():
        return False
    compression = "gzip" if reg.fmt == "gzip" else "none"
    _read_views(con, reg, path, reg.header_row, compression, trim=_AS_TEXT)
    con.execute("create or replace temp view reg_raw as select * from reg_typed")
    with _matched_lock:
        known = _known_cells()
        reg.all_cells = not (known["scope"] and known["channel"])
    try:
        _lookups(con, _CELLS.format("reg_text") if reg.all_cells else None, units)
    except Exception:  # noqa: BLE001 - unreadable: the row checks say why
        return False
    con.execute(_sql("register_row"))
    # The history's order does not matter, and writing it in any order is faster (until
    # ``cleanup``; a staged file needs the file's order for its row numbers).
    con.execute("set preserve_insertion_order = false")
    reg.whole = True
    return True


def match_all(con, reg: RegisterFile, units: frozenset[str] | None) -> None:
    """Match every distinct cell of a file prepared to load whole (after ``Unmatched``)."""
    _lookups(con, _CELLS.format("reg_text"), units)
    reg.all_cells = True


class NotClean(Exception):  # noqa: N818 - control flow, not an error
    """A register file that cannot load whole: it is staged instead (``stage``)."""


class Unmatched(Exception):  # noqa: N818 - control flow, not an error
    """A file loaded whole has a cell not matched before: ``match_all``, then load again."""


_UNMATCHED = "register cell not matched yet"


def _refuse_outside(con, units: frozenset[str]) -> None:
    from data.access import unit_name

    outside = con.execute(
        "select scope_code, count(*) as n, list(row_number order by row_number)[1:5] "
        "from reg_row where scope_code is not null and not list_contains(?, scope_code) "
        "group by scope_code order by scope_code",
        [sorted(units)],
    ).fetchall()
    if not outside:
        return
    rows = sorted(r for _, _, first in outside for r in first)[:5]
    message = messages.register_outside_units(
        sum(n for _, n, _ in outside),
        ", ".join(f"{unit_name(c)} ({c})" for c, _, _ in outside),
        ", ".join(sorted(unit_name(c) for c in units)) or "không đơn vị nào",
        ", ".join(str(r) for r in rows) + (" …" if sum(n for _, n, _ in outside) > 5 else ""),
    )
    header = spec().column("scope").header
    raise FileRejected(message, [RowIssue(r, header, None, message) for r in rows])


# --------------------------------------------------------------------------- loading


def quarantine(con, reg: RegisterFile, load_id: int, file_hash: str) -> None:
    """Every refused row's problems into staging.quarantine, in one insert-select."""
    if reg.whole:
        return  # loaded whole: no row was refused
    con.execute(
        "insert into staging.quarantine "
        "select ?, ?, ?, row_number, header, value, reason, raw_row from reg_issue_text",
        [load_id, file_hash, columns.REGISTER],
    )


def load(con, reg: RegisterFile, load_id: int, at: dt.datetime) -> tuple[int, int, int]:
    """Merge the good rows by dossier code; return (loaded, unchanged, superseded).

    Runs inside the caller's transaction, after ``stage`` or ``prepare_whole`` on the same
    connection.

    Raises:
        Unmatched: a file prepared to load whole has a cell not matched yet; the
            transaction is spoilt (roll it back, ``match_all``, then load again).
        NotClean: a file prepared to load whole has a row it cannot load that way; the
            transaction is spoilt (roll it back, then ``stage`` the file).
    """
    if reg.whole:
        return _load_whole(con, reg, load_id, at)
    same = " and ".join(f"g.{f} is not distinct from d.{f}" for f in _FIELDS)
    con.execute(
        "create or replace temp table reg_state as "
        "select g.*, d.scope_code as old_scope_code, d.received_at as old_received_at, case "
        "when d.dossier_code is null then 'new' "
        f"when {same} then 'same' else 'changed' end as state "
        "from reg_good as g left join (select * from core.dossier where dossier_code in "
        "(select dossier_code from reg_good)) as d using (dossier_code)"
    )
    counts = dict(con.execute("select state, count(*) from reg_state group by state").fetchall())
    touched = _touched(
        con,
        "select scope_code, received_at from reg_state where state <> 'same' union all "
        "select old_scope_code, old_received_at from reg_state where state = 'changed'",
    )
    changed = counts.get("changed", 0)
    if changed:
        con.execute(
            "update core.dossier_history as h set superseded_at = ?, superseded_by_load = ? "
            "from reg_state as s where s.state = 'changed' and h.dossier_code = s.dossier_code "
            "and h.superseded_at is null",
            [at, load_id],
        )
    con.execute(
        f"insert into {HISTORY_COLUMNS} "
        f"select ?, {', '.join(VERSION)}, ? from reg_state where state <> 'same'",
        [load_id, at],
    )
    refresh_months(con, *touched)
    return counts.get("new", 0) + changed, counts.get("same", 0), changed


def guarded_rows() -> str:
    """Every row of ``reg_row`` as a version (``HISTORY_COLUMNS``), guarded by every check.

    Takes the load id and time as parameters. A row a check refuses raises at once; so
    does a cell not matched yet (``Unmatched``). ``make bench`` times its parts.
    """
    refused = " or ".join(f"({c.failing})" for c in CHECKS if c.lookup is None)
    unmatched = " or ".join(f"({c.failing})" for c in CHECKS if c.lookup is not None)
    return (
        f"select ?, {_version_select()}, ? from reg_row where case "
        f"when {refused} then error('register row refused') "
        f"when {unmatched} then error('{_UNMATCHED}') else true end"
    )


def _load_whole(con, reg: RegisterFile, load_id: int, at: dt.datetime) -> tuple[int, int, int]:
    """``load`` of a file read once, straight into the history (see ``prepare_whole``).

    Every row is written as a new version, each guarded by every check; then a version
    equal to the dossier's current one is taken out again (unchanged), and the current
    version of a changed dossier is superseded. Codes repeated in the file, and a file
    without rows, make it ``NotClean``.
    """
    try:
        (rows,) = con.execute(
            f"insert into {HISTORY_COLUMNS} {guarded_rows()}", [load_id, at]
        ).fetchone()
    except duckdb.Error as exc:
        if _UNMATCHED in str(exc) and not reg.all_cells:
            raise Unmatched from exc
        raise NotClean(str(exc).splitlines()[0]) from exc
    repeated, low, high = con.execute(
        "select count(*) - count(distinct dossier_code), min(dossier_code), max(dossier_code) "
        "from core.dossier_history where load_id = ?",
        [load_id],
    ).fetchone()
    if not rows or repeated:
        raise NotClean("no rows" if not rows else "codes repeated in the file")
    # The current versions this file replaces. The codes' range lets DuckDB skip the row
    # groups of other periods' dossiers (an export's codes are usually close together),
    # so a file of new dossiers only (the next month) finds none and joins nothing.
    bounds = {"id": load_id, "low": low, "high": high}
    current = (
        "h.superseded_at is null and h.load_id <> $id and h.dossier_code between $low and $high"
    )
    (replaces,) = con.execute(
        f"select exists (select 1 from core.dossier_history as h where {current})", bounds
    ).fetchone()
    same = " and ".join(f"n.{f} is not distinct from h.{f}" for f in _FIELDS)
    con.execute(
        "create or replace temp table reg_prior as "
        f"select h.dossier_code, h.scope_code, h.received_at, {same} as same "
        "from core.dossier_history as h inner join ("
        "select * from core.dossier_history where load_id = $id) as n using (dossier_code) "
        f"where {str(replaces).lower()} and {current}",
        bounds,
    )
    unchanged, changed = con.execute(
        "select count(*) filter (where same), count(*) filter (where not same) from reg_prior"
    ).fetchone()
    touched = _touched(
        con,
        f"select scope_code, received_at from core.dossier_history where load_id = {load_id} "
        "and dossier_code not in (select dossier_code from reg_prior where same) union all "
        "select scope_code, received_at from reg_prior where not same",
        before_load=load_id,
    )
    if unchanged:
        con.execute(
            "delete from core.dossier_history where load_id = ? and dossier_code in "
            "(select dossier_code from reg_prior where same)",
            [load_id],
        )
    if changed:
        con.execute(
            "update core.dossier_history as h set superseded_at = $at, superseded_by_load = $id "
            f"from reg_prior as p where not p.same and h.dossier_code = p.dossier_code and {current}",
            {**bounds, "at": at},
        )
    refresh_months(con, *touched)
    reg.rows_total, reg.rows_bad, reg.issues = rows, 0, []
    return rows - unchanged, unchanged, changed


def _touched(
    con, versions_sql: str, before_load: int | None = None
) -> tuple[list[str], dt.date | None]:
    """The scopes and first month whose register values a change of these versions can alter.

    ``versions_sql`` selects (scope_code, received_at) of the versions a load writes or
    replaces, or a rollback removes or restores; call it before the change, or, for a load
    whose new versions are written already, pass its id as ``before_load``.
    The first month is the earliest receipt among them (due dates and results are never
    before receipt), or the month after a scope's last month, whose pending dossiers count
    on into a later last month (``refresh_months`` adds the same for the last month after).
    """
    scopes, first = con.execute(
        "select list(distinct scope_code order by scope_code), min(received_at)::date "
        f"from ({versions_sql})"
    ).fetchone()
    if not scopes:
        return [], None
    return scopes, _after_last(con, scopes, first, before_load)


def _after_last(con, scopes: list[str], since: dt.date, before_load: int | None = None) -> dt.date:
    """The month of ``since``, or the month after one of ``scopes``' last month if earlier.

    The current dossiers are read as they were before ``before_load`` when it is given.
    Only a scope with no dossier received in the month before ``since`` or later can move
    the answer back, so the dossiers received from that month on are read first (a load
    of a new month reads two months, not the whole history), and the latest receipt of
    any other scope after them.
    """
    month = since.replace(day=1)
    before = (month - dt.timedelta(days=1)).replace(day=1)
    current = "core.dossier" + ("" if before_load is None else f" where load_id <> {before_load:d}")
    recent = con.execute(
        f"select list(distinct scope_code) from (select * from {current}) "
        "where received_at >= ? and list_contains(?, scope_code)",
        [before, scopes],
    ).fetchone()[0]
    stale = sorted(set(scopes) - set(recent or []))
    if not stale:
        return month
    (after,) = con.execute(
        "select min(date_trunc('month', last) + interval 1 month)::date from ("
        f"select max(received_at) as last from (select * from {current}) "
        "where list_contains(?, scope_code) group by scope_code)",
        [stale],
    ).fetchone()
    return month if after is None else min(month, after)


def refresh_months(con, scopes: list[str], since: dt.date | None) -> None:
    """Recompute marts.register_month for ``scopes`` from the month ``since`` (None: all).

    Call after the change, with ``_touched`` taken before it: the months after a scope's
    last month as it is now are recomputed too, since a last month that moved back (a
    rollback) stops counting pending dossiers there.
    """
    if not scopes:
        return
    if since is not None:
        since = _after_last(con, scopes, since)
    con.execute(
        "delete from marts.register_month where list_contains(?, scope_code) "
        "and (?::date is null or period_start >= ?::date)",
        [scopes, since, since],
    )
    con.execute(
        "insert into marts.register_month select * from marts.register_month_from(?, ?::date)",
        [scopes, since],
    )


def note_rollback(con, load_id: int) -> tuple[list[str], dt.date | None]:
    """Rollback, first step: the scopes and first month rolling back ``load_id`` alters.

    Call before the load's history rows are deleted and the versions they replaced are
    restored (core.dossier, a view, then shows the restored versions); then pass the
    answer to ``refresh_months``.
    """
    return _touched(
        con,
        "select scope_code, received_at from core.dossier_history "
        f"where load_id = {int(load_id)} or superseded_by_load = {int(load_id)}",
    )


def cleanup(con) -> None:
    """Drop the temp views and tables of one register file; give DuckDB its memory back."""
    for name in ("reg_issue_text", "reg_good", "reg_row", "reg_raw", "reg_typed", "reg_text"):
        con.execute(f"drop view if exists {name}")
    for name in (
        "reg_rows",
        "reg_prior",
        "reg_issue",
        "reg_state",
        "reg_scope",
        "reg_channel",
        "reg_flag",
        "reg_reason",
        "reg_column",
        "reg_channel_words",
    ):
        con.execute(f"drop table if exists {name}")
    con.execute("reset preserve_insertion_order")
