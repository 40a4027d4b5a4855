"""The audit log: who loaded, rolled back, or changed targets and users, when, and what changed.

Entries live in ``raw.audit_log`` (see ``data/store/schema.sql``). An entry that belongs to a
change in the database (a load, a rollback) is written with ``record`` on the caller's
connection, inside the caller's transaction, so the change and its trace commit together.
Changes to files (targets, users) and sign-in events use ``record_now``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

import duckdb
import pandas as pd

from checks.numbers import fmt_exact, fmt_number, is_missing
from data import catalog
from data.intake.guard import csv_bytes
from data.store import db

# Every action the log records, with its label: the `audit_action` vocabulary of the catalog.
ACTION_LABELS = catalog.load().labels["audit_action"].labels()
ACTIONS = tuple(ACTION_LABELS)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; known: {', '.join(ACTIONS)}")


def record(
    con: duckdb.DuckDBPyConnection,
    action: str,
    actor: str,
    role: str | None = None,
    *,
    load_id: int | None = None,
    file_hash: str | None = None,
    detail: dict | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Write one entry on ``con`` (inside the caller's transaction); return its id."""
    _check_action(action)
    text = json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else None
    row = con.execute(
        "insert into raw.audit_log (recorded_at, actor, role, action, load_id, file_hash, detail) "
        "values (?, ?, ?, ?, ?, ?, cast(? as json)) returning audit_id",
        [at or _now(), actor, role, action, load_id, file_hash, text],
    ).fetchone()
    return int(row[0])


def record_now(
    action: str,
    actor: str,
    role: str | None = None,
    *,
    load_id: int | None = None,
    file_hash: str | None = None,
    detail: dict | None = None,
    at: dt.datetime | None = None,
    db_file: str | os.PathLike | None = None,
    wait: float | None = None,
) -> int:
    """Write one entry in its own short write connection; return its id."""
    with db.writer(db_file, wait=wait) as con:
        return record(
            con,
            action,
            actor,
            role,
            load_id=load_id,
            file_hash=file_hash,
            detail=detail,
            at=at,
        )


