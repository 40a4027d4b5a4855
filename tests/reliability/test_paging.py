"""Lists page in the database: a million refused rows and loads, one page styled, in seconds."""

from __future__ import annotations

import pytest

from dashboard import text
from data.store import db
from data.store.ingest import ingest_bytes
from metrics import api
from tests.dashboard.test_pages import open_page
from tests.reliability.common import INDICATOR_HEADER, csv

pytestmark = pytest.mark.slow

MILLION = 1_000_000


@pytest.fixture
def crowded(warehouse, monkeypatch):
    """A database with a million quarantined rows and a million load-log entries."""
    ingest_bytes(
        "t.csv", csv(INDICATOR_HEADER, "hs_truc_tuyen,Bến Nghé,2023-01,80,100,"), warehouse
    )
    with db.writer(warehouse) as con:
        con.execute(
            "insert into raw.load_log (load_id, file_hash, original_name, kind, started_at, "
            "status, rows_total, rows_quarantined) select 1000 + i, 'h', 'tep_' || (i % 50) || '.csv', "
            "'indicator', timestamp '2023-05-01', 'partial', 1, 1 from range(?) t(i)",
            [MILLION],
        )
        con.execute(
            "insert into staging.quarantine select 1000 + i, 'h', 'indicator', 2, "
            "case when i % 2 = 0 then 'Giá trị' else 'Tử số' end, 'x', "
            "'Lý do số ' || (i % 7), null from range(?) t(i)",
            [MILLION],
        )
    monkeypatch.setenv("KPI_DB", str(warehouse))
    monkeypatch.setenv("KPI_DEMO", "1")  # the demo admin may open the page
    monkeypatch.delenv("KPI_READ_ONLY", raising=False)
    monkeypatch.delenv("KPI_USERS", raising=False)
    return warehouse


def test_quarantine_page_filters_and_pages_in_the_database(crowded):
    """Test that a filtered page comes back with the match count (its time: ``make bench``)."""
    page, matched = api.quarantine_page(["tep_8.csv"], ["Giá trị"], "lý do số 3", 2, crowded)
    assert len(page) == api.PAGE_ROWS
    expected = db.query(
        "select count(*) as n from staging.quarantine q join raw.load_log l using (load_id) "
        "where l.original_name = 'tep_8.csv' and q.column_name = 'Giá trị' "
        "and q.reason = 'Lý do số 3'",
        path=crowded,
    )["n"][0]
    assert matched == expected


def test_data_quality_page_styles_one_page_of_a_million_rows(crowded):
    """Test that the page renders with a million rows behind it and shows one page of each list."""
    at = open_page("views/chat_luong_du_lieu.py")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    sizes = [len(d.value.data if hasattr(d.value, "data") else d.value) for d in at.dataframe]
    assert sizes and max(sizes) <= api.PAGE_ROWS
    total = text.DQ_ROWS_SHOWN.format(shown=MILLION, total=MILLION)
    assert any(c.value == total for c in at.caption)


def test_audit_log_pages_in_the_database(crowded):
    """Test that a page of a million-entry audit log and its count come from the database."""
    from data.store import audit

    with db.writer(crowded) as con:
        con.execute(
            "insert into raw.audit_log (recorded_at, actor, role, action) "
            "select timestamp '2023-01-01' + to_seconds(i), 'nv' || (i % 3), 'admin', 'load' "
            "from range(?) t(i)",
            [MILLION],
        )
    total = audit.count(crowded, actor="nv1")
    page = audit.read(crowded, actor="nv1", limit=200, offset=400)
    assert (
        total
        == db.query("select count(*) as n from raw.audit_log where actor = 'nv1'", path=crowded)[
            "n"
        ][0]
    )
    assert len(page) == 200 and page["audit_id"].is_monotonic_decreasing
    assert {"nv0", "nv1", "nv2"} <= set(audit.actors(crowded))
