"""KPI evaluation on the fixture warehouse, against figures computed by hand."""

from __future__ import annotations

import pytest

from metrics import api
from metrics.yearly_targets import parse_targets

TARGETS = parse_targets(
    {
        "targets": {
            "hs_truc_tuyen": {"type": "absolute", "value": 90, "source": "test"},
            "hs_dung_han": {"type": "absolute", "value": 98, "source": "test"},
            "dvc_toan_trinh": {"type": "absolute", "value": 100, "source": "test"},
            "ho_ngheo": {"type": "reduction", "percent": 10, "source": "test"},
            "doi_thoai_dn": {
                "type": "count_per_year",
                "value": 4,
                "per_quarter": True,
                "source": "t",
            },
            "hs_tre_han": {"type": "absolute", "value": 12, "source": "test"},
            "pci_diem": {"type": "relative_previous_year", "source": "test"},
            "pci_hang": {"type": "relative_previous_year", "source": "test"},
            "ttdt_gd_yt": {"type": "absolute", "value": 100, "source": "test"},
        }
    },
    2023,
)


def _kpi(db, code, as_of="2023-03", scope="district"):
    table = api.kpi_table(2023, as_of, scope, db=db, targets=TARGETS)
    return table.set_index("code").loc[code]


def test_rate_across_wards_is_ratio_of_sums(metrics_db):
    """Test that a rate over two wards is Σnumerators ÷ Σdenominators, not the mean of rates."""
    row = _kpi(metrics_db, "hs_truc_tuyen", "2023-01")
    # January: BN 90/100 = 90 %, BT 10/50 = 20 %; mean of rates would be 55 %.
    assert row["value"] == pytest.approx(100 * 100 / 150)  # 66.67 %
    assert row["value"] != pytest.approx(55)
    assert (row["numerator"], row["denominator"]) == (100, 150)


def test_rate_over_months_is_ratio_of_sums(metrics_db):
    """Test that the year to date adds numerators and denominators over months too."""
    row = _kpi(metrics_db, "hs_truc_tuyen", "2023-03")
    # (90+10+45+40+95+35) / (100+50+50+50+100+50) = 315/400
    assert row["value"] == pytest.approx(78.75)
    assert row["previous"] == pytest.approx(185 / 250 * 100)  # February year to date = 74.0
    assert row["change"] == pytest.approx(4.75)


def test_glide_path_at_march(metrics_db):
    """Test the expected value from last December's value to the year-end target."""
    row = _kpi(metrics_db, "hs_truc_tuyen", "2023-03")
    baseline = 110 / 150 * 100  # December 2022: (80+30)/(100+50) = 73.33 %
    assert row["baseline"] == pytest.approx(baseline)
    assert row["expected"] == pytest.approx(baseline + (90 - baseline) * 3 / 12)  # 77.5
    assert row["ratio"] == pytest.approx(78.75 / 77.5)  # 1.016: on the path
    assert row["projection"] == pytest.approx(78.75)
    # ... but a flow rate ends the year at its year-to-date rate, 78.75 < 90: a projection
    # that misses the target is never on track, so the band below applies.
    assert row["status"] == "behind"


def test_district_is_office_plus_wards(metrics_db):
    """Test that the whole district adds the UBND Quận 1 office to the wards."""
    assert _kpi(metrics_db, "hs_dung_han", "2023-01")["value"] == pytest.approx(289 / 300 * 100)
    assert _kpi(metrics_db, "hs_dung_han", "2023-01", "Q1")["value"] == pytest.approx(95.0)
    assert _kpi(metrics_db, "hs_dung_han", "2023-01", "BN")["value"] == pytest.approx(99.0)


def test_cumulative_rate_takes_latest_month_of_each_scope(metrics_db):
    """Test that a cumulative rate takes each scope's latest month, then adds the scopes."""
    # March: BN's March 48/50 and BT's February 20/25 → 68/75.
    assert _kpi(metrics_db, "dvc_toan_trinh", "2023-03")["value"] == pytest.approx(68 / 75 * 100)
    assert _kpi(metrics_db, "dvc_toan_trinh", "2023-01")["value"] == pytest.approx(80.0)


