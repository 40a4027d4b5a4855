"""One rate: the database's ``rate_pct`` macro, and the checks' mirror proven equal to it."""

from __future__ import annotations

import math

import pytest

from checks.suites import rate_pct
from data.store import db

# (numerator, denominator, percent or None): the edges the three former copies agreed on.
CASES = [
    (0.0, 0.0, None),  # 0/0: no rate
    (5.0, 0.0, None),  # x/0: no rate
    (5.0, -2.0, None),  # a negative denominator is refused by the checks, never a rate
    (None, 4.0, None),
    (4.0, None, None),
    (None, None, None),
    (0.0, 5.0, 0.0),
    (1.0, 3.0, 100 / 3),
    (2.0, 3.0, 200 / 3),
    (955.0, 1000.0, 95.5),
    (7.0, 7.0, 100.0),  # 100%
    (8.0, 7.0, 800 / 7),  # above 100%: refused by the checks, still computed
    (1234567.0, 1234568.0, 123456700 / 1234568),
]


@pytest.fixture(scope="module")
def sql_rates(tmp_path_factory) -> list:
    """``rate_pct`` of every case, computed by DuckDB in a fresh warehouse."""
    path = db.initialise(tmp_path_factory.mktemp("rate") / "kpi.duckdb")
    values = ", ".join(
        f"({i}, {'null' if n is None else n}::double, {'null' if d is None else d}::double)"
        for i, (n, d, _) in enumerate(CASES)
    )
    frame = db.query(
        f"select i, rate_pct(n, d) as rate from (values {values}) as t(i, n, d) order by i",
        path=path,
    )
    return [None if math.isnan(v) else v for v in frame["rate"]]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_sql_rate_has_the_agreed_semantics(sql_rates, index):
    """Test NULL for 0/0, x/0, a negative or missing side; percent otherwise."""
    expected = CASES[index][2]
    if expected is None:
        assert sql_rates[index] is None
    else:
        assert sql_rates[index] == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_checks_mirror_equals_the_sql_macro_exactly(sql_rates, index):
    """Test that the checks' ``rate_pct`` returns the macro's value to the last bit."""
    numerator, denominator, _ = CASES[index]
    mirror = rate_pct(
        float("nan") if numerator is None else numerator,
        float("nan") if denominator is None else denominator,
    )
    if sql_rates[index] is None:
        assert math.isnan(mirror)
    else:
        assert mirror == sql_rates[index]


def test_a_file_written_before_the_macro_is_brought_up_to_date(tmp_path):
    """Test that a query naming ``rate_pct`` on an older file updates its schema first."""
    path = db.initialise(tmp_path / "old.duckdb")
    with db.writer(path) as con:
        con.execute("drop macro rate_pct")
        con.execute("update raw.meta set value = 'older schema' where key = 'catalog'")
    assert db.query("select rate_pct(1, 4) as rate", path=path)["rate"].tolist() == [25.0]


def test_an_unknown_name_still_fails(tmp_path):
    """Test that a query naming something that does not exist fails after the update."""
    import duckdb

    path = db.initialise(tmp_path / "kpi.duckdb")
    with pytest.raises(duckdb.CatalogException):
        db.query("select * from marts.no_such_view", path=path)
