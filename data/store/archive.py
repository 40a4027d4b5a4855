"""The archive of raw files: kept by content hash, with a manifest of every settled event.

Every file that arrives gets a *receipt*: a marker in ``pending/`` (written and synced
before the database is touched) holding who sent it, with which role and units, and where
its bytes are. The database commit of the attempt records the receipt in
``raw.load_log.receipt``; then, still holding the write lock, the receipt's line is
appended to ``manifest.jsonl`` and the marker removed. So after a crash at any point a
file is either settled (load log + manifest line), or still visibly pending (a marker,
no load-log row), never a manifest line the database does not know: ``settle`` finishes
the markers whose commit happened and is called before every write.

A large dossier register given by its path (``kpi ingest``) is kept in a thread
(``Keeping``) while DuckDB reads the sender's file: the copy is synced, then the receipt
written, as above; the load commits only after both, and only if the sender's file is
unchanged since it was read. A crash before the receipt leaves nothing but, at most, an
unreferenced copy (the sender's file is still there); after it, the file is pending.

``data.store.rebuild`` replays the manifest (files with their submitter, refusals
without payload, rollbacks) into a fresh database.
"""

from __future__ import annotations

import errno
import hashlib
import json
import mmap
import os
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from data.store.files import locked, write_atomic

INPUT_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".txt", ".gz"}  # .csv.gz: a dossier register


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _safe_suffix(name: str) -> str:
    # Only a known suffix from the submitted name ever reaches the filesystem.
    suffix = Path(name).suffix.lower()
    return suffix if suffix in INPUT_SUFFIXES else ".bin"


def new_receipt() -> str:
    """A fresh receipt id for one arrival."""
    return uuid.uuid4().hex


def stored_path(name: str, digest: str, archive: Path) -> Path:
    """Where the archive keeps a file of this name and content hash."""
    return archive / digest[:2] / f"{digest}{_safe_suffix(name)}"


def store_bytes(
    name: str, content: bytes, archive: Path, digest: str | None = None
) -> tuple[str, Path]:
    """Keep the raw bytes by content hash (synced to disk); return (hash, path).

    ``digest``: the content hash when the caller has it already (a large register would
    be hashed twice otherwise).
    """
    digest = digest or content_hash(content)
    target = stored_path(name, digest, archive)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + f".{os.getpid()}.part")
        _write_synced(tmp, content)
        os.replace(tmp, target)
    return digest, target


# A file this large is written past the page cache (``_write_direct``).
DIRECT_MIN = 8 * 1024 * 1024
_DIRECT_CHUNK = 8 * 1024 * 1024
_BLOCK = 4096


def _write_synced(path: Path, content: bytes) -> None:
    """Write ``content`` to a new ``path`` and sync it to disk."""
    if len(content) < DIRECT_MIN or not _write_direct(path, content):
        with path.open("wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())


def _write_direct(path: Path, content: bytes) -> bool:
    """Write ``content`` past the page cache (O_DIRECT), then sync; False where not possible.

    The archive copy of a large register is not read again soon, and filling the page
    cache with it takes CPU the load needs (the copy is written while the database reads
    the file): measured, over ten times the CPU of the write itself. Whole blocks go
    through an aligned buffer; the last part block is appended by an ordinary write, and
    the sync covers both. Where O_DIRECT is refused (a filesystem or a system without
    it), the caller writes the copy the ordinary way.
    """
    flag = getattr(os, "O_DIRECT", 0)
    if not flag:
        return False
    whole = len(content) - len(content) % _BLOCK
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | flag, 0o644)
    except OSError:
        return False
    view = memoryview(content)
    try:
        # An anonymous map is page-aligned, as O_DIRECT needs.
        with mmap.mmap(-1, _DIRECT_CHUNK) as buffer, memoryview(buffer) as aligned:
            done = 0
            while done < whole:
                size = min(_DIRECT_CHUNK, whole - done)
                aligned[:size] = view[done : done + size]
                chunk = aligned[:size]
                try:
                    written = os.write(fd, chunk)
                finally:
                    chunk.release()  # the map closes only once no view of it is left
                if written != size:
                    raise OSError(f"short write to {path}: {written} of {size} bytes")
                done += size
    except OSError as exc:
        if exc.errno == errno.EINVAL:  # the filesystem accepted the flag but not the write
            return False
        raise
    finally:
        os.close(fd)
    with path.open("ab") as fh:
        fh.write(view[whole:])
        fh.flush()
        os.fsync(fh.fileno())
    return True


