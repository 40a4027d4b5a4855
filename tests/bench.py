"""Benchmark: loading speed (rows/second) and the dashboard's page and cold-start times.

* Load: one indicator file of ``--load-rows`` rows (200,000; many repeats, as in a bad
  export) read, checked and committed by ``python -m data ingest`` in a fresh process;
  printed as seconds and rows per second.

Run with ``make bench`` (``python -m tests.bench``). Prints figures, asserts nothing.

* Intake: one 20,000-row indicator workbook read, checked (the whole file in one set-based
  validation) and loaded into a fresh database.

* Page times are measured in a fresh process per database with Streamlit's AppTest,
  which runs the page script exactly as the server does: "first" is the first render of a
  page in that process (empty caches for what it needs), "warm" the median of the next
  three renders.
* Databases: the demo database, and one about 100 times its size built through the real
  ingestion (``data.store.ingest.ingest_bytes``): every indicator row of the demo is resubmitted
  with a changed denominator many times over, so each load supersedes the previous one and
  the history the queries scan grows with every load, as it would after years of
  corrections.
* Cold start, the way a person meets it: Chromium is already open; the clock starts when
  ``python -m streamlit run`` is launched, the first page is opened in a fresh tab (no
  cached files) as soon as the health check answers, and three times are printed: health
  check answered; first page served (its script finished on the server, from the time
  stamps of Streamlit's debug log); first page drawn in Chromium (script finished, no
  placeholder left, every Plotly chart drawn). Also printed: the server time of that first
  render (script start to end). Chromium runs on the same 2 cores as the server here, so
  "drawn" includes the browser's own work competing with the server's. Each figure is the
  median of ``--cold-runs`` runs, each with a new server process.
* Dossier register (``--register-scale district|city``; ``make bench BENCH_SCALE=city``):
  a synthetic register of that scale generated into a temporary folder, loaded by
  ``ingest_paths`` in a fresh process (rows per second including every check, peak
  memory as that process's ru_maxrss, DuckDB included), beside what DuckDB's own CSV
  reader alone takes to read the same files into memory in the same run (no checks, no
  archive, no write: the ceiling of any ingest on this machine); the parts of reading its
  first file whole into the history (reading and checking every cell, keeping the rows in
  a temporary table, inserting them into the history, or instead writing them to an
  uncompressed Parquet file: each rolled back, a median of three); the KPI query over
  register values with its memo cleared; first and warm server time of the pages that use
  register values; and the same monthly values computed with pandas from the same files
  on every run, as a ratio to the query.
* Every process runs as a wall display (``KPI_READ_ONLY=1``): pages without a sign-in form.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from tests.conftest import ROOT

DEMO_DB = ROOT / "data" / "warehouse" / "demo.duckdb"
BENCH_DIR = ROOT / "data" / "warehouse" / "bench"
FACTOR = 100
COLD_RUNS = 3
WARM_RUNS = 3  # a warm figure is the median of this many reruns of the page
VIEWER_ENV = {"KPI_READ_ONLY": "1"}  # pages without a sign-in form

_PAGE_TIMER = r"""
import json, statistics, sys, time
from streamlit.testing.v1 import AppTest
from dashboard.nav import pages
from tests.dashboard.pages import switch_to

WARM_RUNS = int(sys.argv[2])
at = AppTest.from_file(sys.argv[1], default_timeout=300)
out = []
for i, spec in enumerate(pages()):
    t = time.perf_counter()
    if i == 0:
        at.run()
    else:
        switch_to(at, spec).run()
    first = time.perf_counter() - t
    warm = []
    for _ in range(WARM_RUNS):
        t = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t)
    warm = statistics.median(warm)
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
    from data.store.ingest import ingest_bytes

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


def _run_json(script: str, args: list[str], env: dict | None = None):
    """Run ``python -c script args`` from the repository; its last output line as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def page_times(db: Path) -> list[dict]:
    """First and warm server time of every page, in a fresh process."""
    env = {**os.environ, **VIEWER_ENV, "KPI_DB": str(db), "PYTHONPATH": str(ROOT)}
    return _run_json(_PAGE_TIMER, [str(ROOT / "dashboard" / "app.py"), str(WARM_RUNS)], env)


# Recorded inside the page (its own clock): websocket traffic and the script's run state.
_PAGE_PROBE = """
(() => {
  const probe = {sent: [], recv: [], running: null, finished: null};
  window.__kpiProbe = probe;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => probe.recv.push(performance.now()));
    }
    send(data) {
      probe.sent.push(performance.now());
      return super.send(data);
    }
  };
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute("data-test-script-state");
    if (state === "running" && probe.running === null) probe.running = performance.now();
    if (state === "notRunning" && probe.running !== null && probe.finished === null)
      probe.finished = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""

