"""The "Cách đánh giá" glossary: every status, band and path, worded from the catalog's data.

Nothing here is a second copy of a rule: the KPI statuses are read from the registry's
``status_rules`` and ``status_bands``, the paths from ``expected_path`` and the indicators
that use each, the task and report statuses from the ``help`` of ``labels.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from data import catalog
from data.catalog import load_registry
from data.catalog.indicators import Registry, StatusRule
from metrics import format as fmt
from metrics import labels


@dataclass(frozen=True)
class Entry:
    """One line of the glossary: a status (or path) key, its label and what it means."""

    key: str
    label: str
    meaning: str


def rule_meaning(rule: StatusRule, registry: Registry) -> str:
    """A status rule's conditions as one Vietnamese sentence."""
    parts = []
    if rule.reached is not None:
        parts.append(labels.RULE_REACHED if rule.reached else labels.RULE_NOT_REACHED)
    if rule.closed is not None:
        parts.append(labels.RULE_CLOSED if rule.closed else labels.RULE_OPEN)
    floor = rule.ratio_floor(registry.bands)
    if floor is not None:
        parts.append(labels.RULE_RATIO.format(percent=fmt.fmt_number(floor * 100, 0)))
    if rule.projection_reaches is not None:
        parts.append(
            labels.RULE_PROJECTION if rule.projection_reaches else labels.RULE_NO_PROJECTION
        )
    text = "; ".join(parts) if parts else labels.RULE_OTHERWISE
    return text[0].upper() + text[1:] + "."


def kpi_entries(registry: Registry | None = None) -> list[Entry]:
    """KPI statuses in the order the registry's rules try them, after the two without data."""
    registry = registry or load_registry()
    entries = [
        Entry("no_target", labels.KPI_STATUS["no_target"], labels.RULE_NO_TARGET),
        Entry("no_data", labels.KPI_STATUS["no_data"], labels.RULE_NO_DATA),
    ]
    for rule in registry.status_rules:
        entries.append(
            Entry(rule.status, labels.KPI_STATUS[rule.status], rule_meaning(rule, registry))
        )
    return entries


def path_entries(registry: Registry | None = None) -> list[Entry]:
    """Each expected path with its meaning and the indicators that follow it."""
    registry = registry or load_registry()
    vocab = catalog.load().labels["expected_path"]
    helps = vocab.helps()
    out = []
    for key, label in vocab.labels().items():
        users = [i.label_vi for i in registry.indicators if i.expected_path == key]
        meaning = helps.get(key, "")
        if users and key != "linear":  # linear is the default: every other indicator
            meaning += " " + labels.PATH_USED_BY.format(names="; ".join(users))
        out.append(Entry(key, label, meaning.strip()))
    return out


def vocabulary_entries(name: str) -> list[Entry]:
    """The keys of one ``labels.yaml`` vocabulary with their label and ``help``."""
    vocab = catalog.load().labels[name]
    helps = vocab.helps()
    return [Entry(k, label, helps.get(k, "")) for k, label in vocab.labels().items()]


def bands_text(registry: Registry | None = None) -> str:
    """The two status bands as one sentence."""
    bands = (registry or load_registry()).bands
    return labels.BANDS_TEXT.format(
        on_track=fmt.fmt_number(bands.on_track * 100, 0),
        behind=fmt.fmt_number(bands.behind * 100, 0),
    )


def glossary(registry: Registry | None = None) -> dict:
    """Every section of the glossary: ``kpi``, ``bands``, ``paths``, ``task``, ``compliance``."""
    registry = registry or load_registry()
    return {
        "kpi": kpi_entries(registry),
        "bands": bands_text(registry),
        "paths": path_entries(registry),
        "task": vocabulary_entries("task_status"),
        "compliance": vocabulary_entries("compliance_status"),
    }
