"""Task status at a date, from each lead unit's latest report; roll-ups per lead unit.

Rules (also in ``metrics/README.md``), in order:

1. ``done``: every lead unit's latest report says done.
2. ``waiting``: a lead's latest report says it waits on a higher level or its guidance
   ("Chờ cấp trên, chờ hướng dẫn"); not counted as behind.
3. ``overdue``: the task has a deadline, the as-of date is on or after it (from the
   deadline day itself), and it is not done. A task of a one-year plan with no deadline
   written is due by the plan year's last day (an implicit deadline, marked as such).
4. ``not_reported``: a reporting period has fallen due (its due date is on or before the
   as-of date) and no lead unit has reported for the latest such period; for a
   continuous task, no lead has reported for every period that fell due.
5. ``continuous``: the task is "Thường xuyên"; it is judged on reporting only.
6. ``behind``: reported percent < elapsed share of the task's window × 100 − band points;
   the window runs from the plan's issue date to the deadline.
7. ``on_track`` otherwise (also before anything has fallen due).

The task percent is the mean of its lead units' latest percents (a report of done without
a percent counts 100, not started 0); reports on sub-items count for their task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from data import catalog
from data.catalog import fold, load_registry
from data.catalog.indicators import Registry
from metrics import common, labels
from metrics.common import DISTRICT, DbPath, is_missing

TASK_COLUMNS = [
    "task_id",
    "stt",
    "group",
    "order",
    "content",
    "solution",
    "leads",
    "lead_names",
    "deadline_text",
    "deadline_date",
    "status",
    "percent",
    "last_report_date",
    "note",
    "difficulties",
    # additions beyond the published API
    "deadline_kind",
    "status_label",
    "leads_total",
    "leads_reported",
    "latest_due_period",
    "expected_percent",
    "deadline_implicit",  # True: the plan gives no deadline; the plan year's end is used
]

_STATUS_BY_TEXT = {fold(label): key for key, label in labels.REPORT_STATUS.items()}
_STATUS_BY_TEXT.update({fold(k): k for k in labels.REPORT_STATUS})


def report_status_key(text) -> str | None:
    """``done`` / ``in_progress`` / ``not_started`` from a stored key or Vietnamese label."""
    if is_missing(text):
        return None
    return _STATUS_BY_TEXT.get(fold(str(text)), "in_progress")


@dataclass(frozen=True)
class LeadState:
    """One lead unit's latest report of a task (``status`` None: never reported)."""

    unit_code: str
    status: str | None = None
    percent: float | None = None
    reported_latest_due: bool = False
    reported_every_due: bool = True


def lead_percent(statuses: list[str | None], percent) -> float | None:
    if not is_missing(percent):
        return float(percent)
    keys = [report_status_key(s) for s in statuses]
    if keys and all(k == "done" for k in keys):
        return 100.0
    if keys and all(k == "not_started" for k in keys):
        return 0.0
    return None


