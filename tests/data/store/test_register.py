"""Test the dossier register: checks in SQL, merge by dossier code, monthly values by hand."""

from __future__ import annotations

import csv
import gzip
import io

import pytest

from data import catalog
from data.store import db
from data.store.ingest import ingest_bytes
from metrics import evaluate
from tests import corpus

HEADERS = catalog.load().inputs.kind("register").headers()
KEYS = list(HEADERS)

# Export 1, as of 30/06/2023. Columns in the order of inputs.yaml:
# code, field, procedure, scope, received, due, result, returned, channel, fee, paid
# online, status, apology. Excel rows start at 2 (row 1 is the header).
EXPORT_JUNE = [
    # 2: online, early, fee paid online
    ["BN-01", "Hộ tịch", "Đăng ký khai sinh", "Phường Bến Nghé", "05/06/2023 08:00",
     "10/06/2023 17:00", "08/06/2023 10:00", "08/06/2023", "Trực tuyến toàn trình", "50.000",
     "Có", "Đã trả kết quả", ""],
    # 3: in person, on time to the hour's day, no fee
    ["BN-02", "Hộ tịch", "Đăng ký kết hôn", "BN", "06/06/2023 09:00", "12/06/2023 17:00",
     "12/06/2023 16:00", "12/06/2023", "Trực tiếp", "0", "", "Đã trả kết quả", ""],
    # 4: online partial, late with an apology, fee paid at the desk
    ["BN-03", "Đất đai", "Cấp bản sao", "P. Bến Nghé", "07/06/2023 09:00", "09/06/2023 17:00",
     "14/06/2023 10:00", "14/06/2023", "Trực tuyến một phần", "100000", "Không",
     "Đã trả kết quả", "Có"],
    # 5: in person, late without an apology
    ["BN-04", "Đất đai", "Cấp bản sao", "Bến Nghé", "08/06/2023 09:00", "10/06/2023 17:00",
     "20/06/2023 10:00", "20/06/2023", "trực tiếp", "20.000", "Không", "Đã trả kết quả",
     "Không"],
    # 6: by post, pending past due at the end of June (and of July)
    ["BN-05", "Xây dựng", "Cấp phép", "Phường Bến Nghé", "20/06/2023 09:00", "25/06/2023 17:00",
     "", "", "Bưu chính công ích", "", "", "Đang giải quyết", ""],
    # 7: pending, not yet due at the end of June; resolved on time in July (export 2)
    ["BN-06", "Hộ tịch", "Trích lục", "Phường Bến Nghé", "28/06/2023 09:00",
     "05/07/2023 17:00", "", "", "Trực tiếp", "", "", "Đang giải quyết", ""],
    # 8: pending past due at the end of June; resolved late in July with an apology
    ["BN-07", "Hộ tịch", "Trích lục", "Phường Bến Nghé", "29/06/2023 08:00",
     "29/06/2023 16:00", "", "", "Trực tiếp", "", "", "Đang giải quyết", ""],
    # 9: online, early, fee paid online
    ["BN-08", "Chứng thực", "Chứng thực chữ ký", "Phường Bến Nghé", "01/06/2023 08:00",
     "03/06/2023 17:00", "02/06/2023 09:00", "02/06/2023", "Trực tuyến toàn trình", "30.000",
     "Có", "Đã trả kết quả", ""],
    # 10: received in May, resolved on time in June
    ["BN-09", "Chứng thực", "Chứng thực bản sao", "Phường Bến Nghé", "31/05/2023 15:00",
     "02/06/2023 17:00", "02/06/2023 10:00", "02/06/2023", "Trực tuyến một phần", "", "",
     "Đã trả kết quả", ""],
    # 11: refused: due before received
    ["BN-10", "Hộ tịch", "Đăng ký khai sinh", "Phường Bến Nghé", "15/06/2023 08:00",
     "10/06/2023 17:00", "", "", "Trực tiếp", "", "", "Đang giải quyết", ""],
    # 12: refused: the code of row 2 again, and a channel nobody knows
    ["BN-01", "Hộ tịch", "Đăng ký khai sinh", "Phường Bến Nghé", "05/06/2023 08:00",
     "10/06/2023 17:00", "", "", "Fax", "", "", "", ""],
    # 13: refused: no procedure, a date that is not one, an unknown ward
    ["BN-90", "Hộ tịch", "", "Phường 99", "32/06/2023", "30/06/2023 17:00", "", "",
     "Trực tiếp", "", "", "", ""],
    # 14: refused: yes/no and fee that read neither way
    ["BN-91", "Hộ tịch", "Trích lục", "Phường Bến Nghé", "10/06/2023 08:00",
     "12/06/2023 17:00", "11/06/2023 08:00", "11/06/2023", "Trực tiếp", "năm mươi",
     "có lẽ", "", ""],
    # 15: another ward, on time
    ["BT-01", "Chứng thực", "Chứng thực bản sao", "Phường Bến Thành", "10/06/2023 09:00",
     "15/06/2023 17:00", "14/06/2023 09:00", "14/06/2023", "Trực tiếp", "", "",
     "Đã trả kết quả", ""],
    # 16: another ward, online, late, no apology
    ["BT-02", "Hộ tịch", "Đăng ký khai sinh", "Phường Bến Thành", "11/06/2023 09:00",
     "13/06/2023 17:00", "16/06/2023 09:00", "16/06/2023", "Trực tuyến toàn trình", "50000",
     "Có", "Đã trả kết quả", ""],
]  # fmt: skip

