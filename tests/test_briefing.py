"""The monthly briefing: every figure of its narrative is the metrics layer's, and the CLI's errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from dashboard import nav
from dashboard.briefing import block_cuts, page_title, page_urls, slice_bounds
from metrics import api
from metrics.briefing import LAGGING, MAX_NAMES, build_briefing, month_label, parse_month
from metrics.common import MetricsInputError
from metrics.format import fmt_number, fmt_percent, fmt_value
from tests.conftest import ROOT

MONTH = "2023-06"
YEAR = 2023
JUDGED = {"met", "on_track", "behind", "at_risk"}
FIGURE = re.compile(r"\d+(?:[.,]\d+)*%?")


@pytest.fixture(scope="module")
def briefing(sample_db):
    return build_briefing(MONTH, sample_db)


@pytest.fixture(scope="module")
def kpis(sample_db):
    return api.kpi_table(YEAR, MONTH, db=sample_db).set_index("code")


def _sentence(briefing, start: str) -> str:
    return next(s for s in briefing.sentences if s.startswith(start))


def test_lead_sentence_quotes_the_metrics_layer(briefing, kpis, sample_db):
    """Test that the online-dossier sentence gives the metrics value, its change and lagging wards."""
    kpi = kpis.loc["hs_truc_tuyen"]
    wards = api.kpi_by_ward("hs_truc_tuyen", YEAR, MONTH, db=sample_db)
    judged = wards[wards["status"].isin(JUDGED)]
    lagging = judged[judged["status"].isin(LAGGING)]
    sentence = _sentence(briefing, "Tỷ lệ hồ sơ nộp trực tuyến")

    assert f"lũy kế đến tháng 6/2023 đạt {fmt_percent(kpi['value'])}" in sentence
    verb = "tăng" if kpi["change"] > 0 else "giảm"
    assert f"{verb} {fmt_number(abs(kpi['change']), 1)} điểm phần trăm so với tháng 5" in sentence
    # The sample has one ward that lags on online dossiers: the count cannot be vacuous.
    assert len(judged) == 10
    assert "CK" in set(lagging["ward_code"])
    assert f"; {len(lagging)}/10 phường chưa đạt lộ trình." in sentence


def test_every_figure_of_the_narrative_comes_from_metrics(briefing, kpis, sample_db):
    """Test that each number in the narrative is one the metrics layer computes for the month."""
    groups = api.group_summary(YEAR, MONTH, db=sample_db)
    tasks = api.task_table(YEAR, MONTH, db=sample_db)
    summary = api.compliance_summary(YEAR, MONTH, db=sample_db)
    wards = api.kpi_by_ward("hs_truc_tuyen", YEAR, MONTH, db=sample_db)
    allowed = {"6", "5", "2023"}  # the month, the month before, the year
    allowed |= {str(n) for n in groups["status"].value_counts()} | {str(len(groups))}
    allowed |= {str(n) for n in tasks["status"].value_counts()} | {str(len(tasks)), "0"}
    allowed |= set(tasks.loc[tasks["status"] == "overdue", "task_id"])
    judged = wards[wards["status"].isin(JUDGED)]
    allowed |= {str(len(judged)), str(int(judged["status"].isin(LAGGING).sum()))}
    for _, k in kpis.reset_index().iterrows():
        for col in ("value", "expected"):
            allowed.add(fmt_value(k[col], k["format"]))
        if k["change"] == k["change"] and k["change"] is not None:
            allowed.add(fmt_number(abs(k["change"]), 1))
    lagging_kpis = int((kpis["status"].isin(LAGGING)).sum())
    allowed |= {str(lagging_kpis), str(lagging_kpis - MAX_NAMES)}  # "… và N chỉ số khác"
    if not summary.empty:
        last = summary.iloc[-1]
        allowed |= {str(int(last["on_time"]) + int(last["late"])), str(int(last["expected"]))}
        allowed |= {str(int(last["on_time"]))}

    figures = FIGURE.findall(briefing.narrative)
    assert len(figures) >= 10
    assert [f for f in figures if f not in allowed] == []


def test_groups_and_problems_match_metrics(briefing, sample_db):
    """Test that group status, overdue tasks and missing reports are the metrics layer's rows."""
    groups = api.group_summary(YEAR, MONTH, db=sample_db)
    assert briefing.groups["status"].tolist() == groups["status"].tolist()
    assert len(briefing.groups) == 5
    tasks = api.task_table(YEAR, MONTH, db=sample_db)
    overdue = tasks.loc[tasks["status"] == "overdue", "task_id"].tolist()
    assert briefing.overdue_tasks["task_id"].tolist() == overdue
    table = api.compliance_table(YEAR, MONTH, db=sample_db)
    missing = table[table["status"] == "missing"]
    assert sorted(briefing.missing_reports["unit_code"]) == sorted(missing["unit_code"])


def test_headline_figures_are_formatted_vietnamese_style(briefing, kpis):
    """Test that the headline cards carry the metrics values in Vietnamese number format."""
    assert 4 <= len(briefing.headline) <= 6
    for h in briefing.headline:
        k = kpis.loc[h.code]
        assert h.value_text == fmt_value(k["value"], k["format"])
        assert h.status == k["status"]
        if k["format"] == "percent" and h.value is not None:
            assert re.fullmatch(r"\d{1,3},\d%", h.value_text)


