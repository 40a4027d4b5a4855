"""Managing the users file: add, remove, re-hash a password, list; every change is audited.

Used by the admin page (``actor`` is the signed-in ``User``, who must be an admin) and by
``python -m data users …`` on the server (``actor`` is the operator's name: whoever can
run commands there already controls the files, so the console is trusted, but a name
given with ``--by`` that belongs to a non-admin account is refused).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import io
import json
import os
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from data import access
from data.access import AccessDenied, User, UsersFileError
from data.store import audit, db, files

NEW_FILE_HEADER = (
    "# Người dùng của bảng điều khiển KPI Quận 1 — do Phòng Nội vụ quản lý.\n"
    "# Sửa bằng lệnh: python -m data users add|remove|passwd|list (mật khẩu chỉ lưu mã băm).\n"
    "# role: viewer (lãnh đạo, chỉ xem) | submitter (đơn vị nộp số liệu, cần unit) | admin\n"
)


class UserChangeRefused(ValueError):
    """A change to the users file that cannot be made; the message is Vietnamese."""


def _load_or_new(path: Path):
    if path.exists():
        return access.read_users_doc(path)
    doc = access._yaml().load(NEW_FILE_HEADER + "users: {}\n")
    return doc


def _write_atomic(path: Path, doc) -> None:
    buffer = io.StringIO()
    access._yaml().dump(doc, buffer)
    files.write_atomic(path, buffer.getvalue(), mode=0o600)  # password hashes: owner only


def _public(entry) -> dict:
    """An account's fields fit for the audit log (never the hash)."""
    if entry is None:
        return {}
    return {k: entry.get(k) for k in ("name", "role", "unit", "demo") if entry.get(k) is not None}


def _change(
    op: str,
    username: str,
    actor: User | str,
    edit,
    path: str | os.PathLike | None,
    db_file: str | os.PathLike | None,
) -> dict:
    """Apply ``edit(users_mapping)`` to the file and audit it, in one go; return the detail."""
    actor_name, actor_role = access.actor_identity(actor, "manage_users")
    p = access.users_path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with files.locked(p):
        doc = _load_or_new(p)
        if not doc.get("users"):
            doc["users"] = CommentedMap()
        users = doc["users"]
        if isinstance(users, CommentedMap):
            users.fa.set_block_style()  # one account per block, as people edit it
        old = _public(users.get(username))
        edit(users)
        new = _public(users.get(username))
        detail = {"op": op, "username": username, "old": old, "new": new, "file": str(p)}
        # The audit entry and the file change land together: a busy database stops both.
        with db.writer(db_file) as con:
            con.execute("begin transaction")
            try:
                audit.record(con, "user_change", actor_name, actor_role, detail=detail)
                _write_atomic(p, doc)
                con.execute("commit")
            except Exception:
                con.execute("rollback")
                raise
    return detail


def _validate_new(username: str, role: str, unit: str | None) -> None:
    if not access.USERNAME_RE.match(username):
        raise UserChangeRefused(
            f"Tên đăng nhập '{username}' không hợp lệ: chỉ dùng chữ thường không dấu, số, '.', "
            "'_', '-' (2–32 ký tự)."
        )
    if role not in access.ROLES:
        raise UserChangeRefused(
            f"Vai trò '{role}' không hợp lệ; chọn một trong: {', '.join(access.ROLES)}."
        )
    if role == "submitter":
        if not unit:
            raise UserChangeRefused(
                "Tài khoản nộp số liệu phải gắn với một đơn vị hoặc phường: thêm --unit MÃ "
                "(xem mã bằng 'python -m data catalog')."
            )
        if unit not in access._bindable_units():
            raise UserChangeRefused(
                f"Mã đơn vị '{unit}' không có trong danh mục (data/catalog/units.yaml); xem mã "
                "bằng 'python -m data catalog'."
            )
    elif unit:
        raise UserChangeRefused(
            "Chỉ tài khoản nộp số liệu (submitter) mới gắn với đơn vị; bỏ --unit cho vai trò "
            f"'{role}'."
        )


def add_user(
    username: str,
    password: str,
    role: str,
    unit: str | None = None,
    name: str | None = None,
    *,
    actor: User | str,
    demo: bool = False,
    path: str | os.PathLike | None = None,
    db_file: str | os.PathLike | None = None,
    rounds: int = 12,
) -> dict:
    """Add an account (password hashed with bcrypt); return the audited change."""
    username = username.strip().lower()
    _validate_new(username, role, unit)
    problem = access.password_problem(password)
    if problem:
        raise UserChangeRefused(problem)

    def edit(users):
        if username in users:
            raise UserChangeRefused(
                f"Tài khoản '{username}' đã có. Dùng 'users passwd' để đặt lại mật khẩu hoặc "
                "'users remove' rồi thêm lại để đổi vai trò."
            )
        entry = {"name": name or username, "role": role}
        if unit:
            entry["unit"] = unit
        if demo:
            entry["demo"] = True
        entry["password_hash"] = access.hash_password(password, rounds=rounds)
        entry["created_at"] = dt.datetime.now().replace(microsecond=0).isoformat()
        users[username] = entry

    return _change("add", username, actor, edit, path, db_file)


