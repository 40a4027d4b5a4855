"""Rolling back a load restores exactly the previous state; dependencies are explicit."""

from __future__ import annotations

import shutil

import pytest

from data import access
from data.__main__ import main as cli
from data.access import AccessDenied, User
from data.store import db
from data.store.ingest import ingest_bytes
from data.store.rollback import RollbackRefused, plan, rollback_load

PROGRESS_HEADER = "Đơn vị báo cáo,Kỳ báo cáo,STT nhiệm vụ,Tình trạng,Tỷ lệ hoàn thành (%),Ghi chú"
INDICATOR_HEADER = "Mã chỉ số,Phạm vi,Kỳ số liệu,Tử số,Mẫu số,Giá trị"

ADMIN = User("nv.admin", "Quản trị", "admin")
VIEWER = User("lanhdao", "Lãnh đạo", "viewer")
SUBMITTER = User("bn.nop", "Bến Nghé", "submitter", unit="BN")

# Every table a load writes facts or refused rows to, and the views read by metrics.
TABLES = {
    "core.progress_report": "unit_code, period_code, task_id, load_id",
    "core.indicator_value": "indicator_code, scope_code, period_key, load_id",
    "staging.quarantine": "load_id, row_number, column_name",
    "marts.progress_current": "unit_code, period_code, task_id",
    "marts.indicator_current": "indicator_code, scope_code, period_key",
}


def csv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def progress(*rows: str) -> bytes:
    return csv(PROGRESS_HEADER, *rows)


def indicators(*rows: str) -> bytes:
    return csv(INDICATOR_HEADER, *rows)


def load(path, name: str, content: bytes):
    result = ingest_bytes(name, content, path, archive=db.archive_dir(path))
    assert result.status in ("loaded", "partial"), result.as_dict()
    return result


def snapshot(path) -> dict:
    with db.reader(path) as con:
        return {
            t: con.execute(f"select * from {t} order by {o}").fetchall() for t, o in TABLES.items()
        }


@pytest.fixture(scope="module")
def base_template(tmp_path_factory):
    """The ``base`` database, loaded once per module through the real ingestion."""
    warehouse = tmp_path_factory.mktemp("base") / "wh" / "kpi.duckdb"
    with pytest.MonkeyPatch.context() as env:
        env.delenv("KPI_ARCHIVE", raising=False)  # the archive stays beside the copy
        _load_base(warehouse)
    return warehouse


def _load_base(warehouse) -> None:
    load(
        warehouse,
        "bn_q1.csv",
        progress(
            "BN,Quý I/2023,1,Đang triển khai,30,",
            "BN,Quý I/2023,2,Đang triển khai,50,",
        ),
    )
    load(
        warehouse,
        "chi_so_t1.csv",
        indicators("hs_truc_tuyen,Bến Nghé,2023-01,80,100,", "hs_tre_han,Bến Nghé,2023-01,,,3"),
    )


@pytest.fixture
def base(base_template, warehouse):
    """A database with one progress load and one indicator load already in it (a copy)."""
    shutil.copytree(base_template.parent, warehouse.parent, dirs_exist_ok=True)
    return warehouse


def test_rollback_restores_exactly_the_state_before_the_load(base):
    """Test that rolling back a superseding, partly quarantined load restores every table."""
    before = snapshot(base)
    r = load(
        base,
        "bn_q1_sua.csv",
        progress(
            "BN,Quý I/2023,1,Đang triển khai,60,đã sửa",  # supersedes
            "BN,Quý I/2023,2,Đang triển khai,50,",  # unchanged
            "BN,Quý I/2023,3,Hoàn thành,100,",  # new
            "BN,Quý I/2023,4,Đang triển khai,abc,",  # quarantined
        ),
    )
    assert (r.rows_loaded, r.rows_superseded, r.rows_quarantined) == (2, 1, 1)
    assert snapshot(base) != before

    result = rollback_load(r.load_id, ADMIN, reason="nộp nhầm", db_file=base)

    assert snapshot(base) == before
    assert result.load_ids == [r.load_id]
    assert (result.rows_deleted[r.load_id], result.rows_restored[r.load_id]) == (2, 1)
    assert result.quarantine_removed[r.load_id] == 1
    assert "#" + str(r.load_id) in result.message


