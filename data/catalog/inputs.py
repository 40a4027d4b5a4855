"""Input kinds: the columns of each kind of submitted file and the names people use (``inputs.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass

from data.catalog.source import fold


@dataclass(frozen=True)
class InputColumn:
    key: str
    header: str  # as written in the template (the column's own words under its group)
    required: bool = False
    aliases: tuple[str, ...] = ()
    group: str | None = None  # key of the group cell above it (multi-row headers)
    group_header: str | None = None
    group_aliases: tuple[str, ...] = ()

    def leaf_spellings(self) -> tuple[str, ...]:
        """Folded names of the column itself (under its group cell when it has one)."""
        return tuple(dict.fromkeys(fold(s) for s in (self.header, self.key, *self.aliases)))

    def group_spellings(self) -> tuple[str, ...]:
        if self.group is None:
            return ()
        return tuple(dict.fromkeys(fold(s) for s in (self.group_header or "", *self.group_aliases)))

    def spellings(self) -> tuple[str, ...]:
        """Every folded one-cell header that names this column.

        A grouped column's own words ("Tổng số") are ambiguous alone: one cell names it
        only together with its group ("Số hồ sơ đã giải quyết - Tổng số").
        """
        if self.group is None:
            return self.leaf_spellings()
        return tuple(
            dict.fromkeys(
                f"{g} {leaf}" for g in self.group_spellings() for leaf in self.leaf_spellings()
            )
        )

    @property
    def full_header(self) -> str:
        """The header as one cell: "group - column" for a grouped column."""
        return f"{self.group_header} - {self.header}" if self.group_header else self.header


@dataclass(frozen=True)
class Identity:
    """A sum that must hold on every row of a sheet: total = sum of parts."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Derivation:
    """An indicator value derived from a sheet's columns (sums of columns)."""

    indicator: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    value: tuple[str, ...] = ()


@dataclass(frozen=True)
class Channel:
    """A dossier submission channel of the register, with the words exports use for it."""

    key: str
    online: bool
    words: tuple[str, ...]

    def spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(s) for s in (self.key, *self.words)))


@dataclass(frozen=True)
class InputKind:
    key: str
    columns: tuple[InputColumn, ...]
    frame: tuple[str, ...]
    value_key: tuple[str, ...]
    ignore: tuple[str, ...] = ()  # folded headers that are never a column of this kind
    loads_as: str | None = None  # the kind whose rows it becomes (statistics -> indicator)
    identities: tuple[Identity, ...] = ()
    total_words: tuple[str, ...] = ()
    derives: tuple[Derivation, ...] = ()
    reader: str = "table"  # table: read row by row (intake); duckdb: read by the database
    channels: tuple[Channel, ...] = ()
    yes_words: tuple[str, ...] = ()
    no_words: tuple[str, ...] = ()

    def headers(self) -> dict[str, str]:
        """Column key -> template header (one cell), in template order."""
        return {c.key: c.full_header for c in self.columns}

    def required(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)

    def column(self, key: str) -> InputColumn:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class ReportStatus:
    key: str
    label: str
    words: tuple[str, ...]

    def spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(s) for s in (self.label, *self.words)))


@dataclass(frozen=True)
class WideLayouts:
    """How wide tables (a column per month, or per ward) are recognised (``layouts``)."""

    kind: str = "indicator"
    min_columns: int = 2  # month or ward columns needed before a table counts as wide
    month_words: tuple[str, ...] = ()  # folded words before a month number ("thang 6")
    year_words: tuple[str, ...] = ()  # folded headers of a year column
    total_words: tuple[str, ...] = ()  # folded headers of total columns (not loaded)


@dataclass(frozen=True)
class Inputs:
    kinds: tuple[InputKind, ...]
    report_statuses: tuple[ReportStatus, ...]
    layouts: WideLayouts = WideLayouts()

    def kind(self, key: str) -> InputKind:
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise KeyError(key)


def _column(c: dict, groups: dict) -> InputColumn:
    group = c.get("group")
    spec = groups.get(group) or {}
    return InputColumn(
        key=str(c["key"]),
        header=str(c["header"]),
        required=bool(c.get("required", False)),
        aliases=tuple(str(a) for a in c.get("aliases") or ()),
        group=str(group) if group else None,
        group_header=str(spec["header"]) if group and "header" in spec else None,
        group_aliases=tuple(str(a) for a in spec.get("aliases") or ()),
    )


def _kind(key: str, entry: dict) -> InputKind:
    groups = entry.get("groups") or {}
    return InputKind(
        key=str(key),
        columns=tuple(_column(c, groups) for c in entry.get("columns") or ()),
        frame=tuple(entry.get("frame") or ()),
        value_key=tuple(entry.get("key") or ()),
        ignore=tuple(fold(s) for s in entry.get("ignore") or ()),
        loads_as=entry.get("loads_as"),
        identities=tuple(
            Identity(str(i["total"]), tuple(str(p) for p in i["parts"]))
            for i in entry.get("identities") or ()
        ),
        total_words=tuple(fold(s) for s in entry.get("total_words") or ()),
        derives=tuple(
            Derivation(
                str(d["indicator"]),
                tuple(d.get("numerator") or ()),
                tuple(d.get("denominator") or ()),
                tuple(d.get("value") or ()),
            )
            for d in entry.get("derives") or ()
        ),
        reader=str(entry.get("reader") or "table"),
        channels=tuple(
            Channel(str(c["key"]), bool(c.get("online")), tuple(str(w) for w in c["words"]))
            for c in entry.get("channels") or ()
        ),
        yes_words=tuple(fold(str(w)) for w in entry.get("yes_words") or ()),
        no_words=tuple(fold(str(w)) for w in entry.get("no_words") or ()),
    )


def parse_inputs(doc: dict) -> Inputs:
    """``inputs.yaml`` as typed input kinds."""
    kinds = tuple(_kind(key, entry) for key, entry in (doc.get("kinds") or {}).items())
    statuses = tuple(
        ReportStatus(str(s["key"]), str(s["label"]), tuple(str(w) for w in s.get("words") or ()))
        for s in doc.get("report_status") or ()
    )
    wide = doc.get("layouts") or {}
    layouts = WideLayouts(
        kind=str(wide.get("kind", "indicator")),
        min_columns=int(wide.get("min_columns", 2)),
        month_words=tuple(fold(s) for s in wide.get("month_words") or ()),
        year_words=tuple(fold(s) for s in wide.get("year_words") or ()),
        total_words=tuple(fold(s) for s in wide.get("total_words") or ()),
    )
    return Inputs(kinds, statuses, layouts)
