"""Wide layouts (a column per month, a column per ward) read as one indicator row per cell."""

from __future__ import annotations

import re

import pytest

from checks.result import FileRejected
from data.intake import layouts
from data.store import db
from data.store.ingest import check_file, ingest_bytes
from tests.corpus import workbook_bytes

TITLE = ["BÁO CÁO SỐ LIỆU CHỈ SỐ NĂM 2023"]  # row 1; the header is row 2, data from row 3


def by_month(rows, header=None, title=TITLE):
    """Wide by month: indicator, ward, then T1..T4 (columns C..F)."""
    header = header or ["Chỉ tiêu", "Phường", "T1", "T2", "T3", "T4"]
    return workbook_bytes(header, rows, title_rows=title)


def by_ward(rows, header=None):
    """Wide by ward: indicator, month, then one column per ward (C..E)."""
    header = header or ["Chỉ tiêu", "Tháng", "Bến Nghé", "P. Cầu Kho", "tan dinh"]
    return workbook_bytes(header, rows, title_rows=TITLE)


def values(checked) -> list[tuple]:
    frame = checked.good.sort_values(["row_number", "scope_code", "period_key"])
    return [
        (int(r.row_number), r.indicator_code, r.scope_code, r.period_key, r.value)
        for r in frame.itertuples()
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["Chỉ tiêu", "Phường", "T1", "T2"],
        ["Chỉ tiêu", "Phường", "Tháng 1", "Tháng 2"],
        ["Chỉ tiêu", "Phường", "Th1", "Th2"],
        ["Chỉ tiêu", "Phường", "T01", "T02"],
        ["Mã chỉ số", "Đơn vị", "Tháng 01/2023", "Tháng 02/2023"],
        ["Chỉ tiêu", "Phường", "01/2023", "02/2023"],
    ],
)
def test_month_headers_as_people_write_them(header):
    """Test that each usual spelling of a month column turns cells into monthly rows."""
    checked = check_file("rong.xlsx", by_month([["hs_tre_han", "Bến Nghé", 3, 4]], header))
    assert values(checked) == [
        (3, "hs_tre_han", "BN", "2023-01", 3.0),
        (3, "hs_tre_han", "BN", "2023-02", 4.0),
    ]


def test_wide_by_month_year_from_a_year_column_and_totals_not_loaded():
    """Test that a "Năm" column gives the year and the year-total column is said, not loaded."""
    header = ["Chỉ tiêu", "Phường", "Năm", "T1", "T2", "Cả năm"]
    content = workbook_bytes(header, [["Số hộ nghèo", "Tân Định", 2023, 10, None, 10]])
    checked = check_file("rong.xlsx", content)
    assert values(checked) == [(2, "ho_ngheo", "TD", "2023-01", 10.0)]
    assert any("'Cả năm'" in n for n in checked.notes)


def test_wide_by_ward_matches_ward_names_through_the_catalog():
    """Test that ward columns written as name, "P. name" or folded text become scopes."""
    checked = check_file("rong.xlsx", by_ward([["hs_tre_han", "T6/2023", 1, 2, None]]))
    assert values(checked) == [
        (3, "hs_tre_han", "BN", "2023-06", 1.0),
        (3, "hs_tre_han", "CK", "2023-06", 2.0),
    ]
    assert any("một cột mỗi phường" in n for n in checked.notes)


# (case, file, row, column as the person finds it, words of the reason)
CELLS = [
    (
        "number in F4",
        by_month([["hs_tre_han", "Bến Nghé", 1, 2, 3, 4], ["hs_tre_han", "Cầu Kho", 1, 2, 3, "x"]]),
        4,
        "T4 (ô F4)",
        "không phải là số",
    ),
    (
        "indicator in A3",
        by_month([["hs_tre_hann", "Bến Nghé", 1, None, None, None]]),
        3,
        "Chỉ tiêu (ô A3)",
        "Có phải",
    ),
    (
        "scope in B3",
        by_month([["hs_tre_han", "Bến Nghée", None, 5, None, None]]),
        3,
        "Phường (ô B3)",
        "Có phải",
    ),
    (
        "whole count in D3",
        by_month([["hs_tre_han", "Bến Nghé", None, 2.5, None, None]]),
        3,
        "T2 (ô D3)",
        "",
    ),
    (
        "repeat in row 4 names C3",
        by_month([["hs_tre_han", "Bến Nghé", 1, None, None, None]] * 2),
        4,
        "Chỉ tiêu (ô A4)",
        "ô C3",
    ),
    (
        "number in D3 under a ward",
        by_ward([["hs_tre_han", "T6/2023", 1, "12a", None]]),
        3,
        "P. Cầu Kho (ô D3)",
        "không phải là số",
    ),
    (
        "period in B3",
        by_ward([["hs_tre_han", "Tháng 13/2023", 1, None, None]]),
        3,
        "Tháng (ô B3)",
        "tháng phải từ 1 đến 12",
    ),
    (
        "scope not allowed in E3",
        by_ward([["giai_ngan_dtc", "T6/2023", None, None, 5]]),
        3,
        "tan dinh (ô E3)",
        "",
    ),
]


