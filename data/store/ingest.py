"""Loading submitted files: archive first, read, check, then load in one transaction.

Guarantees (each has a test):

* The raw bytes are archived by content hash and a pending receipt (with the submitter's
  name, role and units) is written before anything else; the commit settles it into the
  archive manifest, which ``rebuild`` replays into a fresh database (data/store/archive.py).
* Upload, CLI, pending queue and rebuild share ``process_entry``: the same permission
  and scope rules for the same submitter, so a replay reaches the same outcome.
* The good rows of one file load in one transaction: never half a file.
* Loading the same file again changes no data (status ``unchanged``).
* A corrected resubmission for the same key supersedes the current value; the earlier
  row stays in the table with ``superseded_at`` / ``superseded_by_load`` set.
* Every attempt is written to ``raw.load_log``; every refused row to
  ``staging.quarantine`` with its reason.
* When the database is busy the receipt stays pending and the file can be loaded later
  with ``python -m data ingest --pending``; a refusal made while busy is recorded then.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checks.result import FileRejected, RowIssue
from data import access, catalog, messages, settings
from data.catalog import columns
from data.intake import guard
from data.intake.mapping import ColumnMapping
from data.store import audit, db, register
from data.store.archive import (
    INPUT_SUFFIXES,
    Keeping,
    clear_receipt,
    content_hash,
    is_rollback,
    new_receipt,
    pending_entries,
    record_event,
    settle,
    store_bytes,
    stored_path,
    write_receipt,
)

# Files read and checked together by ``ingest_paths`` (bounded so memory stays small).
INGEST_BATCH = 200
BATCH_BYTES = 64 * 1024 * 1024  # a month of a city's dossier register is read alone

# Frame columns compared to decide whether a resubmitted row changes anything.
_PROGRESS_VALUES = (
    "status",
    "percent_complete",
    "output_document",
    "difficulties",
    "report_date",
    "note",
)
_INDICATOR_VALUES = (
    "scope_type",
    "period_type",
    "period_start",
    "period_end",
    "year",
    "numerator",
    "denominator",
    "value",
    "note",
)

# Which file header explains a frame column, for messages (frame column -> input name).
_LABEL_SOURCE = {
    "unit_code": "unit",
    "year": "period",
    "period_code": "period",
    "task_id": "task",
    "status": "status",
    "percent_complete": "percent_complete",
    "output_document": "output_document",
    "difficulties": "difficulties",
    "report_date": "report_date",
    "note": "note",
    "indicator_code": "indicator",
    "scope_type": "scope",
    "scope_code": "scope",
    "period_type": "period",
    "period_key": "period",
    "period_start": "period",
    "period_end": "period",
    "numerator": "numerator",
    "denominator": "denominator",
    "value": "value",
}


@dataclass
class FileResult:
    """Outcome of one file; ``as_dict`` is the ``--json`` shape of the CLI."""

    file: str
    kind: str | None = None
    status: str = "rejected"  # loaded | partial | rejected | unchanged | busy | failed
    rows_total: int = 0
    rows_loaded: int = 0
    rows_unchanged: int = 0
    rows_superseded: int = 0
    rows_quarantined: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    message: str | None = None
    load_id: int | None = None
    file_hash: str | None = None
    archive_path: str | None = None

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "rows_total": self.rows_total,
            "rows_loaded": self.rows_loaded,
            "rows_unchanged": self.rows_unchanged,
            "rows_superseded": self.rows_superseded,
            "rows_quarantined": self.rows_quarantined,
            "message": self.message,
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class CheckedFile:
    """A file read and checked, not yet loaded."""

    kind: str
    good: pd.DataFrame
    bad_rows: dict[int, list[RowIssue]]
    file_issues: list[RowIssue]
    raw_rows: dict[int, dict]
    rows_total: int
    frame: pd.DataFrame | None = None  # every row read, good or not (scope is judged on all)
    notes: list[str] = field(default_factory=list)  # what the reader wants said (hidden rows)


@dataclass(frozen=True)
class SourceFile:
    """The file a submitted content was read from, as it was just before the read."""

    path: Path
    stamp: tuple[int, int]  # size, modification time (ns)

    @classmethod
    def of(cls, path: Path) -> SourceFile:
        st = path.stat()
        return cls(path, (st.st_size, st.st_mtime_ns))

    def check_unchanged(self) -> None:
        """Raise when the file changed since: what was read may not be what was kept."""
        if SourceFile.of(self.path).stamp != self.stamp:
            raise RuntimeError(messages.source_changed(self.path.name))


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --------------------------------------------------------------------------- checking


def _plan_year_for(frame: pd.DataFrame) -> int | None:
    """The plan year a file belongs to: the most common year that has a plan catalog."""
    years = set(catalog.available_years())
    counts = frame["year"].dropna().astype(int).value_counts()
    for year in counts.index:
        if int(year) in years:
            return int(year)
    return None


def _read(name: str, content: bytes, kind: str | None, mapping: ColumnMapping | None = None):
    """Read and normalise one file: (normalized, refs, labels, notes); FileRejected if broken."""
    from data.intake.normalize import looks_like_header, normalize
    from data.intake.readers import read_table

    def is_header(cells) -> bool:
        return looks_like_header(mapping.rename(cells) if mapping else cells)

    table = read_table(content, name, is_header)
    normalized = normalize(
        table, catalog.reference_sets(), catalog.load_units(), kind=kind, mapping=mapping
    )
    notes = [messages.hidden_rows(table.hidden_rows)] if table.hidden_rows else []
    notes += normalized.notes
    if normalized.frame.empty:
        raise FileRejected(messages.NO_DATA_ROWS)
    refs = catalog.reference_sets(_plan_year_for(normalized.frame))
    labels = {
        col: normalized.column_map.get(src) or _default_label(normalized.kind, src)
        for col, src in _LABEL_SOURCE.items()
    }
    return normalized, refs, labels, notes


def check_files(
    items: Sequence[tuple[str, bytes]],
    kind: str | None = None,
    mapping: ColumnMapping | None = None,
) -> list[CheckedFile | FileRejected]:
    """Read, normalise and check several files; per file a CheckedFile or its rejection.

    Files of the same kind and plan year are validated together in one run of the suite,
    so a folder of a hundred reports costs little more than one. ``mapping`` renames the
    unit's own headers (``data.intake.mapping``).
    """
    out: list = [None] * len(items)
    groups: dict[tuple[str, int], list[int]] = {}
    read = {}
    for index, (name, content) in enumerate(items):
        try:
            # A dossier register is read and checked by the database when it is loaded.
            found = register.sniff(name, content) if kind in (None, columns.REGISTER) else None
            if found is not None:
                out[index] = found
                continue
            read[index] = _read(name, content, kind, mapping)
        except FileRejected as exc:
            out[index] = exc
            continue
        except Exception as exc:  # noqa: BLE001 - one file's failure never stops the others
            out[index] = FileRejected(messages.unreadable(exc))
            continue
        normalized, refs, _, _ = read[index]
        groups.setdefault((normalized.kind, refs.year), []).append(index)
    if groups:  # a batch of dossier registers alone never needs Great Expectations
        from checks.suites import validate_many  # heavy import: only here
    for (group_kind, _), members in groups.items():
        refs = read[members[0]][1]
        found = validate_many(
            group_kind,
            [read[i][0].frame for i in members],
            refs,
            [read[i][2] for i in members],
        )
        for index, issues in zip(members, found, strict=True):
            normalized, _, _, notes = read[index]
            out[index] = _checked(normalized, list(normalized.issues) + issues, notes)
    return out


def _checked(normalized, issues: list[RowIssue], notes: list[str]) -> CheckedFile:
    frame = normalized.frame
    bad_ids = {i.row for i in issues if i.row is not None}
    good = frame[~frame["row_number"].isin(bad_ids)].copy()
    # A wide layout's rows are cells: from here on, rows and columns are the sheet's.
    issues = normalized.on_sheet(issues)
    frame, good = normalized.sheet_rows(frame), normalized.sheet_rows(good)
    file_issues = [i for i in issues if i.row is None]
    bad_rows: dict[int, list[RowIssue]] = {}
    seen: set[tuple] = set()
    for issue in issues:
        if issue.row is None:
            continue
        key = (issue.row, issue.column)
        if key in seen:
            continue
        seen.add(key)
        bad_rows.setdefault(issue.row, []).append(issue)
    return CheckedFile(
        kind=normalized.kind,
        good=good,
        bad_rows=bad_rows,
        file_issues=file_issues,
        raw_rows=normalized.raw_rows,
        rows_total=len(frame),
        frame=frame,
        notes=notes,
    )


def check_file(
    name: str, content: bytes, kind: str | None = None, mapping: ColumnMapping | None = None
) -> CheckedFile:
    """Read, normalise and check a file; raise FileRejected on a structural failure."""
    [checked] = check_files([(name, content)], kind, mapping)
    if isinstance(checked, FileRejected):
        raise checked
    return checked


def _default_label(kind: str, source: str) -> str:
    labels = columns.PROGRESS_INPUT if kind == columns.PROGRESS else columns.INDICATOR_INPUT
    return labels.get(source, source)


def _fill_counts(result: FileResult, checked: CheckedFile) -> None:
    result.kind = checked.kind
    result.rows_total = checked.rows_total
    result.rows_quarantined = len(checked.bad_rows)
    result.errors = checked.file_issues + [
        issue for row in sorted(checked.bad_rows) for issue in checked.bad_rows[row]
    ]


# --------------------------------------------------------------------------- loading


def _prepare(kind: str, good: pd.DataFrame) -> pd.DataFrame:
    frame = good.copy()
    if kind == columns.INDICATOR:
        cols = list(columns.INDICATOR_FRAME)
    else:
        cols = list(columns.PROGRESS_FRAME)
    frame = frame[cols]
    for col in ("report_date", "period_start", "period_end"):
        if col in frame:
            frame[col] = pd.to_datetime(frame[col]).dt.date
    for col in ("percent_complete", "numerator", "denominator", "value"):
        if col in frame:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    if "year" in frame:
        frame["year"] = frame["year"].astype("int64")
    frame["row_number"] = frame["row_number"].astype("int64")
    return frame


def _load_rows(con, kind: str, frame: pd.DataFrame, load_id: int, at: dt.datetime) -> tuple:
    """Insert new rows, supersede changed ones; return (loaded, unchanged, superseded)."""
    if kind == columns.PROGRESS:
        table, key, values, cols = (
            "core.progress_report",
            columns.PROGRESS_KEY,
            _PROGRESS_VALUES,
            columns.PROGRESS_FRAME,
        )
    else:
        table, key, values, cols = (
            "core.indicator_value",
            columns.INDICATOR_KEY,
            _INDICATOR_VALUES,
            columns.INDICATOR_FRAME,
        )
    con.register("incoming_rows", frame)
    # A rate row's value is the database's rate_pct of its numerator and denominator
    # (data/store/schema.sql), whatever value the file wrote.
    rated = (
        " replace (case when numerator is not null and denominator is not null"
        " then rate_pct(numerator, denominator) else value end as value)"
        if kind == columns.INDICATOR
        else ""
    )
    con.execute(f"create or replace temp view incoming as select *{rated} from incoming_rows")
    try:
        key_match = " and ".join(f"t.{k} = n.{k}" for k in key)
        same = " and ".join(f"t.{v} is not distinct from n.{v}" for v in values)
        unchanged = con.execute(
            f"select count(*) from incoming n join {table} t on {key_match} "
            f"and t.superseded_at is null and {same}"
        ).fetchone()[0]
        superseded = con.execute(
            f"update {table} t set superseded_at = ?, superseded_by_load = ? from incoming n "
            f"where {key_match} and t.superseded_at is null and not ({same}) returning 1",
            [at, load_id],
        ).fetchall()
        col_list = ", ".join(cols)
        n_cols = ", ".join(f"n.{c}" for c in cols)
        inserted = con.execute(
            f"insert into {table} ({col_list}, load_id, loaded_at) "
            f"select {n_cols}, ?, ? from incoming n "
            f"where not exists (select 1 from {table} t where {key_match} "
            f"and t.superseded_at is null) returning 1",
            [load_id, at],
        ).fetchall()
    finally:
        con.execute("drop view if exists incoming")
        con.unregister("incoming_rows")
    return len(inserted), unchanged, len(superseded)


def _quarantine_rows(checked: CheckedFile | None, issues: Iterable[RowIssue]) -> list[tuple]:
    raw_rows = checked.raw_rows if checked else {}
    out = []
    for issue in issues:
        raw = raw_rows.get(issue.row) if issue.row is not None else None
        raw_json = json.dumps(raw, ensure_ascii=False, default=str) if raw else None
        out.append((issue.row, issue.column, issue.value, issue.reason, raw_json))
    return out


def _write_load(
    con,
    result: FileResult,
    checked: CheckedFile | None,
    entry: dict,
    received_at: dt.datetime,
    started_at: dt.datetime,
    strict: bool,
    who: Submitter,
) -> None:
    """Everything one file does to the database, inside the caller's transaction."""
    digest = result.file_hash
    # fetchall, not fetchone: an unread row would leave the result open on the connection.
    known = con.execute("select 1 from raw.file where file_hash = ?", [digest]).fetchall()
    known = known[0] if known else None
    if entry.get("archive_path") and known is None:
        con.execute(
            "insert into raw.file values (?, ?, ?, ?, ?)",
            [digest, result.file, entry["size_bytes"], entry["archive_path"], received_at],
        )
    # A register that could not load whole tries again with the id it took (a sequence
    # value is not given back by a rollback).
    load_id = result.load_id or con.execute("select nextval('raw.load_id_seq')").fetchone()[0]
    result.load_id = load_id
    if _loaded_before(con, digest) and result.status != "rejected":
        result.status = "unchanged"
        result.rows_unchanged = result.rows_total - result.rows_quarantined
        result.rows_quarantined = 0
        result.message = messages.SAME_FILE_AGAIN
    elif result.status != "rejected" and checked is not None:
        if isinstance(checked, register.RegisterFile):
            loaded, unchanged, superseded = register.load(con, checked, load_id, received_at)
            _register_verdict(result, checked, strict)
        else:
            frame = _prepare(checked.kind, checked.good)
            loaded, unchanged, superseded = _load_rows(
                con, checked.kind, frame, load_id, received_at
            )
        result.rows_loaded, result.rows_unchanged, result.rows_superseded = (
            loaded,
            unchanged,
            superseded,
        )
        if result.rows_quarantined:
            result.status = "partial"
        elif loaded == 0 and superseded == 0:
            result.status = "unchanged"
        else:
            result.status = "loaded"
    if result.status != "unchanged" and isinstance(checked, register.RegisterFile):
        register.quarantine(con, checked, load_id, digest)
    elif result.status != "unchanged" and result.errors:
        rows = _quarantine_rows(checked, result.errors)
        frame = pd.DataFrame(
            rows, columns=["row_number", "column_name", "value", "reason", "raw_row"]
        ).astype({"row_number": "Int64"})
        # One bulk insert from the frame: row-by-row inserts cost ~2 ms a row.
        con.register("quarantine_rows", frame)
        try:
            con.execute(
                "insert into staging.quarantine select ?, ?, ?, row_number, column_name, "
                "value, reason, cast(raw_row as json) from quarantine_rows",
                [load_id, digest, result.kind],
            )
        finally:
            con.unregister("quarantine_rows")
    _record_reports(con, load_id, checked, who)
    con.execute(
        "insert into raw.load_log (load_id, file_hash, original_name, kind, started_at, "
        "finished_at, status, strict, rows_total, rows_loaded, rows_unchanged, "
        "rows_superseded, rows_quarantined, message, submitted_by, receipt, received_at) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            digest,
            result.file,
            result.kind,
            started_at,
            _now(),
            result.status,
            strict,
            result.rows_total,
            result.rows_loaded,
            result.rows_unchanged,
            result.rows_superseded,
            result.rows_quarantined,
            result.message,
            who.name,
            entry["receipt"],
            received_at,
        ],
    )


