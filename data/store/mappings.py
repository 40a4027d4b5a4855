"""Saved column mappings per unit: saved once (audited), applied to the unit's next files.

A mapping (``data.intake.mapping.ColumnMapping``) lives in ``raw.column_mapping``: one
row per header of a unit, the current row with ``superseded_at`` null. Saving a header
again closes its earlier row; the audit log records who saved what, and when, in the
same transaction. ``rebuild`` copies the table into the rebuilt database.
"""

from __future__ import annotations

import datetime as dt
import os

import duckdb
import pandas as pd

from data import access
from data.access import User
from data.intake.mapping import ColumnMapping, build
from data.store import audit, db

_CURRENT = (
    "select header, kind, column_key from raw.column_mapping "
    "where unit_code = ? and superseded_at is null order by header_key"
)


_COLUMNS = (
    "unit_code",
    "header_key",
    "header",
    "kind",
    "column_key",
    "saved_by",
    "saved_at",
    "superseded_at",
)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def save(
    unit_code: str,
    mapping: ColumnMapping,
    actor: User | str,
    db_file: str | os.PathLike | None = None,
    at: dt.datetime | None = None,
    wait: float | None = None,
) -> int:
    """Save ``mapping`` for ``unit_code`` (header by header) and audit it; rows written.

    Raises:
        AccessDenied: The actor may not send files of ``unit_code``.
    """
    if isinstance(actor, User):
        access.require(actor, "upload", unit_code)
    name, role = access.actor_identity(actor, "upload")
    at = at or _now()
    rows = [
        (unit_code, key, mapping.written.get(key, key), kind, column, name, at)
        for key, (kind, column) in sorted(mapping.columns.items())
    ]
    if not rows:
        return 0
    with db.writer(db_file, wait=wait) as con:
        con.execute("begin transaction")
        try:
            keys = [r[1] for r in rows]
            marks = ", ".join("?" * len(keys))
            con.execute(
                "update raw.column_mapping set superseded_at = ? where unit_code = ? "
                f"and superseded_at is null and header_key in ({marks})",
                [at, unit_code, *keys],
            )
            con.executemany(
                "insert into raw.column_mapping (unit_code, header_key, header, kind, column_key, "
                "saved_by, saved_at) values (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            audit.record(
                con,
                "mapping_change",
                name,
                role,
                at=at,
                detail={"unit": unit_code, "columns": mapping.as_entry()},
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return len(rows)


def saved(unit_code: str, db_file: str | os.PathLike | None = None) -> ColumnMapping:
    """The current mapping of ``unit_code`` (empty when it has none)."""
    frame = db.query(_CURRENT, [unit_code], path=db_file)
    return build(list(frame.itertuples(index=False, name=None)))


def saved_or_none(
    unit_code: str, db_file: str | os.PathLike | None = None, wait: float | None = None
) -> ColumnMapping | None:
    """``saved`` for an arrival: None when there is none or the database cannot be read.

    A file that arrives while a long load holds the database is then read without the
    mapping, exactly as its receipt says (no mapping kept), on every later read too.
    """
    if not db.db_path(db_file).exists():
        return None
    try:
        with db.reader(db_file, wait=wait) as con:
            rows = con.execute(_CURRENT, [unit_code]).fetchall()
    except (db.DatabaseBusy, duckdb.CatalogException):  # busy, or built before mappings
        return None
    return build(rows) or None


def history(unit_code: str | None = None, db_file: str | os.PathLike | None = None):
    """Every saved row (current and superseded), newest first: the page's list."""
    where, params = ("where unit_code = ?", [unit_code]) if unit_code else ("", [])
    return db.query(
        "select unit_code, header, kind, column_key, saved_by, saved_at, superseded_at "
        f"from raw.column_mapping {where} order by saved_at desc, header",
        params,
        path=db_file,
    )


def copy_into(old: os.PathLike, fresh: os.PathLike) -> None:
    """Copy every saved mapping row of ``old`` into ``fresh`` (rebuild keeps them)."""
    frame: pd.DataFrame = db.query("select * from raw.column_mapping", path=old)
    if frame.empty:
        return
    rows = [
        [None if pd.isna(v) else v for v in row]
        for row in frame[list(_COLUMNS)].itertuples(index=False, name=None)
    ]
    marks = ", ".join("?" * len(_COLUMNS))
    with db.writer(fresh) as con:
        con.executemany(
            f"insert into raw.column_mapping ({', '.join(_COLUMNS)}) values ({marks})", rows
        )
