"""Chart, theme, table-format and navigation helpers of the dashboard, on three-row frames."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, components, nav, state, text, theme
from metrics import labels
from tests.conftest import ROOT

SERIES = pd.DataFrame(
    {
        "period_key": ["2023-01", "2023-02", "2023-03"],
        "month_start": [dt.date(2023, m, 1) for m in (1, 2, 3)],
        "value": [80.0, 90.0, 1234.5],
        "value_ytd": [80.0, 85.0, 86.7],
        "numerator": [8, 9, 10],
        "denominator": [10, 10, 12],
        "target": [95.0, 95.0, 95.0],
        "expected": [81.0, 82.0, 83.0],
    }
)
BY_WARD = pd.DataFrame(
    {
        "ward_name": ["Phường Bến Nghé", "Phường Tân Định", "Phường Đa Kao"],
        "value": [97.0, 90.0, 70.0],
        "target": [95.0, 95.0, 95.0],
        "status": ["met", "behind", "at_risk"],
    }
)
MATRIX = pd.DataFrame(
    {
        "ward_code": ["BN", "BN", "TD"],
        "ward_name": ["Phường Bến Nghé", "Phường Bến Nghé", "Phường Tân Định"],
        "month_start": [dt.date(2023, 1, 1), dt.date(2023, 2, 1), dt.date(2023, 1, 1)],
        "value": [1.5, 2.5, 3.5],
    }
)
GROUPS = pd.DataFrame(
    {
        "group": ["I", "II", "III"],
        "short_name": ["Công vụ", "Cải cách hành chính", "Môi trường đầu tư"],
        "tasks_total": [3, 4, 2],
        "tasks_done": [1, 0, 2],
        "tasks_on_track": [1, 2, 0],
        "tasks_continuous": [0, 0, 0],
        "tasks_not_reported": [0, 1, 0],
        "tasks_behind": [1, 0, 0],
        "tasks_overdue": [0, 1, 0],
    }
)
YEARLY = pd.DataFrame(
    {
        "year": [2021, 2022, 2023],
        "value": [65.8, 67.1, 68.5],
        "target": [None, None, 67.1],
        "status": [None, None, "met"],
    }
)
SUBS = pd.DataFrame(
    {
        "code": ["a", "b", "c"],
        "label": ["Tiếp cận đất đai", "Tính minh bạch", "Gia nhập thị trường"],
        "value": [5.6, 6.7, 7.6],
        "previous": [5.3, 6.6, 7.4],
        "change": [0.3, 0.1, 0.2],
    }
)
COMPLIANCE = pd.DataFrame(
    {
        "period_label": ["Quý I", "6 tháng", "9 tháng"],
        "on_time": [20, 18, 15],
        "late": [3, 4, 5],
        "missing": [1, 2, 4],
    }
)


def test_trend_has_target_path_and_vietnamese_separators():
    """Test that the trend shows month, year to date, glide path and target in our template."""
    fig = charts.kpi_trend(SERIES, "percent", "Tỷ lệ")
    names = [t.name for t in fig.data]
    assert names == [text.SERIES_MONTH, text.SERIES_YTD, text.SERIES_PATH, text.SERIES_TARGET]
    assert list(fig.data[0].x) == ["T1", "T2", "T3"]
    assert fig.layout.template.layout.separators == ",."
    assert fig.layout.yaxis.ticksuffix == "%"


def test_trend_without_values_says_so():
    """Test that an empty series gives an annotated empty chart, not an error."""
    fig = charts.kpi_trend(SERIES.assign(value_ytd=None), "percent")
    assert fig.layout.annotations[0].text == text.NO_CHART_DATA


def test_ward_ranking_colours_and_writes_status():
    """Test that each ward bar carries its status colour and its status written out."""
    fig = charts.ward_ranking(BY_WARD, "percent")
    bar = fig.data[0]
    assert list(bar.y) == list(BY_WARD["ward_name"][::-1])
    assert list(bar.marker.color) == [theme.status_color(s) for s in BY_WARD["status"][::-1]]
    assert list(bar.customdata) == [labels.KPI_STATUS[s] for s in BY_WARD["status"][::-1]]
    assert fig.layout.shapes[0].x0 == 95.0


def test_ward_ranking_marks_each_wards_own_target():
    """Test that wards with different targets get one mark each, at their own target."""
    own = BY_WARD.assign(target=[14.5, 30.6, 20.0])
    fig = charts.ward_ranking(own, "decimal1")
    marks = fig.data[1]
    assert list(marks.x) == [20.0, 30.6, 14.5]
    assert list(marks.y) == list(own["ward_name"][::-1])
    assert not fig.layout.shapes


def test_heatmap_pivots_ward_by_month():
    """Test that the heat map has one row per ward and one column per month (mm/yyyy)."""
    fig = charts.ward_heatmap(MATRIX, "decimal1")
    heat = fig.data[0]
    assert list(heat.x) == ["01/2023", "02/2023"]
    assert list(heat.y) == ["Phường Bến Nghé", "Phường Tân Định"]
    assert heat.z[0][1] == 2.5
    assert pd.isna(heat.z[1][1])


def test_group_tasks_stacks_every_status_with_its_label():
    """Test that task statuses stack per group in their own colour and label."""
    fig = charts.group_tasks(GROUPS)
    by_name = {t.name: t for t in fig.data}
    done = by_name[labels.TASK_STATUS["done"]]
    assert list(done.x) == [1, 0, 2]
    assert done.marker.color == theme.STATUS_COLORS["done"]
    assert fig.layout.barmode == "stack"


def test_yearly_rank_axis_is_reversed():
    """Test that a rank chart puts the better (smaller) rank at the top."""
    assert charts.yearly(YEARLY, "rank", "x", lower_is_better=True).layout.yaxis.autorange == (
        "reversed"
    )
    fig = charts.yearly(YEARLY, "decimal2", "x")
    assert list(fig.data[0].x) == ["2021", "2022", "2023"]
    assert len(fig.data) == 2


def test_subindices_compare_two_years():
    """Test that sub-indices show last year and this year, weakest first."""
    fig = charts.pci_subindices(SUBS, 2023)
    assert [t.name for t in fig.data] == ["Năm 2022", "Năm 2023"]
    assert list(fig.data[1].y) == list(SUBS["label"])


def test_compliance_periods_stack_on_time_late_missing():
    """Test that the compliance chart stacks the three report statuses per period."""
    fig = charts.compliance_periods(COMPLIANCE)
    assert [t.name for t in fig.data] == [
        labels.COMPLIANCE_STATUS[s] for s in ("on_time", "late", "missing")
    ]
    assert all(isinstance(t, go.Bar) for t in fig.data)


@pytest.mark.parametrize(
    "status,kind,label",
    [
        ("met", "kpi", "Đạt"),
        ("at_risk", "kpi", "Nguy cơ không đạt"),
        ("overdue", "task", "Quá hạn"),
        ("continuous", "task", "Thường xuyên"),
        ("missing", "report", "Chưa nộp"),
        (None, "kpi", "Chưa có số liệu"),
    ],
)
def test_every_status_has_colour_and_label(status, kind, label):
    """Test that a status has one colour and a written Vietnamese label."""
    assert theme.status_label(status, kind) == label
    assert theme.status_color(status).startswith("#")


def test_same_meaning_same_colour():
    """Test that good, slipping and bad statuses share colours across KPI, task and report."""
    c = theme.STATUS_COLORS
    assert c["met"] == c["done"] == c["on_time"]
    assert c["behind"] == c["late"]
    assert c["at_risk"] == c["overdue"] == c["missing"]
    keys = set(labels.KPI_STATUS) | set(labels.TASK_STATUS) | set(labels.COMPLIANCE_STATUS)
    assert keys <= set(c)


def test_formatted_table_uses_vietnamese_formats():
    """Test that table cells are written 1.234,5 / 95,5% / dd/mm/yyyy whatever the browser."""
    frame = pd.DataFrame(
        {"v": [1234.5, None, 7.0], "d": [dt.date(2023, 6, 30), None, dt.date(2023, 1, 2)]}
    )
    out = components.formatted(
        frame,
        [
            components.Col("v", "Giá trị", components.fmt_kpi("decimal1")),
            components.Col("d", "Ngày", components.fmt_date),
        ],
    )
    assert list(out["Giá trị"]) == ["1.234,5", "—", "7,0"]
    assert list(out["Ngày"]) == ["30/06/2023", "—", "02/01/2023"]


def test_shorten_cuts_at_a_word():
    """Test that long plan wording is cut at a word boundary with an ellipsis."""
    assert components.shorten("ngắn") == "ngắn"
    long = "Triển khai thực hiện " * 20
    short = components.shorten(long, 40)
    assert short.endswith(" …") and len(short) <= 42 and long.startswith(short[:-2])


def test_filter_tasks_by_lead_matches_any_lead():
    """Test that a task with several leads matches when any of them is chosen."""
    tasks = pd.DataFrame(
        {
            "group": ["I", "I", "II"],
            "status": ["done", "behind", "done"],
            "leads": [("NV",), ("NV", "VP"), ("TP",)],
        }
    )
    assert len(components.filter_tasks(tasks, [], ["VP"], [])) == 1
    assert len(components.filter_tasks(tasks, ["I"], [], ["done"])) == 1
    assert len(components.filter_tasks(tasks, [], [], [])) == 3


def test_month_options_stop_at_latest_month():
    """Test that as-of months run from the latest month with data back to January."""
    assert state.month_options(2023, "2023-03") == ["2023-03", "2023-02", "2023-01"]
    assert len(state.month_options(2024, None)) == 12


def test_pages_are_unique_and_exist():
    """Test that every navigation entry has its own URL and a script or a plan group."""
    pages = nav.pages()
    assert len({p.url_path for p in pages}) == len(pages)
    for spec in pages:
        if spec.group is None:
            assert (ROOT / "dashboard" / spec.path).exists(), spec.path
            assert "pages/" not in spec.path
        else:
            assert not spec.path and callable(nav.page_target(spec))
    assert not list((ROOT / "dashboard" / "views").glob("nhom_*.py"))
    assert nav.page_url("http://x:1", pages[0]) == "http://x:1/"
    assert nav.page_url("http://x:1/", pages[1]) == f"http://x:1/{pages[1].url_path}"


def test_group_url_paths_follow_the_group_code():
    """Test that a Roman group code gives its number in the URL, any other code a slug."""
    assert [nav.group_url_path(c) for c in ("I", "IV", "V", "IX", "XII")] == [
        "nhom-1",
        "nhom-4",
        "nhom-5",
        "nhom-9",
        "nhom-12",
    ]
    assert nav.group_url_path("2b") == "nhom-2b"


def test_ui_strings_are_nfc():
    """Test that every Vietnamese string of the dashboard is NFC-normalised."""

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)

    found = [s for name in dir(text) if name.isupper() for s in strings(getattr(text, name))]
    assert found
    assert all(unicodedata.normalize("NFC", s) == s for s in found)
    for spec in nav.pages():
        assert unicodedata.normalize("NFC", spec.title) == spec.title


def test_only_cache_module_uses_cache_data():
    """Test that st.cache_data is used in dashboard/cache.py alone, always with bounds."""
    for path in (ROOT / "dashboard").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.name == "cache.py":
            uses = [line for line in source.splitlines() if "st.cache_data(" in line]
            assert uses
            for line in uses:
                assert "ttl=" in line and "max_entries=" in line, line
        else:
            assert "cache_data(" not in source, path