def _record_reports(con, load_id: int, checked: CheckedFile | None, who: Submitter) -> None:
    """Which unit reports a progress file stood for, its refused rows included.

    Read by reporting compliance: a report that arrived and was refused is "returned",
    not missing. Rows of units the submitter may not report for are left out.
    """
    if checked is None or checked.kind != columns.PROGRESS or checked.frame is None:
        return
    frame = checked.frame[["unit_code", "year", "period_code"]].dropna().drop_duplicates()
    reports = [
        (str(unit), int(year), str(period))
        for unit, year, period in frame.itertuples(index=False)
        if who.units is None or unit in who.units
    ]
    if not reports:
        return
    values = ", ".join("(?, ?, ?)" for _ in reports)
    con.execute(
        "insert into raw.load_report select ?, r.unit_code, r.year, r.period_code "
        f"from (values {values}) r(unit_code, year, period_code) "
        "join core.unit u using (unit_code)",
        [load_id, *(v for report in reports for v in report)],
    )


@dataclass(frozen=True)
class Submitter:
    """Who sent a file, fixed when it arrives and kept with it in the archive.

    ``units`` are the unit codes whose rows the file may carry; ``None`` means any unit
    (an admin, or the server console). Every path that loads a file (upload, CLI, the
    pending queue, rebuild) applies the same rules to this identity.
    """

    name: str
    role: str
    units: frozenset[str] | None = None

    def as_entry(self) -> dict:
        return {
            "submitted_by": self.name,
            "role": self.role,
            "units": None if self.units is None else sorted(self.units),
        }

    @classmethod
    def from_entry(cls, entry: dict) -> Submitter:
        """The identity kept with an archived file (console for entries from before)."""
        units = entry.get("units")
        return cls(
            name=entry.get("submitted_by") or access.console_actor(None),
            role=entry.get("role") or access.CONSOLE_ROLE,
            units=None if units is None else frozenset(units),
        )

    def refusal(self) -> str | None:
        """Why this identity may not load files at all (None: it may)."""
        if self.role == access.CONSOLE_ROLE:
            return None
        user = access.User(username=self.name, name=self.name, role=self.role)
        try:
            access.require(user, "upload")
        except access.AccessDenied as exc:
            return str(exc)
        return None


