"""Yearly targets: ``metrics/targets/<year>.yaml`` as typed models, their checks and their text.

One file per plan year, edited by a person. A missing year file, or an indicator left
out of it, means "no target" (``Chưa có chỉ tiêu``), never an invented one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from data import settings
from data.catalog.indicators import Indicator, Registry
from data.catalog.source import read_yaml
from metrics import format as fmt
from metrics import labels

TARGETS_DIR = settings.BY_NAME["KPI_TARGETS"].default  # the reviewed files shipped here


def targets_dir() -> Path:
    """Folder of the yearly targets files: ``KPI_TARGETS`` if set, else ``metrics/targets``.

    The demo points it at a copy, so trying the target editor never changes the
    reviewed files.
    """
    return settings.targets()


TYPES = ("absolute", "relative_previous_year", "reduction", "count_per_year", "none")
TARGET_SCOPES = ("district", "office", "ward")


@dataclass(frozen=True)
class Target:
    """The target of one indicator for one plan year."""

    code: str
    type: str = "none"
    value: float | None = None  # absolute level, reduction amount, or yearly count
    percent: float | None = None  # reduction in percent of the previous year-end
    per_quarter: bool = False
    scopes: tuple[str, ...] = ()  # empty: applies everywhere
    source: str | None = None
    sample: bool = False
    note: str | None = None

    def applies_to(self, scope_kind: str) -> bool:
        return not self.scopes or scope_kind in self.scopes


NO_TARGET = Target(code="", type="none")


@dataclass(frozen=True)
class TargetSet:
    year: int
    targets: dict[str, Target]
    path: str | None = None

    def get(self, code: str) -> Target:
        return self.targets.get(code) or Target(code=code)


def _float(value) -> float | None:
    return None if value is None else float(value)


def parse_targets(doc: dict, year: int, path: str | None = None) -> TargetSet:
    targets = {}
    for code, entry in (doc.get("targets") or {}).items():
        entry = entry or {}
        targets[str(code)] = Target(
            code=str(code),
            type=str(entry.get("type") or "none"),
            value=_float(entry.get("value")),
            percent=_float(entry.get("percent")),
            per_quarter=bool(entry.get("per_quarter", False)),
            scopes=tuple(entry.get("scopes") or ()),
            source=entry.get("source"),
            sample=bool(entry.get("sample", False)),
            note=entry.get("note"),
        )
    return TargetSet(year=int(doc.get("year") or year), targets=targets, path=path)


def load_targets(year: int, folder: Path | None = None) -> TargetSet:
    """Targets of ``year``; an empty set when the year has no file.

    People edit these files while the dashboard runs, so the cache is keyed by the file's
    modification time: an edit is picked up on the next call.
    """
    path = Path(folder or targets_dir()) / f"{year}.yaml"
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        stamp = None
    return _load_targets(path, stamp, year)


@lru_cache(maxsize=32)
def _load_targets(path: Path, stamp: int | None, year: int) -> TargetSet:
    if stamp is None:
        return TargetSet(year=year, targets={}, path=None)
    return parse_targets(read_yaml(path), year, str(path))


def validate_targets(targets: TargetSet, registry: Registry) -> list[str]:
    """Problems of a targets file, in Vietnamese, each naming the indicator and the field."""
    where = targets.path or f"chỉ tiêu năm {targets.year}"
    known = registry.by_code()
    out = []
    for code, t in targets.targets.items():
        head = f"{where}, chỉ số `{code}`"
        if code not in known:
            out.append(f"{head}: mã chỉ số không có trong danh mục chỉ số; sửa lại mã.")
            continue
        if t.type not in TYPES:
            out.append(f"{head}: loại chỉ tiêu '{t.type}' không hợp lệ (dùng {', '.join(TYPES)}).")
            continue
        if t.type in ("absolute", "count_per_year") and t.value is None:
            out.append(f"{head}: chỉ tiêu loại {t.type} cần trường 'value'.")
        if t.type == "reduction" and (t.value is None) == (t.percent is None):
            out.append(
                f"{head}: chỉ tiêu giảm cần đúng một trong hai trường 'value' hoặc 'percent'."
            )
        if t.type == "count_per_year" and known[code].time_aggregation != "sum":
            out.append(f"{head}: chỉ tiêu số lượng/năm chỉ dùng cho chỉ số cộng dồn theo tháng.")
        if t.type == "relative_previous_year" and t.value is not None:
            out.append(f"{head}: chỉ tiêu so với năm trước không dùng trường 'value'.")
        if t.type != "none" and not t.source and not t.sample:
            out.append(
                f"{head}: cần ghi 'source' (mục của Kế hoạch nêu chỉ tiêu) "
                "hoặc 'sample: true' kèm ghi chú ai giao chỉ tiêu."
            )
        if t.sample and not t.note:
            out.append(f"{head}: giá trị mẫu cần 'note' nói rõ ai giao chỉ tiêu thật.")
        bad = set(t.scopes) - set(TARGET_SCOPES)
        if bad:
            out.append(
                f"{head}: phạm vi {sorted(bad)} không hợp lệ (dùng {', '.join(TARGET_SCOPES)})."
            )
    return out


def resolve(
    target: Target, ind: Indicator, previous_final: float | None, baseline: float | None
) -> float | None:
    """The numeric year-end target.

    Args:
        target: The target entry.
        ind: Its indicator.
        previous_final: The previous year's final value in the same scope.
        baseline: The glide-path baseline (used by reductions when last year is unknown).
    """
    if target.type == "absolute" or target.type == "count_per_year":
        return target.value
    if target.type == "relative_previous_year":
        return previous_final
    if target.type == "reduction":
        base = previous_final if previous_final is not None else baseline
        if base is None:
            return None
        if target.percent is not None:
            return base * (1 - target.percent / 100)
        return base - (target.value or 0)
    return None


def _plain_number(value: float | None, format_: str) -> str:
    """A target as people write it: ``100%``, ``95,5%``, ``4`` (no needless decimals)."""
    if value is not None and float(value).is_integer():
        text = fmt.fmt_number(value, 0)
        return f"{text}%" if format_ == "percent" else text
    return fmt.fmt_value(value, format_)


def target_text(target: Target, ind: Indicator, year: int, resolved: float | None) -> str:
    """How a person reads the target, e.g. ``≥ 98,0%`` or ``4 cuộc/năm (1 cuộc/quý)``."""
    if target.type == "none" or target.type not in TYPES:
        return labels.NO_TARGET
    lower = ind.lower_is_better
    if target.type == "absolute":
        text = _plain_number(target.value, ind.format)
        if not (ind.is_rate and target.value == 100):
            text = labels.target_absolute(text, lower)
    elif target.type == "relative_previous_year":
        prev = None if resolved is None else fmt.fmt_value(resolved, ind.format)
        if prev is not None and ind.kind == "rank":
            prev = f"hạng {prev}"
        text = labels.target_relative(year - 1, prev, ind.kind == "rank", lower)
    elif target.type == "reduction":
        if target.percent is not None:
            amount = fmt.fmt_percent(target.percent, 0 if target.percent.is_integer() else 1)
        else:
            amount = f"{_plain_number(target.value, ind.format)} {ind.unit}"
        result = None if resolved is None else f"{fmt.fmt_number(resolved, 0)} {ind.unit}"
        text = labels.target_reduction(amount, year - 1, result)
    else:
        per_q = None
        if target.per_quarter and target.value is not None:
            per_q = fmt.fmt_number(target.value / 4, 0 if (target.value / 4).is_integer() else 1)
        text = labels.target_count(_plain_number(target.value, ind.format), ind.unit, per_q)
    if target.sample:
        text = f"{text} ({labels.SAMPLE_TARGET})"
    return text