# The first page is drawn: its script finished, its heading is there, no placeholder is
# left and every Plotly chart has drawn its SVG.
_DRAWN = """() => {
  const probe = window.__kpiProbe;
  if (!probe || probe.finished === null) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (!document.querySelector('[data-testid="stMain"] [data-testid="stHeading"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.querySelector(".main-svg")) return false;
  }
  return true;
}"""


# Streamlit's debug log stamps the start and the end of every script run (server clock).
_LOG_EVENT = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (Running script|Removing orphaned files)"
)


def _script_run(log_file: Path) -> tuple[float, float] | None:
    """Epoch seconds at which the first script run started and ended, from the server's log."""
    try:
        lines = log_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    began = ended = None
    for line in lines:
        match = _LOG_EVENT.match(line)
        if not match:
            continue
        stamp = dt.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp()
        if match.group(2) == "Running script" and began is None:
            began = stamp
        elif match.group(2) != "Running script" and began is not None:
            ended = stamp
            break
    return (began, ended) if began is not None and ended is not None else None


def _cold_once(browser, db: Path) -> dict:
    """One cold start: launch the server, open its first page in a fresh tab, wait until drawn."""
    from dashboard import server
    from dashboard.browser import TIMEOUT_MS

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    env = {**VIEWER_ENV, "STREAMLIT_LOGGER_LEVEL": "debug"}  # stamps the script run
    try:
        page = context.new_page()
        page.goto("about:blank")  # the tab's renderer process starts before the clock does
        page.add_init_script(_PAGE_PROBE)
        started, started_epoch = time.perf_counter(), time.time()
        with server.running_app(db, env=env) as url:
            health = time.perf_counter() - started
            page.goto(url + "/", wait_until="commit")
            page.wait_for_function(_DRAWN, timeout=TIMEOUT_MS)
            drawn = time.perf_counter() - started
            # The page's clock, mapped onto ours at this instant.
            page_zero = time.perf_counter() - started - page.evaluate("performance.now()") / 1000
            probe = page.evaluate("window.__kpiProbe")
            port = url.rsplit(":", 1)[1]
            tmp = Path(os.environ.get("TMPDIR", "/tmp"))
            run = _script_run(tmp / f"kpi-dashboard-{port}-{os.getpid()}.log")
    finally:
        context.close()
    if run is not None:
        served, script = run[1] - started_epoch, run[1] - run[0]
    else:  # no log: the page's own view of the run (includes the browser's delay)
        first_sent = probe["sent"][0] if probe["sent"] else probe["running"]
        served = page_zero + probe["finished"] / 1000
        script = (probe["finished"] - first_sent) / 1000
    return {"health": health, "served": served, "drawn": drawn, "script": script}


def cold_start(db: Path, runs: int = COLD_RUNS) -> dict:
    """Median seconds over ``runs`` cold starts (see the module docstring), or a note."""
    from dashboard.browser import BrowserMissing, open_browser

    results = []
    try:
        with open_browser() as browser:
            # Chromium's own start is not the dashboard's: warm it up on a blank page first.
            browser.new_page().goto("about:blank")
            for _ in range(runs):
                results.append(_cold_once(browser, db))
    except BrowserMissing as exc:
        return {"note": str(exc)}
    medians = {key: statistics.median(r[key] for r in results) for key in results[0]}
    return medians | {"runs": runs, "all_drawn": [r["drawn"] for r in results]}


def report(name: str, db: Path, cold_runs: int = COLD_RUNS) -> None:
    print(f"\n{name}: {db} ({table_rows(db):,} fact rows)")
    print(f"{'page':34} {'first ms':>9} {'warm ms':>9}")
    for row in page_times(db):
        note = f"  errors: {row['errors']}" if row["errors"] else ""
        print(f"{row['page']:34} {row['first'] * 1000:9.0f} {row['warm'] * 1000:9.0f}{note}")
    if cold_runs <= 0:
        return
    cold = cold_start(db, cold_runs)
    if "drawn" not in cold:
        print(f"cold start: {cold['note']}")
        return
    runs = ", ".join(f"{t:.2f}" for t in cold["all_drawn"])
    print(
        f"cold start, median of {cold['runs']} (seconds from process start):"
        f" health check {cold['health']:.2f},"
        f" first page served {cold['served']:.2f},"
        f" first page drawn in Chromium {cold['drawn']:.2f} [{runs}];"
        f" server time of the first render {cold['script']:.2f}"
    )