def submitter_for(
    actor: access.User | None,
    submitted_by: str | None = None,
    allowed_units: frozenset[str] | None = None,
) -> Submitter:
    """The identity of an arrival: the signed-in user, else the server console."""
    if actor is None:
        return Submitter(
            submitted_by or access.console_actor(None), access.CONSOLE_ROLE, allowed_units
        )
    if allowed_units is None and actor.role != "admin":
        allowed_units = access.allowed_units(actor)
    return Submitter(submitted_by or actor.username, actor.role, allowed_units)


def ingest_bytes(
    name: str,
    content: bytes,
    db_file: str | os.PathLike | None = None,
    strict: bool = False,
    received_at: dt.datetime | None = None,
    submitted_by: str | None = None,
    archive: Path | None = None,
    wait: float | None = None,
    actor: access.User | None = None,
    allowed_units: frozenset[str] | None = None,
    prechecked: CheckedFile | FileRejected | None = None,
    mapping: ColumnMapping | None = None,
    source: SourceFile | None = None,
    file_hash: str | None = None,
) -> FileResult:
    """Receive, archive, check and load one file. Never raises for a bad file: see the result.

    ``actor`` is the signed-in user of the upload page: a viewer is refused, a submitter
    may send only rows of ``allowed_units`` (default ``access.allowed_units(actor)``).
    Without ``actor`` the server console sends the file (any unit). ``prechecked`` is
    this file's result of ``check_files`` when a batch was checked at once.
    ``mapping`` renames the unit's own headers; without it, a submitter bound to one unit
    gets that unit's saved mapping (``data.store.mappings``). The mapping applied is kept
    in the receipt, so every later read of the file (pending queue, rebuild) is the same.

    The arrival is written as a pending receipt (with the submitter) before the database
    is touched; see ``data.store.archive`` for why no crash leaves a ghost. A register
    read from ``source`` (``kpi ingest``) is the exception: the database reads that file
    while its copy and receipt are written, and commits only after both are on disk.
    ``file_hash``: the content's hash when the caller has it already.
    """
    display_name = Path(name).name
    archive = archive or db.archive_dir(db_file)
    received_at = received_at or _now()
    who = submitter_for(actor, submitted_by, allowed_units)
    if mapping is None and who.units is not None and len(who.units) == 1:
        from data.store import mappings

        mapping = mappings.saved_or_none(next(iter(who.units)), db_file, wait)
    entry = {
        "receipt": new_receipt(),
        "file_hash": file_hash or content_hash(content),
        "original_name": display_name,
        "received_at": received_at.isoformat(),
        "strict": strict,
        **who.as_entry(),
    }
    if mapping:
        entry["mapping"] = mapping.as_entry()
    refused = who.refusal() or _oversize(display_name, content)
    if refused:
        # Refused before archiving: the attempt is recorded, the payload is not kept.
        entry.update(archive_path=None, size_bytes=len(content), refused=refused)
    else:
        stored = stored_path(display_name, entry["file_hash"], archive)
        entry.update(archive_path=str(stored.relative_to(archive)), size_bytes=len(content))

    def keep() -> None:
        if not refused:
            store_bytes(display_name, content, archive, entry["file_hash"])
        fault_point("received")
        write_receipt(archive, entry)
        fault_point("receipt")

    if source is not None and not refused and isinstance(prechecked, register.RegisterFile):
        # A register given by its path: DuckDB reads the sender's file while the archive
        # copy is written and synced; the load commits only once it and the receipt are.
        keeping = Keeping(keep)
        return process_entry(
            entry, content, db_file, archive, wait, prechecked, source, keeping.wait
        )
    keep()
    return process_entry(entry, content, db_file, archive, wait, prechecked)


