"""Benchmark of the dashboard: server time of every page (first and warm) and cold start.

Run with ``make bench`` (``python -m tests.bench``). Prints figures, asserts nothing.

* Page times are measured in a fresh process per database with Streamlit's AppTest,
  which runs the page script exactly as the server does: "first" is the first render of a
  page in that process (empty caches for what it needs), "warm" the next render.
* Databases: the demo database, and one about 100 times its size built through the real
  ingestion (``data.ingest.ingest_bytes``): every indicator row of the demo is resubmitted
  with a changed denominator many times over, so each load supersedes the previous one and
  the history the queries scan grows with every load, as it would after years of
  corrections.
* Cold start: from launching ``python -m streamlit run`` to the health check answering,
  and to the first page fully rendered in Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_DB = ROOT / "data" / "warehouse" / "demo.duckdb"
BENCH_DIR = ROOT / "data" / "warehouse" / "bench"
FACTOR = 100

_PAGE_TIMER = r"""
import json, sys, time
from streamlit.testing.v1 import AppTest
from dashboard.nav import PAGES

at = AppTest.from_file(sys.argv[1], default_timeout=300)
out = []
for i, spec in enumerate(PAGES):
    t = time.perf_counter()
    if i == 0:
        at.run()
    else:
        at.switch_page(spec.path).run()
    first = time.perf_counter() - t
    t = time.perf_counter()
    at.run()
    warm = time.perf_counter() - t
    errors = [str(e.value)[:80] for e in at.exception]
    out.append({"page": spec.title, "first": first, "warm": warm, "errors": errors})
print(json.dumps(out))
"""


def _rows(db: Path) -> list[dict]:
    """Current indicator rows of ``db`` (read-only)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.execute(
            "select v.indicator_code, v.scope_code, v.period_key, v.numerator, v.denominator,"
            " v.value, i.kind from core.indicator_value v"
            " join core.indicator i on i.indicator_code = v.indicator_code"
            " where v.superseded_at is null order by v.indicator_code, v.scope_code, v.period_key"
        ).df()
    finally:
        con.close()
    return frame.to_dict("records")


def _number(value) -> str:
    if value is None or value != value:
        return ""
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _csv(rows: list[dict], bump: int) -> bytes:
    """An indicator file of every row; rates get ``bump`` added to their denominator."""
    lines = ["Mã chỉ số;Phạm vi;Kỳ số liệu;Tử số;Mẫu số;Giá trị"]
    for r in rows:
        if r["kind"] == "rate" and r["denominator"] == r["denominator"]:
            parts = [_number(r["numerator"]), _number(r["denominator"] + bump), ""]
        else:
            parts = [_number(r["numerator"]), _number(r["denominator"]), _number(r["value"])]
        lines.append(";".join([r["indicator_code"], r["scope_code"], r["period_key"], *parts]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def table_rows(db: Path) -> int:
    """Rows of the two fact tables (history included)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(
            con.execute(
                "select (select count(*) from core.indicator_value)"
                " + (select count(*) from core.progress_report)"
            ).fetchone()[0]
        )
    finally:
        con.close()


def build_big(demo: Path, factor: int = FACTOR) -> Path:
    """A copy of the demo grown to about ``factor`` times its rows by real resubmissions."""
    from data.ingest import ingest_bytes

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    big = BENCH_DIR / f"demo_x{factor}.duckdb"
    target = table_rows(demo) * factor
    if big.exists() and table_rows(big) >= target:
        return big
    big.unlink(missing_ok=True)
    Path(str(big) + ".wal").unlink(missing_ok=True)
    shutil.copy(demo, big)
    rows = _rows(demo)
    archive = BENCH_DIR / "archive"
    started = time.perf_counter()
    loads = 0
    while table_rows(big) < target:
        loads += 1
        # A growing denominator makes every load new content that changes every rate row.
        content = _csv(rows, bump=loads)
        result = ingest_bytes(f"bench_{loads:04d}.csv", content, db_file=big, archive=archive)
        if result.status not in ("loaded", "partial"):
            print(f"  load {loads}: {result.status} {result.message}", file=sys.stderr)
            break
        if loads % 10 == 0:
            print(
                f"  {loads} loads, {table_rows(big):,} rows, {time.perf_counter() - started:.0f} s"
            )
    return big


def page_times(db: Path) -> list[dict]:
    """First and warm server time of every page, in a fresh process."""
    env = {**os.environ, "KPI_DB": str(db), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _PAGE_TIMER, str(ROOT / "dashboard" / "app.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start(db: Path) -> dict:
    """Seconds from launching the server to health, and to the first page rendered."""
    from dashboard import server
    from dashboard.browser import BrowserMissing, open_browser, wait_ready

    started = time.perf_counter()
    result: dict = {}
    with server.running_app(db) as url:
        result["health"] = time.perf_counter() - started
        try:
            with open_browser() as browser:
                page = browser.new_page()
                page.goto(url + "/", wait_until="domcontentloaded")
                wait_ready(page)
                # wait_ready adds a fixed pause for charts; it is not server time.
                result["first_page"] = time.perf_counter() - started - 0.6
        except BrowserMissing as exc:
            result["first_page"] = None
            result["note"] = str(exc)
    return result


def report(name: str, db: Path) -> None:
    print(f"\n{name}: {db} ({table_rows(db):,} fact rows)")
    print(f"{'page':34} {'first ms':>9} {'warm ms':>9}")
    for row in page_times(db):
        note = f"  errors: {row['errors']}" if row["errors"] else ""
        print(f"{row['page']:34} {row['first'] * 1000:9.0f} {row['warm'] * 1000:9.0f}{note}")
    cold = cold_start(db)
    first = cold.get("first_page")
    first_text = f"{first:.2f} s" if first is not None else cold.get("note", "n/a")
    print(f"cold start: health {cold['health']:.2f} s, first page rendered {first_text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--db", type=Path, default=DEMO_DB, help="demo database (read only)")
    parser.add_argument("--factor", type=int, default=FACTOR)
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"{args.db} not found: build it with `make demo-db` first.")
        return 1
    work = BENCH_DIR / "demo_copy.duckdb"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(args.db, work)  # never hold the shared demo file open for long
    report("demo", work)
    if not args.skip_big:
        t = time.perf_counter()
        big = build_big(work, args.factor)
        print(f"\nbuilt/reused the {args.factor}x database in {time.perf_counter() - t:.0f} s")
        report(f"{args.factor}x", big)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
