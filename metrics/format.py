"""Vietnamese number, percent and date formats (1.234,5 / 95,5% / dd/mm/yyyy), in one place.

The number is ``checks.numbers`` (the lowest layer, so intake messages share it).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

# The number itself is defined once, below every layer; pages and documents take it here.
from checks.numbers import EMPTY, fmt_number, is_missing  # noqa: F401


def fmt_percent(value, decimals: int = 1) -> str:
    """A value already in percent: ``95.5`` → ``"95,5%"``."""
    if is_missing(value):
        return EMPTY
    return f"{fmt_number(value, decimals)}%"


def fmt_signed(value, decimals: int = 1, suffix: str = "") -> str:
    """A change with its sign: ``+1,2`` / ``-0,4``; zero has no sign."""
    if is_missing(value):
        return EMPTY
    text = fmt_number(value, decimals)
    if float(value) > 0 and text.strip("0,.") != "":
        text = f"+{text}"
    return f"{text}{suffix}"


def fmt_date(value) -> str:
    """A date (or ISO text, or Timestamp) as ``dd/mm/yyyy``."""
    if is_missing(value):
        return EMPTY
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y")


def fmt_month(value) -> str:
    """``"2023-06"`` or a date → ``"06/2023"``."""
    if is_missing(value):
        return EMPTY
    if isinstance(value, str):
        year, month = value[:7].split("-")
        return f"{month}/{year}"
    return f"{value.month:02d}/{value.year}"


# Decimals shown for each registry ``format``.
DECIMALS = {"percent": 1, "integer": 0, "decimal1": 1, "decimal2": 2, "rank": 0, "money": 0}


def fmt_value(value, fmt: str) -> str:
    """A KPI value in the registry's display format (percent values are already × 100)."""
    if fmt == "percent":
        return fmt_percent(value, DECIMALS["percent"])
    return fmt_number(value, DECIMALS.get(fmt, 1))


# A change of a percent value is in percentage points, never in per cent of itself. The
# space before "%" does not break: a narrow column wraps before "điểm", never before "%".
POINTS = " điểm\u00a0%"


def fmt_change(value, fmt: str, unit: str = "") -> str:
    """A change of a KPI in its display format: ``+1,3 điểm %`` / ``-2`` / ``+0,5 tỷ đồng``."""
    suffix = POINTS if fmt == "percent" else f" {unit}" if unit else ""
    return fmt_signed(value, DECIMALS.get(fmt, 1), suffix)


# Excel number formats for the same registry formats (Excel applies the viewer's separators).
EXCEL_FORMATS = {
    "percent": '0.0"%"',
    "integer": "#,##0",
    "decimal1": "#,##0.0",
    "decimal2": "#,##0.00",
    "rank": "0",
    "money": "#,##0",
}
EXCEL_DATE = "dd/mm/yyyy"


def excel_change_format(fmt: str) -> str:
    """The Excel number format of ``fmt_change``: sign always shown, points for a percent."""
    decimals = DECIMALS.get(fmt, 1)
    number = "#,##0" + ("." + "0" * decimals if decimals else "")
    unit = f'"{POINTS}"' if fmt == "percent" else ""
    return f"+{number}{unit};-{number}{unit};0"
