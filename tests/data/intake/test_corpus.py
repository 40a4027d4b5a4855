"""The bad-file corpus: every quirk real files have, and every way a file can be wrong.

Each case states the exact outcome: status, rows loaded and quarantined, and the reason a
person reads. Whole-file rejections must leave the data tables untouched.
"""

from __future__ import annotations

import datetime as dt

import pytest

from data.catalog import columns
from data.store import db
from data.store.ingest import ingest_bytes
from tests import corpus

P = columns.PROGRESS_INPUT
I = columns.INDICATOR_INPUT  # noqa: E741

PROGRESS_HEADER = [
    P[k] for k in ("unit", "period", "task", "status", "percent_complete", "report_date")
]
INDICATOR_HEADER = [
    I[k] for k in ("indicator", "scope", "period", "numerator", "denominator", "value")
]

GOOD_PROGRESS = [
    ["Phòng Nội vụ", "Quý I/2023", "1", "Đang triển khai", 30, "20/02/2023"],
    ["NV", "Quý I/2023", "2", "Hoàn thành", 100, "20/02/2023"],
]
GOOD_INDICATOR = [
    ["hs_truc_tuyen", "P. Bến Nghé", "2023-01", 80, 100, None],
    ["hs_truc_tuyen", "ben thanh", "06/2023", 45, 60, None],
    ["hs_tre_han", "Phường Đa Kao", "T3/2023", None, None, 3],
]


def data_tables(path):
    with db.reader(path) as con:
        return {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("core.progress_report", "core.indicator_value")
        }


# --------------------------------------------------------------------------- quirks that load


def _quirk_files():
    yield "utf8-bom.csv", corpus.csv_bytes(PROGRESS_HEADER, GOOD_PROGRESS, "utf-8-sig"), 2
    yield (
        "cp1258-semicolon.csv",
        corpus.csv_bytes(
            INDICATOR_HEADER,
            [["hs_truc_tuyen", "Phường Bến Nghé", "2023-01", 80, 100, "80,0%"]],
            "cp1258",
            ";",
        ),
        1,
    )
    yield (
        "decimal-comma.csv",
        corpus.csv_bytes(
            INDICATOR_HEADER,
            [["pci_diem", "UBND Quận 1", "2023", None, None, 67.12]],
            "utf-8",
            ";",
            decimal_comma=True,
        ),
        1,
    )
    yield (
        "tab-separated.csv",
        corpus.csv_bytes(PROGRESS_HEADER, GOOD_PROGRESS, "utf-8", "\t"),
        2,
    )
    yield (
        "title-rows.xlsx",
        corpus.workbook_bytes(
            PROGRESS_HEADER,
            GOOD_PROGRESS,
            title_rows=["ỦY BAN NHÂN DÂN QUẬN 1", "BÁO CÁO TIẾN ĐỘ QUÝ I NĂM 2023"],
        ),
        2,
    )
    yield (
        "blank-rows.xlsx",
        corpus.workbook_bytes(PROGRESS_HEADER, [GOOD_PROGRESS[0], [None] * 6, GOOD_PROGRESS[1]]),
        2,
    )
    yield (
        "excel-dates-and-serials.xlsx",
        corpus.workbook_bytes(
            PROGRESS_HEADER,
            [
                ["NV", "Quý I/2023", 1, "Đang triển khai", 30, dt.datetime(2023, 2, 20)],
                ["NV", "Quý I/2023", 2, "Đang triển khai", 40, 44977],  # serial of 20/02/2023
            ],
        ),
        2,
    )
    yield (
        "english-upper-headers.xlsx",
        corpus.workbook_bytes(
            ["UNIT", "PERIOD", "TASK", "STATUS", "PERCENT"],
            [["nv", "quy 1/2023", "22.1", "dang trien khai", "45,5%"]],
        ),
        1,
    )
    yield (
        "headers-without-diacritics.xlsx",
        corpus.workbook_bytes(
            ["Don vi bao cao", "Ky bao cao", "Nam", "STT nhiem vu", "Tinh trang"],
            [["Phường Tân Định", "6 tháng", 2023, 14, "Hoàn thành"]],
        ),
        1,
    )


