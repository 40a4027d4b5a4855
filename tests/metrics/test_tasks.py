"""Task status, reporting compliance and group summary on the fixture warehouse."""

from __future__ import annotations

import datetime as dt

import pytest

from data import catalog
from metrics import api


def _tasks(db, as_of):
    return api.task_table(2023, as_of, db=db).set_index("task_id")


def test_task_statuses_at_end_of_june(metrics_db):
    """Test each task's status on 30/06/2023 (H1 fell due on 31/05)."""
    tasks = _tasks(metrics_db, "2023-06")
    # Elapsed share of 18/01–31/12 on 30/06: 163/347 = 46.97 %; behind below 31.97 %.
    assert tasks.loc["1", "status"] == "behind"  # 30 %
    assert tasks.loc["3", "status"] == "on_track"  # 40 %
    assert tasks.loc["4", "status"] == "done"
    assert tasks.loc["5", "status"] == "continuous"  # reported for H1, no deadline
    assert tasks.loc["27", "status"] == "overdue"  # deadline 30/06 is today: overdue from it
    assert tasks.loc["2", "status"] == "not_reported"  # nobody reported on it
    assert tasks.loc["15", "status"] == "not_reported"  # no deadline, no report


def test_overdue_task(metrics_db):
    """Test that a task past its deadline and not done is overdue."""
    tasks = _tasks(metrics_db, "2023-07")
    assert tasks.loc["27", "status"] == "overdue"
    assert tasks.loc["27", "percent"] == 55
    assert tasks.loc["27", "difficulties"] == "Chờ Thành phố hướng dẫn"


def test_continuous_task_needs_reports(metrics_db):
    """Test that a continuous task is judged on reporting only."""
    assert _tasks(metrics_db, "2023-06").loc["5", "status"] == "continuous"
    assert _tasks(metrics_db, "2023-09").loc["5", "status"] == "not_reported"  # no 9M report
    assert (
        api.task_table(2023, "2023-06", db=metrics_db)
        .set_index("task_id")
        .loc["15", "status_label"]
        == "Chưa báo cáo"
    )


def test_before_any_due_date_nothing_is_missing(metrics_db):
    """Test that in early February no task is 'not reported' yet."""
    tasks = _tasks(metrics_db, dt.date(2023, 2, 15))
    assert "not_reported" not in set(tasks["status"])


def test_sub_items_count_for_their_task(metrics_db):
    """Test that reports on 22.1 and 22.2 make up task 22 (done + 50 % → 75 %)."""
    task = _tasks(metrics_db, "2023-06").loc["22"]
    assert task["status"] in ("on_track", "behind")
    assert task["percent"] == pytest.approx(75)


def test_as_of_before_a_submission_hides_it(metrics_db):
    """Test that a report dated after the as-of date is not seen."""
    before = _tasks(metrics_db, dt.date(2023, 6, 4)).loc["22"]
    assert before["status"] == "not_reported" and before["last_report_date"] is None
    after = _tasks(metrics_db, dt.date(2023, 6, 5)).loc["22"]
    assert after["last_report_date"] == dt.date(2023, 6, 5)


def test_task_row_carries_latest_note(metrics_db):
    """Test that the latest note and report date come from the leads' latest reports."""
    task = _tasks(metrics_db, "2023-06").loc["1"]
    assert task["note"] == '=HYPERLINK("x")'
    assert task["last_report_date"] == dt.date(2023, 5, 25)
    assert task["leads"] == ["NV"]


def test_shared_task_with_all_wards(metrics_db):
    """Test that a task led by NV and every ward counts each ward as a lead."""
    task = _tasks(metrics_db, "2023-06").loc["14"]
    assert task["leads_total"] == 11
    assert task["leads_reported"] == 1
    assert task["percent"] == 60
    assert task["note"].endswith("-5 hồ sơ tồn")


