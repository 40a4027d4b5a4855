"""Users, roles and sign-in: who may see, upload, roll back, edit targets and manage users.

Users live in a YAML file an admin edits (``data/access/users.yaml``; ``KPI_USERS``
overrides; ``python -m data users`` adds, removes and re-hashes). Passwords are stored as
bcrypt hashes only. Roles:

* ``viewer``: leadership; every page, no upload;
* ``submitter``: bound to one unit or ward code of ``data/catalog/units.yaml``; may upload
  that unit's data only;
* ``admin``: Phòng Nội vụ; all units, audit log, rollback, targets, users.

Demo accounts carry ``demo: true`` and are refused unless ``KPI_DEMO=1``. With
``KPI_READ_ONLY=1`` (a wall display) pages are shown without sign-in as a viewer.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from checks.result import RowIssue
from data import catalog, settings
from data.access import signins
from data.catalog import columns

ACCESS_DIR = Path(__file__).parent
DEFAULT_USERS_FILE = ACCESS_DIR / "users.yaml"
DEMO_USERS_FILE = ACCESS_DIR / "users.demo.yaml"

# Roles and permissions with their labels: the `role` and `permission` vocabularies of the
# catalog; which role holds which permission is the rule below.
ROLE_LABELS = catalog.load().labels["role"].labels()
ROLES = tuple(ROLE_LABELS)
ACTION_LABELS = catalog.load().labels["permission"].labels()
ACTIONS = tuple(ACTION_LABELS)
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view"}),
    "submitter": frozenset({"view", "upload"}),
    "admin": frozenset(ACTIONS),
}

# Units a submitter can be bound to: the district office, offices and wards.
BINDABLE_KINDS = ("district", "office", "ward")

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 8
BCRYPT_RE = re.compile(r"^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$")


WRONG_CREDENTIALS = (
    "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại (chú ý chữ hoa, bộ gõ tiếng Việt) "
    "rồi thử lại; quên mật khẩu thì liên hệ Phòng Nội vụ."
)
SESSION_EXPIRED = "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."

# Used when the user name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = "$2b$12$cSb8XhReiU1bweQwmPpJi.G9ZC8XIfqF9POPvgaKhdNU/f1NlZsW6"


class UsersFileError(ValueError):
    """The users file cannot be read; the message is a Vietnamese sentence."""


class AccessDenied(PermissionError):
    """A signed-in user tried something their role does not allow (Vietnamese message)."""


@dataclass(frozen=True)
class User:
    """One account. ``unit`` is set for submitters only."""

    username: str
    name: str
    role: str
    unit: str | None = None
    demo: bool = False
    password_hash: str = field(default="", repr=False, compare=False)

    @property
    def label(self) -> str:
        """How the account is shown: name, role and unit."""
        text = f"{self.name} — {ROLE_LABELS.get(self.role, self.role)}"
        if self.unit:
            text += f" ({unit_name(self.unit)})"
        if self.demo:
            text += " [demo]"
        return text


@dataclass(frozen=True)
class SignInResult:
    """Outcome of ``authenticate``: the user on success, else a Vietnamese message."""

    ok: bool
    user: User | None = None
    message: str | None = None
    locked_until: dt.datetime | None = None


# --------------------------------------------------------------------------- settings


def demo_mode() -> bool:
    """True when ``KPI_DEMO=1``: demo accounts are allowed."""
    return settings.demo()


def read_only_mode() -> bool:
    """True when ``KPI_READ_ONLY=1``: a wall display shows pages without sign-in."""
    return settings.read_only()


def users_path(path: str | os.PathLike | None = None) -> Path:
    """The users file: argument, then ``KPI_USERS``, then the demo file in demo mode."""
    if path:
        return Path(path)
    env = settings.users()
    if env:
        return env
    return DEMO_USERS_FILE if demo_mode() else DEFAULT_USERS_FILE


def max_failed_sign_ins() -> int:
    """Failed attempts before an account is locked (``KPI_MAX_FAILED_SIGNINS``, default 5)."""
    return settings.max_failed_signins()


def lockout_period() -> dt.timedelta:
    """How long a locked account waits (``KPI_LOCKOUT_MINUTES``, default 15)."""
    return dt.timedelta(minutes=settings.lockout_minutes())


def session_max_age() -> dt.timedelta:
    """How long a sign-in lasts (``KPI_SESSION_HOURS``, default 8: one working day)."""
    return dt.timedelta(hours=settings.session_hours())


# --------------------------------------------------------------------------- passwords


def hash_password(password: str, rounds: int = 12) -> str:
    """A bcrypt hash of ``password`` (the only form a password is ever stored in)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """True when ``password`` matches the bcrypt ``password_hash``."""
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if len(password.encode("utf-8")) > 72:
        # bcrypt ignores everything after 72 bytes.
        return "Mật khẩu dài quá 72 byte (bcrypt bỏ qua phần sau); hãy chọn mật khẩu ngắn hơn."
    return None


