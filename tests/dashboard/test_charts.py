"""Chart, theme, table-format and navigation helpers of the dashboard, on three-row frames."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, components, nav, state, text, theme
from metrics import api, labels
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
        "returned": [0, 1, 0],
        "missing": [1, 1, 4],
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
    """Test that each ward bar carries its status colour, its status named in the legend."""
    fig = charts.ward_ranking(BY_WARD, "percent")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bars] == [labels.KPI_STATUS[s] for s in BY_WARD["status"]]
    assert [b.marker.color for b in bars] == [theme.status_color(s) for s in BY_WARD["status"]]
    assert [list(b.y) for b in bars] == [["Bến Nghé"], ["Tân Định"], ["Đa Kao"]]
    # Only the value is written on a bar: a status beside it was cut on a phone.
    assert all(b.texttemplate == "%{x:,.1f}%" for b in bars)
    assert list(fig.layout.yaxis.categoryarray) == ["Bến Nghé", "Tân Định", "Đa Kao"]
    target = fig.data[-1]
    assert target.name == text.SERIES_TARGET and set(target.x) == {95.0}


def test_ward_ranking_marks_each_wards_own_target():
    """Test that wards with different targets get one mark each, at their own target."""
    own = BY_WARD.assign(target=[14.5, 30.6, 20.0])
    fig = charts.ward_ranking(own, "decimal1")
    marks = fig.data[-1]
    assert marks.name == text.SERIES_WARD_TARGET
    assert list(marks.x) == [14.5, 30.6, 20.0]
    assert list(marks.y) == ["Bến Nghé", "Tân Định", "Đa Kao"]


def test_heatmap_pivots_ward_by_month():
    """Test that the heat map has one row per ward and one column per month (T1 … T12)."""
    fig = charts.ward_heatmap(MATRIX, "decimal1")
    heat = fig.data[0]
    assert list(heat.x) == ["T1", "T2"]
    assert list(heat.y) == ["Bến Nghé", "Tân Định"]
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


def test_compliance_periods_stack_every_report_status():
    """Test that the compliance chart stacks the four report statuses per period."""
    fig = charts.compliance_periods(COMPLIANCE)
    assert [t.name for t in fig.data] == [
        labels.COMPLIANCE_STATUS[s] for s in ("on_time", "late", "returned", "missing")
    ]
    assert list(fig.data[2].y) == [0, 1, 0]
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


@pytest.mark.parametrize(
    "make,category,first_row",
    [
        (lambda: charts.ward_ranking(BY_WARD, "percent"), text.TABLE_WARD,
         {text.TABLE_WARD: "Bến Nghé", text.AXIS_VALUE: 97.0, text.SERIES_TARGET: 95.0,
          text.TABLE_STATUS: "Đạt"}),
        (lambda: charts.ward_heatmap(MATRIX, "decimal1"), text.TABLE_WARD,
         {text.TABLE_WARD: "Bến Nghé", "T1": 1.5, "T2": 2.5}),
        (lambda: charts.kpi_trend(SERIES, "percent"), text.TABLE_MONTH,
         {text.TABLE_MONTH: "T1", text.SERIES_MONTH: 80.0, text.SERIES_YTD: 80.0,
          text.SERIES_PATH: 81.0, text.SERIES_TARGET: 95.0}),
        (lambda: charts.group_tasks(GROUPS), text.TABLE_GROUP,
         {text.TABLE_GROUP: "I · Công vụ", labels.TASK_STATUS["done"]: 1}),
        (lambda: charts.yearly(YEARLY, "decimal2", "PCI"), text.TABLE_YEAR,
         {text.TABLE_YEAR: "2021", text.AXIS_VALUE: 65.8}),
    ],
)  # fmt: skip
def test_data_table_reads_back_what_the_chart_draws(make, category, first_row):
    """Test that a chart's table alternative has its categories in reading order and its values."""
    frame, _, header_ = charts.data_table(make())
    assert header_ == category and frame.columns[0] == category
    row = frame.iloc[0].to_dict()
    assert {k: row[k] for k in first_row} == first_row


def test_data_table_of_an_empty_chart_is_empty():
    """Test that a chart with no data gives no table (the chart already says so)."""
    frame, _, _ = charts.data_table(charts.kpi_trend(SERIES.assign(value_ytd=None), "percent"))
    assert frame.empty


@pytest.mark.parametrize("status", sorted(theme.STATUS_COLORS))
def test_status_text_contrast_meets_wcag_aa(status):
    """Test that the text on every status colour has a WCAG contrast of at least 4.5:1."""
    ratio = theme.contrast(theme.status_color(status), theme.text_color(status))
    assert ratio >= theme.MIN_CONTRAST, f"{status}: {ratio:.2f}"


@pytest.mark.parametrize(
    "one,other,ratio",
    [("#ffffff", "#000000", 21.0), ("#ffffff", "#ffffff", 1.0), ("#e08214", "#ffffff", 2.85)],
)
def test_contrast_follows_wcag(one, other, ratio):
    """Test the contrast formula on known pairs (white on the old orange was 2.85:1)."""
    assert theme.contrast(one, other) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(
    "line,width,expected",
    [
        ("Ngắn", 10, "Ngắn"),
        ("Tỷ lệ hồ sơ nộp trực tuyến", 12, "Tỷ lệ hồ sơ<br>nộp trực<br>tuyến"),
        ("Mộtchữrấtdàikhôngngắtđược", 5, "Mộtchữrấtdàikhôngngắtđược"),
    ],
)
def test_wrap_breaks_titles_at_words(line, width, expected):
    """Test that a chart title is broken between words, never inside one."""
    assert charts.wrap(line, width) == expected