# Export 2, as of 31/07/2023: two June dossiers changed state, two repeat unchanged.
EXPORT_JULY = [
    ["BN-05", "Xây dựng", "Cấp phép", "Phường Bến Nghé", "20/06/2023 09:00", "25/06/2023 17:00",
     "", "", "Bưu chính công ích", "", "", "Đang giải quyết", ""],
    ["BN-06", "Hộ tịch", "Trích lục", "Phường Bến Nghé", "28/06/2023 09:00",
     "05/07/2023 17:00", "03/07/2023 10:00", "03/07/2023", "Trực tiếp", "", "",
     "Đã trả kết quả", ""],
    ["BN-07", "Hộ tịch", "Trích lục", "Phường Bến Nghé", "29/06/2023 08:00",
     "29/06/2023 16:00", "04/07/2023 10:00", "04/07/2023", "Trực tiếp", "", "",
     "Đã trả kết quả", "Có"],
    ["BN-03", "Đất đai", "Cấp bản sao", "P. Bến Nghé", "07/06/2023 09:00", "09/06/2023 17:00",
     "14/06/2023 10:00", "14/06/2023", "Trực tuyến một phần", "100000", "Không",
     "Đã trả kết quả", "Có"],
    ["BN-11", "Hộ tịch", "Đăng ký khai sinh", "Phường Bến Nghé", "03/07/2023 08:00",
     "06/07/2023 17:00", "05/07/2023 08:00", "05/07/2023", "Trực tuyến toàn trình", "50.000",
     "Có", "Đã trả kết quả", ""],
    ["BN-12", "Đất đai", "Cấp bản sao", "Phường Bến Nghé", "10/07/2023 08:00",
     "14/07/2023 17:00", "20/07/2023 08:00", "20/07/2023", "Trực tiếp", "", "",
     "Đã trả kết quả", "Có"],
    ["BN-13", "Đất đai", "Cấp phép", "Phường Bến Nghé", "15/07/2023 08:00",
     "20/07/2023 17:00", "", "", "Trực tiếp", "", "", "Đang giải quyết", ""],
]  # fmt: skip


def register_csv(rows: list[list[str]]) -> bytes:
    """A register export as the one-stop system writes it (UTF-8 CSV)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([HEADERS[k] for k in KEYS])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Both exports loaded in order; (database path, result of June, result of July)."""
    path = tmp_path_factory.mktemp("register") / "kpi.duckdb"
    archive = db.archive_dir(path)
    june = ingest_bytes("so-ho-so-2023-06.csv", register_csv(EXPORT_JUNE), path, archive=archive)
    july = ingest_bytes("so-ho-so-2023-07.csv", register_csv(EXPORT_JULY), path, archive=archive)
    return path, june, july


def test_export_loads_good_rows_and_refuses_bad_ones(loaded):
    """Test that the June export loads 11 dossiers and refuses 4 rows, naming them."""
    _, june, _ = loaded
    assert (june.kind, june.status) == ("register", "partial")
    assert (june.rows_total, june.rows_loaded, june.rows_quarantined) == (15, 11, 4)


def test_second_export_updates_state_with_history(loaded):
    """Test that a later export updates changed dossiers and keeps their earlier version."""
    path, _, july = loaded
    assert (july.status, july.rows_loaded, july.rows_unchanged, july.rows_superseded) == (
        "loaded",
        5,
        2,
        2,
    )
    history = db.query(
        "select dossier_code, count(*) as n, count(superseded_at) as closed "
        "from core.dossier_history group by all order by 1",
        path=path,
    )
    versions = {r.dossier_code: (r.n, r.closed) for r in history.itertuples()}
    assert versions["BN-06"] == (2, 1) and versions["BN-07"] == (2, 1)
    assert versions["BN-05"] == (1, 0)
    current = db.query(
        "select result_at, apology from core.dossier where dossier_code = 'BN-07'", path=path
    )
    assert str(current["result_at"][0]) == "2023-07-04 10:00:00" and current["apology"][0]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (11, "Ngày hẹn trả", "trước ngày tiếp nhận 15/06/2023 08:00"),
        (12, "Mã hồ sơ", "đã có ở dòng 2"),
        (12, "Hình thức nộp", "'Fax' không rõ"),
        (13, "Thủ tục hành chính", "Thiếu Thủ tục hành chính"),
        (13, "Ngày tiếp nhận", "'32/06/2023' ở cột Ngày tiếp nhận không phải ngày giờ"),
        (13, "Đơn vị tiếp nhận", "'Phường 99' không có trong danh mục"),
        (14, "Phí, lệ phí (đồng)", "'năm mươi' không phải số tiền"),
        (14, "Thanh toán trực tuyến", "'có lẽ' ở cột Thanh toán trực tuyến"),
    ],
)
def test_refused_rows_are_quarantined_with_reason(loaded, row, column, words):
    """Test that each refused row is in the quarantine with its row, column and reason."""
    path, _, _ = loaded
    found = db.query(
        "select reason from staging.quarantine where kind = 'register' "
        "and row_number = ? and column_name = ?",
        [row, column],
        path=path,
    )
    assert len(found) == 1 and words in found["reason"][0]