# --------------------------------------------------------------------------- users file


def _yaml() -> YAML:
    y = YAML()  # round-trip: the admin's comments survive a CLI edit
    y.allow_duplicate_keys = False
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def read_users_doc(path: str | os.PathLike | None = None):
    """The users file as a round-trip YAML document (comments kept); raise UsersFileError."""
    p = users_path(path)
    if not p.exists():
        raise UsersFileError(
            f"Không tìm thấy tệp người dùng {p}. Tạo tài khoản quản trị đầu tiên bằng lệnh: "
            "python -m data users add TEN_DANG_NHAP --role admin --name 'Họ tên'."
        )
    try:
        with p.open(encoding="utf-8") as fh:
            doc = _yaml().load(fh)
    except (YAMLError, UnicodeDecodeError) as exc:
        raise UsersFileError(
            f"Tệp người dùng {p} sai cú pháp YAML ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}). Sửa tệp rồi khởi động lại."
        ) from exc
    if doc is None:
        doc = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("users") or {}, dict):
        raise UsersFileError(
            f"Tệp người dùng {p} cần có mục 'users:' gồm các tài khoản; xem "
            "data/access/users.demo.yaml làm mẫu."
        )
    return doc


def unit_name(code: str) -> str:
    """The Vietnamese name of a unit code (the code itself when unknown)."""
    for u in catalog.load_units():
        if u.code == code:
            return u.name
    return code


def _bindable_units() -> dict[str, str]:
    return {u.code: u.name for u in catalog.load_units() if u.kind in BINDABLE_KINDS}


def _parse_users(doc, where: str) -> tuple[dict[str, User], list[str]]:
    users: dict[str, User] = {}
    problems: list[str] = []
    units = _bindable_units()
    for raw_name, entry in (doc.get("users") or {}).items():
        username = str(raw_name)
        head = f"{where}, tài khoản '{username}'"
        if not isinstance(entry, dict):
            problems.append(f"{head}: cần các trường name, role, password_hash.")
            continue
        bad = []
        if not USERNAME_RE.match(username):
            bad.append(
                f"{head}: tên đăng nhập chỉ gồm chữ thường không dấu, số, '.', '_', '-' "
                "(2–32 ký tự)."
            )
        role = str(entry.get("role") or "")
        if role not in ROLES:
            bad.append(f"{head}: vai trò '{role}' không hợp lệ (dùng {', '.join(ROLES)}).")
        unit = entry.get("unit")
        unit = str(unit) if unit not in (None, "") else None
        if role == "submitter" and unit is None:
            bad.append(f"{head}: tài khoản nộp số liệu phải gắn với một đơn vị (trường 'unit').")
        if unit is not None and unit not in units:
            bad.append(
                f"{head}: mã đơn vị '{unit}' không có trong data/catalog/units.yaml "
                "(dùng mã của UBND Quận 1, một phòng ban hoặc một phường)."
            )
        password_hash = str(entry.get("password_hash") or "")
        if "password" in entry or not BCRYPT_RE.match(password_hash):
            bad.append(
                f"{head}: mật khẩu phải lưu dạng mã băm bcrypt trong 'password_hash', không "
                f"bao giờ lưu chữ thường. Đặt lại bằng: python -m data users passwd {username}."
            )
        if bad:
            problems.extend(bad)
            continue
        users[username] = User(
            username=username,
            name=str(entry.get("name") or username),
            role=role,
            unit=unit if role == "submitter" else None,
            demo=bool(entry.get("demo", False)),
            password_hash=password_hash,
        )
    return users, problems


def load_users(path: str | os.PathLike | None = None) -> dict[str, User]:
    """Valid accounts of the users file by user name (invalid entries are left out)."""
    p = users_path(path)
    users, _ = _parse_users(read_users_doc(p), str(p))
    return users


def check_users_file(path: str | os.PathLike | None, demo_mode: bool) -> list[str]:
    """Problems that must stop the app from starting, in Vietnamese; empty when all is well.

    Args:
        path: The users file (``users_path()`` when None).
        demo_mode: Whether demo accounts are allowed (``KPI_DEMO=1``).
    """
    p = users_path(path)
    try:
        doc = read_users_doc(p)
    except UsersFileError as exc:
        return [str(exc)]
    users, problems = _parse_users(doc, str(p))
    if not users and not problems:
        problems.append(
            f"Tệp người dùng {p} chưa có tài khoản nào. Thêm tài khoản quản trị bằng: "
            "python -m data users add TEN_DANG_NHAP --role admin."
        )
    if not demo_mode:
        for user in users.values():
            if user.demo:
                problems.append(
                    f"{p}, tài khoản '{user.username}' là tài khoản demo (demo: true), không "
                    "được dùng khi chạy thật. Xóa bằng 'python -m data users remove "
                    f"{user.username}' hoặc chỉ định tệp người dùng thật qua KPI_USERS; chỉ "
                    "bản trình diễn mới đặt KPI_DEMO=1."
                )
    return problems


