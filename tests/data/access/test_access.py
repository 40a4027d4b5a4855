"""Roles, sign-in, sessions, the users file and its command, and the submitter's unit scope."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from data import access
from data.__main__ import main as cli
from data.access import User, authenticate, can, check_users_file, session_valid, signins, users
from data.store import audit, db
from data.store.ingest import check_file, ingest_bytes

NOW = dt.datetime(2023, 6, 1, 9, 0, 0)
PASSWORD = "mat-khau-dung"
ACCOUNTS = [
    ("nv.admin", "admin", None),
    ("lanhdao", "viewer", None),
    ("bn.nop", "submitter", "BN"),
    ("tckh.nop", "submitter", "TCKH"),
]


@pytest.fixture(scope="module")
def accounts(tmp_path_factory) -> tuple[Path, Path]:
    """A users file with one account per role and the database that audited their adding.

    Written once per module by the real command code; every test starts from copies.
    """
    folder = tmp_path_factory.mktemp("accounts")
    path, database = folder / "users.yaml", folder / "kpi.duckdb"
    for name, role, unit in ACCOUNTS:
        users.add_user(
            name, PASSWORD, role, unit, actor="setup", path=path, db_file=database, rounds=4
        )
    return path, database


@pytest.fixture
def users_file(tmp_path, warehouse, accounts, monkeypatch):
    """A users file with one account per role, written by the real command code.

    The test's warehouse is a copy of the database the accounts were added to.
    """
    monkeypatch.delenv("KPI_DEMO", raising=False)
    template, database = accounts
    path = tmp_path / "users.yaml"
    shutil.copy(template, path)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(database, warehouse)
    monkeypatch.setenv("KPI_USERS", str(path))
    return path


def signed_in(users_file, name) -> User:
    return access.load_users(users_file)[name]


# role, action, unit, allowed
PERMISSION_TABLE = [
    ("viewer", "view", None, True),
    ("viewer", "upload", None, False),
    ("viewer", "upload", "BN", False),
    ("viewer", "view_audit", None, False),
    ("viewer", "rollback", None, False),
    ("viewer", "edit_targets", None, False),
    ("viewer", "manage_users", None, False),
    ("submitter", "view", None, True),
    ("submitter", "upload", None, True),
    ("submitter", "upload", "BN", True),
    ("submitter", "upload", "BT", False),
    ("submitter", "upload", "Q1", False),
    ("submitter", "view_audit", None, False),
    ("submitter", "rollback", None, False),
    ("submitter", "edit_targets", None, False),
    ("submitter", "manage_users", None, False),
    ("admin", "view", None, True),
    ("admin", "upload", "BT", True),
    ("admin", "upload", "Q1", True),
    ("admin", "view_audit", None, True),
    ("admin", "rollback", None, True),
    ("admin", "edit_targets", None, True),
    ("admin", "manage_users", None, True),
]


@pytest.mark.parametrize(("role", "action", "unit", "allowed"), PERMISSION_TABLE)
def test_role_permissions(role, action, unit, allowed):
    """Test each role's allowed and forbidden actions."""
    user = User("u", "U", role, unit="BN" if role == "submitter" else None)
    assert can(user, action, unit) is allowed
    if not allowed:
        with pytest.raises(access.AccessDenied):
            access.require(user, action, unit)


def test_nobody_and_unknown_actions_are_refused():
    """Test that no user, or an action nobody knows, is never allowed."""
    assert not can(None, "view")
    assert not can(User("a", "A", "admin"), "delete_everything")
    with pytest.raises(access.AccessDenied, match="Cần đăng nhập"):
        access.require(None, "upload")


def test_allowed_units():
    """Test the units each role may upload for."""
    assert access.allowed_units(User("s", "S", "submitter", unit="BN")) == {"BN"}
    assert access.allowed_units(User("v", "V", "viewer")) == frozenset()
    admin_units = access.allowed_units(User("a", "A", "admin"))
    assert {"BN", "TD", "Q1", "NV", "TCKH"} <= admin_units


def test_wall_display_is_a_viewer():
    """Test that the wall display may view and nothing else."""
    wall = access.wall_display_user()
    assert can(wall, "view") and not can(wall, "upload") and not can(wall, "view_audit")


