"""The plan catalog: groups, tasks, units, wards, reporting periods and indicator codes.

Everything here is read from reviewed data files under ``data/catalog/``:
``units.yaml`` (offices and wards, stable across years), ``plan_<year>.yaml`` (one per
plan year) and ``indicators.yaml`` (the indicator registry shared with ``metrics``).
A new plan year is a new ``plan_<year>.yaml``, not new code.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from checks.result import IndicatorSpec, ReferenceSets

CATALOG_DIR = Path(os.environ.get("KPI_CATALOG") or Path(__file__).parent)

# Pseudo-units used in the appendix for "every office" and "every ward".
ALL_UNITS = "ALL_UNITS"
ALL_WARDS = "ALL_WARDS"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str  # district | office | ward | collective | external
    short_name: str
    name_original: str | None = None
    correction: str | None = None
    aliases: tuple[str, ...] = ()
    reports: bool = False


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
    icon: str = ""  # Material icon of the group's dashboard page, e.g. ":material/gavel:"


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

    def task_ids(self) -> frozenset[str]:
        """Task ids including sub-item ids (22.1, 22.2, 28.1, 28.2)."""
        ids = {t.id for t in self.tasks}
        ids.update(s.id for t in self.tasks for s in t.sub_items)
        return frozenset(ids)


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation: the key for lenient matching."""
    text = unicodedata.normalize("NFC", str(text)).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        # libyaml's safe loader when installed: the same values, about ten times faster
        # (the units and the plan are read on the first page a dashboard process draws).
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=4)
def load_units(catalog_dir: Path = CATALOG_DIR) -> tuple[Unit, ...]:
    doc = _read_yaml(catalog_dir / "units.yaml")
    return tuple(
        Unit(
            code=u["code"],
            name=u["name"],
            kind=u["kind"],
            short_name=u.get("short_name") or u["name"],
            name_original=u.get("name_original"),
            correction=u.get("correction"),
            aliases=tuple(u.get("aliases") or ()),
            reports=bool(u.get("reports", False)),
        )
        for u in doc["units"]
    )


def available_years(catalog_dir: Path = CATALOG_DIR) -> list[int]:
    return sorted(int(p.stem.split("_")[1]) for p in catalog_dir.glob("plan_*.yaml"))


@lru_cache(maxsize=8)
def load_plan(year: int | None = None, catalog_dir: Path = CATALOG_DIR) -> Plan:
    """Load the plan of ``year`` (default: the latest plan file)."""
    if year is None:
        years = available_years(catalog_dir)
        if not years:
            raise FileNotFoundError(f"no plan_<year>.yaml in {catalog_dir}")
        year = years[-1]
    doc = _read_yaml(catalog_dir / f"plan_{year}.yaml")
    plan = doc["plan"]
    groups = tuple(
        Group(g["code"], g["name"], g["short_name"], g.get("icon") or "") for g in doc["groups"]
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


@lru_cache(maxsize=4)
def load_indicator_specs(catalog_dir: Path = CATALOG_DIR) -> dict[str, IndicatorSpec]:
    """The slice of the indicator registry that reading and checking need."""
    doc = _read_yaml(catalog_dir / "indicators.yaml")
    specs = {}
    for ind in doc["indicators"]:
        rng = ind.get("range") or {}
        specs[ind["code"]] = IndicatorSpec(
            code=ind["code"],
            kind=ind["kind"],
            period_type=ind["period_type"],
            scopes=tuple(ind["scopes"]),
            min_value=rng.get("min"),
            max_value=rng.get("max"),
        )
    return specs


def reference_sets(year: int | None = None, catalog_dir: Path = CATALOG_DIR) -> ReferenceSets:
    """Everything the checks compare a file against, for one plan year."""
    plan = load_plan(year, catalog_dir)
    units = load_units(catalog_dir)
    wards = frozenset(u.code for u in units if u.kind == "ward")
    offices = frozenset(u.code for u in units if u.kind in ("office", "collective"))
    district = next(u.code for u in units if u.kind == "district")
    return ReferenceSets(
        year=plan.year,
        unit_codes=frozenset(u.code for u in units if u.kind in ("office", "collective", "ward")),
        ward_codes=wards,
        district_code=district,
        office_codes=offices,
        task_ids=plan.task_ids(),
        period_codes=frozenset(p.code for p in plan.periods),
        indicators=load_indicator_specs(catalog_dir),
        history_years=frozenset(range(plan.year - 5, plan.year)),
    )


@lru_cache(maxsize=4)
def load_indicator_registry(catalog_dir: Path = CATALOG_DIR) -> tuple[dict, ...]:
    """The indicator registry entries as plain mappings (typed models live in ``metrics``)."""
    return tuple(_read_yaml(catalog_dir / "indicators.yaml")["indicators"])