def test_stock_takes_latest_value_and_reduction_target(metrics_db):
    """Test poor households: latest value per ward summed, target 10 % below last December."""
    row = _kpi(metrics_db, "ho_ngheo", "2023-03")
    assert row["value"] == 74  # BN March 45 + BT February 29
    assert row["target"] == pytest.approx(72)  # (50 + 30) × 0.9
    assert row["expected"] == pytest.approx(78)  # 80 − 8 × 3/12
    assert row["status"] == "on_track"  # lower is better: 78 / 74 = 1.05
    assert row["projection"] == pytest.approx(56)  # 80 + (74 − 80) × 12/3


def test_counts_are_summed_and_paced_by_quarter(metrics_db):
    """Test business dialogues: a count summed over scopes and months, one a quarter."""
    row = _kpi(metrics_db, "doi_thoai_dn", "2023-03")
    assert row["value"] == 2
    assert row["projection"] == 8
    # The target binds each scope (one a quarter each), not the sum of eleven scopes:
    # UBND Quận 1 and Bến Nghé held theirs in the first quarter, nine wards did not.
    assert (row["units_met"], row["units_total"]) == (2, 11)
    assert row["status"] == "at_risk"  # 2/11 below the bands
    assert pd_isna(row["expected"])  # each scope has its own path, the sum has none
    ward = _kpi(metrics_db, "doi_thoai_dn", "2023-03", "BN")
    # One in the first quarter: on the quarterly path, projected to 1 ÷ 1/4 = 4.
    assert (ward["value"], ward["expected"], ward["projection"]) == (1, 1, 4)
    assert ward["status"] == "on_track"
    assert _kpi(metrics_db, "doi_thoai_dn", "2023-01")["value"] is None or pd_isna(
        _kpi(metrics_db, "doi_thoai_dn", "2023-01")["value"]
    )


def pd_isna(value) -> bool:
    return value != value


def test_lower_count_against_a_cap(metrics_db):
    """Test overdue dossiers (lower is better) against a yearly cap of 12."""
    feb = _kpi(metrics_db, "hs_tre_han", "2023-02")
    assert (feb["value"], feb["expected"]) == (3, 2)
    assert feb["status"] == "at_risk"  # 2/3 = 0.67: already a month ahead of the cap's pace
    mar = _kpi(metrics_db, "hs_tre_han", "2023-03")
    assert (mar["value"], mar["expected"], mar["status"]) == (3, 3, "on_track")


def test_yearly_values_against_last_year(metrics_db):
    """Test PCI score and rank: the year's value against last year's, rank lower is better."""
    # PCI 2023 is published on 31/05/2024: it counts from then, not in December 2023.
    assert _kpi(metrics_db, "pci_diem", "2023-12")["status"] == "no_data"
    score = _kpi(metrics_db, "pci_diem", "2024-05")
    assert (score["value"], score["target"], score["previous"]) == (66.5, 67.12, 67.12)
    assert score["status"] == "not_met"  # the year has closed short of 67.12: "Không đạt"
    rank = _kpi(metrics_db, "pci_hang", "2024-05")
    assert (rank["value"], rank["target"], rank["status"]) == (9, 11, "met")
    assert rank["change"] == -2


def test_as_of_before_a_period_hides_it(metrics_db):
    """Test that values of a period not yet ended are invisible at an earlier as-of date."""
    assert pd_isna(_kpi(metrics_db, "pci_diem", "2023-06")["value"])
    assert _kpi(metrics_db, "pci_diem", "2023-06")["status"] == "no_data"
    assert _kpi(metrics_db, "hs_truc_tuyen", "2023-02")["value"] == pytest.approx(74.0)


def test_office_scope(metrics_db):
    """Test an indicator reported by offices: whole district and one office."""
    assert _kpi(metrics_db, "ttdt_gd_yt", "2023-01")["value"] == pytest.approx(37 / 50 * 100)
    assert _kpi(metrics_db, "ttdt_gd_yt", "2023-01", "GDDT")["value"] == pytest.approx(
        29 / 38 * 100
    )


def test_scope_limits_the_indicators(metrics_db):
    """Test that a ward's table lists only indicators a ward reports."""
    codes = set(api.kpi_table(2023, "2023-03", "BN", db=metrics_db)["code"])
    assert "hs_truc_tuyen" in codes
    assert not codes & {"pci_diem", "ttdt_gd_yt", "giai_ngan_dtc"}


