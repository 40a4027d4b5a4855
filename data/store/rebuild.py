"""Rebuild: replay the archive manifest into a fresh database and swap it in place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from data.store import audit, db, mappings, rollback
from data.store.archive import read_manifest
from data.store.ingest import FileResult, SourceFile, _settle_committed, replay_entry


def rebuild(db_file: str | os.PathLike | None = None) -> tuple[Path, list[FileResult]]:
    """Replay the archive manifest into a fresh database, then swap it in place.

    Files load again in the order their attempts committed, each as the submitter it
    arrived with (name, role, units: a file refused for scope is refused again), and
    rollbacks are applied where they happened with their cascades, so the content comes
    out the same. Receipts still pending (a busy database, a crash before the commit)
    are pending in the live database too and are not replayed. Audit entries that the replay
    cannot recreate (target and user changes, sign-ins) are copied from the old database
    when it can still be read.
    """
    target = db.db_path(db_file)
    archive = db.archive_dir(target)
    if target.exists():
        with db.writer(target) as con:
            _settle_committed(con, archive)  # a crash after a commit: settle it first
    entries = read_manifest(archive)
    fresh = target.with_name(target.name + ".rebuild")
    for leftover in (fresh, Path(str(fresh) + ".wal")):
        leftover.unlink(missing_ok=True)
    scratch = archive / ".rebuild"
    scratch.mkdir(parents=True, exist_ok=True)
    results = []
    # Nobody else opens the new file: the replays share a writer connection.
    with db.held_writer(fresh):
        for entry in entries:
            # Replays write their own manifest lines into a scratch archive, never into the
            # manifest being replayed.
            if entry.get("event") == "rollback":
                rollback.replay(entry, fresh, scratch)
                continue
            content, source = None, None
            if entry.get("archive_path"):
                kept = archive / entry["archive_path"]
                content, source = kept.read_bytes(), SourceFile.of(kept)
            results.append(replay_entry(entry, content, fresh, scratch, None, source))
    _copy_other_audit(target, fresh)
    _copy_mappings(target, fresh)
    with db.writer(target):
        pass  # waits for other writers; the lock is released before the swap
    os.replace(fresh, target)
    Path(str(target) + ".wal").unlink(missing_ok=True)
    _clear(scratch)
    return target, results


def _copy_other_audit(old: Path, fresh: Path) -> None:
    if not old.exists():
        return
    try:
        previous = audit.read(old, limit=None)
    except Exception:  # noqa: BLE001 - a damaged database is why one rebuilds
        return
    keep = previous[~previous["action"].isin(["load", "rollback"])]
    if keep.empty:
        return
    with db.writer(fresh) as con:
        for row in keep.sort_values("recorded_at").itertuples(index=False):
            detail = json.loads(row.detail) if isinstance(row.detail, str) else row.detail
            audit.record(
                con,
                row.action,
                row.actor,
                row.role,
                load_id=None if pd.isna(row.load_id) else int(row.load_id),
                file_hash=row.file_hash,
                detail=detail,
                at=row.recorded_at,
            )


def _copy_mappings(old: Path, fresh: Path) -> None:
    """Saved column mappings are no replayed event: carry them over from the old database."""
    if not old.exists():
        return
    try:
        mappings.copy_into(old, fresh)
    except Exception:  # noqa: BLE001 - a damaged database is why one rebuilds
        return


def _clear(folder: Path) -> None:
    for p in sorted(folder.rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()
    folder.rmdir()
