"""The one door to the DuckDB warehouse: paths, connections, locking, schema and catalog.

Policy (DuckDB allows one read-write process per file, and a read-write process locks
out every reader in other processes):

* Readers share one read-only connection, kept while queries follow each other (the
  queries of a page render) and closed ``KEEP_SECONDS`` after the last one, or when a
  writer of this process needs the file; other processes' writers wait no longer.
* One writer at a time (``writer``). A writer that finds the file locked retries for
  ``KPI_DB_WAIT`` seconds (default 30), then raises ``DatabaseBusy`` with a sentence a
  person can act on. Readers wait the same way.
* Inside one process, a lock serialises writers against readers, because DuckDB refuses
  to open one file with two configurations at once.
* A batch of files may share one writer connection (``held_writer``): each file still
  has its own transaction, and the connection is closed at least every
  ``HOLD_SECONDS``, so it is never held much longer than one file's load.

What identifies the content a reader sees is ``data_version``: every cache of query
results (the metrics memo, the dashboard's cache) keys on it.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from data import catalog, settings

SQL_DIR = Path(__file__).parent

_process_lock = threading.RLock()
_writes: dict[str, int] = {}  # writer blocks ended in this process, per database file
# A held writer connection is closed once it has been open this long (see ``held_writer``).
HOLD_SECONDS = 1.0
# The shared read-only connection is closed this long after its last query, and is not
# reused once this old (see ``_Kept``): opening one costs some 15 ms, a query often less.
KEEP_SECONDS = 0.25
KEEP_AT_MOST = 1.0


class DatabaseBusy(RuntimeError):
    """Another process holds the database file for writing."""


def db_path(path: str | os.PathLike | None = None) -> Path:
    """Resolve the database path: argument, then ``KPI_DB``, then the default."""
    if path:
        return Path(path)
    return settings.db()


class DataVersion(NamedTuple):
    """What identifies a database's content (see ``data_version``)."""

    path: str
    writes: int  # writer blocks this process has ended on the file
    file: tuple | None  # (inode, size, mtime_ns) of the file, None when absent
    wal: tuple | None  # the same for its write-ahead log


def data_version(path: str | os.PathLike | None = None) -> DataVersion:
    """What identifies the database's content, for keys of cached results.

    The path, the count of writer blocks this process has ended on the file, and
    ``(inode, size, mtime_ns)`` of the file and of its write-ahead log (None when absent).
    A reader in another process is locked out while a writer is open, so it only sees
    the states between writer connections; each close checkpoints and changes the file,
    and replacing the file changes its inode. The count also tells apart, in this
    process, two writers that close within one tick of a coarse file clock at equal size.

    A counter row bumped in each load's transaction would be exact, but reading it needs
    a connection to the file: about 23 ms on the demo database against some 11
    microseconds for the two ``stat`` calls, paid on every page render.
    """
    p = db_path(path)
    return DataVersion(str(p), _writes.get(os.path.abspath(p), 0), _stamp(p), _stamp(_wal(p)))


def _wal(p: Path) -> Path:
    return p.with_name(p.name + ".wal")


def _stamp(f: Path) -> tuple | None:
    try:
        st = f.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def archive_dir(path: str | os.PathLike | None = None) -> Path:
    """Folder where raw files are kept by content hash (``KPI_ARCHIVE`` overrides)."""
    env = settings.archive()
    if env:
        return env
    p = db_path(path)
    return p.parent / "archive" / p.stem


def _wait_seconds(wait: float | None) -> float:
    if wait is not None:
        return wait
    return settings.db_wait()


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


def _waiting(p: Path) -> Path:
    """The marker a writer keeps beside the file while it waits for the file's lock."""
    return p.with_name(p.name + ".writer-waiting")


# A marker older than this is one a crashed process left: it no longer counts.
WAITING_STALE_SECONDS = 600


def writer_waiting(p: Path) -> bool:
    """Whether a writer (in any process) is waiting for the file: readers then keep nothing."""
    try:
        age = time.time() - _waiting(p).stat().st_mtime
    except OSError:
        return False
    return age < WAITING_STALE_SECONDS


