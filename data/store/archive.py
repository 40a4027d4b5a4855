"""The archive of raw files: kept by content hash, with a manifest of every event.

The manifest (``manifest.jsonl``) records each file received and each load rolled back,
in order; ``data.store.rebuild`` replays it into a fresh database. Files kept while the
database was busy are marked pending beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

INPUT_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".txt"}


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _safe_suffix(name: str) -> str:
    # Only a known suffix from the submitted name ever reaches the filesystem.
    suffix = Path(name).suffix.lower()
    return suffix if suffix in INPUT_SUFFIXES else ".bin"


def archive_file(
    name: str, content: bytes, archive: Path, received_at: dt.datetime, strict: bool
) -> tuple[str, Path]:
    """Keep the raw bytes by content hash and record the receipt in the manifest."""
    digest = content_hash(content)
    target = archive / digest[:2] / f"{digest}{_safe_suffix(name)}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(content)
        os.replace(tmp, target)
    entry = {
        "file_hash": digest,
        "original_name": Path(name).name,
        "archive_path": str(target.relative_to(archive)),
        "received_at": received_at.isoformat(),
        "strict": strict,
    }
    record_event(archive, entry)
    return digest, target


def record_event(archive: Path, entry: dict) -> None:
    """Append one line to the archive manifest: a file received, or a load rolled back.

    The manifest is the event log ``rebuild`` replays, so the database can always be
    rebuilt from the archive alone.
    """
    archive.mkdir(parents=True, exist_ok=True)
    with (archive / "manifest.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


def read_manifest(archive: Path) -> list[dict]:
    path = archive / "manifest.jsonl"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pending_dir(archive: Path) -> Path:
    return archive / "pending"


def mark_pending(archive: Path, entry: dict) -> None:
    folder = pending_dir(archive)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{entry['file_hash']}.json").write_text(
        json.dumps(entry, ensure_ascii=False), encoding="utf-8"
    )


def pending_entries(archive: Path) -> list[dict]:
    folder = pending_dir(archive)
    if not folder.exists():
        return []
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    return sorted(entries, key=lambda e: e["received_at"])
