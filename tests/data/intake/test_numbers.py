"""Numbers by the file's convention: one decimal separator per column, ambiguity refused."""

from __future__ import annotations

import pytest

from data.intake.normalize import (
    DECIMAL_COMMA,
    DECIMAL_DOT,
    MIXED,
    CellError,
    number_convention,
    parse_number,
    separator_evidence,
)

# cell, column convention, parsed number
PARSED = [
    ("1.234", DECIMAL_COMMA, 1234.0),
    ("1,234", DECIMAL_COMMA, 1.234),
    ("1.234", DECIMAL_DOT, 1.234),
    ("1,234", DECIMAL_DOT, 1234.0),
    ("1.234,5", None, 1234.5),
    ("1,234.5", None, 1234.5),
    ("1.234.567", None, 1234567.0),
    ("95,5%", None, 95.5),
    ("95.5", None, 95.5),
    ("0,955", None, 0.955),
    ("-12", None, -12.0),
    (" 1 234 ", None, 1234.0),
    ("1\u00a0234,5", DECIMAL_COMMA, 1234.5),
    (67.12, None, 67.12),
    (1234, DECIMAL_DOT, 1234.0),
]


@pytest.mark.parametrize(("cell", "convention", "number"), PARSED)
def test_number_is_read_by_its_columns_convention(cell, convention, number):
    """Test that each cell reads as the column's convention says."""
    assert parse_number(cell, convention=convention) == pytest.approx(number)


# cell, column convention, words of the refusal
REFUSED = [
    ("1.234", None, "không rõ là số 1234"),
    ("1,234", None, "không rõ là số 1234"),
    ("1,5", DECIMAL_DOT, "khác các ô khác của cột"),
    ("1.234,5", DECIMAL_DOT, "khác các ô khác của cột"),
    ("1,5", MIXED, "không rõ dấu thập phân"),
    ("1e308", None, "không phải là số"),
    ("inf", None, "không phải là số"),
    ("nan", None, "không phải là số"),
    ("1_000", None, "không phải là số"),
    ("１２３", None, "chữ số không phải 0-9"),
    ("١٢٣", None, "chữ số không phải 0-9"),
    ("1.23.4", DECIMAL_COMMA, "chia nhóm ba chữ số"),
    ("1,2,3", DECIMAL_COMMA, "đặt sai chỗ"),
    ("9" * 400, None, "hữu hạn"),
    (float("inf"), None, "hữu hạn"),
    (float("1e308") * 10, None, "hữu hạn"),
    (True, None, "không phải là số"),
]


@pytest.mark.parametrize(("cell", "convention", "words"), REFUSED)
def test_unreadable_or_ambiguous_number_is_refused_with_a_reason(cell, convention, words):
    """Test that ambiguous, non-ASCII, exponent, infinite and contradicting numbers are refused."""
    with pytest.raises(CellError) as caught:
        parse_number(cell, convention=convention)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("cells", "convention"),
    [
        (["1.234", "1,5"], DECIMAL_COMMA),
        (["1.234", "2.5"], DECIMAL_DOT),
        (["1.234", "2.345"], None),
        (["1,5", "2.5"], MIXED),
        (["12", 3.5], None),
        (["1.234.567"], DECIMAL_COMMA),
        (["1,234,567"], DECIMAL_DOT),
    ],
)
def test_column_convention_comes_from_its_telling_cells(cells, convention):
    """Test that the convention is decided by the cells that tell, and mixed when they disagree."""
    assert number_convention(cells) == convention


def test_a_single_group_says_nothing_alone():
    """Test that "1.234" alone is no evidence either way."""
    assert separator_evidence("1.234") is None and separator_evidence("1,234") is None
