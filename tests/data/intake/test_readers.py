"""Workbooks read once for their values; formulas read only when a sheet has one."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from data.intake import readers
from data.store.ingest import check_file
from tests.corpus import workbook_bytes


def _with_formula() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã chỉ số", "Phạm vi", "Kỳ số liệu", "Giá trị", "Ghi chú"])
    ws.append(["hs_tre_han", "BN", "2023-06", 2, "=A1&B1"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (workbook_bytes(["Mã chỉ số", "Phạm vi"], [["hs_tre_han", "BN"]]), False),
        (_with_formula(), True),
    ],
)
def test_formula_cells_are_found_in_the_sheet_xml(content, expected):
    """Test that a workbook is parsed a second time only when a sheet holds a formula."""
    assert readers._has_formulas(content) is expected


def test_formula_without_a_saved_result_is_kept_as_typed():
    """Test that a formula nothing has calculated is kept as its text, never evaluated."""
    checked = check_file("cong-thuc.xlsx", _with_formula())
    assert checked.good["note"].tolist() == ["=A1&B1"]
