"""Sign-in, roles and the admin page under AppTest, and the demo admin in a real Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, state, text
from dashboard.nav import pages, visible_pages
from data import access
from data.access import sessions, users
from data.store import audit, db
from data.store.ingest import ingest_bytes
from metrics import api, yearly_targets
from tests.conftest import ROOT, header
from tests.dashboard.pages import demo_copy, script_page, switch_to

APP = str(ROOT / "dashboard" / "app.py")
ARTIFACTS = ROOT / "artifacts"
PASSWORD = "mat-khau-thu-nghiem"
ACCOUNTS = [
    ("nv.admin", "admin", None, "Chuyên viên Phòng Nội vụ"),
    ("lanhdao", "viewer", None, "Phó Chủ tịch UBND Quận 1"),
    ("bn.nop", "submitter", "BN", "Cán bộ Phường Bến Nghé"),
]
UPLOAD = "views/nop_so_lieu.py"
ADMIN_PAGE = "views/quan_tri.py"
HEADER = "Mã chỉ số;Phạm vi;Kỳ số liệu;Tử số;Mẫu số;Giá trị\n"
KEY = ("hs_truc_tuyen", "BN", "2023-12")


def indicator_csv(*rows: tuple[str, int, int]) -> bytes:
    """A two-row-or-so indicator file for December 2023 (scope, numerator, denominator)."""
    lines = [f"hs_truc_tuyen;{scope};2023-12;{num};{den};" for scope, num, den in rows]
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def kpi_db(sample_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample database (sign-ins, loads and rollbacks write to it)."""
    path = tmp_path / "kpi.duckdb"
    shutil.copy(sample_db, path)
    monkeypatch.setenv("KPI_DB", str(path))
    monkeypatch.setenv("KPI_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("KPI_DB_WAIT", "5")
    for name in ("KPI_DEMO", "KPI_READ_ONLY", "KPI_USERS", "KPI_MAX_FAILED_SIGNINS"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture(scope="module")
def accounts(sample_db, tmp_path_factory) -> tuple[Path, Path]:
    """The sample database and a users file after one account per role was added to them.

    Added once per module by data.access.users, which audits each addition in the database;
    every test then starts from copies of both files.
    """
    folder = tmp_path_factory.mktemp("accounts")
    path = folder / "kpi.duckdb"
    shutil.copy(sample_db, path)
    users_path = folder / "users.yaml"
    for name, role, unit, label in ACCOUNTS:
        users.add_user(
            name,
            PASSWORD,
            role,
            unit,
            label,
            actor="setup",
            path=users_path,
            db_file=path,
            rounds=4,
        )
    return path, users_path


@pytest.fixture
def users_file(kpi_db, accounts, tmp_path, monkeypatch) -> Path:
    """A real (non-demo) users file with one account per role, written by data.access.users.

    The test's database becomes a copy of the one the accounts were added to (with their
    audit entries).
    """
    template_db, template_users = accounts
    shutil.copy(template_db, kpi_db)
    path = tmp_path / "users.yaml"
    shutil.copy(template_users, path)
    monkeypatch.setenv("KPI_USERS", str(path))
    return path


def start(path: str | None = None) -> AppTest:
    """The app's first run, signed out: on its first page, or on the page ``path`` links to."""
    at = AppTest.from_file(APP, default_timeout=60)
    if path:
        switch_to(at, script_page(path))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="auth_form_username").input(username)
    at.text_input(key="auth_form_password").input(password)
    at.button(key="auth_form_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_as(username: str, path: str | None = None, password: str = PASSWORD) -> AppTest:
    """The app after ``username`` signed in on the form a link to ``path`` opened."""
    at = sign_in(start(path), username, password)
    if path:
        assert headers(at) == [script_page(path).title]
    return at


def headers(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def refusals(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "không dùng được trang" in w.value]


def form_shown(at: AppTest) -> bool:
    return "auth_form_username" in [t.key for t in at.text_input]


def table_with(at: AppTest, header: str):
    for t in [*at.table, *at.dataframe]:
        if header in t.value.columns:
            return t.value
    raise AssertionError(f"no table with column {header!r}")


def current_value(path: Path, key=KEY) -> float:
    frame = db.query(
        "select value from marts.indicator_current "
        "where indicator_code = ? and scope_code = ? and period_key = ?",
        list(key),
        path=path,
    )
    return float(frame["value"].iloc[0])


def load_as(path: Path, username: str, users_path: Path, name: str, content: bytes) -> int:
    user = access.load_users(users_path)[username]
    result = ingest_bytes(name, content, db_file=path, actor=user)
    assert result.status == "loaded", result.as_dict()
    return int(result.load_id)


# --------------------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("username", "may_upload", "may_administer"),
    [("lanhdao", False, False), ("bn.nop", True, False), ("nv.admin", True, True)],
)
def test_each_role_sees_its_pages(users_file, username, may_upload, may_administer):
    """Test that a role lists and opens exactly its pages; the others say who they are for."""
    at = open_as(username)
    assert headers(at) == ["Tổng quan"]
    user = at.session_state[auth.CURRENT_KEY]
    assert user.username == username
    assert any(user.label in m.value for m in at.sidebar.markdown)

    titles = [p.title for p in visible_pages(user)]
    reading = [p.title for p in pages() if p.action == "view"]
    assert [t for t in titles if t in reading] == reading
    assert ("Nộp số liệu" in titles, "Quản trị" in titles) == (may_upload, may_administer)

    at.switch_page(UPLOAD).run()
    assert headers(at) == ["Nộp số liệu"]
    assert bool(at.get("file_uploader")) == may_upload
    assert bool(refusals(at)) != may_upload
    if not may_upload:
        assert "Nộp số liệu" in refusals(at)[0] and "nộp số liệu" in refusals(at)[0]

    at.switch_page(ADMIN_PAGE).run()
    assert headers(at) == ["Quản trị"]
    assert bool(at.tabs) == may_administer
    assert bool(refusals(at)) != may_administer
    assert not at.exception


@pytest.mark.parametrize(
    ("username", "link_scope", "scope"),
    [
        ("bn.nop", None, "BN"),  # a ward's submitter starts on its ward
        ("lanhdao", None, api.DISTRICT),  # leadership on the district overview
        ("nv.admin", None, api.DISTRICT),
        ("bn.nop", api.DISTRICT, api.DISTRICT),  # a link names its scope: it wins
        ("lanhdao", "TD", "TD"),
    ],
)
def test_home_scope_by_role(users_file, username, link_scope, scope):
    """Test that a submitter starts on its own scope, leaders on the district, links win."""
    at = start()
    if link_scope:
        at.query_params["pham_vi"] = link_scope
    sign_in(at, username)
    assert headers(at) == ["Tổng quan"]
    assert at.selectbox(key=state.SCOPE_KEY).value == scope
    assert at.query_params["pham_vi"] == scope


def test_link_to_a_page_survives_the_sign_in_form(users_file):
    """Test that a link to a page opens the form, then that page (here its refusal) after it."""
    at = start()
    at.switch_page(UPLOAD).run()
    assert headers(at) == [text.AUTH_TITLE]
    sign_in(at, "lanhdao")
    assert headers(at) == ["Nộp số liệu"]
    assert refusals(at) and not at.get("file_uploader")


def test_link_with_every_control_survives_the_sign_in_form(users_file):
    """Test that a signed-out link with its controls opens exactly that view after sign-in."""
    at = start()
    at.switch_page("views/phuong.py")
    link = {"nam": "2023", "thang": "2023-03", "pham_vi": "DK", "chi_so": "ho_ngheo"}
    link["phuong"] = "TD"
    for name, value in link.items():
        at.query_params[name] = value
    at.run()
    assert headers(at) == [text.AUTH_TITLE]
    sign_in(at, "lanhdao")
    assert headers(at) == ["Phường"]
    for name, value in link.items():
        assert at.query_params[name] == value
        assert str(at.session_state[state.PARAMS[name].key]) == value


def test_submitter_file_with_another_units_rows_is_refused(users_file, kpi_db):
    """Test that a Bến Nghé submitter's file with a Tân Định row is refused, naming the unit."""
    before = {
        scope: current_value(kpi_db, ("hs_truc_tuyen", scope, "2023-12"))
        for scope in "BN TD".split()
    }
    loads = len(db.query("select load_id from raw.load_log", path=kpi_db))
    at = open_as("bn.nop", UPLOAD)
    content = indicator_csv(("Phường Bến Nghé", 70, 100), ("Phường Tân Định", 60, 100))
    at.file_uploader(key="upload_files").upload("bn_t12.csv", content).run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "bn_t12.csv" in error and "Phường Tân Định (TD)" in error
    issues = table_with(at, header("row_issues", "reason"))
    assert list(issues[header("row_issues", "row")]) == [3]
    reason = issues[header("row_issues", "reason")].iloc[0]
    assert "Phường Tân Định" in reason and "chỉ được nộp số liệu của Phường Bến Nghé" in reason

    at.button(key="upload_load").click().run()
    assert any("Phường Tân Định (TD)" in e.value for e in at.error)
    log = db.query("select status from raw.load_log order by load_id", path=kpi_db)
    assert len(log) == loads + 1 and log["status"].iloc[-1] == "rejected"
    after = {
        scope: current_value(kpi_db, ("hs_truc_tuyen", scope, "2023-12"))
        for scope in "BN TD".split()
    }
    assert after == before


def test_submitter_own_unit_file_loads_under_their_name(users_file, kpi_db):
    """Test that a submitter's own-unit file loads and the audit log names them."""
    at = open_as("bn.nop", UPLOAD)
    at.file_uploader(key="upload_files").upload("bn_t12.csv", indicator_csv(("BN", 70, 100)))
    at.run()
    assert not at.error, [e.value for e in at.error]
    at.button(key="upload_load").click().run()
    assert not at.error, [e.value for e in at.error]
    assert current_value(kpi_db) == 70.0
    [entry] = audit.read(kpi_db, action="load", actor="bn.nop").to_dict("records")
    assert entry["role"] == "submitter"


# --------------------------------------------------------------------------- admin page


def test_admin_rollback_restores_the_previous_value(users_file, kpi_db):
    """Test that the rollback button shows the plan, then restores the superseded value."""
    before = current_value(kpi_db)
    load_id = load_as(kpi_db, "nv.admin", users_file, "sua_bn.csv", indicator_csv(("BN", 70, 100)))
    assert current_value(kpi_db) == 70.0

    at = open_as("nv.admin", ADMIN_PAGE)
    at.button(key=f"qt_rb_{load_id}").click().run()
    plan = " ".join(m.value for m in at.markdown)
    assert (
        f"**#{load_id}**" in plan and "sẽ xóa **1** dòng" in plan and "khôi phục **1** dòng" in plan
    )
    assert current_value(kpi_db) == 70.0  # the plan alone changes nothing

    at.text_input(key="qt_rb_reason").input("Nạp nhầm tệp")
    at.button(key="qt_rb_confirm").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(f"Đã hoàn tác lượt nạp #{load_id}" in s.value for s in at.success)
    assert current_value(kpi_db) == before
    [entry] = audit.read(kpi_db, action="rollback").to_dict("records")
    assert (entry["actor"], entry["load_id"]) == ("nv.admin", load_id)
    assert "Nạp nhầm tệp" in entry["detail"]
    assert f"qt_rb_{load_id}" not in [b.key for b in at.button]
    # The undone load reads as such, never as the raw key `rolled_back`.
    line = next(m.value for m in at.markdown if m.value.startswith(f"**#{load_id}**"))
    assert "Đã hoàn tác" in line and "rolled_back" not in line


def test_rollback_of_a_load_with_dependants_needs_cascade(users_file, kpi_db):
    """Test that a load a later one depends on is refused alone, and rolled back with cascade."""
    before = current_value(kpi_db)
    first = load_as(kpi_db, "nv.admin", users_file, "lan1.csv", indicator_csv(("BN", 70, 100)))
    second = load_as(kpi_db, "nv.admin", users_file, "lan2.csv", indicator_csv(("BN", 75, 100)))

    at = open_as("nv.admin", ADMIN_PAGE)
    at.button(key=f"qt_rb_{first}").click().run()
    assert any(f"#{second} (lan2.csv" in w.value for w in at.warning)
    at.button(key="qt_rb_confirm").click().run()
    [error] = [e.value for e in at.error]
    assert "Không thể hoàn tác riêng lượt nạp" in error and f"#{second}" in error
    assert current_value(kpi_db) == 75.0

    at.checkbox(key="qt_rb_cascade").check().run()
    at.button(key="qt_rb_confirm").click().run()
    assert not at.error, [e.value for e in at.error]
    assert current_value(kpi_db) == before
    rolled = audit.read(kpi_db, action="rollback")
    assert sorted(rolled["load_id"]) == [first, second]


def test_older_load_is_chosen_by_number_and_unknown_one_is_refused(users_file, kpi_db):
    """Test that a load number beyond the list opens its plan, and an unknown one says so."""
    at = open_as("nv.admin", ADMIN_PAGE)
    at.number_input(key="qt_rb_number").set_value(99999).run()
    at.button(key="qt_rb_by_number").click().run()
    [error] = [e.value for e in at.error]
    assert error.startswith("Không có lượt nạp #99999")
    assert "qt_rb_confirm" not in [b.key for b in at.button]

    oldest = int(db.query("select min(load_id) as n from raw.load_log", path=kpi_db)["n"].iloc[0])
    at.number_input(key="qt_rb_number").set_value(oldest).run()
    at.button(key="qt_rb_by_number").click().run()
    assert any(f"**#{oldest}**" in m.value for m in at.markdown)
    assert "qt_rb_confirm" in [b.key for b in at.button]


def test_admin_target_change_is_written_and_audited(users_file, kpi_db, tmp_path, monkeypatch):
    """Test that a target set on the admin page lands in the targets file and the audit log."""
    folder = tmp_path / "targets"
    shutil.copytree(yearly_targets.TARGETS_DIR, folder)
    real = (yearly_targets.TARGETS_DIR / "2023.yaml").read_text(encoding="utf-8")
    monkeypatch.setenv("KPI_TARGETS", str(folder))

    at = open_as("nv.admin", ADMIN_PAGE)
    at.selectbox(key="qt_tg_code").set_value("hs_truc_tuyen").run()
    assert any("Chỉ tiêu hiện tại: **≥ 80%" in m.value for m in at.markdown)
    at.text_input(key="qt_tg_value_hs_truc_tuyen").input("tám lăm")
    at.button(key="qt_tg_save").click().run()
    assert any("phải là số" in e.value for e in at.error)

    at.text_input(key="qt_tg_value_hs_truc_tuyen").input("85")
    at.button(key="qt_tg_save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("hs_truc_tuyen" in s.value and "80 → " in s.value for s in at.success)
    assert yearly_targets.load_targets(2023, folder).get("hs_truc_tuyen").value == 85.0
    assert real == (ROOT / "metrics" / "targets" / "2023.yaml").read_text(encoding="utf-8")

    [entry] = audit.read(kpi_db, action="target_change").to_dict("records")
    assert entry["actor"] == "nv.admin"
    assert '"indicator": "hs_truc_tuyen"' in entry["detail"] and '"value": 85' in entry["detail"]
    at.selectbox(key="qt_audit_action").set_value("target_change").run()
    shown = table_with(at, header("audit", "action_label"))
    assert list(shown[header("audit", "action_label")]) == ["Sửa chỉ tiêu"]
    assert list(shown[header("audit", "actor")]) == ["nv.admin"]


def test_admin_adds_resets_and_removes_an_account(users_file, kpi_db):
    """Test that user management on the page changes the users file and is audited."""
    at = open_as("nv.admin", ADMIN_PAGE)
    at.text_input(key="qt_user_new_name").input("td.nop")
    at.selectbox(key="qt_user_new_role").set_value("submitter")
    at.text_input(key="qt_user_new_password").input("mat-khau-moi-1")
    at.text_input(key="qt_user_new_again").input("mat-khau-moi-1")
    at.button(key="qt_user_add_submit").click().run()
    assert any("phải gắn với một đơn vị" in e.value for e in at.error)
    assert "td.nop" not in access.load_users(users_file)

    at.selectbox(key="qt_user_new_unit").set_value("TD")
    at.button(key="qt_user_add_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert access.load_users(users_file)["td.nop"].unit == "TD"
    assert "td.nop" in list(table_with(at, "Tên đăng nhập")["Tên đăng nhập"])

    at.selectbox(key="qt_user_pick").set_value("td.nop").run()
    at.text_input(key="qt_user_reset_password").input("mat-khau-khac-2")
    at.button(key="qt_user_reset").click().run()
    assert not at.error, [e.value for e in at.error]
    new_hash = access.load_users(users_file)["td.nop"].password_hash
    assert access.verify_password("mat-khau-khac-2", new_hash)

    at.checkbox(key="qt_user_remove_sure").check().run()
    at.button(key="qt_user_remove").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "td.nop" not in access.load_users(users_file)
    changes = audit.read(kpi_db, action="user_change", actor="nv.admin")
    assert list(changes.sort_values("audit_id")["detail"].str.extract(r'"op": "(\w+)"')[0]) == [
        "add",
        "passwd",
        "remove",
    ]


# --------------------------------------------------------------------------- sign-in


def test_wrong_password_says_so_and_keeps_the_form(users_file):
    """Test that a wrong password gives access's sentence and no session."""
    at = open_as("lanhdao", password="sai-mat-khau")
    assert [e.value for e in at.error] == [access.WRONG_CREDENTIALS]
    assert headers(at) == [text.AUTH_TITLE] and form_shown(at)


def test_repeated_wrong_passwords_lock_the_account(users_file, monkeypatch):
    """Test that after the allowed failures even the right password shows the lockout."""
    monkeypatch.setenv("KPI_MAX_FAILED_SIGNINS", "2")
    at = start()
    for _ in range(2):
        sign_in(at, "lanhdao", "sai-mat-khau")
    sign_in(at, "lanhdao")
    [error] = [e.value for e in at.error]
    assert error.startswith("Tài khoản tạm khóa vì nhập sai mật khẩu 2 lần")
    assert form_shown(at)


def test_expired_session_shows_the_form_again(users_file):
    """Test that a sign-in older than the session limit is refused with the expired message."""
    at = open_as("lanhdao")
    assert headers(at) == ["Tổng quan"]
    stale = dt.datetime.now() - access.session_max_age() - dt.timedelta(minutes=1)
    at.session_state[auth.SIGNED_IN_AT_KEY] = stale
    at.run()
    assert access.SESSION_EXPIRED in [w.value for w in at.warning]
    assert headers(at) == [text.AUTH_TITLE] and form_shown(at)


def test_removed_account_is_signed_out(users_file, kpi_db):
    """Test that an account removed from the users file loses its session on the next run."""
    at = open_as("lanhdao")
    users.remove_user("lanhdao", actor="setup", path=users_file, db_file=kpi_db)
    at.run()
    assert text.AUTH_REMOVED.format(username="lanhdao") in [w.value for w in at.warning]
    assert form_shown(at)


def test_sign_out_button(users_file):
    """Test that the sidebar's sign-out button ends the session."""
    at = open_as("bn.nop")
    at.sidebar.button(key="auth_sign_out").click().run()
    assert text.AUTH_SIGNED_OUT in [w.value for w in at.warning]
    assert form_shown(at) and auth.USER_KEY not in at.session_state


def test_demo_accounts_refused_outside_demo_mode(kpi_db, monkeypatch):
    """Test that the demo users file stops the app, naming the account, without KPI_DEMO."""
    monkeypatch.setenv("KPI_USERS", str(access.DEMO_USERS_FILE))
    at = start()
    [error] = [e.value for e in at.error]
    assert error.startswith(text.AUTH_USERS_FILE_BAD)
    assert "'demo.admin' là tài khoản demo" in error
    assert not form_shown(at) and not headers(at)


def test_missing_users_file_says_how_to_create_one(kpi_db, tmp_path, monkeypatch):
    """Test that a missing users file stops the app with the command that creates one."""
    monkeypatch.setenv("KPI_USERS", str(tmp_path / "khong-co.yaml"))
    at = start()
    [error] = [e.value for e in at.error]
    assert "python -m data users add" in error and not form_shown(at)


def test_demo_mode_lists_the_demo_accounts_that_sign_in(kpi_db, monkeypatch):
    """Test that demo mode lists every demo account and its password, and that it works."""
    monkeypatch.setenv("KPI_DEMO", "1")
    at = start()
    note = " ".join(i.value for i in at.info)
    demo = [u for u in access.load_users(access.DEMO_USERS_FILE).values() if u.demo]
    assert {u.role for u in demo} == set(access.ROLES)
    for account in demo:
        assert f"`{account.username}`" in note
    assert f"`{auth.DEMO_PASSWORD}`" in note
    sign_in(at, "demo.admin", auth.DEMO_PASSWORD)
    assert headers(at) == ["Tổng quan"]
    assert at.session_state[auth.CURRENT_KEY].demo


def test_demo_mode_lists_the_accounts_of_a_copied_demo_file(kpi_db, tmp_path, monkeypatch):
    """Test that the list shows with the copy of the demo file ``make run`` points KPI_USERS at."""
    copy = tmp_path / "demo-config" / "users.yaml"
    copy.parent.mkdir()
    shutil.copy(access.DEMO_USERS_FILE, copy)
    monkeypatch.setenv("KPI_DEMO", "1")
    monkeypatch.setenv("KPI_USERS", str(copy))
    note = " ".join(i.value for i in start().info)
    assert "`demo.admin`" in note and "`demo.lanhdao`" in note


def test_sign_in_issues_a_token_and_sign_out_revokes_it(users_file, kpi_db):
    """Test that a sign-in leaves a valid signed token and signing out makes it worthless."""
    at = open_as("lanhdao")
    token = at.session_state[auth.TOKEN_KEY]
    assert sessions.verify(token, db_file=kpi_db).username == "lanhdao"
    at.sidebar.button(key="auth_sign_out").click().run()
    assert sessions.verify(token, db_file=kpi_db) is None
    assert form_shown(at)


def test_read_only_mode_shows_pages_without_a_form(kpi_db, tmp_path, monkeypatch):
    """Test that a wall display shows the pages with no sign-in and cannot upload."""
    monkeypatch.setenv("KPI_READ_ONLY", "1")
    monkeypatch.setenv("KPI_USERS", str(tmp_path / "khong-co.yaml"))  # not even read
    at = start()
    assert headers(at) == ["Tổng quan"] and not form_shown(at)
    assert text.AUTH_WALL_DISPLAY in [c.value for c in at.sidebar.caption]
    assert "auth_sign_out" not in [b.key for b in at.button]
    at.switch_page(UPLOAD).run()
    assert refusals(at) and not at.get("file_uploader")


# --------------------------------------------------------------------------- browser


def _shot(page, path: Path, width: int = 1366, height: int = 768) -> None:
    """Screenshot of the current session's page, grown to its content height."""
    from dashboard.browser import content_height, wait_ready

    wait_ready(page)
    page.set_viewport_size({"width": width, "height": max(height, content_height(page))})
    wait_ready(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": height})


def _sign_in_in_browser(page, username: str) -> None:
    from dashboard.browser import wait_ready

    page.get_by_label(text.AUTH_USERNAME, exact=True).fill(username)
    page.get_by_label(text.AUTH_PASSWORD, exact=True).fill(auth.DEMO_PASSWORD)
    page.get_by_role("button", name=text.AUTH_SUBMIT).click()
    page.get_by_role("heading", name="Tổng quan").wait_for(timeout=60_000)
    wait_ready(page)


@pytest.mark.browser
def test_demo_admin_signs_in_and_reaches_admin_page_in_chromium(sample_db, tmp_path):
    """Test that in Chromium the demo admin signs in and opens Quản trị; a viewer cannot."""
    from dashboard.browser import capture, open_browser, wait_ready
    from dashboard.server import running_app

    path, env = demo_copy(sample_db, tmp_path)
    with running_app(path, env=env) as url, open_browser() as browser:
        page = browser.new_page()
        capture(page, url, ARTIFACTS / "page_dang-nhap_1366x768.png", 1366, 768)
        assert page.get_by_role("heading", name=text.AUTH_TITLE).count() == 1
        assert "demo.admin" in page.locator("[data-testid=stMain]").inner_text()

        _sign_in_in_browser(page, "demo.lanhdao")
        nav = page.locator("[data-testid=stSidebarNav]")
        assert "Tổng quan" in nav.inner_text()
        assert "Quản trị" not in nav.inner_text() and "Nộp số liệu" not in nav.inner_text()
        page.get_by_role("button", name=text.AUTH_SIGN_OUT).click()
        page.get_by_role("heading", name=text.AUTH_TITLE).wait_for(timeout=60_000)
        wait_ready(page)

        _sign_in_in_browser(page, "demo.admin")
        assert "Nộp số liệu" in nav.inner_text()
        nav.get_by_role("link", name="Quản trị").click()
        page.get_by_role("heading", name="Quản trị").wait_for(timeout=60_000)
        wait_ready(page)
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stAlertContentError]").count() == 0
        assert page.get_by_role("tab", name=text.ADMIN_TAB_AUDIT).count() == 1
        assert "/quan-tri" in page.url
        _shot(page, ARTIFACTS / "page_quan-tri_1366x768.png")
        page.close()
    assert (
        db.query("select count(*) as n from raw.audit_log where action = 'sign_in'", path=path)[
            "n"
        ].iloc[0]
        == 2
    )


def _sign_ins(path: Path) -> int:
    query = "select count(*) as n from raw.audit_log where action = 'sign_in'"
    return int(db.query(query, path=path)["n"].iloc[0])


@pytest.mark.browser
def test_sign_in_survives_reload_and_new_tab_until_sign_out(sample_db, tmp_path):
    """Test that a reload and a new tab stay signed in (audited once) and sign-out ends both."""
    from dashboard.browser import open_browser, wait_ready
    from dashboard.server import running_app

    path, env = demo_copy(sample_db, tmp_path)
    with running_app(path, env=env) as url, open_browser() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_role("heading", name=text.AUTH_TITLE).wait_for(timeout=60_000)
        _sign_in_in_browser(page, "demo.lanhdao")
        page.wait_for_function("() => document.cookie.includes('kpi_phien=')", timeout=20_000)

        page.reload(wait_until="domcontentloaded")
        page.get_by_role("heading", name="Tổng quan").wait_for(timeout=60_000)
        wait_ready(page)
        assert page.get_by_role("heading", name=text.AUTH_TITLE).count() == 0

        tab = context.new_page()
        tab.goto(url.rstrip("/") + "/phuong", wait_until="domcontentloaded")
        tab.get_by_role("heading", name="Phường", exact=True).wait_for(timeout=60_000)
        wait_ready(tab)
        tab.close()
        kept = [c for c in context.cookies() if c["name"] == auth.COOKIE]
        assert kept

        page.get_by_role("button", name=text.AUTH_SIGN_OUT).click()
        page.get_by_role("heading", name=text.AUTH_TITLE).wait_for(timeout=60_000)
        page.wait_for_function("() => !document.cookie.includes('kpi_phien=')", timeout=20_000)
        page.reload(wait_until="domcontentloaded")
        page.get_by_role("heading", name=text.AUTH_TITLE).wait_for(timeout=60_000)
        context.close()

        # A copy of the cookie taken before the sign-out no longer signs anybody in.
        other = browser.new_context()
        other.add_cookies(kept)
        page = other.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_role("heading", name=text.AUTH_TITLE).wait_for(timeout=60_000)
        other.close()
    assert _sign_ins(path) == 1


# One link per page with every control of that page set (not the defaults).
LINKS = [
    ("phuong", "Phường", "nam=2023&thang=2023-03&pham_vi=DK&chi_so=ho_ngheo&phuong=TD"),
    (
        "nhiem-vu",
        "Nhiệm vụ",
        "nam=2023&thang=2023-06&pham_vi=BN&nhom=I,V&chu_tri=NV&tinh_trang=done,overdue&nhiem_vu=12",
    ),
    ("nhom-2", "Nhóm II", "nam=2023&thang=2023-05&pham_vi=TD&chi_so=hs_dung_han"),
    ("bao-cao-don-vi", "Báo cáo đơn vị", "nam=2023&thang=2023-06&pham_vi=BN&loai_don_vi=ward"),
    ("quan-tri", "Quản trị", "nam=2023&thang=2023-06&pham_vi=BN&the=tai-khoan"),
]


@pytest.mark.browser
def test_copied_link_opens_the_same_view_after_sign_in(sample_db, tmp_path):
    """Test that a link with every control set, opened signed out in a new browser, signs in
    and then shows exactly that view: same page, same parameters, same choices."""
    from urllib.parse import parse_qs, urlsplit

    from dashboard.browser import open_browser, wait_ready
    from dashboard.server import running_app

    path, env = demo_copy(sample_db, tmp_path)

    def query(address: str) -> dict[str, list[str]]:
        return parse_qs(urlsplit(address).query)

    with running_app(path, env=env) as url, open_browser() as browser:
        for url_path, title, link_query in LINKS:
            link = f"{url.rstrip('/')}/{url_path}?{link_query}"
            context = browser.new_context()
            page = context.new_page()
            page.goto(link, wait_until="domcontentloaded")
            page.get_by_role("heading", name=text.AUTH_TITLE).wait_for(timeout=60_000)
            page.get_by_label(text.AUTH_USERNAME, exact=True).fill("demo.admin")
            page.get_by_label(text.AUTH_PASSWORD, exact=True).fill(auth.DEMO_PASSWORD)
            page.get_by_role("button", name=text.AUTH_SUBMIT).click()
            page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
            wait_ready(page)
            assert urlsplit(page.url).path.rstrip("/").endswith(url_path)
            assert query(page.url) == query(link), (page.url, link)
            assert page.locator("[data-testid=stException]").count() == 0
            if url_path == "phuong":
                main = page.locator("[data-testid=stMain]").inner_text()
                assert "Phường Tân Định" in main and "hộ nghèo" in main.lower()
            if url_path == "quan-tri":
                selected = page.get_by_role("tab", selected=True).inner_text()
                assert selected == text.ADMIN_TAB_USERS
            context.close()
