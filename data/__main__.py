"""Command line of the data layer: ingest, status, catalog, rebuild."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from checks.numbers import fmt_number
from data import catalog
from data.intake import arrivals
from data.store import db, ingest, rebuild

EXIT_OK, EXIT_QUARANTINED, EXIT_REJECTED = 0, 1, 2


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _exit_code(results) -> int:
    if any(r.status in ("rejected", "busy", "failed") for r in results):
        return EXIT_REJECTED
    if any(r.rows_quarantined for r in results):
        return EXIT_QUARANTINED
    return EXIT_OK


def _describe(result) -> str:
    label = catalog.load().label("load_status", result.status)
    parts = [f"{result.file}: {label}"]
    if result.rows_total:
        parts.append(
            f"{fmt_number(result.rows_total)} dòng, nạp {fmt_number(result.rows_loaded)}, "
            f"không đổi {fmt_number(result.rows_unchanged)}, "
            f"thay thế {fmt_number(result.rows_superseded)}, "
            f"bị loại {fmt_number(result.rows_quarantined)}"
        )
    lines = [" — ".join(parts)]
    if result.message:
        lines.append(f"    {result.message}")
    for err in result.errors[:20]:
        where = []
        if err.row is not None:
            where.append(f"dòng {fmt_number(err.row)}")
        if err.column:
            where.append(f"cột '{err.column}'")
        if err.value not in (None, ""):
            where.append(f"giá trị '{err.value}'")
        prefix = ", ".join(where)
        lines.append(f"    - {prefix + ': ' if prefix else ''}{err.reason}")
    if len(result.errors) > 20:
        lines.append(f"    … và {len(result.errors) - 20} lỗi khác (dùng --json để xem hết).")
    return "\n".join(lines)


def cmd_ingest(args) -> int:
    if args.pending:
        results = ingest.ingest_pending(args.db)
    else:
        if not args.paths:
            print("Cần ít nhất một tệp hoặc thư mục để nạp.", file=sys.stderr)
            return EXIT_REJECTED
        mapping = None
        if args.mapping:
            from data.intake.mapping import MappingError, read_file

            try:
                mapping = read_file(args.mapping)
            except MappingError as exc:
                print(f"Tệp ánh xạ cột '{args.mapping}': {exc}", file=sys.stderr)
                return EXIT_REJECTED
        files = ingest.expand_paths(args.paths)
        if not files:
            print("Không tìm thấy tệp .xlsx hoặc .csv nào trong đường dẫn đã cho.", file=sys.stderr)
            return EXIT_REJECTED
        bar = None
        if not (args.json or args.quiet) and len(files) > 1 and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=len(files), unit="tệp", desc="Nạp tệp", file=sys.stderr)

        def on_file(result):
            if bar:
                bar.update(1)
            elif not (args.json or args.quiet):
                print(_describe(result))

        try:
            received_at = arrivals.parse_time(args.received_at) if args.received_at else None
            times = {}
            for path in args.arrivals or ():
                times.update(arrivals.read_arrivals(path))
        except arrivals.ArrivalError as exc:
            print(exc, file=sys.stderr)
            return EXIT_REJECTED
        results = ingest.ingest_paths(
            files,
            args.db,
            strict=args.strict,
            on_file=on_file,
            received_at=received_at,
            arrivals=times,
            mapping=mapping,
        )
        if bar:
            bar.close()
            for r in results:
                print(_describe(r))
    if args.json:
        _print_json([r.as_dict() for r in results])
    elif args.quiet:
        for r in results:
            if r.status in ("rejected", "busy", "failed") or r.rows_quarantined:
                print(_describe(r))
    code = _exit_code(results)
    if not args.json:
        loaded = sum(r.rows_loaded for r in results)
        bad = sum(r.rows_quarantined for r in results)
        rejected = sum(r.status in ("rejected", "busy", "failed") for r in results)
        print(
            f"Tổng: {len(results)} tệp, {fmt_number(loaded)} dòng được nạp, "
            f"{fmt_number(bad)} dòng bị loại, {rejected} tệp không nạp được."
        )
    return code


STATUS_SQL = {
    "progress_current": "select count(*) from marts.progress_current",
    "progress_history": "select count(*) from core.progress_report",
    "indicator_current": "select count(*) from marts.indicator_current",
    "indicator_history": "select count(*) from core.indicator_value",
    "dossier_current": "select count(*) from core.dossier",
    "dossier_history": "select count(*) from core.dossier_history",
    "quarantine_rows": "select count(distinct (load_id, row_number)) from staging.quarantine",
    "files": "select count(*) from raw.file",
    "loads": "select count(*) from raw.load_log",
}


def cmd_status(args) -> int:
    path = db.db_path(args.db)
    with db.reader(path) as con:
        counts = {k: con.execute(sql).fetchone()[0] for k, sql in STATUS_SQL.items()}
        recent = con.execute(
            "select load_id, original_name, kind, status, started_at, rows_loaded, "
            "rows_quarantined from raw.load_log order by load_id desc limit 10"
        ).df()
    pending = ingest.pending_receipts(path)
    if args.json:
        _print_json(
            {
                "db": str(path),
                "counts": counts,
                "pending_files": len(pending),
                "last_loads": recent.to_dict(orient="records"),
            }
        )
        return EXIT_OK
    n = {k: fmt_number(v) for k, v in counts.items()}
    print(f"Cơ sở dữ liệu: {path}")
    print(
        f"  Báo cáo tiến độ: {n['progress_current']} dòng hiện hành "
        f"({n['progress_history']} kể cả lịch sử)"
    )
    print(
        f"  Số liệu chỉ số: {n['indicator_current']} dòng hiện hành "
        f"({n['indicator_history']} kể cả lịch sử)"
    )
    print(
        f"  Sổ hồ sơ một cửa: {n['dossier_current']} hồ sơ "
        f"({n['dossier_history']} phiên bản kể cả lịch sử)"
    )
    print(f"  Tệp đã nhận: {n['files']}; lượt nạp: {n['loads']}")
    print(f"  Dòng bị loại (cách ly): {n['quarantine_rows']}; tệp chờ nạp: {len(pending)}")
    if not recent.empty:
        print("  Lượt nạp gần nhất:")
        for row in recent.itertuples():
            label = catalog.load().label("load_status", row.status)
            print(
                f"    #{row.load_id} {row.original_name} — {label} "
                f"({fmt_number(row.rows_loaded)} dòng nạp, "
                f"{fmt_number(row.rows_quarantined)} bị loại)"
            )
    return EXIT_OK


def cmd_catalog(args) -> int:
    plan = catalog.load_plan(args.year)
    units = catalog.load_units()
    doc = {
        "year": plan.year,
        "plan": plan.number,
        "groups": [asdict(g) for g in plan.groups],
        "tasks": [
            {
                "id": t.id,
                "stt": t.stt,
                "group": t.group,
                "leads": list(t.leads),
                "coordinators": list(t.coordinators),
                "deadline_text": t.deadline_text,
                "deadline_kind": t.deadline_kind,
                "deadline_date": t.deadline_date,
                "sub_items": [s.id for s in t.sub_items],
            }
            for t in plan.tasks
        ],
        "units": [
            {"code": u.code, "name": u.name, "kind": u.kind, "reports": u.reports}
            for u in units
            if u.kind != "ward"
        ],
        "wards": [{"code": u.code, "name": u.name} for u in units if u.kind == "ward"],
        "periods": [asdict(p) for p in plan.periods],
    }
    if args.json:
        _print_json(doc)
        return EXIT_OK
    print(f"Kế hoạch {plan.number} — năm {plan.year}: {len(plan.tasks)} nhiệm vụ")
    for group in plan.groups:
        tasks = [t for t in plan.tasks if t.group == group.code]
        print(f"  Nhóm {group.code}. {group.name} ({len(tasks)} nhiệm vụ)")
        for t in tasks:
            deadline = t.deadline_text or "chưa có thời hạn"
            print(f"    {t.stt or t.id:>4}  chủ trì: {', '.join(t.leads):<24} hạn: {deadline}")
    print("  Kỳ báo cáo: " + "; ".join(f"{p.label} ({p.due_text})" for p in plan.periods))
    print("  Phường: " + ", ".join(u.name for u in units if u.kind == "ward"))
    return EXIT_OK


def cmd_rebuild(args) -> int:
    target, results = rebuild.rebuild(args.db)
    print(f"Đã dựng lại {target} từ {len(results)} lượt nhận tệp trong kho lưu trữ.")
    return EXIT_OK


def build_parser(prog: str = "python -m data") -> argparse.ArgumentParser:
    plan = catalog.load_plan()
    parser = argparse.ArgumentParser(
        prog=prog, description=f"Nạp và quản lý số liệu Kế hoạch {plan.number}."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="nạp tệp .xlsx/.csv hoặc cả thư mục")
    p.add_argument("paths", nargs="*")
    p.add_argument("--db")
    p.add_argument("--strict", action="store_true", help="một dòng lỗi là từ chối cả tệp")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="chỉ in tệp có vấn đề")
    p.add_argument("--pending", action="store_true", help="nạp các tệp chờ do CSDL bận")
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help="tệp ánh xạ cột (.yaml hoặc .csv): tên cột trong tệp -> cột của mẫu nhập",
    )
    p.add_argument(
        "--received-at",
        metavar="THỜI_ĐIỂM",
        help="thời điểm các tệp thực sự đến (báo cáo giấy nhập sau), vd. '05/04/2023 09:15'",
    )
    p.add_argument(
        "--arrivals",
        action="append",
        metavar="TỆP",
        help='tệp YAML ghi thời điểm đến của từng tệp (tên tệp: "05/04/2023 09:15")',
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("status", help="số dòng, lượt nạp gần nhất, số dòng bị loại")
    p.add_argument("--db")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("catalog", help="danh mục nhóm, nhiệm vụ, đơn vị, phường, kỳ báo cáo")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser("rebuild", help="dựng lại CSDL từ kho lưu trữ tệp gốc")
    p.add_argument("--db")
    p.set_defaults(func=cmd_rebuild)

    from data.access import users
    from data.store import audit, rollback  # access control and audit sub-commands

    for module in (users, rollback, audit):
        module.register_cli(sub)
    return parser


def main(argv: list[str] | None = None, prog: str = "python -m data") -> int:
    """Run one data command.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).
        prog: The command name shown in usage lines (``kpi`` when run from it).

    Returns:
        The exit code.
    """
    args = build_parser(prog).parse_args(argv)
    try:
        return args.func(args)
    except db.DatabaseBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED


if __name__ == "__main__":
    sys.exit(main())