def test_rollback_of_indicator_load_restores_superseded_values(base):
    """Test that an indicator load's rollback brings back the value it replaced."""
    before = snapshot(base)
    r = load(base, "chi_so_sua.csv", indicators("hs_truc_tuyen,Bến Nghé,2023-01,90,100,"))
    current = db.query(
        "select value from marts.indicator_current where indicator_code = 'hs_truc_tuyen'",
        path=base,
    )
    assert current["value"].tolist() == [90.0]
    rollback_load(r.load_id, ADMIN, db_file=base)
    assert snapshot(base) == before


def test_rollback_of_first_load_empties_its_table(warehouse):
    """Test that undoing the only load leaves no fact rows behind."""
    r = load(warehouse, "a.csv", progress("BN,Quý I/2023,1,Đang triển khai,30,"))
    rollback_load(r.load_id, ADMIN, db_file=warehouse)
    assert snapshot(warehouse)["core.progress_report"] == []


def test_rollback_is_marked_in_the_log_and_audited(base):
    """Test that the load log, the rollback table and the audit log all record the rollback."""
    r = load(base, "b.csv", progress("BN,Quý I/2023,1,Hoàn thành,100,"))
    rollback_load(r.load_id, ADMIN, reason="nộp nhầm kỳ", db_file=base)
    log = db.query("select * from marts.load_history where load_id = ?", [r.load_id], path=base)
    assert log["status"].tolist() == ["rolled_back"]
    assert log["previous_status"].tolist() == ["loaded"]
    assert log["rolled_back_by"].tolist() == ["nv.admin"]
    entry = db.query(
        "select actor, role, file_hash, detail->>'reason' as reason, "
        "cast(detail->>'rows_restored' as int) as restored "
        "from raw.audit_log where action = 'rollback' and load_id = ?",
        [r.load_id],
        path=base,
    )
    assert entry.to_dict("records") == [
        {
            "actor": "nv.admin",
            "role": "admin",
            "file_hash": r.file_hash,
            "reason": "nộp nhầm kỳ",
            "restored": 1,
        }
    ]


def test_rolling_back_twice_says_so(base):
    """Test that a second rollback of the same load is refused with a clear sentence."""
    r = load(base, "b.csv", progress("BN,Quý I/2023,1,Hoàn thành,100,"))
    rollback_load(r.load_id, ADMIN, db_file=base)
    state = snapshot(base)
    with pytest.raises(RollbackRefused, match="đã được hoàn tác lúc .* bởi nv.admin"):
        rollback_load(r.load_id, ADMIN, db_file=base)
    assert snapshot(base) == state


def test_same_file_loads_again_after_rollback(base):
    """Test that a rolled-back file is not mistaken for 'already loaded' when sent again."""
    content = progress("BN,Quý I/2023,1,Hoàn thành,100,")
    r = load(base, "b.csv", content)
    rollback_load(r.load_id, ADMIN, db_file=base)
    again = ingest_bytes("b.csv", content, base, archive=db.archive_dir(base))
    assert (again.status, again.rows_loaded, again.rows_superseded) == ("loaded", 1, 1)


def test_dependent_later_load_is_refused_without_cascade(base):
    """Test that a later load that replaced this load's rows blocks a plain rollback."""
    after_base = snapshot(base)
    first = load(base, "lan1.csv", progress("BN,Quý I/2023,1,Đang triển khai,60,"))
    second = load(base, "lan2.csv", progress("BN,Quý I/2023,1,Đang triển khai,70,"))
    third = load(base, "lan3.csv", progress("BN,Quý I/2023,1,Hoàn thành,100,"))
    state = snapshot(base)

    with pytest.raises(RollbackRefused) as refused:
        rollback_load(first.load_id, ADMIN, db_file=base)
    text = str(refused.value)
    assert f"#{third.load_id} (tệp 'lan3.csv'" in text and f"#{second.load_id}" in text
    assert "--cascade" in text
    assert snapshot(base) == state

    info = plan(first.load_id, base)
    assert [d["load_id"] for d in info["dependents"]] == [third.load_id, second.load_id]

    result = rollback_load(first.load_id, ADMIN, cascade=True, db_file=base)
    assert result.load_ids == [third.load_id, second.load_id, first.load_id]
    assert snapshot(base) == after_base
    cascade = db.query(
        "select load_id, cascade_of from raw.load_rollback order by load_id", path=base
    )
    assert cascade.fillna(-1).astype(int).values.tolist() == [
        [first.load_id, -1],
        [second.load_id, first.load_id],
        [third.load_id, first.load_id],
    ]


