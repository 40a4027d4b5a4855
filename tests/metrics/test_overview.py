"""What the overview asks of the metrics layer: one pass, fresh after a load, empty said so."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import text
from metrics import api, common
from metrics.yearly_targets import load_targets
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
YEAR = 2023


@pytest.fixture
def fresh_memo():
    """Every test starts and ends with no stored query result."""
    common.clear_memo()
    yield
    common.clear_memo()


def one_code_at_a_time(codes, as_of, scope, db) -> dict[str, pd.DataFrame]:
    """The overview's former path: one ``kpi_series`` call, and one query, per KPI."""
    out = {}
    for code in codes:
        common.clear_memo()
        out[code] = api.kpi_series(code, YEAR, as_of, scope, db)
    return out


@pytest.mark.slow  # every indicator queried one at a time: a cross-check
@pytest.mark.parametrize("scope", ["district", "BN", "Q1"])
@pytest.mark.parametrize("as_of", ["2023-01", "2023-12"])  # 03: test_..._kpi_table_value
def test_kpi_series_many_equals_one_code_at_a_time(metrics_db, fresh_memo, scope, as_of):
    """Test that the series of every KPI computed together equal the series computed alone."""
    codes = api.kpi_table(YEAR, as_of, scope, metrics_db)["code"].tolist()
    together = api.kpi_series_many(codes, YEAR, as_of, scope, metrics_db)
    alone = one_code_at_a_time(codes, as_of, scope, metrics_db)
    assert list(together) == codes
    for code in codes:
        pd.testing.assert_frame_equal(together[code], alone[code], obj=code)


def test_kpi_series_many_ends_at_the_kpi_table_value(metrics_db, fresh_memo):
    """Test that each series' year to date in the as-of month is the KPI table's value."""
    table = api.kpi_table(YEAR, "2023-03", db=metrics_db).set_index("code")
    monthly = [c for c in table.index if table.loc[c, "period"] != str(YEAR)]
    series = api.kpi_series_many(monthly, YEAR, "2023-03", db=metrics_db)
    for code in monthly:
        last = series[code]["value_ytd"].iloc[-1]
        expected = table.loc[code, "value"]
        assert (pd.isna(last) and pd.isna(expected)) or last == pytest.approx(expected), code


def test_kpi_series_many_refuses_an_unknown_code(metrics_db):
    """Test that an unknown KPI code fails with the registry's error, not a wrong result."""
    with pytest.raises(KeyError):
        api.kpi_series_many(["hs_truc_tuyen", "khong_co"], YEAR, "2023-03", db=metrics_db)


def test_shared_tables_give_the_same_summaries(metrics_db, fresh_memo):
    """Test that summaries built from tables the caller already has equal those built alone."""
    as_of = "2023-06"
    alone = api.group_summary(YEAR, as_of, metrics_db)
    shared = api.group_summary(
        YEAR,
        as_of,
        metrics_db,
        tasks=api.task_table(YEAR, as_of, metrics_db),
        kpis=api.kpi_table(YEAR, as_of, "district", metrics_db),
    )
    pd.testing.assert_frame_equal(shared, alone)
    table = api.compliance_table(YEAR, as_of, metrics_db)
    pd.testing.assert_frame_equal(
        api.compliance_summary(YEAR, as_of, metrics_db, table=table),
        api.compliance_summary(YEAR, as_of, metrics_db),
    )
    pd.testing.assert_frame_equal(
        api.compliance_by_unit(YEAR, as_of, metrics_db, table=table),
        api.compliance_by_unit(YEAR, as_of, metrics_db),
    )


def test_stored_results_follow_a_new_load(metrics_db, tmp_path, fresh_memo):
    """Test that a load after a first reading is seen at once, and callers get copies."""
    from data.store.ingest import ingest_bytes

    db = tmp_path / "copy.duckdb"
    shutil.copy(metrics_db, db)
    first = api.kpi_table(YEAR, "2023-03", db=db).set_index("code")
    assert first.loc["doi_thoai_dn", "value"] == 2  # Q1 office in February + BN in March
    first.loc["doi_thoai_dn", "value"] = -1  # a caller's change stays its own
    again = api.kpi_table(YEAR, "2023-03", db=db).set_index("code")
    assert again.loc["doi_thoai_dn", "value"] == 2

    content = "Mã chỉ số;Phạm vi;Kỳ số liệu;Giá trị\ndoi_thoai_dn;BT;2023-03;3\n".encode()
    result = ingest_bytes("them.csv", content, db_file=db, archive=tmp_path / "archive")
    assert result.status == "loaded", result
    after = api.kpi_table(YEAR, "2023-03", db=db).set_index("code")
    assert after.loc["doi_thoai_dn", "value"] == 5


