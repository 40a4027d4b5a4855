"""The consolidated report: command line, JSON shape, Excel workbook, text summary."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from openpyxl import load_workbook

from metrics.__main__ import main


def _json(db, capsys, *args) -> dict:
    assert main(["report", "--db", str(db), "--year", "2023", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_shape(metrics_db, capsys):
    """Test that --json prints one object with the published keys."""
    doc = _json(metrics_db, capsys, "--as-of", "2023-06")
    assert doc["as_of"] == "2023-06-30" and doc["year"] == 2023
    assert {
        "code",
        "group",
        "scope",
        "period",
        "value",
        "numerator",
        "denominator",
        "target",
        "expected",
        "status",
        "previous",
        "projection",
    } <= set(doc["kpis"][0])
    assert {
        "id",
        "group",
        "leads",
        "deadline",
        "status",
        "percent",
        "last_report_date",
        "note",
    } <= set(doc["tasks"][0])
    assert {"unit", "period", "status", "received_date"} <= set(doc["compliance"][0])
    assert {"group", "status", "tasks_done", "tasks_total", "kpis_met", "kpis_total"} <= set(
        doc["groups"][0]
    )
    # The KPIs a group's status judges: those with a target and a value.
    kpis = doc["kpis"]
    for g in doc["groups"]:
        own = [k for k in kpis if k["group"] == g["group"]]
        judged = [k for k in own if k["status"] not in ("no_data", "no_target")]
        assert (g["kpis_total"], g["kpis_judged"]) == (len(own), len(judged)), g["group"]
    assert [g["group"] for g in doc["groups"]] == ["I", "II", "III", "IV", "V"]


def test_json_rates_in_percent(metrics_db, capsys):
    """Test that rates are in percent and dates are ISO in the JSON."""
    doc = _json(metrics_db, capsys, "--as-of", "2023-03")
    kpi = next(k for k in doc["kpis"] if k["code"] == "hs_truc_tuyen")
    assert kpi["value"] == 78.75
    assert (kpi["numerator"], kpi["denominator"]) == (315, 400)
    task = next(t for t in doc["tasks"] if t["id"] == "27")
    assert task["deadline"] == "2023-06-30"


def test_json_scope(metrics_db, capsys):
    """Test that --scope limits the KPIs to one ward."""
    doc = _json(metrics_db, capsys, "--as-of", "2023-03", "--scope", "BN")
    kpi = next(k for k in doc["kpis"] if k["code"] == "hs_truc_tuyen")
    assert kpi["value"] == 92.0 and kpi["scope"] == "BN"


def test_xlsx_report(metrics_db, tmp_path, capsys):
    """Test the workbook: four sheets, Vietnamese title and headers, dates, no formulas."""
    out = tmp_path / "bao-cao.xlsx"
    assert main(["report", "--db", str(metrics_db), "--as-of", "2023-06", "--xlsx", str(out)]) == 0
    assert "Đã ghi báo cáo Excel" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames == ["Nhóm giải pháp", "Nhiệm vụ", "Chỉ số", "Tình hình báo cáo"]
    tasks = wb["Nhiệm vụ"]
    assert "30/06/2023" in tasks["A2"].value
    assert [c.value for c in tasks[5]][:6] == [
        "STT",
        "Nhóm",
        "Tình trạng",
        "Nội dung",
        "Đơn vị chủ trì",
        "Thời hạn",
    ]
    assert int(tasks.page_setup.paperSize) == 9  # A4
    assert tasks.page_setup.orientation == "landscape"
    assert tasks.print_title_rows == "$5:$5"
    row = next(r for r in tasks.iter_rows(min_row=6) if r[0].value == "1")
    note = row[8]
    assert note.value == '=HYPERLINK("x")' and note.data_type == "s" and note.quotePrefix
    assert row[7].number_format == "dd/mm/yyyy"
    groups = wb["Nhóm giải pháp"]
    header = [c.value for c in groups[5]]
    task_parts = ["Hoàn thành", "Đúng tiến độ", "Chậm tiến độ", "Quá hạn", "Chưa báo cáo",
                  "Chờ cấp trên", "Thường xuyên"]  # fmt: skip
    kpi_parts = ["Chỉ số đạt", "Đúng lộ trình", "Chậm", "Nguy cơ không đạt", "Không đạt"]
    rows = [
        dict(zip(header, (c.value for c in r), strict=True)) for r in groups.iter_rows(min_row=6)
    ]
    assert [r["Nhóm"] for r in rows] == ["I", "II", "III", "IV", "V"]
    for r in rows:  # each row adds up, as a reader checking it would add it
        assert sum(r[h] for h in task_parts) == r["Số nhiệm vụ"], r
        assert sum(r[h] for h in kpi_parts) == r["Chỉ số được đánh giá"] <= r["Số chỉ số"], r
    with zipfile.ZipFile(out) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in zf.read(n) for n in sheets)
    sheet = wb["Tình hình báo cáo"]
    status_col = [c.value for c in sheet[5]].index("Tình trạng")
    statuses = {r[status_col].value for r in sheet.iter_rows(min_row=6) if r[status_col].value}
    assert {"Đúng hạn", "Trễ hạn", "Chưa nộp"} <= statuses


def test_text_summary(metrics_db, capsys):
    """Test the default output: a short summary in Vietnamese with Vietnamese formats."""
    assert main(["report", "--db", str(metrics_db), "--as-of", "2023-06"]) == 0
    text = capsys.readouterr().out
    assert "Số liệu tính đến ngày 30/06/2023" in text
    assert "Nhóm giải pháp:" in text and "Tình hình báo cáo:" in text
    assert "Kỳ Quý I:" in text
    assert re.search(
        r"chỉ số đạt \d+/\d+ \(\d+ chỉ số chưa có số liệu hoặc chưa có chỉ tiêu\)", text
    )


def test_text_names_the_scopes_behind_each_figure(metrics_db, capsys):
    """Test n/m beside each district figure, the missing scopes named, units meeting a target.

    At 03/2023 full-online services have a value for BN (03) but not BT (last in 02); the
    district office held its dialogue in February, BN in March: 2 of 11 scopes have held
    one this quarter.
    """
    assert main(["report", "--db", str(metrics_db), "--as-of", "2023-03"]) == 0
    lines = capsys.readouterr().out.splitlines()
    full_online = next(line for line in lines if "trực tuyến toàn trình:" in line)
    assert full_online.endswith("Đơn vị có số liệu kỳ này: 1/2 (thiếu: Phường Bến Thành)")
    dialogues = next(line for line in lines if "đối thoại" in line)
    assert "; 2/11 đơn vị đạt;" in dialogues


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2023-13"], "không hợp lệ"),
        (["--scope", "P25"], "Phạm vi 'P25'"),
    ],
)
def test_bad_input_is_a_sentence(metrics_db, capsys, args, message):
    """Test that a wrong month or scope gives a Vietnamese sentence and exit code 2."""
    assert main(["report", "--db", str(metrics_db), *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_database(tmp_path, capsys):
    """Test that a wrong --db path is reported, not created."""
    assert main(["report", "--db", str(tmp_path / "khong-co.duckdb")]) == 2
    assert "Không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err


def test_check_command(capsys):
    """Test that the registry and targets check passes on the real files."""
    assert main(["check"]) == 0
    assert "hợp lệ" in capsys.readouterr().out


def test_check_command_with_data(metrics_db, capsys):
    """Test that every indicator code in the fixture data has a registry entry."""
    assert main(["check", "--db", str(metrics_db)]) == 0