class Keeping:
    """``keep`` run in a thread, so a large file is copied and synced while it is read.

    ``wait`` returns once it is done, or raises what it raised; call it before anything
    that needs the copy kept (a commit) and before giving up the file.
    """

    def __init__(self, keep: Callable[[], None]) -> None:
        self._error: BaseException | None = None

        def run() -> None:
            try:
                keep()
            except BaseException as exc:  # noqa: BLE001 - handed to ``wait``
                self._error = exc

        self._thread = threading.Thread(target=run, name="keep-raw-file", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def record_event(archive: Path, entry: dict) -> None:
    """Append one line to the archive manifest: a settled receipt, or a load rolled back.

    The manifest is the event log ``rebuild`` replays, so the database can always be
    rebuilt from the archive alone.
    """
    archive.mkdir(parents=True, exist_ok=True)
    path = archive / "manifest.jsonl"
    torn = False
    if path.exists() and path.stat().st_size:
        with path.open("rb") as fh:
            fh.seek(-1, os.SEEK_END)
            torn = fh.read(1) != b"\n"  # a line cut by a crash: start a fresh line
    with path.open("a", encoding="utf-8") as fh:
        if torn:
            fh.write("\n")
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_manifest(archive: Path) -> list[dict]:
    """Every manifest line, in order (a torn last line from a crash is skipped)."""
    path = archive / "manifest.jsonl"
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a line cut by a crash never settled: its marker is still pending
    return out


def pending_dir(archive: Path) -> Path:
    return archive / "pending"


def write_receipt(archive: Path, entry: dict) -> None:
    """Write (atomically, synced) the pending marker of one arrival, keyed by its receipt."""
    folder = pending_dir(archive)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / f"{entry['receipt']}.json", json.dumps(entry, ensure_ascii=False))


def clear_receipt(archive: Path, receipt: str) -> None:
    """Remove the pending marker of a settled receipt."""
    (pending_dir(archive) / f"{receipt}.json").unlink(missing_ok=True)


def pending_entries(archive: Path) -> list[dict]:
    """Receipts not settled yet, oldest first (busy database, or a crash before commit)."""
    folder = pending_dir(archive)
    if not folder.exists():
        return []
    entries = []
    for p in folder.glob("*.json"):
        try:
            entries.append(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue  # a marker is written atomically; anything else is not ours
    # A rollback's marker (``event: rollback``) is dated by when it happened.
    return sorted(
        entries, key=lambda e: (e.get("received_at") or e.get("at", ""), e.get("receipt", ""))
    )


def is_rollback(entry: dict) -> bool:
    """True for a rollback's manifest line or marker (not a file's receipt)."""
    return entry.get("event") == "rollback"


def settle(archive: Path, committed: set[str]) -> int:
    """Finish receipts whose database commit happened: manifest line, then marker removed.

    Args:
        archive: The archive folder.
        committed: Receipt ids found in ``raw.load_log.receipt``.

    Returns:
        How many receipts were settled.
    """
    todo = [e for e in pending_entries(archive) if e.get("receipt") in committed]
    if not todo:
        return 0
    manifest = archive / "manifest.jsonl"
    with locked(manifest):
        known = {e.get("receipt") for e in read_manifest(archive)}
        for entry in todo:
            if entry["receipt"] not in known:
                record_event(archive, entry)
            clear_receipt(archive, entry["receipt"])
    return len(todo)