def test_table_keeps_numbers_and_writes_them_the_vietnamese_way():
    """Test that a styled table keeps numeric values (it sorts by value) and shows 75,0%."""
    frame = pd.DataFrame(
        {
            "unit_name": ["A", "B"],
            "rate_on_time": [100.0, 75.0],
            "expected": [1234, None],
        }
    )
    cols = components.columns("compliance_counts", drop=("period_label",))
    styler = components.styled(frame, cols)
    data = styler.data
    assert data["Tỷ lệ đúng hạn"].dtype.kind == "f"
    assert list(data.sort_values("Tỷ lệ đúng hạn")["Đơn vị"]) == ["B", "A"]
    shown = {
        (r, c["display_value"])
        for r, row in enumerate(styler._translate(False, False)["body"])
        for c in row
    }
    assert {(0, "100,0%"), (1, "75,0%"), (0, "1.234"), (1, "")} <= shown


def test_gap_of_a_rate_reads_in_points_as_on_the_cards():
    """Test that a rate's difference reads ``-2,9 điểm %`` and a count's ``+3``."""
    frame = pd.DataFrame(
        {
            "indicator_label": ["Tỷ lệ hồ sơ nộp trực tuyến", "Số hồ sơ trễ hạn"],
            "format": ["percent", "integer"],
            "reported_value": [57.4, 1.0],
            "register_value": [54.5, 4.0],
            "difference": [-2.9, 3.0],
        }
    )
    cols = [c for c in components.columns("register_gaps") if c.name in frame.columns]
    body = components.styled(frame, cols)._translate(False, False)["body"]
    shown = [[c["display_value"] for c in row if c.get("type") == "td"] for row in body]
    assert shown == [
        ["Tỷ lệ hồ sơ nộp trực tuyến", "57,4%", "54,5%", "-2,9 điểm\u00a0%"],
        ["Số hồ sơ trễ hạn", "1", "4", "+3"],
    ]


def _group(**counts) -> dict:
    base = {f"tasks_{s}": 0 for s in ("done", "overdue", "behind", "not_reported")}
    base |= {f"kpis_{s}": 0 for s in ("met", "on_track")}
    return base | {"tasks_total": 5, "tasks_done": 2, "tasks_overdue": 3} | counts


@pytest.mark.parametrize(
    ("group", "kpis"),
    [
        (_group(kpis_total=17, kpis_judged=3, kpis_met=1),
         "1/3 chỉ số đạt, 0 đúng lộ trình; 14 chỉ số chưa có số liệu hoặc chưa có chỉ tiêu"),
        (_group(kpis_total=9, kpis_judged=9, kpis_met=4, kpis_on_track=1),
         "4/9 chỉ số đạt, 1 đúng lộ trình"),
        (_group(kpis_total=2, kpis_judged=0),
         "Chưa có chỉ số được đánh giá; 2 chỉ số chưa có số liệu hoặc chưa có chỉ tiêu"),
    ],
)  # fmt: skip
def test_group_lines_count_the_kpis_the_status_judges(group, kpis):
    """Test that a group's KPI line counts judged KPIs and names the others apart."""
    tasks, said = components.group_lines(group)
    assert tasks == "2/5 nhiệm vụ hoàn thành · 3 quá hạn, chậm hoặc chưa báo cáo"
    assert said == kpis


def test_group_lines_agree_with_the_kpi_table(sample_db):
    """Test that each group's line on the sample counts what its KPI table lists."""
    kpis = api.kpi_table(2023, "2023-12", db=sample_db)
    for _, group in api.group_summary(2023, "2023-12", db=sample_db).iterrows():
        own = kpis[kpis["group"] == group["group"]]
        judged = own[~own["status"].isin(["no_data", "no_target"])]
        met, on_track = (int((judged["status"] == s).sum()) for s in ("met", "on_track"))
        line = components.group_lines(group)[1]
        assert line.startswith(f"{met}/{len(judged)} chỉ số đạt, {on_track} đúng lộ trình")
        if len(judged) < len(own):
            assert f"; {len(own) - len(judged)} chỉ số chưa có" in line


def test_table_keeps_dates_as_dates():
    """Test that date columns stay dates (sorted by day) and read dd/mm/yyyy."""
    frame = pd.DataFrame(
        {"unit_name": ["A", "B"], "due_date": [dt.date(2023, 12, 31), dt.date(2023, 2, 1)]}
    )
    cols = [c for c in components.columns("compliance") if c.name in ("unit_name", "due_date")]
    styler = components.styled(frame, cols)
    assert styler.data["Hạn nộp"].dtype.kind == "M"
    shown = [c["display_value"] for row in styler._translate(False, False)["body"] for c in row]
    assert "31/12/2023" in shown and "01/02/2023" in shown
