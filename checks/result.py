"""Shared result types of reading and checking an input file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowIssue:
    """One problem with one cell (or one whole row) of a submitted file.

    Attributes:
        row: Row number as the person sees it in Excel (1-based, header rows counted);
            None for a problem of the whole file.
        column: Column header as written in the file (or the canonical name when the
            column is missing); None when the problem is the whole row.
        value: The offending value as text; None when empty.
        reason: Vietnamese sentence: what is wrong and what to do.
    """

    row: int | None
    column: str | None
    value: str | None
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


class FileRejected(Exception):
    """The whole file cannot be loaded (structural failure); nothing of it loads."""

    def __init__(self, reason: str, issues: list[RowIssue] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.issues = issues or [RowIssue(None, None, None, reason)]


@dataclass(frozen=True)
class IndicatorSpec:
    """What the checks need to know about one indicator (a slice of the registry)."""

    code: str
    kind: str  # rate | count | score | rank | amount
    period_type: str  # month | quarter | year
    scopes: tuple[str, ...]  # subset of ("district", "ward", "unit")
    min_value: float | None = None
    max_value: float | None = None
    # A rate that may be given as a bare percentage (no numerator and denominator).
    accepts_bare_percent: bool = False
    plausible_max: float | None = None  # counts: the value; rates: numerator and denominator


@dataclass(frozen=True)
class ReferenceSets:
    """Known values an input file is checked against.

    Attributes:
        year: Plan year; every period must fall inside it (indicator files may also
            carry earlier years for yearly indicators listed in ``history_years``).
        unit_codes: Codes of units that may submit progress reports (offices and wards).
        ward_codes: Codes of the wards.
        district_code: Code of the district-level office scope (e.g. "Q1").
        office_codes: Codes of offices allowed as an indicator scope.
        task_ids: Task ids of the plan (e.g. "1", "22", "22.1", "24a").
        period_codes: Reporting period codes of progress reports (Q1, H1, 9M, Y).
        indicators: Indicator specs by code.
        history_years: Earlier years accepted for yearly indicators (PCI, DDCI trends).
        words: In-sentence words of the catalog's vocabularies (``scope_kind``,
            ``period_type``, ``indicator_kind``, ``input_kind``, and the ``report_status`` keys
            a progress report may hold): key -> word.
    """

    year: int
    unit_codes: frozenset[str]
    ward_codes: frozenset[str]
    district_code: str
    office_codes: frozenset[str]
    task_ids: frozenset[str]
    period_codes: frozenset[str]
    indicators: dict[str, IndicatorSpec] = field(default_factory=dict)
    history_years: frozenset[int] = frozenset()
    words: dict[str, dict[str, str]] = field(default_factory=dict)