# --------------------------------------------------------------------------- sign-in


def test_right_password_signs_in_and_is_audited(users_file, warehouse):
    """Test a successful sign-in and its audit entry."""
    result = authenticate("BN.nop ", PASSWORD, db_file=warehouse, now=NOW)
    assert result.ok and result.user.role == "submitter" and result.user.unit == "BN"
    log = db.query(
        "select actor, role, action from raw.audit_log where action like 'sign%'", path=warehouse
    )
    assert log.values.tolist() == [["bn.nop", "submitter", "sign_in"]]


def test_reading_the_audit_log_with_nothing_new_to_copy_writes_nothing(users_file, warehouse):
    """Test that copied sign-ins are marked in the journal, so reading opens no writer."""
    authenticate("bn.nop", PASSWORD, db_file=warehouse, now=NOW)
    before = db.data_version(warehouse)
    entries = audit.read(warehouse, limit=None)
    assert db.data_version(warehouse) == before
    assert list(entries["action"]).count("sign_in") == 1


def test_a_copy_cut_short_before_the_journal_is_marked_is_not_doubled(users_file, warehouse):
    """Test that entries copied but not yet marked (a crash between) are copied once."""
    authenticate("bn.nop", PASSWORD, db_file=warehouse, now=NOW)
    journal = signins.journal_path(warehouse)
    lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert [e[signins.COPIED] for e in lines] == [True]
    unmarked = [{k: v for k, v in e.items() if k != signins.COPIED} for e in lines]
    journal.write_text("".join(json.dumps(e) + "\n" for e in unmarked), encoding="utf-8")
    assert signins.flush(warehouse) == 0
    log = audit.read(warehouse, action="sign_in", limit=None)
    assert len(log) == 1


def test_wrong_password_and_unknown_user_say_the_same(users_file, warehouse):
    """Test that a wrong password and an unknown name give one message and are audited."""
    wrong = authenticate("bn.nop", "sai-mat-khau", db_file=warehouse, now=NOW)
    unknown = authenticate("khong.co", PASSWORD, db_file=warehouse, now=NOW)
    assert not wrong.ok and not unknown.ok and wrong.user is None
    assert wrong.message == unknown.message == access.WRONG_CREDENTIALS
    failed = db.query(
        "select actor, detail->>'reason' as reason from raw.audit_log "
        "where action = 'sign_in_failed' order by audit_id",
        path=warehouse,
    )
    assert failed.values.tolist() == [["bn.nop", "wrong_password"], ["khong.co", "unknown_user"]]


def test_repeated_failures_lock_the_account(users_file, warehouse):
    """Test that five wrong passwords lock the account, even for the right one, for a while."""
    for i in range(access.max_failed_sign_ins()):
        assert not authenticate(
            "bn.nop", "sai", db_file=warehouse, now=NOW + dt.timedelta(seconds=i)
        ).ok
    locked = authenticate("bn.nop", PASSWORD, db_file=warehouse, now=NOW + dt.timedelta(minutes=1))
    assert not locked.ok
    assert "tạm khóa" in locked.message and "09:15" in locked.message
    # Another account is not affected.
    assert authenticate("tckh.nop", PASSWORD, db_file=warehouse, now=NOW).ok
    later = NOW + access.lockout_period() + dt.timedelta(minutes=1)
    assert authenticate("bn.nop", PASSWORD, db_file=warehouse, now=later).ok


def test_success_resets_the_failure_count(users_file, warehouse):
    """Test that a successful sign-in clears earlier failures."""
    for i in range(access.max_failed_sign_ins() - 1):
        authenticate("bn.nop", "sai", db_file=warehouse, now=NOW + dt.timedelta(seconds=i))
    assert authenticate("bn.nop", PASSWORD, db_file=warehouse, now=NOW + dt.timedelta(minutes=1)).ok
    assert not authenticate(
        "bn.nop", "sai", db_file=warehouse, now=NOW + dt.timedelta(minutes=2)
    ).ok
    assert authenticate("bn.nop", PASSWORD, db_file=warehouse, now=NOW + dt.timedelta(minutes=3)).ok