# (scope, indicator, month) -> (numerator, denominator, value), counted by hand above.
MONTHLY = [
    ("BN", "hs_truc_tuyen", "2023-05", 1, 1, 100.0),
    ("BN", "hs_truc_tuyen", "2023-06", 3, 8, 37.5),
    ("BN", "hs_truc_tuyen", "2023-07", 1, 3, 100 / 3),
    ("BN", "ttdt_tthc", "2023-06", 2, 4, 50.0),
    ("BN", "ttdt_tthc", "2023-07", 1, 1, 100.0),
    ("BN", "hs_dung_han", "2023-06", 4, 6, 400 / 6),
    ("BN", "hs_dung_han", "2023-07", 2, 4, 50.0),
    ("BN", "hs_tre_han", "2023-05", None, None, 0.0),
    ("BN", "hs_tre_han", "2023-06", None, None, 2.0),
    ("BN", "hs_tre_han", "2023-07", None, None, 2.0),
    ("BN", "hs_tre_han_xin_loi", "2023-06", 1, 2, 50.0),
    ("BN", "hs_tre_han_xin_loi", "2023-07", 2, 2, 100.0),
    ("BN", "hs_dang_qua_han", "2023-05", None, None, 0.0),
    ("BN", "hs_dang_qua_han", "2023-06", None, None, 2.0),
    ("BN", "hs_dang_qua_han", "2023-07", None, None, 2.0),
    ("BT", "hs_truc_tuyen", "2023-06", 1, 2, 50.0),
    ("BT", "ttdt_tthc", "2023-06", 1, 1, 100.0),
    ("BT", "hs_dung_han", "2023-06", 1, 2, 50.0),
    ("BT", "hs_tre_han", "2023-06", None, None, 1.0),
    ("BT", "hs_tre_han_xin_loi", "2023-06", 0, 1, 0.0),
    ("BT", "hs_dang_qua_han", "2023-06", None, None, 0.0),
]


@pytest.fixture(scope="module")
def months(loaded):
    path, _, _ = loaded
    frame = db.query("select * from marts.register_month", path=path)
    return {(r.scope_code, r.indicator_code, r.period_key): r for r in frame.itertuples()}


@pytest.mark.parametrize(("scope", "code", "month", "num", "den", "value"), MONTHLY)
def test_monthly_value_by_hand(months, scope, code, month, num, den, value):
    """Test that the register's monthly value equals the one counted by hand."""
    row = months[(scope, code, month)]
    assert (row.numerator, row.denominator) == (num, den) or (
        num is None and row.numerator != row.numerator
    )
    assert row.value == pytest.approx(value)


def test_no_apology_rate_without_late_results(months):
    """Test that a month without late results has no apology rate (nothing to divide)."""
    assert ("BN", "hs_tre_han_xin_loi", "2023-05") not in months
    assert ("BN", "ttdt_tthc", "2023-05") not in months


def test_live_view_equals_stored_months(loaded):
    """Test that the stored monthly values equal the view that defines them."""
    path, _, _ = loaded
    differ = db.query(
        "select count(*) as n from ((select * from marts.register_month_live except all "
        "select * from marts.register_month) union all (select * from marts.register_month "
        "except all select * from marts.register_month_live))",
        path=path,
    )
    assert differ["n"][0] == 0


def test_district_is_a_ratio_of_sums(loaded):
    """Test that the district's June online rate is (3 + 1) / (8 + 2), not a mean."""
    path, _, _ = loaded
    series = evaluate.kpi_series("hs_truc_tuyen", 2023, "2023-07", db=path)
    june = series.set_index("period_key").loc["2023-06"]
    assert (june["numerator"], june["denominator"]) == (4, 10)
    assert june["value"] == pytest.approx(40.0)


@pytest.mark.parametrize(
    ("scopes", "since", "month"),
    [
        # Bến Nghé's last receipt is 15/07, Bến Thành's 11/06 (both exports loaded)
        (["BN"], "2023-07-10", "2023-07-01"),
        (["BN"], "2023-08-20", "2023-08-01"),
        (["BN"], "2023-09-01", "2023-08-01"),
        (["BT"], "2023-07-20", "2023-07-01"),
        (["BT"], "2023-08-05", "2023-07-01"),
        (["BN", "BT"], "2023-09-01", "2023-07-01"),
        (["BN", "BT"], "2023-05-31", "2023-05-01"),
        (["TD"], "2023-07-01", "2023-07-01"),  # no dossier at all: no last month
    ],
)
def test_a_refresh_starts_at_the_month_after_a_silent_scopes_last(loaded, scopes, since, month):
    """Test the first month a change alters: its own, or the month after a scope's last.

    A scope whose last receipt is in the month before or later cannot move it back, and
    is found without reading its older dossiers.
    """
    import datetime as dt

    from data.store.register import _after_last

    path, _, _ = loaded
    with db.reader(path) as con:
        got = _after_last(con, scopes, dt.date.fromisoformat(since))
    assert got == dt.date.fromisoformat(month)


def test_same_file_again_changes_nothing(loaded):
    """Test that loading the July export again is unchanged and adds no history."""
    path, _, _ = loaded
    before = db.query("select count(*) as n from core.dossier_history", path=path)["n"][0]
    again = ingest_bytes(
        "so-ho-so-2023-07.csv", register_csv(EXPORT_JULY), path, archive=db.archive_dir(path)
    )
    after = db.query("select count(*) as n from core.dossier_history", path=path)["n"][0]
    assert again.status == "unchanged" and before == after