def _oversize(name: str, content: bytes) -> str | None:
    register_limit = int(settings.max_register_mb() * 1024 * 1024)
    if len(content) <= min(guard.max_upload_bytes(), register_limit):
        return None  # within every limit: which kind it is does not matter here
    limit = None
    try:
        if register.sniff(name, content) is not None:
            limit = register_limit
    except FileRejected:
        pass  # refused with its reason when checked
    try:
        guard.check_size(name, content, limit)  # too big to keep in the archive
    except guard.UploadRefused as exc:
        return exc.reason
    return None


def fault_point(name: str) -> None:
    """Die here with SIGKILL when ``KPI_FAULT_POINT`` names this point (crash tests only)."""
    if settings.fault_point() == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _settle_committed(con, archive: Path) -> None:
    """Finish receipts of earlier attempts that committed but did not settle (a crash).

    Called holding the write lock. A file's receipt that did not commit stays pending (the
    file can still be loaded); a rollback's marker that did not commit is removed: the
    rollback did not happen, and no rollback can be half-way while this lock is held.
    """
    entries = [e for e in pending_entries(archive) if e.get("receipt")]
    if not entries:
        return
    receipts = [e["receipt"] for e in entries]
    marks = ", ".join("?" * len(receipts))
    found = con.execute(
        f"select receipt from raw.load_log where receipt in ({marks}) union "
        f"select receipt from raw.load_rollback where receipt in ({marks})",
        receipts + receipts,
    ).fetchall()
    committed = {r[0] for r in found}
    settle(archive, committed)
    for entry in entries:
        if is_rollback(entry) and entry["receipt"] not in committed:
            clear_receipt(archive, entry["receipt"])


