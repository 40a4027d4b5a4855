"""Test the archive's copy of a raw file: the same bytes, synced, however it is written."""

from __future__ import annotations

import errno
import os

import pytest

from data.store import archive

# Sizes around the direct write's block and buffer, as the archive sets them.
BLOCK = archive._BLOCK
CHUNK = archive._DIRECT_CHUNK


@pytest.mark.parametrize(
    "size",
    [0, 1, archive.DIRECT_MIN - 1, archive.DIRECT_MIN, CHUNK + BLOCK, 2 * CHUNK + BLOCK + 7],
    ids=["empty", "one-byte", "under", "at", "block-past-chunk", "part-block-past-chunks"],
)
def test_a_copy_holds_the_very_bytes(tmp_path, size):
    """Test that small and large contents (written past the page cache) are kept whole."""
    content = os.urandom(size)
    digest, stored = archive.store_bytes("so.csv", content, tmp_path)
    assert stored.read_bytes() == content
    assert digest == archive.content_hash(content)
    assert not list(tmp_path.rglob("*.part"))


def test_a_filesystem_without_direct_writes_gets_an_ordinary_copy(tmp_path, monkeypatch):
    """Test that a refused O_DIRECT open falls back to the ordinary, synced write."""
    opened = os.open

    def no_direct(path, flags, *args):
        if flags & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return opened(path, flags, *args)

    monkeypatch.setattr(os, "open", no_direct)
    content = os.urandom(archive.DIRECT_MIN + 5)
    _, stored = archive.store_bytes("so.csv", content, tmp_path)
    assert stored.read_bytes() == content


def test_a_direct_write_the_filesystem_refuses_is_written_again(tmp_path, monkeypatch):
    """Test that a write refused for alignment (EINVAL) leaves a whole ordinary copy."""
    written = os.write

    def refuse_first(fd, data):
        monkeypatch.setattr(os, "write", written)
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "write", refuse_first)
    content = os.urandom(archive.DIRECT_MIN + 5)
    _, stored = archive.store_bytes("so.csv", content, tmp_path)
    assert stored.read_bytes() == content


def test_a_full_disk_fails_the_copy(tmp_path, monkeypatch):
    """Test that any other write error is raised: the file is not kept, and says so."""

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError, match="No space"):
        archive.store_bytes("so.csv", os.urandom(archive.DIRECT_MIN), tmp_path)