@pytest.mark.parametrize("form", ["gzip", "xlsx", "semicolon"])
def test_other_file_forms_load_the_same(warehouse, form):
    """Test that a gzip, an Excel and a semicolon export load the same dossiers."""
    content = register_csv(EXPORT_JULY)
    if form == "gzip":
        content, name = gzip.compress(content, mtime=0), "so.csv.gz"
    elif form == "xlsx":
        rows = list(csv.reader(io.StringIO(content.decode())))
        content, name = corpus.workbook_bytes(rows[0], rows[1:], ["SỔ THEO DÕI HỒ SƠ"]), "so.xlsx"
    else:
        text = content.decode().replace(",", ";").replace("50.000", "50000")
        content, name = text.encode(), "so.csv"
    result = ingest_bytes(name, content, warehouse)
    assert (result.status, result.rows_loaded) == ("loaded", 7), result.as_dict()
    codes = db.query("select count(*) as n from core.dossier", path=warehouse)["n"][0]
    assert codes == 7


def test_submitter_with_other_wards_rows_is_refused_whole(warehouse):
    """Test that a ward account's register holding another ward's dossiers loads nothing."""
    from data import access

    user = access.User(username="bt.nop", name="BT", role="submitter", unit="BT")
    result = ingest_bytes("so.csv", register_csv(EXPORT_JULY), warehouse, actor=user)
    assert result.status == "rejected" and "Phường Bến Nghé" in result.message
    assert db.query("select count(*) as n from core.dossier", path=warehouse)["n"][0] == 0


def test_missing_required_column_is_named(warehouse):
    """Test that a register without its due-date column is refused naming the column."""
    rows = [r[:5] + r[6:] for r in EXPORT_JULY]
    out = io.StringIO()
    csv.writer(out).writerows([[HEADERS[k] for k in KEYS if k != "due_at"], *rows])
    result = ingest_bytes("so.csv", out.getvalue().encode(), warehouse)
    assert result.status == "rejected" and "'Ngày hẹn trả'" in result.message


def test_rollback_restores_the_earlier_state(warehouse):
    """Test that rolling back the July export gives back June's dossiers and months."""
    from data.store import rollback

    ingest_bytes("so-06.csv", register_csv(EXPORT_JUNE), warehouse)
    before = db.query("select * from marts.register_month order by all", path=warehouse)
    july = ingest_bytes("so-07.csv", register_csv(EXPORT_JULY), warehouse)
    rollback.rollback_load(july.load_id, "nv.admin", db_file=warehouse, reason="nộp nhầm")
    after = db.query("select * from marts.register_month order by all", path=warehouse)
    assert after.equals(before)
    pending = db.query(
        "select result_at from core.dossier where dossier_code = 'BN-07'", path=warehouse
    )
    assert pending["result_at"].isna().all() and len(pending) == 1
    assert db.query("select count(*) as n from core.dossier", path=warehouse)["n"][0] == 11


@pytest.mark.slow  # a generated year of registers loaded: end to end
def test_scale_register_loads_without_refusals(tmp_path, warehouse):
    """Test that the generated district-scale register (small here) loads every row."""
    from data.sample.register import scale_register
    from data.store.ingest import ingest_paths

    files = scale_register(tmp_path / "reg", "district", rows=2400)
    results = ingest_paths(files, warehouse)
    assert [r.status for r in results] == ["loaded"] * 12
    assert sum(r.rows_loaded for r in results) == 2400
    months = db.query(
        "select distinct period_key from marts.register_month where year = 2023", path=warehouse
    )
    assert len(months) == 12


@pytest.mark.slow  # a 60 MB file: read by several threads
def test_row_numbers_of_a_large_file_are_the_lines_the_sender_sees(tmp_path, warehouse):
    """Test that refused rows far into a file read in parallel keep their own line numbers."""
    from data.store.ingest import ingest_paths

    good = EXPORT_JUNE[0]
    bad = {5: "32/06/2023", 150_000: "31/02/2023", 299_998: "hôm qua"}  # Excel row: cell
    rows = [[f"X-{line}", *good[1:]] for line in range(2, 300_001)]
    for line, cell in bad.items():
        rows[line - 2][4] = cell
    path = tmp_path / "so-lon.csv"
    path.write_bytes(register_csv(rows))
    [result] = ingest_paths([path], warehouse)
    assert (result.status, result.rows_total, result.rows_loaded) == ("partial", 299_999, 299_996)
    refused = db.query(
        "select row_number, value from staging.quarantine order by row_number", path=warehouse
    )
    assert list(zip(refused["row_number"], refused["value"], strict=True)) == list(bad.items())


