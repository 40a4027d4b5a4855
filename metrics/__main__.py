"""Command line of the metrics layer: ``python -m metrics report`` (and ``check``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from data import catalog
from data.catalog import load_registry
from data.catalog import rules as catalog_rules
from data.catalog.indicators import unknown_codes
from data.store import db as database
from metrics import common, report
from metrics.yearly_targets import load_targets, validate_targets


def _parser(prog: str = "python -m metrics") -> argparse.ArgumentParser:
    year = catalog.load_plan().year
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Chỉ số, chỉ tiêu và báo cáo tổng hợp thực hiện chủ đề năm.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="báo cáo tổng hợp (văn bản, JSON hoặc Excel)")
    rep.add_argument("--db", help="đường dẫn cơ sở dữ liệu (mặc định: KPI_DB hoặc data/warehouse)")
    rep.add_argument("--year", type=int, help="năm kế hoạch (mặc định: năm mới nhất)")
    rep.add_argument(
        "--as-of", dest="as_of", help=f"tháng tính đến, dạng YYYY-MM (ví dụ {year}-06)"
    )
    rep.add_argument(
        "--scope", default=common.DISTRICT, help="district (toàn quận), Q1, mã phường hoặc mã phòng"
    )
    rep.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    rep.add_argument("--xlsx", metavar="FILE", help="ghi báo cáo Excel ra tệp")
    chk = sub.add_parser("check", help="kiểm tra danh mục chỉ số và tệp chỉ tiêu")
    chk.add_argument("--db", help="cũng kiểm tra mọi mã chỉ số có trong cơ sở dữ liệu này")
    chk.add_argument(
        "--year", type=int, help="năm của tệp chỉ tiêu (mặc định: mọi năm có kế hoạch)"
    )
    return parser


def cmd_report(args) -> int:
    db = args.db or None
    if db and not database.db_path(db).exists():
        print(f"Không tìm thấy cơ sở dữ liệu '{db}'. Kiểm tra lại đường dẫn --db.", file=sys.stderr)
        return 2
    try:
        rep = report.build_report(args.year, args.as_of, args.scope, db)
    except common.MetricsInputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except database.DatabaseBusy as exc:
        print(str(exc), file=sys.stderr)
        return 3
    if args.xlsx:
        path = report.to_xlsx(rep, args.xlsx)
        if not args.json:
            print(f"Đã ghi báo cáo Excel: {path}")
    if args.json:
        print(json.dumps(report.to_json(rep), ensure_ascii=False, indent=2))
    elif not args.xlsx:
        print(report.to_text(rep))
    return 0


def cmd_check(args) -> int:
    registry = load_registry()
    years = [args.year] if args.year else catalog.available_years()
    data_codes: list[str] = []
    if args.db:
        if not database.db_path(args.db).exists():
            print(f"Không tìm thấy cơ sở dữ liệu '{args.db}'. Kiểm tra lại đường dẫn --db.")
            return 2
        data_codes = common.run("indicator_codes", [], args.db)["indicator_code"].tolist()
    problems = catalog_rules.validate(catalog.load()) + unknown_codes(registry, data_codes)
    for year in years:
        problems += validate_targets(load_targets(year), registry)
    for p in problems:
        print(p)
    if not problems:
        print("Danh mục chỉ số và tệp chỉ tiêu hợp lệ.")
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None, prog: str = "python -m metrics") -> int:
    """Run one metrics command.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).
        prog: The command name shown in usage lines (``kpi`` when run from it).

    Returns:
        The exit code.
    """
    args = _parser(prog).parse_args(argv)
    if args.command == "report":
        return cmd_report(args)
    return cmd_check(args)


if __name__ == "__main__":
    sys.exit(main())
