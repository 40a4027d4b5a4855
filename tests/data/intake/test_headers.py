"""Headers as people write them, kind recognition, near misses and numbers never loaded silently."""

from __future__ import annotations

import pytest

from checks.result import FileRejected
from data import catalog
from data.catalog import columns
from data.intake import normalize, readers
from data.store.ingest import check_file
from tests import corpus

# (kind, header as written, column it names): one case per alias group.
ALIASES = [
    ("indicator", "Mã chỉ số", "indicator"),
    ("indicator", "Chỉ tiêu", "indicator"),
    ("indicator", "TEN CHI SO", "indicator"),
    ("indicator", "Indicator code", "indicator"),
    ("indicator", "Đơn vị", "scope"),
    ("indicator", "Phường", "scope"),
    ("indicator", "Tháng", "period"),
    ("indicator", "Ky so lieu", "period"),
    ("indicator", "TS", "numerator"),
    ("indicator", "Tử số", "numerator"),
    ("indicator", "MS", "denominator"),
    ("indicator", "mau so", "denominator"),
    ("indicator", "Tỷ lệ (%)", "value"),
    ("indicator", "Value", "value"),
    ("progress", "Tên đơn vị", "unit"),
    ("progress", "Kỳ BC", "period"),
    ("progress", "STT", "task"),
    ("progress", "Trạng thái", "status"),
    ("progress", "Tiến độ (%)", "percent_complete"),
    ("progress", "Khó khăn, vướng mắc", "difficulties"),
    ("statistics", "Lĩnh vực", "field"),
    ("statistics", "Số hồ sơ đã giải quyết - Trả đúng hạn", "resolved_on_time"),
    ("statistics", "Số hồ sơ đã giải quyết / Trả quá hạn", "resolved_late"),
    ("statistics", "Số hồ sơ đang giải quyết / Quá hạn", "pending_overdue"),
    ("statistics", "Số hồ sơ nhận giải quyết / Số mới tiếp nhận / Trực tuyến", "new_online"),
]


@pytest.mark.parametrize(("kind", "header", "name"), ALIASES)
def test_header_alias_names_its_column(kind, header, name):
    """Test that each usual spelling of a header names the right column."""
    assert normalize.match_header([header], kind) == {name: 0}


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("indicator", "ĐVT"),
        ("indicator", "Đơn vị tính"),
        ("indicator", "STT"),
        ("statistics", "Tổng số"),  # ambiguous alone: three groups have one
    ],
)
def test_header_that_names_something_else_is_not_a_column(kind, header):
    """Test that a unit of measure, a row number or an ambiguous word is never a column."""
    assert normalize.match_header([header], kind) == {}


KINDS = [
    (["Chỉ tiêu", "Đơn vị", "Tháng", "TS", "MS", "Tỷ lệ (%)"], "indicator"),
    (["Mã chỉ số", "Phạm vi", "Kỳ số liệu", "Giá trị"], "indicator"),
    (["Đơn vị", "Kỳ báo cáo", "STT", "Trạng thái"], "progress"),
    (
        [
            "Lĩnh vực",
            "Số hồ sơ nhận giải quyết - Tổng số",
            "Số mới tiếp nhận - Trực tuyến",
            "Số mới tiếp nhận - Trực tiếp",
            "Số hồ sơ đã giải quyết - Tổng số",
            "Số hồ sơ đã giải quyết - Trả trước hạn",
            "Số hồ sơ đã giải quyết - Trả đúng hạn",
            "Số hồ sơ đã giải quyết - Trả quá hạn",
            "Số hồ sơ đang giải quyết - Quá hạn",
        ],
        "statistics",
    ),
]


@pytest.mark.parametrize(("header", "kind"), KINDS)
def test_kind_is_the_one_whose_columns_the_file_holds(header, kind):
    """Test that the kind is recognised by scoring every kind's columns."""
    assert normalize.detect_kind(header) == kind


def test_no_complete_kind_names_the_closest_its_missing_columns_and_the_headers_found():
    """Test that a file fitting no kind is told which kind it is closest to and what is missing."""
    with pytest.raises(FileRejected) as exc:
        normalize.detect_kind(["Chỉ tiêu", "Đơn vị", "Ky so lieuu", "Giá trị"])
    reason = exc.value.reason
    assert "số liệu chỉ số thiếu cột bắt buộc: 'Kỳ số liệu'" in reason
    assert "Các cột tìm thấy trong tệp: 'Chỉ tiêu', 'Đơn vị', 'Ky so lieuu', 'Giá trị'" in reason
    assert "Có phải cột 'Ky so lieuu' là cột 'Kỳ số liệu'?" in reason


@pytest.mark.parametrize(
    ("written", "code", "suggested"),
    [
        ("hs_truc_tuyen", "hs_truc_tuyen", None),
        ("HS TRUC TUYEN", "hs_truc_tuyen", None),
        ("Tỷ lệ hồ sơ giải quyết đúng hạn", "hs_dung_han", None),
        ("Hồ sơ giải quyết đúng hạn", "hs_dung_han", None),
        ("Số hồ sơ trễ hạn", "hs_tre_han", None),
        ("Dossiers submitted online", "hs_truc_tuyen", None),
        ("Tỷ lệ hồ sơ giải quyết đúng hẹn", "ty_le_ho_so_giai_quyet_dung_hen", "hs_dung_han"),
        ("hs_truc_tuyn", "hs_truc_tuyn", "hs_truc_tuyen"),
        ("chỉ số bí ẩn", "chi_so_bi_an", None),
    ],
)
def test_indicator_matches_by_code_or_label_and_a_near_miss_is_only_suggested(
    written, code, suggested
):
    """Test that labels match, and a near miss keeps its own text with a suggestion."""
    got, meant = normalize.resolve_indicator(written)
    assert got == code
    assert (meant is None) == (suggested is None)
    if suggested:
        assert f"({suggested})" in meant


