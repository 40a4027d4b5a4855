"""The door to the database: the shared reader, and a writer held across a batch of writes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

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


# --------------------------------------------------------------------------- shared reader


def _count(path, table="t") -> int:
    with db.reader(path) as con:
        return con.execute(f"select count(*) from {table}").fetchone()[0]


def _insert_from_another_process(path) -> None:
    """A plain DuckDB writer in another process, with no retry: it fails while this one holds the file."""
    script = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
        "con.execute('insert into t values (10)'); con.close()"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)


@pytest.fixture
def small_db(warehouse):
    with db.writer(warehouse) as con:
        con.execute("create table t as select * from range(3)")
    return warehouse


def test_queries_that_follow_each_other_share_one_read_only_connection(small_db):
    with db.reader(small_db) as first:
        pass
    with db.reader(small_db) as second:
        assert second is first
    assert db.query("select count(*) as n from t", path=small_db)["n"].iloc[0] == 3


def test_a_writer_of_this_process_gets_the_file_at_once_and_readers_see_its_change(small_db):
    assert _count(small_db) == 3
    with db.writer(small_db, wait=0) as con:
        con.execute("insert into t values (10)")
    assert _count(small_db) == 4


def test_the_file_is_free_for_another_process_soon_after_the_last_query(small_db):
    assert _count(small_db) == 3
    time.sleep(db.KEEP_SECONDS + 0.2)
    _insert_from_another_process(small_db)
    assert _count(small_db) == 4


def test_a_file_replaced_under_the_shared_connection_is_read_afresh(small_db, tmp_path):
    other = tmp_path / "other.duckdb"
    with db.writer(other) as con:
        con.execute("create table t as select * from range(7)")
    assert _count(small_db) == 3
    os.replace(other, small_db)
    assert _count(small_db) == 7


def test_a_failed_query_gives_up_the_shared_connection(small_db):
    with db.reader(small_db) as before:
        pass
    with pytest.raises(duckdb.CatalogException), db.reader(small_db) as con:
        con.execute("select * from no_such_table")
    with db.reader(small_db) as after:
        assert after is not before


def test_while_a_writer_waits_elsewhere_each_query_gives_the_file_back(small_db):
    db._waiting(small_db).touch()  # what a writer of another process leaves while it waits
    try:
        assert _count(small_db) == 3
        _insert_from_another_process(small_db)
    finally:
        db._waiting(small_db).unlink()
    assert _count(small_db) == 4


def test_a_waiting_writer_leaves_its_marker_only_while_it_waits(small_db):
    script = (
        "import sys, time, duckdb\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print('ready', flush=True)\n"
        "time.sleep(0.6)\n"
        "con.close()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(small_db)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "ready"  # another process reads the file
    seen = []

    def watch():
        for _ in range(40):
            seen.append(db.writer_waiting(small_db))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with db.writer(small_db, wait=10) as con:
            con.execute("insert into t values (10)")
    finally:
        assert holder.wait() == 0
        watcher.join()
    assert any(seen)
    assert not db.writer_waiting(small_db)
    assert _count(small_db) == 4


@pytest.mark.parametrize(("value", "threads"), [("1", 1), ("2", 2), ("", os.cpu_count())])
def test_connections_use_the_threads_the_setting_gives(small_db, monkeypatch, value, threads):
    monkeypatch.setenv("KPI_DB_THREADS", value)
    db._kept.drop()
    with db.reader(small_db) as con:
        assert con.execute("select current_setting('threads')").fetchone()[0] == threads
    with db.writer(small_db) as con:
        assert con.execute("select current_setting('threads')").fetchone()[0] == threads