def _config() -> dict:
    threads = settings.db_threads()
    return {"threads": threads} if threads else {}


def _open(path: Path, read_only: bool, wait: float | None) -> duckdb.DuckDBPyConnection:
    if not read_only:
        _kept.drop()  # DuckDB opens a file one way at a time in a process
    deadline = time.monotonic() + _wait_seconds(wait)
    delay = 0.05
    marker = None
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only, config=_config())
            except (duckdb.IOException, duckdb.ConnectionException) as exc:
                if not _is_lock_error(exc) or time.monotonic() >= deadline:
                    if _is_lock_error(exc):
                        raise DatabaseBusy(
                            f"Cơ sở dữ liệu {path} đang được một tiến trình khác ghi "
                            f"(đã chờ {_wait_seconds(wait):.0f} giây). Vui lòng thử lại sau ít "
                            "phút; tệp đã nộp không bị mất."
                        ) from exc
                    raise
                if not read_only:
                    # Readers elsewhere stop keeping their connection until this one is in
                    # (touched at every try: another waiting writer may have removed it).
                    marker = _waiting(path)
                    marker.touch()
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


def _catalog_fingerprint() -> str:
    """SHA-256 of the catalog YAML files and schema.sql: what the database was built from."""
    digest = hashlib.sha256()
    for f in sorted(catalog.catalog_dir().glob("*.yaml")):
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    digest.update((SQL_DIR / "schema.sql").read_bytes())
    return digest.hexdigest()


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring schema and catalog tables up to date, only when they are out of date.

    Every writer connection compares the fingerprint stored in ``raw.meta`` with
    ``_catalog_fingerprint()``; when they differ (a new database, an edited catalog YAML
    file or schema.sql) it runs schema.sql and rewrites the catalog tables in one
    transaction, then stores the new fingerprint. Otherwise it does nothing more.
    """
    con.execute("create schema if not exists raw")
    con.execute("create table if not exists raw.meta (key varchar primary key, value varchar)")
    fingerprint = _catalog_fingerprint()
    row = con.execute("select value from raw.meta where key = 'catalog'").fetchone()
    if row and row[0] == fingerprint:
        return
    con.execute("begin transaction")
    try:
        _drop_replaced_tables(con)
        con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
        _write_catalog(con)
        con.execute(
            "insert or replace into raw.meta values ('catalog', ?)",
            [fingerprint],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (tuples as wide as ``table``) with one statement.

    One multi-row ``insert`` is parsed and bound once; ``executemany`` runs one statement
    per row, which made writing the catalog most of the cost of a new database.
    """
    rows = list(rows)
    if not rows:
        return
    marks = "(" + ", ".join("?" * len(rows[0])) + ")"
    con.execute(
        f"insert into {table} values " + ", ".join([marks] * len(rows)),
        [value for row in rows for value in row],
    )


# Tables of earlier versions that schema.sql now defines as views of other tables (so
# nothing is lost in dropping them): core.dossier is core.dossier_history's current rows.
REPLACED_TABLES = (("core", "dossier"),)


