"""Sign-in journal: every sign-in attempt is written to a small file first, never blocked by a load.

A long load holds the DuckDB file for writing, and a reader or a second writer then waits.
Sign-in must not: each attempt (``sign_in`` / ``sign_in_failed``) is appended and synced
to ``<database>.signins.jsonl`` beside the database (a file lock, no database), and the
lockout counts failures from that file. The entries are copied into ``raw.audit_log``
whenever the database is free at that moment (right after the attempt, and before the
audit log is read); each carries an id, so a copy interrupted by a crash is never
doubled. A copied entry is marked so in the file, so a call with nothing new to copy
never opens the database. Entries older than the lockout window are dropped from the
file once copied.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

from data.store import db
from data.store.files import locked, write_atomic

ENTRY_KEY = "signin_entry"  # the id's key inside the audit entry's detail
COPIED = "copied"  # set on a journal entry once it is in the audit log


def journal_path(db_file: str | os.PathLike | None = None) -> Path:
    """The journal beside the database file."""
    p = db.db_path(db_file)
    return p.with_name(p.name + ".signins.jsonl")


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut by a crash
    return out


def append(
    action: str, actor: str, role: str | None, detail: dict, at: dt.datetime, db_file=None
) -> dict:
    """Write one attempt to the journal (synced); return the entry."""
    entry = {
        "id": uuid.uuid4().hex,
        "at": at.isoformat(),
        "action": action,
        "actor": actor,
        "role": role,
        "detail": detail,
    }
    path = journal_path(db_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path), path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return entry


def attempts(actor: str, since: dt.datetime, db_file=None) -> list[dict]:
    """The journal's attempts of ``actor`` at or after ``since``, oldest first."""
    out = [
        e
        for e in _read(journal_path(db_file))
        if e.get("actor") == actor and dt.datetime.fromisoformat(e["at"]) >= since
    ]
    return sorted(out, key=lambda e: e["at"])


def flush(db_file=None, keep_since: dt.datetime | None = None) -> int:
    """Copy journal entries into ``raw.audit_log`` if the database is free right now.

    Never waits: when another writer holds the database the entries stay in the journal
    for the next call. Returns how many entries were copied.
    """
    from data.store import audit

    path = journal_path(db_file)
    if not path.exists():
        return 0
    with locked(path):
        entries = _read(path)
        waiting = [e for e in entries if not e.get(COPIED)]
        if not waiting:
            return 0
        try:
            with db.try_writer(db_file) as con:
                ids = [e["id"] for e in waiting]
                marks = ", ".join("?" * len(ids))
                done = {
                    r[0]
                    for r in con.execute(
                        f"select detail->>'{ENTRY_KEY}' from raw.audit_log "
                        f"where action in ('sign_in', 'sign_in_failed') "
                        f"and detail->>'{ENTRY_KEY}' in ({marks})",
                        ids,
                    ).fetchall()
                }
                todo = [e for e in waiting if e["id"] not in done]
                con.execute("begin transaction")
                for e in todo:
                    audit.record(
                        con,
                        e["action"],
                        e["actor"],
                        e.get("role"),
                        detail={**(e.get("detail") or {}), ENTRY_KEY: e["id"]},
                        at=dt.datetime.fromisoformat(e["at"]),
                    )
                con.execute("commit")
        except db.DatabaseBusy:
            return 0
        # Every entry is in the audit log now. A crash before this rewrite leaves them
        # unmarked: the next call finds them there by id and copies none twice.
        kept = [
            {**e, COPIED: True}
            for e in entries
            if keep_since is None or dt.datetime.fromisoformat(e["at"]) >= keep_since
        ]
        write_atomic(path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept))
        return len(todo)