@pytest.mark.parametrize(
    ("signed_in_at", "now", "valid"),
    [
        (NOW, NOW + dt.timedelta(hours=1), True),
        (NOW, NOW + dt.timedelta(hours=8), True),
        (NOW, NOW + dt.timedelta(hours=8, seconds=1), False),
        (NOW + dt.timedelta(hours=1), NOW, False),
        (None, NOW, False),
    ],
    ids=["fresh", "edge", "expired", "future", "never"],
)
def test_session_expiry(signed_in_at, now, valid, monkeypatch):
    """Test that a session older than KPI_SESSION_HOURS (default 8) is not valid."""
    monkeypatch.delenv("KPI_SESSION_HOURS", raising=False)
    assert session_valid(signed_in_at, now) is valid


def test_session_max_age_argument_wins():
    """Test that an explicit max_age overrides the default."""
    assert not session_valid(NOW, NOW + dt.timedelta(minutes=31), dt.timedelta(minutes=30))


def test_removed_user_loses_the_session(users_file, warehouse):
    """Test that current_user reflects a removal made while the person is signed in."""
    assert access.current_user("lanhdao") is not None
    users.remove_user("lanhdao", actor="setup", db_file=warehouse)
    assert access.current_user("lanhdao") is None


# --------------------------------------------------------------------------- users file


def test_password_is_never_stored_plain(users_file):
    """Test that the users file holds bcrypt hashes and no password text."""
    text = users_file.read_text(encoding="utf-8")
    assert PASSWORD not in text
    assert text.count("password_hash: $2b$04$") == len(ACCOUNTS)
    assert check_users_file(users_file, demo_mode=False) == []


def test_demo_accounts_refused_outside_demo_mode(monkeypatch):
    """Test that the shipped demo file stops the app unless KPI_DEMO=1, and signs in in demo."""
    problems = check_users_file(access.DEMO_USERS_FILE, demo_mode=False)
    assert len(problems) == 4
    assert all("tài khoản demo" in p for p in problems)
    assert check_users_file(access.DEMO_USERS_FILE, demo_mode=True) == []


def test_demo_account_cannot_sign_in_outside_demo_mode(tmp_path, warehouse, monkeypatch):
    """Test that a demo account in a real users file never signs in without KPI_DEMO=1."""
    path = tmp_path / "u.yaml"
    users.add_user(
        "demo.x", PASSWORD, "admin", actor="t", demo=True, path=path, db_file=warehouse, rounds=4
    )
    monkeypatch.delenv("KPI_DEMO", raising=False)
    assert not authenticate("demo.x", PASSWORD, path=path, db_file=warehouse, now=NOW).ok
    monkeypatch.setenv("KPI_DEMO", "1")
    assert authenticate("demo.x", PASSWORD, path=path, db_file=warehouse, now=NOW).ok


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("users:\n  a.b:\n    role: admin\n    password: hunter22\n", "bcrypt"),
        ("users:\n  a.b:\n    role: boss\n    password_hash: x\n", "vai trò 'boss'"),
        ("users:\n  a.b:\n    role: submitter\n    password_hash: x\n", "phải gắn với một đơn vị"),
        ("users:\n  a.b:\n    role: submitter\n    unit: ZZ\n", "mã đơn vị 'ZZ'"),
        ("users: [\n", "sai cú pháp"),
        ("users:\n  a.b: {role: admin}\n  a.b: {role: viewer}\n", "sai cú pháp"),
        ("users: {}\n", "chưa có tài khoản nào"),
    ],
    ids=["plain-password", "bad-role", "no-unit", "unknown-unit", "yaml", "duplicate", "empty"],
)
def test_users_file_problems_are_named(tmp_path, text, pattern):
    """Test that each kind of bad users file gives a Vietnamese problem naming it."""
    path = tmp_path / "users.yaml"
    path.write_text(text, encoding="utf-8")
    problems = check_users_file(path, demo_mode=False)
    assert any(pattern in p for p in problems), problems


def test_missing_users_file_says_how_to_create_one(tmp_path):
    """Test the first-run message."""
    [problem] = check_users_file(tmp_path / "none.yaml", demo_mode=False)
    assert "python -m data users add" in problem


# --------------------------------------------------------------------------- users command


