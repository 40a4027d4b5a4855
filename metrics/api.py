"""The public face of the metrics layer: the only module the dashboard and the briefing call.

Every function takes ``db`` (a path, or None for ``data.store.db.db_path()``) and returns a
pandas DataFrame or a plain value. Rates are in percent (95.5, not 0.955). ``as_of`` is
``"YYYY-MM"`` (that month's last day) or a date; ``scope`` is ``"district"`` (the whole
district: UBND Quận 1 office, the 10 wards and any office that reports the indicator),
the UBND Quận 1 office code, a ward code or an office code. Status keys are English and
stable; their Vietnamese labels are in ``metrics.labels``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data import catalog
from metrics import common, labels
from metrics.common import DISTRICT, DbPath, MetricsInputError
from metrics.compliance import (
    ComplianceView,
    compliance_by_unit,
    compliance_summary,
    compliance_table,
    compliance_view,
)
from metrics.evaluate import (
    kpi_by_ward,
    kpi_series,
    kpi_series_many,
    kpi_table,
    pci_subindices,
    publication_dates,
    ward_month_matrix,
    yearly_series,
)
from metrics.glossary import glossary
from metrics.groups import group_summary
from metrics.register import overdue_dossiers, reconciliation
from metrics.tasks import task_by_unit, task_history, task_table

__all__ = [
    "DISTRICT",
    "ComplianceView",
    "MetricsInputError",
    "available_years",
    "compliance_by_unit",
    "compliance_summary",
    "compliance_table",
    "compliance_view",
    "data_freshness",
    "glossary",
    "group_summary",
    "has_data",
    "indicator_meaning",
    "is_sample_data",
    "kpi_by_ward",
    "kpi_series",
    "kpi_series_many",
    "kpi_table",
    "latest_month",
    "load_log",
    "pci_subindices",
    "plan",
    "plan_years",
    "publication_dates",
    "overdue_dossiers",
    "quarantine",
    "reconciliation",
    "scope_name",
    "scope_options",
    "task_by_unit",
    "task_history",
    "task_table",
    "ward_month_matrix",
    "yearly_series",
]


def _date(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def plan_years() -> list[int]:
    """Years of the catalog's plan files, oldest first (no database needed)."""
    return catalog.available_years()


def plan(year: int | None = None) -> catalog.Plan:
    """The catalog plan of ``year`` (default: the latest): number, dates, groups, periods."""
    return catalog.load_plan(year)


def indicator_meaning(code: str, year: int | None = None) -> dict[str, str | None]:
    """What an indicator measures, from the registry (no database needed).

    Args:
        code: The indicator.
        year: The plan year on screen; the plan section (``basis``) is given only for the
            plan the registry's sources quote (``basis_plan_year``).

    Returns:
        ``label``, ``definition``, ``formula`` (a rate's is its numerator ÷ denominator),
        ``data_source`` (where its figures come from) and ``basis`` (the plan section that
        names it); None for a field the registry leaves empty.

    Raises:
        KeyError: ``code`` is not in the registry.
    """
    registry = catalog.load_registry()
    ind = registry.get(code)
    quoted = registry.basis_plan_year
    return {
        "label": ind.label_vi,
        "definition": ind.definition,
        "formula": ind.formula_text,
        "data_source": ind.data_source,
        "basis": ind.source if year is None or quoted in (None, year) else None,
    }


def _status(db: DbPath) -> pd.DataFrame:
    """``warehouse_status``: one query answers the four questions below (stored per data version)."""
    return common.run("warehouse_status", [], db)


def available_years(db: DbPath = None) -> list[int]:
    """Plan years known to the warehouse, oldest first (with data or not: see ``has_data``)."""
    status = _status(db)
    return [int(y) for y in status.loc[status["is_plan_year"].fillna(False), "year"]]


def latest_month(year: int, db: DbPath = None) -> str | None:
    """``"YYYY-MM"`` of the latest month of ``year`` with data (indicators or reports)."""
    status = _status(db)
    rows = status[status["year"] == year]
    if rows.empty:
        return None
    row = rows.iloc[0]
    dates = [d for d in (_date(row["indicator_date"]), _date(row["progress_date"])) if d]
    if not dates:
        return None
    latest = min(max(dates), dt.date(year, 12, 31))
    return f"{latest.year}-{latest.month:02d}"


