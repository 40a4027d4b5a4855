"""Contention: while another process holds the database for writing, sign-in stays fast and audited."""

from __future__ import annotations

import time

import pytest

from data import access
from data.access import users
from data.store import audit, db
from tests.reliability.test_paths import Holder

pytestmark = pytest.mark.slow

PASSWORD = "mat-khau-dung"


@pytest.fixture
def accounts(tmp_path, warehouse, monkeypatch):
    monkeypatch.delenv("KPI_DEMO", raising=False)
    path = tmp_path / "users.yaml"
    users.add_user(
        "bn.nop", PASSWORD, "submitter", "BN", actor="setup", path=path, db_file=warehouse, rounds=4
    )
    monkeypatch.setenv("KPI_USERS", str(path))
    return path


def test_sign_in_during_a_long_write_is_fast_and_loses_no_audit_entry(
    accounts, warehouse, monkeypatch
):
    """Test that sign-in never waits for a writer's lock, and is audited later.

    The database wait is set to 20 s while signing in: a sign-in that waited for the lock
    would take at least that long, whatever the machine.
    """
    monkeypatch.setenv("KPI_DB_WAIT", "20")
    holder = Holder(warehouse)
    try:
        start = time.perf_counter()
        ok = access.authenticate("bn.nop", PASSWORD, db_file=warehouse)
        wrong = access.authenticate("bn.nop", "sai", db_file=warehouse)
        took = time.perf_counter() - start
        # What a reader sees meanwhile: a sentence after KPI_DB_WAIT seconds, no traceback.
        monkeypatch.setenv("KPI_DB_WAIT", "1")
        with pytest.raises(db.DatabaseBusy, match="đang được một tiến trình khác ghi"):
            db.query("select count(*) from raw.load_log", path=warehouse)
    finally:
        holder.release()
    assert ok.ok and not wrong.ok
    assert took < 20, took
    entries = audit.read(warehouse, limit=None)
    sign_ins = entries[entries["action"].isin(["sign_in", "sign_in_failed"])]
    assert sorted(sign_ins["action"]) == ["sign_in", "sign_in_failed"]
    again = audit.read(warehouse, limit=None)  # a second copy never doubles an entry
    assert len(again) == len(entries)


def test_lockout_counts_failures_made_while_the_database_was_busy(accounts, warehouse, monkeypatch):
    """Test that wrong passwords during a long write still lock the account."""
    monkeypatch.setenv("KPI_DB_WAIT", "1")
    holder = Holder(warehouse)
    try:
        for _ in range(access.max_failed_sign_ins()):
            assert not access.authenticate("bn.nop", "sai", db_file=warehouse).ok
        locked = access.authenticate("bn.nop", PASSWORD, db_file=warehouse)
    finally:
        holder.release()
    assert not locked.ok and locked.locked_until is not None