@pytest.mark.slow  # a rebuild from the archive: end to end
def test_rebuild_replays_the_register(warehouse, monkeypatch):
    """Test that a rebuild from the archive gives the same dossiers, history and months."""
    from data.store.rebuild import rebuild

    ingest_bytes("so-06.csv", register_csv(EXPORT_JUNE), warehouse)
    ingest_bytes("so-07.csv", register_csv(EXPORT_JULY), warehouse)
    tables = {
        "core.dossier": "select * exclude (loaded_at) from core.dossier order by dossier_code",
        "history": "select dossier_code, result_at, superseded_at is null as current "
        "from core.dossier_history order by all",
        "months": "select * from marts.register_month order by all",
        "quarantine": "select row_number, column_name, reason from staging.quarantine order by all",
    }
    before = {k: db.query(q, path=warehouse) for k, q in tables.items()}
    loaded_whole = _loaded_whole(monkeypatch)
    rebuild(warehouse)
    assert loaded_whole == ["so-07.csv"]  # read in place from the archive; June is staged
    after = {k: db.query(q, path=warehouse) for k, q in tables.items()}
    for name in tables:
        assert after[name].equals(before[name]), name


def test_a_database_with_the_older_dossier_table_is_brought_up_to_date(loaded, tmp_path):
    """Test that a file whose core.dossier is a table (earlier schema) gets the view.

    The table held the current versions, which core.dossier_history also holds, so
    dropping it loses nothing: the view then shows the same rows.
    """
    import shutil

    path = tmp_path / "old.duckdb"
    shutil.copy(loaded[0], path)
    query = "select * from core.dossier order by dossier_code"
    current = db.query(query, path=path)
    with db.writer(path) as con:
        con.execute("drop view core.dossier")
        con.execute(
            "create table core.dossier as select * exclude (superseded_at, superseded_by_load) "
            "from core.dossier_history where superseded_at is null"
        )
        con.execute("update raw.meta set value = 'older schema' where key = 'catalog'")
    with db.writer(path) as con:
        kind = con.execute(
            "select table_type from information_schema.tables "
            "where table_schema = 'core' and table_name = 'dossier'"
        ).fetchone()[0]
    assert kind == "VIEW"
    assert db.query(query, path=path).equals(current)


def test_a_history_with_line_numbers_loses_them_and_still_loads(loaded, tmp_path):
    """Test that a database from before, whose history kept each row's line, is brought
    up to date: the column goes, and the next file loads whole as in a new database."""
    import shutil

    path = tmp_path / "old.duckdb"
    shutil.copy(loaded[0], path)
    with db.writer(path) as con:
        con.execute("alter table core.dossier_history add column row_number integer")
        con.execute("update core.dossier_history set row_number = 2")
        con.execute("update raw.meta set value = 'older schema' where key = 'catalog'")
    rows = [[f"Y{r[0]}", *r[1:]] for r in EXPORT_JULY]
    result = ingest_bytes("so-y.csv", register_csv(rows), path, archive=tmp_path / "a")
    assert (result.status, result.rows_loaded) == ("loaded", 7)
    names = db.query(
        "select column_name from information_schema.columns "
        "where table_schema = 'core' and table_name = 'dossier_history'",
        path=path,
    )
    assert "row_number" not in set(names["column_name"])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("BN-01", "BN-01"),
        ("  BN-01 ", "BN-01"),
        (" Trực tiếp", "Trực tiếp"),
        ("05/06/2023 08:00 ", "05/06/2023 08:00"),
        ("", None),
        ("   ", None),
        (None, None),
        ("a  b", "a  b"),
    ],
)
def test_a_cell_loses_its_edge_spaces_and_an_empty_one_is_null(cell, expected):
    """Test the cell expression the register's reader applies to every column."""
    import duckdb

    from data.store.register import _cell

    got = duckdb.connect().execute(f"select {_cell('v')} from (select ?::varchar as v)", [cell])
    assert got.fetchone()[0] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("50.000", 50000.0),
        ("0", 0.0),
        ("100000", 100000.0),
        ("1.234.567", 1234567.0),
        ("50.000 đ", 50000.0),
        (" 50.000đồng ", 50000.0),
        ("1,500 VNĐ", 1500.0),
        ("20 000", 20000.0),
        ("năm mươi", None),
        ("-5", None),
        (".5", None),
        ("+5", None),
        ("5e3", None),
        ("50.000 USD", None),
    ],
)
def test_a_fee_cell_reads_as_its_digits_or_not_at_all(cell, expected):
    """Test the fee reader: the usual "50.000" at once, other forms by the wider pattern."""
    import duckdb

    from data.store.register import _sql, spec

    con = duckdb.connect()
    columns = ", ".join(f"null::varchar as {c.key}" for c in spec().columns)
    con.execute(f"create temp table reg_text as select {columns}")  # what the reader views
    con.execute(_sql("register_read"))
    assert con.execute("select reg_fee(?::varchar)", [cell]).fetchone()[0] == expected


def _empty_copy(empty_warehouse, folder):
    """A warehouse of its own in ``folder``: a copy of the empty one (as ``warehouse``)."""
    import shutil

    folder.mkdir()
    return shutil.copy(empty_warehouse, folder / "kpi.duckdb")


def _padded(rows: list[list[str]]) -> list[list[str]]:
    """``rows`` with spaces around every cell that has text, as some exports write them."""
    return [[f"  {c} " if c else c for c in row] for row in rows]


def test_cells_with_edge_spaces_load_whole_as_without(tmp_path, monkeypatch, empty_warehouse):
    """Test that padded cells load whole and give the very versions of the same file unpadded.

    A file loaded whole trims only the cells it stores as text; a date, the fee, a ward,
    a channel and a yes/no are read through their spaces.
    """
    _staged_never(monkeypatch)
    tables = []
    for name, rows in (("padded", _padded(EXPORT_JULY)), ("plain", EXPORT_JULY)):
        path = _empty_copy(empty_warehouse, tmp_path / name)
        result = ingest_bytes(f"{name}.csv", register_csv(rows), path)
        assert (result.status, result.rows_loaded) == ("loaded", 7)
        tables.append(
            db.query(
                "select * exclude (load_id, loaded_at) from core.dossier_history order by all",
                path=path,
            )
        )
    assert tables[0].equals(tables[1])