def process_entry(
    entry: dict,
    content: bytes | None,
    db_file: str | os.PathLike | None,
    archive: Path,
    wait: float | None,
    prechecked: CheckedFile | FileRejected | None = None,
    source: SourceFile | None = None,
    kept: Callable[[], None] | None = None,
) -> FileResult:
    """Check and load one received file under its submitter's rules, then settle it.

    The same function serves a new upload, the pending queue and ``rebuild``, so a replay
    reaches the same outcome as the original attempt. ``source``: the file a register is
    read from instead of its archive copy, which ``kept`` waits for (see ``ingest_bytes``).
    """
    who = Submitter.from_entry(entry)
    strict = bool(entry.get("strict"))
    started_at = _now()
    result = FileResult(file=entry["original_name"], file_hash=entry["file_hash"])
    result.archive_path = entry.get("archive_path")
    checked: CheckedFile | None = None
    try:
        if entry.get("refused"):
            raise FileRejected(entry["refused"])
        refusal = who.refusal()
        if refusal:
            raise FileRejected(refusal)
        if isinstance(prechecked, FileRejected):
            raise prechecked
        mapping = ColumnMapping.from_entry(entry.get("mapping"))
        checked = prechecked or check_file(result.file, content, mapping=mapping or None)
        if isinstance(checked, register.RegisterFile):
            # Read, checked and judged for scope by the database, under the write lock.
            result.kind, result.status = checked.kind, "pending"
            raise _Deferred
        outside = [] if who.units is None else access.rows_outside_units(checked, who.units)
        if outside:
            raise FileRejected(access.outside_units_message(outside), outside)
        _fill_counts(result, checked)
        if strict and checked.bad_rows:
            result.status = "rejected"
            result.message = messages.strict_rejected(len(checked.bad_rows))
            result.rows_quarantined = result.rows_total
        elif checked.good.empty:
            result.status = "rejected"
            result.message = messages.NO_VALID_ROWS
        else:
            result.status = "pending"
            result.message = " ".join(checked.notes) or None
    except _Deferred:
        pass
    except FileRejected as exc:
        checked = None
        _refused(result, exc)

    try:
        _load_entry(
            result, checked, entry, content, db_file, archive, wait, started_at, source, kept
        )
    finally:
        if kept is not None:
            _wait_kept(kept, result)
    return result


