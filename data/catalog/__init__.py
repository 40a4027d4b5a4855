"""The catalog: plan, units, indicators, input kinds, labels and display columns, read once.

Everything the code knows about the plan being monitored is a reviewed data file in this
folder (see ``README.md``): ``units.yaml``, ``plan_<year>.yaml`` (one per plan year),
``indicators.yaml`` (the indicator registry), ``inputs.yaml`` (the columns of submitted
files and the names people use for them), ``labels.yaml`` (every status and kind key with
its Vietnamese label) and ``display.yaml`` (how each table's columns read on screen and in
exports). ``load()`` parses them once per process into one typed ``Catalog``; every layer
takes its view of it and nothing else reads these files. A new plan year is a new
``plan_<year>.yaml``, not new code. ``KPI_CATALOG`` points at another folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checks.result import IndicatorSpec, ReferenceSets
from data import settings
from data.catalog.display import Display, parse_display
from data.catalog.indicators import Indicator, Registry, parse_registry
from data.catalog.inputs import Inputs, parse_inputs
from data.catalog.labels import Vocabulary, parse_labels
from data.catalog.plan import Group, Period, Plan, SubItem, Task, parse_plan
from data.catalog.source import fold, read_yaml
from data.catalog.units import ALL_UNITS, ALL_WARDS, REPORTING_KINDS, Unit, parse_units

__all__ = [
    "ALL_UNITS",
    "ALL_WARDS",
    "CATALOG_DIR",
    "Catalog",
    "Group",
    "Indicator",
    "Period",
    "Plan",
    "Registry",
    "SubItem",
    "Task",
    "Unit",
    "available_years",
    "catalog_dir",
    "fold",
    "load",
    "load_plan",
    "load_registry",
    "load_units",
    "reference_sets",
]

CATALOG_DIR = Path(__file__).parent


def catalog_dir() -> Path:
    """The folder the catalog is read from: ``KPI_CATALOG`` or this package's folder."""
    return settings.catalog()


@dataclass(frozen=True)
class Catalog:
    """Every reviewed data file of one catalog folder, parsed and typed."""

    folder: Path
    units: tuple[Unit, ...]
    plans: Mapping[int, Plan]
    registry: Registry
    inputs: Inputs
    labels: Mapping[str, Vocabulary]
    display: Display

    @property
    def years(self) -> list[int]:
        return sorted(self.plans)

    def plan(self, year: int | None = None) -> Plan:
        """The plan of ``year`` (default: the latest plan year)."""
        if not self.plans:
            raise FileNotFoundError(f"no plan_<year>.yaml in {self.folder}")
        year = self.years[-1] if year is None else int(year)
        if year not in self.plans:
            raise FileNotFoundError(f"no plan_{year}.yaml in {self.folder}")
        return self.plans[year]

    def unit(self, code: str) -> Unit:
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)

    def label(self, vocabulary: str, key: str | None) -> str:
        """The Vietnamese label of ``key`` in one vocabulary of ``labels.yaml``."""
        return self.labels[vocabulary].label(key)


@lru_cache(maxsize=4)
def _load(folder: Path) -> Catalog:
    plans = {}
    for path in sorted(folder.glob("plan_*.yaml")):
        plan = parse_plan(read_yaml(path))
        plans[plan.year] = plan
    return Catalog(
        folder=folder,
        units=parse_units(read_yaml(folder / "units.yaml")),
        plans=plans,
        registry=parse_registry(
            read_yaml(folder / "indicators.yaml"), str(folder / "indicators.yaml")
        ),
        inputs=parse_inputs(read_yaml(folder / "inputs.yaml")),
        labels=parse_labels(read_yaml(folder / "labels.yaml")),
        display=parse_display(read_yaml(folder / "display.yaml")),
    )


def load(folder: str | os.PathLike | None = None) -> Catalog:
    """The catalog of ``folder`` (default: ``catalog_dir()``), parsed once per process."""
    return _load(Path(folder) if folder is not None else catalog_dir())


def clear_cache() -> None:
    """Forget parsed catalogs (after a catalog file was edited, or between tests)."""
    _load.cache_clear()


# --------------------------------------------------------------------------- views


def load_units(folder: str | os.PathLike | None = None) -> tuple[Unit, ...]:
    return load(folder).units


def available_years(folder: str | os.PathLike | None = None) -> list[int]:
    return load(folder).years


def load_plan(year: int | None = None, folder: str | os.PathLike | None = None) -> Plan:
    """The plan of ``year`` (default: the latest plan file)."""
    return load(folder).plan(year)


def load_registry(folder: str | os.PathLike | None = None) -> Registry:
    """The indicator registry."""
    return load(folder).registry


def indicator_specs(folder: str | os.PathLike | None = None) -> dict[str, IndicatorSpec]:
    """The slice of the indicator registry that reading and checking need."""
    return {
        i.code: IndicatorSpec(
            code=i.code,
            kind=i.kind,
            period_type=i.period_type,
            scopes=i.scopes,
            min_value=i.range_min,
            max_value=i.range_max,
            accepts_bare_percent=i.accepts_bare_percent,
            plausible_max=i.plausible_max,
        )
        for i in load(folder).registry.indicators
    }


def reference_sets(
    year: int | None = None, folder: str | os.PathLike | None = None
) -> ReferenceSets:
    """Everything the checks compare a file against, for one plan year."""
    cat = load(folder)
    plan = cat.plan(year)
    units = cat.units
    return ReferenceSets(
        year=plan.year,
        unit_codes=frozenset(u.code for u in units if u.kind in REPORTING_KINDS),
        ward_codes=frozenset(u.code for u in units if u.kind == "ward"),
        district_code=next(u.code for u in units if u.kind == "district"),
        office_codes=frozenset(u.code for u in units if u.kind in ("office", "collective")),
        task_ids=plan.task_ids(),
        period_codes=frozenset(p.code for p in plan.periods),
        indicators=indicator_specs(folder),
        history_years=frozenset(range(plan.year - 5, plan.year)),
        words={
            **{
                name: cat.labels[name].words()
                for name in ("scope_kind", "period_type", "indicator_kind", "input_kind")
            },
            "report_status": {s.key: s.label for s in cat.inputs.report_statuses},
        },
    )
