"""One truth per page: for every month and scope, each counter equals the list it counts.

One app session walks every month of the plan year and every scope on the sample
database (built once per test session), so each page's counters are read against the
tables drawn beside them in the same run.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, state, text
from dashboard import briefing as files
from dashboard.briefing import TEXT
from metrics import api
from tests.conftest import header
from tests.dashboard.pages import script_page, switch_to

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def demo_mode(monkeypatch, sample_db):
    """Demo mode on the sample database, so the demo admin can be signed in."""
    monkeypatch.setenv("KPI_DEMO", "1")
    monkeypatch.delenv("KPI_READ_ONLY", raising=False)
    monkeypatch.delenv("KPI_USERS", raising=False)
    monkeypatch.setenv("KPI_DB", str(sample_db))


def _app(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[auth.USER_KEY] = "demo.admin"
    at.session_state[auth.SIGNED_IN_AT_KEY] = dt.datetime.now()
    switch_to(at, script_page(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _months(year: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def _set(at: AppTest, key: str, value: str) -> None:
    at.selectbox(key=key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]


def _metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace(".", ""))


def _rows(at: AppTest, has: str, lacks: str | None = None) -> int:
    """Rows of the one table on the page with column ``has`` (and not ``lacks``); 0 if none."""
    found = [
        t.value
        for t in [*at.table, *at.dataframe]
        if has in t.value.columns and (lacks is None or lacks not in t.value.columns)
    ]
    assert len(found) <= 1, f"{len(found)} tables with {has!r}"
    return len(found[0]) if found else 0


def _plan_year(sample_db) -> int:
    return api.available_years(sample_db)[-1]


def test_overview_counters_equal_their_lists_every_month_and_scope(sample_db):
    """Test that Tổng quan's task and report counters equal the lists beside them."""
    year = _plan_year(sample_db)
    scopes = api.scope_options(sample_db)["code"].tolist()
    at = _app("views/tong_quan.py")
    due = header("compliance", "due_date")
    content = header("tasks", "content")
    for month in _months(year):
        _set(at, state.MONTH_KEY, month)
        for scope in scopes:
            _set(at, state.SCOPE_KEY, scope)
            where = f"{month} {scope}"
            tasks = api.task_table(year, month, sample_db, scope=scope)
            assert _metric(at, text.TASKS_ALL) == len(tasks), where
            late = _metric(at, text.TASKS_LATE) + _metric(at, text.TASKS_BEHIND)
            assert late == _rows(at, content), where
            view = api.compliance_view(year, month, scope, sample_db)
            if view.rows.empty:
                assert not any(m.label == text.REPORTS_MISSING for m in at.metric), where
                assert _rows(at, due) == 0, where
            else:
                assert _metric(at, text.REPORTS_MISSING) == _rows(at, due), where


def test_compliance_page_counters_equal_their_lists_every_month(sample_db):
    """Test that Báo cáo đơn vị's missing count equals the remind list and the period sums."""
    year = _plan_year(sample_db)
    at = _app("views/bao_cao_don_vi.py")
    due = header("compliance", "due_date")
    received = header("compliance", "received_date")
    missing_header = header("compliance_counts", "missing")
    period = header("compliance_counts", "period_label")
    for month in _months(year):
        _set(at, state.MONTH_KEY, month)
        if api.compliance_view(year, month, db=sample_db).rows.empty:
            assert any(i.value == text.NO_PERIOD_DUE for i in at.info), month
            continue
        shown = _metric(at, text.REPORTS_MISSING)
        assert shown == _rows(at, due, lacks=received), month
        per_period = next(
            t.value
            for t in at.table
            if period in t.value.columns and missing_header in t.value.columns
        )
        assert shown == sum(int(v) for v in per_period[missing_header]), month


def test_briefing_counts_equal_its_lists_every_month(sample_db):
    """Test that Bản tin's problem headings and its report sentence count the lines listed."""
    year = _plan_year(sample_db)
    at = _app("views/ban_tin.py")
    heading = re.compile(r"^\*\*(.+) \((\d+)\)\*\*$")
    for month in _months(year):
        _set(at, state.MONTH_KEY, month)
        markdown = [m.value for m in at.markdown]
        counts = {}
        for i, value in enumerate(markdown):
            match = heading.match(value)
            if match:
                count, following = int(match.group(2)), markdown[i + 1]
                listed = [line for line in following.split("\n") if line.startswith("- ")]
                assert len(listed) == min(count, files.MAX_ROWS), (month, match.group(1))
                if count > files.MAX_ROWS:
                    assert TEXT["more"].format(n=count - files.MAX_ROWS) in following, month
                counts[match.group(1)] = count
        missing = counts[TEXT["missing"]]
        sentence = " ".join(markdown)
        if missing:
            assert f"còn {missing} báo cáo chưa nộp" in sentence, month
        elif not api.compliance_view(year, month, db=sample_db).rows.empty:
            assert "không còn báo cáo nào chưa nộp" in sentence, month