def run_users(monkeypatch, *args, stdin="") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli(["users", *args])


def test_cli_add_list_remove_and_audit(users_file, warehouse, monkeypatch, capsys):
    """Test the users command end to end, each change in the audit log."""
    db_args = ["--db", str(warehouse)]
    code = run_users(
        monkeypatch,
        "add", "td.nop", "--role", "submitter", "--unit", "TD", "--name", "Phường Tân Định",
        "--password-stdin", *db_args, stdin="mat-khau-moi\n",
    )  # fmt: skip
    assert code == 0
    assert signed_in(users_file, "td.nop").unit == "TD"
    assert "mat-khau-moi" not in users_file.read_text(encoding="utf-8")
    assert authenticate("td.nop", "mat-khau-moi", db_file=warehouse, now=NOW).ok

    assert run_users(monkeypatch, "list", "--json") == 0
    assert '"username": "td.nop"' in capsys.readouterr().out

    assert run_users(monkeypatch, "remove", "td.nop", *db_args) == 0
    assert "td.nop" not in access.load_users(users_file)
    log = db.query(
        "select detail->>'op' as op, detail->>'username' as who from raw.audit_log "
        "where action = 'user_change' and detail->>'username' = 'td.nop' order by audit_id",
        path=warehouse,
    )
    assert log.values.tolist() == [["add", "td.nop"], ["remove", "td.nop"]]


@pytest.mark.parametrize("by", ["lanhdao", "bn.nop"])
def test_cli_refuses_non_admin_named_with_by(users_file, warehouse, monkeypatch, capsys, by):
    """Test that a viewer or submitter named as the actor cannot manage users."""
    before = users_file.read_text(encoding="utf-8")
    code = run_users(
        monkeypatch, "add", "x.y", "--role", "viewer", "--password-stdin", "--by", by,
        "--db", str(warehouse), stdin="mat-khau-moi\n",
    )  # fmt: skip
    assert code == 2
    assert "không có quyền quản lý người dùng" in capsys.readouterr().err
    assert users_file.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("args", "stdin", "pattern"),
    [
        (["add", "x.y", "--role", "submitter"], "mat-khau-moi\n", "phải gắn với một đơn vị"),
        (["add", "x.y", "--role", "viewer", "--unit", "BN"], "mat-khau-moi\n", "Chỉ tài khoản nộp"),
        (["add", "x.y", "--role", "viewer"], "ngan\n", "ít nhất 8 ký tự"),
        (["add", "Tên Có Dấu", "--role", "viewer"], "mat-khau-moi\n", "không hợp lệ"),
        (["add", "lanhdao", "--role", "viewer"], "mat-khau-moi\n", "đã có"),
        (["remove", "khong.co"], "", "Không có tài khoản"),
        (["remove", "nv.admin"], "", "quản trị viên cuối cùng"),
    ],
    ids=["no-unit", "unit-for-viewer", "short", "bad-name", "exists", "unknown", "last-admin"],
)
def test_cli_refusals(users_file, warehouse, monkeypatch, capsys, args, stdin, pattern):
    """Test that bad user changes are refused with a reason and leave the file alone."""
    before = users_file.read_text(encoding="utf-8")
    extra = ["--password-stdin"] if args[0] == "add" else []
    assert run_users(monkeypatch, *args, *extra, "--db", str(warehouse), stdin=stdin) == 2
    assert pattern in capsys.readouterr().err
    assert users_file.read_text(encoding="utf-8") == before


def test_cli_passwd_rehashes(users_file, warehouse, monkeypatch):
    """Test that passwd replaces the hash: the old password stops working."""
    assert (
        run_users(
            monkeypatch,
            "passwd",
            "lanhdao",
            "--password-stdin",
            "--db",
            str(warehouse),
            stdin="doi-mat-khau\n",
        )
        == 0
    )
    assert not authenticate("lanhdao", PASSWORD, db_file=warehouse, now=NOW).ok
    assert authenticate("lanhdao", "doi-mat-khau", db_file=warehouse, now=NOW).ok


