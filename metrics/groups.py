"""Solution-group summary: task shares, KPI statuses and one overall status per group.

Overall status = the worse of two parts (rule and thresholds in the registry,
``group_status_rule``):

* KPIs: the worst status of the group's KPIs at district scope, ignoring ``no_target``
  and ``no_data``;
* tasks: share of tasks in ``task_statuses`` (overdue, behind, not_reported) >
  ``at_risk_share`` (40%) → at_risk, > ``behind_share`` (20%) → behind; every task done
  → met; otherwise on_track.

Order from worst: at_risk, behind, on_track, met. With neither part → no_data.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data import catalog
from data.catalog import load_registry
from data.catalog.indicators import GroupRule, Registry
from metrics.common import DbPath
from metrics.evaluate import kpi_table
from metrics.tasks import task_table

GROUP_COLUMNS = [
    "group",
    "name",
    "short_name",
    "status",
    "tasks_total",
    "tasks_done",
    "tasks_on_track",
    "tasks_behind",
    "tasks_overdue",
    "tasks_not_reported",
    "kpis_total",
    "kpis_met",
    "kpis_on_track",
    "kpis_behind",
    "kpis_at_risk",
    # additions beyond the published API
    "kpis_not_met",
    "tasks_continuous",
    "tasks_waiting",
    "kpis_no_data",
    "kpis_no_target",
    # the KPIs the group's status judges: those with a target and a value
    "kpis_judged",
    "task_status",
    "kpi_status",
    "share_tasks_late",
]
_SEVERITY = ("not_met", "at_risk", "behind", "on_track", "met")


def worst(statuses) -> str | None:
    """The worst of several statuses in not_met > at_risk > behind > on_track > met; None if none."""
    present = [s for s in statuses if s in _SEVERITY]
    return min(present, key=_SEVERITY.index) if present else None


def task_health(counts: dict[str, int], total: int, rule: GroupRule) -> tuple[str | None, float]:
    """Status of a group's tasks and the share that counts against it."""
    if total == 0:
        return None, 0.0
    share = sum(counts.get(s, 0) for s in rule.task_statuses) / total
    if share > rule.at_risk_share:
        return "at_risk", share
    if share > rule.behind_share:
        return "behind", share
    if counts.get("done", 0) == total:
        return "met", share
    return "on_track", share


def group_status(kpi_statuses, task_counts: dict[str, int], tasks_total: int, rule: GroupRule):
    """(overall, task part, KPI part, share of late tasks) of one group."""
    kpi_part = worst(kpi_statuses)
    task_part, share = task_health(task_counts, tasks_total, rule)
    overall = worst([p for p in (kpi_part, task_part) if p]) or "no_data"
    return overall, task_part, kpi_part, share


def _groups(year: int) -> list[catalog.Group]:
    try:
        return list(catalog.load_plan(year).groups)
    except FileNotFoundError:
        return []


def group_summary(
    year: int,
    as_of: str | dt.date | None = None,
    db: DbPath = None,
    registry: Registry | None = None,
    tasks: pd.DataFrame | None = None,
    kpis: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per solution group (I–V).

    ``tasks`` / ``kpis`` may be passed when the caller already has them (the report does),
    to save two queries.
    """
    registry = registry or load_registry()
    tasks = task_table(year, as_of, db, registry) if tasks is None else tasks
    kpis = kpi_table(year, as_of, "district", db, registry) if kpis is None else kpis
    rows = []
    for group in _groups(year):
        t = tasks[tasks["group"] == group.code]
        k = kpis[kpis["group"] == group.code]
        task_counts = t["status"].value_counts().to_dict()
        kpi_counts = k["status"].value_counts().to_dict()
        overall, task_part, kpi_part, share = group_status(
            k["status"].tolist(), task_counts, len(t), registry.group_rule
        )
        rows.append(
            {
                "group": group.code,
                "name": group.name,
                "short_name": group.short_name,
                "status": overall,
                "tasks_total": len(t),
                **{
                    f"tasks_{s}": int(task_counts.get(s, 0))
                    for s in (
                        "done",
                        "on_track",
                        "behind",
                        "overdue",
                        "not_reported",
                        "continuous",
                        "waiting",
                    )
                },
                "kpis_total": len(k),
                **{
                    f"kpis_{s}": int(kpi_counts.get(s, 0))
                    for s in (
                        "met",
                        "on_track",
                        "behind",
                        "at_risk",
                        "not_met",
                        "no_data",
                        "no_target",
                    )
                },
                "kpis_judged": int(k["status"].isin(_SEVERITY).sum()),
                "task_status": task_part,
                "kpi_status": kpi_part,
                "share_tasks_late": share * 100,
            }
        )
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)
