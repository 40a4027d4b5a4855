"""kill -9 of a real ingest at every step: the file is loaded or visibly pending, never a ghost."""

from __future__ import annotations

import signal

import pytest

from data import catalog
from data.__main__ import main as cli
from data.store import archive, db
from data.store.ingest import ingest_bytes
from tests.reliability.common import INDICATOR_HEADER, content, csv, run_cli

pytestmark = pytest.mark.slow

FIRST = csv(
    INDICATOR_HEADER, "hs_truc_tuyen,Bến Nghé,2023-01,80,100,", "hs_tre_han,Cầu Kho,2023-01,,,3"
)
# Supersedes one row of FIRST, adds one, and has one refused row (quarantine).
SECOND = csv(
    INDICATOR_HEADER,
    "hs_truc_tuyen,Bến Nghé,2023-01,85,100,",
    "hs_truc_tuyen,Tân Định,2023-01,40,50,",
    "hs_truc_tuyen,Tân Định,2023-02,60,50,",
)

# The steps of data/store/ingest.py where KPI_FAULT_POINT kills the process, and what the
# file must be afterwards: absent (no receipt yet: the sender got no answer), pending,
# or loaded.
POINTS = [
    ("received", "absent"),
    ("receipt", "pending"),
    ("before_commit", "pending"),
    ("committed", "loaded"),
    ("manifest", "loaded"),
]


def receipts_in_manifest(path) -> set[str]:
    return {
        e["receipt"]
        for e in archive.read_manifest(db.archive_dir(path))
        if "receipt" in e and not archive.is_rollback(e)
    }


# A dossier register, loaded whole: the database reads it while its copy is kept.
REGISTER = csv(
    ",".join(f'"{h}"' for h in catalog.load().inputs.kind("register").headers().values()),
    "BN-01,Hộ tịch,Khai sinh,Phường Bến Nghé,05/01/2023 08:00,10/01/2023 17:00,"
    "08/01/2023 10:00,08/01/2023,Trực tiếp,,,Đã trả kết quả,",
    "BN-02,Hộ tịch,Khai sinh,Phường Bến Nghé,06/01/2023 08:00,07/01/2023 17:00,,,"
    "Trực tuyến toàn trình,,,Đang giải quyết,",
)
SECONDS = {"report": (SECOND, "partial"), "register": (REGISTER, "loaded")}


@pytest.mark.parametrize("kind", list(SECONDS))
@pytest.mark.parametrize(("point", "expected"), POINTS)
def test_kill_at_each_step_leaves_no_ghost(tmp_path, warehouse, point, expected, kind):
    """Test that after kill -9 the file is loaded or pending and rebuild equals the live database."""
    ingest_bytes("dau.csv", FIRST, warehouse)
    second = tmp_path / "sau.csv"
    data, final = SECONDS[kind]
    second.write_bytes(data)
    env = {"KPI_FAULT_POINT": point, "KPI_DB_WAIT": "5"}
    done = run_cli(["ingest", str(second), "--db", str(warehouse), "--quiet"], env)
    assert done.returncode == -signal.SIGKILL, done.stderr

    arch = db.archive_dir(warehouse)
    log = db.query("select file_hash, receipt from raw.load_log", path=warehouse)
    logged = set(log["receipt"].dropna())
    pending = {e["receipt"] for e in archive.pending_entries(arch)}
    # No ghost: every manifest line is a commit the database knows.
    assert receipts_in_manifest(warehouse) <= logged
    second_hash = archive.content_hash(data)
    loaded = second_hash in set(log["file_hash"])
    state = "loaded" if loaded else ("pending" if pending else "absent")
    assert state == expected
    status = run_cli(["status", "--db", str(warehouse), "--json"])
    assert status.returncode == 0, status.stderr
    assert ('"pending_files": 1' in status.stdout) == (expected == "pending")

    live = content(warehouse)
    assert cli(["rebuild", "--db", str(warehouse)]) == 0
    assert content(warehouse) == live
    assert archive.pending_entries(arch) == [] or expected == "pending"

    # The pending queue finishes the job; the file is then loaded exactly once.
    assert cli(["ingest", "--pending", "--db", str(warehouse), "--quiet"]) in (0, 1)
    log = db.query(
        "select status from raw.load_log where file_hash = ?", [second_hash], path=warehouse
    )
    assert log["status"].tolist() == ([] if expected == "absent" else [final])
    live = content(warehouse)
    assert cli(["rebuild", "--db", str(warehouse)]) == 0
    assert content(warehouse) == live
    assert archive.pending_entries(arch) == []


# The steps of a rollback (data/store/rollback.py) where KPI_FAULT_POINT kills the process,
# and whether the load is rolled back afterwards.
ROLLBACK_POINTS = [("rollback_receipt", False), ("rollback_committed", True)]


@pytest.mark.parametrize(("point", "rolled_back"), ROLLBACK_POINTS)
def test_kill_during_a_rollback_leaves_no_ghost(tmp_path, warehouse, point, rolled_back):
    """Test that after kill -9 in a rollback, rebuild equals the live database, cascade too."""
    ingest_bytes("dau.csv", FIRST, warehouse)
    ingest_bytes("sau.csv", SECOND, warehouse)  # supersedes a row of the first load
    first = int(db.query("select min(load_id) from raw.load_log", path=warehouse).iloc[0, 0])
    env = {"KPI_FAULT_POINT": point, "KPI_DB_WAIT": "5"}
    done = run_cli(["rollback", str(first), "--cascade", "--db", str(warehouse)], env)
    assert done.returncode == -signal.SIGKILL, done.stderr

    back = db.query("select load_id, cascade_of from raw.load_rollback", path=warehouse)
    assert len(back) == (2 if rolled_back else 0)
    status = run_cli(["status", "--db", str(warehouse), "--json"])
    assert '"pending_files": 0' in status.stdout  # a rollback is never a pending file
    live = content(warehouse)
    assert cli(["rebuild", "--db", str(warehouse)]) == 0
    assert content(warehouse) == live
    arch = db.archive_dir(warehouse)
    assert archive.pending_entries(arch) == []
    lines = [e for e in archive.read_manifest(arch) if archive.is_rollback(e)]
    assert len(lines) == (2 if rolled_back else 0)
    assert [bool(e.get("cascade_of")) for e in lines] == ([True, False] if rolled_back else [])
