"""A unit's own column names, mapped once to the columns of an input kind and applied to its files.

When a unit's headers match no column (its own abbreviations, a system's export), the
person maps each header found to one of the kind's columns, once. The mapping is data:
saved per unit in the database (``data.store.mappings``, audited), or a YAML/CSV file for
``kpi ingest --mapping FILE``, and kept with each file it was applied to (in the file's
receipt), so a replay reads the file the same way.

A mapping renames headers before they are matched: the header as written is kept for
every message, so a person still reads the words of their own file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from data import catalog
from data.catalog import fold


class MappingError(ValueError):
    """A mapping file or entry that cannot be used; the message is a Vietnamese sentence."""


@dataclass(frozen=True)
class ColumnMapping:
    """Headers as a unit writes them -> (input kind, column key).

    Attributes:
        columns: Folded header -> (kind key, column key).
        written: Folded header -> the header as first written (shown on the page).
    """

    columns: dict[str, tuple[str, str]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns)

    def target(self, header) -> str | None:
        """The template header a header cell stands for, or None when it is not mapped."""
        if not isinstance(header, str) or not header.strip():
            return None
        found = self.columns.get(fold(header))
        if found is None:
            return None
        kind, key = found
        return catalog.load().inputs.kind(kind).column(key).full_header

    def rename(self, cells: Sequence) -> list:
        """``cells`` with every mapped header replaced by the template header it stands for."""
        return [self.target(c) or c for c in cells]

    def as_entry(self) -> list[dict]:
        """The mapping as plain data (kept in a file's receipt and in the manifest)."""
        return [
            {"header": self.written.get(k, k), "kind": kind, "column": col}
            for k, (kind, col) in sorted(self.columns.items())
        ]

    @classmethod
    def from_entry(cls, entry: list[dict] | None) -> ColumnMapping:
        """The mapping of ``as_entry`` (an empty one for None)."""
        return build([(e["header"], e["kind"], e["column"]) for e in entry or ()])

    def merged(self, other: ColumnMapping) -> ColumnMapping:
        """This mapping with ``other``'s headers added (``other`` wins on the same header)."""
        return ColumnMapping({**self.columns, **other.columns}, {**self.written, **other.written})


def candidates(kind: str | None, column: str) -> list[tuple[str, str]]:
    """(kind, column key) pairs a target name can mean.

    Its key or template header first, else any usual spelling of the column.
    """
    inputs = catalog.load().inputs
    kinds = [inputs.kind(kind)] if kind else list(inputs.kinds)
    for exact in (True, False):
        found = []
        for spec in kinds:
            for c in spec.columns:
                names = {c.key, fold(c.header), fold(c.full_header)}
                if not exact:
                    names |= set(c.spellings())
                if column in names or fold(column) in names:
                    found.append((spec.key, c.key))
                    break
        if found:
            return found
    return []


def resolve_column(
    kind: str | None, column: str, likely: set[str] = frozenset()
) -> tuple[str, str]:
    """(kind, column key) of a target named by key ("indicator") or header ("Mã chỉ số").

    ``likely`` are the kinds the other lines of the mapping name: a name shared by several
    kinds ("Kỳ báo cáo") is read in the one of them the mapping is about.

    Raises:
        MappingError: The name is no column of the kind, or of any kind (when ``kind`` is
            None), or names columns of several kinds.
    """
    found = candidates(kind, column)
    if len(found) > 1:
        found = [f for f in found if f[0] in likely] or found
    if not found:
        raise MappingError(
            f"'{column}' không phải là cột nào của mẫu nhập"
            + (f" loại '{catalog.load().label('input_kind', kind)}'" if kind else "")
            + "; ghi tên cột như trong mẫu nhập (ví dụ 'Mã chỉ số', 'Phạm vi', 'Kỳ số liệu')."
        )
    if len(found) > 1:
        raise MappingError(
            f"Cột '{column}' có ở nhiều loại tệp; ghi thêm loại tệp (cột 'kind': progress, "
            "indicator hoặc statistics) cho dòng này."
        )
    return found[0]


def build(items: Sequence[tuple[str, str | None, str]]) -> ColumnMapping:
    """A mapping from (header as written, kind or None, target column key or header).

    Raises:
        MappingError: An unknown kind or column, a blank header, or one header mapped to
            two columns.
    """
    columns: dict[str, tuple[str, str]] = {}
    written: dict[str, str] = {}
    kinds = {k.key for k in catalog.load().inputs.kinds}
    likely = set()
    for _, kind, column in items:
        kind = str(kind).strip() if kind else None
        if kind and kind not in kinds:
            continue
        found = {k for k, _ in candidates(kind, str(column or ""))}
        if len(found) == 1:
            likely |= found
    for header, kind, column in items:
        header = str(header or "").strip()
        if not header:
            raise MappingError("Có dòng không ghi tên cột trong tệp; ghi tên cột hoặc xóa dòng.")
        kind = str(kind).strip() if kind else None
        if kind and kind not in kinds:
            raise MappingError(
                f"Loại tệp '{kind}' của cột '{header}' không có; dùng progress, indicator hoặc "
                "statistics."
            )
        target = resolve_column(kind, str(column or "").strip(), likely)
        key = fold(header)
        if key in columns and columns[key] != target:
            raise MappingError(
                f"Cột '{header}' được gán cho hai cột khác nhau; mỗi cột trong tệp chỉ gán một cột "
                "của mẫu nhập."
            )
        columns[key] = target
        written.setdefault(key, header)
    return ColumnMapping(columns, written)


def parse(text: str, name: str) -> ColumnMapping:
    """A mapping file: YAML (``kind`` and ``columns: {header: column}``, or a list) or CSV.

    CSV: a header row naming ``header`` and ``column`` (or "Cột trong tệp", "Cột của mẫu")
    and optionally ``kind``.

    Raises:
        MappingError: The file cannot be read as a mapping.
    """
    if Path(name).suffix.lower() == ".csv":
        return _parse_csv(text)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"Tệp '{name}' không phải YAML hợp lệ ({exc}).") from exc
    if isinstance(doc, dict) and isinstance(doc.get("columns"), dict):
        kind = doc.get("kind")
        return build([(h, kind, c) for h, c in doc["columns"].items()])
    if isinstance(doc, dict) and isinstance(doc.get("columns"), list):
        doc = doc["columns"]
    if isinstance(doc, list) and all(isinstance(e, dict) for e in doc):
        return build([(e.get("header"), e.get("kind"), e.get("column")) for e in doc])
    raise MappingError(
        f"Tệp '{name}' không đúng dạng: cần 'columns:' với từng dòng 'cột trong tệp: cột của "
        "mẫu nhập' (và 'kind:' nếu cần)."
    )


