"""Catalog-wide rules: each broken copy of the catalog yields a message naming the bad entry."""

from __future__ import annotations

import dataclasses

import pytest

from data import catalog
from data.catalog import rules
from data.catalog.display import DisplayColumn, DisplayTable
from data.catalog.inputs import InputColumn
from data.catalog.labels import Term, Vocabulary
from metrics import api


def test_real_catalog_passes_every_rule():
    """Test that the shipped catalog files agree with each other."""
    assert rules.validate(catalog.load()) == []


def _with_labels(cat, name, vocab):
    return dataclasses.replace(cat, labels={**cat.labels, name: vocab})


def _drop_vocabulary(cat):
    return dataclasses.replace(cat, labels={k: v for k, v in cat.labels.items() if k != "role"})


def _unit_kind_without_label(cat):
    vocab = cat.labels["unit_kind"]
    return _with_labels(cat, "unit_kind", Vocabulary(vocab.name, vocab.terms[:-1]))


def _empty_label(cat):
    vocab = cat.labels["load_status"]
    terms = (Term("rolled_back", "", ""), *vocab.terms[1:])
    return _with_labels(cat, "load_status", Vocabulary(vocab.name, terms))


def _with_table(cat, table):
    tables = {**cat.display.tables, table.name: table}
    return dataclasses.replace(cat, display=dataclasses.replace(cat.display, tables=tables))


def _display_unknown_field(cat):
    table = cat.display.table("tasks")
    cols = (*table.columns, DisplayColumn("deadline_date", "Hạn"))
    return _with_table(cat, dataclasses.replace(table, columns=cols))


def _display_unknown_format(cat):
    table = cat.display.table("quarantine")
    cols = (DisplayColumn("reason", "Lý do", format="markdown"), *table.columns[1:])
    return _with_table(cat, dataclasses.replace(table, columns=cols))


def _display_unknown_vocabulary(cat):
    table = cat.display.table("load_log")
    cols = (DisplayColumn("status", "Kết quả", format="label:load_state"), *table.columns[1:])
    return _with_table(cat, dataclasses.replace(table, columns=cols))


def _alias_names_two_columns(cat):
    kind = cat.inputs.kind("indicator")
    cols = (
        *kind.columns[:-1],
        dataclasses.replace(kind.columns[-1], aliases=("tu so",)),  # note, named like numerator
    )
    kinds = tuple(
        dataclasses.replace(k, columns=cols) if k.key == "indicator" else k
        for k in cat.inputs.kinds
    )
    return dataclasses.replace(cat, inputs=dataclasses.replace(cat.inputs, kinds=kinds))


def _kind_without_required_column(cat):
    kind = cat.inputs.kind("progress")
    cols = tuple(dataclasses.replace(c, required=False) for c in kind.columns)
    kinds = tuple(
        dataclasses.replace(k, columns=cols) if k.key == "progress" else k for k in cat.inputs.kinds
    )
    return dataclasses.replace(cat, inputs=dataclasses.replace(cat.inputs, kinds=kinds))


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (_drop_vocabulary, "labels: vocabulary `role` is missing"),
        (_unit_kind_without_label, "units.yaml kind: key `external` has no label"),
        (_empty_label, "labels `load_status`: key `rolled_back` has no label"),
        (_display_unknown_field, "display `tasks`: column `deadline_date` names no field"),
        (_display_unknown_format, "display `quarantine`: column `reason`: unknown format"),
        (
            _display_unknown_vocabulary,
            "display `load_log`: column `status`: format 'label:load_state' names no vocabulary",
        ),
        (_alias_names_two_columns, "inputs `indicator`: 'tu so' names both `numerator` and `note`"),
        (_kind_without_required_column, "inputs `progress`: no required column"),
    ],
)
def test_each_rule_names_the_bad_entry(break_it, expected):
    """Test that a broken copy of the catalog yields a message naming what is wrong."""
    messages = rules.validate(break_it(catalog.load()))
    assert any(m.startswith(expected) for m in messages), messages


def test_every_status_key_the_code_produces_has_a_label():
    """Test that the keys written by the code (load log, audit, roles) all have labels."""
    from data.access import PERMISSIONS, ROLES
    from data.store import audit

    labels = catalog.load().labels
    produced = {
        "load_status": {
            "loaded",
            "partial",
            "rejected",
            "unchanged",
            "busy",
            "failed",
            "pending",
            "rolled_back",
        },
        "audit_action": set(audit.ACTIONS),
        "role": set(PERMISSIONS),
    }
    for vocabulary, keys in produced.items():
        assert keys <= set(labels[vocabulary].keys()), vocabulary
    assert set(ROLES) == set(PERMISSIONS)


def test_input_columns_spell_their_template_header():
    """Test that every input column is matched by its own template header and key."""
    for kind in catalog.load().inputs.kinds:
        for col in kind.columns:
            assert isinstance(col, InputColumn)
            # A column under a group cell is named by the group's words and its own.
            group = f"{col.group_header} " if col.group else ""
            assert catalog.fold(group + col.header) in col.spellings()
            assert catalog.fold(col.key) in col.leaf_spellings()


def test_load_once_per_folder(tmp_path):
    """Test that the catalog is parsed once per folder and cleared on demand."""
    assert catalog.load() is catalog.load()
    catalog.clear_cache()
    assert catalog.load() is catalog.load()


MONTH = (2023, "2023-06")
# Display table -> how the real result is made, and the columns that belong to the other use.
DISPLAY_SOURCES = {
    "groups": (lambda db: api.group_summary(*MONTH, db=db), ()),
    "tasks": (lambda db: api.task_table(*MONTH, db=db), ()),
    "kpis": (lambda db: api.kpi_table(*MONTH, db=db), ()),
    "compliance": (lambda db: api.compliance_table(*MONTH, db=db), ()),
    "compliance_counts": (lambda db: api.compliance_summary(*MONTH, db=db), ("unit_name",)),
    "compliance_counts/unit": (
        lambda db: api.compliance_by_unit(*MONTH, db=db),
        ("period_label",),
    ),
    "load_log": (lambda db: api.load_log(db), ()),
    "quarantine": (lambda db: api.quarantine(db), ()),
    "task_history": (lambda db: api.task_history(2023, "14", db=db), ()),
}


@pytest.mark.parametrize("source", sorted(DISPLAY_SOURCES))
def test_display_columns_name_fields_the_results_carry(source, sample_db):
    """Test that each on-screen column of a display table is a column of the real result."""
    make, drop = DISPLAY_SOURCES[source]
    frame = make(sample_db)
    table = source.split("/")[0]
    shown = catalog.load().display.table(table).for_target("screen", drop)
    missing = [c.field for c in shown if c.field not in frame.columns]
    assert not missing, (table, missing, list(frame.columns))


def test_display_tables_are_typed():
    """Test that display tables parse into typed, frozen records."""
    table = catalog.load().display.table("kpis")
    assert isinstance(table, DisplayTable)
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.name = "x"  # type: ignore[misc]
