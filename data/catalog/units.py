"""Units of the district: the district office, offices, wards and others (``units.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass

# Pseudo-units used in the appendix for "every office" and "every ward".
ALL_UNITS = "ALL_UNITS"
ALL_WARDS = "ALL_WARDS"

# Kinds of unit that may hold a progress report or an indicator scope.
REPORTING_KINDS = ("office", "collective", "ward")


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


def parse_units(doc: dict) -> tuple[Unit, ...]:
    """The ``units`` list of ``units.yaml`` as typed records, in file order."""
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
        for u in doc.get("units") or ()
    )
