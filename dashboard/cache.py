"""The one module that owns Streamlit caching: cached wrappers of ``metrics.api``.

``cached`` turns a metrics function (one that takes ``db``) into what a page calls: the
same arguments without ``db``. Every cache has a TTL and a size bound, and the key of
every entry includes the database's data version (``data.store.db.data_version``), so a
load by the command line or another process shows up on the next render without a
restart; a load from the upload page also clears the caches at once (``clear``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from data.store import db
from metrics import api
from metrics.briefing import build_briefing

TTL = 600  # seconds; a safety net, the data version already invalidates on change
SMALL = 64
LARGE = 256


def db_path() -> str:
    """The database the dashboard reads: ``KPI_DB`` or the warehouse default."""
    return str(db.db_path())


def clear() -> None:
    """Forget every cached result (after this process loaded a file)."""
    st.cache_data.clear()


def cached(fn: Callable[..., Any], *, max_entries: int = SMALL, ttl: int = TTL) -> Callable:
    """``fn`` without its ``db`` argument, cached per data version of the dashboard's database.

    Arguments are bound to ``fn``'s signature with its defaults, so ``f(2023, "2023-06")``
    and ``f(2023, "2023-06", "district")`` share one entry; results are copies.

    Args:
        fn: A function taking ``db`` (a path) and hashable or list arguments.
        max_entries: Most entries kept (least recently used dropped).
        ttl: Seconds an entry lives at most.

    Returns:
        A function with ``fn``'s other parameters, docstring and name.
    """
    signature = inspect.signature(fn)

    def compute(path: str, version: db.DataVersion, arguments: dict) -> Any:
        return fn(**arguments, db=path)

    # Streamlit tells caches apart by module, qualified name and source: give each its own.
    compute.__qualname__ = f"cached.{fn.__module__}.{fn.__qualname__}"
    store = st.cache_data(ttl=ttl, max_entries=max_entries, show_spinner=False)(compute)

    def call(*args, **kwargs) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = {k: v for k, v in bound.arguments.items() if k != "db"}
        path = db_path()
        return store(path, db.data_version(path), arguments)

    call.__name__ = fn.__name__
    call.__qualname__ = fn.__qualname__
    call.__doc__ = fn.__doc__
    call.clear = store.clear
    return call


available_years = cached(api.available_years)
latest_month = cached(api.latest_month)
data_freshness = cached(api.data_freshness)
is_sample_data = cached(api.is_sample_data)
has_data = cached(api.has_data)
scope_options = cached(api.scope_options)
kpi_table = cached(api.kpi_table, max_entries=LARGE)
kpi_series = cached(api.kpi_series, max_entries=LARGE)
kpi_series_many = cached(api.kpi_series_many)
kpi_by_ward = cached(api.kpi_by_ward, max_entries=LARGE)
ward_month_matrix = cached(api.ward_month_matrix, max_entries=LARGE)
yearly_series = cached(api.yearly_series)
pci_subindices = cached(api.pci_subindices)
task_table = cached(api.task_table)
task_by_unit = cached(api.task_by_unit)
task_history = cached(api.task_history, max_entries=LARGE)
compliance_table = cached(api.compliance_table)
load_log = cached(api.load_log)
quarantine = cached(api.quarantine)
quarantine_page = cached(api.quarantine_page, max_entries=LARGE)
quarantine_facets = cached(api.quarantine_facets)
load_log_page = cached(api.load_log_page, max_entries=LARGE)
load_counts = cached(api.load_counts)
reconciliation = cached(api.reconciliation)
overdue_dossiers = cached(api.overdue_dossiers, max_entries=LARGE)
briefing = cached(build_briefing)


def _compliance_summary(year: int, as_of: str, db: str | None = None) -> pd.DataFrame:
    """Reporting compliance per period, from the cached compliance table."""
    return api.compliance_summary(year, as_of, db, table=compliance_table(year, as_of))


def _compliance_by_unit(year: int, as_of: str, db: str | None = None) -> pd.DataFrame:
    """Reporting compliance per unit, from the cached compliance table."""
    return api.compliance_by_unit(year, as_of, db, table=compliance_table(year, as_of))


def _group_summary(year: int, as_of: str, db: str | None = None) -> pd.DataFrame:
    """One row per solution group, from the overview's two cached tables."""
    tasks = task_table(year, as_of)
    kpis = kpi_table(year, as_of, api.DISTRICT)
    return api.group_summary(year, as_of, db, tasks=tasks, kpis=kpis)


def _compliance_view(year: int, as_of: str, scope: str = api.DISTRICT, db: str | None = None):
    """Reports expected of one scope, from the cached compliance table."""
    return api.compliance_view(year, as_of, scope, db, table=compliance_table(year, as_of))


compliance_view = cached(_compliance_view)
compliance_summary = cached(_compliance_summary)
compliance_by_unit = cached(_compliance_by_unit)
group_summary = cached(_group_summary)


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def template_bytes(kind: str, year: int | None) -> bytes:
    """The .xlsx input template of one kind (built once an hour at most)."""
    from data.intake import templates

    return templates.build_template(kind, year)
