"""Upload hardening: size limit, type by content, zip bombs, safe names, neutralised exports."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import openpyxl
import pandas as pd
import pytest

from data.intake import guard
from data.intake.guard import UploadRefused, check_upload
from data.store import db

PROGRESS_HEADER = ["Đơn vị báo cáo", "Kỳ báo cáo", "STT nhiệm vụ", "Tình trạng", "Ghi chú"]


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Text as Excel's plain "CSV" writes it on Vietnamese Windows (tone marks combining)."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            letter = unicodedata.normalize(
                "NFC", base + "".join(m for m in marks if m not in TONE_MARKS)
            )
            out += (letter + "".join(m for m in marks if m in TONE_MARKS)).encode("cp1258")
    return out


def xlsx_bytes(rows=(("BN", "Quý I/2023", "1", "Đang triển khai", None),)) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PROGRESS_HEADER)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    """A Word document package (the parts Word writes), as a renamed .docx arrives."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p/></w:body></w:document>")
    return buffer.getvalue()


def with_extra_part(content: bytes, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    return buffer.getvalue()


def test_real_workbook_and_csv_are_accepted():
    """Test that a workbook and UTF-8 / cp1258 text are recognised by content."""
    assert check_upload("bao_cao.xlsx", xlsx_bytes()) == "xlsx"
    assert check_upload("bao_cao.csv", "Đơn vị,Kỳ\nBN,Quý I\n".encode()) == "csv"
    assert check_upload("bao_cao.csv", cp1258("Đơn vị;Kỳ\nBN;Quý I\n")) == "csv"
    # The name does not decide: a workbook named .csv is still a workbook.
    assert check_upload("bao_cao.csv", xlsx_bytes()) == "xlsx"


def test_docx_renamed_xlsx_is_refused_by_content():
    """Test that a Word document named .xlsx is refused, saying it is a Word document."""
    with pytest.raises(UploadRefused, match=r"tài liệu Word \(\.docx\)"):
        check_upload("bao_cao.xlsx", docx_bytes())


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, r"Excel 97-2003 \(\.xls\)"),
        (b"%PDF-1.7\n" + b"\x00\x01" * 100, "tệp PDF"),
        (b"MZ\x90\x00" + bytes(range(256)) * 4, r"chương trình \(\.exe\)"),
        (bytes(range(256)) * 8, "nội dung nhị phân"),
        (b"\xff\xfeD\x00o\x00n\x00", "UTF-16"),
        (b"PK\x03\x04 not really a zip", "bị hỏng"),
        (b"   \n  ", "rỗng"),
    ],
    ids=["xls", "pdf", "exe", "binary", "utf16", "broken-zip", "empty"],
)
def test_other_content_is_refused_with_a_reason(content, pattern):
    """Test that non-spreadsheet content named .xlsx is refused with what to do."""
    with pytest.raises(UploadRefused, match=pattern) as refused:
        check_upload("so_lieu.xlsx", content)
    assert "nộp lại" in refused.value.reason or "Kiểm tra" in refused.value.reason


def test_oversized_file_is_refused(monkeypatch):
    """Test the size limit, from KPI_MAX_UPLOAD_MB, before anything is read."""
    content = ("BN,Quý I/2023,1,Đang triển khai\n" * 40_000).encode()  # about 1.3 MB
    assert check_upload("lon.csv", content) == "csv"
    monkeypatch.setenv("KPI_MAX_UPLOAD_MB", "1")
    with pytest.raises(UploadRefused, match=r"vượt giới hạn 1 MB .* tách tệp"):
        check_upload("lon.csv", content)


def test_default_size_limit_is_ten_megabytes(monkeypatch):
    """Test that the documented default applies when the variable is not set."""
    monkeypatch.delenv("KPI_MAX_UPLOAD_MB", raising=False)
    assert guard.max_upload_bytes() == 10 * 1024 * 1024
    with pytest.raises(UploadRefused, match="vượt giới hạn 10 MB"):
        check_upload("x.csv", b"a,b\n" * (3 * 1024 * 1024))


def test_zip_bomb_part_is_refused_by_ratio():
    """Test that a workbook hiding a hugely compressible part is refused before extraction."""
    bomb = with_extra_part(xlsx_bytes(), "xl/media/image1.bin", b"\x00" * (20 * 1024 * 1024))
    assert len(bomb) < 100_000
    with pytest.raises(UploadRefused, match="tỷ lệ bất thường"):
        check_upload("bom.xlsx", bomb)


def test_zip_bomb_total_size_is_refused(monkeypatch):
    """Test the limit on the total uncompressed size of a workbook."""
    rows = [
        ("BN", "Quý I/2023", str(i % 30 + 1), "Đang triển khai", f"ghi chú {i}")
        for i in range(5_000)
    ]
    content = xlsx_bytes(rows)
    assert check_upload("lon.xlsx", content) == "xlsx"
    monkeypatch.setenv("KPI_MAX_UNZIPPED_MB", "1")
    with pytest.raises(UploadRefused, match=r"khi giải nén lên tới .* vượt giới hạn 1 MB"):
        check_upload("lon.xlsx", content)