def test_task_history(metrics_db):
    """Test the history of a task lists every report of its lead."""
    history = api.task_history(2023, "1", db=metrics_db)
    assert history["period_code"].tolist() == ["H1", "Q1"]
    assert history["status"].tolist() == ["in_progress", "in_progress"]


def test_task_by_unit(metrics_db):
    """Test the roll-up per lead unit."""
    units = api.task_by_unit(2023, "2023-06", db=metrics_db).set_index("unit_code")
    assert units.loc["BN", "tasks_total"] == 1
    assert units.loc["TCKH", "tasks_total"] == sum(
        "TCKH" in t.leads for t in catalog.load_plan(2023).tasks
    )


# --------------------------------------------------------------------------- compliance


def _reporting_units() -> int:
    return sum(1 for u in catalog.load_units() if u.reports)


def _compliance(db, as_of):
    table = api.compliance_table(2023, as_of, db=db)
    return table.set_index(["unit_code", "period_code"])


def test_on_time_late_and_missing(metrics_db):
    """Test each unit's report status for Q1 and H1 at the end of June."""
    table = _compliance(metrics_db, "2023-06")
    assert table.loc[("NV", "Q1"), "status"] == "on_time"
    assert table.loc[("NV", "H1"), "status"] == "on_time"
    assert table.loc[("BN", "Q1"), "status"] == "late"  # 02/03 after 28/02
    assert table.loc[("BN", "Q1"), "days_late"] == 2
    assert table.loc[("BN", "H1"), "status"] == "on_time"  # on the due date itself
    assert table.loc[("TCKH", "Q1"), "status"] == "missing"
    assert table.loc[("TCKH", "H1"), "status"] == "late"
    assert table.loc[("TCKH", "H1"), "received_date"] == dt.date(2023, 6, 5)
    assert len(table) == 2 * _reporting_units()


def test_as_of_before_a_late_report_shows_it_missing(metrics_db):
    """Test that a late report is missing until the day it arrived."""
    assert _compliance(metrics_db, dt.date(2023, 6, 4)).loc[("TCKH", "H1"), "status"] == "missing"
    assert _compliance(metrics_db, "2023-05").loc[("BN", "H1"), "status"] == "on_time"
    assert set(_compliance(metrics_db, "2023-02").index.get_level_values(1)) == {"Q1"}
    assert api.compliance_table(2023, dt.date(2023, 2, 27), db=metrics_db).empty


def test_compliance_rates(metrics_db):
    """Test the DHIS2 rates per period and per unit."""
    n = _reporting_units()
    summary = api.compliance_summary(2023, "2023-06", db=metrics_db).set_index("period_code")
    q1 = summary.loc["Q1"]
    assert (q1["expected"], q1["on_time"], q1["late"], q1["missing"]) == (n, 1, 1, n - 2)
    assert q1["rate_received"] == pytest.approx(200 / n)
    assert q1["rate_on_time"] == pytest.approx(100 / n)
    units = api.compliance_by_unit(2023, "2023-06", db=metrics_db).set_index("unit_code")
    assert units.loc["TCKH", "rate_received"] == pytest.approx(50.0)
    assert units.loc["TCKH", "rate_on_time"] == pytest.approx(0.0)
    assert units.loc["NV", "rate_on_time"] == pytest.approx(100.0)


# --------------------------------------------------------------------------- groups


def test_group_summary(metrics_db):
    """Test the group roll-up: counts match the task table and each group has a status."""
    groups = api.group_summary(2023, "2023-06", db=metrics_db).set_index("group")
    tasks = api.task_table(2023, "2023-06", db=metrics_db)
    assert list(groups.index) == ["I", "II", "III", "IV", "V"]
    assert groups["tasks_total"].sum() == len(tasks)
    assert groups.loc["I", "tasks_done"] == 1  # task 4
    assert set(groups["status"]) <= {"met", "on_track", "behind", "at_risk", "no_data"}
    # Group I: of 9 tasks, 1 behind and 5 not reported (> 40 %) → at risk.
    assert groups.loc["I", "status"] == "at_risk"
