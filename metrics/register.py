"""Register values against reported ones, and the late dossiers behind an overdue count.

The monthly values derived from the dossier register live in ``marts.register_month``
(data/store/schema.sql documents which date places a dossier in a month); which source a
KPI uses is the registry's ``values_from`` (metrics/evaluate.py). This module answers the
Đối chiếu hồ sơ page: where a unit's own report and the register disagree, and which
dossiers an overdue count is made of, paged in the database.
"""

from __future__ import annotations

import pandas as pd

from data import catalog
from metrics import common
from metrics.common import DISTRICT, DbPath

PAGE_ROWS = 200


def reconciliation(
    year: int,
    as_of: str | None = None,
    db: DbPath = None,
    only_gaps: bool = True,
) -> pd.DataFrame:
    """Reported against register values per indicator, scope and month; largest gaps first.

    Args:
        year: Plan year.
        as_of: ``YYYY-MM``: months up to this one (default: the whole year).
        db: Database path.
        only_gaps: Keep only the rows where the two sources differ.

    Returns:
        One row per indicator, scope and month where both sources have a value: the
        reported and register numerator, denominator and value, ``difference`` (register
        minus reported) and ``gap`` (its size), with the indicator's label and format.
    """
    as_of_end = common.parse_as_of(as_of, year)
    frame = common.run("register_reconciliation", [year, as_of_end], db)
    if only_gaps:
        frame = frame[frame["gap"] > 1e-9]
    registry = catalog.load_registry().by_code()
    frame = frame.assign(
        indicator_label=frame["indicator_code"].map(lambda c: registry[c].label_vi),
        format=frame["indicator_code"].map(lambda c: registry[c].format),
    )
    return frame.reset_index(drop=True)


def overdue_dossiers(
    year: int,
    as_of: str,
    scope: str = DISTRICT,
    words: str | None = None,
    apology: bool | None = None,
    page: int = 1,
    db: DbPath = None,
    page_rows: int | None = PAGE_ROWS,
) -> tuple[pd.DataFrame, int]:
    """One page of the dossiers resolved late in the as-of month, and how many match.

    Unfiltered, the count equals the register's ``hs_tre_han`` of that scope and month.
    Filtering and paging run in the database; ``page_rows=None`` returns every match
    (the download).
    """
    month_start = common.parse_as_of(as_of, year).replace(day=1)
    words = (words or "").strip() or None
    limit = page_rows if page_rows is not None else 2**62
    offset = (max(page, 1) - 1) * (page_rows or 0)
    frame = common.run(
        "register_overdue_page",
        [month_start, None if scope == DISTRICT else scope, words, apology, limit, offset],
        db,
    )
    total = int(frame["matched_total"].iloc[0]) if not frame.empty else 0
    return frame.drop(columns="matched_total"), total
