"""Saved column mappings: saved per unit and audited, applied to its next files, kept on rebuild."""

from __future__ import annotations

import pytest

from data.__main__ import main as cli
from data.access import AccessDenied, User
from data.store import audit, db, mappings
from data.store.ingest import ingest_bytes
from tests.corpus import csv_bytes
from tests.data.intake.test_mapping import OWN_HEADER, OWN_MAPPING

BN = User(username="bn.nop", name="Bến Nghé", role="submitter", unit="BN")
CK = User(username="ck.nop", name="Cầu Kho", role="submitter", unit="CK")
ADMIN = User(username="nv.admin", name="Phòng Nội vụ", role="admin")
FILE = csv_bytes(OWN_HEADER, [["hs_tre_han", "Bến Nghé", "2023-06", 3]])


def test_saved_mapping_is_audited_and_applied_to_the_units_next_file(warehouse):
    """Test that a saved mapping is audited with who and when and read the unit's files."""
    refused = ingest_bytes("rieng.csv", FILE, warehouse, actor=BN)
    assert refused.status == "rejected"
    assert mappings.save("BN", OWN_MAPPING, BN, warehouse) == 4
    assert mappings.saved("BN", warehouse) == OWN_MAPPING
    entries = audit.read(warehouse, limit=None)
    change = entries[entries["action"] == "mapping_change"]
    assert change["actor"].tolist() == ["bn.nop"]
    assert '"unit": "BN"' in change["detail"].iloc[0]

    loaded = ingest_bytes("rieng.csv", FILE, warehouse, actor=BN)
    assert (loaded.status, loaded.rows_loaded) == ("loaded", 1)
    # Another unit's files are read without it.
    assert mappings.saved("CK", warehouse) == mappings.build([])
    other = csv_bytes(OWN_HEADER, [["hs_tre_han", "Cầu Kho", "2023-06", 3]])
    assert ingest_bytes("ck.csv", other, warehouse, actor=CK).status == "rejected"


def test_saving_a_header_again_supersedes_it_and_keeps_history(warehouse):
    """Test that a later save of one header closes the earlier row."""
    mappings.save("BN", OWN_MAPPING, ADMIN, warehouse)
    again = mappings.build([("Số liệu thực tế", "indicator", "numerator")])
    mappings.save("BN", again, ADMIN, warehouse)
    current = mappings.saved("BN", warehouse)
    assert current.columns["so lieu thuc te"] == ("indicator", "numerator")
    assert len(current.columns) == 4
    past = mappings.history("BN", warehouse)
    assert past["superseded_at"].notna().sum() == 1


def test_a_submitter_saves_only_for_its_own_unit(warehouse):
    """Test that a submitter cannot save another unit's mapping."""
    with pytest.raises(AccessDenied):
        mappings.save("CK", OWN_MAPPING, BN, warehouse)


@pytest.mark.slow  # a rebuild from the archive: end to end
def test_rebuild_reads_each_file_as_it_was_read_and_keeps_the_mappings(warehouse):
    """Test that the receipt keeps the mapping: rebuild loads the same rows, mapping kept."""
    mappings.save("BN", OWN_MAPPING, BN, warehouse)
    assert ingest_bytes("rieng.csv", FILE, warehouse, actor=BN).status == "loaded"
    before = db.query(
        "select indicator_code, scope_code, value from core.indicator_value", path=warehouse
    )
    assert cli(["rebuild", "--db", str(warehouse)]) == 0
    after = db.query(
        "select indicator_code, scope_code, value from core.indicator_value", path=warehouse
    )
    assert after.values.tolist() == before.values.tolist() == [["hs_tre_han", "BN", 3.0]]
    assert mappings.saved("BN", warehouse) == OWN_MAPPING


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        (
            "m.yaml",
            "kind: indicator\ncolumns:\n  Nội dung theo dõi: indicator\n  Địa bàn báo cáo: scope\n"
            "  Kỳ theo dõi: period\n  Số liệu thực tế: value\n",
            0,
        ),
        (
            "m.csv",
            "header,column\nNội dung theo dõi,Mã chỉ số\nĐịa bàn báo cáo,Phạm vi\n"
            "Kỳ theo dõi,Kỳ số liệu\nSố liệu thực tế,Giá trị\n",
            0,
        ),
        ("m.yaml", "columns:\n  Nội dung theo dõi: Số nhà\n", 2),
    ],
)
def test_cli_takes_a_mapping_file(warehouse, tmp_path, capsys, name, text, code):
    """Test that ``ingest --mapping FILE`` reads a unit's own headers (YAML or CSV)."""
    data = tmp_path / "rieng.csv"
    data.write_bytes(FILE)
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    assert cli(["ingest", str(data), "--db", str(warehouse), "--mapping", str(spec)]) == code
    if code:
        assert "không phải là cột nào" in capsys.readouterr().err