def _load_entry(
    result, checked, entry, content, db_file, archive, wait, started_at, source, kept
) -> None:
    """The database part of ``process_entry``, under the write lock.

    One transaction (two for a register that could not load whole), then the manifest
    line. Every outcome is written into ``result``.
    """
    who = Submitter.from_entry(entry)
    strict = bool(entry.get("strict"))
    received_at = dt.datetime.fromisoformat(entry["received_at"])

    def ready() -> None:  # before a commit: the copy and receipt are on disk, as read
        if kept is not None:
            kept()
        if source is not None:
            source.check_unchanged()

    read_from = source.path if source else archive / (entry.get("archive_path") or "")
    try:
        with db.writer(db_file, wait=wait) as con:
            _settle_committed(con, archive)
            seen = con.execute(
                "select 1 from raw.load_log where receipt = ?", [entry["receipt"]]
            ).fetchall()
            if seen:  # settled just now: this arrival was already recorded
                result.status, result.message = "unchanged", messages.SETTLED_EARLIER
                return
            load = (con, result, checked, entry, received_at, started_at, strict, who)
            if isinstance(checked, register.RegisterFile):
                if not _whole_register(con, checked, entry, read_from, who):
                    load = _restage(load, read_from, content)
            while True:  # a register tries whole, then with all its cells matched, then staged
                try:
                    _commit_load(*load, ready=ready)
                    break
                except register.Unmatched:
                    register.match_all(con, checked, who.units)
                except register.NotClean:
                    load = _restage(load, read_from, content)
            checked = load[2]
            if isinstance(checked, register.RegisterFile):
                register.cleanup(con)
            fault_point("committed")
            # Still holding the write lock: the manifest keeps the order of the commits.
            record_event(archive, entry)
            fault_point("manifest")
            clear_receipt(archive, entry["receipt"])
    except db.DatabaseBusy as exc:
        result.rows_loaded = result.rows_unchanged = result.rows_superseded = 0
        if result.status == "rejected":
            result.message = messages.refusal_recorded_later(result.message or "")
        else:
            result.status = "busy"
            result.message = messages.busy(str(exc))
    except Exception as exc:  # a bug or a disk problem: the receipt stays pending
        result.status = "failed"
        result.rows_loaded = result.rows_unchanged = result.rows_superseded = 0
        result.message = messages.failed(exc)
        _log_failure(db_file, result, started_at, strict, who.name, wait)


def _wait_kept(kept: Callable[[], None], result: FileResult) -> None:
    """Wait for the archive copy and receipt of a file; a failure to keep them fails it."""
    try:
        kept()
    except Exception as exc:  # noqa: BLE001 - a disk problem: said in the result
        if result.status not in ("failed", "busy"):
            result.rows_loaded = result.rows_unchanged = result.rows_superseded = 0
        result.status = "failed"
        result.message = messages.failed(exc)


class _Deferred(Exception):  # noqa: N818 - control flow, not an error
    """The file's checks run later, in the database (a dossier register)."""


def _commit_load(con, result, checked, entry, received_at, started_at, strict, who, ready) -> None:
    """Everything one file does to the database, in one transaction (``ready`` first)."""
    con.execute("begin transaction")
    try:
        _write_load(con, result, checked, entry, received_at, started_at, strict, who)
        _audit_load(con, result, who, received_at)
        ready()
        fault_point("before_commit")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _whole_register(con, reg, entry: dict, read_from: Path, who: Submitter) -> bool:
    """Prepare to load a register whole (``register.prepare_whole``); False: stage it.

    A file loaded before is staged, so the answer counts its rows as unchanged.
    """
    seen = _loaded_before(con, entry["file_hash"])
    return not seen and register.prepare_whole(con, reg, read_from, who.units)


def _loaded_before(con, digest: str) -> bool:
    """Whether a file with these bytes was loaded already (whole or in part)."""
    return bool(
        con.execute(
            "select 1 from raw.load_log where file_hash = ? and status in ('loaded', 'partial')",
            [digest],
        ).fetchall()
    )


