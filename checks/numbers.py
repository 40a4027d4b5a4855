"""Vietnamese numbers (1.234,5), defined once.

They live in the lowest layer so every message of the checks, the intake and the store
writes numbers the same way as the pages.

``metrics.format`` builds percents, values and dates on it.
"""

from __future__ import annotations

import math

import pandas as pd

EMPTY = "—"
# Decimals a figure echoed from a file keeps at most (beyond them it is float noise).
EXACT_DECIMALS = 10
# From this size on a figure is written in scientific form (no real count is this large).
EXACT_LIMIT = 1e15


def is_missing(value) -> bool:
    """None, NaN, NaT or pandas NA."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_number(value, decimals: int = 0) -> str:
    """``1234.5`` → ``"1.234,5"``; missing → ``"—"``."""
    if is_missing(value):
        return EMPTY
    value = float(value)
    if math.isinf(value):
        return EMPTY
    text = f"{abs(value):,.{decimals}f}"  # 1,234.5
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    negative = value < 0 and text.strip("0,.") != ""
    return f"-{text}" if negative else text


def fmt_exact(value) -> str:
    """A figure as a file gave it, the Vietnamese way: every decimal it has, none added.

    ``5000000`` → ``"5.000.000"``, ``1234.5`` → ``"1.234,5"``, ``0.125`` → ``"0,125"``.
    """
    if is_missing(value):
        return EMPTY
    number = float(value)
    if math.isinf(number):
        return EMPTY
    if abs(number) >= EXACT_LIMIT:  # beyond any real count: 1e+308 stays short
        return f"{number:.6g}".replace(".", ",")
    text = fmt_number(number, EXACT_DECIMALS)
    return text.rstrip("0").rstrip(",") if "," in text else text