def _where(action, actor, load_id, since, until) -> tuple[str, list]:
    where, params = ["true"], []
    for column, value in (("action", action), ("actor", actor), ("load_id", load_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        where.append("recorded_at >= ?")
        params.append(since)
    if until is not None:
        # A date bound includes the whole day.
        if not isinstance(until, dt.datetime):
            until = dt.datetime.combine(until, dt.time.max)
        where.append("recorded_at <= ?")
        params.append(until)
    return " and ".join(where), params


def read(
    db_file: str | os.PathLike | None = None,
    *,
    action: str | None = None,
    actor: str | None = None,
    load_id: int | None = None,
    since: dt.datetime | dt.date | None = None,
    until: dt.datetime | dt.date | None = None,
    limit: int | None = 1000,
    offset: int = 0,
) -> pd.DataFrame:
    """Entries, newest first, filtered by any of the arguments; ``detail`` stays JSON text.

    ``limit`` and ``offset`` page in the database. Sign-ins journaled while the database
    was busy are copied in first when it is free.
    """
    from data.access import signins

    signins.flush(db_file)
    where, params = _where(action, actor, load_id, since, until)
    sql = (
        "select audit_id, recorded_at, actor, role, action, load_id, file_hash, "
        "cast(detail as varchar) as detail from raw.audit_log "
        f"where {where} order by audit_id desc"
    )
    if limit is not None:
        sql += " limit ? offset ?"
        params += [int(limit), int(offset)]
    frame = db.query(sql, params, path=db_file)
    frame.insert(5, "action_label", frame["action"].map(lambda a: ACTION_LABELS.get(a, a)))
    return frame


# How a detail value is written: the vocabulary whose label it is (other values as stored).
_VALUE_VOCABULARY = {
    "kind": "input_kind",
    "status": "load_status",
    "previous_status": "load_status",
    "role": "role",
    "op": "audit_value",
    "reason": "audit_value",
    "type": "target_type",
}
# A sign-in's journal id and a file's server path mean nothing to a reader.
_HIDDEN = {"signin_entry"}


def _detail_value(key: str, value) -> str:
    if isinstance(value, dict):
        inner = "; ".join(_pairs(value))
        return f"({inner})" if inner else "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        # 1.234, the Vietnamese way; a year or a load number is a name, not an amount.
        return str(value) if key in ("year", "cascade_of") else fmt_number(value)
    if isinstance(value, float):
        return fmt_exact(value)
    if key == "unit":
        return next((u.name for u in catalog.load_units() if u.code == value), str(value))
    if key == "indicator":
        known = {i.code: i.label_vi for i in catalog.load_registry().indicators}
        return f"{known[value]} ({value})" if value in known else str(value)
    vocabulary = _VALUE_VOCABULARY.get(key)
    if vocabulary and str(value) in catalog.load().labels[vocabulary].keys():
        return catalog.load().label(vocabulary, str(value))
    return str(value)


def _pairs(detail: dict) -> list[str]:
    fields = catalog.load().labels["audit_detail"]
    known = fields.keys()
    out = []
    for key, value in detail.items():
        if key in _HIDDEN or key not in known or value is None or value == "":
            continue
        if key == "file" and ("/" in str(value) or "\\" in str(value)):
            value = str(value).replace("\\", "/").rsplit("/", 1)[-1]
        out.append(f"{fields.label(key)}: {_detail_value(key, value)}")
    return out


def detail_text(detail) -> str:
    """An entry's detail (JSON text or a dict) as one Vietnamese line: "Tệp: a.xlsx; Đã nạp: 3".

    Field names and coded values read as their labels in ``labels.yaml`` (``audit_detail``,
    ``audit_value``, ``load_status`` …); internal fields are left out.
    """
    if detail is None or (not isinstance(detail, str | dict) and pd.isna(detail)):
        return ""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            return detail
    if not isinstance(detail, dict):
        return str(detail)
    return "; ".join(_pairs(detail))


def role_label(role) -> str:
    """An audited role in Vietnamese: an account's role, or the server console."""
    if is_missing(role) or not role:
        return ""
    labels = catalog.load().labels
    for vocabulary in ("role", "actor_role"):
        if role in labels[vocabulary].keys():
            return labels[vocabulary].label(role)
    return str(role)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Entries as people read them, on the page, in the CSV and on the console.

    The role and the detail become Vietnamese words ("Tệp: a.xlsx; Đã nạp: 3"), not keys
    and JSON.
    """
    return frame.assign(role=frame["role"].map(role_label), detail=frame["detail"].map(detail_text))


def count(
    db_file: str | os.PathLike | None = None,
    *,
    action: str | None = None,
    actor: str | None = None,
    since: dt.datetime | dt.date | None = None,
    until: dt.datetime | dt.date | None = None,
) -> int:
    """How many entries ``read`` would give without a limit."""
    where, params = _where(action, actor, None, since, until)
    frame = db.query(f"select count(*) as n from raw.audit_log where {where}", params, path=db_file)
    return int(frame["n"].iloc[0])


def actors(db_file: str | os.PathLike | None = None) -> list[str]:
    """Every actor named in the log, sorted (the filter's choices)."""
    frame = db.query(
        "select distinct actor from raw.audit_log where actor is not null order by actor",
        path=db_file,
    )
    return frame["actor"].tolist()


def export_csv(frame: pd.DataFrame) -> bytes:
    """The audit log as a CSV download with Vietnamese headers and words."""
    out = readable(frame)
    if "action_label" not in out:
        out["action_label"] = out["action"].map(lambda a: ACTION_LABELS.get(a, a))
    out["recorded_at"] = pd.to_datetime(out["recorded_at"]).dt.strftime("%d/%m/%Y %H:%M:%S")
    headers = {
        c.field: c.header for c in catalog.load().display.table("audit").for_target("export")
    }
    out = out[list(headers)].rename(columns=headers)
    return csv_bytes(out)


# --------------------------------------------------------------------------- command line


def _cmd_audit(args) -> int:
    frame = read(
        args.db,
        action=args.action,
        actor=args.actor,
        load_id=args.load,
        limit=None if args.csv else args.limit,
    )
    if args.csv:
        sys.stdout.buffer.write(export_csv(frame))
        return 0
    if frame.empty:
        print("Nhật ký thao tác chưa có mục nào khớp điều kiện.")
        return 0
    for row in frame.itertuples():
        when = pd.Timestamp(row.recorded_at).strftime("%d/%m/%Y %H:%M:%S")
        load = f" (lượt nạp #{row.load_id})" if pd.notna(row.load_id) else ""
        role = role_label(row.role) or "-"
        print(f"#{row.audit_id} {when} {row.actor} ({role}): {row.action_label}{load}")
        detail = detail_text(row.detail)
        if detail:
            print(f"    {detail}")
    return 0


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add the ``audit`` sub-command to ``python -m data``."""
    p = sub.add_parser("audit", help="xem hoặc xuất nhật ký thao tác")
    p.add_argument("--db")
    p.add_argument("--action", choices=ACTIONS)
    p.add_argument("--actor")
    p.add_argument("--load", type=int, help="chỉ các mục của một lượt nạp")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--csv", action="store_true", help="xuất toàn bộ ra CSV (UTF-8) trên stdout")
    p.set_defaults(func=_cmd_audit)
