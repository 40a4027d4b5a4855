"""The ``kpi`` command: one entry point for the data, metrics and briefing command lines.

``kpi ingest|status|catalog|rebuild|users|rollback|audit`` run ``python -m data``,
``kpi report`` runs ``python -m metrics report`` and ``kpi briefing`` runs
``python -m dashboard.briefing``. Each is imported only when its command is asked for,
so ``kpi status`` never loads Streamlit or the browser machinery.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

PROG = "kpi"


@dataclass(frozen=True)
class Command:
    """One ``kpi`` sub-command and where it is run.

    Attributes:
        name: The word typed after ``kpi``.
        module: The module whose ``main(argv, prog)`` runs it.
        help: One line of Vietnamese help.
        passes_name: Whether the command word is passed on (``python -m data ingest``)
            or dropped (``python -m dashboard.briefing`` has no sub-commands).
    """

    name: str
    module: str
    help: str
    passes_name: bool = True


COMMANDS: tuple[Command, ...] = (
    Command("ingest", "data.__main__", "nạp tệp .xlsx/.csv hoặc cả thư mục"),
    Command("status", "data.__main__", "số dòng, lượt nạp gần nhất, số dòng bị loại"),
    Command("catalog", "data.__main__", "danh mục nhóm, nhiệm vụ, đơn vị, phường, kỳ báo cáo"),
    Command("rebuild", "data.__main__", "dựng lại cơ sở dữ liệu từ kho lưu trữ tệp gốc"),
    Command("users", "data.__main__", "quản lý người dùng (thêm, xóa, đặt lại mật khẩu, liệt kê)"),
    Command("rollback", "data.__main__", "hoàn tác một lượt nạp (khôi phục số liệu trước đó)"),
    Command("audit", "data.__main__", "xem hoặc xuất nhật ký thao tác"),
    Command("report", "metrics.__main__", "báo cáo tổng hợp (văn bản, JSON hoặc Excel)"),
    Command(
        "briefing",
        "dashboard.briefing",
        "ảnh chụp và tệp PDF bản tin giao ban một tháng",
        passes_name=False,
    ),
)
BY_NAME = {c.name: c for c in COMMANDS}


def help_text() -> str:
    """The Vietnamese help of ``kpi``: what it is, its commands and a few examples."""
    from data import catalog

    plan = catalog.load_plan()
    width = max(len(c.name) for c in COMMANDS) + 2
    lines = [
        f"Cách dùng: {PROG} LỆNH [tham số...]",
        "",
        f"Theo dõi Kế hoạch {plan.number} năm {plan.year}: nạp số liệu, báo cáo, bản tin.",
        "",
        "Các lệnh:",
        *(f"  {c.name.ljust(width)}{c.help}" for c in COMMANDS),
        "",
        f"Tham số của từng lệnh: {PROG} LỆNH --help",
        "",
        "Ví dụ:",
        f"  {PROG} ingest data/sample",
        f"  {PROG} status",
        f"  {PROG} report --as-of {plan.year}-06",
        f"  {PROG} briefing --month {plan.year}-06 --out briefing",
    ]
    return "\n".join(lines) + "\n"


def runner(command: Command) -> Callable[..., int]:
    """The ``main`` function of the module that runs ``command``, imported now."""
    return importlib.import_module(command.module).main


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kpi``.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).

    Returns:
        The exit code of the command run; 0 for help, 2 for a missing or unknown command.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help"):
        print(help_text(), end="")
        return 0
    if not args:
        print(help_text(), end="", file=sys.stderr)
        return 2
    command = BY_NAME.get(args[0])
    if command is None:
        names = ", ".join(c.name for c in COMMANDS)
        print(
            f"{PROG}: không có lệnh '{args[0]}'. Các lệnh: {names}. Xem: {PROG} --help",
            file=sys.stderr,
        )
        return 2
    if command.passes_name:
        return runner(command)(args, prog=PROG)
    return runner(command)(args[1:], prog=f"{PROG} {command.name}")


if __name__ == "__main__":
    sys.exit(main())
