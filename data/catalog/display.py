"""Display columns: how each table reads on screen and in exports (``display.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

WIDTHS = ("small", "medium", "large")
XLSX_WIDTHS = {"small": 12, "medium": 24, "large": 50}
PLAIN_FORMATS = (
    "text",
    "long_text",
    "integer",
    "percent",
    "decimal2",
    "percent0",
    "signed",
    "date",
    "datetime",
    "row",
    "signed_row",
    "hash",
    "superseded",
)
VOCABULARY_FORMATS = ("label", "status")  # label:<vocabulary>, status:<vocabulary>
TARGETS = ("screen", "export")


@dataclass(frozen=True)
class DisplayColumn:
    field: str
    header: str
    format: str = "text"
    width: str = "medium"
    status: str | None = None
    empty: str | None = None
    only: str | None = None
    xlsx_width: int | None = None

    @property
    def vocabulary(self) -> str | None:
        """The vocabulary of a ``label:``/``status:`` format (None for the others)."""
        kind, _, name = self.format.partition(":")
        return name if kind in VOCABULARY_FORMATS and name else None

    @property
    def excel_width(self) -> int:
        return self.xlsx_width or XLSX_WIDTHS.get(self.width, 24)


@dataclass(frozen=True)
class DisplayTable:
    name: str
    fields: tuple[str, ...]
    columns: tuple[DisplayColumn, ...]

    def header(self, field: str) -> str:
        """The header of the column that shows ``field``."""
        return next(c.header for c in self.columns if c.field == field)

    def for_target(self, target: str, drop: tuple[str, ...] = ()) -> tuple[DisplayColumn, ...]:
        """The columns shown on ``screen`` or written to an ``export``, less ``drop``."""
        return tuple(c for c in self.columns if c.only in (None, target) and c.field not in drop)


@dataclass(frozen=True)
class Display:
    tables: Mapping[str, DisplayTable]

    def table(self, name: str) -> DisplayTable:
        return self.tables[name]


def parse_display(doc: dict) -> Display:
    """``display.yaml`` as typed tables."""
    tables = {}
    for name, entry in (doc.get("tables") or {}).items():
        tables[name] = DisplayTable(
            name=name,
            fields=tuple(entry.get("fields") or ()),
            columns=tuple(
                DisplayColumn(
                    field=str(c.get("field") or ""),
                    header=str(c.get("header") or ""),
                    format=str(c.get("format") or "text"),
                    width=str(c.get("width") or "medium"),
                    status=c.get("status"),
                    empty=c.get("empty"),
                    only=c.get("only"),
                    xlsx_width=c.get("xlsx_width"),
                )
                for c in entry.get("columns") or ()
            ),
        )
    return Display(tables)