def test_independent_later_load_does_not_block(base):
    """Test that a later load for other keys is no dependency and keeps its rows."""
    first = load(base, "lan1.csv", progress("BN,Quý I/2023,1,Đang triển khai,60,"))
    other = load(base, "khac.csv", progress("BN,Quý I/2023,5,Đang triển khai,10,"))
    rollback_load(first.load_id, ADMIN, db_file=base)
    rows = db.query(
        "select task_id, percent_complete from marts.progress_current order by task_id", path=base
    )
    assert rows.values.tolist() == [["1", 30.0], ["2", 50.0], ["5", 10.0]]
    assert (
        other.load_id
        not in db.query("select load_id from raw.load_rollback", path=base)["load_id"].tolist()
    )


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (progress("XX,Quý I/2023,1,Đang triển khai,30,"), "không có gì để hoàn tác"),
    ],
)
def test_load_that_wrote_nothing_cannot_be_rolled_back(warehouse, content, pattern):
    """Test that a rejected load is refused: nothing to undo."""
    r = ingest_bytes("sai.csv", content, warehouse, archive=db.archive_dir(warehouse))
    assert r.status == "rejected"
    with pytest.raises(RollbackRefused, match=pattern):
        rollback_load(r.load_id, ADMIN, db_file=warehouse)


def test_unknown_load_is_refused(warehouse):
    """Test that an unknown load number is named in the refusal."""
    db.initialise(warehouse)
    with pytest.raises(RollbackRefused, match="Không có lượt nạp #999"):
        rollback_load(999, ADMIN, db_file=warehouse)


@pytest.mark.parametrize("user", [VIEWER, SUBMITTER], ids=["viewer", "submitter"])
def test_only_admins_roll_back(base, user):
    """Test that viewers and submitters cannot roll back and nothing changes."""
    r = load(base, "b.csv", progress("BN,Quý I/2023,1,Hoàn thành,100,"))
    state = snapshot(base)
    assert not access.can(user, "rollback")
    with pytest.raises(AccessDenied, match="không có quyền hoàn tác lượt nạp"):
        rollback_load(r.load_id, user, db_file=base)
    assert snapshot(base) == state


def test_cli_rollback_roles_and_dry_run(base, tmp_path, capsys):
    """Test the rollback command: dry run, a viewer named with --by refused, console allowed."""
    from data.access import users

    users_file = tmp_path / "users.yaml"
    users.add_user(
        "nv.admin", "mat-khau-1", "admin", actor="t", path=users_file, db_file=base, rounds=4
    )
    users.add_user(
        "lanhdao", "mat-khau-2", "viewer", actor="t", path=users_file, db_file=base, rounds=4
    )
    r = load(base, "b.csv", progress("BN,Quý I/2023,1,Hoàn thành,100,"))
    state = snapshot(base)

    assert cli(["rollback", str(r.load_id), "--db", str(base), "--dry-run"]) == 0
    assert "sẽ xóa 1 dòng, khôi phục 1 dòng" in capsys.readouterr().out
    assert snapshot(base) == state

    args = ["rollback", str(r.load_id), "--db", str(base), "--users", str(users_file)]
    assert cli([*args, "--by", "lanhdao"]) == 2
    assert "không có quyền" in capsys.readouterr().err
    assert snapshot(base) == state

    assert cli([*args, "--by", "nv.admin", "--reason", "thử"]) == 0
    assert "Đã hoàn tác lượt nạp" in capsys.readouterr().out
    assert cli([*args, "--by", "nv.admin"]) == 2
    assert "đã được hoàn tác" in capsys.readouterr().err


@pytest.mark.slow  # a rebuild from the archive: end to end
def test_rebuild_from_the_archive_keeps_rollbacks_and_other_audit_entries(base):
    """Test that rebuild replays a rollback where it happened and keeps non-load audit rows."""
    fixed = load(base, "chi_so_t1_sua.csv", indicators("hs_truc_tuyen,Bến Nghé,2023-01,90,100,"))
    rollback_load(fixed.load_id, ADMIN, reason="nộp nhầm", db_file=base)
    load(base, "chi_so_t1_sua.csv", indicators("hs_truc_tuyen,Bến Nghé,2023-01,90,100,"))
    again = db.query("select max(load_id) as id from raw.load_log", path=base)["id"][0]
    rollback_load(int(again), "console", db_file=base)
    from data.store import audit

    audit.record_now("target_change", "nv.admin", "admin", detail={"code": "x"}, db_file=base)
    before = snapshot(base)
    assert cli(["rebuild", "--db", str(base)]) == 0
    assert snapshot(base) == before
    actions = db.query("select action from raw.audit_log", path=base)["action"].tolist()
    assert actions.count("rollback") == 2 and actions.count("target_change") == 1
