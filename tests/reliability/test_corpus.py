"""Adversarial files with exact outcomes: every one is refused or loaded with a reason, never a crash."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from data.store import db
from data.store.ingest import ingest_bytes, ingest_paths
from tests.reliability.common import INDICATOR_HEADER, csv

pytestmark = pytest.mark.slow

GOOD_ROW = "hs_truc_tuyen,Bến Nghé,2023-01,80,100,"
HEADER = INDICATOR_HEADER.split(",")
ROW = ["hs_truc_tuyen", "Bến Nghé", "2023-01", 80, 100, None]


def workbook(*sheets: tuple[str, list[list]], hidden: tuple[int, ...] = ()) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for number in hidden:
            ws.row_dimensions[number].hidden = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def macro(content: bytes) -> bytes:
    """The same workbook declared macro-enabled, with a VBA part (as Excel saves an .xlsm)."""
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                )
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    return out.getvalue()


# name, file name, content, status, rows loaded, words the message must hold
CORPUS = [
    ("good", "t.csv", csv(INDICATOR_HEADER, GOOD_ROW), "loaded", 1, None),
    (
        "csv-field-over-module-limit",
        "t.csv",
        csv(INDICATOR_HEADER, GOOD_ROW, 'hs_tre_han,Bến Nghé,2023-01,,,"' + "x" * 140_000),
        "rejected",
        0,
        "ngoặc kép",
    ),
    (
        "cell-over-excel-limit",
        "t.csv",
        csv(INDICATOR_HEADER, GOOD_ROW + '"' + "y" * 40_000 + '"'),
        "rejected",
        0,
        "dòng 2, cột F dài 40.000 ký tự",
    ),
    (
        "duplicate-header",
        "t.csv",
        csv(INDICATOR_HEADER + ",Giá trị", GOOD_ROW + ",5"),
        "rejected",
        0,
        "Cột 'Giá trị' xuất hiện hai lần (cột F và cột G)",
    ),
    (
        "tables-on-two-sheets",
        "t.xlsx",
        workbook(("Tháng 1", [HEADER, ROW]), ("Tháng 2", [HEADER, ROW])),
        "rejected",
        0,
        "2 trang tính ('Tháng 1', 'Tháng 2')",
    ),
    (
        "hidden-rows",
        "t.xlsx",
        workbook(
            ("S", [HEADER, ROW, ["hs_tre_han", "Cầu Kho", "2023-01", None, None, 2]]), hidden=(3,)
        ),
        "loaded",
        2,
        "1 dòng bị ẩn trong Excel (dòng 3)",
    ),
    (
        "macro-workbook",
        "t.xlsm",
        macro(workbook(("S", [HEADER, ROW]))),
        "rejected",
        0,
        "lưu lại dạng .xlsx",
    ),
    ("garbage", "t.xlsx", b"\x00\x01garbage" * 50, "rejected", 0, None),
    ("empty", "t.csv", b"   \n", "rejected", 0, "rỗng"),
    ("utf16", "t.csv", "\ufeffa,b\n".encode("utf-16"), "rejected", 0, "UTF-16"),
]


@pytest.mark.parametrize(
    ("file_name", "payload", "status", "loaded", "words"),
    [c[1:] for c in CORPUS],
    ids=[c[0] for c in CORPUS],
)
def test_adversarial_file_outcome(warehouse, file_name, payload, status, loaded, words):
    """Test each adversarial file's exact outcome, and that every attempt is logged and audited."""
    r = ingest_bytes(file_name, payload, warehouse)
    assert (r.status, r.rows_loaded) == (status, loaded), r.message
    if words:
        assert words in (r.message or ""), r.message
    log = db.query("select status, message from raw.load_log", path=warehouse)
    assert log["status"].tolist() == [status]
    trail = db.query(
        "select count(*) as n from raw.audit_log where action = 'load'", path=warehouse
    )
    assert trail["n"][0] == 1


def test_a_bad_file_in_a_folder_does_not_stop_the_others(tmp_path, warehouse):
    """Test that a folder with a broken, an over-long and a good file loads the good one."""
    folder = tmp_path / "nop"
    folder.mkdir()
    (folder / "a_hong.xlsx").write_bytes(b"PK\x03\x04broken")
    (folder / "b_dai.csv").write_bytes(CORPUS[1][2])
    (folder / "c_tot.csv").write_bytes(csv(INDICATOR_HEADER, GOOD_ROW))
    results = ingest_paths([folder], warehouse)
    assert [r.status for r in results] == ["rejected", "rejected", "loaded"]


PROGRESS = "Đơn vị báo cáo,Kỳ báo cáo,STT nhiệm vụ,Tình trạng,Tỷ lệ hoàn thành (%)"

# name, file, the refused row's quarantine reason must hold these words
ROW_CORPUS = [
    (
        "count-1e308",
        csv(INDICATOR_HEADER, GOOD_ROW, "ho_ngheo,Bến Nghé,2023-01,,,1e308"),
        "không phải là số",
    ),
    (
        "count-too-large",
        csv(INDICATOR_HEADER, GOOD_ROW, "ho_ngheo,Bến Nghé,2023-01,,,5000000"),
        "vượt mức hợp lý 100.000",
    ),
    (
        "count-not-whole",
        csv(INDICATOR_HEADER, GOOD_ROW, 'ho_ngheo,Bến Nghé,2023-01,,,"12,5"'),
        "không phải số nguyên",
    ),
    (
        "full-width-digits",
        csv(INDICATOR_HEADER, GOOD_ROW, "ho_ngheo,Bến Nghé,2023-01,,,１２"),
        "chữ số không phải 0-9",
    ),
    (
        "underscore-digits",
        csv(INDICATOR_HEADER, GOOD_ROW, "ho_ngheo,Bến Nghé,2023-01,,,1_000"),
        "không phải là số",
    ),
    (
        "ambiguous-thousands",
        csv(INDICATOR_HEADER, GOOD_ROW, 'ho_ngheo,Bến Nghé,2023-01,,,"1,234"'),
        "không rõ là số 1234",
    ),
    (
        "done-with-zero-percent",
        csv(PROGRESS, "BN,Quý I/2023,1,Đang triển khai,30", "BN,Quý I/2023,2,Hoàn thành,0"),
        "nhiệm vụ hoàn thành phải đạt 100%",
    ),
]


@pytest.mark.parametrize(
    ("payload", "words"), [c[1:] for c in ROW_CORPUS], ids=[c[0] for c in ROW_CORPUS]
)
def test_adversarial_row_is_held_back_with_its_reason(warehouse, payload, words):
    """Test that the bad row is quarantined with the exact reason and the good row loads."""
    r = ingest_bytes("t.csv", payload, warehouse)
    assert (r.status, r.rows_loaded, r.rows_quarantined) == ("partial", 1, 1), r.as_dict()
    reasons = db.query("select reason from staging.quarantine", path=warehouse)["reason"].tolist()
    assert len(reasons) == 1 and words in reasons[0], reasons