def _drop_replaced_tables(con: duckdb.DuckDBPyConnection) -> None:
    for schema, name in REPLACED_TABLES:
        found = con.execute(
            "select 1 from duckdb_tables() where schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchone()
        if found:
            con.execute(f"drop table {schema}.{name}")


def _write_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the catalog tables from the YAML files (they are the source of truth)."""
    for table in (
        "core.unit",
        "core.plan_group",
        "core.task",
        "core.task_sub_item",
        "core.task_unit",
        "core.report_period",
        "core.indicator",
    ):
        con.execute(f"delete from {table}")
    _insert_rows(
        con,
        "core.unit",
        [
            (u.code, u.name, u.short_name, u.kind, u.name_original, u.correction, u.reports)
            for u in catalog.load_units()
        ],
    )
    for year in catalog.available_years():
        plan = catalog.load_plan(year)
        _insert_rows(
            con,
            "core.plan_group",
            [(year, g.code, g.name, g.short_name) for g in plan.groups],
        )
        _insert_rows(
            con,
            "core.task",
            [
                (
                    year,
                    t.id,
                    t.stt,
                    t.group,
                    t.order,
                    t.content,
                    t.solution,
                    t.deadline_text,
                    t.deadline_kind,
                    t.deadline_date,
                )
                for t in plan.tasks
            ],
        )
        subs = [(year, t.id, s.id, s.text, s.stt_original) for t in plan.tasks for s in t.sub_items]
        if subs:
            _insert_rows(con, "core.task_sub_item", subs)
        links = [
            (year, t.id, role, code)
            for t in plan.tasks
            for role, codes in (
                ("lead", t.leads),
                ("coordinator", t.coordinators),
                ("supervisor", t.supervisors),
            )
            for code in codes
        ]
        _insert_rows(con, "core.task_unit", links)
        _insert_rows(
            con,
            "core.report_period",
            [(year, p.code, p.label, p.start, p.end, p.due_date, p.due_text) for p in plan.periods],
        )
    _insert_rows(
        con,
        "core.indicator",
        [
            (i.code, i.label_vi, i.group, i.kind, i.period_type)
            for i in catalog.load_registry().indicators
        ],
    )


def initialise(path: str | os.PathLike | None = None) -> Path:
    """Create the database file with schema and catalog if needed; return its path."""
    with writer(path):
        pass
    return db_path(path)


def _count_write(p: Path) -> None:
    key = os.path.abspath(p)
    _writes[key] = _writes.get(key, 0) + 1


@contextmanager
def _read_write(p: Path, wait: float | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with schema and catalog up to date; each one counts a write."""
    con = _open(p, read_only=False, wait=wait)
    try:
        _ensure_schema(con)
        yield con
    finally:
        con.close()
        _count_write(p)


class _Held:
    """The writer connection that ``writer`` blocks inside ``held_writer`` share."""

    def __init__(self, path: Path, wait: float | None) -> None:
        self.path, self.wait = path, wait
        self.con: duckdb.DuckDBPyConnection | None = None
        self.opened = 0.0
        self.locked = False

    def serves(self, p: Path) -> bool:
        return os.path.abspath(p) == os.path.abspath(self.path)

    @contextmanager
    def use(self, count: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """The held connection (opened on first use); a block that raises closes it."""
        if self.con is None:
            _process_lock.acquire()
            self.locked = True
            try:
                self.con = _open(self.path, read_only=False, wait=self.wait)
                _ensure_schema(self.con)
            except BaseException:
                self.close()
                raise
            self.opened = time.monotonic()
        try:
            yield self.con
        except BaseException:
            self.close()  # whatever state the block left is not handed to the next one
            raise
        finally:
            if count:
                _count_write(self.path)
        if time.monotonic() - self.opened >= HOLD_SECONDS:
            self.close()

    def close(self) -> None:
        try:
            if self.con is not None:
                self.con.close()
        finally:
            self.con = None
            if self.locked:
                self.locked = False
                _process_lock.release()


_held: ContextVar[_Held | None] = ContextVar("held_writer", default=None)


@contextmanager
def held_writer(path: str | os.PathLike | None = None, wait: float | None = None) -> Iterator[None]:
    """Let the ``writer`` and ``reader`` blocks of this thread inside share one connection.

    For a batch of files loaded one after the other: opening a writer costs some 15 ms
    and closing it a checkpoint, more than loading a small report. Each block keeps its
    own transaction; a block that raises closes the connection, and the next block opens
    a new one. The connection is closed once it has been open ``HOLD_SECONDS`` (after the
    block that crossed it), so other writers and readers wait about as long as for one
    file's load.
    """
    p = db_path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    held = _Held(p, wait)
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        held.close()


def _held_for(p: Path) -> _Held | None:
    held = _held.get()
    return held if held is not None and held.serves(p) else None


@contextmanager
def writer(
    path: str | os.PathLike | None = None, wait: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The single read-write connection; on entry schema and catalog are brought up to date."""
    p = db_path(path)
    held = _held_for(p)
    if held is not None:
        with held.use(count=True) as con:
            yield con
        return
    p.parent.mkdir(parents=True, exist_ok=True)
    with _process_lock, _read_write(p, wait) as con:
        yield con


@contextmanager
def try_writer(path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The writer connection only if it is free this instant; else ``DatabaseBusy`` at once.

    For work that must never wait behind a load (the sign-in journal's copy into the
    audit log): neither the in-process lock nor another process's file lock is waited for.
    """
    p = db_path(path)
    held = _held_for(p)
    if held is not None:
        with held.use(count=True) as con:
            yield con
        return
    p.parent.mkdir(parents=True, exist_ok=True)
    if not _process_lock.acquire(blocking=False):
        raise DatabaseBusy(f"Cơ sở dữ liệu {p} đang bận.")
    try:
        with _read_write(p, 0) as con:
            yield con
    finally:
        _process_lock.release()


@contextmanager
def reader(
    path: str | os.PathLike | None = None, wait: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The shared read-only connection (``_Kept``). A missing database is created first.

    Inside ``held_writer`` on the same file, the held connection (it reads too).
    """
    p = db_path(path)
    held = _held_for(p)
    if held is not None:
        with held.use(count=False) as con:
            yield con
        return
    if not p.exists():
        initialise(p)
    with _process_lock:
        con = _kept.take(p, wait)
        try:
            yield con
        except BaseException:
            _kept.drop()
            raise
        _kept.release()


class _Kept:
    """The read-only connection readers share, between queries that follow each other.

    Used holding ``_process_lock``. It is dropped ``KEEP_SECONDS`` after its last use (a
    timer), at the first release once ``KEEP_AT_MOST`` old or while a writer of another
    process waits for the file (``writer_waiting``: then every query has its own
    connection, and the writer gets the file between two of them), before a writer of
    this process opens the file, and when the file is no longer the one it opened
    (replaced by a rebuild, copied over): nothing else can change the file while it is
    open.
    """

    def __init__(self) -> None:
        self.con: duckdb.DuckDBPyConnection | None = None
        self.key: tuple | None = None
        self.opened = self.used = 0.0
        self.timer: threading.Timer | None = None

    def take(self, p: Path, wait: float | None) -> duckdb.DuckDBPyConnection:
        key = (os.path.abspath(p), _stamp(p), _stamp(_wal(p)))
        if self.con is not None and self.key != key:
            self.drop()
        if self.con is None:
            self.con = _open(p, read_only=True, wait=wait)
            self.key, self.opened = key, time.monotonic()
        return self.con

    def release(self) -> None:
        self.used = time.monotonic()
        if self.used - self.opened >= KEEP_AT_MOST or writer_waiting(Path(self.key[0])):
            self.drop()
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(KEEP_SECONDS, self._expire)
        self.timer.daemon = True
        self.timer.start()

    def _expire(self) -> None:
        with _process_lock:
            if time.monotonic() - self.used >= KEEP_SECONDS:
                self.drop()

    def drop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.con is not None:
            con, self.con, self.key = self.con, None, None
            con.close()


_kept = _Kept()


@atexit.register
def _close_kept() -> None:
    """Close the shared reader before the interpreter stops (never mid-query in a timer)."""
    with _process_lock:
        _kept.drop()


def query(
    sql: str, params: Sequence | dict | None = None, path: str | os.PathLike | None = None
) -> pd.DataFrame:
    """Run one parameterised read query and return a DataFrame.

    A file last written by an older version of the code may lack a view or macro the
    query names (``rate_pct``, say): then its schema is brought up to date (one writer
    connection, which changes nothing when the schema is current) and the query runs again.
    """
    try:
        with reader(path) as con:
            return con.execute(sql, params or []).df()
    except duckdb.CatalogException:
        initialise(path)
        with reader(path) as con:
            return con.execute(sql, params or []).df()


def scratch() -> duckdb.DuckDBPyConnection:
    """A private in-memory database, never the warehouse: it holds no lock, sees no table.

    The sample generator writes the large synthetic dossier registers with it, and the
    upload page reads and checks a register in one before it is loaded.
    """
    return duckdb.connect(":memory:")
