"""The one module that owns Streamlit caching: cached wrappers of ``metrics.api``.

Every cache has a TTL and a size bound. The key of every entry includes the database path
and its "data version" (modification times of the file and its write-ahead log), so a
load by the command line or another process shows up on the next render without a
restart; a load from the upload page also clears the caches at once (``clear``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from metrics import api

TTL = 600  # seconds; a safety net, the data version already invalidates on change
SMALL = 64
LARGE = 256


def db_path() -> str:
    """The database the dashboard reads: ``KPI_DB`` or the warehouse default."""
    from data.store import db  # the one door to DuckDB also owns the path rule

    return str(db.db_path())


def data_version() -> tuple[str, int, int]:
    """Path and modification times of the database file and its WAL (0 when absent)."""
    path = Path(db_path())

    def mtime(p: Path) -> int:
        try:
            return p.stat().st_mtime_ns
        except OSError:
            return 0

    return str(path), mtime(path), mtime(path.with_name(path.name + ".wal"))


def clear() -> None:
    """Forget every cached result (after this process loaded a file)."""
    st.cache_data.clear()


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _available_years(version: tuple) -> list[int]:
    return api.available_years(version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _latest_month(version: tuple, year: int) -> str | None:
    return api.latest_month(year, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _freshness(version: tuple):
    return api.data_freshness(version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _is_sample(version: tuple) -> bool:
    return api.is_sample_data(version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _has_data(version: tuple) -> bool:
    return api.has_data(version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _scope_options(version: tuple) -> pd.DataFrame:
    return api.scope_options(version[0])


@st.cache_data(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _kpi_table(version: tuple, year: int, as_of: str, scope: str) -> pd.DataFrame:
    return api.kpi_table(year, as_of, scope, version[0])


@st.cache_data(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _kpi_series(version: tuple, code: str, year: int, as_of: str, scope: str) -> pd.DataFrame:
    return api.kpi_series(code, year, as_of, scope, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _kpi_series_many(
    version: tuple, codes: tuple[str, ...], year: int, as_of: str, scope: str
) -> dict[str, pd.DataFrame]:
    return api.kpi_series_many(list(codes), year, as_of, scope, version[0])


@st.cache_data(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _kpi_by_ward(version: tuple, code: str, year: int, as_of: str) -> pd.DataFrame:
    return api.kpi_by_ward(code, year, as_of, version[0])


@st.cache_data(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _ward_month_matrix(version: tuple, code: str, year: int, as_of: str) -> pd.DataFrame:
    return api.ward_month_matrix(code, year, as_of, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _yearly_series(version: tuple, code: str) -> pd.DataFrame:
    return api.yearly_series(code, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _pci_subindices(version: tuple, year: int) -> pd.DataFrame:
    return api.pci_subindices(year, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _task_table(version: tuple, year: int, as_of: str) -> pd.DataFrame:
    return api.task_table(year, as_of, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _task_by_unit(version: tuple, year: int, as_of: str) -> pd.DataFrame:
    return api.task_by_unit(year, as_of, version[0])


@st.cache_data(ttl=TTL, max_entries=LARGE, show_spinner=False)
def _task_history(version: tuple, year: int, task_id: str) -> pd.DataFrame:
    return api.task_history(year, task_id, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _compliance_table(version: tuple, year: int, as_of: str) -> pd.DataFrame:
    return api.compliance_table(year, as_of, version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _compliance_summary(version: tuple, year: int, as_of: str) -> pd.DataFrame:
    table = _compliance_table(version, year, as_of)
    return api.compliance_summary(year, as_of, version[0], table=table)


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _compliance_by_unit(version: tuple, year: int, as_of: str) -> pd.DataFrame:
    table = _compliance_table(version, year, as_of)
    return api.compliance_by_unit(year, as_of, version[0], table=table)


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _group_summary(version: tuple, year: int, as_of: str) -> pd.DataFrame:
    # The same two tables the overview shows: computed once, shared through their caches.
    tasks = _task_table(version, year, as_of)
    kpis = _kpi_table(version, year, as_of, api.DISTRICT)
    return api.group_summary(year, as_of, version[0], tasks=tasks, kpis=kpis)


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _load_log(version: tuple) -> pd.DataFrame:
    return api.load_log(version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _quarantine(version: tuple) -> pd.DataFrame:
    return api.quarantine(version[0])


@st.cache_data(ttl=TTL, max_entries=SMALL, show_spinner=False)
def _briefing(version: tuple, month: str):
    from metrics.briefing import build_briefing

    return build_briefing(month, version[0])


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def template_bytes(kind: str, year: int | None) -> bytes:
    """The .xlsx input template of one kind (built once an hour at most)."""
    from data.intake import templates

    return templates.build_template(kind, year)


def available_years() -> list[int]:
    """Plan years with data, oldest first."""
    return _available_years(data_version())


def latest_month(year: int) -> str | None:
    """Latest ``YYYY-MM`` of ``year`` with data."""
    return _latest_month(data_version(), year)


def data_freshness():
    """Date the current data speaks up to (or None)."""
    return _freshness(data_version())


def is_sample_data() -> bool:
    """True when any current row came from a sample file."""
    return _is_sample(data_version())


def has_data() -> bool:
    """True once any indicator value or progress report has been loaded."""
    return _has_data(data_version())


def scope_options() -> pd.DataFrame:
    """Scopes to choose from: ``code, label, kind``."""
    return _scope_options(data_version())


def kpi_table(year: int, as_of: str, scope: str = api.DISTRICT) -> pd.DataFrame:
    """Every KPI of a scope at an as-of month."""
    return _kpi_table(data_version(), year, as_of, scope)


def kpi_series(code: str, year: int, as_of: str, scope: str = api.DISTRICT) -> pd.DataFrame:
    """One KPI month by month with target and glide path."""
    return _kpi_series(data_version(), code, year, as_of, scope)


def kpi_series_many(
    codes: list[str], year: int, as_of: str, scope: str = api.DISTRICT
) -> dict[str, pd.DataFrame]:
    """Several KPIs month by month, computed together: ``{code: frame}``."""
    return _kpi_series_many(data_version(), tuple(codes), year, as_of, scope)


def kpi_by_ward(code: str, year: int, as_of: str) -> pd.DataFrame:
    """One KPI in each ward, best first."""
    return _kpi_by_ward(data_version(), code, year, as_of)


def ward_month_matrix(code: str, year: int, as_of: str) -> pd.DataFrame:
    """One KPI per ward and month (the heat map)."""
    return _ward_month_matrix(data_version(), code, year, as_of)


def yearly_series(code: str) -> pd.DataFrame:
    """Final value of every year with data, with target and status."""
    return _yearly_series(data_version(), code)


def pci_subindices(year: int) -> pd.DataFrame:
    """The ten PCI sub-indices, this year and last, weakest first."""
    return _pci_subindices(data_version(), year)


def task_table(year: int, as_of: str) -> pd.DataFrame:
    """Every task with its status at the as-of month."""
    return _task_table(data_version(), year, as_of)


def task_by_unit(year: int, as_of: str) -> pd.DataFrame:
    """Task status counts per lead unit."""
    return _task_by_unit(data_version(), year, as_of)


def task_history(year: int, task_id: str) -> pd.DataFrame:
    """Every report received for a task."""
    return _task_history(data_version(), year, task_id)


def compliance_table(year: int, as_of: str) -> pd.DataFrame:
    """One row per expected report."""
    return _compliance_table(data_version(), year, as_of)


def compliance_summary(year: int, as_of: str) -> pd.DataFrame:
    """Reporting compliance per period."""
    return _compliance_summary(data_version(), year, as_of)


def compliance_by_unit(year: int, as_of: str) -> pd.DataFrame:
    """Reporting compliance per unit."""
    return _compliance_by_unit(data_version(), year, as_of)


def group_summary(year: int, as_of: str) -> pd.DataFrame:
    """One row per solution group with its status."""
    return _group_summary(data_version(), year, as_of)


def briefing(month: str):
    """Everything the monthly briefing says about ``month`` (``metrics.briefing.Briefing``)."""
    return _briefing(data_version(), month)


def load_log() -> pd.DataFrame:
    """Every load attempt, newest first."""
    return _load_log(data_version())


def quarantine() -> pd.DataFrame:
    """Every refused row with its reason."""
    return _quarantine(data_version())
