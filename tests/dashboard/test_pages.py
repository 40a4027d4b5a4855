"""Every dashboard page under AppTest: no exception, figures equal metrics.api, filters bite.

The app runs in demo mode, signed in as the demo admin, who may open every page; what each
role sees is tested in test_dashboard_auth.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, nav, state, text, theme
from dashboard.nav import PageSpec
from data import catalog
from metrics import api, labels
from metrics.format import fmt_value
from tests.conftest import ROOT, header
from tests.dashboard.pages import script_page, switch_to

APP = str(ROOT / "dashboard" / "app.py")
# One good row and one whose numerator exceeds its denominator.
UPLOAD_CSV = (
    "Mã chỉ số;Phạm vi;Kỳ số liệu;Tử số;Mẫu số;Giá trị\n"
    "hs_truc_tuyen;Phường Bến Nghé;2023-12;50;100;50\n"
    "hs_truc_tuyen;Phường Tân Định;2023-12;150;100;150\n"
)
EARLY_MONTH = "2023-06"
ADMIN = "demo.admin"
PAGES = nav.pages()
GROUP_PAGES = [spec for spec in nav.group_pages() if spec.listed]


@pytest.fixture(autouse=True)
def demo_mode(monkeypatch):
    """Demo mode with the demo users file, so the demo admin can be signed in."""
    monkeypatch.setenv("KPI_DEMO", "1")
    monkeypatch.delenv("KPI_READ_ONLY", raising=False)
    monkeypatch.delenv("KPI_USERS", raising=False)


@pytest.fixture
def db(sample_db, monkeypatch) -> Path:
    monkeypatch.setenv("KPI_DB", str(sample_db))
    return sample_db


def signed_in_app() -> AppTest:
    """The app with the demo admin already signed in (as the sign-in form leaves it)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[auth.USER_KEY] = ADMIN
    at.session_state[auth.SIGNED_IN_AT_KEY] = dt.datetime.now()
    return at