def _restage(load: tuple, read_from: Path, content) -> tuple:
    """``load`` with its register staged: read, then checked a scan per check (None when refused)."""
    con, result, reg, entry, received_at, started_at, strict, who = load
    register.cleanup(con)
    result.status = "pending"
    try:
        _stage_file(con, reg, read_from, content, who.units)
    except FileRejected as exc:
        register.cleanup(con)
        _refused(result, exc)
        reg = None
    else:
        _register_verdict(result, reg, strict)
    return (con, result, reg, entry, received_at, started_at, strict, who)


def _stage_file(con, reg, source: Path | None, content: bytes, units) -> None:
    """``register.stage`` on ``source`` when it exists, else on a temporary copy of ``content``.

    The copy keeps the file's suffix: an .xlsx is read through openpyxl, which needs it.
    """
    if source is not None and source.exists():
        register.stage(con, reg, source, units)
        return
    with tempfile.TemporaryDirectory(prefix="kpi-register-") as tmp:
        copy = Path(tmp) / f"register{Path(reg.name).suffix.lower()}"
        copy.write_bytes(content)
        register.stage(con, reg, copy, units)


def preview_register(reg, content: bytes, units: frozenset[str] | None) -> FileResult:
    """What loading a register file will find, read and checked in a private database.

    The upload page shows it before the load button is pressed (rows, refused rows and
    why, or the refusal of the whole file) without taking the warehouse's write lock; the
    load reads and checks the file again. ``units``: those the sender may report for.
    """
    result = FileResult(file=Path(reg.name).name, kind=reg.kind)
    con = db.scratch()
    try:
        _stage_file(con, reg, None, content, units)
    except FileRejected as exc:
        return _refused(result, exc)
    finally:
        con.close()
    result.status = "partial" if reg.rows_bad else "loaded"
    _register_verdict(result, reg, strict=False)
    return result


def _register_verdict(result: FileResult, reg, strict: bool) -> None:
    """Counts, the refused rows shown and, when it may not load, why, of a checked register."""
    result.rows_total = reg.rows_total
    result.rows_quarantined = reg.rows_bad
    result.errors = list(reg.issues)
    if strict and reg.rows_bad:
        result.status = "rejected"
        result.message = messages.strict_rejected(reg.rows_bad)
        result.rows_quarantined = result.rows_total
    elif reg.rows_bad == reg.rows_total:
        result.status = "rejected"
        result.message = messages.NO_VALID_ROWS if reg.rows_total else messages.NO_DATA_ROWS


def _refused(result: FileResult, exc: FileRejected) -> FileResult:
    """``result`` as the refusal of the whole file, with the reason (and rows) it gives."""
    result.status = "rejected"
    result.errors = exc.issues or [RowIssue(None, None, None, exc.reason)]
    result.message = exc.reason
    return result


def _audit_load(con, result: FileResult, who: Submitter, at) -> None:
    """The audit entry of one load attempt, in the load's own transaction."""
    audit.record(
        con,
        "load",
        who.name,
        who.role,
        load_id=result.load_id,
        file_hash=result.file_hash,
        at=at,
        detail={
            "file": result.file,
            "kind": result.kind,
            "status": result.status,
            "rows_total": result.rows_total,
            "rows_loaded": result.rows_loaded,
            "rows_unchanged": result.rows_unchanged,
            "rows_superseded": result.rows_superseded,
            "rows_quarantined": result.rows_quarantined,
            "message": result.message if result.status == "rejected" else None,
        },
    )


def _log_failure(db_file, result: FileResult, started_at, strict, submitted_by, wait) -> None:
    try:
        with db.writer(db_file, wait=wait) as con:
            load_id = con.execute("select nextval('raw.load_id_seq')").fetchone()[0]
            con.execute(
                "insert into raw.load_log (load_id, file_hash, original_name, kind, started_at, "
                "finished_at, status, strict, rows_total, message, submitted_by) "
                "values (?, ?, ?, ?, ?, ?, 'failed', ?, ?, ?, ?)",
                [
                    load_id,
                    result.file_hash,
                    result.file,
                    result.kind,
                    started_at,
                    _now(),
                    strict,
                    result.rows_total,
                    result.message,
                    submitted_by,
                ],
            )
    except Exception:  # noqa: BLE001 - the failure is already reported to the person
        pass


