"""The monthly briefing: every figure of its narrative is the metrics layer's, and the CLI's errors."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.briefing import TEXT
from metrics import api
from metrics.briefing import (
    LAGGING,
    MAX_NAMES,
    build_briefing,
    month_label,
    parse_month,
    tasks_sentence,
)
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


@pytest.mark.parametrize(
    ("statuses", "sentence"),
    [
        (["done", "continuous", "waiting", "done"],
         "4 nhiệm vụ của Kế hoạch: 2 hoàn thành, 1 chờ cấp trên, 1 thường xuyên."),
        (["overdue", "on_track"],
         "2 nhiệm vụ của Kế hoạch: 0 hoàn thành, 1 quá hạn (nhiệm vụ 1), 1 đúng tiến độ."),
        (["not_reported", "behind", "done"],
         "3 nhiệm vụ của Kế hoạch: 1 hoàn thành, 1 chậm tiến độ, 1 chưa báo cáo."),
    ],
)  # fmt: skip
def test_task_counts_add_up_to_the_plan(statuses, sentence):
    """Test that every status present is counted, so the parts sum to the number of tasks."""
    tasks = pd.DataFrame(
        {
            "task_id": [str(n) for n in range(1, len(statuses) + 1)],
            "status": statuses,
            "deadline_date": [dt.date(2023, 12, 31)] * len(statuses),
        }
    )
    assert tasks_sentence(tasks) == sentence


def test_december_task_sentence_adds_up(sample_db):
    """Test that the sample's December sentence names as many tasks as the plan has."""
    december = build_briefing("2023-12", sample_db)
    line = next(s for s in december.sentences if "nhiệm vụ của Kế hoạch" in s)
    total, rest = re.search(r"(\d+) nhiệm vụ của Kế hoạch: (.*)", line).groups()
    counts = [int(n) for n in re.findall(r"(?:^|, )(\d+) ", re.sub(r" \(.*?\)", "", rest))]
    assert sum(counts) == int(total) == len(december.tasks), line


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


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.briefing", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2023-13"], "không hợp lệ"),
        (["--month", "2031-01"], "Chưa có kế hoạch năm 2031"),
    ],
)
def test_cli_bad_month(sample_db, tmp_path, capsys, args, message):
    """Test that a wrong month is a Vietnamese sentence and exit 2, before anything starts.

    The command's function is called in this process (an exception would fail the test);
    ``test_cli_missing_database`` runs the command as its own process.
    """
    from dashboard.briefing import main

    assert main([*args, "--db", str(sample_db), "--out", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


@pytest.mark.slow  # a child process
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

    from tests.dashboard.pages import script_page, switch_to

    monkeypatch.setenv("KPI_DB", str(sample_db))
    monkeypatch.setenv("KPI_READ_ONLY", "1")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params.update({"nam": "2023", "thang": MONTH, "pham_vi": "district"})
    switch_to(at, script_page("views/ban_tin.py")).run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    assert at.header[0].value == "Bản tin tháng 6/2023"
    shown = " ".join(m.value for m in at.markdown)
    for sentence in briefing.sentences:
        assert sentence in shown
    assert [b.label for b in at.button] == [TEXT["page_button"]]