@pytest.mark.parametrize(
    ("name", "content", "loaded"), list(_quirk_files()), ids=[c[0] for c in _quirk_files()]
)
def test_quirky_but_valid_file_loads_every_row(name, content, loaded, warehouse):
    """Test that each real-life quirk is read without losing or refusing a row."""
    r = ingest_bytes(name, content, warehouse)
    assert (r.status, r.rows_loaded, r.rows_quarantined) == ("loaded", loaded, 0), r.errors


def test_cp1258_text_is_stored_in_nfc(warehouse):
    """Test that combining tone marks from a Windows CSV end up as NFC text."""
    rows = [["NV", "Quý I/2023", "1", "Đang triển khai", 30, "20/02/2023", "Chờ hướng dẫn"]]
    header = PROGRESS_HEADER + [P["difficulties"]]
    r = ingest_bytes("w.csv", corpus.csv_bytes(header, rows, "cp1258", ";"), warehouse)
    assert r.status == "loaded"
    got = db.query("select difficulties, status from marts.progress_current", path=warehouse)
    assert got.values.tolist() == [["Chờ hướng dẫn", "in_progress"]]


def test_percent_text_and_value_match_numerator_denominator(warehouse):
    """Test that "95,5%" beside 191/200 is accepted and the stored value is the exact ratio."""
    rows = [["hs_dung_han", "UBND Quận 1", "2023-02", 191, 200, "95,5%"]]
    r = ingest_bytes("v.csv", corpus.csv_bytes(INDICATOR_HEADER, rows, "utf-8", ";"), warehouse)
    assert r.status == "loaded"
    value = db.query("select value from marts.indicator_current", path=warehouse)["value"][0]
    assert value == pytest.approx(95.5)


# --------------------------------------------------------------------------- whole-file rejections


