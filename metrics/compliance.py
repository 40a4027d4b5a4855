"""Reporting compliance (DHIS2 style): expected, on time, late and missing reports; rates.

Expected reports = every unit with ``reports: true`` in ``data/catalog/units.yaml``
(offices and wards) × every reporting period whose due date is on or before the as-of
date. A report counts from the time it reached the system, not the date typed in it
(``metrics/sql/compliance.sql``). Statuses: on time, late, returned (arrived but refused:
it needs correcting, it is not missing) and missing. Rates are in percent: received
(on time + late + returned) ÷ expected and on time ÷ expected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from metrics import common
from metrics.common import DISTRICT, DbPath

COMPLIANCE_COLUMNS = [
    "unit_code",
    "unit_name",
    "unit_kind",
    "period_code",
    "period_label",
    "due_date",
    "status",
    "received_date",
    "declared_date",
    "days_late",  # addition beyond the published API
]
STATUSES = ["on_time", "late", "returned", "missing"]
COUNT_COLUMNS = [
    "expected",
    "on_time",
    "late",
    "returned",
    "missing",
    "rate_received",
    "rate_on_time",
]


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
    for col in ("due_date", "received_date", "declared_date"):
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
        .reindex(columns=STATUSES, fill_value=0)
        .reset_index()
    )
    counts.columns.name = None
    counts["expected"] = counts[STATUSES].sum(axis=1)
    received = counts["expected"] - counts["missing"]
    counts["rate_received"] = received * 100.0 / counts["expected"]
    counts["rate_on_time"] = counts["on_time"] * 100.0 / counts["expected"]
    for col in ("expected", *STATUSES):
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


def _rate(part: int, whole: int) -> float | None:
    """100 × part ÷ whole, as ``_counts`` computes it; None when nothing was expected."""
    return part * 100.0 / whole if whole else None


@dataclass(frozen=True)
class ComplianceView:
    """Every expected report of one scope up to an as-of date, and what is counted from it.

    A page draws its counters and the list they count from one ``ComplianceView``, so
    "Báo cáo chưa nộp" is always the length of the list of missing reports beside it.

    Attributes:
        scope: ``district`` (every reporting unit) or one unit's code.
        rows: ``compliance_table`` rows of that scope, every period that fell due.
        scope_reports: False when the scope submits no reports itself (UBND Quận 1 office).
    """

    scope: str
    rows: pd.DataFrame
    scope_reports: bool = True

    def with_status(self, *statuses: str) -> pd.DataFrame:
        """The rows in any of ``statuses``, in the table's order."""
        return self.rows[self.rows["status"].isin(statuses)].reset_index(drop=True)

    @property
    def missing(self) -> pd.DataFrame:
        """Reports not received: the units to remind (every period that fell due)."""
        return self.with_status("missing")

    @property
    def returned(self) -> pd.DataFrame:
        """Reports that arrived but were refused: the units to ask for a correction."""
        return self.with_status("returned")

    @property
    def periods(self) -> list[str]:
        """Labels of the periods that fell due, oldest first."""
        return list(dict.fromkeys(self.rows["period_label"]))

    @property
    def counts(self) -> dict[str, float | int | None]:
        """Expected, received, each status and the two rates, over ``rows``.

        Received counts every report that arrived, returned ones included.
        """
        status = self.rows["status"]
        expected = len(self.rows)
        by_status = {key: int((status == key).sum()) for key in STATUSES}
        received = expected - by_status["missing"]
        return {
            "expected": expected,
            "received": received,
            **by_status,
            "rate_received": _rate(received, expected),
            "rate_on_time": _rate(by_status["on_time"], expected),
        }


def compliance_view(
    year: int,
    as_of: str | dt.date | None = None,
    scope: str = DISTRICT,
    db: DbPath = None,
    table: pd.DataFrame | None = None,
) -> ComplianceView:
    """The reports expected of ``scope`` (every reporting unit, or one unit) up to ``as_of``.

    A scope that does not report itself (UBND Quận 1 office) expects nothing. ``table``:
    as in ``compliance_summary``.
    """
    table = compliance_table(year, as_of, db) if table is None else table
    if scope == DISTRICT:
        return ComplianceView(scope=scope, rows=table)
    unit = common.units_by_code().get(scope)
    rows = table[table["unit_code"] == scope].reset_index(drop=True)
    return ComplianceView(scope=scope, rows=rows, scope_reports=bool(unit and unit.reports))