# --------------------------------------------------------------------------- sign-in


def _recent_failures(username: str, now: dt.datetime, db_file) -> tuple[int, dt.datetime | None]:
    """Failed attempts inside the lockout window, and the time of the latest one.

    Read from the sign-in journal (``data/access/signins.py``), never from the database, so
    a long load cannot delay a sign-in.
    """
    since = now - lockout_period()
    times: list[dt.datetime] = []
    for entry in signins.attempts(username, since, db_file):
        if entry["action"] == "sign_in":
            times = []  # a successful sign-in clears the earlier failures
        elif (entry.get("detail") or {}).get("reason") != "locked":
            # Attempts made while locked do not push the end of the lock further away.
            times.append(dt.datetime.fromisoformat(entry["at"]))
    return len(times), max(times) if times else None


def _record(action: str, username: str, role: str | None, detail: dict, now, db_file) -> None:
    """Journal the attempt (never waits), then copy the journal to the audit log if free."""
    signins.append(action, username, role, detail, now, db_file)
    signins.flush(db_file, keep_since=now - lockout_period())


def authenticate(
    username: str,
    password: str,
    *,
    path: str | os.PathLike | None = None,
    db_file: str | os.PathLike | None = None,
    now: dt.datetime | None = None,
) -> SignInResult:
    """Check a user name and password; every outcome is written to the audit log.

    After ``max_failed_sign_ins()`` wrong attempts inside ``lockout_period()`` the account
    is locked for that period, even for the right password. A wrong user name and a wrong
    password give the same message, so names cannot be guessed.
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    name = (username or "").strip().lower()[:64]
    p = users_path(path)
    users = load_users(p)
    if not demo_mode():
        # A demo account left in a real users file never signs in.
        users = {k: u for k, u in users.items() if not u.demo}
    user = users.get(name)
    failures, last = _recent_failures(name, now, db_file)
    if failures >= max_failed_sign_ins() and last is not None:
        until = last + lockout_period()
        message = (
            f"Tài khoản tạm khóa vì nhập sai mật khẩu {failures} lần; thử lại sau "
            f"{until:%H:%M} ngày {until:%d/%m/%Y} hoặc liên hệ Phòng Nội vụ để được hỗ trợ."
        )
        _record("sign_in_failed", name, None, {"reason": "locked"}, now, db_file)
        return SignInResult(False, None, message, until)
    ok = verify_password(password or "", user.password_hash if user else _DUMMY_HASH)
    if not (ok and user):
        reason = "wrong_password" if user else "unknown_user"
        _record("sign_in_failed", name, None, {"reason": reason}, now, db_file)
        return SignInResult(False, None, WRONG_CREDENTIALS)
    _record("sign_in", name, user.role, {"unit": user.unit}, now, db_file)
    return SignInResult(True, user, None)


def session_valid(
    signed_in_at: dt.datetime | None,
    now: dt.datetime | None = None,
    max_age: dt.timedelta | None = None,
) -> bool:
    """True while a sign-in made at ``signed_in_at`` is still young enough to use."""
    if signed_in_at is None:
        return False
    now = now or dt.datetime.now()
    max_age = session_max_age() if max_age is None else max_age
    # A sign-in time in the future means a tampered or confused clock: not valid.
    return signed_in_at - dt.timedelta(minutes=1) <= now and now - signed_in_at <= max_age


def current_user(username: str, path: str | os.PathLike | None = None) -> User | None:
    """The account as the users file says now (None when removed): roles can change mid-session."""
    try:
        user = load_users(path).get(username)
    except UsersFileError:
        return None
    if user and user.demo and not demo_mode():
        return None
    return user


def wall_display_user() -> User:
    """The viewer shown on a wall display (``KPI_READ_ONLY=1``): no sign-in, no upload."""
    return User(username="man-hinh", name="Màn hình trình chiếu", role="viewer")


# --------------------------------------------------------------------------- permissions


def allowed_units(user: User | None) -> frozenset[str]:
    """Unit codes whose data ``user`` may upload: own unit, every unit, or none."""
    if user is None:
        return frozenset()
    if user.role == "admin":
        return frozenset(u.code for u in catalog.load_units())
    if user.role == "submitter" and user.unit:
        return frozenset({user.unit})
    return frozenset()


def can(user: User | None, action: str, unit_code: str | None = None) -> bool:
    """True when ``user`` may do ``action`` (for ``unit_code``'s data, when given)."""
    if user is None or action not in ACTIONS:
        return False
    if action not in PERMISSIONS.get(user.role, frozenset()):
        return False
    if action == "upload" and unit_code is not None:
        return unit_code in allowed_units(user)
    return True


def require(user: User | None, action: str, unit_code: str | None = None) -> None:
    """Raise AccessDenied with a Vietnamese sentence unless ``can(user, action, unit_code)``."""
    if can(user, action, unit_code):
        return
    what = ACTION_LABELS.get(action, action)
    if user is None:
        raise AccessDenied(f"Cần đăng nhập để {what}.")
    if action == "upload" and unit_code is not None and can(user, "upload"):
        raise AccessDenied(
            f"Tài khoản '{user.username}' chỉ được nộp số liệu của {unit_name(user.unit or '')}, "
            f"không được nộp số liệu của {unit_name(unit_code)}."
        )
    raise AccessDenied(
        f"Tài khoản '{user.username}' ({ROLE_LABELS.get(user.role, user.role)}) không có quyền "
        f"{what}. Liên hệ Phòng Nội vụ nếu cần được cấp quyền."
    )


def console_actor(by: str | None, path: str | os.PathLike | None = None) -> User | str:
    """Who runs a command on the server: the account named by ``--by``, else the OS login.

    Whoever can run commands on the server already controls its files, so the console is
    trusted; but naming an account of the users file makes its role apply (a viewer named
    with ``--by`` is refused like on the dashboard).
    """
    if not by:
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "console"
    try:
        user = load_users(path).get(by.strip().lower())
    except UsersFileError:
        user = None
    return user if user is not None else by


CONSOLE_ROLE = "console"


def actor_identity(actor: User | str, action: str) -> tuple[str, str]:
    """Name and role to audit for ``actor`` doing ``action``; AccessDenied for a wrong role.

    A ``User`` (dashboard, or ``--by`` naming an account) must be allowed ``action``; a
    plain name is the server console.
    """
    if isinstance(actor, User):
        require(actor, action)
        return actor.username, actor.role
    return str(actor), CONSOLE_ROLE


# --------------------------------------------------------------------------- submitter scope


def row_unit_column(kind: str) -> tuple[str, str]:
    """The frame column naming the unit a row belongs to, and its header as people read it."""
    if kind == columns.PROGRESS:
        return "unit_code", columns.PROGRESS_INPUT["unit"]
    return "scope_code", columns.INDICATOR_INPUT["scope"]


def rows_outside_units(checked, allowed: frozenset[str] | set[str]) -> list[RowIssue]:
    """One issue per row of a checked file that belongs to a unit outside ``allowed``.

    A progress row belongs to its reporting unit (``Đơn vị báo cáo``); an indicator row to
    its scope (``Phạm vi``: a ward, an office or UBND Quận 1). The ingestion refuses the
    whole file when this is not empty: a submitter sends only their own unit's data.

    Args:
        checked: A ``data.store.ingest.CheckedFile`` (its ``kind`` and all its rows are read).
        allowed: Unit codes the submitter may send (``allowed_units(user)``).
    """
    column, header = row_unit_column(checked.kind)
    # Every row counts, also one that fails a check: a foreign row refuses the whole file.
    frame = getattr(checked, "frame", None)
    frame = checked.good if frame is None else frame
    if frame is None or frame.empty or column not in frame:
        return []
    own = ", ".join(sorted(unit_name(c) for c in allowed)) or "không đơn vị nào"
    known = {u.code for u in catalog.load_units()}
    good_rows = set(checked.good["row_number"]) if checked.good is not None else set()
    issues = []
    for row_number, code in zip(frame["row_number"], frame[column], strict=True):
        if code is None or code != code or code in allowed:  # empty, NaN or own unit
            continue
        if code not in known and row_number not in good_rows:
            continue  # no unit at all: the check's own reason says what is wrong
        issues.append(
            RowIssue(
                row=int(row_number),
                column=header,
                value=str(code),
                reason=(
                    f"Dòng {int(row_number)} là số liệu của {unit_name(str(code))} ({code}), "
                    f"nhưng tài khoản của bạn chỉ được nộp số liệu của {own}. Xóa dòng này "
                    "khỏi tệp (đơn vị kia tự nộp số liệu của mình) rồi nộp lại."
                ),
            )
        )
    return issues


def outside_units_message(issues: list[RowIssue]) -> str:
    """The one-sentence reason a file with other units' rows is refused."""
    codes = sorted({i.value for i in issues if i.value})
    names = ", ".join(f"{unit_name(c)} ({c})" for c in codes)
    return (
        f"Tệp có {len(issues)} dòng số liệu của đơn vị khác ({names}) nên cả tệp bị từ chối, "
        "không dòng nào được nạp. Chỉ giữ lại số liệu của đơn vị mình rồi nộp lại."
    )