def open_page(page: PageSpec | str | None = None) -> AppTest:
    """The app's first run on ``page`` (a navigation entry or a script), as its link opens it.

    Without ``page`` the app opens on its first page.
    """
    at = signed_in_app()
    if isinstance(page, str):
        page = script_page(page)
    if page is not None:
        switch_to(at, page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def view(db) -> tuple[int, str]:
    year = api.available_years(db)[-1]
    return year, api.latest_month(year, db)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def set_month(at: AppTest, month: str) -> None:
    at.selectbox(key="ctl_month").set_value(month).run()
    assert not at.exception, [e.value for e in at.exception]


def numbers(values) -> list:
    """A column's values as rounded numbers (tables keep numbers; the display writes them)."""
    return [None if pd.isna(v) else round(float(v), 6) for v in values]


def table_with(at: AppTest, header: str):
    for t in [*at.table, *at.dataframe]:
        if header in t.value.columns:
            return t.value
    raise AssertionError(f"no table with column {header!r}")


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_renders_without_exception(db, spec):
    """Test that every page in the navigation renders with no exception and no error box.

    Each page but the briefing also says how fresh the data is and that it is sample data.
    """
    at = open_page(spec)
    assert not at.error, [e.value for e in at.error]
    headers = [h.value for h in at.header]
    assert spec.title in headers or spec.path.endswith("ban_tin.py")
    if spec.path.endswith("ban_tin.py"):
        return
    date = api.data_freshness(db).strftime("%d/%m/%Y")
    assert api.is_sample_data(db)
    captions = " ".join(c.value for c in at.caption)
    assert text.FRESHNESS.format(date=date) in captions, spec.title
    assert any("Dữ liệu mẫu" in w.value for w in at.warning), spec.title


def test_controls_default_to_latest_month_and_go_to_url(db):
    """Test that the controls start at the latest month and are mirrored in the URL."""
    year, month = view(db)
    at = open_page()
    assert at.selectbox(key="ctl_year").value == year
    assert at.selectbox(key="ctl_month").value == month
    assert at.query_params["thang"] == month
    assert at.query_params["nam"] == str(year)
    assert at.query_params["pham_vi"] == api.DISTRICT


def test_controls_read_from_url_and_bad_value_warns(db):
    """Test that a link with a month opens that month, and a wrong scope falls back with a note."""
    at = signed_in_app()
    at.query_params["thang"] = EARLY_MONTH
    at.query_params["pham_vi"] = "KHONG_CO"
    at.run()
    assert not at.exception
    assert at.selectbox(key="ctl_month").value == EARLY_MONTH
    assert at.selectbox(key="ctl_scope").value == api.DISTRICT
    assert any("KHONG_CO" in w.value for w in at.sidebar.warning)


def headline_values(db, year: int, month: str, scope: str = api.DISTRICT) -> dict[str, str]:
    kpis = api.kpi_table(year, month, scope, db)
    kpis = kpis[kpis["headline"]]
    return {r.label: fmt_value(r.value, r.format) for r in kpis.itertuples()}


def test_overview_cards_equal_metrics_and_follow_month(db):
    """Test that the overview's KPI cards equal kpi_table and change with the as-of month."""
    year, month = view(db)
    at = open_page()
    shown = metric_values(at)
    expected = headline_values(db, year, month)
    assert expected
    for label, value in expected.items():
        assert shown[label] == value, label

    groups = api.group_summary(year, month, db)
    badges = " ".join(m.value for m in at.markdown)
    for status in groups["status"]:
        assert theme.status_label(status) in badges

    set_month(at, EARLY_MONTH)
    early = headline_values(db, year, EARLY_MONTH)
    assert early != expected
    shown = metric_values(at)
    for label, value in early.items():
        assert shown[label] == value, label


def test_overview_follows_scope(db):
    """Test that choosing a ward shows that ward's own KPI values."""
    year, month = view(db)
    at = open_page()
    at.selectbox(key="ctl_scope").set_value("BN").run()
    assert not at.exception
    shown = metric_values(at)
    ward = headline_values(db, year, month, "BN")
    assert ward and ward != headline_values(db, year, month)
    for label, value in ward.items():
        assert shown[label] == value, label


def test_overview_overdue_tasks_and_counts(db):
    """Test that the overdue list and the task counts equal task_table."""
    year, month = view(db)
    tasks = api.task_table(year, month, db)
    at = open_page()
    shown = metric_values(at)
    assert shown[text.TASKS_ALL] == str(len(tasks))
    assert shown[text.TASKS_LATE] == str(int((tasks["status"] == "overdue").sum()))
    late = tasks[tasks["status"].isin(["overdue", "behind"])]
    if len(late):
        listed = table_with(at, "STT")
        assert sorted(listed["STT"]) == sorted(late["task_id"])


def test_group_pages_come_from_the_plan():
    """Test that there is one group page per group of the latest plan, named from the catalog."""
    plan = api.plan()
    assert [spec.group for spec in GROUP_PAGES] == [g.code for g in plan.groups]
    first = GROUP_PAGES[0]
    assert (first.title, first.url_path) == ("Nhóm I: Công vụ", "nhom-1")
    assert nav.group_page("IV").url_path == "nhom-4"
    assert nav.group_page("KHONG_CO") is None
    assert [p.url_path for p in PAGES[: len(GROUP_PAGES) + 1]] == [
        "tong-quan",
        *(spec.url_path for spec in GROUP_PAGES),
    ]


@pytest.mark.parametrize("spec", GROUP_PAGES, ids=[p.url_path for p in GROUP_PAGES])
def test_group_page_lists_its_tasks_and_kpis(db, spec):
    """Test that a group page lists exactly its tasks and KPIs with their statuses."""
    year, month = view(db)
    group = spec.group
    at = open_page(spec)
    tasks = api.task_table(year, month, db)
    tasks = tasks[tasks["group"] == group]
    listed = table_with(at, "Nội dung")
    assert list(listed["STT"]) == list(tasks["task_id"])
    assert list(listed["Tình trạng"]) == list(tasks["status_label"])
    kpis = api.kpi_table(year, month, api.DISTRICT, db)
    kpis = kpis[kpis["group"] == group]
    if len(kpis):
        shown = table_with(at, "Chỉ số")
        assert list(shown["Chỉ số"]) == list(kpis["label"])
        assert numbers(shown["Giá trị lũy kế"]) == numbers(kpis["value"])


def test_group_page_follows_month(db):
    """Test that group II's KPI values change with the as-of month as metrics says."""
    year, _ = view(db)
    at = open_page(nav.group_page("II"))
    set_month(at, EARLY_MONTH)
    kpis = api.kpi_table(year, EARLY_MONTH, api.DISTRICT, db)
    kpis = kpis[kpis["group"] == "II"]
    shown = table_with(at, "Chỉ số")
    assert numbers(shown["Giá trị lũy kế"]) == numbers(kpis["value"])


def test_overview_links_to_each_group_page(db):
    """Test that every group card of the overview links to that group's page."""
    at = open_page()
    links = [link.proto.page for link in at.get("page_link")]
    assert links[: len(GROUP_PAGES)] == [spec.url_path for spec in GROUP_PAGES]


def test_each_kpi_card_leads_to_its_indicator_view(db):
    """Test that a KPI card links to its group page with the indicator and the view in the URL."""
    year, month = view(db)
    kpis = api.kpi_table(year, month, api.DISTRICT, db)
    headline = kpis[kpis["headline"]]
    at = open_page()
    links = at.get("page_link")[len(GROUP_PAGES) :]
    assert len(links) == len(headline)
    pairs = zip(headline["code"], headline["group"], strict=True)
    for link, (code, group) in zip(links, pairs, strict=True):
        assert link.proto.page == nav.group_page(group, year).url_path
        query = dict(part.split("=") for part in link.proto.query_string.split("&"))
        assert query == {"nam": str(year), "thang": month, "pham_vi": api.DISTRICT, "chi_so": code}
    assert len(at.get("popover")) >= len(headline)
    shown = " ".join(m.value for m in at.markdown)
    for code in headline["code"]:
        meaning = api.indicator_meaning(code)
        assert meaning["definition"] in shown and meaning["formula"] in shown, code


def test_group_of_another_plan_year_says_not_found(db, monkeypatch):
    """Test that a group only a later plan has opens with "not found" in the chosen year."""
    year, _ = view(db)
    current = api.plan(year)
    extra = catalog.Group("VI", "Giải pháp thứ sáu", "Nhóm mới")
    later = dataclasses.replace(current, year=year + 1, groups=(*current.groups, extra))
    plans = {year: current, year + 1: later}
    monkeypatch.setattr(api, "plan_years", lambda: sorted(plans))
    monkeypatch.setattr(api, "plan", lambda y=None: plans[y or year + 1])

    assert nav.group_page("VI") == nav.group_page("VI", year + 1)
    hidden = nav.group_page("VI", year)
    assert (hidden.url_path, hidden.listed) == ("nhom-6", False)
    at = signed_in_app()
    at.query_params["nam"] = str(year)
    at.run()
    assert "nhom-6" not in [p.url_path for p in nav.pages(year) if p.listed]
    switch_to(at, hidden).run()
    assert not at.exception, [e.value for e in at.exception]
    assert text.GROUP_NOT_FOUND.format(group="VI", year=year) in [w.value for w in at.warning]


def test_tasks_page_filters_by_status_group_and_lead(db):
    """Test that the task filters narrow the list to what task_table says."""
    year, month = view(db)
    tasks = api.task_table(year, month, db)
    at = open_page("views/nhiem_vu.py")
    assert len(table_with(at, "Nội dung")) == len(tasks)

    at.multiselect(key=state.PARAMS["tinh_trang"].key).set_value(["done"]).run()
    done = tasks[tasks["status"] == "done"]
    assert list(table_with(at, "Nội dung")["STT"]) == list(done["task_id"])

    at.multiselect(key=state.PARAMS["tinh_trang"].key).set_value([]).run()
    at.multiselect(key=state.PARAMS["nhom"].key).set_value(["V"]).run()
    assert list(table_with(at, "Nội dung")["STT"]) == list(tasks[tasks["group"] == "V"]["task_id"])

    at.multiselect(key=state.PARAMS["nhom"].key).set_value([]).run()
    at.multiselect(key=state.PARAMS["chu_tri"].key).set_value(["NV"]).run()
    with_lead = tasks[["NV" in leads for leads in tasks["leads"]]]
    assert 0 < len(with_lead) < len(tasks)
    assert list(table_with(at, "Nội dung")["STT"]) == list(with_lead["task_id"])
    assert at.query_params["chu_tri"] == "NV" and "nhom" not in at.query_params


def test_tasks_page_shows_history_of_chosen_task(db):
    """Test that picking a task shows its report history from task_history."""
    year, _ = view(db)
    at = open_page("views/nhiem_vu.py")
    at.selectbox(key=state.PARAMS["nhiem_vu"].key).set_value("12").run()
    history = api.task_history(year, "12", db)
    assert len(history)
    shown = table_with(at, header("task_history", "unit_name"))
    assert len(shown) == len(history)
    assert set(shown[header("task_history", "period_label")]) == set(history["period_label"])


def test_ward_page_ranking_equals_metrics_and_follows_kpi(db):
    """Test that the ward table equals kpi_by_ward and changes with the chosen KPI."""
    year, month = view(db)
    at = open_page("views/phuong.py")
    code = at.selectbox(key=state.PARAMS["chi_so"].key).value
    by_ward = api.kpi_by_ward(code, year, month, db)
    shown = table_with(at, text.WARD)
    assert list(shown[text.WARD]) == list(by_ward["ward_name"])
    assert numbers(shown["Giá trị lũy kế"]) == numbers(by_ward["value"])

    at.selectbox(key=state.PARAMS["chi_so"].key).set_value("ho_ngheo").run()
    poor = api.kpi_by_ward("ho_ngheo", year, month, db)
    shown = table_with(at, text.WARD)
    assert numbers(shown["Giá trị lũy kế"]) == numbers(poor["value"])
    assert at.query_params["chi_so"] == "ho_ngheo"


def test_ward_profile_follows_ward(db):
    """Test that the ward profile lists the chosen ward's own KPI values."""
    year, month = view(db)
    at = open_page("views/phuong.py")
    at.selectbox(key=state.PARAMS["phuong"].key).set_value("TD").run()
    profile = api.kpi_table(year, month, "TD", db)
    tables = [t.value for t in at.table if "Chỉ số" in t.value.columns]
    assert numbers(tables[-1]["Giá trị lũy kế"]) == numbers(profile["value"])


def test_pci_page_equals_yearly_series_and_subindices(db):
    """Test that PCI score and rank, DDCI score and rank, and the sub-index table equal metrics."""
    year, month = view(db)
    at = open_page("views/pci_ddci.py")
    shown = metric_values(at)
    for label, code, fmt in (
        (text.PCI_SCORE, "pci_diem", "decimal2"),
        (text.PCI_RANK, "pci_hang", "rank"),
        (text.DDCI_SCORE, "ddci_diem", "decimal2"),
        (text.DDCI_RANK, "ddci_hang", "rank"),
    ):
        # Only years published by the as-of month count (2023's index comes out in 2024).
        series = api.yearly_series(code, db, as_of=month)
        last = series[series["year"] <= year].dropna(subset=["value"]).iloc[-1]
        assert int(last["year"]) < year
        assert shown[f"{label} {int(last['year'])}"] == fmt_value(last["value"], fmt)
    subs = api.pci_subindices(year, db, as_of=month)
    table = table_with(at, "Chỉ số thành phần")
    assert list(table["Chỉ số thành phần"]) == list(subs["label"])


def test_compliance_page_equals_metrics_and_follows_month(db):
    """Test that reporting figures and the remind list follow compliance_* for the month."""
    year, month = view(db)
    at = open_page("views/bao_cao_don_vi.py")
    for as_of in (month, "2023-09"):
        if as_of != month:
            set_month(at, as_of)
        summary = api.compliance_summary(year, as_of, db)
        counts = api.compliance_view(year, as_of, db=db).counts
        shown = metric_values(at)
        # Counted over every period that fell due, like the remind list beside them.
        assert shown[text.REPORTS_MISSING] == str(int(summary["missing"].sum()))
        assert shown[text.RATE_RECEIVED] == fmt_value(counts["rate_received"], "percent")
        periods = table_with(at, "Phải nộp")
        assert list(periods["Kỳ báo cáo"]) == list(summary["period_label"])
        # A refused report is its own count and list (the sample's KT H1), not a missing one.
        assert shown[text.REPORTS_RETURNED] == str(counts["returned"]) and counts["returned"]
        returned = api.compliance_view(year, as_of, db=db).returned
        assert list(table_with(at, "Ngày ghi trên báo cáo")["Đơn vị"]) == list(
            returned["unit_name"]
        )
    assert len(at.get("download_button")) >= 1


def test_compliance_page_unit_kind_filter(db):
    """Test that the unit-kind control narrows the per-unit table to the 10 wards."""
    year, month = view(db)
    by_unit = api.compliance_by_unit(year, month, db)
    at = open_page("views/bao_cao_don_vi.py")
    units = [d.value for d in at.dataframe if "Phải nộp" in d.value.columns]
    assert len(units[0]) == len(by_unit)
    at.segmented_control(key=state.PARAMS["loai_don_vi"].key).set_value("ward").run()
    units = [d.value for d in at.dataframe if "Phải nộp" in d.value.columns]
    wards = by_unit[by_unit["unit_kind"] == "ward"]
    assert list(units[0]["Đơn vị"]) == list(wards["unit_name"])
    assert len(wards) == 10
    assert at.query_params["loai_don_vi"] == "ward"


def test_data_quality_page_equals_load_log_and_filters(db):
    """Test that load counts equal load_log and the reason search narrows the rows."""
    log = api.load_log(db)
    rows = api.quarantine(db)
    at = open_page("views/chat_luong_du_lieu.py")
    shown = metric_values(at)
    assert shown[text.DQ_LOADS_COUNT] == fmt_value(len(log), "integer")
    assert shown[text.DQ_ROWS_QUARANTINED] == fmt_value(log["rows_quarantined"].sum(), "integer")
    total = text.DQ_ROWS_SHOWN.format(shown=len(rows), total=len(rows))
    assert any(c.value == total for c in at.caption)
    at.text_input(key="dq_search").set_value("zzz-không-có-lý-do-này").run()
    none = text.DQ_ROWS_SHOWN.format(shown=0, total=len(rows))
    assert any(c.value == none for c in at.caption)


def test_upload_page_offers_every_template(db):
    """Test that the upload page offers one .xlsx template per input kind and an uploader."""
    from data.catalog import columns

    at = open_page("views/nop_so_lieu.py")
    assert len(at.get("download_button")) == len(columns.KINDS) == 3
    assert len(at.get("file_uploader")) == 1


def test_upload_limit_shown_is_the_limit_enforced(monkeypatch):
    """Test that the uploader's limit, the app's limit and Streamlit's config agree."""
    import tomllib

    from dashboard.views.nop_so_lieu import upload_limit_mb
    from data import settings

    monkeypatch.delenv("KPI_MAX_UPLOAD_MB", raising=False)
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == upload_limit_mb() == settings.max_upload_mb()
    monkeypatch.setenv("KPI_MAX_UPLOAD_MB", "3")
    assert upload_limit_mb() == 3


def test_empty_database_says_so(tmp_path, monkeypatch):
    """Test that an empty warehouse gives a sentence, not an exception, on every page."""
    monkeypatch.setenv("KPI_DB", str(tmp_path / "empty.duckdb"))
    for spec in PAGES:
        if spec.path.endswith("ban_tin.py"):
            continue
        at = open_page(spec)
        assert not at.error, spec.title
        captions = " ".join(c.value for c in at.caption)
        assert text.NO_FRESHNESS in captions, spec.title
        assert not any("Dữ liệu mẫu" in w.value for w in at.warning), spec.title


@pytest.fixture
def db_copy(sample_db, tmp_path, monkeypatch) -> Path:
    """A writable copy of the sample database, with its own archive, as the app's database."""
    path = tmp_path / "upload.duckdb"
    shutil.copy(sample_db, path)
    monkeypatch.setenv("KPI_DB", str(path))
    monkeypatch.setenv("KPI_ARCHIVE", str(tmp_path / "archive"))
    return path


def test_upload_checks_then_loads_a_file(db_copy):
    """Test that an uploaded file is checked row by row in Vietnamese, then loaded."""
    loads_before = len(api.load_log(db_copy))

    at = open_page("views/nop_so_lieu.py")
    at.file_uploader(key="upload_files").upload("nop_thu.csv", UPLOAD_CSV.encode()).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("nop_thu.csv" in w.value and "1 dòng có lỗi" in w.value for w in at.warning)
    issues = table_with(at, header("row_issues", "reason"))
    assert list(issues[header("row_issues", "row")]) == [3]
    assert "lớn hơn mẫu số" in issues[header("row_issues", "reason")].iloc[0]
    assert len(api.load_log(db_copy)) == loads_before  # checking loads nothing

    at.button(key="upload_load").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(api.load_log(db_copy)) == loads_before + 1
    assert not at.error, [e.value for e in at.error]


def test_a_register_is_checked_before_it_is_loaded(db_copy):
    """Test that a dossier register's refused rows show before the load, in Vietnamese.

    The preview reads the file with the register's own reader and checks (the hand-made
    June export: 15 rows, 4 refused), and nothing reaches the database until "Nạp".
    """
    from tests.data.store.test_register import EXPORT_JUNE, register_csv

    loads_before = len(api.load_log(db_copy))

    at = open_page("views/nop_so_lieu.py")
    uploader = at.file_uploader(key="upload_files")
    uploader.upload("so-ho-so-06.csv", register_csv(EXPORT_JUNE)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("so-ho-so-06.csv: 11/15 dòng hợp lệ, 4 dòng có lỗi" in w.value for w in at.warning)
    issues = table_with(at, header("row_issues", "reason"))
    assert set(issues[header("row_issues", "row")]) == {11, 12, 13, 14}
    assert len(api.load_log(db_copy)) == loads_before


def test_upload_is_cleared_after_loading_and_never_resubmitted(db_copy):
    """Test that after a load the results stay, the uploader is empty, nothing is sent twice."""
    loads_before = len(api.load_log(db_copy))

    at = open_page("views/nop_so_lieu.py")
    at.file_uploader(key="upload_files").upload("nop_thu.csv", UPLOAD_CSV.encode()).run()
    at.button(key="upload_load").click().run()
    assert len(api.load_log(db_copy)) == loads_before + 1
    # The result stays on screen; the uploader is a fresh, empty one; no load button.
    assert any("nop_thu.csv: đã nạp" in w.value for w in at.warning)
    [uploader] = at.get("file_uploader")
    assert uploader.key == "upload_files_1"
    assert not [b for b in at.button if b.key == "upload_load"]
    at.run()
    assert len(api.load_log(db_copy)) == loads_before + 1
    # Choosing the same file again and pressing again sends nothing a second time.
    at.file_uploader(key="upload_files_1").upload("nop_thu.csv", UPLOAD_CSV.encode()).run()
    at.button(key="upload_load").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(api.load_log(db_copy)) == loads_before + 1


OWN_HEADERS_CSV = (
    "Nội dung theo dõi,Địa bàn báo cáo,Kỳ theo dõi,Số liệu thực tế\nhs_tre_han,Bến Nghé,2023-06,3\n"
)


def test_unit_maps_its_own_headers_once_and_the_file_then_reads(db_copy):
    """Test that a refused file's headers are mapped on the page, saved, audited, applied."""
    from data.store import audit, mappings

    at = open_page("views/nop_so_lieu.py")
    at.file_uploader(key="upload_files").upload("rieng.csv", OWN_HEADERS_CSV.encode()).run()
    assert any("rieng.csv: tệp bị từ chối" in e.value for e in at.error)
    boxes = {b.label: b for b in at.selectbox}
    assert {"Nội dung theo dõi", "Địa bàn báo cáo", "Kỳ theo dõi"} <= set(boxes)
    from data.intake.mapping import choices

    units = boxes[text.MAPPING_UNIT].options
    boxes[text.MAPPING_UNIT].select_index(units.index("Phường Bến Nghé"))
    kinds = boxes[text.MAPPING_KIND].options
    boxes[text.MAPPING_KIND].select_index(
        kinds.index(catalog.load().label("input_kind", "indicator"))
    )
    at.run()
    boxes = {b.label: b for b in at.selectbox}
    keys = [None, *choices("indicator")]
    for label, key in [
        ("Nội dung theo dõi", "indicator"),
        ("Địa bàn báo cáo", "scope"),
        ("Kỳ theo dõi", "period"),
        ("Số liệu thực tế", "value"),
    ]:
        boxes[label].select_index(keys.index(key))
    [save] = [b for b in at.button if b.label == text.MAPPING_SAVE]
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert mappings.saved("BN", db_copy).columns["ky theo doi"] == ("indicator", "period")
    entries = audit.read(db_copy, limit=None)
    assert entries[entries["action"] == "mapping_change"]["actor"].tolist() == [ADMIN]
    # The same file now reads with the saved mapping and loads.
    assert not any("rieng.csv: tệp bị từ chối" in e.value for e in at.error)
    at.button(key="upload_load").click().run()
    assert any("rieng.csv: đã nạp" in w.value for w in [*at.warning, *at.success])


@pytest.mark.slow  # every page in a child process: end to end
def test_great_expectations_not_imported_on_page_load(sample_db):
    """Test that opening every page never imports Great Expectations."""
    script = (
        "import json, sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from dashboard.nav import pages\n"
        "from tests.dashboard.pages import switch_to\n"
        f"at = AppTest.from_file({APP!r}, default_timeout=60)\n"
        f"at.session_state[{auth.USER_KEY!r}] = {ADMIN!r}\n"
        "import datetime\n"
        f"at.session_state[{auth.SIGNED_IN_AT_KEY!r}] = datetime.datetime.now()\n"
        "for p in pages():\n"
        "    switch_to(at, p).run()\n"
        "print(json.dumps({'gx': 'great_expectations' in sys.modules,"
        " 'exc': [str(e.value) for e in at.exception]}))\n"
    )
    env = {
        "KPI_DB": str(sample_db),
        "KPI_DEMO": "1",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"gx": False, "exc": []}


def test_glossary_page_explains_every_status_and_badges_link_to_it(db):
    """Test that "Cách đánh giá" lists each KPI status and every badge opens it."""
    from dashboard import components

    at = open_page("views/cach_danh_gia.py")
    shown = " ".join(m.value for m in at.markdown)
    for entry in api.glossary()["kpi"]:
        assert entry.label in shown and entry.meaning in shown
    assert f'href="./{nav.GLOSSARY_URL}#kpi"' in components.badge_html("met")


def test_briefing_page_shows_the_overview_group_cards(db):
    """Test that Bản tin shows each group's counts exactly as Tổng quan does."""

    def group_lines(at: AppTest) -> list[str]:
        return [c.value for c in at.caption if "nhiệm vụ hoàn thành" in c.value]

    overview = group_lines(open_page())
    assert len(overview) == len(api.plan(view(db)[0]).groups)
    assert group_lines(open_page("views/ban_tin.py")) == overview


def test_a_missing_target_is_said_once_on_a_card(db):
    """Test that a card judged without a target says so in its badge, not twice."""
    at = open_page("views/pci_ddci.py")
    cards = [m.value for m in at.markdown if labels.NO_TARGET in m.value]
    assert cards  # the sample sets no target for the PCI and DDCI
    assert all(card.count(labels.NO_TARGET) == 1 for card in cards), cards


def test_pci_page_and_group_table_agree_at_mid_year(db):
    """Test that at 06/2023 neither the PCI page nor group III counts the unpublished 2023 PCI."""
    at = open_page("views/pci_ddci.py")
    set_month(at, EARLY_MONTH)
    shown = metric_values(at)
    assert not any(label.endswith(" 2023") for label in shown)
    assert f"{text.PCI_SCORE} 2022" in shown  # published 31/05/2023
    row = api.kpi_table(2023, EARLY_MONTH, db=db).set_index("code").loc["pci_diem"]
    assert row["status"] == "no_data"


@pytest.mark.parametrize(
    ("raw", "options", "multi", "expected"),
    [
        ("BN", ["BN", "TD"], False, "BN"),
        ("2023", [2024, 2023], False, 2023),
        ("XX", ["BN", "TD"], False, None),
        ("", ["BN"], False, None),
        (None, ["BN"], False, None),
        ("I,III", ["I", "II", "III"], True, ["I", "III"]),
        ("I,I,", ["I", "II"], True, ["I"]),
        ("I,VI", ["I", "II"], True, None),  # one unknown value: the whole list is refused
        ("", ["I"], True, []),
    ],
)
def test_url_value_names_options_by_their_text(raw, options, multi, expected):
    """Test that a URL parameter is matched against the widget's options, never trusted."""
    assert state.parse_url_value(raw, options, multi) == expected


@pytest.mark.parametrize(
    ("value", "multi", "expected"),
    [("BN", False, "BN"), (2023, False, "2023"), (None, False, None), (["I", "II"], True, "I,II")],
)
def test_url_text_round_trips(value, multi, expected):
    """Test that a widget value is written as the text ``parse_url_value`` reads back."""
    assert state.url_text(value, multi) == expected
    if expected is not None:
        assert state.parse_url_value(expected, [value] if not multi else value, multi) == value


@pytest.mark.parametrize(
    ("raw", "label", "warned"),
    [
        ("tai-khoan", text.ADMIN_TAB_USERS, False),
        ("lan-nap", text.ADMIN_TAB_LOADS, False),
        ("khong-co", text.ADMIN_TAB_AUDIT, True),
    ],
)
def test_admin_tab_comes_from_the_url(raw, label, warned):
    """Test that a link names the open tab of Quản trị, and an unknown tab falls back."""
    at = signed_in_app()
    at.run()
    at.switch_page("views/quan_tri.py")
    at.query_params["the"] = raw
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[f"{state.PARAMS['the'].key}_label"] == label
    assert any(raw in w.value for w in at.warning) == warned
    assert at.query_params["the"] != "khong-co"


def test_page_controls_come_from_the_url():
    """Test that the Phường page opens on the indicator and ward its link names."""
    at = signed_in_app()
    at.run()
    at.switch_page("views/phuong.py")
    at.query_params["chi_so"] = "ho_ngheo"
    at.query_params["phuong"] = "TD"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=state.PARAMS["chi_so"].key).value == "ho_ngheo"
    assert at.selectbox(key=state.PARAMS["phuong"].key).value == "TD"