def data_freshness(db: DbPath = None) -> dt.date | None:
    """The latest report date or period end of the current data."""
    return _date(_status(db).iloc[0]["latest_date"])


def is_sample_data(db: DbPath = None) -> bool:
    """True when any current row came from a sample file (named ``mau_*``)."""
    return bool(_status(db).iloc[0]["is_sample"])


def has_data(db: DbPath = None) -> bool:
    """True when the warehouse holds any current indicator value or progress report.

    The plan years come from the catalog, so ``available_years`` is never empty once the
    database exists; this is the question "has anything been loaded yet".
    """
    return bool(_status(db).iloc[0]["has_data"])


def scope_name(code: str) -> str:
    """The Vietnamese name of a scope code, as ``scope_options`` labels it (the catalog)."""
    if code == DISTRICT:
        return labels.SCOPE_DISTRICT
    unit = common.units_by_code().get(code)
    return unit.name if unit else code


def scope_options(db: DbPath = None) -> pd.DataFrame:
    """Scopes to choose from: whole district first, then UBND Quận 1, the wards, the offices.

    ``kind`` is ``total`` (whole district), ``district`` (UBND Quận 1 office alone),
    ``ward`` or ``office``.
    """
    rows = [{"code": DISTRICT, "label": scope_name(DISTRICT), "kind": "total"}]
    units = sorted(common.units_by_code().values(), key=lambda u: common.unit_order()[u.code])
    for kind in ("district", "ward", "office"):
        for u in units:
            unit_kind = "office" if u.kind in ("office", "collective") else u.kind
            if unit_kind == kind:
                rows.append({"code": u.code, "label": scope_name(u.code), "kind": kind})
    return pd.DataFrame(rows, columns=["code", "label", "kind"])


def load_log(db: DbPath = None) -> pd.DataFrame:
    """Every load attempt, newest first."""
    return common.run("load_log", [None, 0], db)


def quarantine(db: DbPath = None, load_id: int | None = None) -> pd.DataFrame:
    """Refused rows with reasons (of one load, or all)."""
    return common.run("quarantine", [load_id], db)


# Rows one page of a long list shows (quarantine, load log): what is styled at once.
PAGE_ROWS = 200


def quarantine_page(
    files: list[str] | None = None,
    columns: list[str] | None = None,
    words: str | None = None,
    page: int = 1,
    db: DbPath = None,
    page_rows: int = PAGE_ROWS,
) -> tuple[pd.DataFrame, int]:
    """One page of refused rows matching the filters, and how many rows match in all.

    Filtering and paging run in the database, so the page costs the same with a million
    refused rows behind it. ``page_rows=None`` returns every matching row (the download).
    """
    words = (words or "").strip() or None
    limit = page_rows if page_rows is not None else 2**62
    offset = (max(page, 1) - 1) * (page_rows or 0)
    frame = common.run(
        "quarantine_page", [files or None, columns or None, words, limit, offset], db
    )
    total = int(frame["matched_total"].iloc[0]) if not frame.empty else 0
    return frame.drop(columns="matched_total"), total


def quarantine_facets(db: DbPath = None) -> dict[str, list[str] | int]:
    """The files and columns the quarantine filters offer, and the total of refused rows."""
    frame = common.run("quarantine_facets", [], db)
    total = frame.loc[frame["facet"] == "total", "n_rows"]
    return {
        "files": sorted(frame.loc[frame["facet"] == "file", "value"]),
        "columns": sorted(frame.loc[frame["facet"] == "column", "value"]),
        "total": int(total.iloc[0]) if len(total) else 0,
    }


def load_log_page(page: int = 1, db: DbPath = None, page_rows: int = PAGE_ROWS) -> pd.DataFrame:
    """One page of load attempts, newest first."""
    return common.run("load_log", [page_rows, (max(page, 1) - 1) * page_rows], db)


def load_counts(db: DbPath = None) -> dict[str, int]:
    """Loads, rows loaded, rows held back and files refused, over every load."""
    row = common.run("load_counts", [], db).iloc[0]
    return {k: int(v) for k, v in row.items()}