def test_stored_results_are_bounded(metrics_db, fresh_memo, monkeypatch):
    """Test that the store keeps at most ``RESULT_MEMO_SIZE`` results, the latest ones."""
    monkeypatch.setattr(common, "RESULT_MEMO_SIZE", 3)
    for month in range(1, 6):
        # A ward: one query per call (the district also asks per scope for each_unit targets).
        api.kpi_table(YEAR, f"{YEAR}-{month:02d}", "BN", db=metrics_db)
    kept = sorted(str(key[1][2]) for key in common._memo)  # the as-of date parameter
    assert kept == ["2023-03-31", "2023-04-30", "2023-05-31"]


def test_warehouse_status_of_a_loaded_and_an_empty_warehouse(metrics_db, tmp_path, fresh_memo):
    """Test the four status answers and ``has_data`` on the fixture and on an empty warehouse."""
    assert api.available_years(metrics_db) == [YEAR]
    # The latest report (Phòng TCKH, 05/06); yearly values (PCI) do not move the month.
    assert api.latest_month(YEAR, metrics_db) == "2023-06"
    assert api.latest_month(2022, metrics_db) == "2022-12"
    assert api.latest_month(2019, metrics_db) is None
    assert str(api.data_freshness(metrics_db)) == "2023-12-31"  # but they do count as data
    assert api.is_sample_data(metrics_db) is False  # fixture files are not named mau_*
    assert api.has_data(metrics_db) is True

    empty = tmp_path / "empty.duckdb"
    # The catalog still offers its plan years: that is why has_data exists.
    assert api.available_years(empty) == [YEAR]
    assert api.latest_month(YEAR, empty) is None
    assert api.data_freshness(empty) is None
    assert api.is_sample_data(empty) is False
    assert api.has_data(empty) is False


def test_count_targets_state_where_they_apply():
    """Test that every count-per-year target says where it applies (whole district or each)."""
    targets = load_targets(YEAR).targets
    counts = {code: t for code, t in targets.items() if t.type == "count_per_year"}
    assert counts
    assert {code: bool(t.scopes) for code, t in counts.items()} == dict.fromkeys(counts, True)


def test_district_count_target_does_not_bind_each_ward(sample_db, fresh_memo):
    """Test that ten initiatives a year is a whole-district target, not one per ward."""
    district = api.kpi_table(YEAR, "2023-06", db=sample_db).set_index("code")
    assert district.loc["sang_kien", "target"] == 10
    wards = api.kpi_by_ward("sang_kien", YEAR, "2023-06", sample_db)
    assert len(wards) == 10
    assert set(wards["status"]) == {"no_target"}
    office = api.kpi_table(YEAR, "2023-06", "Q1", db=sample_db).set_index("code")
    assert office.loc["sang_kien", "status"] == "no_target"
    # The quarterly dialogues bind every level on its own, each ward included.
    dialogues = api.kpi_by_ward("doi_thoai_dn", YEAR, "2023-06", sample_db)
    assert set(dialogues["target"]) == {4}


def test_empty_warehouse_overview_points_to_upload(tmp_path, monkeypatch):
    """Test that the overview of an empty warehouse says so and links to the upload page."""
    monkeypatch.setenv("KPI_DB", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("KPI_READ_ONLY", "1")  # a viewer without a sign-in form
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert text.OVERVIEW_EMPTY in [i.value for i in at.info]
    links = [link.proto for link in at.get("page_link")]
    assert [(x.label, x.page) for x in links if x.label == text.OVERVIEW_EMPTY_LINK] == [
        (text.OVERVIEW_EMPTY_LINK, "nop-so-lieu")
    ]
    # Nothing that would look like figures: no tables, cards or charts of an empty warehouse.
    assert not at.get("table") and not at.get("metric") and not at.get("plotly_chart")