def test_admin_comments_survive_a_cli_edit(users_file, warehouse):
    """Test that comments an admin wrote in the users file are kept by the command."""
    users_file.write_text("# ghi chú của quản trị\n" + users_file.read_text(encoding="utf-8"))
    users.remove_user("lanhdao", actor="t", path=users_file, db_file=warehouse)
    assert users_file.read_text(encoding="utf-8").startswith("# ghi chú của quản trị\n")


# --------------------------------------------------------------------------- submitter scope

PROGRESS_HEADER = "Đơn vị báo cáo,Kỳ báo cáo,STT nhiệm vụ,Tình trạng"
MIXED = (
    PROGRESS_HEADER + "\nBN,Quý I/2023,1,Đang triển khai\nBT,Quý I/2023,2,Đang triển khai\n"
).encode()


def test_rows_outside_units_names_row_and_unit():
    """Test that each foreign row is named with its row number and unit."""
    issues = access.rows_outside_units(check_file("x.csv", MIXED), {"BN"})
    assert [(i.row, i.column, i.value) for i in issues] == [(3, "Đơn vị báo cáo", "BT")]
    assert "Dòng 3" in issues[0].reason and "Phường Bến Thành" in issues[0].reason


def test_indicator_rows_belong_to_their_scope():
    """Test that indicator rows are judged by their scope."""
    content = (
        "Mã chỉ số,Phạm vi,Kỳ số liệu,Tử số,Mẫu số,Giá trị\n"
        "hs_truc_tuyen,Bến Nghé,2023-01,80,100,\nhs_truc_tuyen,Cầu Kho,2023-01,30,60,\n"
    ).encode()
    issues = access.rows_outside_units(check_file("x.csv", content), {"BN"})
    assert [(i.column, i.value) for i in issues] == [("Phạm vi", "CK")]


def test_submitter_file_with_another_units_rows_is_refused(users_file, warehouse):
    """Test that a submitter's file carrying another unit's row loads nothing, with reasons."""
    r = ingest_bytes("bn.csv", MIXED, warehouse, actor=signed_in(users_file, "bn.nop"))
    assert (r.status, r.rows_loaded) == ("rejected", 0)
    assert "1 dòng số liệu của đơn vị khác (Phường Bến Thành (BT))" in r.message
    assert [(e.row, e.value) for e in r.errors] == [(3, "BT")]
    assert db.query("select count(*) as n from core.progress_report", path=warehouse)["n"][0] == 0
    log = db.query("select status, submitted_by from raw.load_log", path=warehouse)
    assert log.values.tolist() == [["rejected", "bn.nop"]]


def test_submitter_own_rows_and_admin_any_rows_load(users_file, warehouse):
    """Test that a submitter's own file and an admin's mixed file both load, audited."""
    own = (PROGRESS_HEADER + "\nBN,Quý I/2023,1,Đang triển khai\n").encode()
    r1 = ingest_bytes("bn.csv", own, warehouse, actor=signed_in(users_file, "bn.nop"))
    r2 = ingest_bytes("all.csv", MIXED, warehouse, actor=signed_in(users_file, "nv.admin"))
    assert (r1.status, r2.status) == ("loaded", "loaded")
    log = db.query(
        "select actor, role, load_id, detail->>'status' as status from raw.audit_log "
        "where action = 'load' order by audit_id",
        path=warehouse,
    )
    assert log.values.tolist() == [
        ["bn.nop", "submitter", r1.load_id, "loaded"],
        ["nv.admin", "admin", r2.load_id, "loaded"],
    ]


def test_viewer_upload_is_refused_before_anything_is_kept(users_file, warehouse):
    """Test that a viewer cannot upload: no payload kept, nothing loaded, the attempt logged."""
    archive = db.archive_dir(warehouse)
    r = ingest_bytes("v.csv", MIXED, warehouse, actor=signed_in(users_file, "lanhdao"))
    assert r.status == "rejected" and "không có quyền nộp số liệu" in r.message
    kept = [p.name for p in archive.rglob("*") if p.is_file()]
    assert kept == ["manifest.jsonl"]
    log = db.query("select status, submitted_by from raw.load_log", path=warehouse)
    assert log.values.tolist() == [["rejected", "lanhdao"]]
    trail = db.query("select actor, role from raw.audit_log where action = 'load'", path=warehouse)
    assert trail.values.tolist() == [["lanhdao", "viewer"]]