@pytest.mark.parametrize("column", ["scope", "channel", "paid_online", "received_at"])
def test_a_blank_cell_a_file_loaded_whole_cannot_read_is_staged(warehouse, column):
    """Test that a cell of spaces only, untrimmed when loading whole, is judged when staged.

    Blank is empty: an optional yes/no then loads as unknown, a required cell is refused
    as missing, never as a ward or date nobody knows.
    """
    row = ["BN-20", *EXPORT_JULY[1][1:]]
    row[KEYS.index(column)] = "   "
    result = ingest_bytes("so.csv", _july_with([row]), warehouse)
    if column == "paid_online":
        assert (result.status, result.rows_loaded) == ("loaded", 8)
        return
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("partial", 7, 1)
    (reason,) = db.query("select reason from staging.quarantine", path=warehouse)["reason"]
    assert reason.startswith(f"Thiếu {HEADERS[column]}"), reason


def _month_rows(rows: list[list[str]], received: str, due: str) -> list[list[str]]:
    """``rows`` again with their receipt and due date moved (a correction or a new month)."""
    return [[*r[:4], received, due, *r[6:]] for r in rows]


# A September export with one new dossier still pending past due: its month becomes the
# ward's last, so June's pending dossier (BN-05) counts on through July and August too.
EXPORT_SEPTEMBER = [
    ["BN-20", "Hộ tịch", "Trích lục", "Phường Bến Nghé", "04/09/2023 08:00",
     "06/09/2023 17:00", "", "", "Trực tiếp", "", "", "Đang giải quyết", ""],
]  # fmt: skip
# A correction that moves a June dossier (BN-01) back to May and resolves BN-05 late, in
# August: loaded before September, August is a month of the ward before its last one.
EXPORT_CORRECTION = _month_rows(EXPORT_JUNE[:1], "20/05/2023 08:00", "25/05/2023 17:00") + [
    ["BN-05", "Xây dựng", "Cấp phép", "Phường Bến Nghé", "20/06/2023 09:00", "25/06/2023 17:00",
     "10/08/2023 09:00", "10/08/2023", "Bưu chính công ích", "", "", "Đã trả kết quả", "Có"],
]  # fmt: skip
EXPORTS = {
    "june": EXPORT_JUNE,
    "july": EXPORT_JULY,
    "september": EXPORT_SEPTEMBER,
    "correction": EXPORT_CORRECTION,
}


@pytest.mark.slow  # sequences of loads and rollbacks: a cross-check
@pytest.mark.parametrize(
    "steps",
    [
        ["july", "june"],
        ["june", "september", "undo september"],
        ["june", "july", "correction", "undo correction"],
        ["september", "june", "correction", "july", "undo june"],
        ["june", "september", "july", "undo july", "undo september"],
        ["june", "correction", "september", "undo september"],
    ],
    ids=lambda steps: " > ".join(steps),
)
def test_stored_months_equal_the_definition_after_every_load_and_rollback(warehouse, steps):
    """Test that refreshing only the months a change touched leaves what a full recompute gives.

    Loads out of order, a month that extends the ward's last month, a correction moving a
    dossier to an earlier month, and rollbacks of each, with the stored values compared to
    the view over every dossier after each step.
    """
    from data.store import rollback

    loads = {}
    for step in steps:
        if step.startswith("undo "):
            rollback.rollback_load(
                loads[step[5:]], "nv.admin", db_file=warehouse, reason="thử", cascade=True
            )
        else:
            result = ingest_bytes(f"so-{step}.csv", register_csv(EXPORTS[step]), warehouse)
            assert result.status in ("loaded", "partial"), result.as_dict()
            loads[step] = result.load_id
        differ = db.query(
            "select count(*) as n from ((select * from marts.register_month_live except all "
            "select * from marts.register_month) union all (select * from marts.register_month "
            "except all select * from marts.register_month_live))",
            path=warehouse,
        )
        assert differ["n"][0] == 0, step