def test_a_later_month_reports_the_slipped_task(sample_db):
    """Test that December names the sample's slipped task among the overdue ones."""
    december = build_briefing("2023-12", sample_db)
    assert "27" in december.overdue_tasks["task_id"].tolist()
    assert "nhiệm vụ 27" in december.narrative


def test_default_month_is_the_latest_with_data(sample_db):
    """Test that no month means the latest month with data."""
    assert build_briefing(None, sample_db).month == api.latest_month(YEAR, sample_db)


@pytest.mark.parametrize("text", ["2023-13", "06/2023", "", "2023-6-1"])
def test_bad_month_is_refused_in_vietnamese(text):
    """Test that a malformed month raises the metrics layer's input error, in Vietnamese."""
    with pytest.raises(MetricsInputError, match="YYYY-MM"):
        parse_month(text)


def test_month_label():
    """Test that months read the way people say them."""
    assert month_label("2023-06") == "6/2023"
    assert month_label("2024-11") == "11/2024"


@pytest.mark.parametrize(
    ("quiet_rows", "height", "max_height", "expected"),
    [
        ([], 500, 1000, [(0, 500)]),  # fits on one page
        ([], 2500, 1000, [(0, 1000), (1000, 2000), (2000, 2500)]),  # no blank row: hard cuts
        ([800], 1500, 1000, [(0, 800), (800, 1500)]),  # cut moved up to the blank row
        ([300], 1500, 1000, [(0, 1000), (1000, 1500)]),  # too high up: a page must be full enough
        ([700, 900], 1500, 1000, [(0, 900), (900, 1500)]),  # the lowest blank row wins
    ],
)
def test_screenshot_bands(quiet_rows, height, max_height, expected):
    """Test that long screenshots are cut into page bands on blank rows when there is one."""
    quiet = np.zeros(height, dtype=bool)
    quiet[quiet_rows] = True
    assert slice_bounds(quiet, max_height) == expected


def test_screenshot_bands_prefer_gaps_between_blocks():
    """Test that a gap between the page's blocks beats a lower blank row inside a chart."""
    quiet = np.zeros(1500, dtype=bool)
    quiet[950] = True  # white space between a chart's title and its plot
    cuts = block_cuts([[0, 600], [640, 1400], [1420, 1500]])
    assert cuts == [620, 1410]
    assert slice_bounds(quiet, 1000, cuts=cuts) == [(0, 620), (620, 1500)]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.briefing", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_without_chromium_says_how_to_install_it(sample_db, tmp_path):
    """Test that a machine without Chromium gets the apt command, exit 3 and no traceback."""
    result = _cli(
        "--month",
        MONTH,
        "--db",
        str(sample_db),
        "--out",
        str(tmp_path),
        env={"KPI_CHROMIUM": str(tmp_path / "khong-co" / "chromium")},
    )
    assert result.returncode == 3
    assert "apt-get install chromium fonts-noto-core" in result.stderr
    assert "Không tìm thấy trình duyệt Chromium" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert list(tmp_path.glob("*.pdf")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2023-13"], "không hợp lệ"),
        (["--month", "2031-01"], "Chưa có kế hoạch năm 2031"),
    ],
)
def test_cli_bad_month(sample_db, tmp_path, args, message):
    """Test that a wrong month is a Vietnamese sentence and exit 2, before anything starts."""
    result = _cli(*args, "--db", str(sample_db), "--out", str(tmp_path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_missing_database(tmp_path):
    """Test that a database path that does not exist is named, with exit 2."""
    missing = tmp_path / "khong-co.duckdb"
    result = _cli("--month", MONTH, "--db", str(missing), "--out", str(tmp_path))
    assert result.returncode == 2
    assert str(missing) in result.stderr
    assert "Traceback" not in result.stderr


def test_page_shows_the_month_of_the_url(sample_db, briefing, monkeypatch):
    """Test that the Bản tin page reads the month from the URL and shows the same narrative."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KPI_DB", str(sample_db))
    monkeypatch.setenv("KPI_READ_ONLY", "1")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params.update({"nam": "2023", "thang": MONTH, "pham_vi": "district"})
    at.run()
    at.switch_page("views/ban_tin.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    assert at.header[0].value == "Bản tin tháng 6/2023"
    shown = " ".join(m.value for m in at.markdown)
    for sentence in briefing.sentences:
        assert sentence in shown
    assert [b.label for b in at.button] == ["Tạo ảnh PNG và tệp PDF bản tin"]


def test_captured_pages_are_the_group_pages_of_the_month_plan():
    """Test that the briefing captures its own page, then each group page of the month's plan."""
    urls = page_urls("http://x:1/", "2023-06")
    groups = [spec for spec in nav.group_pages(2023) if spec.listed]
    assert [path for path, _ in urls] == ["ban-tin", *(spec.url_path for spec in groups)]
    assert urls[1][1].startswith("http://x:1/nhom-1?nam=2023&thang=2023-06")
    assert page_title("nhom-2", 2023) == "Nhóm II: Cải cách hành chính"