def test_zip_without_workbook_is_refused():
    """Test that an ordinary zip archive named .xlsx is refused."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("bao_cao.txt", "xin chào")
    with pytest.raises(UploadRefused, match="không chứa bảng tính Excel"):
        check_upload("nen.xlsx", buffer.getvalue())


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\cb\\Desktop\\bao cao.xlsx", "bao cao.xlsx"),
        ("..", "tệp không tên"),
        ("bao\x00cao\n.xlsx", "baocao.xlsx"),
    ],
)
def test_safe_display_name_keeps_only_the_last_component(name, shown):
    """Test that a submitted name is reduced to a harmless label."""
    assert guard.safe_display_name(name) == shown


def test_submitted_name_never_reaches_a_path(warehouse):
    """Test that a hostile file name only ever becomes a label: the archive names by hash."""
    from data.store.ingest import ingest_bytes

    archive = db.archive_dir(warehouse)
    content = "Đơn vị báo cáo,Kỳ báo cáo,STT nhiệm vụ,Tình trạng\nBN,Quý I/2023,1,Hoàn thành\n"
    r = ingest_bytes("../../../evil/../x.csv", content.encode(), warehouse, archive=archive)
    assert r.status == "loaded"
    stored = [p for p in archive.rglob("*") if p.is_file() and p.name != "manifest.jsonl"]
    assert [p.name for p in stored] == [f"{r.file_hash}.csv"]
    assert all(archive in p.parents for p in stored)
    assert not (warehouse.parent.parent / "evil").exists()


def test_formula_text_is_stored_as_text_through_ingestion(tmp_path, warehouse):
    """Test that cells starting with = + - @ load as the text typed, never evaluated."""
    from data.store.ingest import ingest_bytes

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PROGRESS_HEADER)
    ws.append(["BN", "Quý I/2023", "1", "Đang triển khai", None])
    ws.append(["BN", "Quý I/2023", "2", "Đang triển khai", None])
    # Text cells (not formulas), as Excel keeps text typed with a leading quote.
    for cell, text in (("E2", '=HYPERLINK("http://x","bấm")'), ("E3", "@SUM(A1:A9)")):
        ws[cell] = text
        ws[cell].data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    r = ingest_bytes("f.xlsx", buffer.getvalue(), warehouse, archive=db.archive_dir(warehouse))
    csv_content = (
        "Đơn vị báo cáo,Kỳ báo cáo,STT nhiệm vụ,Tình trạng,Ghi chú\n"
        "BN,Quý I/2023,3,Đang triển khai,\"+cmd|' /C calc'!A0\"\n"
        "BN,Quý I/2023,4,Đang triển khai,-2+3\n"
    )
    r2 = ingest_bytes("f.csv", csv_content.encode(), warehouse, archive=db.archive_dir(warehouse))
    assert (r.status, r2.status) == ("loaded", "loaded")
    notes = db.query(
        "select task_id, note from marts.progress_current order by task_id", path=warehouse
    )
    assert notes["note"].tolist() == [
        '=HYPERLINK("http://x","bấm")',
        "@SUM(A1:A9)",
        "+cmd|' /C calc'!A0",
        "-2+3",
    ]


def test_csv_export_neutralises_formula_text():
    """Test that a CSV download quotes formula-looking text and leaves numbers alone."""
    frame = pd.DataFrame(
        {
            "Ghi chú": ["=1+2", "+SUM(A1)", "-x", "@cmd", "bình thường", None],
            "Giá trị": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    text = guard.csv_bytes(frame).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Ghi chú,Giá trị"
    assert lines[1:5] == ["'=1+2,-5.0", "'+SUM(A1),1.0", "'-x,2.0", "'@cmd,3.0"]
    assert lines[5] == "bình thường,4.0"
    assert guard.csv_bytes(frame).startswith(b"\xef\xbb\xbf")


def test_ingestion_refuses_zip_bomb_and_logs_it(warehouse):
    """Test that the loader refuses a zip bomb before reading it, with a logged rejection."""
    from data.store.ingest import ingest_bytes

    bomb = with_extra_part(xlsx_bytes(), "xl/media/image1.bin", b"\x00" * (20 * 1024 * 1024))
    r = ingest_bytes("bom.xlsx", bomb, warehouse, archive=db.archive_dir(warehouse))
    assert (r.status, r.rows_loaded) == ("rejected", 0)
    assert "tỷ lệ bất thường" in r.message
    log = db.query("select status from raw.load_log", path=warehouse)
    assert log["status"].tolist() == ["rejected"]


def test_ingestion_refuses_oversized_file_without_keeping_it(warehouse, monkeypatch):
    """Test that an oversized file is refused unread, its payload not kept, the attempt logged."""
    from data.store.ingest import ingest_bytes

    monkeypatch.setenv("KPI_MAX_UPLOAD_MB", "0.01")
    content = ("BN,Quý I/2023,1,Đang triển khai\n" * 1000).encode()
    archive = db.archive_dir(warehouse)
    r = ingest_bytes("lon.csv", content, warehouse, archive=archive)
    assert (r.status, r.rows_loaded) == ("rejected", 0)
    assert "vượt giới hạn" in r.message
    assert [p.name for p in archive.rglob("*") if p.is_file()] == ["manifest.jsonl"]
    log = db.query("select status, message from raw.load_log", path=warehouse)
    assert log["status"].tolist() == ["rejected"] and "vượt giới hạn" in log["message"][0]
    trail = db.query("select file_hash from raw.audit_log where action = 'load'", path=warehouse)
    assert trail["file_hash"].tolist() == [r.file_hash]