INDICATOR_HEADER = ["Mã chỉ số", "Phạm vi", "Kỳ số liệu", "Tử số", "Mẫu số", "Giá trị"]
PROGRESS_HEADER = ["Đơn vị báo cáo", "Kỳ báo cáo", "STT nhiệm vụ", "Tình trạng"]

ROWS = [
    (
        "near-miss-indicator",
        INDICATOR_HEADER,
        ["Tỷ lệ hồ sơ giải quyết đúng hẹn", "Bến Nghé", "2023-03", 5, 10, None],
        "Có phải 'Tỷ lệ hồ sơ giải quyết đúng hạn (hs_dung_han)'?",
    ),
    (
        "near-miss-ward",
        INDICATOR_HEADER,
        ["hs_truc_tuyen", "Bến Ngé", "2023-03", 5, 10, None],
        "Có phải 'Phường Bến Nghé'?",
    ),
    (
        "bare-percentage",
        INDICATOR_HEADER,
        ["hs_truc_tuyen", "Bến Nghé", "2023-03", None, None, "57,5%"],
        "Ghi Tử số và Mẫu số",
    ),
    (
        "quarter-ii-in-progress-report",
        PROGRESS_HEADER,
        ["Phòng Nội vụ", "Quý II/2023", "1", "Đang triển khai"],
        "chỉ nhận các kỳ 'Quý I', '6 tháng', '9 tháng' và 'Năm'",
    ),
    (
        "quarter-iv-in-progress-report",
        PROGRESS_HEADER,
        ["Phòng Nội vụ", "Quý 4/2023", "1", "Đang triển khai"],
        "không phải kỳ của báo cáo tiến độ",
    ),
]


@pytest.mark.parametrize(("case", "header", "row", "reason"), ROWS, ids=[r[0] for r in ROWS])
def test_row_that_would_load_a_wrong_number_is_refused_with_a_reason(case, header, row, reason):
    """Test that near misses, bare percentages and wrong periods are refused, never guessed."""
    checked = check_file(f"{case}.xlsx", corpus.workbook_bytes(header, [row]))
    assert checked.good.empty
    [issues] = checked.bad_rows.values()
    assert any(reason in i.reason for i in issues), [i.reason for i in issues]


def test_bare_percentage_loads_where_the_registry_accepts_it():
    """Test that an indicator marked accepts_bare_percent takes a percentage alone."""
    spec = catalog.load().registry.get("hai_long")
    assert spec.accepts_bare_percent
    rows = [["hai_long", "Bến Nghé", "2023-03", None, None, "96,5%"]]
    checked = check_file("hai-long.xlsx", corpus.workbook_bytes(INDICATOR_HEADER, rows))
    assert not checked.bad_rows
    assert checked.good["value"].tolist() == [96.5]


def test_registry_refuses_bare_percentage_on_a_count():
    """Test the registry rule: only a rate may accept a bare percentage."""
    from dataclasses import replace

    from data.catalog.indicators import rule_bare_percent

    reg = catalog.load().registry
    bad = replace(reg, indicators=(replace(reg.get("hs_tre_han"), accepts_bare_percent=True),))
    assert rule_bare_percent(bad) == [
        "indicator `hs_tre_han`: accepts_bare_percent applies to rates only, not a count"
    ]
    assert rule_bare_percent(reg) == []


def test_every_kind_has_a_label():
    """Test that the third kind is labelled like the others."""
    assert set(columns.KIND_LABELS) == set(columns.KINDS) == {"progress", "indicator", "statistics"}


def test_row_masks_count_what_great_expectations_counts():
    """Test that every failing rule's vectorised mask finds as many rows as the engine counts."""
    from checks import suites

    rows = [
        ["hs_truc_tuyen", "Bến Nghé", "2023-03", 120, 100, None],
        ["hs_truc_tuyen", "Bến Nghé", "2023-03", 5, 0, None],
        ["hs_bi_an", "Phường 25", "2024-03", -1, 10, None],
        ["pci_diem", "Bến Nghé", "2023-05", None, None, 60],
        [None, None, None, None, None, None],
        ["hs_truc_tuyen", "Đa Kao", "2023-03", None, None, 104],
    ]
    refs = catalog.reference_sets(2023)
    table = readers.read_table(
        corpus.workbook_bytes(INDICATOR_HEADER, rows), "many.xlsx", normalize.looks_like_header
    )
    frame = normalize.normalize(table, refs, catalog.load_units()).frame
    work = suites._indicator_work(frame, refs)
    work["_file"] = 0
    work["_rid"] = range(len(work))
    rules = suites.indicator_rules(refs)
    batch = suites._batch_definition().get_batch(batch_parameters={"dataframe": work})
    failed = 0
    for rule in rules:
        result = batch.validate(rule.expectation, result_format="SUMMARY")
        if not result.success:
            failed += 1
            assert (
                suites._unexpected(rule.expectation, work).sum()
                == result.result["unexpected_count"]
            ), type(rule.expectation).__name__
    assert failed >= 6
