"""Counters and the lists they count come from one result: ComplianceView and task scope."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metrics import api
from metrics.compliance import ComplianceView

D = dt.date(2023, 2, 28)


def _rows(statuses: list[str]) -> pd.DataFrame:
    periods = ["Q1", "H1", "9M", "Y"]
    return pd.DataFrame(
        {
            "unit_code": [f"U{i}" for i in range(len(statuses))],
            "period_label": [periods[i % 4] for i in range(len(statuses))],
            "status": statuses,
            "due_date": [D] * len(statuses),
        }
    )


@pytest.mark.parametrize(
    ("statuses", "missing", "rate_received", "rate_on_time"),
    [
        # The case the pages got wrong: the latest period complete, an older one not.
        (["missing", "on_time", "late", "on_time"], 1, 75.0, 50.0),
        (["on_time", "on_time"], 0, 100.0, 100.0),
        (["missing", "missing", "late", "missing"], 3, 25.0, 0.0),
        ([], 0, None, None),
    ],
)
def test_compliance_view_counts_are_the_lengths_of_its_lists(
    statuses, missing, rate_received, rate_on_time
):
    """Test that the missing count is the length of the missing list, rates over all rows."""
    view = ComplianceView(scope="district", rows=_rows(statuses))
    counts = view.counts
    assert counts["missing"] == len(view.missing) == missing
    assert counts["expected"] == len(statuses)
    assert counts["rate_received"] == rate_received
    assert counts["rate_on_time"] == rate_on_time


@pytest.mark.parametrize(
    ("scope", "tasks"),
    [
        ("BN", ["14"]),  # a ward leads only the task given to all 10 wards
        ("TCKH", ["22", "23", "26"]),
        ("Q1", []),  # the district office leads no task itself
    ],
)
def test_task_table_follows_a_unit_scope_through_its_lead_units(sample_db, scope, tasks):
    """Test that a unit scope keeps exactly the tasks that unit leads, judged as district-wide."""
    scoped = api.task_table(2023, "2023-06", sample_db, scope=scope)
    assert scoped["task_id"].tolist() == tasks
    everything = api.task_table(2023, "2023-06", sample_db).set_index("task_id")
    assert scoped["status"].tolist() == everything.loc[tasks, "status"].tolist()


def test_compliance_view_of_one_ward_and_of_a_scope_that_does_not_report(sample_db):
    """Test that a ward's view holds only its rows and UBND Quận 1 expects nothing."""
    ward = api.compliance_view(2023, "2023-12", "BN", sample_db)
    assert set(ward.rows["unit_code"]) == {"BN"}
    assert len(ward.rows) == 4  # four periods fell due by December
    office = api.compliance_view(2023, "2023-12", "Q1", sample_db)
    assert office.rows.empty and not office.scope_reports
