"""The KPI registry and the yearly targets: the real files are valid, each rule fires."""

from __future__ import annotations

import copy

import pytest
import yaml

from data import catalog
from data.catalog import indicators as reg
from data.catalog import load_registry
from metrics import yearly_targets as yt

RAW = yaml.safe_load((catalog.catalog_dir() / "indicators.yaml").read_text(encoding="utf-8"))
GROUPS = [g.code for g in catalog.load_plan().groups]


def _broken(change) -> reg.Registry:
    doc = copy.deepcopy(RAW)
    change(doc)
    return reg.parse_registry(doc)


def _entry(doc: dict, code: str) -> dict:
    return next(e for e in doc["indicators"] if e["code"] == code)


def test_real_registry_has_no_errors():
    """Test that the real registry passes every rule, including task references."""
    task_ids = set()
    for year in catalog.available_years():
        task_ids |= catalog.load_plan(year).task_ids()
    assert reg.validate_registry(load_registry(), task_ids=task_ids, group_codes=GROUPS) == []


def test_registry_models_are_frozen():
    """Test that loaded indicators cannot be changed by accident."""
    ind = load_registry().get("hs_truc_tuyen")
    with pytest.raises(AttributeError):
        ind.code = "x"  # type: ignore[misc]


def _dup_code(doc):
    doc["indicators"].append(copy.deepcopy(_entry(doc, "hs_dung_han")))


def _dup_label(doc):
    _entry(doc, "hs_dung_han")["label_vi"] = _entry(doc, "hs_truc_tuyen")["label_vi"]


def _bad_group(doc):
    _entry(doc, "sang_kien")["group"] = "VI"


def _rate_without_parts(doc):
    del _entry(doc, "hai_long")["denominator_label"]


def _missing_field(doc):
    del _entry(doc, "ho_ngheo")["label_en"]


def _rate_mean(doc):
    _entry(doc, "hs_dung_han")["scope_aggregation"] = "sum"


def _score_summed(doc):
    _entry(doc, "pci_diem")["scope_aggregation"] = "sum"


def _bad_direction(doc):
    _entry(doc, "hs_tre_han")["direction"] = "down"


def _bad_bands(doc):
    doc["status_bands"] = {"on_track": 0.8, "behind": 0.9}


def _bad_range(doc):
    _entry(doc, "pci_hang")["range"] = {"min": 63, "max": 1}


def _count_unbounded(doc):
    del _entry(doc, "ho_ngheo")["plausible_max"]


def _score_with_plausible_max(doc):
    _entry(doc, "pci_diem")["plausible_max"] = 100


def _no_definition(doc):
    del _entry(doc, "ho_ngheo")["definition"]


def _blank_source(doc):
    _entry(doc, "hs_truc_tuyen")["data_source"] = "  "


def _count_without_formula(doc):
    del _entry(doc, "hs_tre_han")["formula"]


def _long_definition(doc):
    _entry(doc, "sang_kien")["definition"] = "Số sáng kiến " * 20


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_no_definition, "indicator `ho_ngheo`: missing field `definition`"),
        (_blank_source, "indicator `hs_truc_tuyen`: missing field `data_source`"),
        (_count_without_formula, "indicator `hs_tre_han`: missing field `formula`"),
        (_long_definition, "indicator `sang_kien`: `definition` is longer than 160"),
        (_dup_code, "indicator `hs_dung_han`: code is used by more than one entry"),
        (
            _dup_label,
            "indicator `hs_dung_han`: label_vi 'Tỷ lệ hồ sơ nộp trực tuyến' is already used by indicator `hs_truc_tuyen`",
        ),
        (_bad_group, "indicator `sang_kien`: unknown group 'VI'"),
        (
            _rate_without_parts,
            "indicator `hai_long`: rate needs numerator_label and denominator_label",
        ),
        (_missing_field, "indicator `ho_ngheo`: missing field `label_en`"),
        (_rate_mean, "indicator `hs_dung_han`: a rate combines scopes as ratio_of_sums"),
        (_score_summed, "indicator `pci_diem`: a score cannot be added up"),
        (_bad_direction, "indicator `hs_tre_han`: unknown direction 'down'"),
        (_bad_bands, "status_bands: need 0 < behind (0.9) < on_track (0.8) <= 1"),
        (_bad_range, "indicator `pci_hang`: range min 63.0 is above max 1.0"),
        (_count_unbounded, "indicator `ho_ngheo`: a count indicator needs plausible_max > 0"),
        (
            _score_with_plausible_max,
            "indicator `pci_diem`: plausible_max is for count and rate indicators only",
        ),
    ],
)
def test_each_rule_names_the_bad_entry(change, expected):
    """Test that a broken copy of the registry yields a message naming the bad entry."""
    messages = reg.validate_registry(_broken(change), group_codes=GROUPS)
    assert any(m.startswith(expected) for m in messages), messages


def test_indicator_in_data_without_entry_is_named():
    """Test that a code present in the data but not in the registry is reported."""
    messages = reg.validate_registry(load_registry(), data_codes=["hs_truc_tuyen", "tyle_moi"])
    assert messages == [
        "indicator `tyle_moi`: present in the data but has no entry in the registry"
    ]


def test_unknown_task_reference_is_named():
    """Test that a registry entry pointing at a task the plan does not have is reported."""
    messages = reg.validate_registry(load_registry(), task_ids={"1"})
    assert "indicator `hs_truc_tuyen`: task `13` is not in the plan" in messages


# --------------------------------------------------------------------------- targets


