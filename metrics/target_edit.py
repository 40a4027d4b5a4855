"""Editing one target in ``metrics/targets/<year>.yaml``: validated, atomic, audited.

The file stays the one a person reads and edits: comments and layout survive (round-trip
YAML), the new file is checked with ``validate_targets`` before it replaces the old one
(never half-written), and the audit log keeps who changed which target, when, from what
to what.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from data import access
from data.access import User
from data.catalog import load_registry
from data.catalog.indicators import Registry
from data.store import audit, db, files
from metrics.yearly_targets import parse_targets, targets_dir, validate_targets

EDITABLE_FIELDS = ("type", "value", "percent", "per_quarter", "scopes", "source", "sample", "note")
_NUMBER_FIELDS = ("value", "percent")
_BOOL_FIELDS = ("per_quarter", "sample")


class TargetEditRefused(ValueError):
    """A target change that would leave the file invalid; ``problems`` are Vietnamese."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TargetChange:
    """One applied change: the indicator's entry before and after."""

    year: int
    code: str
    old: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)
    path: str = ""
    changed: bool = True
    audit_id: int | None = None


def _yaml() -> YAML:
    y = YAML()
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


def _clean(name: str, value):
    """A field value in the type the targets file uses (None removes the field)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if name in _NUMBER_FIELDS:
        number = float(str(value).replace(",", "."))
        return int(number) if number.is_integer() else number
    if name in _BOOL_FIELDS:
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "có", "co")
        return bool(value)
    if name == "scopes":
        items = [value] if isinstance(value, str) else list(value)
        return [str(v).strip() for v in items if str(v).strip()] or None
    return str(value).strip()


def _plain(entry) -> dict:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in dict(entry or {}).items()}


def _load_doc(path: Path, year: int):
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            return _yaml().load(fh)
    return _yaml().load(
        f"# Chỉ tiêu năm {year} của các chỉ số — tệp do Phòng Nội vụ cập nhật.\n"
        f"# Cách ghi: xem các tệp năm khác trong metrics/targets/.\n\nyear: {year}\n\ntargets: {{}}\n"
    )


def _dump(doc) -> str:
    buffer = io.StringIO()
    _yaml().dump(doc, buffer)
    return buffer.getvalue()


def set_target(
    year: int,
    code: str,
    changes: dict,
    actor: User | str,
    *,
    folder: str | os.PathLike | None = None,
    registry: Registry | None = None,
    db_file: str | os.PathLike | None = None,
) -> TargetChange:
    """Change fields of one indicator's target for ``year``; a None value removes the field.

    Args:
        year: Plan year (``metrics/targets/<year>.yaml``; created when missing).
        code: Indicator code of the registry.
        changes: Field -> new value, fields among ``EDITABLE_FIELDS``.
        actor: The signed-in admin, or the operator's name on the server console.
        folder: Folder of the targets files (``yearly_targets.targets_dir()`` when None).
        registry: The KPI registry (loaded when None).
        db_file: The database that keeps the audit log.

    Raises:
        AccessDenied: The actor's role may not edit targets.
        TargetEditRefused: Unknown field, or the file would not pass ``validate_targets``.
    """
    name, role = access.actor_identity(actor, "edit_targets")
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise TargetEditRefused(
            [f"Trường {', '.join(unknown)} không sửa được; chỉ sửa: {', '.join(EDITABLE_FIELDS)}."]
        )
    try:
        cleaned = {k: _clean(k, v) for k, v in changes.items()}
    except ValueError:
        raise TargetEditRefused(
            [f"Chỉ tiêu `{code}`: 'value' và 'percent' phải là số (ví dụ 95 hoặc 95,5)."]
        ) from None
    registry = registry or load_registry()
    path = Path(folder or targets_dir()) / f"{int(year)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with files.locked(path):
        doc = _load_doc(path, year)
        before = validate_targets(
            parse_targets(yaml.safe_load(_dump(doc)) or {}, year, str(path)), registry
        )
        if not doc.get("targets"):
            doc["targets"] = CommentedMap()
            doc["targets"].fa.set_block_style()
        targets = doc["targets"]
        old = _plain(targets.get(code))
        entry = targets.get(code)
        if entry is None:
            entry = CommentedMap()
            targets[code] = entry
        for key, value in cleaned.items():
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
        new = _plain(entry)
        if new == old:
            return TargetChange(year, code, old, new, str(path), changed=False)
        text = _dump(doc)
        after = validate_targets(
            parse_targets(yaml.safe_load(text) or {}, year, str(path)), registry
        )
        introduced = [p for p in after if p not in before]
        if introduced:
            raise TargetEditRefused(introduced)
        detail = {"year": int(year), "indicator": code, "old": old, "new": new, "file": str(path)}
        # The audit entry and the file change land together: a busy database stops both.
        with db.writer(db_file) as con:
            con.execute("begin transaction")
            try:
                audit_id = audit.record(con, "target_change", name, role, detail=detail)
                files.write_atomic(path, text)
                con.execute("commit")
            except Exception:
                con.execute("rollback")
                raise
    return TargetChange(year, code, old, new, str(path), True, audit_id)
