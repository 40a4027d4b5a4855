"""Loading: archive, one transaction per file, idempotence, supersede with history, rebuild."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from data.__main__ import main as cli
from data.catalog import columns
from data.store import db
from data.store.archive import read_manifest
from data.store.ingest import ingest_bytes, ingest_paths
from tests import corpus

P = columns.PROGRESS_INPUT
I = columns.INDICATOR_INPUT  # noqa: E741

PROGRESS_HEADERS = [
    P[k] for k in ("unit", "period", "task", "status", "percent_complete", "report_date")
]
INDICATOR_HEADERS = [
    I[k] for k in ("indicator", "scope", "period", "numerator", "denominator", "value")
]


def progress_rows(unit="NV", period="Quý I/2023", pct=(30, 50)):
    return [
        [unit, period, "1", "Đang triển khai", pct[0], "20/02/2023"],
        [unit, period, "2", "Đang triển khai", pct[1], "20/02/2023"],
    ]


def indicator_rows(month="2023-01", online=(80, 100)):
    return [
        ["hs_truc_tuyen", "Bến Nghé", month, online[0], online[1], None],
        ["hs_truc_tuyen", "Cầu Kho", month, 30, 60, None],
        ["hs_tre_han", "Bến Nghé", month, None, None, 3],
    ]


def snapshot(path):
    """Every table a load may touch, as sorted plain rows (timestamps of the log excluded)."""
    with db.reader(path) as con:
        out = {}
        for table, order in (
            ("core.progress_report", "unit_code, period_code, task_id, load_id"),
            ("core.indicator_value", "indicator_code, scope_code, period_key, load_id"),
            ("staging.quarantine", "load_id, row_number, column_name"),
            ("raw.file", "file_hash"),
        ):
            out[table] = con.execute(f"select * from {table} order by {order}").fetchall()
        out["log"] = con.execute(
            "select load_id, file_hash, original_name, kind, status, rows_total, rows_loaded, "
            "rows_unchanged, rows_superseded, rows_quarantined from raw.load_log order by load_id"
        ).fetchall()
    return out


def current(path, table, where="true"):
    return db.query(f"select * from marts.{table}_current where {where}", path=path)


def test_good_progress_file_round_trips(tmp_path, warehouse):
    """Test that a clean progress file loads every row with the parsed values."""
    f = corpus.write_xlsx(tmp_path / "nv.xlsx", PROGRESS_HEADERS, progress_rows())
    [r] = ingest_paths([f], warehouse)
    assert (r.status, r.kind, r.rows_total, r.rows_loaded, r.rows_quarantined) == (
        "loaded",
        "progress",
        2,
        2,
        0,
    )
    rows = current(warehouse, "progress").sort_values("task_id")
    assert rows["unit_code"].tolist() == ["NV", "NV"]
    assert rows["period_code"].tolist() == ["Q1", "Q1"]
    assert rows["percent_complete"].tolist() == [30.0, 50.0]
    assert str(rows["report_date"].iloc[0])[:10] == "2023-02-20"


def test_good_indicator_file_stores_rate_as_percent(tmp_path, warehouse):
    """Test that a rate row stores numerator, denominator and the percent value."""
    f = corpus.write_xlsx(tmp_path / "ind.xlsx", INDICATOR_HEADERS, indicator_rows())
    [r] = ingest_paths([f], warehouse)
    assert (r.status, r.rows_loaded) == ("loaded", 3)
    rows = current(warehouse, "indicator", "indicator_code = 'hs_truc_tuyen'").set_index(
        "scope_code"
    )
    assert rows.loc["BN", "value"] == pytest.approx(80.0)
    assert rows.loc["CK", ["numerator", "denominator"]].tolist() == [30.0, 60.0]
    assert rows.loc["BN", "period_key"] == "2023-01"


def test_same_file_twice_changes_nothing(tmp_path, warehouse):
    """Test that loading the same file again leaves the data untouched and says so."""
    f = corpus.write_xlsx(tmp_path / "ind.xlsx", INDICATOR_HEADERS, indicator_rows())
    ingest_paths([f], warehouse)
    before = snapshot(warehouse)
    [again] = ingest_paths([f], warehouse)
    after = snapshot(warehouse)
    assert again.status == "unchanged"
    assert again.rows_unchanged == 3 and again.rows_loaded == 0
    assert {k: v for k, v in before.items() if k != "log"} == {
        k: v for k, v in after.items() if k != "log"
    }
    assert len(after["log"]) == len(before["log"]) + 1


def test_resubmission_supersedes_and_keeps_history(tmp_path, warehouse):
    """Test that a corrected value replaces the current one while the old row stays queryable."""
    first = corpus.write_xlsx(tmp_path / "v1.xlsx", INDICATOR_HEADERS, indicator_rows())
    fixed = corpus.write_xlsx(
        tmp_path / "v2.xlsx", INDICATOR_HEADERS, indicator_rows(online=(85, 100))
    )
    [r1] = ingest_paths([first], warehouse)
    [r2] = ingest_paths([fixed], warehouse)
    assert (r2.status, r2.rows_loaded, r2.rows_unchanged, r2.rows_superseded) == (
        "loaded",
        1,
        2,
        1,
    )
    now = current(warehouse, "indicator", "indicator_code = 'hs_truc_tuyen' and scope_code = 'BN'")
    assert now["value"].tolist() == [85.0]
    history = db.query(
        "select v.value, v.superseded_by_load, l.original_name from core.indicator_value v "
        "join raw.load_log l using (load_id) "
        "where indicator_code = 'hs_truc_tuyen' and scope_code = 'BN' order by v.load_id",
        path=warehouse,
    )
    assert history["value"].tolist() == [80.0, 85.0]
    assert history["original_name"].tolist() == ["v1.xlsx", "v2.xlsx"]
    assert history["superseded_by_load"].iloc[0] == r2.load_id
    assert r1.load_id < r2.load_id


def test_partial_file_loads_good_rows_and_quarantines_bad(tmp_path, warehouse):
    """Test that a bad row is quarantined with its reason while the good rows load."""
    rows = indicator_rows()
    rows.append(["hs_truc_tuyen", "Phường 25", "2023-01", 5, 10, None])
    f = corpus.write_xlsx(tmp_path / "mixed.xlsx", INDICATOR_HEADERS, rows)
    [r] = ingest_paths([f], warehouse)
    assert (r.status, r.rows_loaded, r.rows_quarantined) == ("partial", 3, 1)
    q = db.query("select * from staging.quarantine", path=warehouse)
    assert q["row_number"].tolist() == [5]
    assert q["value"].iloc[0] == "Phường 25"
    assert json.loads(q["raw_row"].iloc[0])[I["scope"]] == "Phường 25"


def test_strict_rejects_whole_file(tmp_path, warehouse):
    """Test that --strict turns one bad row into a rejection of the whole file."""
    rows = indicator_rows() + [["hs_truc_tuyen", "Đa Kao", "2023-01", 120, 100, None]]
    f = corpus.write_xlsx(tmp_path / "strict.xlsx", INDICATOR_HEADERS, rows)
    [r] = ingest_paths([f], warehouse, strict=True)
    assert (r.status, r.rows_loaded) == ("rejected", 0)
    assert current(warehouse, "indicator").empty


@pytest.mark.slow  # a rebuild from the archive: end to end
def test_rebuild_from_archive_gives_identical_content(tmp_path, warehouse):
    """Test that replaying the archive into a fresh database ends with the same content."""
    files = [
        corpus.write_xlsx(tmp_path / "a.xlsx", INDICATOR_HEADERS, indicator_rows()),
        corpus.write_xlsx(tmp_path / "b.xlsx", INDICATOR_HEADERS, indicator_rows(online=(90, 100))),
        corpus.write_xlsx(tmp_path / "p.xlsx", PROGRESS_HEADERS, progress_rows()),
        corpus.write_xlsx(
            tmp_path / "bad.xlsx",
            INDICATOR_HEADERS,
            [["hs_truc_tuyen", "Tân Định", "2023-02", 9, 3, None]],
        ),
    ]
    ingest_paths(files + files[:1], warehouse)
    before = snapshot(warehouse)
    assert cli(["rebuild", "--db", str(warehouse)]) == 0
    assert snapshot(warehouse) == before
    assert len(read_manifest(db.archive_dir(warehouse))) == 5


def test_files_in_several_batches_load_in_order_each_read_ahead(tmp_path, warehouse, monkeypatch):
    """Test that reading the next batch while one loads keeps the order, bytes and hashes.

    Each indicator file supersedes a value of the one before: out of order, another would win.
    """
    from data.store import archive, ingest

    monkeypatch.setattr(ingest, "INGEST_BATCH", 2)
    files = [
        corpus.write_xlsx(tmp_path / "a.xlsx", INDICATOR_HEADERS, indicator_rows()),
        corpus.write_xlsx(tmp_path / "b.xlsx", INDICATOR_HEADERS, indicator_rows(online=(90, 100))),
        corpus.write_xlsx(tmp_path / "p.xlsx", PROGRESS_HEADERS, progress_rows()),
        tmp_path / "missing.xlsx",
        corpus.write_xlsx(tmp_path / "c.xlsx", INDICATOR_HEADERS, indicator_rows(online=(70, 100))),
    ]
    results = ingest_paths(files, warehouse)
    assert [r.file for r in results] == [f.name for f in files]
    assert [r.status for r in results] == ["loaded", "loaded", "loaded", "rejected", "loaded"]
    for path, result in zip(files, results, strict=True):
        if path.exists():
            assert result.file_hash == archive.content_hash(path.read_bytes())
    log = db.query("select original_name from raw.load_log order by load_id", path=warehouse)
    assert log["original_name"].tolist() == ["a.xlsx", "b.xlsx", "p.xlsx", "c.xlsx"]
    online = current(warehouse, "indicator", "indicator_code = 'hs_truc_tuyen'")
    assert sorted(online["numerator"]) == [30, 70]


def test_archive_keeps_raw_bytes_before_loading(tmp_path, warehouse):
    """Test that even a rejected file is archived by content hash with a manifest line."""
    content = b"\x00\x01garbage" * 50
    r = ingest_bytes("../../etc/rác.xlsx", content, warehouse)
    assert r.status == "rejected"
    archived = db.archive_dir(warehouse) / r.file_hash[:2] / f"{r.file_hash}.xlsx"
    assert archived.read_bytes() == content
    [entry] = read_manifest(db.archive_dir(warehouse))
    assert entry["original_name"] == "rác.xlsx"
    log = db.query("select status, original_name from raw.load_log", path=warehouse)
    assert log.values.tolist() == [["rejected", "rác.xlsx"]]


def test_busy_database_keeps_file_pending_then_loads(tmp_path, warehouse):
    """Test that a file sent while another process writes is kept and loads later."""
    db.initialise(warehouse)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(warehouse)!r})
                print("locked", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        f = corpus.write_xlsx(tmp_path / "ind.xlsx", INDICATOR_HEADERS, indicator_rows())
        [r] = ingest_paths([f], warehouse, wait=0.3)
        assert r.status == "busy"
        assert "--pending" in r.message
    finally:
        holder.communicate("\n", timeout=10)
    assert cli(["ingest", "--pending", "--db", str(warehouse), "--quiet"]) == 0
    assert len(current(warehouse, "indicator")) == 3
    assert cli(["ingest", "--pending", "--db", str(warehouse), "--quiet"]) == 0


def test_cli_json_and_exit_codes(tmp_path, warehouse, capsys):
    """Test that the CLI's exit code says loaded / quarantined / rejected and --json lists files."""
    good = corpus.write_xlsx(tmp_path / "good.xlsx", INDICATOR_HEADERS, indicator_rows())
    mixed = corpus.write_xlsx(
        tmp_path / "mixed.xlsx",
        INDICATOR_HEADERS,
        indicator_rows("2023-02") + [["hs_truc_tuyen", "Bến Thành", "2023-02", 12, 10, None]],
    )
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a spreadsheet at all")
    assert cli(["ingest", str(good), "--db", str(warehouse), "--json"]) == 0
    capsys.readouterr()
    assert cli(["ingest", str(mixed), "--db", str(warehouse), "--json"]) == 1
    capsys.readouterr()
    assert cli(["ingest", str(junk), str(good), "--db", str(warehouse), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert [o["status"] for o in out] == ["rejected", "unchanged"]
    assert set(out[0]) >= {
        "file",
        "kind",
        "status",
        "rows_total",
        "rows_loaded",
        "rows_unchanged",
        "rows_quarantined",
        "errors",
    }
    assert out[0]["errors"][0]["reason"]


def test_status_and_catalog_commands(warehouse, capsys):
    """Test that status and catalog print their Vietnamese summaries and JSON."""
    assert cli(["status", "--db", str(warehouse)]) == 0
    assert "Cơ sở dữ liệu" in capsys.readouterr().out
    assert cli(["catalog", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["wards"]) == 10
    assert {t["id"] for t in doc["tasks"]} >= {"1", "24a", "30"}