_CSV_NAMES = {
    "header": ("header", "cot trong tep", "ten cot trong tep"),
    "column": ("column", "cot cua mau", "cot mau nhap", "cot cua mau nhap"),
    "kind": ("kind", "loai tep", "loai"),
}


def _parse_csv(text: str) -> ColumnMapping:
    rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(c.strip() for c in r)]
    if not rows:
        raise MappingError("Tệp ánh xạ cột trống.")
    head = [fold(c) for c in rows[0]]
    at = {
        name: next((i for i, h in enumerate(head) if h in spellings), None)
        for name, spellings in _CSV_NAMES.items()
    }
    if at["header"] is None or at["column"] is None:
        raise MappingError(
            "Dòng đầu của tệp ánh xạ cột phải có cột 'header' (hoặc 'Cột trong tệp') và "
            "'column' (hoặc 'Cột của mẫu')."
        )

    def cell(row, name):
        i = at[name]
        return row[i] if i is not None and i < len(row) else None

    return build([(cell(r, "header"), cell(r, "kind"), cell(r, "column")) for r in rows[1:]])


def read_file(path: str | Path) -> ColumnMapping:
    """The mapping in a YAML or CSV file (``kpi ingest --mapping FILE``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"Không đọc được tệp ánh xạ cột '{path.name}' ({exc}).") from exc
    return parse(text, path.name)


def choices(kind: str) -> dict[str, str]:
    """The columns a header can be mapped to: column key -> template header (for the page)."""
    return catalog.load().inputs.kind(kind).headers()


@dataclass(frozen=True)
class Proposal:
    """The headers of a file that could not be read, for the person to map once.

    Attributes:
        kind: The kind the headers come closest to.
        headers: Every non-blank header as written, in order.
        suggested: Header -> the column key it already names, or its near miss (or None).
    """

    kind: str
    headers: tuple[str, ...]
    suggested: dict[str, str | None]


def _text_cells(cells) -> int:
    return sum(1 for c in cells if isinstance(c, str) and c.strip() and not c.strip()[0].isdigit())


def propose(name: str, content: bytes, saved: ColumnMapping | None = None) -> Proposal | None:
    """The headers of a file and the column each seems to be, or None when none is found.

    The header row is the first row the readers recognise, else the first row of three or
    more words.
    """
    from checks.result import FileRejected
    from data.catalog import columns
    from data.intake import normalize, readers

    def is_header(cells) -> bool:
        return normalize.looks_like_header(saved.rename(cells) if saved else cells) or (
            _text_cells(cells) >= 3
        )

    try:
        table = readers.read_table(content, name, is_header)
    except FileRejected:
        return None
    header = saved.rename(table.header) if saved else list(table.header)
    scores = normalize.kind_scores(header)
    kind = max(columns.KINDS, key=scores.get)
    spec = catalog.load().inputs.kind(kind)
    found = {index: key for key, index in normalize.match_header(header, kind).items()}
    spellings = {s: c.key for c in spec.columns for s in c.spellings()}
    headers, suggested = [], {}
    for index, cell in enumerate(table.header):
        if not isinstance(cell, str) or not cell.strip() or cell in suggested:
            continue
        headers.append(cell)
        key = found.get(index)
        if key is None and fold(cell) not in spec.ignore:
            key = normalize.suggest(cell, {s: s for s in spellings})
            key = spellings.get(key) if key else None
        suggested[cell] = key
    return Proposal(kind, tuple(headers), suggested) if headers else None