def test_no_target_and_no_data(metrics_db):
    """Test that a KPI without a target says so, and one without values says no_data."""
    table = api.kpi_table(2023, "2023-03", db=metrics_db, targets=TARGETS).set_index("code")
    assert table.loc["sang_kien", "status"] == "no_target"
    assert table.loc["sang_kien", "target_text"] == "Chưa có chỉ tiêu"
    assert table.loc["hs_dung_han", "status"] == "no_data" or table.loc["hs_dung_han", "value"] > 0


def test_missing_targets_file_gives_no_target(metrics_db):
    """Test that a year without a targets file evaluates every KPI as no_target."""
    table = api.kpi_table(2023, "2023-03", db=metrics_db, targets=parse_targets({}, 2023))
    assert set(table["status"]) == {"no_target"}


def test_api_columns(metrics_db):
    """Test that the KPI functions return the published columns."""
    table = api.kpi_table(2023, "2023-03", db=metrics_db)
    assert list(table.columns[:21]) == [
        "code",
        "label",
        "label_en",
        "group",
        "kind",
        "unit",
        "format",
        "direction",
        "headline",
        "scope",
        "period",
        "value",
        "numerator",
        "denominator",
        "target",
        "target_text",
        "expected",
        "status",
        "previous",
        "change",
        "projection",
    ]
    series = api.kpi_series("hs_truc_tuyen", 2023, "2023-03", db=metrics_db)
    assert list(series.columns) == [
        "period_key",
        "month_start",
        "value",
        "value_ytd",
        "numerator",
        "denominator",
        "target",
        "expected",
    ]


def test_series_month_and_year_to_date(metrics_db):
    """Test the monthly series: each month's own rate next to the year to date."""
    series = api.kpi_series("hs_truc_tuyen", 2023, "2023-03", db=metrics_db, targets=TARGETS)
    assert series["period_key"].tolist() == ["2023-01", "2023-02", "2023-03"]
    assert series["value"].tolist() == pytest.approx([100 / 150 * 100, 85.0, 130 / 150 * 100])
    assert series["value_ytd"].tolist() == pytest.approx([100 / 150 * 100, 74.0, 78.75])
    baseline = 110 / 150 * 100
    assert series["expected"].tolist() == pytest.approx(
        [baseline + (90 - baseline) * m / 12 for m in (1, 2, 3)]
    )


def test_by_ward_best_first(metrics_db):
    """Test the ward ranking: each ward's own year to date and status, best first."""
    wards = api.kpi_by_ward("hs_truc_tuyen", 2023, "2023-03", db=metrics_db, targets=TARGETS)
    assert wards["ward_code"].tolist()[:2] == ["BN", "BT"]
    bn, bt = wards.iloc[0], wards.iloc[1]
    assert bn["value"] == pytest.approx(92.0) and bn["status"] == "met"  # 230/250
    assert bt["value"] == pytest.approx(85 / 150 * 100)
    assert bt["expected"] == pytest.approx(60 + 30 * 3 / 12)  # BT's own December: 30/50
    assert bt["status"] == "at_risk"  # 56.67 / 67.5 = 0.84
    assert set(wards.iloc[2:]["status"]) == {"no_data"}
    assert len(wards) == 10


def test_ward_month_matrix(metrics_db):
    """Test the ward × month matrix of each ward's own monthly value."""
    matrix = api.ward_month_matrix("hs_truc_tuyen", 2023, "2023-03", db=metrics_db)
    cell = matrix[
        (matrix["ward_code"] == "BT") & (matrix["month_start"].astype(str) == "2023-02-01")
    ]
    assert cell["value"].tolist() == [pytest.approx(80.0)]
    assert len(matrix) == 6


def test_yearly_series_and_subindices(metrics_db):
    """Test the PCI series over the years and the sub-index table's shape."""
    series = api.yearly_series("pci_hang", db=metrics_db)
    assert series["year"].tolist() == [2022, 2023]
    assert series["value"].tolist() == [11, 9]
    subs = api.pci_subindices(2023, db=metrics_db)
    assert list(subs.columns) == ["code", "label", "value", "previous", "change"]
    assert len(subs) == 10
