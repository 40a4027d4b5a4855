"""Rules over the whole catalog; each message names the bad entry and what is wrong.

The indicator rules live with the registry (``indicators.py``); these add the rules that
tie the files together: every key has a label, every display column names a known field.
"""

from __future__ import annotations

from collections.abc import Callable

from data.catalog import Catalog
from data.catalog.display import PLAIN_FORMATS, TARGETS, VOCABULARY_FORMATS, WIDTHS
from data.catalog.indicators import (
    EXPECTED_PATHS,
    KINDS,
    PERIOD_TYPES,
    RULE_STATUSES,
    SCOPES,
    SOURCES,
    validate_registry,
)

# Vocabularies the code reads labels from: each must exist in labels.yaml.
REQUIRED_VOCABULARIES = (
    "kpi_status",
    "task_status",
    "compliance_status",
    "load_status",
    "input_kind",
    "unit_kind",
    "scope_kind",
    "indicator_kind",
    "period_type",
    "audit_action",
    "audit_detail",
    "audit_value",
    "target_type",
    "role",
    "actor_role",
    "permission",
    "deadline_kind",
    "history_state",
    "expected_path",
    "dossier_channel",
    "value_source",
)

CatalogRule = Callable[[Catalog], list[str]]


def rule_registry(cat: Catalog) -> list[str]:
    return validate_registry(
        cat.registry,
        task_ids={t for plan in cat.plans.values() for t in plan.task_ids()},
        group_codes=[g.code for plan in cat.plans.values() for g in plan.groups],
    )


def rule_vocabularies_exist(cat: Catalog) -> list[str]:
    return [
        f"labels: vocabulary `{name}` is missing"
        for name in REQUIRED_VOCABULARIES
        if name not in cat.labels
    ]


def rule_labels_not_empty(cat: Catalog) -> list[str]:
    return [
        f"labels `{vocab.name}`: key `{term.key}` has no label"
        for vocab in cat.labels.values()
        for term in vocab.terms
        if not term.label.strip()
    ]


def _covered(cat: Catalog, vocabulary: str, keys, where: str) -> list[str]:
    if vocabulary not in cat.labels:
        return []
    known = set(cat.labels[vocabulary].keys())
    return [
        f"{where}: key `{key}` has no label in labels `{vocabulary}`"
        for key in dict.fromkeys(keys)
        if key not in known
    ]


def rule_keys_have_labels(cat: Catalog) -> list[str]:
    return (
        _covered(cat, "indicator_kind", KINDS, "indicators.yaml kind")
        + _covered(cat, "period_type", PERIOD_TYPES, "indicators.yaml period_type")
        + _covered(cat, "scope_kind", SCOPES, "indicators.yaml scopes")
        + _covered(cat, "unit_kind", [u.kind for u in cat.units], "units.yaml kind")
        + _covered(cat, "input_kind", [k.key for k in cat.inputs.kinds], "inputs.yaml kind")
        + _covered(
            cat,
            "dossier_channel",
            [c.key for k in cat.inputs.kinds for c in k.channels],
            "inputs.yaml channels",
        )
        + _covered(cat, "value_source", SOURCES, "indicators.yaml source")
        + _covered(cat, "expected_path", EXPECTED_PATHS, "indicators.yaml expected_path")
        + _covered(cat, "kpi_status", RULE_STATUSES, "indicators.yaml status_rules")
        + _covered(cat, "task_status", ["waiting"], "inputs.yaml report_status waiting")
        + _covered(cat, "deadline_kind", ["implicit"], "implicit year-end deadline")
        + _covered(
            cat,
            "deadline_kind",
            [t.deadline_kind for plan in cat.plans.values() for t in plan.tasks],
            "plan deadline_kind",
        )
    )


def rule_inputs(cat: Catalog) -> list[str]:
    out = []
    for kind in cat.inputs.kinds:
        if not kind.required():
            out.append(f"inputs `{kind.key}`: no required column")
        seen: dict[str, str] = {}
        for column in kind.columns:
            for spelling in column.spellings():
                other = seen.setdefault(spelling, column.key)
                if other != column.key:
                    out.append(
                        f"inputs `{kind.key}`: '{spelling}' names both `{other}` and `{column.key}`"
                    )
    if not cat.inputs.report_statuses:
        out.append("inputs: report_status is empty")
    wide = cat.inputs.layouts
    if wide.kind not in {k.key for k in cat.inputs.kinds}:
        out.append(f"inputs layouts: kind `{wide.kind}` is not an input kind")
    else:
        names = {s: c.key for c in cat.inputs.kind(wide.kind).columns for s in c.spellings()}
        for word in (*wide.year_words, *wide.total_words):
            if word in names:
                out.append(f"inputs layouts: '{word}' also names the column `{names[word]}`")
    return out


def _format_problem(fmt: str, cat: Catalog) -> str | None:
    kind, sep, vocabulary = fmt.partition(":")
    if not sep:
        return None if fmt in PLAIN_FORMATS else f"unknown format '{fmt}'"
    if kind not in VOCABULARY_FORMATS:
        return f"unknown format '{fmt}'"
    if vocabulary == "report_status":
        return None  # the input vocabulary of inputs.yaml
    return (
        None if vocabulary in cat.labels else f"format '{fmt}' names no vocabulary of labels.yaml"
    )


def rule_display(cat: Catalog) -> list[str]:
    out = []
    for table in cat.display.tables.values():
        fields = set(table.fields)
        where = f"display `{table.name}`"
        if not table.columns:
            out.append(f"{where}: no columns")
        for col in table.columns:
            if col.field not in fields:
                out.append(f"{where}: column `{col.field}` names no field of the table")
            if col.status and col.status not in fields:
                out.append(
                    f"{where}: column `{col.field}` is coloured by unknown field `{col.status}`"
                )
            if not col.header.strip():
                out.append(f"{where}: column `{col.field}` has no header")
            if col.width not in WIDTHS:
                out.append(f"{where}: column `{col.field}` has unknown width '{col.width}'")
            if col.only is not None and col.only not in TARGETS:
                out.append(f"{where}: column `{col.field}` has unknown only '{col.only}'")
            problem = _format_problem(col.format, cat)
            if problem:
                out.append(f"{where}: column `{col.field}`: {problem}")
    return out


RULES: tuple[CatalogRule, ...] = (
    rule_registry,
    rule_vocabularies_exist,
    rule_labels_not_empty,
    rule_keys_have_labels,
    rule_inputs,
    rule_display,
)


def validate(cat: Catalog) -> list[str]:
    """Every problem of the catalog, one message each (empty when all is well)."""
    return [message for rule in RULES for message in rule(cat)]