def test_status_counts_the_dossiers_the_vietnamese_way(loaded, capsys):
    """Test that ``kpi status`` counts current dossiers and every version, 1.234 style."""
    from data.__main__ import main

    path, _, _ = loaded
    counts = db.query(
        "select (select count(*) from core.dossier) as current, "
        "(select count(*) from core.dossier_history) as versions",
        path=path,
    )
    assert main(["status", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    current, versions = int(counts["current"][0]), int(counts["versions"][0])
    assert current < versions  # the July export changed two June dossiers
    assert f"Sổ hồ sơ một cửa: {current} hồ sơ ({versions} phiên bản kể cả lịch sử)" in out


@pytest.mark.parametrize(
    ("units", "status", "counts", "words"),
    [
        (None, "partial", (15, 4), None),
        (frozenset({"BN", "BT"}), "partial", (15, 4), None),
        (frozenset({"BN"}), "rejected", (0, 0), "Phường Bến Thành (BT)"),
    ],
)
def test_upload_preview_finds_what_the_load_will(
    warehouse, monkeypatch, units, status, counts, words
):
    """Test that a register is read and checked before the load, touching no database.

    The preview counts the rows and the refused ones with their reasons as the load does
    (test_export_loads_good_rows_and_refuses_bad_ones), and refuses a submitter's file
    with another ward's dossiers whole.
    """
    from data.store.ingest import check_file, preview_register

    content = register_csv(EXPORT_JUNE)
    monkeypatch.setenv("KPI_DB", str(warehouse))
    before = db.data_version(warehouse)
    result = preview_register(check_file("so-06.csv", content), content, units)
    assert (result.kind, result.status) == ("register", status)
    assert (result.rows_total, result.rows_quarantined) == counts
    if words:
        assert words in result.message
    else:
        assert {e.row for e in result.errors} == {11, 12, 13, 14}
    assert db.data_version(warehouse) == before


# --------------------------------------------------------------------------- loaded whole


def _july_with(rows: list[list[str]]) -> bytes:
    return register_csv(EXPORT_JULY + rows)


def _loaded_whole(monkeypatch) -> list[str]:
    """The names of the register files that will load whole (appended as each does)."""
    from data.store import register

    whole = register._load_whole
    names = []

    def spy(con, reg, *args):
        counts = whole(con, reg, *args)
        names.append(reg.name)
        return counts

    monkeypatch.setattr(register, "_load_whole", spy)
    return names


def _staged_never(monkeypatch):
    from data.store import register

    def refuse(*args, **kwargs):
        raise AssertionError("a clean export was staged")

    monkeypatch.setattr(register, "stage", refuse)


@pytest.mark.parametrize("name", ["so.csv", "so.csv.gz"])
def test_a_clean_export_loads_whole_without_a_stored_copy(warehouse, monkeypatch, name):
    """Test that a clean CSV (plain or gzip) loads whole: read once into the history."""
    _staged_never(monkeypatch)
    content = register_csv(EXPORT_JULY)
    if name.endswith(".gz"):
        content = gzip.compress(content, mtime=0)
    result = ingest_bytes(name, content, warehouse)
    assert (result.status, result.rows_total, result.rows_loaded) == ("loaded", 7, 7)
    assert result.rows_quarantined == 0 and not result.errors


@pytest.mark.parametrize(
    ("rows", "refused"),
    [
        # every kind of refused row of the June export, each alone among clean rows
        (EXPORT_JUNE[9:10], {9: "Ngày hẹn trả"}),
        (EXPORT_JUNE[11:12], {9: "Thủ tục hành chính"}),
        (EXPORT_JUNE[12:13], {9: "Thanh toán trực tuyến"}),
        # the first row's code again
        (EXPORT_JULY[:1], {9: "Mã hồ sơ"}),
        # a ward, a channel and a yes/no nobody knows
        (
            [["BN-96", *EXPORT_JULY[0][1:3], "Phường 99", *EXPORT_JULY[0][4:]]],
            {9: "Đơn vị tiếp nhận"},
        ),
        ([["BN-97", *EXPORT_JULY[1][1:8], "Fax", *EXPORT_JULY[1][9:]]], {9: "Hình thức nộp"}),
        ([["BN-95"] + EXPORT_JULY[1][1:12] + ["có lẽ"]], {9: "Thư xin lỗi"}),
    ],
    ids=["due-before", "missing-bad-date-ward", "yes-no-fee", "repeat", "ward", "fax", "apology"],
)
@pytest.mark.parametrize("known", [False, True], ids=["no-cell-known", "some-cells-known"])
def test_a_row_a_check_refuses_sends_the_file_to_be_staged(
    warehouse, monkeypatch, rows, refused, known
):
    """Test that a file loaded whole gives up at a refused row, and none of it stays.

    The file is then staged: the clean rows load, and the refused one is
    quarantined at its line with its reasons, as if it had never been tried whole. With
    some cells matched before, an unknown cell is first taken for one not matched yet.
    """
    from data.store import register

    monkeypatch.setattr(register, "_matched", None)
    if known:
        cells = register._known_cells()
        cells["scope"]["Phường Bến Nghé"] = "BN"
        cells["channel"]["Trực tiếp"] = catalog.load().inputs.kind("register").channels[2]
    result = ingest_bytes("so.csv", _july_with(rows), warehouse)
    assert (result.status, result.rows_total, result.rows_loaded) == ("partial", 8, 7)
    found = db.query("select row_number, column_name from staging.quarantine", path=warehouse)
    assert set(found["row_number"]) == set(refused)
    assert set(refused.values()) <= set(found["column_name"])
    history = db.query(
        "select load_id, count(*) as n from core.dossier_history group by all", path=warehouse
    )
    assert history.values.tolist() == [[result.load_id, 7]]


def test_a_ward_first_seen_at_the_end_still_loads_whole(warehouse, monkeypatch):
    """Test that every distinct ward of the file is matched, not those of its first rows."""
    _staged_never(monkeypatch)
    rows = [["BT-09", *EXPORT_JUNE[14][1:]]]
    result = ingest_bytes("so.csv", _july_with(rows), warehouse)
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 8, 0)
    scopes = db.query("select distinct scope_code from core.dossier order by 1", path=warehouse)
    assert scopes["scope_code"].tolist() == ["BN", "BT"]


def test_loaded_whole_or_row_by_row_the_warehouse_is_the_same(
    tmp_path, monkeypatch, empty_warehouse
):
    """Test that both ways of loading give the same versions, counts and monthly values.

    One warehouse loads the clean exports whole, the other stages them (loading whole
    turned off): out of order, new, unchanged and changed dossiers, and a correction that
    moves a dossier to an earlier month. The June export has refused rows, so both stage
    it.
    """
    from data.store import register

    steps = ["september", "june", "july", "correction"]
    loaded_whole = _loaded_whole(monkeypatch)
    outcome = {}
    for way in ("whole", "rows"):
        path = _empty_copy(empty_warehouse, tmp_path / way)
        if way == "rows":
            monkeypatch.setattr(register, "prepare_whole", lambda *a, **k: False)
        results = [
            ingest_bytes(f"so-{s}.csv", register_csv(EXPORTS[s]), path, archive=path.parent / "a")
            for s in steps
        ]
        counts = [
            (r.status, r.rows_total, r.rows_loaded, r.rows_unchanged, r.rows_superseded)
            for r in results
        ]
        tables = [
            db.query(
                "select * exclude (loaded_at, superseded_at) from core.dossier_history "
                "order by all",
                path=path,
            ),
            db.query("select * from marts.register_month order by all", path=path),
        ]
        outcome[way] = (counts, tables)
    assert loaded_whole == ["so-september.csv", "so-july.csv", "so-correction.csv"]
    assert outcome["whole"][0] == outcome["rows"][0]
    for whole_table, rows_table in zip(outcome["whole"][1], outcome["rows"][1], strict=True):
        assert whole_table.equals(rows_table)


def test_a_register_changed_while_it_loads_is_not_committed(warehouse, tmp_path):
    """Test that the database commits only what was kept: a file changed meanwhile fails.

    ``kpi ingest`` lets DuckDB read the sender's file while the archive keeps the bytes
    it received; if the file changed in between, the load is not committed, and the
    pending queue loads the kept copy.
    """
    from data.store.ingest import SourceFile, check_file, ingest_pending

    path = tmp_path / "so.csv"
    content = register_csv(EXPORT_JULY)
    path.write_bytes(content)
    source = SourceFile.of(path)
    path.write_bytes(register_csv(EXPORT_JULY[:2]))  # edited after it was read
    result = ingest_bytes(
        path.name, content, warehouse, prechecked=check_file(path.name, content), source=source
    )
    assert result.status == "failed" and "đã thay đổi" in result.message
    assert db.query("select count(*) as n from core.dossier", path=warehouse)["n"][0] == 0
    (again,) = ingest_pending(warehouse)
    assert (again.status, again.rows_loaded) == ("loaded", 7)


def test_a_register_whose_copy_cannot_be_kept_is_not_loaded(warehouse, tmp_path, monkeypatch):
    """Test that a failure to keep the archive copy (a full disk) fails the load whole."""
    from data.store import ingest

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ingest, "store_bytes", full)
    path = tmp_path / "so.csv"
    path.write_bytes(register_csv(EXPORT_JULY))
    (result,) = ingest.ingest_paths([path], warehouse)
    assert result.status == "failed" and "No space left" in result.message
    assert db.query("select count(*) as n from core.dossier", path=warehouse)["n"][0] == 0


