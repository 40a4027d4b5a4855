"""One plan year (``plan_<year>.yaml``): groups, tasks with their units and deadlines, periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    code: str  # Q1 | H1 | 9M | Y
    label: str  # Quý I | 6 tháng | 9 tháng | Năm
    start: dt.date
    end: dt.date
    due_date: dt.date  # last day a report counts as on time
    due_text: str


@dataclass(frozen=True)
class Group:
    code: str  # I..V
    name: str
    short_name: str
    icon: str | None = None  # Material icon name of the group's page


@dataclass(frozen=True)
class SubItem:
    id: str
    text: str
    stt_original: str


@dataclass(frozen=True)
class Task:
    id: str
    stt: str | None
    group: str
    order: int
    content: str
    solution: str
    sub_items: tuple[SubItem, ...]
    leads: tuple[str, ...]
    coordinators: tuple[str, ...]
    supervisors: tuple[str, ...]
    deadline_text: str | None
    deadline_kind: str  # date | continuous | missing
    deadline_date: dt.date | None
    corrections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    year: int
    number: str
    issued_date: dt.date
    title: str
    groups: tuple[Group, ...]
    tasks: tuple[Task, ...]
    periods: tuple[Period, ...]
    notes: tuple[str, ...] = ()

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def group(self, code: str) -> Group:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)

    def task_ids(self) -> frozenset[str]:
        """Task ids including sub-item ids (22.1, 22.2, 28.1, 28.2)."""
        ids = {t.id for t in self.tasks}
        ids.update(s.id for t in self.tasks for s in t.sub_items)
        return frozenset(ids)


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parse_plan(doc: dict) -> Plan:
    """A ``plan_<year>.yaml`` document as a typed plan."""
    plan = doc["plan"]
    groups = tuple(
        Group(g["code"], g["name"], g["short_name"], g.get("icon")) for g in doc["groups"]
    )
    periods = tuple(
        Period(
            code=p["code"],
            label=p["label"],
            start=_date(p["start"]),
            end=_date(p["end"]),
            due_date=_date(p["due_date"]),
            due_text=p["due_text"],
        )
        for p in doc["periods"]
    )
    tasks = tuple(
        Task(
            id=str(t["id"]),
            stt=None if t.get("stt") is None else str(t["stt"]),
            group=t["group"],
            order=int(t["order"]),
            content=t["content"],
            solution=t["solution"],
            sub_items=tuple(
                SubItem(str(s["id"]), s["text"], str(s["stt_original"]))
                for s in t.get("sub_items") or ()
            ),
            leads=tuple(t["leads"]),
            coordinators=tuple(t.get("coordinators") or ()),
            supervisors=tuple(t.get("supervisors") or ()),
            deadline_text=t.get("deadline_text"),
            deadline_kind=t["deadline_kind"],
            deadline_date=_date(t.get("deadline_date")),
            corrections=tuple(t.get("corrections") or ()),
        )
        for t in doc["tasks"]
    )
    return Plan(
        year=int(plan["year"]),
        number=plan["number"],
        issued_date=_date(plan["issued_date"]),
        title=plan["title"],
        groups=groups,
        tasks=tasks,
        periods=periods,
        notes=tuple(doc.get("notes") or ()),
    )
