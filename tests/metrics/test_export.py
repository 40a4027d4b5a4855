"""Table workbooks: real numbers and dates with Vietnamese formats, a title, widths, A4 print."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from metrics import export, labels
from metrics import format as fmt

COMPLIANCE = pd.DataFrame(
    {
        "unit_name": ["Phường Bến Nghé", "Phòng Nội vụ"],
        "unit_kind": ["ward", "office"],
        "period_label": ["Quý I", "6 tháng"],
        "due_date": [dt.date(2023, 3, 20), dt.date(2023, 6, 20)],
        "status": ["late", "missing"],
        "received_date": [dt.date(2023, 3, 25), None],
        "days_late": [5, None],
    }
)
COUNTS = pd.DataFrame(
    {
        "period_label": ["Quý I"],
        "unit_name": ["Phường Bến Nghé"],
        "expected": [1234],
        "on_time": [1],
        "late": [0],
        "missing": [0],
        "rate_received": [75.0],
        "rate_on_time": [100.0],
    }
)


def sheet_of(frame, table, **kwargs):
    data = export.table_workbook(frame, export.export_columns(table), "Danh sách", **kwargs)
    return load_workbook(io.BytesIO(data)).active


def test_title_scope_month_and_sample_mark_above_the_header():
    """Test that the title, the scope and month line and the sample mark precede the header."""
    ws = sheet_of(COMPLIANCE, "compliance", title="Đơn vị cần nhắc", subtitle="Toàn quận · 06/2023",
                  sample=True)  # fmt: skip
    assert ws["A1"].value == "Đơn vị cần nhắc" and ws["A1"].font.bold
    assert ws["A2"].value == "Toàn quận · 06/2023"
    assert ws["A3"].value == labels.SAMPLE_WARNING and ws["A3"].font.color.rgb.endswith("C00000")
    assert ws["A5"].value == "Đơn vị"  # the header, under a blank row
    assert ws.freeze_panes == "A6"


def test_no_sample_mark_on_real_data():
    """Test that real data carry no sample line and the header moves up."""
    ws = sheet_of(COMPLIANCE, "compliance", title="T", subtitle="S")
    assert ws["A3"].value is None and ws["A4"].value == "Đơn vị"


@pytest.mark.parametrize(
    "table,frame,header,value,number_format",
    [
        ("compliance", COMPLIANCE, "Hạn nộp", dt.datetime(2023, 3, 20), fmt.EXCEL_DATE),
        ("compliance", COMPLIANCE, "Số ngày trễ", 5, "#,##0"),
        ("compliance_counts", COUNTS, "Phải nộp", 1234, "#,##0"),
        ("compliance_counts", COUNTS, "Tỷ lệ đã nộp", 75, fmt.EXCEL_FORMATS["percent"]),
        ("compliance", COMPLIANCE, "Tình trạng", "Trễ hạn", "General"),
        ("compliance", COMPLIANCE, "Loại", "Phường", "General"),
    ],
)
def test_cells_hold_numbers_and_dates_with_formats(table, frame, header, value, number_format):
    """Test that numbers and dates are real cells with a number format, labels are words."""
    ws = sheet_of(frame, table, title="T", subtitle="S")
    headers = [c.value for c in ws[4]]
    cell = ws.cell(row=5, column=headers.index(header) + 1)
    assert cell.value == value
    assert type(cell.value) is type(value)
    assert cell.number_format == number_format


def test_gap_of_a_rate_is_in_points_and_of_a_count_plain():
    """Test that a difference cell is a number whose format shows its sign and unit."""
    gaps = pd.DataFrame(
        {
            "indicator_label": ["Tỷ lệ hồ sơ nộp trực tuyến", "Số hồ sơ trễ hạn"],
            "scope_name": ["Cầu Kho", "Cầu Ông Lãnh"],
            "month_text": ["05/2023", "08/2023"],
            "format": ["percent", "integer"],
            "reported_value": [57.4, 1],
            "register_value": [54.5, 4],
            "difference": [-2.9, 3],
        }
    )
    ws = sheet_of(gaps, "register_gaps", title="T", subtitle="S")
    headers = [c.value for c in ws[4]]
    column = headers.index("Chênh lệch (sổ − báo cáo)") + 1
    rate, count = ws.cell(row=5, column=column), ws.cell(row=6, column=column)
    assert (rate.value, rate.number_format) == (
        -2.9,
        '+#,##0.0" điểm\u00a0%";-#,##0.0" điểm\u00a0%";0',
    )
    assert (count.value, count.number_format) == (3, "+#,##0;-#,##0;0")


def test_columns_take_their_catalog_widths():
    """Test that each column is as wide as display.yaml says, not one width for all."""
    ws = sheet_of(COMPLIANCE, "compliance", title="T")
    widths = [ws.column_dimensions[col].width for col in "ABCD"]
    assert widths == [44, 14, 14, 14]


@pytest.mark.parametrize(
    "table,frame,orientation",
    [("compliance", COMPLIANCE, "landscape"), ("compliance_counts", COUNTS, "landscape")],
)
def test_prints_on_a4_fitted_to_width_with_repeated_header(table, frame, orientation):
    """Test the print setup: A4, one page wide, the header row on every page, page numbers."""
    ws = sheet_of(frame, table, title="T", subtitle="S")
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == orientation
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$4:$4"
    assert "&P" in ws.oddFooter.center.text


def test_narrow_table_prints_portrait():
    """Test that a table narrower than the page prints upright."""
    narrow = export.export_columns("compliance")[:2]
    data = export.table_workbook(COMPLIANCE, narrow, "Hẹp", title="T")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.page_setup.orientation == "portrait"
