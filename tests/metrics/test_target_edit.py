"""Editing one yearly target: admins only, validated before writing, atomic, audited."""

from __future__ import annotations

import shutil

import pytest
import yaml

from data.access import AccessDenied, User
from data.store import audit
from metrics.target_edit import TargetEditRefused, set_target
from metrics.yearly_targets import TARGETS_DIR, load_targets

ADMIN = User("nv.admin", "Quản trị", "admin")


@pytest.fixture
def folder(tmp_path):
    """A copy of the real targets folder."""
    target = tmp_path / "targets"
    shutil.copytree(TARGETS_DIR, target)
    return target


def test_admin_changes_one_value_and_everything_else_stays(folder, warehouse):
    """Test that one edit changes one value; comments and every other target survive."""
    before_text = (folder / "2023.yaml").read_text(encoding="utf-8")
    change = set_target(
        2023, "hs_truc_tuyen", {"value": 85}, ADMIN, folder=folder, db_file=warehouse
    )
    after_text = (folder / "2023.yaml").read_text(encoding="utf-8")
    assert (change.old["value"], change.new["value"]) == (80, 85)
    changed = [
        (a, b)
        for a, b in zip(before_text.splitlines(), after_text.splitlines(), strict=True)
        if a != b
    ]
    assert changed == [("    value: 80", "    value: 85")]
    assert load_targets(2023, folder).get("hs_truc_tuyen").value == 85.0


def test_change_is_audited_with_old_and_new(folder, warehouse):
    """Test that the audit log says who changed which target from what to what."""
    set_target(2023, "hai_long", {"value": "92,5"}, ADMIN, folder=folder, db_file=warehouse)
    [entry] = audit.read(warehouse, action="target_change").to_dict("records")
    assert (entry["actor"], entry["role"]) == ("nv.admin", "admin")
    assert '"indicator": "hai_long"' in entry["detail"]
    assert '"old": {"type": "absolute", "value": 90' in entry["detail"]
    assert '"value": 92.5' in entry["detail"]


@pytest.mark.parametrize(
    ("code", "changes", "pattern"),
    [
        ("hs_truc_tuyen", {"value": None}, "cần trường 'value'"),
        ("hs_truc_tuyen", {"type": "gấp đôi"}, "không hợp lệ"),
        ("ho_ngheo", {"value": 5}, "đúng một trong hai"),
        ("khong_co_ma", {"type": "absolute", "value": 1, "source": "x"}, "không có trong danh mục"),
        ("hs_truc_tuyen", {"scopes": ["toàn quốc"]}, "phạm vi"),
        ("hs_truc_tuyen", {"owner": "x"}, "không sửa được"),
        ("hs_truc_tuyen", {"value": "tám mươi"}, "phải là số"),
    ],
    ids=[
        "missing-value",
        "bad-type",
        "two-reductions",
        "unknown-code",
        "bad-scope",
        "field",
        "nan",
    ],
)
def test_invalid_change_is_refused_and_file_untouched(folder, warehouse, code, changes, pattern):
    """Test that a change failing validate_targets never reaches the file or the log."""
    before = (folder / "2023.yaml").read_bytes()
    with pytest.raises(TargetEditRefused) as refused:
        set_target(2023, code, changes, ADMIN, folder=folder, db_file=warehouse)
    assert any(pattern in p for p in refused.value.problems), refused.value.problems
    assert (folder / "2023.yaml").read_bytes() == before
    assert audit.read(warehouse).empty


@pytest.mark.parametrize("role", ["viewer", "submitter"])
def test_only_admins_edit_targets(folder, warehouse, role):
    """Test that viewers and submitters cannot edit targets."""
    user = User("u", "U", role, unit="BN" if role == "submitter" else None)
    before = (folder / "2023.yaml").read_bytes()
    with pytest.raises(AccessDenied, match="không có quyền sửa chỉ tiêu"):
        set_target(2023, "hs_truc_tuyen", {"value": 1}, user, folder=folder, db_file=warehouse)
    assert (folder / "2023.yaml").read_bytes() == before


def test_no_change_writes_nothing(folder, warehouse):
    """Test that setting the same value is not an edit."""
    change = set_target(
        2023, "hs_truc_tuyen", {"value": 80}, ADMIN, folder=folder, db_file=warehouse
    )
    assert not change.changed
    assert audit.read(warehouse).empty


def test_new_year_file_is_created(folder, warehouse):
    """Test that a target for a year without a file starts that file."""
    set_target(
        2024, "hs_truc_tuyen",
        {"type": "absolute", "value": 90, "sample": True, "note": "Giá trị mẫu."},
        ADMIN, folder=folder, db_file=warehouse,
    )  # fmt: skip
    doc = yaml.safe_load((folder / "2024.yaml").read_text(encoding="utf-8"))
    assert doc["year"] == 2024
    assert doc["targets"]["hs_truc_tuyen"]["value"] == 90


def test_targets_folder_follows_kpi_targets(tmp_path, monkeypatch):
    """Test that KPI_TARGETS points both reading and editing at another folder (the demo's copy)."""
    import shutil

    from metrics import yearly_targets

    folder = tmp_path / "copy"
    shutil.copytree(yearly_targets.TARGETS_DIR, folder)
    monkeypatch.setenv("KPI_TARGETS", str(folder))
    assert yearly_targets.targets_dir() == folder
    (folder / "2023.yaml").write_text("year: 2023\ntargets: {}\n", encoding="utf-8")
    assert yearly_targets.load_targets(2023).targets == {}
