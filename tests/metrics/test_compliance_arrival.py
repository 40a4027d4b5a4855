"""Reporting compliance counts from when a report arrived; a refused report is returned.

Q1 2023 is due on 28/02/2023. Each case below is one unit's Q1 report: the date typed in
"Ngày báo cáo", when the file reached the district, and what the status must be.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from data.catalog import columns
from data.intake import arrivals
from data.store.ingest import ingest_paths
from metrics import api

D, T = dt.date, dt.datetime
HEADER = ("unit", "period", "year", "task", "status", "percent_complete", "report_date")

# unit, task it leads, typed report date, arrival(s) with percentages, expected status,
# expected arrival date, expected declared date.
CASES = [
    # Typed before the deadline, arrived after it (backdated): late by arrival.
    ("NV", "1", D(2023, 2, 20), [(T(2023, 3, 3, 9), 20)], "late", D(2023, 3, 3), D(2023, 2, 20)),
    # Typed after the deadline, arrived before it: on time by arrival.
    (
        "BN",
        "14",
        D(2023, 3, 5),
        [(T(2023, 2, 27, 16), 30)],
        "on_time",
        D(2023, 2, 27),
        D(2023, 3, 5),
    ),
    # Arrived on the due date itself, at 23:59: on time.
    (
        "BT",
        "14",
        D(2023, 2, 28),
        [(T(2023, 2, 28, 23, 59), 30)],
        "on_time",
        D(2023, 2, 28),
        D(2023, 2, 28),
    ),
    # Every row refused (150 %): returned, with its arrival date; not missing.
    ("DK", "14", D(2023, 2, 25), [(T(2023, 2, 25, 10), 150)], "returned", D(2023, 2, 25), None),
    # Refused first, corrected later: counts from the corrected file's arrival.
    (
        "TD",
        "14",
        D(2023, 2, 25),
        [(T(2023, 2, 25, 10), 150), (T(2023, 3, 2, 8), 40)],
        "late",
        D(2023, 3, 2),
        D(2023, 2, 25),
    ),
    # Nothing at all: missing.
    ("CK", None, None, [], "missing", None, None),
]


def _write(path, unit: str, task: str, typed: dt.date, percent: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append([columns.PROGRESS_INPUT[k] for k in HEADER])
    ws.append([unit, "Quý I", 2023, task, "Đang triển khai", percent, typed])
    wb.save(path)


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("arrival")
    files, times = [], {}
    for unit, task, typed, sends, *_ in CASES:
        for n, (arrived, percent) in enumerate(sends):
            path = folder / f"q1_{unit}_{n}.xlsx"
            _write(path, unit, task, typed, percent)
            files.append(path)
            times[path.name] = arrived
    db_file = folder / "w.duckdb"
    ingest_paths(files, db_file, archive=folder / "archive", arrivals=times)
    return api.compliance_table(2023, "2023-03", db=db_file).set_index("unit_code"), db_file


@pytest.mark.parametrize(
    "unit, status, arrived, declared",
    [(c[0], c[4], c[5], c[6]) for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_status_by_arrival(table, unit, status, arrived, declared):
    """Test that the status, arrival date and declared date of each case are as written."""
    row = table[0].loc[unit]
    assert row["status"] == status
    assert row["received_date"] == arrived
    assert row["declared_date"] == declared


def test_days_late_count_from_arrival(table):
    """Test that NV, typed 20/02 but arrived 03/03, is 3 days late (after 28/02)."""
    assert table[0].loc["NV", "days_late"] == 3


def test_returned_is_received_not_missing(table):
    """Test the counts: DK returned counts as received, not as missing or to remind."""
    view = api.compliance_view(2023, "2023-03", db=table[1])
    units = {"NV", "BN", "BT", "DK", "TD", "CK"}
    rows = view.rows[view.rows["unit_code"].isin(units)]
    assert sorted(rows["status"]) == sorted(c[4] for c in CASES)
    assert list(view.returned["unit_code"]) == ["DK"]
    assert "DK" not in set(view.missing["unit_code"])
    counts = view.counts
    assert counts["received"] == counts["expected"] - counts["missing"]
    assert counts["returned"] == 1


def test_arrival_after_as_of_does_not_count(table):
    """Test that at 01/03 the reports that arrived on 02/03 and 03/03 are not yet in."""
    early = api.compliance_table(2023, dt.date(2023, 3, 1), db=table[1]).set_index("unit_code")
    assert early.loc["NV", "status"] == "missing"
    assert early.loc["TD", "status"] == "returned"  # only the refused file had arrived


NOW = T(2026, 12, 1, 12)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05/04/2023 09:15", T(2023, 4, 5, 9, 15)),
        ("05/04/2023", T(2023, 4, 5)),
        ("2023-04-05 09:15", T(2023, 4, 5, 9, 15)),
        ("2023-04-05T09:15:30", T(2023, 4, 5, 9, 15, 30)),
        (" 31/12/2023 23:59 ", T(2023, 12, 31, 23, 59)),
    ],
)
def test_parse_time(text, expected):
    """Test the arrival-time formats a person may write."""
    assert arrivals.parse_time(text, NOW) == expected


@pytest.mark.parametrize(
    "text, words",
    [
        ("32/01/2023", "không đọc được"),
        ("hôm qua", "không đọc được"),
        ("01/01/2027 08:00", "tương lai"),
    ],
)
def test_parse_time_refuses(text, words):
    """Test that an unreadable or future time is refused with a sentence saying so."""
    with pytest.raises(arrivals.ArrivalError, match=words):
        arrivals.parse_time(text, NOW)


@pytest.mark.parametrize(
    "content, expected",
    [
        ('a.xlsx: "05/04/2023 09:15"\nb.csv: 2023-04-06 10:00:00\n', {"a.xlsx", "b.csv"}),
        ("# chỉ có chú thích\n", None),
        ('a.xlsx: "ngày mai"\n', "a.xlsx"),
        ("- a.xlsx\n", None),
    ],
)
def test_read_arrivals(tmp_path, content, expected):
    """Test an arrivals file: names to times, or a message naming the bad line."""
    path = tmp_path / "den.yaml"
    path.write_text(content, encoding="utf-8")
    if isinstance(expected, set):
        assert set(arrivals.read_arrivals(path, NOW)) == expected
        return
    with pytest.raises(arrivals.ArrivalError) as err:
        arrivals.read_arrivals(path, NOW)
    assert path.name in str(err.value)
    if expected:
        assert expected in str(err.value)
