"""The committed sample data and the downloadable templates, through the real readers."""

from __future__ import annotations

import hashlib

import pytest
from openpyxl import load_workbook

from data import catalog
from data.catalog import columns, fold
from data.intake import templates
from data.sample import generate as sample
from data.store import db
from data.store.ingest import ingest_bytes
from tests.conftest import SAMPLE_DIR


def _digests(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix not in (".py", ".pyc")  # the generator lives beside its output
    }


@pytest.mark.slow  # the whole sample generated again: end to end
def test_sample_generator_reproduces_the_committed_files(tmp_path):
    """Test that regenerating the sample gives byte-identical files (no hand edits)."""
    sample.generate(tmp_path)
    assert _digests(tmp_path) == _digests(SAMPLE_DIR)


def test_sample_rejects_exactly_the_documented_rows(sample_db):
    """Test that the demo build quarantines the rows the sample README lists, and no other."""
    files = sample.build()
    for f in files:
        sample.render(f)  # fixes the row numbers of the planted errors
    documented = {(bad.row, fold(bad.column)) for f in files for bad in f.bad}
    got = db.query(
        "select distinct row_number, column_name from staging.quarantine", path=sample_db
    )
    assert {(row, fold(col)) for row, col in got.values.tolist()} == documented


def test_sample_covers_every_unit_period_and_indicator(sample_db):
    """Test that the demo holds reports for the 4 periods and values for every indicator."""
    periods = db.query(
        "select distinct period_code from marts.progress_current order by 1", path=sample_db
    )
    assert sorted(periods["period_code"]) == ["9M", "H1", "Q1", "Y"]
    codes = db.query("select distinct indicator_code from marts.indicator_current", path=sample_db)
    registry = set(db.catalog.load_registry().codes())
    assert set(codes["indicator_code"]) == registry


@pytest.mark.parametrize("kind", columns.KINDS)
def test_empty_template_is_recognised_and_has_no_data_rows(kind, warehouse):
    """Test that a template sent back unfilled is read (header found) and refused as empty."""
    r = ingest_bytes(templates.FILE_NAMES[kind], templates.build_template(kind), warehouse)
    assert r.status == "rejected"
    assert "không có dòng số liệu" in r.message


@pytest.mark.parametrize("kind", columns.KINDS)
def test_template_filled_with_its_own_examples_loads(kind, tmp_path, warehouse):
    """Test that the example rows of the help sheet, typed into the data sheet, load cleanly."""
    import io

    wb = load_workbook(io.BytesIO(templates.build_template(kind)))
    data_ws, help_ws = wb[templates.DATA_SHEET[kind]], wb[templates.HELP_SHEET]
    help_rows = [list(r) for r in help_ws.iter_rows(values_only=True)]
    title = next(i for i, r in enumerate(help_rows) if (r[0] or "").startswith("Ví dụ"))
    examples = []
    for row in help_rows[title + 2 :]:  # below the example table's own header
        if not any(row):
            break
        examples.append(row)
    assert examples, "the help sheet shows example rows"
    header_row = next(
        r
        for r in range(1, 10)
        if str(data_ws.cell(r, 1).value or "").endswith(templates.REQUIRED_MARK)
    )
    for i, values in enumerate(examples, start=header_row + 1):
        for c, v in enumerate(values, start=1):
            data_ws.cell(i, c, v)
    buffer = io.BytesIO()
    wb.save(buffer)
    r = ingest_bytes("filled.xlsx", buffer.getvalue(), warehouse)
    assert (r.status, r.rows_quarantined) == ("loaded", 0), r.errors
    # A statistics sheet (fields and a total row) gives the indicator values it derives.
    derives = catalog.load().inputs.kind(kind).derives
    assert r.rows_loaded == (len(derives) if derives else len(examples))


def test_only_files_without_a_good_row_are_rejected_whole(sample_db):
    """Test that the demo build rejects exactly the sample files whose every row is bad."""
    rejected = db.query(
        "select original_name from raw.load_log where status = 'rejected'", path=sample_db
    )
    expected = {f.name.split("/")[-1] for f in sample.whole_rejected(sample.build())}
    assert set(rejected["original_name"]) == expected
