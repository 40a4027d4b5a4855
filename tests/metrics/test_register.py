"""Test register against reported values, the KPI source rule and the overdue drill-down."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from data.catalog import columns
from data.store import db
from data.store.ingest import ingest_bytes
from metrics import api, evaluate, export
from tests import corpus
from tests.data.store.test_register import EXPORT_JULY, EXPORT_JUNE, register_csv

I = columns.INDICATOR_INPUT  # noqa: E741
HEADER = [I[k] for k in ("indicator", "scope", "period", "numerator", "denominator", "value")]
# What the ward reported itself: June online differs from the register (5/8 against 3/8),
# June on time agrees (4/6), July late differs (1 against 2), August has no register.
REPORTED = [
    ["hs_truc_tuyen", "Phường Bến Nghé", "2023-06", 5, 8, None],
    ["hs_dung_han", "Phường Bến Nghé", "2023-06", 4, 6, None],
    ["hs_tre_han", "Phường Bến Nghé", "2023-07", None, None, 1],
    ["hs_truc_tuyen", "Phường Bến Nghé", "2023-08", 7, 10, None],
]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """A database holding the hand-made register and the ward's own report."""
    path = tmp_path_factory.mktemp("reconcile") / "kpi.duckdb"
    archive = db.archive_dir(path)
    for name, content in (
        ("so-06.csv", register_csv(EXPORT_JUNE)),
        ("so-07.csv", register_csv(EXPORT_JULY)),
        ("bao-cao.csv", corpus.csv_bytes(HEADER, REPORTED)),
    ):
        result = ingest_bytes(name, content, path, archive=archive)
        assert result.status in ("loaded", "partial"), result.as_dict()
    return path


def test_reconciliation_lists_differing_months_largest_first(both):
    """Test that only the differing scope-months are listed, the largest gap first."""
    gaps = api.reconciliation(2023, "2023-08", db=both)
    rows = [
        (r.indicator_code, r.scope_code, r.period_key, r.reported_value, r.register_value)
        for r in gaps.itertuples()
    ]
    assert rows == [
        ("hs_truc_tuyen", "BN", "2023-06", 62.5, 37.5),
        ("hs_tre_han", "BN", "2023-07", 1.0, 2.0),
    ]
    assert list(gaps["difference"]) == [-25.0, 1.0]
    assert gaps["indicator_label"][0] == "Tỷ lệ hồ sơ nộp trực tuyến"


def test_reconciliation_keeps_agreeing_months_when_asked(both):
    """Test that a month where both sources agree is listed with a zero difference."""
    every = api.reconciliation(2023, "2023-08", db=both, only_gaps=False)
    same = every[(every["indicator_code"] == "hs_dung_han") & (every["period_key"] == "2023-06")]
    assert list(same["difference"]) == [0.0]


@pytest.mark.parametrize(
    ("code", "month", "value"),
    [
        ("hs_truc_tuyen", "2023-06", 37.5),  # the register wins where it has the month
        ("hs_truc_tuyen", "2023-08", 70.0),  # the report stands where the register has none
        ("hs_tre_han", "2023-07", 2.0),
    ],
)
def test_kpi_takes_register_values_where_present(both, code, month, value):
    """Test that a KPI with values_from register reads the register, else the report."""
    series = evaluate.kpi_series(code, 2023, "2023-08", scope="BN", db=both)
    assert series.set_index("period_key").loc[month, "value"] == pytest.approx(value)


@pytest.mark.parametrize(
    ("scope", "words", "apology", "codes"),
    [
        ("BN", None, None, ["BN-04", "BN-03"]),  # most days late first
        ("district", None, None, ["BN-04", "BN-03", "BT-02"]),
        ("BN", None, True, ["BN-03"]),
        ("BN", None, False, ["BN-04"]),
        ("BN", "cấp BẢN", None, ["BN-04", "BN-03"]),
        ("BT", "khai sinh", None, ["BT-02"]),
        ("BT", "kết hôn", None, []),
    ],
)
def test_overdue_drill_down_filters(both, scope, words, apology, codes):
    """Test that the dossiers behind June's overdue count filter by scope, words, apology."""
    frame, total = api.overdue_dossiers(2023, "2023-06", scope, words, apology, db=both)
    assert list(frame["dossier_code"]) == codes and total == len(codes)


def test_overdue_count_equals_register_value(both):
    """Test that the unfiltered count equals the register's hs_tre_han of the month."""
    _, total = api.overdue_dossiers(2023, "2023-07", "BN", db=both)
    series = evaluate.kpi_series("hs_tre_han", 2023, "2023-07", scope="BN", db=both)
    assert total == series.set_index("period_key").loc["2023-07", "value"] == 2


def test_overdue_pages_in_the_database(both):
    """Test that page 2 of one row holds the second dossier and the count stays whole."""
    frame, total = api.overdue_dossiers(2023, "2023-06", "BN", page=2, db=both, page_rows=1)
    assert list(frame["dossier_code"]) == ["BN-03"] and total == 2
    assert list(frame["days_late"]) == [5]


def test_overdue_export_has_real_dates_and_numbers(both):
    """Test that the xlsx of the drill-down writes dates and days late as real cells."""
    frame, _ = api.overdue_dossiers(2023, "2023-06", "BN", db=both, page_rows=None)
    content = export.table_workbook(
        frame, export.export_columns("overdue_dossiers"), "Hồ sơ trễ hạn", title="Hồ sơ trễ hạn"
    )
    ws = load_workbook(io.BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Mã hồ sơ")
    first = dict(zip(rows[header], rows[header + 1], strict=True))
    assert first["Mã hồ sơ"] == "BN-04"
    assert first["Ngày hẹn trả"] == dt.datetime(2023, 6, 10, 17, 0)
    assert first["Số ngày trễ"] == 10
    assert first["Thư xin lỗi"] == "Chưa gửi"
