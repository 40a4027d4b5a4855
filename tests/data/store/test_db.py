"""The door to the database: a held writer connection shared by a batch of writes."""

from __future__ import annotations

import threading

import duckdb
import pytest

from data.store import db


def _lock_is_free() -> bool:
    """Whether another thread could take the in-process database lock right now."""
    got = []

    def probe():
        got.append(db._process_lock.acquire(timeout=1))
        if got[0]:
            db._process_lock.release()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return got[0]


def test_blocks_inside_held_writer_share_one_connection_and_each_counts(warehouse):
    db.initialise(warehouse)
    with db.held_writer(warehouse):
        with db.writer(warehouse) as first:
            first.execute("create table t (x integer)")
        after_first = db.data_version(warehouse)
        with db.writer(warehouse) as second:
            second.execute("insert into t values (1)")
        with db.reader(warehouse) as reading:
            seen = reading.execute("select count(*) from t").fetchone()[0]
        assert second is first and reading is first
        assert db.data_version(warehouse) != after_first
        assert not _lock_is_free()
    assert seen == 1
    assert _lock_is_free()
    # Closed on leaving: a read-only connection of this process may open the file again.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from t").fetchone()[0] == 1


def test_a_block_that_raises_leaves_nothing_to_the_next_one(warehouse):
    db.initialise(warehouse)
    with db.held_writer(warehouse):
        with db.writer(warehouse) as con:
            con.execute("create table t (x integer)")
        with pytest.raises(RuntimeError), db.writer(warehouse) as broken:
            broken.execute("begin transaction")
            broken.execute("insert into t values (1)")
            raise RuntimeError("a bug halfway through a load")
        with db.writer(warehouse) as fresh:
            assert fresh is not broken
            assert fresh.execute("select count(*) from t").fetchone()[0] == 0


def test_the_connection_is_given_up_once_held_long_enough(warehouse, monkeypatch):
    db.initialise(warehouse)
    monkeypatch.setattr(db, "HOLD_SECONDS", 0.0)
    with db.held_writer(warehouse):
        with db.writer(warehouse) as first:
            first.execute("create table t (x integer)")
        assert _lock_is_free()
        with db.writer(warehouse) as second:
            assert second is not first
            second.execute("insert into t values (1)")
    with db.reader(warehouse) as con:
        assert con.execute("select count(*) from t").fetchone()[0] == 1


def test_another_file_inside_held_writer_gets_its_own_connection(warehouse, tmp_path):
    other = tmp_path / "other.duckdb"
    with db.held_writer(warehouse):
        with db.writer(warehouse) as held:
            held.execute("create table t (x integer)")
        with db.writer(other) as separate:
            assert separate is not held
            separate.execute("create table u (y integer)")
    with db.reader(other) as con:
        assert con.execute("select count(*) from u").fetchone()[0] == 0