def elapsed_share(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """Share of the task's window elapsed on ``as_of``, between 0 and 1."""
    span = (deadline - start).days
    if span <= 0:
        return 1.0 if as_of >= deadline else 0.0
    return max(0.0, min(1.0, (as_of - start).days / span))


def judge_task(
    leads: list[LeadState],
    *,
    deadline_kind: str,
    deadline_date: dt.date | None,
    as_of: dt.date,
    start: dt.date,
    any_period_due: bool,
    behind_points: float,
    year_end: dt.date | None = None,
) -> tuple[str, float | None, float | None]:
    """Status key, percent and expected percent of one task (rules in the module docstring).

    ``year_end``: the last day of a one-year plan; a task without a deadline
    (``deadline_kind`` ``missing``) is then due that day.
    """
    if deadline_kind == "missing" and year_end is not None:
        deadline_kind, deadline_date = "date", year_end
    percents = [s.percent for s in leads if s.percent is not None]
    percent = sum(percents) / len(percents) if percents else None
    expected = None
    if deadline_kind == "date" and deadline_date is not None:
        expected = 100 * elapsed_share(start, deadline_date, as_of)
    if leads and all(s.status == "done" for s in leads):
        return "done", percent if percent is not None else 100.0, expected
    if any(s.status == "waiting" for s in leads):
        return "waiting", percent, expected
    if deadline_kind == "date" and deadline_date is not None and deadline_date <= as_of:
        return "overdue", percent, expected
    if any_period_due and not any(s.reported_latest_due for s in leads):
        return "not_reported", percent, expected
    if deadline_kind != "date" or deadline_date is None:
        if any_period_due and not any(s.reported_every_due for s in leads):
            return "not_reported", percent, expected
        return "continuous", percent, expected
    if percent is not None and expected is not None and percent < expected - behind_points:
        return "behind", percent, expected
    return "on_track", percent, expected


def _state(r) -> LeadState:
    """A lead's state from one row of ``task_lead_status.sql``."""
    statuses = [] if r.statuses is None or is_missing(r.period_code) else list(r.statuses)
    keys = [report_status_key(s) for s in statuses]
    if not keys:
        status = None
    elif all(k == "done" for k in keys):
        status = "done"
    elif all(k == "not_started" for k in keys):
        status = "not_started"
    elif any(k == "waiting" for k in keys):
        status = "waiting"
    else:
        status = "in_progress"
    return LeadState(
        unit_code=r.unit_code,
        status=status,
        percent=lead_percent(statuses, r.percent_complete) if statuses else None,
        reported_latest_due=bool(r.reported_latest_due),
        reported_every_due=int(r.due_periods_reported or 0) >= int(r.due_periods or 0),
    )


def _lead_states(rows: list) -> list[LeadState]:
    """Lead states of one task.

    Leads that never report themselves are left out when the task has at least one lead
    that does: nobody can wait for their report.
    """
    rows = [r for r in rows if not is_missing(r.unit_code)]
    reporting = [r for r in rows if r.lead_reports]
    return [_state(r) for r in (reporting or rows)]


def _latest_text(rows: list, column: str, several: bool) -> str | None:
    """The newest non-empty note (or difficulty) among the leads, with the unit when several."""
    best = None
    order = common.unit_order()
    for r in rows:
        text = getattr(r, column)
        if is_missing(text) or not str(text).strip() or is_missing(r.last_report_date):
            continue
        key = (common.as_date(r.last_report_date), -order.get(r.unit_code, 0))
        if best is None or key > best[0]:
            unit = common.units_by_code().get(r.unit_code)
            label = unit.short_name if unit else r.unit_code
            best = (key, f"{label}: {text}" if several else str(text))
    return best[1] if best else None


def _fetch(year: int, as_of: dt.date, db: DbPath) -> pd.DataFrame:
    return common.run("task_lead_status", [year, as_of], db)


def _plan_leads(year: int) -> dict[str, tuple[str, ...]]:
    try:
        plan = catalog.load_plan(year)
    except FileNotFoundError:
        return {}
    return {t.id: t.leads for t in plan.tasks}


def task_table(
    year: int,
    as_of: str | dt.date | None = None,
    db: DbPath = None,
    registry: Registry | None = None,
    scope: str = DISTRICT,
) -> pd.DataFrame:
    """Every task of the plan with its status at ``as_of`` (see ``TASK_COLUMNS``).

    ``scope``: ``district`` for every task; a unit or ward code for the tasks it leads
    (``ALL_WARDS`` / ``ALL_UNITS`` expanded), each still judged on all its leads.
    """
    registry = registry or load_registry()
    as_of_date = common.parse_as_of(as_of, year)
    frame = _fetch(year, as_of_date, db)
    start = common.plan_start(year)
    year_end = dt.date(year, 12, 31)  # every plan_<year>.yaml is a one-year plan
    plan_leads = _plan_leads(year)
    by_task: dict[str, list] = {}
    for r in common.records(frame):
        by_task.setdefault(r.task_id, []).append(r)
    rows = []
    for task_id, group in by_task.items():
        if scope != DISTRICT and scope not in {r.unit_code for r in group}:
            continue
        first = group[0]
        states = _lead_states(group)
        deadline = common.as_date(first.deadline_date)
        status, percent, expected = judge_task(
            states,
            deadline_kind=first.deadline_kind,
            deadline_date=deadline,
            as_of=as_of_date,
            start=start,
            any_period_due=not is_missing(first.latest_due_period),
            behind_points=registry.task_behind_points,
            year_end=year_end,
        )
        implicit = first.deadline_kind == "missing"
        deadline_kind = "implicit" if implicit else first.deadline_kind
        if implicit:
            deadline = year_end
        leads = list(plan_leads.get(task_id, ())) or sorted(s.unit_code for s in states)
        several = len(states) > 1
        dates = [common.as_date(r.last_report_date) for r in group]
        dates = [d for d in dates if d is not None]
        rows.append(
            {
                "task_id": task_id,
                "stt": None if is_missing(first.stt) else first.stt,
                "group": first.group_code,
                "order": int(first.sort_order),
                "content": first.content,
                "solution": first.solution,
                "leads": leads,
                "lead_names": "; ".join(common.unit_name(c) for c in leads),
                "deadline_text": labels.implicit_deadline_text(year_end)
                if implicit
                else (None if is_missing(first.deadline_text) else first.deadline_text),
                "deadline_date": deadline,
                "status": status,
                "percent": percent,
                "last_report_date": max(dates) if dates else None,
                "note": _latest_text(group, "note", several),
                "difficulties": _latest_text(group, "difficulties", several),
                "deadline_kind": deadline_kind,
                "status_label": labels.task_status_label(status, deadline_kind),
                "leads_total": len(states),
                "leads_reported": sum(1 for s in states if s.status is not None),
                "latest_due_period": None
                if is_missing(first.latest_due_period)
                else first.latest_due_period,
                "expected_percent": expected,
                "deadline_implicit": implicit,
            }
        )
    out = pd.DataFrame(rows, columns=TASK_COLUMNS)
    return out.sort_values("order").reset_index(drop=True)


def task_by_unit(
    year: int,
    as_of: str | dt.date | None = None,
    db: DbPath = None,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """Per lead unit: how many of the tasks it leads are in each status.

    Each task is judged on that unit's own reports alone, so a ward's row shows that
    ward's progress on the tasks it shares with others.
    """
    registry = registry or load_registry()
    as_of_date = common.parse_as_of(as_of, year)
    frame = _fetch(year, as_of_date, db)
    start = common.plan_start(year)
    per_unit: dict[str, dict[str, int]] = {}
    for r in common.records(frame):
        if is_missing(r.unit_code) or not r.lead_reports:
            continue
        state = _state(r)
        deadline = common.as_date(r.deadline_date)
        status, _, _ = judge_task(
            [state],
            deadline_kind=r.deadline_kind,
            deadline_date=deadline,
            as_of=as_of_date,
            start=start,
            any_period_due=not is_missing(r.latest_due_period),
            behind_points=registry.task_behind_points,
            year_end=dt.date(year, 12, 31),
        )
        counts = per_unit.setdefault(r.unit_code, dict.fromkeys(labels.TASK_STATUS, 0))
        counts[status] += 1
    order = common.unit_order()
    rows = [
        {
            "unit_code": code,
            "unit_name": common.unit_name(code),
            "tasks_total": sum(counts.values()),
            **{f"tasks_{k}": v for k, v in counts.items()},
        }
        for code, counts in sorted(per_unit.items(), key=lambda kv: order.get(kv[0], 10**6))
    ]
    columns = ["unit_code", "unit_name", "tasks_total"] + [f"tasks_{k}" for k in labels.TASK_STATUS]
    return pd.DataFrame(rows, columns=columns)


def task_history(year: int, task_id: str, db: DbPath = None) -> pd.DataFrame:
    """Every report ever received for a task, superseded ones included, newest period first."""
    frame = common.run("task_history", [year, str(task_id)], db)
    frame["status"] = frame["status"].map(report_status_key)
    columns = [
        "unit_code",
        "unit_name",
        "period_code",
        "period_label",
        "status",
        "percent_complete",
        "output_document",
        "difficulties",
        "report_date",
        "loaded_at",
        "file_name",
        "superseded",
        "reported_task_id",
    ]
    return frame[columns]
