"""Test the one Vietnamese number format every layer writes."""

from __future__ import annotations

import math

import pytest

from checks.numbers import fmt_exact, fmt_number


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567, 0, "1.234.567"),
        (-0.04, 1, "0,0"),
        (-1500, 0, "-1.500"),
        (None, 0, "—"),
        (math.nan, 1, "—"),
        (math.inf, 0, "—"),
    ],
)
def test_fmt_number(value, decimals, text):
    assert fmt_number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5_000_000, "5.000.000"),
        (5e6, "5.000.000"),
        (1234.5, "1.234,5"),
        (0.125, "0,125"),
        (0.1 + 0.2, "0,3"),
        (-2.5, "-2,5"),
        (0, "0"),
        (999_999_999_999_999, "999.999.999.999.999"),
        (1e308, "1e+308"),
        (-2.5e20, "-2,5e+20"),
        (None, "—"),
    ],
)
def test_fmt_exact_keeps_every_decimal_a_file_gave_and_adds_none(value, text):
    assert fmt_exact(value) == text
