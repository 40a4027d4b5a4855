"""The dashboard's one caching decorator: keyed on the data version, bounded, cleared on demand."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from dashboard import cache
from data.store import db
from metrics import api, common
from tests.conftest import ROOT

YEAR = 2023


@pytest.fixture
def dashboard_db(metrics_db, tmp_path, monkeypatch):
    """A copy of the fixture warehouse as the dashboard's database, every cache empty."""
    path = tmp_path / "kpi.duckdb"
    shutil.copy(metrics_db, path)
    monkeypatch.setenv("KPI_DB", str(path))
    cache.clear()
    common.clear_memo()
    yield path
    cache.clear()
    common.clear_memo()


def dialogues(frame) -> float:
    """The value of the business-dialogue count in a KPI table."""
    return frame.set_index("code").loc["doi_thoai_dn", "value"]


def test_two_calls_without_change_hit_the_cache(dashboard_db):
    """Test that a second call, defaults spelled out or not, does not run the function."""
    calls = []

    def table(year, as_of, scope=api.DISTRICT, db=None):
        calls.append((year, as_of, scope, db))
        return api.kpi_table(year, as_of, scope, db)

    cached_table = cache.cached(table)
    first = cached_table(YEAR, "2023-03")
    first.loc[0, "value"] = -1  # a caller's change stays its own
    again = cached_table(YEAR, "2023-03", api.DISTRICT)
    assert calls == [(YEAR, "2023-03", api.DISTRICT, str(dashboard_db))]
    assert dialogues(again) == 2
    cached_table(YEAR, "2023-04")
    assert len(calls) == 2
    assert cached_table.__name__ == "table"


def test_a_load_by_another_connection_is_seen_by_the_next_call(dashboard_db):
    """Test that a load through its own writer connection changes the next cached answer."""
    from data.store.ingest import ingest_bytes

    assert dialogues(cache.kpi_table(YEAR, "2023-03")) == 2  # Q1 office in Feb + BN in March
    content = "Mã chỉ số;Phạm vi;Kỳ số liệu;Giá trị\ndoi_thoai_dn;BT;2023-03;3\n".encode()
    result = ingest_bytes(
        "them.csv", content, db_file=dashboard_db, archive=dashboard_db.parent / "archive"
    )
    assert result.status == "loaded", result
    assert dialogues(cache.kpi_table(YEAR, "2023-03")) == 5


def test_a_change_by_another_process_is_seen_by_the_next_call(dashboard_db):
    """Test that the file stamp alone (no writer in this process) invalidates the cache.

    The other process writes right after this one read: its writer waits for the shared
    read-only connection of this process to be given up.
    """
    assert dialogues(cache.kpi_table(YEAR, "2023-03")) == 2
    before = db.data_version(dashboard_db)
    script = textwrap.dedent(
        f"""
        from data.store import db
        with db.writer({str(dashboard_db)!r}, wait=10) as con:
            con.execute(
                "update core.indicator_value set value = value + 10 "
                "where indicator_code = 'doi_thoai_dn' and scope_code = 'BN' "
                "and superseded_at is null"
            )
        """
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
    after = db.data_version(dashboard_db)
    assert after.writes == before.writes and after != before
    assert dialogues(cache.kpi_table(YEAR, "2023-03")) == 12


def test_every_writer_connection_changes_the_data_version(dashboard_db):
    """Test that closing a writer changes the version even if it changed nothing."""
    before = db.data_version(dashboard_db)
    with db.writer(dashboard_db):
        pass
    after = db.data_version(dashboard_db)
    assert after.writes == before.writes + 1
    assert after != before


def test_clear_forgets_every_entry(dashboard_db):
    """Test that ``clear`` (after an upload) makes the next call compute again."""
    calls = []

    def years(db=None):
        calls.append(db)
        return api.available_years(db)

    cached_years = cache.cached(years)
    assert cached_years() == cached_years() == [YEAR]
    cache.clear()
    assert cached_years() == [YEAR]
    assert len(calls) == 2


def test_page_functions_answer_like_the_api(dashboard_db):
    """Test that the cached names pages call return what ``metrics.api`` returns."""
    import pandas as pd

    as_of = "2023-06"
    pd.testing.assert_frame_equal(
        cache.group_summary(YEAR, as_of), api.group_summary(YEAR, as_of, dashboard_db)
    )
    pd.testing.assert_frame_equal(
        cache.compliance_by_unit(YEAR, as_of), api.compliance_by_unit(YEAR, as_of, dashboard_db)
    )
    pd.testing.assert_frame_equal(cache.quarantine(), api.quarantine(dashboard_db))
    many = cache.kpi_series_many(["doi_thoai_dn"], YEAR, as_of)
    pd.testing.assert_frame_equal(
        many["doi_thoai_dn"], api.kpi_series("doi_thoai_dn", YEAR, as_of, db=dashboard_db)
    )
    assert cache.latest_month(YEAR) == api.latest_month(YEAR, dashboard_db)