INTAKE_ROWS = 20_000


def intake_file(rows: int = INTAKE_ROWS) -> bytes:
    """An indicator workbook of ``rows`` rows: every ward and month, many indicators."""
    from openpyxl import Workbook

    from data import catalog
    from data.catalog import columns

    cat = catalog.load()
    wards = [u.name for u in cat.units if u.kind == "ward"]
    codes = [i.code for i in cat.registry.indicators if i.period_type == "month"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Số liệu chỉ số")
    ws.append(list(columns.INDICATOR_INPUT.values()))
    n = 0
    year = 2023
    while n < rows:
        for code in codes:
            for ward in wards:
                for month in range(1, 13):
                    if n >= rows:
                        break
                    # Later rows repeat earlier keys: they are refused as duplicates, which
                    # the checks must find over the whole file.
                    ws.append([code, ward, f"{year}-{month:02d}", 40 + month, 100, None, ""])
                    n += 1
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def intake_time(rows: int = INTAKE_ROWS) -> dict:
    """Seconds to read, check and load one file of ``rows`` rows into a fresh database."""
    import tempfile

    from data.store.ingest import check_file, ingest_bytes

    content = intake_file(rows)
    check_file("warm-up.xlsx", intake_file(50))  # imports and suite set-up, once
    t = time.perf_counter()
    checked = check_file("bench.xlsx", content)
    check = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        result = ingest_bytes(
            "bench.xlsx", content, Path(tmp) / "bench.duckdb", archive=Path(tmp) / "archive"
        )
        load = time.perf_counter() - t
    return {
        "rows": rows,
        "read_check_s": check,
        "read_check_load_s": load,
        "loaded": result.rows_loaded,
        "refused": len(checked.bad_rows),
    }


def wide_file(rows: int = INTAKE_ROWS) -> bytes:
    """A wide-by-month workbook giving ``rows`` indicator rows: T1..T12 per indicator and ward."""
    from openpyxl import Workbook

    from data import catalog

    cat = catalog.load()
    wards = [u.name for u in cat.units if u.kind == "ward"]
    codes = [i.code for i in cat.registry.indicators if i.kind == "count"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Theo tháng")
    ws.append(["BÁO CÁO SỐ LIỆU NĂM 2023"])
    ws.append(["Chỉ tiêu", "Phường", *(f"T{m}" for m in range(1, 13))])
    n = 0
    while n < rows:
        for code in codes:
            for ward in wards:
                if n >= rows:
                    break
                take = min(12, rows - n)
                ws.append([code, ward, *(m + n % 7 for m in range(take))])
                n += take
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def wide_time(rows: int = INTAKE_ROWS) -> dict:
    """Seconds to read, check and load a wide file of ``rows`` cells into a fresh database."""
    import tempfile

    from data.store.ingest import ingest_bytes

    content = wide_file(rows)
    with tempfile.TemporaryDirectory() as tmp:
        t, cpu = time.perf_counter(), time.process_time()
        result = ingest_bytes(
            "rong.xlsx", content, Path(tmp) / "bench.duckdb", archive=Path(tmp) / "archive"
        )
        return {
            "rows": result.rows_total,
            "wall_s": time.perf_counter() - t,
            "cpu_s": time.process_time() - cpu,
            "loaded": result.rows_loaded,
            "refused": result.rows_quarantined,
        }


LOAD_ROWS = 200_000
_WARDS = ("Bến Nghé", "Bến Thành", "Cầu Kho", "Cầu Ông Lãnh", "Cô Giang", "Đa Kao")


def load_file(rows: int) -> bytes:
    """An indicator CSV of ``rows`` rows: four indicators, six wards, twelve months, many repeats."""
    codes = ("hs_truc_tuyen", "hs_dung_han", "hs_tre_han", "ho_ngheo")
    lines = ["Mã chỉ số,Phạm vi,Kỳ số liệu,Tử số,Mẫu số,Giá trị"]
    for i in range(rows):
        code, ward = codes[i % 4], _WARDS[(i // 4) % len(_WARDS)]
        month = f"2023-{(i // 24) % 12 + 1:02d}"
        if code in ("hs_tre_han", "ho_ngheo"):
            lines.append(f"{code},{ward},{month},,,{i % 50}")
        else:
            lines.append(f"{code},{ward},{month},{i % 90},100,")
    return ("\n".join(lines) + "\n").encode()


def bench_load(rows: int) -> None:
    """Read, check and commit one file of ``rows`` rows in a fresh process; print rows/second."""
    folder = BENCH_DIR / "load"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "lon.csv"
    path.write_bytes(load_file(rows))
    env = {**os.environ, "KPI_MAX_UPLOAD_MB": "100", "KPI_ARCHIVE": str(folder / "archive")}
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "data", "ingest", str(path), "--db", str(folder / "load.duckdb")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # CPU seconds are printed too: on a shared machine the wall clock also counts the
    # time other processes held the cores.
    print(
        f"\nload of one {rows:,}-row file (process start, read, check, commit): {took:.1f} s, "
        f"{rows / took:,.0f} rows/s; CPU {cpu:.1f} s, {rows / cpu:,.0f} rows per CPU second "
        f"(exit {done.returncode})"
    )


# --------------------------------------------------------------------------- register

REGISTER_PAGES = ("tong-quan", "nhom-2", "phuong", "doi-chieu-ho-so")

_REGISTER_INGEST = r"""
import json, resource, sys, time
from data.store.ingest import ingest_paths
t = time.perf_counter()
results = ingest_paths([sys.argv[1]], sys.argv[2])
took = time.perf_counter() - t
print(json.dumps({
    "seconds": took,
    "rows": sum(r.rows_total for r in results),
    "loaded": sum(r.rows_loaded for r in results),
    "refused": sum(r.rows_quarantined for r in results),
    "statuses": sorted({r.status for r in results}),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cpu_s": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
}))
"""

_REGISTER_READ_ONLY = r"""
import json, resource, sys, time
import duckdb
con = duckdb.connect()
files = sys.argv[1:]
t = time.perf_counter()
rows = 0
for path in files:
    con.execute("create or replace table t as select * from read_csv(?, all_varchar = true)",
                [path])
    rows += con.execute("select count(*) from t").fetchone()[0]
took = time.perf_counter() - t
print(json.dumps({"seconds": took, "rows": rows}))
"""

_REGISTER_PARTS = r"""
import datetime as dt, json, statistics, sys, time
from pathlib import Path
from data.store import db, register
from data.store.ingest import check_files
path = Path(sys.argv[2])
reg = check_files([(path.name, path.read_bytes())])[0]
rows = register.guarded_rows()
parts = {
    "check": f"select count(*) from ({rows})",
    "memory": f"create or replace temp table bench_rows as {rows}",
    "disk": f"insert into {register.HISTORY_COLUMNS} {rows}",
    # The cheapest file DuckDB writes, for comparison: no history, no compression.
    "parquet": f"copy ({rows}) to '{Path(sys.argv[1]).with_suffix('.parquet')}' "
    "(format parquet, compression uncompressed)",
}
times = {key: [] for key in parts}
with db.writer(sys.argv[1]) as con:
    assert register.prepare_whole(con, reg, path, None)  # a new process: every cell matched
    for _ in range(3):
        for key, sql in parts.items():
            con.execute("begin")
            t = time.perf_counter()
            count = con.execute(sql, [1, dt.datetime(2024, 1, 1)]).fetchone()[0]
            times[key].append(time.perf_counter() - t)
            con.execute("rollback")
print(json.dumps({"rows": count, **{k: statistics.median(v) for k, v in times.items()}}))
"""

_REGISTER_PAGE_TIMER = r"""
import json, statistics, sys, time
from streamlit.testing.v1 import AppTest
from dashboard.nav import pages
from tests.dashboard.pages import switch_to

WARM_RUNS = int(sys.argv[2])
wanted = sys.argv[3].split(",")
at = AppTest.from_file(sys.argv[1], default_timeout=600)
at.run()
out = []
for spec in [p for p in pages() if p.url_path in wanted]:
    t = time.perf_counter()
    switch_to(at, spec).run()
    first = time.perf_counter() - t
    warm = []
    for _ in range(WARM_RUNS):
        t = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t)
    errors = [str(e.value)[:80] for e in at.exception]
    out.append({"page": spec.title, "first": first, "warm": statistics.median(warm),
                "errors": errors})
print(json.dumps(out))
"""

_REGISTER_QUERY_TIMER = r"""
import json, statistics, sys, time
from metrics import common, evaluate
db = sys.argv[1]
registry = evaluate.load_registry()
times = []
for _ in range(4):
    common.clear_memo()
    t = time.perf_counter()
    frame = evaluate.fetch(registry, 2022, 2023, evaluate.common.parse_as_of("2023-12", 2023),
                           by_scope=True, db=db)
    times.append(time.perf_counter() - t)
print(json.dumps({"first": times[0], "uncached": statistics.median(times[1:]),
                  "rows": len(frame)}))
"""


def pandas_monthly(files: list[Path]) -> pd.DataFrame:
    """The register's monthly values the way a typical Streamlit app computes them.

    Read the exports with pandas, parse the dates, filter and group by on every run:
    online rate by received month, on-time rate and late count by result month, per scope.
    At city scale the files are read one after the other (all at once would not fit).
    """
    import pandas as pd

    from data import catalog
    from data.catalog import columns

    h = catalog.load().inputs.kind(columns.REGISTER).headers()
    wanted = ["scope", "received_at", "due_at", "result_at", "channel"]
    parts = []
    for path in files:
        frame = pd.read_csv(path, usecols=[h[k] for k in wanted], dtype=str)
        frame.columns = wanted
        for col in ("received_at", "due_at", "result_at"):
            frame[col] = pd.to_datetime(frame[col], format="%d/%m/%Y %H:%M", errors="coerce")
        frame = frame[frame["received_at"].dt.year == 2023]
        frame["online"] = frame["channel"].str.startswith("Trực tuyến")
        frame["month"] = frame["received_at"].dt.to_period("M")
        received = frame.groupby(["scope", "month"]).agg(
            received=("online", "size"), online=("online", "sum")
        )
        done = frame[frame["result_at"].notna()].copy()
        done["month"] = done["result_at"].dt.to_period("M")
        done["on_time"] = done["result_at"] <= done["due_at"]
        resolved = done.groupby(["scope", "month"]).agg(
            resolved=("on_time", "size"), on_time=("on_time", "sum")
        )
        parts.append(received.join(resolved, how="outer"))
    total = pd.concat(parts).groupby(level=[0, 1]).sum()
    total["hs_truc_tuyen"] = total["online"] * 100 / total["received"]
    total["hs_dung_han"] = total["on_time"] * 100 / total["resolved"]
    total["hs_tre_han"] = total["resolved"] - total["on_time"]
    return total


def bench_register(scale: str) -> None:
    """Register at ``scale``: generate, ingest (rows/s, peak memory), page times, pandas path."""
    import tempfile

    from data.sample.register import SCALES, scale_register

    with tempfile.TemporaryDirectory(prefix=f"kpi-bench-register-{scale}-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        files = scale_register(folder / "files", scale)
        size = sum(f.stat().st_size for f in files) / 1024**2
        print(
            f"\nregister, {scale} scale: {SCALES[scale]:,} dossiers in {len(files)} monthly CSV "
            f"files ({size:,.0f} MB), generated in {time.perf_counter() - t:.0f} s"
        )
        db = folder / "register.duckdb"
        env = {**os.environ, "KPI_ARCHIVE": str(folder / "archive"), "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _REGISTER_INGEST, str(folder / "files"), str(db)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(f"ingest failed: {done.stderr[-2000:]}")
            return
        got = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"ingest (read, archive, check in SQL, merge, monthly values; one process): "
            f"{got['seconds']:.1f} s, {got['rows'] / got['seconds']:,.0f} rows/s, "
            f"{got['loaded']:,} loaded, {got['refused']:,} refused, {got['statuses']}, "
            f"peak memory {got['peak_mb']:,.0f} MB; {got['cpu_s']:.0f} s of CPU "
            f"({got['rows'] / got['cpu_s']:,.0f} rows per CPU second)"
        )
        print(f"load average while it ran: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        alone = _run_json(_REGISTER_READ_ONLY, [str(f) for f in files])
        print(
            f"DuckDB's CSV reader alone, same files into memory (no checks, archive or write): "
            f"{alone['seconds']:.1f} s, {alone['rows'] / alone['seconds']:,.0f} rows/s; "
            f"the ingest takes {got['seconds'] / alone['seconds']:.1f}x that"
        )
        parts = _run_json(_REGISTER_PARTS, [str(folder / "parts.duckdb"), str(files[0])], env)
        print(
            f"its first file read whole into the history, in parts ({parts['rows']:,} rows, "
            f"medians of 3): read, type, look up and check every cell {parts['check']:.2f} s; "
            f"and keep the rows in a temporary table {parts['memory']:.2f} s; and insert them "
            f"into the history instead (compressed to disk as row groups fill) "
            f"{parts['disk']:.2f} s = {parts['rows'] / parts['disk']:,.0f} rows/s, the most an "
            f"ingest storing rows this way reaches on this machine; or write them to an "
            f"uncompressed Parquet file instead {parts['parquet']:.2f} s = "
            f"{parts['rows'] / parts['parquet']:,.0f} rows/s"
        )
        env = {**os.environ, **VIEWER_ENV, "KPI_DB": str(db), "PYTHONPATH": str(ROOT)}
        q = _run_json(_REGISTER_QUERY_TIMER, [str(db)], env)
        print(
            f"KPI query over register values (every indicator, scope, month; memo cleared): "
            f"first {q['first'] * 1000:.0f} ms, then {q['uncached'] * 1000:.0f} ms"
        )
        pages = _run_json(
            _REGISTER_PAGE_TIMER,
            [str(ROOT / "dashboard" / "app.py"), str(WARM_RUNS), ",".join(REGISTER_PAGES)],
            env,
        )
        print(f"{'page (server time)':34} {'first ms':>9} {'warm ms':>9}")
        for row in pages:
            note = f"  errors: {row['errors']}" if row["errors"] else ""
            print(f"{row['page']:34} {row['first'] * 1000:9.0f} {row['warm'] * 1000:9.0f}{note}")
        runs = []
        for _ in range(2 if scale == "district" else 1):
            t = time.perf_counter()
            pandas_monthly(files)
            runs.append(time.perf_counter() - t)
        took = min(runs)
        print(
            f"pandas path (read the exports, parse, filter, group by; every run): "
            f"{took * 1000:,.0f} ms = {took / q['uncached']:,.0f}x the uncached KPI query"
        )


def bench_briefing(db: Path, runs: int = 3) -> None:
    """Median time to write one month's deck, slide PNGs, PDF and Word report (no browser)."""
    from dashboard import briefing

    times = []
    for n in range(runs):
        out = BENCH_DIR / "briefing" / str(n)
        shutil.rmtree(out, ignore_errors=True)
        times.append(briefing.produce("2023-06", db, out, period="H1").seconds)
    print(
        f"\nbriefing 06/2023, all four formats: median {statistics.median(times):.1f} s "
        f"over {runs} runs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--db", type=Path, default=DEMO_DB, help="demo database (read only)")
    parser.add_argument("--factor", type=int, default=FACTOR)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument(
        "--load-rows", type=int, default=LOAD_ROWS, help="rows of the load test (0: none)"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=COLD_RUNS, help="cold starts per database (0: none)"
    )
    parser.add_argument(
        "--register-scale",
        choices=("district", "city", "none"),
        default="district",
        help="dossier register benchmark at this scale (make bench BENCH_SCALE=city)",
    )
    parser.add_argument(
        "--register-only", action="store_true", help="only the dossier register benchmark"
    )
    args = parser.parse_args(argv)
    if args.register_scale != "none":
        bench_register(args.register_scale)
    if args.register_only:
        return 0
    intake = intake_time()
    print(
        f"intake: {intake['rows']:,} rows read+checked in {intake['read_check_s']:.1f} s, "
        f"read+checked+loaded in {intake['read_check_load_s']:.1f} s "
        f"({intake['loaded']:,} loaded, {intake['refused']:,} refused)"
    )
    wide = wide_time()
    print(
        f"wide by month: {wide['rows']:,} rows read+checked+loaded in {wide['wall_s']:.1f} s "
        f"(CPU {wide['cpu_s']:.1f} s; {wide['loaded']:,} loaded, {wide['refused']:,} refused)"
    )
    if args.load_rows:
        bench_load(args.load_rows)
    if not args.db.exists():
        print(f"{args.db} not found: build it with `make demo-db` first.")
        return 1
    work = BENCH_DIR / "demo_copy.duckdb"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(args.db, work)  # never hold the shared demo file open for long
    report("demo", work, args.cold_runs)
    bench_briefing(work)
    if not args.skip_big:
        t = time.perf_counter()
        big = build_big(work, args.factor)
        print(f"\nbuilt/reused the {args.factor}x database in {time.perf_counter() - t:.0f} s")
        report(f"{args.factor}x", big, args.cold_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
