"""Shared plumbing of the metrics layer: named SQL files, as-of dates, scopes, unit order."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from data import catalog
from data.store import db as database

SQL_DIR = Path(__file__).parent / "sql"
DISTRICT = "district"  # the whole district: UBND Quận 1 office + every ward (+ offices)

DbPath = str | os.PathLike | None


class MetricsInputError(ValueError):
    """A request a person can get wrong (a bad month or scope); the message is Vietnamese."""


@lru_cache(maxsize=32)
def sql(name: str) -> str:
    """Text of ``metrics/sql/<name>.sql`` (read once per process)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


RESULT_MEMO_SIZE = 64  # named-query results kept per process (least recently used dropped)
_memo: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_memo_lock = threading.Lock()


def _key_part(value):
    """A hashable form of a query parameter (lists become tuples)."""
    return tuple(value) if isinstance(value, list | tuple) else value


def run(name: str, params: list, db: DbPath = None) -> pd.DataFrame:
    """Run a named SQL file with positional ``?`` parameters through the one database door.

    Results are kept per data version (``data.store.db.data_version``): one page, briefing
    or report asks several functions for numbers that come from the same query (the four
    status questions, a KPI table and its series, each ward view of one month), and a
    query costs a connection and a scan while a copy costs microseconds. Each caller gets
    its own copy, free to change.
    """
    version = database.data_version(db)
    key = (name, tuple(_key_part(p) for p in params), version)
    with _memo_lock:
        hit = _memo.get(key)
        if hit is not None:
            _memo.move_to_end(key)
            return hit.copy()
    frame = database.query(sql(name), params, database.db_path(db))
    if version.file is None:
        # The query created the database file: its version is only known now.
        return frame
    with _memo_lock:
        _memo[key] = frame.copy()
        while len(_memo) > RESULT_MEMO_SIZE:
            _memo.popitem(last=False)
    return frame


def clear_memo() -> None:
    """Forget every stored query result (the next call of each query reads the database)."""
    with _memo_lock:
        _memo.clear()


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_as_of(as_of: str | dt.date | None, year: int) -> dt.date:
    """The as-of date: a ``YYYY-MM`` string means that month's last day; None means 31/12."""
    if as_of is None or as_of == "":
        return dt.date(year, 12, 31)
    if isinstance(as_of, pd.Timestamp):
        return as_of.date()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    text = str(as_of)
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return month_end(int(match.group(1)), int(match.group(2)))
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise MetricsInputError(
            f"Tháng tính đến '{text}' không hợp lệ: ghi theo dạng YYYY-MM, ví dụ {year}-06."
        ) from None


def months_covered(year: int, as_of: dt.date) -> int:
    """How many months of ``year`` have ended by ``as_of`` (0..12).

    A month counts when its last day is on or before ``as_of`` (a ``YYYY-MM`` as-of is that
    month's last day), the same rule that makes a month's values visible.
    """
    if as_of.year > year:
        return 12
    if as_of.year < year:
        return 0
    return as_of.month if as_of == month_end(year, as_of.month) else as_of.month - 1


@lru_cache(maxsize=4)
def units_by_code() -> dict[str, catalog.Unit]:
    return {u.code: u for u in catalog.load_units()}


@lru_cache(maxsize=4)
def unit_order() -> dict[str, int]:
    """Catalog order: district office, offices, collective, external, wards as listed."""
    rank = {"district": 0, "office": 1, "collective": 2, "external": 3, "ward": 4}
    units = catalog.load_units()
    return {u.code: rank.get(u.kind, 9) * 1000 + i for i, u in enumerate(units)}


def unit_name(code: str) -> str:
    if code == catalog.ALL_WARDS:
        return "UBND 10 phường"
    if code == catalog.ALL_UNITS:
        return "Các cơ quan, đơn vị"
    unit = units_by_code().get(code)
    return unit.name if unit else code


def scope_kind(scope: str) -> str:
    """``district`` (whole district), ``office`` (UBND Quận 1 office or a department), ``ward``."""
    if scope == DISTRICT:
        return DISTRICT
    unit = units_by_code().get(scope)
    if unit is None:
        raise MetricsInputError(
            f"Phạm vi '{scope}' không có trong danh mục: dùng 'district' (toàn quận), "
            "mã UBND Quận 1, mã phường (ví dụ BN) hoặc mã phòng, ban."
        )
    return "ward" if unit.kind == "ward" else "office"


def registry_scope(scope: str) -> str | None:
    """The registry's scope word for a single scope: district (Q1 office), ward or unit."""
    if scope == DISTRICT:
        return None
    unit = units_by_code()[scope]
    if unit.kind == "district":
        return "district"
    return "ward" if unit.kind == "ward" else "unit"


def plan_start(year: int) -> dt.date:
    """When the plan's clock starts: its issue date, else 1 January."""
    try:
        return catalog.load_plan(year).issued_date
    except (FileNotFoundError, KeyError):
        return dt.date(year, 1, 1)


def is_missing(value) -> bool:
    """None, NaN, NA or NaT (scalars only)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def records(frame: pd.DataFrame) -> list[SimpleNamespace]:
    """Rows as plain objects: much faster to loop over than ``itertuples`` on Arrow columns."""
    return [SimpleNamespace(**row) for row in frame.to_dict("records")]


def as_date(value) -> dt.date | None:
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()