def expand_paths(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """Files named directly, and the input files inside folders (recursively, sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and f.suffix.lower() in INPUT_SUFFIXES
                    and not f.name.startswith((".", "~$"))
                )
            )
        else:
            out.append(p)
    return out


def _batches(files: list[Path]) -> Iterable[list[Path]]:
    """Files in batches of at most INGEST_BATCH files and BATCH_BYTES bytes (a big file alone)."""
    batch: list[Path] = []
    size = 0
    for path in files:
        length = path.stat().st_size if path.exists() else 0
        if batch and (len(batch) >= INGEST_BATCH or size + length > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(path)
        size += length
    if batch:
        yield batch


@dataclass
class _Read:
    """A batch of files as read: each one's stamp before the read, bytes and content hash."""

    sources: dict[Path, SourceFile]
    contents: dict[Path, bytes]
    hashes: dict[Path, str]

    @classmethod
    def of(cls, batch: list[Path]) -> _Read:
        sources = {p: SourceFile.of(p) for p in batch if p.exists()}
        contents = {p: p.read_bytes() for p in sources}
        return cls(sources, contents, {p: content_hash(c) for p, c in contents.items()})


def _read_ahead(files: list[Path]) -> Iterator[tuple[list[Path], _Read]]:
    """Each batch with its files read; the next one is read in a thread while this one loads.

    Reading and hashing a month of a city's register takes a quarter of a second, which
    then overlaps the database's work on the file before it. At most two batches are held.
    """
    batches = iter(_batches(files))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as pool:
        batch = next(batches, None)
        reading = pool.submit(_Read.of, batch) if batch else None
        while batch is not None:
            following = next(batches, None)
            read = reading.result()
            reading = pool.submit(_Read.of, following) if following else None
            yield batch, read
            batch = following


def ingest_paths(
    paths: Sequence[str | os.PathLike],
    db_file: str | os.PathLike | None = None,
    strict: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
    archive: Path | None = None,
    wait: float | None = None,
    mapping: ColumnMapping | None = None,
    received_at: dt.datetime | None = None,
    arrivals: Mapping[str, dt.datetime] | None = None,
) -> list[FileResult]:
    """Ingest files and folders in order; one result per file.

    Files are checked in batches (one validation per kind and plan year) and then loaded
    one by one, each in its own transaction, sharing a writer connection
    (``db.held_writer``). ``mapping`` (``kpi ingest --mapping FILE``)
    renames the headers of every file. A file arrives now, unless ``arrivals`` (file name
    → time, ``data.intake.arrivals``) or ``received_at`` says when it reached the district
    (a paper report entered later).
    """
    results = []
    for batch, read in _read_ahead(expand_paths(paths)):
        contents = read.contents
        checked = dict(
            zip(
                contents,
                check_files([(p.name, c) for p, c in contents.items()], mapping=mapping),
                strict=True,
            )
        )
        with db.held_writer(db_file, wait):
            for path in batch:
                if path not in contents:
                    result = FileResult(
                        file=path.name, status="rejected", message=messages.not_found(path)
                    )
                    result.errors = [RowIssue(None, None, None, result.message)]
                else:
                    result = ingest_bytes(
                        path.name,
                        contents[path],
                        db_file,
                        strict=strict,
                        archive=archive,
                        wait=wait,
                        prechecked=checked[path],
                        mapping=mapping,
                        received_at=(arrivals or {}).get(path.name, received_at),
                        source=read.sources[path],
                        file_hash=read.hashes[path],
                    )
                results.append(result)
                if on_file:
                    on_file(result)
    return results


def ingest_pending(
    db_file: str | os.PathLike | None = None, wait: float | None = None
) -> list[FileResult]:
    """Load files whose receipt is still pending (busy database, or a crash before commit).

    Each loads as its submitter, under the same rules as when it arrived.
    """
    archive = db.archive_dir(db_file)
    results = []
    for entry in pending_entries(archive):
        if is_rollback(entry):  # settled or discarded by the next write, never loaded
            continue
        if "receipt" not in entry:  # a marker written before receipts: give it one
            entry = {**entry, "receipt": new_receipt()}
            write_receipt(archive, entry)
            (archive / "pending" / f"{entry['file_hash']}.json").unlink(missing_ok=True)
        content = None
        if entry.get("archive_path"):
            content = (archive / entry["archive_path"]).read_bytes()
        entry.setdefault("size_bytes", len(content or b""))
        results.append(process_entry(entry, content, db_file, archive, wait))
    return results


def pending_receipts(db_file: str | os.PathLike | None = None) -> list[dict]:
    """Receipts still waiting: pending markers whose attempt the database has not recorded.

    A marker whose commit happened (a crash before it settled) is not waiting: the next
    write settles it.
    """
    entries = [
        e
        for e in pending_entries(db.archive_dir(db_file))
        if e.get("receipt") and not is_rollback(e)
    ]
    if not entries:
        return []
    receipts = [e["receipt"] for e in entries]
    marks = ", ".join("?" * len(receipts))
    done = db.query(
        f"select receipt from raw.load_log where receipt in ({marks})", receipts, path=db_file
    )
    committed = set(done["receipt"])
    return [e for e in entries if e["receipt"] not in committed]


def replay_entry(
    entry: dict, content: bytes | None, db_file, archive, wait, source: SourceFile | None = None
) -> FileResult:
    """Load a manifest entry again (rebuild): same submitter, same rules, same outcome.

    ``source``: the archived file itself, which a register is then read from in place.
    """
    entry = dict(entry)
    entry.setdefault("receipt", new_receipt())  # a manifest line from before receipts
    entry.setdefault("size_bytes", len(content or b""))
    return process_entry(entry, content, db_file, archive, wait, source=source)
