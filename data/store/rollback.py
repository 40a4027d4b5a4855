"""Rolling back one load: its rows go, the rows it superseded come back, in one transaction.

A load inserts rows (``load_id``) and closes the current rows it replaced
(``superseded_by_load``). Rolling it back deletes the first, reopens the second, removes
its quarantined rows, marks it ``rolled_back`` in ``raw.load_log`` (the receipt stays;
``raw.load_rollback`` keeps who, when and the earlier status) and writes an audit entry:
afterwards the facts are exactly what they were before the load.

A later load that superseded rows of this one depends on it: rolling back only the
earlier load would leave two current rows for one key. Such a rollback is refused with a
sentence naming the later loads, unless ``cascade=True``, which rolls them back first,
newest first, in the same transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data import access, catalog
from data.access import AccessDenied, User
from data.store import audit, db, register
from data.store.archive import clear_receipt, new_receipt, record_event, write_receipt

FACT_TABLES = {
    "progress": "core.progress_report",
    "indicator": "core.indicator_value",
    "register": "core.dossier_history",  # core.dossier is its view of current rows
}
ROLLBACKABLE = ("loaded", "partial")


class RollbackRefused(ValueError):
    """A rollback that cannot be done as asked; the message is a Vietnamese sentence."""


@dataclass
class RollbackResult:
    """What a rollback did: the loads rolled back (newest first) and the rows per load."""

    load_ids: list[int] = field(default_factory=list)
    rows_deleted: dict[int, int] = field(default_factory=dict)
    rows_restored: dict[int, int] = field(default_factory=dict)
    quarantine_removed: dict[int, int] = field(default_factory=dict)
    audit_ids: list[int] = field(default_factory=list)
    message: str = ""


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _load_row(con, load_id: int) -> dict | None:
    row = con.execute(
        "select l.load_id, l.file_hash, l.original_name, l.kind, l.status, l.started_at, "
        "r.rolled_back_at, r.rolled_back_by from raw.load_log l "
        "left join raw.load_rollback r using (load_id) where l.load_id = ?",
        [load_id],
    ).fetchone()
    if row is None:
        return None
    keys = (
        "load_id",
        "file_hash",
        "original_name",
        "kind",
        "status",
        "started_at",
        "rolled_back_at",
        "rolled_back_by",
    )
    return dict(zip(keys, row, strict=True))


def _describe(load: dict) -> str:
    when = load["started_at"].strftime("%d/%m/%Y %H:%M") if load.get("started_at") else "?"
    return f"#{load['load_id']} (tệp '{load['original_name']}', nạp {when})"


def _direct_dependents(con, load_id: int) -> set[int]:
    out: set[int] = set()
    for table in FACT_TABLES.values():
        rows = con.execute(
            f"select distinct superseded_by_load from {table} "
            "where load_id = ? and superseded_by_load is not null",
            [load_id],
        ).fetchall()
        out.update(int(r[0]) for r in rows)
    return out


def dependents(con, load_id: int) -> list[int]:
    """Later loads that replaced rows of ``load_id``, directly or through one another.

    Newest first: superseding only ever happens later, so that order rolls back each load
    before the one it depends on.
    """
    seen: set[int] = set()
    todo = [load_id]
    while todo:
        for dep in _direct_dependents(con, todo.pop()):
            if dep not in seen and dep != load_id:
                seen.add(dep)
                todo.append(dep)
    return sorted(seen, reverse=True)


def _counts(con, load_id: int) -> tuple[int, int]:
    inserted = restored = 0
    for table in FACT_TABLES.values():
        inserted += con.execute(
            f"select count(*) from {table} where load_id = ?", [load_id]
        ).fetchone()[0]
        restored += con.execute(
            f"select count(*) from {table} where superseded_by_load = ?", [load_id]
        ).fetchone()[0]
    return inserted, restored


def _check(con, load_id: int) -> dict:
    load = _load_row(con, load_id)
    if load is None:
        raise RollbackRefused(
            f"Không có lượt nạp #{load_id} trong cơ sở dữ liệu; xem các lượt nạp bằng "
            "'python -m data status' hoặc trang quản trị."
        )
    if load["rolled_back_at"] is not None:
        raise RollbackRefused(
            f"Lượt nạp {_describe(load)} đã được hoàn tác lúc "
            f"{load['rolled_back_at']:%d/%m/%Y %H:%M} bởi {load['rolled_back_by']}; không cần "
            "hoàn tác lần nữa."
        )
    inserted, restored = _counts(con, load_id)
    if load["status"] not in ROLLBACKABLE or inserted + restored == 0:
        label = catalog.load().label("load_status", load["status"])
        raise RollbackRefused(
            f"Lượt nạp {_describe(load)} có trạng thái '{label}' và không ghi dòng số liệu nào, "
            "nên không có gì để hoàn tác."
        )
    return load


def plan(load_id: int, db_file: str | os.PathLike | None = None) -> dict:
    """What rolling back ``load_id`` would do, for a confirmation before the button.

    Returns:
        ``{"load": {...}, "rows_to_delete": n, "rows_to_restore": n, "dependents": [{...}]}``.

    Raises:
        RollbackRefused: When the load is unknown, already rolled back or wrote nothing.
    """
    with db.reader(db_file) as con:
        load = _check(con, load_id)
        inserted, restored = _counts(con, load_id)
        deps = [_load_row(con, d) for d in dependents(con, load_id)]
    return {
        "load": load,
        "rows_to_delete": inserted,
        "rows_to_restore": restored,
        "dependents": deps,
    }


def _refuse_dependents(load: dict, deps: list[dict]) -> RollbackRefused:
    named = "; ".join(_describe(d) for d in deps)
    return RollbackRefused(
        f"Không thể hoàn tác riêng lượt nạp {_describe(load)}: số liệu của lượt này đã được "
        f"lượt nạp sau thay thế — {named}. Hãy hoàn tác các lượt đó trước, hoặc chọn hoàn tác "
        "kèm các lượt phụ thuộc (dòng lệnh: --cascade)."
    )


def _rollback_one(
    con, load: dict, actor: str, role: str, at: dt.datetime, reason, cascade_of, receipt: str
) -> tuple[int, int, int, int]:
    load_id = load["load_id"]
    deleted = restored = 0
    if load["kind"] == "register":
        touched = register.note_rollback(con, load_id)
    for table in FACT_TABLES.values():
        deleted += len(
            con.execute(f"delete from {table} where load_id = ? returning 1", [load_id]).fetchall()
        )
        restored += len(
            con.execute(
                f"update {table} set superseded_at = null, superseded_by_load = null "
                "where superseded_by_load = ? returning 1",
                [load_id],
            ).fetchall()
        )
    if load["kind"] == "register":
        register.refresh_months(con, *touched)
    quarantined = len(
        con.execute(
            "delete from staging.quarantine where load_id = ? returning 1", [load_id]
        ).fetchall()
    )
    con.execute("update raw.load_log set status = 'rolled_back' where load_id = ?", [load_id])
    audit_id = audit.record(
        con,
        "rollback",
        actor,
        role,
        load_id=load_id,
        file_hash=load["file_hash"],
        at=at,
        detail={
            "file": load["original_name"],
            "kind": load["kind"],
            "previous_status": load["status"],
            "rows_deleted": deleted,
            "rows_restored": restored,
            "quarantine_removed": quarantined,
            "cascade_of": cascade_of,
            "reason": reason,
        },
    )
    con.execute(
        "insert into raw.load_rollback (load_id, rolled_back_at, rolled_back_by, "
        "previous_status, cascade_of, reason, audit_id, receipt) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [load_id, at, actor, load["status"], cascade_of, reason, audit_id, receipt],
    )
    return deleted, restored, quarantined, audit_id


def rollback_load(
    load_id: int,
    actor: User | str,
    *,
    cascade: bool = False,
    reason: str | None = None,
    db_file: str | os.PathLike | None = None,
    wait: float | None = None,
    at: dt.datetime | None = None,
    archive: Path | None = None,
    cascade_of: int | None = None,
) -> RollbackResult:
    """Roll back one load (and, with ``cascade``, the later loads that depend on it).

    Args:
        load_id: The load to undo (``raw.load_log.load_id``).
        actor: The signed-in admin, or the operator's name on the server console.
        cascade: Roll back dependent later loads first instead of refusing.
        reason: Why, in the admin's words (kept in the audit log).
        db_file: The database (``KPI_DB`` or the default when None).
        wait: Seconds to wait for a busy database.
        at: When it happened (a replay passes the original time).
        archive: Archive whose manifest records the rollback (the database's by default),
            so that ``rebuild`` replays it.
        cascade_of: For a replayed rollback that was part of a cascade: the load the
            cascade started from (a live cascade sets it itself).

    Raises:
        AccessDenied: The actor's role may not roll back.
        RollbackRefused: Unknown load, already rolled back, nothing to undo, or dependents
            without ``cascade``.
    """
    name, role = access.actor_identity(actor, "rollback")
    at = at or _now()
    archive = archive or db.archive_dir(db_file)
    events = []
    result = RollbackResult()
    with db.writer(db_file, wait=wait) as con:
        from data.store.ingest import _settle_committed, fault_point

        _settle_committed(con, archive)  # earlier receipts first: the manifest keeps order
        con.execute("begin transaction")
        try:
            load = _check(con, load_id)
            deps = [_load_row(con, d) for d in dependents(con, load_id)]
            if deps and not cascade:
                raise _refuse_dependents(load, deps)
            batch = new_receipt()
            for index, item in enumerate([*deps, load]):
                of = load_id if item["load_id"] != load_id else cascade_of
                receipt = f"{batch}-{index:03d}"  # sorts in the order the lines must keep
                deleted, restored, quarantined, audit_id = _rollback_one(
                    con, item, name, role, at, reason, of, receipt
                )
                result.load_ids.append(item["load_id"])
                result.rows_deleted[item["load_id"]] = deleted
                result.rows_restored[item["load_id"]] = restored
                result.quarantine_removed[item["load_id"]] = quarantined
                result.audit_ids.append(audit_id)
                event = _event(con, item, name, role, at, reason, load if of is not None else None)
                events.append({**event, "receipt": receipt})
            # Each manifest line is first a pending marker (synced), settled by the commit:
            # a crash before the commit leaves a marker the next write discards, a crash
            # after it one the next write settles, never a rollback the manifest misses.
            for event in events:
                write_receipt(archive, event)
            fault_point("rollback_receipt")
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            for event in events:
                clear_receipt(archive, event["receipt"])
            raise
        fault_point("rollback_committed")
        for event in events:  # still holding the write lock: manifest order = commit order
            record_event(archive, event)
            clear_receipt(archive, event["receipt"])
    deleted = sum(result.rows_deleted.values())
    restored = sum(result.rows_restored.values())
    extra = ""
    if deps:
        extra = " (kèm các lượt phụ thuộc " + ", ".join(f"#{d['load_id']}" for d in deps) + ")"
    result.message = (
        f"Đã hoàn tác lượt nạp {_describe(load)}{extra}: xóa {deleted} dòng đã nạp, khôi phục "
        f"{restored} dòng trước đó."
    )
    return result


def _occurrence(con, load: dict) -> int:
    return int(
        con.execute(
            "select count(*) from raw.load_log where file_hash = ? and load_id <= ?",
            [load["file_hash"], load["load_id"]],
        ).fetchone()[0]
    )


def _event(con, load: dict, actor: str, role: str, at: dt.datetime, reason, origin) -> dict:
    """The manifest line of one rolled-back load: which receipt of which file, when, who.

    ``origin`` is the load a cascade started from (None for a load rolled back itself);
    it is named the same way, so ``rebuild`` restores ``cascade_of``.
    """
    event = {
        "event": "rollback",
        "file_hash": load["file_hash"],
        "occurrence": _occurrence(con, load),
        "at": at.isoformat(),
        "actor": actor,
        "role": role,
        "reason": reason,
    }
    if origin is not None:
        event["cascade_of"] = {
            "file_hash": origin["file_hash"],
            "occurrence": _occurrence(con, origin),
        }
    return event


def _find_load(db_file, file_hash: str, occurrence: int) -> int | None:
    found = db.query(
        "select load_id from raw.load_log where file_hash = ? order by load_id",
        [file_hash],
        path=db_file,
    )["load_id"].tolist()
    return int(found[occurrence - 1]) if len(found) >= occurrence else None


def replay(entry: dict, db_file: str | os.PathLike, archive: Path) -> None:
    """Apply a manifest rollback event to a database being rebuilt (same actor and cascade)."""
    load_id = _find_load(db_file, entry["file_hash"], entry["occurrence"])
    if load_id is None:
        return  # the load never happened in this replay: nothing to undo
    origin = entry.get("cascade_of")
    cascade_of = _find_load(db_file, origin["file_hash"], origin["occurrence"]) if origin else None
    role = entry.get("role")
    actor: User | str = entry["actor"]
    if role and role != access.CONSOLE_ROLE:
        actor = User(username=entry["actor"], name=entry["actor"], role=role)
    rollback_load(
        load_id,
        actor,
        reason=entry.get("reason"),
        db_file=db_file,
        at=dt.datetime.fromisoformat(entry["at"]),
        archive=archive,
        cascade_of=cascade_of,
    )


def load_history(db_file: str | os.PathLike | None = None, limit: int = 200) -> pd.DataFrame:
    """Recent loads, newest first, with their rollback (if any): the admin page's list."""
    return db.query(
        "select * from marts.load_history order by load_id desc limit ?", [limit], path=db_file
    )


# --------------------------------------------------------------------------- command line


def _cmd_rollback(args) -> int:
    try:
        if args.dry_run:
            info = plan(args.load_id, args.db)
            print(
                f"Lượt nạp {_describe(info['load'])}: sẽ xóa {info['rows_to_delete']} dòng, "
                f"khôi phục {info['rows_to_restore']} dòng."
            )
            for dep in info["dependents"]:
                print(f"    phụ thuộc: lượt nạp sau {_describe(dep)}")
            return 0
        actor = access.console_actor(args.by, args.users)
        result = rollback_load(
            args.load_id, actor, cascade=args.cascade, reason=args.reason, db_file=args.db
        )
        print(result.message)
        return 0
    except (RollbackRefused, AccessDenied, db.DatabaseBusy) as exc:
        print(str(exc), file=sys.stderr)
        return 2


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add the ``rollback`` sub-command to ``python -m data``."""
    p = sub.add_parser("rollback", help="hoàn tác một lượt nạp (khôi phục số liệu trước đó)")
    p.add_argument("load_id", type=int)
    p.add_argument("--cascade", action="store_true", help="hoàn tác cả các lượt nạp sau phụ thuộc")
    p.add_argument("--reason", help="lý do hoàn tác (ghi vào nhật ký)")
    p.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ làm gì")
    p.add_argument("--by", help="người thực hiện (mặc định: tên đăng nhập máy chủ)")
    p.add_argument("--users", help="tệp người dùng")
    p.add_argument("--db")
    p.set_defaults(func=_cmd_rollback)