def remove_user(
    username: str,
    *,
    actor: User | str,
    path: str | os.PathLike | None = None,
    db_file: str | os.PathLike | None = None,
) -> dict:
    """Remove an account; the last non-demo admin cannot be removed."""
    username = username.strip().lower()

    def edit(users):
        if username not in users:
            raise UserChangeRefused(f"Không có tài khoản '{username}' trong tệp người dùng.")
        entry = users[username]
        admins = [
            k for k, e in users.items() if e.get("role") == "admin" and not e.get("demo", False)
        ]
        if entry.get("role") == "admin" and admins == [username]:
            raise UserChangeRefused(
                f"'{username}' là quản trị viên cuối cùng; thêm một quản trị viên khác trước "
                "khi xóa tài khoản này."
            )
        del users[username]

    return _change("remove", username, actor, edit, path, db_file)


def set_password(
    username: str,
    password: str,
    *,
    actor: User | str,
    path: str | os.PathLike | None = None,
    db_file: str | os.PathLike | None = None,
    rounds: int = 12,
) -> dict:
    """Replace an account's password hash (the audit records that it changed, not the value)."""
    username = username.strip().lower()
    problem = access.password_problem(password)
    if problem:
        raise UserChangeRefused(problem)

    def edit(users):
        if username not in users:
            raise UserChangeRefused(f"Không có tài khoản '{username}' trong tệp người dùng.")
        users[username]["password_hash"] = access.hash_password(password, rounds=rounds)
        users[username].pop("password", None)

    detail = _change("passwd", username, actor, edit, path, db_file)
    return detail


def list_users(path: str | os.PathLike | None = None) -> list[User]:
    """Valid accounts, sorted by role then user name."""
    users = access.load_users(path).values()
    return sorted(users, key=lambda u: (access.ROLES.index(u.role), u.username))


# --------------------------------------------------------------------------- command line


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    second = getpass.getpass("Nhập lại mật khẩu: ")
    if first != second:
        raise UserChangeRefused("Hai lần nhập mật khẩu không khớp; chạy lại lệnh.")
    return first


def _cmd_users(args) -> int:
    try:
        if args.users_command == "list":
            users = list_users(args.users)
            if args.json:
                print(
                    json.dumps(
                        [
                            {
                                "username": u.username,
                                "name": u.name,
                                "role": u.role,
                                "unit": u.unit,
                                "demo": u.demo,
                            }
                            for u in users
                        ],
                        ensure_ascii=False,
                        indent=2,
                    )
                )
            else:
                for u in users:
                    print(f"{u.username:<20} {u.label}")
                if not users:
                    print("Chưa có tài khoản nào.")
            return 0
        if args.users_command == "check":
            problems = access.check_users_file(args.users, access.demo_mode())
            for problem in problems:
                print(problem, file=sys.stderr)
            if not problems:
                print(f"Tệp người dùng {access.users_path(args.users)} hợp lệ.")
            return 1 if problems else 0
        actor = access.console_actor(args.by, args.users)
        if args.users_command == "add":
            password = _read_password(args)
            add_user(
                args.username,
                password,
                args.role,
                args.unit,
                args.name,
                actor=actor,
                demo=args.demo,
                path=args.users,
                db_file=args.db,
            )
            print(f"Đã thêm tài khoản '{args.username.strip().lower()}' ({args.role}).")
        elif args.users_command == "remove":
            remove_user(args.username, actor=actor, path=args.users, db_file=args.db)
            print(f"Đã xóa tài khoản '{args.username.strip().lower()}'.")
        elif args.users_command == "passwd":
            password = _read_password(args)
            set_password(args.username, password, actor=actor, path=args.users, db_file=args.db)
            print(f"Đã đặt lại mật khẩu cho '{args.username.strip().lower()}'.")
        return 0
    except (UserChangeRefused, AccessDenied, UsersFileError, db.DatabaseBusy) as exc:
        print(str(exc), file=sys.stderr)
        return 2


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add the ``users`` sub-command to ``python -m data``."""
    p = sub.add_parser("users", help="quản lý người dùng (thêm, xóa, đặt lại mật khẩu, liệt kê)")
    p.set_defaults(func=_cmd_users)
    users_sub = p.add_subparsers(dest="users_command", required=True)

    def common(q, with_actor=True):
        q.add_argument("--users", help="tệp người dùng (mặc định KPI_USERS hoặc data/access)")
        if with_actor:
            q.add_argument("--db", help="CSDL ghi nhật ký thao tác")
            q.add_argument("--by", help="người thực hiện (mặc định: tên đăng nhập máy chủ)")

    q = users_sub.add_parser("add", help="thêm tài khoản")
    q.add_argument("username")
    q.add_argument("--role", required=True, choices=access.ROLES)
    q.add_argument("--unit", help="mã đơn vị/phường (bắt buộc với submitter)")
    q.add_argument("--name", help="họ tên hiển thị")
    q.add_argument("--demo", action="store_true", help="đánh dấu là tài khoản demo")
    q.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    common(q)

    q = users_sub.add_parser("remove", help="xóa tài khoản")
    q.add_argument("username")
    common(q)

    q = users_sub.add_parser("passwd", help="đặt lại mật khẩu")
    q.add_argument("username")
    q.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    common(q)

    q = users_sub.add_parser("list", help="liệt kê tài khoản")
    q.add_argument("--json", action="store_true")
    common(q, with_actor=False)

    q = users_sub.add_parser("check", help="kiểm tra tệp người dùng trước khi chạy ứng dụng")
    common(q, with_actor=False)


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m data.access.users`` (same as ``python -m data users``)."""
    parser = argparse.ArgumentParser(prog="python -m data")
    register_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["users", *(argv if argv is not None else sys.argv[1:])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
