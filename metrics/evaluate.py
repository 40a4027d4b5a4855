"""KPI evaluation: value, target, glide-path expectation, status, change and projection.

The rules (also in ``metrics/README.md``):

* value: the year-to-date value at the as-of month, aggregated as the registry says.
* baseline: the previous year's final value in the same scope (its December year-to-date),
  else the first month of this year that has data; flow counts and values that restart
  every January (``cumulative_within_year``) start from 0.
* expected(m) = baseline + (target − baseline) × m/12; a yearly count expects N × m/12,
  or N/4 per completed quarter; a yearly indicator expects the target itself.
* status: ``no_target`` without a target, ``no_data`` without a value, ``met`` once the
  target is reached (lower is better: at or below; a relative target must be strictly
  better); otherwise ratio = actual ÷ expected (lower is better: expected ÷ actual),
  ≥ on_track band → on_track, ≥ behind band → behind, else at_risk. When the value is
  final (a yearly indicator, or December), a missed target is never on_track.
  A lower-is-better count that accumulates over the year can only be ``met`` in December.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from data.catalog import load_registry
from data.catalog.indicators import (
    DEFAULT_STATUS_RULES,
    Indicator,
    Registry,
    StatusBands,
    StatusRule,
)
from metrics import common, labels
from metrics.common import DISTRICT, DbPath, is_missing
from metrics.yearly_targets import Target, TargetSet, load_targets, resolve, target_text

EDGE_TOLERANCE = 1e-9  # band edges are inclusive; this absorbs float rounding only

KPI_COLUMNS = [
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
    # additions beyond the published API
    "baseline",
    "ratio",
    "months",
    "target_type",
    "target_sample",
    "target_source",
    "value_month",  # the as-of month's own value (None for yearly indicators)
    "status_basis",  # what the status judges: "ytd" (year to date) or "year"
    "units_met",  # each_unit targets at district scope: scopes meeting the target so far
    "units_total",  # ... scopes judged
    "units_short",  # ... names of the scopes that do not, "; "-joined
    "published_on",  # yearly indexes: the day the year's value is published (else None)
    "completeness",  # district: "n/m" scopes with a value for the as-of month (else None)
    "scopes_missing",  # district: names of the scopes without one, "; "-joined
]


# --------------------------------------------------------------------------- pure rules


def performance_ratio(actual: float, expected: float, lower: bool) -> float:
    """Actual ÷ expected (expected ÷ actual when lower is better), safe at zero."""
    if lower:
        if actual <= 0:
            return math.inf if expected >= actual else 0.0
        return expected / actual if expected > 0 else 0.0
    if expected <= 0:
        return math.inf if actual >= expected else 0.0
    return actual / expected


def reached(value: float, target: float, lower: bool, strict: bool = False) -> bool:
    if strict:
        return value < target if lower else value > target
    return value <= target if lower else value >= target


def judge(
    value: float | None,
    target: float | None,
    expected: float | None,
    *,
    lower: bool,
    bands: StatusBands,
    strict: bool = False,
    final: bool = False,
    can_meet_early: bool = True,
    projection: float | None = None,
    rules: tuple[StatusRule, ...] = DEFAULT_STATUS_RULES,
) -> tuple[str, float | None]:
    """Status key and performance ratio of one KPI: the first of ``rules`` that holds.

    Args:
        value: the year-to-date value (None: no data).
        target: the resolved year-end target (None: no target).
        expected: where the path says the value should be now (None: the target).
        lower: lower is better.
        bands: the registry's status bands (named by the rules' ``min_ratio``).
        strict: the target must be beaten, not equalled (relative to last year).
        final: the year is closed for this value (December, or a yearly value).
        can_meet_early: False for a cap on a yearly count: met only once closed.
        projection: the year-end projection; None when unknown (then it does not count
            against the KPI).
        rules: the registry's ``status_rules``, in order.
    """
    if is_missing(target):
        return "no_target", None
    if is_missing(value):
        return "no_data", None
    basis = target if is_missing(expected) else expected
    ratio = performance_ratio(value, basis, lower)
    facts = {
        "reached": reached(value, target, lower, strict) and (can_meet_early or final),
        "closed": final,
        "projection_reaches": is_missing(projection) or reached(projection, target, lower, strict),
    }
    shown_ratio = None
    for rule in rules:
        if any(
            getattr(rule, name) is not None and getattr(rule, name) != facts[name] for name in facts
        ):
            continue
        floor = rule.ratio_floor(bands)
        if floor is not None and ratio < floor - EDGE_TOLERANCE:
            continue
        shown_ratio = None if rule.status == "met" else ratio
        return rule.status, shown_ratio
    return "at_risk", ratio


def glide(baseline: float, target: float, months: int) -> float:
    """Linear path from the baseline (month 0) to the target (month 12)."""
    return baseline + (target - baseline) * months / 12


def path_share(ind: Indicator, months: int, previous_ytd: list[float | None] = ()) -> float:
    """Share of the way from the baseline to the target expected after ``months`` months.

    The indicator's ``expected_path``: ``linear`` m/12; ``quarter_steps`` completed
    quarters / 4; ``half_year_steps`` completed halves / 2; ``previous_year_shape`` last
    year's year to date at month m ÷ its December (``typical_shares`` when last year is
    incomplete, else linear); ``obligation`` 1 (the target is due every month).

    Args:
        ind: the indicator.
        months: months of the plan year covered by the as-of date.
        previous_ytd: last year's year-to-date values, January to December.
    """
    if months <= 0:
        return 0.0
    months = min(months, 12)
    profile = ind.expected_path
    if profile == "obligation":
        return 1.0
    if profile == "quarter_steps":
        return (months // 3) / 4
    if profile == "half_year_steps":
        return (months // 6) / 2
    if profile == "previous_year_shape":
        last = list(previous_ytd or ())
        if len(last) == 12 and not any(is_missing(v) for v in last) and last[-1] > 0:
            return max(0.0, min(1.0, last[months - 1] / last[-1]))
        if ind.typical_shares:
            return ind.typical_shares[months - 1]
    return months / 12


def expected_value(
    ind: Indicator,
    target: Target,
    resolved: float | None,
    baseline: float | None,
    months: int,
    share: float | None = None,
) -> float | None:
    """Where the KPI should be after ``months`` months to reach ``resolved`` at year end.

    ``share``: ``path_share`` of the indicator (default: linear, m/12).
    """
    if is_missing(resolved) or months <= 0:
        return None
    if ind.is_yearly:
        return resolved
    share = months / 12 if share is None else share
    if target.type == "count_per_year" and target.per_quarter:
        return resolved * (months // 3) / 4
    if ind.is_flow_count:
        return resolved * share
    start = 0.0 if ind.cumulative_within_year else baseline
    if is_missing(start):
        return resolved
    return start + (resolved - start) * share


def project(
    ind: Indicator,
    value: float | None,
    baseline: float | None,
    months: int,
    share: float | None = None,
) -> float | None:
    """Year-end value at the pace so far, along the indicator's expected path.

    Flow rates keep their year-to-date rate; flow counts and stocks reach at year end what
    they have done so far ÷ the path's share (linear: × 12/m); a yearly value is final.
    Before a step profile's first step (share 0) there is no projection.
    """
    if is_missing(value) or months <= 0:
        return None
    if ind.is_yearly or ind.time_aggregation == "ratio_of_sums":
        return value
    share = months / 12 if share is None else share
    if share <= 0:
        return None
    if ind.is_flow_count:
        result = value / share
    else:
        start = 0.0 if ind.cumulative_within_year else baseline
        result = value if is_missing(start) else start + (value - start) / share
    if ind.range_min is not None:
        result = max(ind.range_min, result)
    if ind.range_max is not None:
        result = min(ind.range_max, result)
    return result


# --------------------------------------------------------------------------- data


def fetch(
    registry: Registry,
    year_from: int,
    year_to: int,
    as_of_end: dt.date,
    scope: str = DISTRICT,
    *,
    by_scope: bool = False,
    scope_type: str | None = None,
    db: DbPath = None,
) -> pd.DataFrame:
    """One query: per indicator, scope key, year and month, the month and year-to-date sums.

    ``value_ytd`` and ``value_month`` are the values to show: for a rate the database's
    ``rate_pct`` of the summed numerator and denominator (in percent), else the sum.
    """
    latest = [i.code for i in registry.indicators if i.time_aggregation in ("latest", "year_value")]
    district_value = [
        i.code for i in registry.indicators if i.scope_aggregation == "district_value"
    ]
    rates = [i.code for i in registry.indicators if i.is_rate]
    from_register = [i.code for i in registry.indicators if i.values_from == "register"]
    return common.run(
        "indicator_ytd",
        [
            year_from,
            year_to,
            as_of_end,
            None if scope == DISTRICT else scope,
            scope_type,
            by_scope,
            latest,
            district_value,
            rates,
            from_register,
        ],
        db,
    )


@dataclass
class _Series:
    """The rows of one indicator in one scope key, indexed by (year, month)."""

    rows: dict[tuple[int, int], tuple]

    def get(self, year: int, month: int):
        return self.rows.get((year, month))

    def ytd(self, year: int, month: int) -> float | None:
        row = self.get(year, month)
        return None if row is None or is_missing(row.value_ytd) else float(row.value_ytd)

    def first_month_value(self, year: int) -> float | None:
        for month in range(1, 13):
            row = self.get(year, month)
            if row is not None and row.month_scopes and not is_missing(row.value_month):
                return float(row.value_month)
        return None

    def last_month_with_data(self, year: int, upto: int) -> int | None:
        for month in range(upto, 0, -1):
            row = self.get(year, month)
            if row is not None and row.month_scopes:
                return month
        return None


def series_by_key(frame: pd.DataFrame) -> dict[tuple[str, str], _Series]:
    out: dict[tuple[str, str], _Series] = {}
    for row in common.records(frame):
        key = (row.indicator_code, row.scope_key)
        out.setdefault(key, _Series({})).rows[(row.year, row.month)] = row
    return out


def _num(value) -> float | None:
    return None if is_missing(value) else float(value)


def publication_date(ind: Indicator, year: int) -> dt.date | None:
    """The day ``year``'s value of a yearly index is published (None: no publication lag)."""
    if ind.published_after_months is None:
        return None
    months = 12 + ind.published_after_months
    return common.month_end(year + (months - 1) // 12, (months - 1) % 12 + 1)


def publication_dates(year: int, registry: Registry | None = None) -> dict[str, dt.date]:
    """Code → the day ``year``'s value is published, for every yearly index with a lag."""
    registry = registry or load_registry()
    return {
        i.code: day for i in registry.indicators if (day := publication_date(i, year)) is not None
    }


def published(ind: Indicator, year: int, as_of: dt.date | None) -> bool:
    """True when ``year``'s value of ``ind`` counts at ``as_of`` (always without a lag)."""
    day = publication_date(ind, year)
    return as_of is None or day is None or day <= as_of


def evaluate_one(
    ind: Indicator,
    series: _Series | None,
    year: int,
    months: int,
    target: Target,
    registry: Registry,
    as_of: dt.date | None = None,
) -> dict:
    """Evaluate one KPI in one scope; ``months`` = months of the year covered by the as-of.

    ``as_of``: the as-of date; a yearly index counts only once published by then
    (``published_after_months``). None: every value counts.
    """
    series = series or _Series({})
    if ind.is_yearly:
        lookup = 12 if months == 12 and published(ind, year, as_of) else None
        row = series.get(year, 12) if lookup else None
        value = _num(row.value_ytd) if row is not None else None
        previous_final = series.ytd(year - 1, 12) if published(ind, year - 1, as_of) else None
        baseline = previous_final
        previous = previous_final
        period = str(year)
    else:
        row = series.get(year, months) if months > 0 else None
        value = _num(row.value_ytd) if row is not None else None
        previous_final = series.ytd(year - 1, 12)
        if ind.is_flow_count or ind.cumulative_within_year:
            baseline = 0.0
        else:
            baseline = (
                previous_final if previous_final is not None else series.first_month_value(year)
            )
        if months > 1:
            previous = series.ytd(year, months - 1)
        elif months == 1 and not ind.cumulative_within_year and not ind.is_flow_count:
            previous = previous_final
        else:
            previous = None
        last = series.last_month_with_data(year, months) if months > 0 else None
        period = f"{year}-{last:02d}" if last else None
    resolved = resolve(target, ind, previous_final, baseline)
    share = path_share(ind, months, [series.ytd(year - 1, m) for m in range(1, 13)])
    if target.type == "count_per_year" and target.per_quarter:
        share = (min(months, 12) // 3) / 4  # the path is the quarterly cadence
    expected = expected_value(ind, target, resolved, baseline, months, share)
    final = ind.is_yearly or months >= 12
    projection = project(ind, value, baseline, months, share)
    status, ratio = judge(
        value,
        resolved,
        expected,
        lower=ind.lower_is_better,
        bands=registry.bands,
        strict=target.type == "relative_previous_year",
        final=final,
        can_meet_early=not (ind.is_flow_count and ind.lower_is_better),
        projection=projection,
        rules=registry.status_rules,
    )
    if target.type == "count_per_year" and target.per_quarter and status != "no_target":
        if quarters_missed(series, year, months, (resolved or 0) / 4):
            # A quarter that fell short is a breach the rest of the year cannot undo.
            status = "not_met" if final else "at_risk"
    if target.type == "none":
        status, ratio = "no_target", None
    return {
        "code": ind.code,
        "label": ind.label_vi,
        "label_en": ind.label_en,
        "group": ind.group,
        "kind": ind.kind,
        "unit": ind.unit,
        "format": ind.format,
        "direction": ind.direction,
        "headline": ind.headline,
        "period": period,
        "value": value,
        "numerator": _num(row.ytd_numerator) if row is not None and ind.is_rate else None,
        "denominator": _num(row.ytd_denominator) if row is not None and ind.is_rate else None,
        "target": resolved,
        "target_text": target_text(target, ind, year, resolved),
        "expected": expected,
        "status": status,
        "previous": previous,
        "change": None if value is None or previous is None else value - previous,
        "projection": projection,
        "baseline": baseline,
        "ratio": None if ratio is None or math.isinf(ratio) else ratio,
        "months": months,
        "target_type": target.type,
        "target_sample": target.sample,
        "target_source": target.source,
        "value_month": None
        if ind.is_yearly or row is None or not row.month_scopes
        else _num(row.value_month),
        "status_basis": "year" if ind.is_yearly else "ytd",
        "units_met": None,
        "units_total": None,
        "units_short": None,
        "published_on": publication_date(ind, year),
        "completeness": None,
        "scopes_missing": None,
    }


def quarters_missed(series: _Series, year: int, months: int, per_quarter: float) -> list[int]:
    """Completed quarters (1–4) in which the scope's own monthly values fall short.

    The quarterly cadence of a ``per_quarter`` count, checked quarter by quarter: a
    quarter's own values must add up to at least ``per_quarter``.
    """
    missed = []
    for quarter in range(1, months // 3 + 1):
        total = 0.0
        for month in range(3 * quarter - 2, 3 * quarter + 1):
            row = series.get(year, month)
            if row is not None and row.month_scopes and not is_missing(row.value_month):
                total += float(row.value_month)
        if total < per_quarter - EDGE_TOLERANCE:
            missed.append(quarter)
    return missed


def units_judged(ind: Indicator) -> list:
    """The scopes an ``each_unit`` target binds one by one, in catalog order."""
    units = sorted(common.units_by_code().values(), key=lambda u: common.unit_order()[u.code])
    return [u for u in units if common.registry_scope(u.code) in ind.scopes]


def each_unit_status(
    statuses: dict[str, str], final: bool, bands: StatusBands
) -> tuple[str, float | None, list[str]]:
    """District status of an ``each_unit`` target from each scope's own status.

    A scope meets the target so far when its status is met or on_track. Every scope met →
    met; the year closed otherwise → not_met; else the share of scopes meeting it against
    the status bands. Scopes without a target are left out.

    Returns:
        (status, share of scopes meeting it, codes of the scopes that do not).
    """
    judged = {c: s for c, s in statuses.items() if s != "no_target"}
    if not judged:
        return "no_target", None, []
    short = [c for c, s in judged.items() if s not in ("met", "on_track")]
    share = 1 - len(short) / len(judged)
    if all(s == "met" for s in judged.values()):
        return "met", share, short
    if final:
        return "not_met", share, short
    if share >= bands.on_track - EDGE_TOLERANCE:
        return "on_track", share, short
    if share >= bands.behind - EDGE_TOLERANCE:
        return "behind", share, short
    return "at_risk", share, short


def _judge_each_unit(
    row: dict,
    ind: Indicator,
    by_scope: dict[tuple[str, str], _Series],
    year: int,
    months: int,
    targets: TargetSet,
    registry: Registry,
) -> None:
    """Replace a district row's status by the share of scopes meeting their own target."""
    if row["status"] in ("no_target", "no_data"):
        return
    statuses = {}
    for unit in units_judged(ind):
        target = target_for(targets, ind.code, common.scope_kind(unit.code))
        one = evaluate_one(ind, by_scope.get((ind.code, unit.code)), year, months, target, registry)
        statuses[unit.code] = one["status"] if one["status"] != "no_data" else "at_risk"
    status, share, short = each_unit_status(statuses, ind.is_yearly or months >= 12, registry.bands)
    if status == "no_target":
        return
    judged = [c for c, s in statuses.items() if s != "no_target"]
    row.update(
        status=status,
        ratio=share,
        expected=None,  # each scope has its own path; the district's sum has none
        target_text=f"{row['target_text']}{labels.EACH_UNIT_SUFFIX}",
        units_met=len(judged) - len(short),
        units_total=len(judged),
        units_short="; ".join(common.unit_name(c) for c in short) or None,
    )


def _completeness(
    row: dict, ind: Indicator, by_scope: dict[tuple[str, str], _Series], year: int, months: int
) -> None:
    """Say on a district row how many reporting scopes have a value for the as-of month.

    The scopes that report the indicator are those with a row in this or last year; the
    others are named (yearly indexes: the year's value).
    """
    if ind.scope_aggregation == "district_value" or months <= 0:
        return
    month = 12 if ind.is_yearly else months
    order = common.unit_order()
    codes = sorted(
        {code for (c, code) in by_scope if c == ind.code}, key=lambda c: order.get(c, 10**6)
    )
    if not codes:
        return
    missing = []
    for code in codes:
        r = by_scope[(ind.code, code)].get(year, month)
        if r is None or not r.month_scopes:
            missing.append(common.unit_name(code))
    row["completeness"] = f"{len(codes) - len(missing)}/{len(codes)}"
    row["scopes_missing"] = "; ".join(missing) or None


def indicators_for_scope(registry: Registry, scope: str) -> list[Indicator]:
    """Indicators that can have a value in ``scope`` (all of them for the whole district)."""
    word = common.registry_scope(scope)
    if word is None:
        return list(registry.indicators)
    return [i for i in registry.indicators if word in i.scopes]


def target_for(targets: TargetSet, code: str, scope_kind: str) -> Target:
    target = targets.get(code)
    return target if target.applies_to(scope_kind) else Target(code=code)


def kpi_table(
    year: int,
    as_of: str | dt.date | None = None,
    scope: str = DISTRICT,
    db: DbPath = None,
    registry: Registry | None = None,
    targets: TargetSet | None = None,
) -> pd.DataFrame:
    """Every KPI of ``scope`` evaluated at ``as_of`` (see ``KPI_COLUMNS``)."""
    registry = registry or load_registry()
    targets = targets or load_targets(year)
    kind = common.scope_kind(scope)
    as_of_end = common.parse_as_of(as_of, year)
    months = common.months_covered(year, as_of_end)
    frame = fetch(registry, year - 1, year, as_of_end, scope, db=db)
    series = series_by_key(frame)
    rows = []
    by_scope = None
    for ind in indicators_for_scope(registry, scope):
        row = evaluate_one(
            ind,
            series.get((ind.code, "*")),
            year,
            months,
            target_for(targets, ind.code, kind),
            registry,
            as_of_end,
        )
        if scope == DISTRICT:
            if by_scope is None:
                by_scope = series_by_key(
                    fetch(registry, year - 1, year, as_of_end, by_scope=True, db=db)
                )
            if ind.target_applies == "each_unit":
                _judge_each_unit(row, ind, by_scope, year, months, targets, registry)
            _completeness(row, ind, by_scope, year, months)
        row["scope"] = scope
        rows.append(row)
    return pd.DataFrame(rows, columns=KPI_COLUMNS)


SERIES_COLUMNS = [
    "period_key",
    "month_start",
    "value",
    "value_ytd",
    "numerator",
    "denominator",
    "target",
    "expected",
]


def _series_frame(
    ind: Indicator,
    series: _Series,
    year: int,
    months: int,
    target: Target,
    registry: Registry,
) -> pd.DataFrame:
    """One indicator month by month, January..month ``months`` (see ``kpi_series``)."""
    final = evaluate_one(ind, series, year, months, target, registry)
    previous_ytd = [series.ytd(year - 1, m) for m in range(1, 13)]
    rows = []
    for month in range(1, months + 1):
        row = series.get(year, month)
        has_month = row is not None and row.month_scopes > 0
        rows.append(
            {
                "period_key": f"{year}-{month:02d}",
                "month_start": dt.date(year, month, 1),
                "value": _num(row.value_month) if has_month else None,
                "value_ytd": _num(row.value_ytd) if row is not None else None,
                "numerator": _num(row.month_numerator) if has_month and ind.is_rate else None,
                "denominator": _num(row.month_denominator) if has_month and ind.is_rate else None,
                "target": final["target"],
                "expected": expected_value(
                    ind,
                    target,
                    final["target"],
                    final["baseline"],
                    month,
                    path_share(ind, month, previous_ytd),
                ),
            }
        )
    return pd.DataFrame(rows, columns=SERIES_COLUMNS)


def kpi_series_many(
    codes: list[str],
    year: int,
    as_of: str | dt.date | None = None,
    scope: str = DISTRICT,
    db: DbPath = None,
    registry: Registry | None = None,
    targets: TargetSet | None = None,
) -> dict[str, pd.DataFrame]:
    """``kpi_series`` of several KPIs from one query: ``{code: frame}`` in the order given."""
    registry = registry or load_registry()
    targets = targets or load_targets(year)
    indicators = [registry.get(code) for code in codes]  # unknown codes fail before the query
    kind = common.scope_kind(scope)
    as_of_end = common.parse_as_of(as_of, year)
    months = common.months_covered(year, as_of_end)
    series = series_by_key(fetch(registry, year - 1, year, as_of_end, scope, db=db))
    return {
        ind.code: _series_frame(
            ind,
            series.get((ind.code, "*"), _Series({})),
            year,
            months,
            target_for(targets, ind.code, kind),
            registry,
        )
        for ind in indicators
    }


def kpi_series(
    code: str,
    year: int,
    as_of: str | dt.date | None = None,
    scope: str = DISTRICT,
    db: DbPath = None,
    registry: Registry | None = None,
    targets: TargetSet | None = None,
) -> pd.DataFrame:
    """One row per month January..as-of: the month's own value, year to date, target, path."""
    return kpi_series_many([code], year, as_of, scope, db, registry, targets)[code]


def kpi_by_ward(
    code: str,
    year: int,
    as_of: str | dt.date | None = None,
    db: DbPath = None,
    registry: Registry | None = None,
    targets: TargetSet | None = None,
) -> pd.DataFrame:
    """Year-to-date value and status of one KPI in each ward, best first."""
    registry = registry or load_registry()
    targets = targets or load_targets(year)
    ind = registry.get(code)
    columns = [
        "ward_code",
        "ward_name",
        "value",
        "numerator",
        "denominator",
        "target",
        "expected",
        "status",
        "previous",
        "change",
    ]
    if "ward" not in ind.scopes:
        return pd.DataFrame(columns=columns)
    as_of_end = common.parse_as_of(as_of, year)
    months = common.months_covered(year, as_of_end)
    frame = fetch(registry, year - 1, year, as_of_end, by_scope=True, scope_type="ward", db=db)
    series = series_by_key(frame)
    target = target_for(targets, code, "ward")
    rows = []
    for unit in (u for u in common.units_by_code().values() if u.kind == "ward"):
        r = evaluate_one(ind, series.get((code, unit.code)), year, months, target, registry)
        rows.append({"ward_code": unit.code, "ward_name": unit.name, **r})
    out = pd.DataFrame(rows)
    out["_order"] = out["ward_code"].map(common.unit_order())
    out = out.sort_values(
        ["value", "_order"], ascending=[ind.lower_is_better, True], na_position="last"
    )
    return out[columns].reset_index(drop=True)


def ward_month_matrix(
    code: str,
    year: int,
    as_of: str | dt.date | None = None,
    db: DbPath = None,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """Each ward's own value in each month (not cumulative): the heat-map of a KPI."""
    registry = registry or load_registry()
    registry.get(code)
    as_of_end = common.parse_as_of(as_of, year)
    frame = fetch(registry, year, year, as_of_end, by_scope=True, scope_type="ward", db=db)
    frame = frame[(frame["indicator_code"] == code) & (frame["month_scopes"] > 0)]
    names = {c: u.name for c, u in common.units_by_code().items()}
    order = common.unit_order()
    out = pd.DataFrame(
        {
            "ward_code": frame["scope_key"].to_numpy(),
            "ward_name": frame["scope_key"].map(names).to_numpy(),
            "month_start": [
                dt.date(y, m, 1) for y, m in zip(frame["year"], frame["month"], strict=True)
            ],
            "value": frame["value_month"].to_numpy(),
        }
    )
    out["_order"] = out["ward_code"].map(order)
    return out.sort_values(["_order", "month_start"]).drop(columns="_order").reset_index(drop=True)


def yearly_series(
    code: str,
    db: DbPath = None,
    registry: Registry | None = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """The final value of every year with data (PCI, DDCI … over the years) and its target.

    ``as_of``: a year's value counts only once published by then (``published_on``);
    None: every year with data.
    """
    registry = registry or load_registry()
    ind = registry.get(code)
    frame = fetch(registry, 1900, 9999, dt.date(9999, 12, 31), db=db)
    series = series_by_key(frame).get((code, "*"), _Series({}))
    years = sorted({y for (y, _m) in series.rows})
    rows = []
    for year in years:
        as_of_date = None if as_of is None else common.parse_as_of(as_of, year)
        if as_of_date is not None and not published(ind, year, as_of_date):
            continue
        r = evaluate_one(
            ind,
            series,
            year,
            12,
            target_for(load_targets(year), code, DISTRICT),
            registry,
            as_of_date,
        )
        rows.append(
            {
                "year": year,
                "value": r["value"],
                "target": r["target"],
                "status": r["status"],
                "published_on": r["published_on"],
            }
        )
    return pd.DataFrame(rows, columns=["year", "value", "target", "status", "published_on"])


def pci_subindices(
    year: int,
    db: DbPath = None,
    registry: Registry | None = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """The ten PCI sub-indices of ``year`` with last year's value, weakest first.

    ``as_of``: a year's values count only once published by then (None: always).
    """
    registry = registry or load_registry()
    subs = [i for i in registry.indicators if i.pci_subindex]
    frame = fetch(registry, year - 1, year, dt.date(9999, 12, 31), db=db)
    series = series_by_key(frame)
    as_of_date = None if as_of is None else common.parse_as_of(as_of, year)
    rows = []
    for ind in subs:
        s = series.get((ind.code, "*"), _Series({}))
        value = s.ytd(year, 12) if published(ind, year, as_of_date) else None
        previous = s.ytd(year - 1, 12) if published(ind, year - 1, as_of_date) else None
        rows.append(
            {
                "code": ind.code,
                "label": ind.label_vi,
                "value": value,
                "previous": previous,
                "change": None if value is None or previous is None else value - previous,
            }
        )
    out = pd.DataFrame(rows, columns=["code", "label", "value", "previous", "change"])
    return out.sort_values(["value", "code"], na_position="last").reset_index(drop=True)