REJECTED = [
    ("empty.csv", b"", "rỗng"),
    ("spaces.csv", b"   \r\n  ", "rỗng"),
    ("header-only.xlsx", corpus.workbook_bytes(PROGRESS_HEADER, []), "không có dòng số liệu"),
    ("garbage.xlsx", b"\x00\x01\x02garbage\xff" * 40, "không phải bảng tính"),
    ("report.docx", corpus.docx_bytes(), "Word (.docx)"),
    ("renamed-docx.xlsx", corpus.docx_bytes(), "Word (.docx)"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (
        "no-header.xlsx",
        corpus.workbook_bytes(None, [["a", "b", "c"], [1, 2, 3]]),
        "Không tìm thấy dòng tiêu đề",
    ),
    (
        "missing-column.xlsx",
        corpus.workbook_bytes([P["unit"], P["period"], P["task"]], [["NV", "Quý I/2023", 1]]),
        "thiếu cột bắt buộc: 'Tình trạng'",
    ),
    (
        "both-kinds.xlsx",
        corpus.workbook_bytes(
            [I["indicator"], I["scope"], P["task"], P["status"]], [["x", "y", 1, "z"]]
        ),
        "cả hai loại",
    ),
    (
        "all-rows-bad.xlsx",
        corpus.workbook_bytes(
            PROGRESS_HEADER, [["NV", "Quý I/2023", "99", "Hoàn thành", 100, None]]
        ),
        "Không có dòng hợp lệ",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), REJECTED, ids=[c[0] for c in REJECTED])
def test_broken_file_is_rejected_whole_and_changes_no_data(name, content, reason, warehouse):
    """Test that a structurally bad file is refused with a clear reason and loads nothing."""
    db.initialise(warehouse)
    before = data_tables(warehouse)
    r = ingest_bytes(name, content, warehouse)
    assert r.status == "rejected"
    assert r.rows_loaded == 0
    assert reason.lower() in (r.message or "").lower()
    assert data_tables(warehouse) == before
    log = db.query("select status, message from raw.load_log", path=warehouse)
    assert log["status"].tolist() == ["rejected"]


# --------------------------------------------------------------------------- row-level refusals


ROW_CASES = [
    (
        "unknown-ward",
        ["hs_truc_tuyen", "Phường 25", "2023-01", 5, 10, None],
        (I["scope"], "Phường 25", "không phải UBND Quận 1"),
    ),
    (
        "rate-above-100",
        ["hs_truc_tuyen", "Cô Giang", "2023-01", None, None, 104],
        (I["value"], "104", "ngoài khoảng cho phép"),
    ),
    (
        "numerator-above-denominator",
        ["hs_truc_tuyen", "Cô Giang", "2023-01", 120, 100, None],
        (I["numerator"], "120", "lớn hơn mẫu số 100"),
    ),
    (
        "period-outside-plan-year",
        ["hs_truc_tuyen", "Cô Giang", "2024-03", 5, 10, None],
        (I["period"], "2024-03", "ngoài năm kế hoạch 2023"),
    ),
    (
        "unknown-indicator",
        ["hs_bi_an", "Cô Giang", "2023-03", 5, 10, None],
        (I["indicator"], "hs_bi_an", "không có trong danh mục chỉ số"),
    ),
    (
        "value-disagrees-with-ratio",
        ["hs_truc_tuyen", "Cô Giang", "2023-03", 50, 100, 60],
        (I["value"], "60", "không khớp Tử số / Mẫu số (50%)"),
    ),
    (
        "unreadable-month",
        ["hs_truc_tuyen", "Cô Giang", "tháng sáu", 5, 10, None],
        (I["period"], "tháng sáu", "kỳ số liệu phải là tháng"),
    ),
    (
        "yearly-indicator-monthly-period",
        ["pci_diem", "UBND Quận 1", "2023-05", None, None, 60],
        (I["period"], "2023-05", "báo cáo theo năm"),
    ),
    (
        "indicator-in-wrong-scope",
        ["pci_diem", "Bến Nghé", "2023", None, None, 60],
        (I["scope"], "BN", "không nhận số liệu ở phạm vi này"),
    ),
]


@pytest.mark.parametrize(("case", "bad_row", "expected"), ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_bad_row_is_quarantined_with_reason_and_the_rest_loads(case, bad_row, expected, warehouse):
    """Test that one bad row goes to quarantine (row, column, value, reason); good rows load."""
    content = corpus.workbook_bytes(INDICATOR_HEADER, GOOD_INDICATOR + [bad_row])
    r = ingest_bytes(f"{case}.xlsx", content, warehouse)
    assert (r.status, r.rows_loaded, r.rows_quarantined) == ("partial", 3, 1)
    column, value, reason = expected
    q = db.query(
        "select row_number, column_name, value, reason from staging.quarantine", path=warehouse
    )
    assert q["row_number"].tolist() == [5]
    assert q["column_name"][0] == column
    assert q["value"][0] == value
    assert reason in q["reason"][0]


def test_duplicate_key_quarantines_the_repeat_and_names_the_first_row(warehouse):
    """Test that a repeated (indicator, scope, period) keeps the first row and refuses the repeat."""
    rows = GOOD_INDICATOR + [["hs_truc_tuyen", "Bến Nghé", "2023-01", 81, 100, None]]
    r = ingest_bytes("dup.xlsx", corpus.workbook_bytes(INDICATOR_HEADER, rows), warehouse)
    assert (r.status, r.rows_loaded, r.rows_quarantined) == ("partial", 3, 1)
    [issue] = r.errors
    assert issue.row == 5 and "dòng 2" in issue.reason
    kept = db.query(
        "select numerator from marts.indicator_current where scope_code = 'BN'", path=warehouse
    )
    assert kept["numerator"].tolist() == [80.0]


def test_progress_row_errors_name_the_cell(warehouse):
    """Test that unknown unit, unknown task, bad status and a 120 % progress are each named."""
    rows = GOOD_PROGRESS + [
        ["Phòng Ma", "Quý I/2023", "1", "Đang triển khai", 10, None],
        ["NV", "Quý I/2023", "31", "Đang triển khai", 10, None],
        ["NV", "Quý I/2023", "3", "Sắp xong", 10, None],
        ["NV", "Quý I/2023", "4", "Đang triển khai", 120, None],
        ["NV", "Quý I/2023", "5", "Đang triển khai", 10, "31/02/2023"],
    ]
    r = ingest_bytes("p.xlsx", corpus.workbook_bytes(PROGRESS_HEADER, rows), warehouse)
    assert (r.status, r.rows_loaded, r.rows_quarantined) == ("partial", 2, 5)
    got = [(e.row, e.column, e.value) for e in r.errors]
    assert got == [
        (4, P["unit"], "Phòng Ma"),
        (5, P["task"], "31"),
        (6, P["status"], "Sắp xong"),
        (7, P["percent_complete"], "120"),
        (8, P["report_date"], "31/02/2023"),
    ]
    assert all(e.reason for e in r.errors)
