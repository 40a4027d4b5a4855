"""Input kinds: the columns of each kind of submitted file and the names people use (``inputs.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass

from data.catalog.source import fold


@dataclass(frozen=True)
class InputColumn:
    key: str
    header: str  # as written in the template
    required: bool = False
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        """Every folded header that names this column (template header, key, aliases)."""
        return tuple(dict.fromkeys(fold(s) for s in (self.header, self.key, *self.aliases)))


@dataclass(frozen=True)
class InputKind:
    key: str
    columns: tuple[InputColumn, ...]
    frame: tuple[str, ...]
    value_key: tuple[str, ...]

    def headers(self) -> dict[str, str]:
        """Column key -> template header, in template order."""
        return {c.key: c.header for c in self.columns}

    def required(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)


@dataclass(frozen=True)
class ReportStatus:
    key: str
    label: str
    words: tuple[str, ...]

    def spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(s) for s in (self.label, *self.words)))


@dataclass(frozen=True)
class Inputs:
    kinds: tuple[InputKind, ...]
    report_statuses: tuple[ReportStatus, ...]

    def kind(self, key: str) -> InputKind:
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise KeyError(key)


def parse_inputs(doc: dict) -> Inputs:
    """``inputs.yaml`` as typed input kinds."""
    kinds = tuple(
        InputKind(
            key=str(key),
            columns=tuple(
                InputColumn(
                    key=str(c["key"]),
                    header=str(c["header"]),
                    required=bool(c.get("required", False)),
                    aliases=tuple(str(a) for a in c.get("aliases") or ()),
                )
                for c in entry.get("columns") or ()
            ),
            frame=tuple(entry.get("frame") or ()),
            value_key=tuple(entry.get("key") or ()),
        )
        for key, entry in (doc.get("kinds") or {}).items()
    )
    statuses = tuple(
        ReportStatus(str(s["key"]), str(s["label"]), tuple(str(w) for w in s.get("words") or ()))
        for s in doc.get("report_status") or ()
    )
    return Inputs(kinds, statuses)