@pytest.mark.parametrize(
    ("case", "content", "row", "column", "words"), CELLS, ids=[c[0] for c in CELLS]
)
def test_each_message_points_at_the_cell_the_person_sees(case, content, row, column, words):
    """Test that a refused cell of a wide table is named by its sheet row and cell."""
    checked = check_file("rong.xlsx", content)
    found = [i for issues in checked.bad_rows.values() for i in issues]
    assert (row, column) in {(i.row, i.column) for i in found}, found
    reason = next(i.reason for i in found if (i.row, i.column) == (row, column))
    assert words in reason
    # No row id leaks into a sentence: every number in it is a figure or a year.
    assert all(int(n) < layouts.ROW_ID_STRIDE for n in re.findall(r"\d+", reason))


# (case, file, words of the refusal)
REFUSED = [
    (
        "no year",
        by_month([["hs_tre_han", "Bến Nghé", 1, 2, 3, 4]], title=[]),
        "Không rõ năm của cột tháng 'T1' (ô C1)",
    ),
    (
        "same month twice",
        by_month([["hs_tre_han", "Bến Nghé", 1, 2]], ["Chỉ tiêu", "Phường", "T1", "Tháng 1"]),
        "tháng 1 (ô C2 và ô D2)",
    ),
    (
        "same ward twice",
        by_ward(
            [["hs_tre_han", "T6/2023", 1, 2, 3]], ["Chỉ tiêu", "Tháng", "Bến Nghé", "BN", "CK"]
        ),
        "(ô C2 và ô D2)",
    ),
    (
        "unknown column of figures",
        by_ward(
            [["hs_tre_han", "T6/2023", 1, 2, 3]],
            ["Chỉ tiêu", "Tháng", "Bến Nghé", "Cầu Kho", "Xyz"],
        ),
        "'Xyz' (ô E2)",
    ),
    (
        "ward near miss",
        by_ward(
            [["hs_tre_han", "T6/2023", 1, 2, 3]],
            ["Chỉ tiêu", "Tháng", "Bến Nghé", "Cầu Kho", "Phường Tân Địnhh"],
        ),
        "Có phải 'Phường Tân Định'?",
    ),
]


@pytest.mark.parametrize(("case", "content", "words"), REFUSED, ids=[c[0] for c in REFUSED])
def test_wide_table_nothing_can_be_read_from_is_refused_naming_the_cell(case, content, words):
    """Test that a wide table with an unknown year, a doubled or unknown column is refused."""
    with pytest.raises(FileRejected) as err:
        check_file("rong.xlsx", content)
    assert words in err.value.reason


def test_long_table_is_not_taken_for_a_wide_one():
    """Test that an ordinary indicator table keeps its rows (no unpivot)."""
    header = ["Mã chỉ số", "Phạm vi", "Kỳ số liệu", "Giá trị"]
    checked = check_file("dai.xlsx", workbook_bytes(header, [["hs_tre_han", "BN", "2023-06", 2]]))
    assert values(checked) == [(2, "hs_tre_han", "BN", "2023-06", 2.0)]
    assert checked.notes == []


def test_wide_file_loads_with_sheet_rows_and_quarantines_only_the_bad_cell(warehouse):
    """Test that a loaded wide file keeps sheet row numbers and refuses only the bad cell."""
    content = by_month(
        [["hs_tre_han", "Bến Nghé", 1, 2, 3, 4], ["hs_tre_han", "Cầu Kho", 5, "x", 7, None]]
    )
    result = ingest_bytes("rong.xlsx", content, warehouse)
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("partial", 6, 1)
    loaded = db.query(
        "select row_number, scope_code, period_key from core.indicator_value order by 2, 3",
        path=warehouse,
    )
    assert loaded["row_number"].tolist() == [3, 3, 3, 3, 4, 4]
    refused = db.query("select row_number, column_name from staging.quarantine", path=warehouse)
    assert refused.values.tolist() == [[4, "T2 (ô D4)"]]