def test_real_targets_are_valid():
    """Test that every targets file is valid against the registry."""
    registry = load_registry()
    for path in sorted(yt.TARGETS_DIR.glob("*.yaml")):
        assert yt.validate_targets(yt.load_targets(int(path.stem)), registry) == []


EXPLICIT = {
    "dvc_toan_trinh": ("absolute", "Mục III.1.2"),
    "ttdt_gd_yt": ("absolute", "Mục III.1.2"),
    "hs_tre_han_xin_loi": ("absolute", "xin lỗi đối với hồ sơ trễ hẹn"),
    "pci_diem": ("relative_previous_year", "Mục II.4"),
    "pci_hang": ("relative_previous_year", "Mục II.4"),
    "doi_thoai_dn": ("count_per_year", "Mục III.2.1.3"),
}


@pytest.mark.parametrize(("code", "expected"), sorted(EXPLICIT.items()))
def test_plan_targets_quote_the_plan(code, expected):
    """Test that the plan's explicit targets are typed right and cite the plan section."""
    target = yt.load_targets(2023).get(code)
    assert target.type == expected[0]
    assert expected[1] in target.source
    assert not target.sample


def test_other_targets_are_marked_sample():
    """Test that every target not stated in the plan is marked as a sample value with a note."""
    targets = yt.load_targets(2023).targets
    others = [t for c, t in targets.items() if c not in EXPLICIT and t.type != "none"]
    assert others
    assert all(t.sample and t.note for t in others), [t.code for t in others if not t.sample]


def test_missing_year_file_means_no_target():
    """Test that a year without a targets file gives every KPI 'Chưa có chỉ tiêu'."""
    targets = yt.load_targets(1999)
    ind = load_registry().get("dvc_toan_trinh")
    target = targets.get("dvc_toan_trinh")
    assert target.type == "none"
    assert yt.target_text(target, ind, 1999, None) == "Chưa có chỉ tiêu"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            {"khong_co": {"type": "absolute", "value": 1, "sample": True, "note": "x"}},
            "mã chỉ số không có",
        ),
        ({"hs_dung_han": {"type": "percent", "value": 1}}, "loại chỉ tiêu 'percent' không hợp lệ"),
        ({"hs_dung_han": {"type": "absolute", "sample": True, "note": "x"}}, "cần trường 'value'"),
        ({"hs_dung_han": {"type": "absolute", "value": 95}}, "cần ghi 'source'"),
        (
            {"ho_ngheo": {"type": "reduction", "value": 5, "percent": 5, "source": "x"}},
            "đúng một trong hai",
        ),
    ],
)
def test_bad_targets_are_named(entry, expected):
    """Test that a broken targets entry yields a Vietnamese message naming the indicator."""
    targets = yt.parse_targets({"year": 2023, "targets": entry}, 2023, "2023.yaml")
    messages = yt.validate_targets(targets, load_registry())
    code = next(iter(entry))
    assert any(f"`{code}`" in m and expected in m for m in messages), messages


@pytest.mark.parametrize(
    ("code", "entry", "previous", "baseline", "resolved", "text"),
    [
        (
            "dvc_toan_trinh",
            {"type": "absolute", "value": 100, "source": "s"},
            None,
            80,
            100,
            "100%",
        ),
        (
            "hs_dung_han",
            {"type": "absolute", "value": 98.5, "source": "s"},
            None,
            90,
            98.5,
            "≥ 98,5%",
        ),
        (
            "pci_hang",
            {"type": "relative_previous_year", "source": "s"},
            11,
            11,
            11,
            "Thứ hạng cao hơn năm 2022 (hạng 11)",
        ),
        (
            "pci_diem",
            {"type": "relative_previous_year", "source": "s"},
            67.12,
            67.12,
            67.12,
            "Cao hơn năm 2022 (67,12)",
        ),
        (
            "ho_ngheo",
            {"type": "reduction", "percent": 10, "source": "s"},
            80,
            80,
            72,
            "Giảm 10% so với cuối năm 2022 (còn ≤ 72 hộ)",
        ),
        (
            "ho_ngheo",
            {"type": "reduction", "value": 5, "source": "s"},
            None,
            60,
            55,
            "Giảm 5 hộ so với cuối năm 2022 (còn ≤ 55 hộ)",
        ),
        (
            "doi_thoai_dn",
            {"type": "count_per_year", "value": 4, "per_quarter": True, "source": "s"},
            None,
            0,
            4,
            "4 cuộc/năm (1 cuộc/quý)",
        ),
        (
            "hs_truc_tuyen",
            {"type": "absolute", "value": 80, "sample": True, "note": "n"},
            None,
            70,
            80,
            "≥ 80% (giá trị mẫu)",
        ),
    ],
)
def test_target_resolution_and_text(code, entry, previous, baseline, resolved, text):
    """Test that each target type resolves to the right number and reads right."""
    target = yt.parse_targets({"targets": {code: entry}}, 2023).get(code)
    ind = load_registry().get(code)
    value = yt.resolve(target, ind, previous, baseline)
    assert value == pytest.approx(resolved)
    assert yt.target_text(target, ind, 2023, value) == text


@pytest.mark.parametrize(
    ("code", "formula"),
    [
        ("hs_truc_tuyen", "Số hồ sơ nộp trực tuyến ÷ Tổng số hồ sơ tiếp nhận × 100%"),
        ("hs_tre_han", "Số hồ sơ trả quá hạn của tháng; cộng các phạm vi và các tháng trong năm"),
    ],
)
def test_formula_is_written_or_made_from_a_rates_parts(code, formula):
    """Test that a rate's formula comes from its numerator and denominator, others from the file."""
    assert load_registry().get(code).formula_text == formula
