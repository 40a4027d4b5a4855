"""Test the Đối chiếu hồ sơ page under AppTest on the sample database."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, nav, state, text
from metrics import api
from metrics.format import fmt_value
from tests.conftest import ROOT
from tests.dashboard.pages import switch_to

APP = str(ROOT / "dashboard" / "app.py")
PAGE = next(p for p in nav.pages() if p.url_path == "doi-chieu-ho-so")


@pytest.fixture
def page(sample_db, monkeypatch) -> AppTest:
    """The page opened by the demo admin on the sample database."""
    monkeypatch.setenv("KPI_DEMO", "1")
    monkeypatch.delenv("KPI_READ_ONLY", raising=False)
    monkeypatch.delenv("KPI_USERS", raising=False)
    monkeypatch.setenv("KPI_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[auth.USER_KEY] = "demo.admin"
    at.session_state[auth.SIGNED_IN_AT_KEY] = dt.datetime.now()
    switch_to(at, PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, header: str):
    return next(t.value for t in [*at.table, *at.dataframe] if header in t.value.columns)


def test_gaps_show_the_planted_differences(page, sample_db):
    """Test that the sample's deliberate differences are listed, as many as metrics says."""
    gaps = api.reconciliation(2023, "2023-12", db=sample_db)
    assert {("CK", "2023-05", "hs_truc_tuyen"), ("CK", "2023-10", "ttdt_tthc")} <= set(
        zip(gaps["scope_code"], gaps["period_key"], gaps["indicator_code"], strict=True)
    )
    shown = _table(page, "Chênh lệch (sổ − báo cáo)")
    assert len(shown) == min(len(gaps), 50)


def test_overdue_card_equals_the_list_behind_it(page, sample_db):
    """Test that the overdue card reads the count of the list under it, and filters bite."""
    frame, total = api.overdue_dossiers(2023, "2023-12", db=sample_db)
    assert total > 0
    assert {m.label: m.value for m in page.metric}[text.REG_OVERDUE_CARD] == fmt_value(
        total, "integer"
    )
    assert len(_table(page, "Số ngày trễ")) == total
    page.text_input(key="reg_search").set_value("không có thủ tục này").run()
    assert any(text.REG_NONE_OVERDUE in i.value for i in page.info)


def test_apology_filter_lives_in_the_url_and_narrows_the_list(page, sample_db):
    """Test that choosing "no apology" writes ``xin_loi`` to the URL and keeps only those."""
    _, total = api.overdue_dossiers(2023, "2023-12", db=sample_db)
    _, without = api.overdue_dossiers(2023, "2023-12", apology=False, db=sample_db)
    page.selectbox(key=state.PARAMS["xin_loi"].key).set_value("not_sent").run()
    assert not page.exception, [e.value for e in page.exception]
    assert page.query_params["xin_loi"] == "not_sent"
    if without:
        assert len(_table(page, "Số ngày trễ")) == without < total
    else:
        assert any(text.REG_NONE_OVERDUE in i.value for i in page.info)