def test_cells_matched_before_spare_the_scan_and_a_new_one_is_matched(warehouse, monkeypatch):
    """Test that a file whose cells were matched for an earlier one is loaded without a scan.

    The first file of the process is scanned for its distinct cells; the next, with the
    same wards and channels, is not; a file with a ward not seen yet is tried with the
    cells known, then scanned and loaded whole all the same.
    """
    from data.store import register

    monkeypatch.setattr(register, "_matched", None)
    _staged_never(monkeypatch)
    scans = []
    lookups = register._lookups

    def spy(con, cells, units=None):
        scans.append(cells is not None)
        return lookups(con, cells, units)

    monkeypatch.setattr(register, "_lookups", spy)
    recoded = [[f"X{r[0]}", *r[1:]] for r in EXPORT_JULY]
    other_ward = [["BT-09", *EXPORT_JUNE[14][1:]]]
    results = [
        ingest_bytes(name, register_csv(rows), warehouse)
        for name, rows in (("a.csv", EXPORT_JULY), ("b.csv", recoded), ("c.csv", other_ward))
    ]
    assert [(r.status, r.rows_loaded) for r in results] == [
        ("loaded", 7),
        ("loaded", 7),
        ("loaded", 1),
    ]
    assert scans == [True, False, False, True]


def test_a_shifted_column_of_unknown_cells_is_refused_and_not_kept(warehouse, monkeypatch):
    """Test that thousands of distinct unknown wards (a shifted column) are refused.

    None of them is kept among the cells matched, so the next file is not slowed by them.
    """
    from data.store import register

    monkeypatch.setattr(register, "_matched", None)
    template = EXPORT_JULY[1]
    rows = [[f"S-{n}", *template[1:3], f"Ô {n}", *template[4:]] for n in range(3000)]
    result = ingest_bytes("so.csv", register_csv(rows), warehouse)
    assert (result.status, result.rows_total, result.rows_quarantined) == ("rejected", 3000, 3000)
    assert "Ô 0" in result.errors[0].reason
    assert not any(v.startswith("Ô") for v in register._known_cells()["scope"])
