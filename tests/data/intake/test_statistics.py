"""The statistics sheet of administrative-procedure results, as the one-stop system exports it."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from data.intake import layouts
from data.store import db
from data.store.ingest import check_file, ingest_bytes

GROUPS = [
    ("Số hồ sơ nhận giải quyết", 3, 6),
    ("Số hồ sơ đã giải quyết", 7, 10),
    ("Số hồ sơ đang giải quyết", 11, 13),
]
SUB = {
    3: "Tổng số",
    4: "Số kỳ trước chuyển qua",
    5: "Số mới tiếp nhận",
    7: "Tổng số",
    8: "Trả trước hạn",
    9: "Trả đúng hạn",
    10: "Trả quá hạn",
    11: "Tổng số",
    12: "Trong hạn",
    13: "Quá hạn",
}
# field, received (total, carried, online, direct), resolved (total, early, on time,
# late), pending (total, in time, overdue)
FIELDS = [
    ["Hộ tịch", 120, 20, 70, 30, 100, 40, 58, 2, 20, 18, 2],
    ["Đất đai", 80, 10, 30, 40, 60, 10, 48, 2, 20, 19, 1],
]


def total(fields):
    return ["Tổng cộng", *(sum(r[i] for r in fields) for i in range(1, 12))]


def sheet(
    fields, total_row=None, title=("Đơn vị: UBND Phường Bến Nghé", "Kỳ báo cáo: Tháng 6/2023")
):
    """A sheet laid out like the one-stop system's export: title, 3 header rows, numbers."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "THỐNG KÊ KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    for offset, line in enumerate(title, start=2):
        ws.cell(offset, 1, line)
    top = 5
    ws.cell(top, 1, "STT")
    ws.cell(top, 2, "Lĩnh vực")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=1)
    ws.merge_cells(start_row=top, start_column=2, end_row=top + 2, end_column=2)
    for label, first, last in GROUPS:
        ws.cell(top, first, label)
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    for column, label in SUB.items():
        ws.cell(top + 1, column, label)
        if column != 5:
            ws.merge_cells(
                start_row=top + 1, start_column=column, end_row=top + 2, end_column=column
            )
    ws.merge_cells(start_row=top + 1, start_column=5, end_row=top + 1, end_column=6)
    ws.cell(top + 2, 5, "Trực tuyến")
    ws.cell(top + 2, 6, "Trực tiếp và dịch vụ bưu chính công ích")
    for column in range(1, 14):
        ws.cell(top + 3, column, f"({column})")
    rows = [*fields, total_row or total(fields)]
    for offset, values in enumerate(rows, start=top + 4):
        ws.cell(offset, 1, offset - top - 3 if offset - top - 4 < len(fields) else None)
        for column, value in enumerate(values, start=2):
            ws.cell(offset, column, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# Data rows start at Excel row 9: fields on 9 and 10, the total on 11.
TOTAL_ROW = 11


def test_merged_three_row_header_is_joined_into_one():
    """Test that group cells above their columns name each column, merged cells included."""
    header = layouts.compose(
        [
            ["STT", "Lĩnh vực", "Nhận", None, None, "Giải quyết", None],
            [None, None, "Tổng số", "Mới", None, "Tổng số", "Quá hạn"],
            [None, None, None, "Trực tuyến", "Trực tiếp", None, None],
        ]
    )
    assert header == [
        "STT",
        "Lĩnh vực",
        "Nhận / Tổng số",
        "Nhận / Mới / Trực tuyến",
        "Nhận / Mới / Trực tiếp",
        "Giải quyết / Tổng số",
        "Giải quyết / Quá hạn",
    ]


def test_good_sheet_gives_the_four_indicators_of_the_ward_and_month():
    """Test the derived values: online share, on-time share, late and pending overdue."""
    checked = check_file("bieu.xlsx", sheet(FIELDS))
    assert not checked.bad_rows, checked.bad_rows
    got = {
        r.indicator_code: (
            r.scope_code,
            r.period_key,
            r.numerator,
            r.denominator,
            r.value,
            r.row_number,
        )
        for r in checked.good.itertuples()
    }
    assert got["hs_truc_tuyen"][:4] == ("BN", "2023-06", 100.0, 170.0)
    assert got["hs_dung_han"][2:4] == (156.0, 160.0)  # early + on time / resolved
    assert got["hs_tre_han"][4] == 4.0
    assert got["hs_dang_qua_han"][4] == 3.0
    assert {v[5] for v in got.values()} == {TOTAL_ROW}


def test_good_sheet_loads_as_indicator_values(warehouse):
    """Test that the sheet loads through the indicator path."""
    r = ingest_bytes("bieu.xlsx", sheet(FIELDS), warehouse)
    assert (r.status, r.rows_loaded) == ("loaded", 4), r.errors
    rows = db.query(
        "select indicator_code, value from marts.indicator_current where scope_code = 'BN' "
        "and period_key = '2023-06' order by 1",
        path=warehouse,
    )
    assert dict(rows.values.tolist())["hs_dang_qua_han"] == 3.0


BAD = [
    (
        "total-mismatch",
        FIELDS,
        [*total(FIELDS)[:8], 5, *total(FIELDS)[9:]],
        (
            TOTAL_ROW,
            "Số hồ sơ đã giải quyết - Trả quá hạn",
            "Dòng tổng ghi 5 nhưng cộng các dòng lĩnh vực được 4",
        ),
    ),
    (
        "internal-sum-wrong",
        [FIELDS[0], ["Đất đai", 80, 10, 30, 40, 61, 10, 48, 2, 20, 19, 1]],
        None,
        (10, "Số hồ sơ đã giải quyết - Tổng số", "Tổng số 61 khác tổng các cột"),
    ),
]


@pytest.mark.parametrize(("case", "fields", "total_row", "expected"), BAD, ids=[b[0] for b in BAD])
def test_sheet_whose_sums_do_not_hold_is_refused_naming_both_numbers(
    case, fields, total_row, expected
):
    """Test total = sum of fields and total = sum of parts, each at the cell in Excel."""
    checked = check_file(f"{case}.xlsx", sheet(fields, total_row))
    assert checked.good.empty
    row, column, reason = expected
    issues = [i for found in checked.bad_rows.values() for i in found]
    assert any(i.row == row and i.column == column and reason in i.reason for i in issues), issues
    assert TOTAL_ROW in checked.bad_rows  # no indicator is derived from a wrong sheet
    assert checked.raw_rows[10]["Lĩnh vực"] == "Đất đai"  # the sheet's rows stay visible


@pytest.mark.parametrize(
    ("title", "period"),
    [
        (("UBND Phường Bến Nghé", "Kỳ báo cáo: Tháng 6/2023"), "2023-06"),
        (("Đơn vị: Bến Nghé", "Từ ngày 01/06/2023 đến ngày 30/06/2023"), "2023-06"),
        (("Đơn vị báo cáo: P. Bến Nghé", "Thời gian: Tháng 07/2023"), "2023-07"),
    ],
)
def test_unit_and_period_only_in_the_title_block(title, period):
    """Test that the unit and the period are read from the title rows."""
    checked = check_file("bieu.xlsx", sheet(FIELDS, title=title))
    assert set(checked.good["period_key"]) == {period}
    assert set(checked.good["scope_code"]) == {"BN"}


def test_period_that_is_not_one_month_is_refused():
    """Test that a quarter-long export is refused with the reason, not loaded as a month."""
    title = ("Đơn vị: Bến Nghé", "Từ ngày 01/04/2023 đến ngày 30/06/2023")
    checked = check_file("bieu.xlsx", sheet(FIELDS, title=title))
    assert checked.good.empty
    [issues] = checked.bad_rows.values()
    assert any("không phải trọn một tháng" in i.reason for i in issues)
