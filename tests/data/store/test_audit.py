"""The audit log: entries commit with the change they describe, filters, CSV export."""

from __future__ import annotations

import datetime as dt

import pytest

from data.__main__ import main as cli
from data.store import audit, db

AT = dt.datetime(2023, 6, 1, 9, 0, 0)


def test_record_and_read_back_with_filters(warehouse):
    """Test that entries come back newest first and filter by action, actor, load and time."""
    audit.record_now("load", "bn.nop", "submitter", load_id=7, file_hash="ab" * 32,
                     detail={"file": "bn.xlsx", "rows_loaded": 3}, at=AT, db_file=warehouse)  # fmt: skip
    audit.record_now("target_change", "nv.admin", "admin", detail={"old": {"value": 80}},
                     at=AT + dt.timedelta(days=1), db_file=warehouse)  # fmt: skip
    everything = audit.read(warehouse)
    assert everything["action"].tolist() == ["target_change", "load"]
    assert everything["action_label"].tolist() == ["Sửa chỉ tiêu", "Nạp tệp"]
    assert audit.read(warehouse, actor="bn.nop")["load_id"].tolist() == [7]
    assert audit.read(warehouse, load_id=7)["file_hash"].tolist() == ["ab" * 32]
    assert len(audit.read(warehouse, since=AT + dt.timedelta(hours=1))) == 1
    assert len(audit.read(warehouse, until=AT.date())) == 1
    assert '"rows_loaded": 3' in audit.read(warehouse, action="load")["detail"].iloc[0]


def test_entry_rolls_back_with_its_transaction(warehouse):
    """Test that an entry written inside a failed change leaves no trace."""
    with db.writer(warehouse) as con:
        con.execute("begin transaction")
        audit.record(con, "rollback", "nv.admin", "admin", load_id=1)
        con.execute("rollback")
    assert audit.read(warehouse).empty


def test_unknown_action_is_a_programming_error(warehouse):
    """Test that only the documented actions can be written."""
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record_now("delete_all", "x", db_file=warehouse)


def test_export_csv_has_vietnamese_headers_and_neutralised_text(warehouse):
    """Test the CSV download: BOM, Vietnamese headers, dd/mm/yyyy, formula text quoted."""
    audit.record_now("sign_in_failed", "=HYPERLINK(\"x\")", None, detail={"reason": "unknown_user"},
                     at=AT, db_file=warehouse)  # fmt: skip
    content = audit.export_csv(audit.read(warehouse))
    assert content.startswith(b"\xef\xbb\xbf")
    header, row = content.decode("utf-8-sig").splitlines()
    assert header.startswith("Mã,Thời điểm,Người thực hiện,Vai trò,Thao tác,Lượt nạp")
    assert row.startswith('1,01/06/2023 09:00:00,"\'=HYPERLINK(""x"")",,Đăng nhập sai,')


def test_csv_and_console_read_roles_and_details_in_vietnamese(warehouse, capsys):
    """Test that the CSV and ``kpi audit`` say what the page says: words, not keys and JSON."""
    audit.record_now("load", "bn.nop", "submitter", load_id=7,
                     detail={"file": "bn.xlsx", "rows_loaded": 1234}, at=AT, db_file=warehouse)  # fmt: skip
    audit.record_now("rollback", "root", "console", load_id=7, at=AT, db_file=warehouse)
    rows = audit.export_csv(audit.read(warehouse)).decode("utf-8-sig").splitlines()[1:]
    assert ",root,Dòng lệnh trên máy chủ,Hoàn tác lượt nạp,7," in rows[0]
    assert ",Đơn vị nộp số liệu,Nạp tệp,7," in rows[1]
    assert "1.234" in rows[1] and "{" not in rows[1]
    assert cli(["audit", "--db", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "bn.nop (Đơn vị nộp số liệu): Nạp tệp (lượt nạp #7)" in out
    assert "root (Dòng lệnh trên máy chủ)" in out
    assert "{" not in out and "1.234" in out


def test_every_load_is_audited_in_its_transaction(warehouse):
    """Test that a load from the command line is recorded with its file hash and counts."""
    from data.store.ingest import ingest_bytes

    content = "Đơn vị báo cáo,Kỳ báo cáo,STT nhiệm vụ,Tình trạng\nBN,Quý I/2023,1,Hoàn thành\n"
    r = ingest_bytes("bn.csv", content.encode(), warehouse, archive=db.archive_dir(warehouse))
    [entry] = audit.read(warehouse, action="load").to_dict("records")
    assert (entry["load_id"], entry["file_hash"], entry["role"]) == (
        r.load_id,
        r.file_hash,
        "console",
    )
    assert '"rows_loaded": 1' in entry["detail"] and '"file": "bn.csv"' in entry["detail"]


def test_cli_audit_lists_and_exports(warehouse, capsys):
    """Test `python -m data audit` and its CSV export."""
    audit.record_now("rollback", "nv.admin", "admin", load_id=4, at=AT, db_file=warehouse)
    assert cli(["audit", "--db", str(warehouse)]) == 0
    assert "nv.admin (Quản trị (Phòng Nội vụ)): Hoàn tác lượt nạp (lượt nạp #4)" in (
        capsys.readouterr().out
    )
    assert cli(["audit", "--db", str(warehouse), "--action", "load"]) == 0
    assert "chưa có mục nào" in capsys.readouterr().out
    assert cli(["audit", "--db", str(warehouse), "--csv"]) == 0
    lines = capsys.readouterr().out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Mã,Thời điểm") and ",Hoàn tác lượt nạp,4," in lines[1]
