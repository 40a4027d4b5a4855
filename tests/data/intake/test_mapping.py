"""A unit's own column names mapped once to the template's columns: parsing and applying."""

from __future__ import annotations

import pytest

from checks.result import FileRejected
from data.intake import mapping
from data.intake.mapping import ColumnMapping, MappingError
from data.store.ingest import check_file
from tests.corpus import csv_bytes

# A unit's own headers: nothing in them names a column of any kind.
OWN_HEADER = ["Nội dung theo dõi", "Địa bàn báo cáo", "Kỳ theo dõi", "Số liệu thực tế"]
OWN_ROWS = [["hs_tre_han", "Bến Nghé", "2023-06", 3], ["ho_ngheo", "Cầu Kho", "2023-06", 12]]
OWN_MAPPING = mapping.build(
    [
        ("Nội dung theo dõi", "indicator", "indicator"),
        ("Địa bàn báo cáo", None, "Phạm vi"),
        ("Kỳ theo dõi", "indicator", "Kỳ số liệu"),
        ("Số liệu thực tế", "indicator", "value"),
    ]
)

# (case, file name, text, {folded header: (kind, column)})
PARSED = [
    (
        "yaml with kind",
        "m.yaml",
        "kind: indicator\ncolumns:\n  Tên CT: indicator\n  Địa bàn: Phạm vi\n",
        {"ten ct": ("indicator", "indicator"), "dia ban": ("indicator", "scope")},
    ),
    (
        "yaml list, kind per line",
        "m.yml",
        "- {header: Kỳ, kind: progress, column: period}\n- {header: Việc số, column: STT nhiệm vụ}\n",
        {"ky": ("progress", "period"), "viec so": ("progress", "task")},
    ),
    (
        "csv in English",
        "m.csv",
        "header,column\nTên CT,Mã chỉ số\nSL,Giá trị\n",
        {"ten ct": ("indicator", "indicator"), "sl": ("indicator", "value")},
    ),
    (
        "csv in Vietnamese with kind",
        "m.csv",
        "Cột trong tệp;Loại tệp;Cột của mẫu\n",
        {},
    ),
    (
        "csv with kind column",
        "m.csv",
        "Cột trong tệp,Loại tệp,Cột của mẫu\nThời điểm,indicator,period\n",
        {"thoi diem": ("indicator", "period")},
    ),
]


@pytest.mark.parametrize(("case", "name", "text", "columns"), PARSED, ids=[p[0] for p in PARSED])
def test_mapping_file_is_read_in_each_form(case, name, text, columns):
    """Test that YAML and CSV mapping files give the same kind of mapping."""
    if not columns:
        with pytest.raises(MappingError):
            mapping.parse(text, name)
        return
    assert mapping.parse(text, name).columns == columns


# (case, items, words of the refusal)
BAD = [
    ("unknown column", [("Tên CT", "indicator", "Số nhà")], "không phải là cột nào"),
    ("unknown kind", [("Tên CT", "report", "indicator")], "Loại tệp 'report'"),
    ("column of several kinds", [("Kỳ", None, "period")], "có ở nhiều loại tệp"),
    ("blank header", [("", "indicator", "indicator")], "không ghi tên cột"),
    (
        "one header, two columns",
        [("SL", "indicator", "value"), ("sl", "indicator", "numerator")],
        "hai cột khác nhau",
    ),
]


@pytest.mark.parametrize(("case", "items", "words"), BAD, ids=[b[0] for b in BAD])
def test_a_mapping_that_cannot_be_used_says_why(case, items, words):
    """Test that an unusable mapping line is refused with a sentence, never guessed."""
    with pytest.raises(MappingError) as err:
        mapping.build(items)
    assert words in str(err.value)


def test_rename_keeps_unmapped_cells_and_maps_by_folded_text():
    """Test that a mapped header matches in any case or accents; other cells stay."""
    assert OWN_MAPPING.rename(["NOI DUNG THEO DOI", "Ghi chú", None]) == [
        "Mã chỉ số",
        "Ghi chú",
        None,
    ]


def test_entry_round_trip_keeps_the_words_written():
    """Test that the mapping kept in a receipt reads back the same."""
    again = ColumnMapping.from_entry(OWN_MAPPING.as_entry())
    assert again == OWN_MAPPING
    assert {e["header"] for e in OWN_MAPPING.as_entry()} == set(OWN_HEADER)


def test_file_of_own_headers_is_refused_without_the_mapping_and_read_with_it():
    """Test that the mapping makes a unit's own headers readable; messages keep its words."""
    content = csv_bytes(OWN_HEADER, [*OWN_ROWS, ["hs_tre_han", "Tân Định", "2023-06", "x"]])
    with pytest.raises(FileRejected):
        check_file("rieng.csv", content)
    checked = check_file("rieng.csv", content, mapping=OWN_MAPPING)
    assert checked.kind == "indicator"
    assert sorted(checked.good["scope_code"]) == ["BN", "CK"]
    [issue] = checked.bad_rows[4]
    assert issue.column == "Số liệu thực tế"
    assert "Số liệu thực tế" in issue.reason


def test_proposal_lists_the_headers_found_with_their_likely_column():
    """Test that a refused file's headers are offered with the column each seems to be."""
    header = ["Mã chỉ số", "Địa bàn báo cáo", "Kỳ theo dõi", "Gia tri"]
    proposal = mapping.propose("rieng.csv", csv_bytes(header, OWN_ROWS))
    assert proposal.kind == "indicator"
    assert proposal.headers == tuple(header)
    assert proposal.suggested == {
        "Mã chỉ số": "indicator",
        "Địa bàn báo cáo": None,
        "Kỳ theo dõi": None,
        "Gia tri": "value",
    }
