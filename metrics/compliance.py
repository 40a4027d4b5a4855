"""Reporting compliance (DHIS2 style): expected, on time, late and missing reports; rates.

Expected reports = every unit with ``reports: true`` in ``data/catalog/units.yaml``
(offices and wards) × every reporting period whose due date is on or before the as-of
date. Rates are in percent: received ÷ expected and on time ÷ expected.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics import common
from metrics.common import DbPath

COMPLIANCE_COLUMNS = [
    "unit_code",
    "unit_name",
    "unit_kind",
    "period_code",
    "period_label",
    "due_date",
    "status",
    "received_date",
    "days_late",  # addition beyond the published API
]
COUNT_COLUMNS = ["expected", "on_time", "late", "missing", "rate_received", "rate_on_time"]


def compliance_table(
    year: int, as_of: str | dt.date | None = None, db: DbPath = None
) -> pd.DataFrame:
    """One row per expected report: unit × period that fell due by ``as_of``."""
    as_of_date = common.parse_as_of(as_of, year)
    frame = common.run("compliance", [year, as_of_date], db)
    order = common.unit_order()
    frame["_period"] = frame["due_date"]
    frame["_unit"] = frame["unit_code"].map(order).fillna(10**6)
    frame = frame.sort_values(["_period", "_unit"]).drop(columns=["_period", "_unit"])
    for col in ("due_date", "received_date"):
        frame[col] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in frame[col]]
    frame["days_late"] = frame["days_late"].astype("Int64")
    return frame[COMPLIANCE_COLUMNS].reset_index(drop=True)


def _counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[*keys, *COUNT_COLUMNS])
    counts = (
        frame.assign(n=1)
        .pivot_table(
            index=keys, columns="status", values="n", aggfunc="sum", fill_value=0, sort=False
        )
        .reindex(columns=["on_time", "late", "missing"], fill_value=0)
        .reset_index()
    )
    counts.columns.name = None
    counts["expected"] = counts["on_time"] + counts["late"] + counts["missing"]
    counts["rate_received"] = (counts["on_time"] + counts["late"]) * 100.0 / counts["expected"]
    counts["rate_on_time"] = counts["on_time"] * 100.0 / counts["expected"]
    for col in ("expected", "on_time", "late", "missing"):
        counts[col] = counts[col].astype("int64")
    return counts[[*keys, *COUNT_COLUMNS]]


def compliance_summary(
    year: int,
    as_of: str | dt.date | None = None,
    db: DbPath = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per period that fell due: expected, on time, late, missing, and the two rates.

    ``table`` may be passed when the caller already has ``compliance_table`` for the same
    year and as-of date, to save recomputing it.
    """
    table = compliance_table(year, as_of, db) if table is None else table
    return _counts(table, ["period_code", "period_label"])


def compliance_by_unit(
    year: int,
    as_of: str | dt.date | None = None,
    db: DbPath = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per unit (offices and wards; filter ``unit_kind == 'ward'`` for wards): counts and rates.

    ``table``: as in ``compliance_summary``.
    """
    table = compliance_table(year, as_of, db) if table is None else table
    return _counts(table, ["unit_code", "unit_name", "unit_kind"])
