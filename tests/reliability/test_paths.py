"""Scope and outcome through every loading path: upload, pending queue, rebuild, rollbacks."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from data.__main__ import main as cli
from data.access import User
from data.store import archive, db
from data.store.ingest import ingest_bytes, ingest_pending
from data.store.rollback import rollback_load
from tests.reliability.common import INDICATOR_HEADER, PROGRESS_HEADER, content, csv

pytestmark = pytest.mark.slow

BN = User("bn.nop", "Bến Nghé", "submitter", unit="BN")
ADMIN = User("nv.admin", "Quản trị", "admin")
VIEWER = User("lanhdao", "Lãnh đạo", "viewer")

OWN = csv(PROGRESS_HEADER, "BN,Quý I/2023,1,Đang triển khai,30,")
MIXED = csv(
    PROGRESS_HEADER, "BN,Quý I/2023,1,Đang triển khai,30,", "BT,Quý I/2023,2,Đang triển khai,40,"
)
# The foreign row also fails a check (percent above 100): the file is still refused for scope.
MIXED_BAD = csv(
    PROGRESS_HEADER, "BN,Quý I/2023,1,Đang triển khai,30,", "BT,Quý I/2023,2,Đang triển khai,400,"
)


class Holder:
    """Another process holding the database for writing, until ``release``."""

    def __init__(self, path):
        db.initialise(path)
        code = textwrap.dedent(
            f"""
            import duckdb, sys
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            sys.stdin.readline()
            """
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self):
        self.proc.communicate("\n", timeout=10)


@pytest.mark.parametrize("payload", [MIXED, MIXED_BAD], ids=["mixed", "mixed-and-bad"])
def test_scope_refusal_while_busy_is_never_loaded_by_the_pending_queue(warehouse, payload):
    """Test that a file refused for scope while the database is busy stays refused later."""
    holder = Holder(warehouse)
    try:
        r = ingest_bytes("bn.csv", payload, warehouse, actor=BN, wait=0.2)
    finally:
        holder.release()
    assert r.status == "rejected" and "đơn vị khác" in r.message
    [entry] = archive.pending_entries(db.archive_dir(warehouse))
    assert (entry["submitted_by"], entry["role"], entry["units"]) == ("bn.nop", "submitter", ["BN"])
    [again] = ingest_pending(warehouse)
    assert again.status == "rejected"
    log = db.query("select status, submitted_by from raw.load_log", path=warehouse)
    assert log.values.tolist() == [["rejected", "bn.nop"]]
    rows = db.query("select count(*) as n from core.progress_report", path=warehouse)
    assert rows["n"][0] == 0
    assert archive.pending_entries(db.archive_dir(warehouse)) == []


def test_busy_upload_loads_later_as_its_submitter(warehouse):
    """Test that a pending file of a submitter loads with that submitter recorded."""
    holder = Holder(warehouse)
    try:
        r = ingest_bytes("bn.csv", OWN, warehouse, actor=BN, wait=0.2)
    finally:
        holder.release()
    assert r.status == "busy"
    [done] = ingest_pending(warehouse)
    assert done.status == "loaded"
    trail = db.query("select actor, role from raw.audit_log where action = 'load'", path=warehouse)
    assert trail.values.tolist() == [["bn.nop", "submitter"]]


def test_rebuild_reaches_the_same_outcomes_with_scope_refusals_and_cascades(warehouse):
    """Test that rebuild keeps scope refusals, viewer refusals, rollbacks and their cascades."""
    ingest_bytes("bn.csv", OWN, warehouse, actor=BN)
    assert ingest_bytes("bn2.csv", MIXED, warehouse, actor=BN).status == "rejected"
    assert ingest_bytes("bn3.csv", MIXED_BAD, warehouse, actor=BN).status == "rejected"
    assert ingest_bytes("xem.csv", OWN, warehouse, actor=VIEWER).status == "rejected"
    first = ingest_bytes(
        "t1.csv", csv(INDICATOR_HEADER, "hs_tre_han,Bến Nghé,2023-01,,,3"), warehouse
    )
    fix = ingest_bytes(
        "t1b.csv", csv(INDICATOR_HEADER, "hs_tre_han,Bến Nghé,2023-01,,,4"), warehouse, actor=ADMIN
    )
    assert fix.status == "loaded"
    done = rollback_load(first.load_id, ADMIN, cascade=True, reason="nộp nhầm", db_file=warehouse)
    assert done.load_ids == [fix.load_id, first.load_id]
    live = content(warehouse)
    assert [r[4] for r in live["rollback"]] == [None, first.load_id]  # cascade_of
    assert cli(["rebuild", "--db", str(warehouse)]) == 0
    assert content(warehouse) == live
    statuses = [r[4] for r in live["log"]]
    assert statuses == ["loaded", "rejected", "rejected", "rejected", "rolled_back", "rolled_back"]


def test_pending_marker_from_before_receipts_still_loads(warehouse):
    """Test that a pending file kept by the earlier code (marker by hash) loads as the console."""
    import json

    arch = db.archive_dir(warehouse)
    digest, stored = archive.store_bytes("cu.csv", OWN, arch)
    marker = arch / "pending" / f"{digest}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "file_hash": digest,
        "original_name": "cu.csv",
        "archive_path": str(stored.relative_to(arch)),
        "received_at": "2023-04-02T09:00:00",
        "strict": False,
    }
    marker.write_text(json.dumps(entry), encoding="utf-8")
    [r] = ingest_pending(warehouse)
    assert r.status == "loaded"
    assert archive.pending_entries(arch) == []
    assert [e["original_name"] for e in archive.read_manifest(arch)] == ["cu.csv"]
