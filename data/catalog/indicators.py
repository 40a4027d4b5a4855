"""The indicator registry (``indicators.yaml``) as typed, immutable models, and its rules.

Loading is lenient (a missing field becomes ``None``) so that ``validate_registry`` can
name every bad entry at once instead of stopping at the first one. Each rule is a small
function that returns messages of the form ``indicator `x`: what is wrong``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

KINDS = ("rate", "count", "score", "rank", "amount")
DIRECTIONS = ("higher", "lower")
PERIOD_TYPES = ("month", "quarter", "year")
SCOPES = ("district", "ward", "unit")
SOURCES = ("reported", "register")
SCOPE_AGGREGATIONS = ("ratio_of_sums", "sum", "district_value")
TIME_AGGREGATIONS = ("ratio_of_sums", "sum", "latest", "year_value")
FORMATS = ("percent", "integer", "decimal1", "decimal2", "rank", "money")
REQUIRED = (
    "code",
    "label_vi",
    "label_en",
    "group",
    "kind",
    "unit",
    "direction",
    "period_type",
    "scopes",
    "scope_aggregation",
    "time_aggregation",
    "format",
)


@dataclass(frozen=True)
class Indicator:
    """One indicator of the registry (see the field list at the top of the YAML file)."""

    code: str
    label_vi: str
    label_en: str
    group: str
    kind: str
    unit: str
    direction: str
    period_type: str
    scopes: tuple[str, ...]
    scope_aggregation: str
    time_aggregation: str
    format: str
    numerator_label: str | None = None
    denominator_label: str | None = None
    range_min: float | None = None
    range_max: float | None = None
    plausible_max: float | None = None
    headline: bool = False
    tasks: tuple[str, ...] = ()
    source: str | None = None
    definition: str | None = None
    data_source: str | None = None
    formula: str | None = None
    pci_subindex: bool = False
    cumulative_within_year: bool = False
    accepts_bare_percent: bool = False
    expected_path: str = "linear"
    typical_shares: tuple[float, ...] = ()
    target_applies: str = "district_total"
    published_after_months: int | None = None
    values_from: str = "reported"
    missing: tuple[str, ...] = ()  # required fields absent from the entry

    @property
    def formula_text(self) -> str | None:
        """How a value is computed, as people read it: ``formula``, else a rate's parts."""
        if self.formula:
            return self.formula
        if self.is_rate and self.numerator_label and self.denominator_label:
            return f"{self.numerator_label} ÷ {self.denominator_label} × 100%"
        return None

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"

    @property
    def lower_is_better(self) -> bool:
        return self.direction == "lower"

    @property
    def is_yearly(self) -> bool:
        return self.time_aggregation == "year_value"

    @property
    def is_flow_count(self) -> bool:
        """Counts that accumulate over the year (dossiers, dialogues): they start at 0."""
        return self.time_aggregation == "sum"


@dataclass(frozen=True)
class StatusBands:
    """Thresholds on actual ÷ expected (expected ÷ actual when lower is better)."""

    on_track: float = 0.95
    behind: float = 0.85


@dataclass(frozen=True)
class StatusRule:
    """One row of ``status_rules``: the status given when every stated condition holds.

    Conditions left out (None) do not matter. ``min_ratio`` is a band name of
    ``status_bands`` (``on_track``, ``behind``) or a number.
    """

    status: str
    reached: bool | None = None
    closed: bool | None = None
    projection_reaches: bool | None = None
    min_ratio: str | float | None = None

    def ratio_floor(self, bands: StatusBands) -> float | None:
        """``min_ratio`` as a number (a band name read from ``bands``)."""
        if self.min_ratio is None or isinstance(self.min_ratio, float):
            return self.min_ratio
        return getattr(bands, str(self.min_ratio))


STATUS_RULE_CONDITIONS = ("reached", "closed", "projection_reaches")
DEFAULT_STATUS_RULES = (
    StatusRule("met", reached=True),
    StatusRule("not_met", closed=True),
    StatusRule("on_track", min_ratio="on_track", projection_reaches=True),
    StatusRule("behind", min_ratio="behind"),
    StatusRule("at_risk"),
)


@dataclass(frozen=True)
class GroupRule:
    """How the overall status of a solution group is decided (see the YAML comment)."""

    task_statuses: tuple[str, ...] = ("overdue", "behind", "not_reported")
    behind_share: float = 0.20
    at_risk_share: float = 0.40


@dataclass(frozen=True)
class Registry:
    """Every indicator, the status bands and the task and group rules."""

    indicators: tuple[Indicator, ...]
    bands: StatusBands = StatusBands()
    task_behind_points: float = 15.0
    group_rule: GroupRule = GroupRule()
    status_rules: tuple[StatusRule, ...] = DEFAULT_STATUS_RULES
    path: str = ""
    basis_plan_year: int | None = None  # the plan whose sections ``source`` quotes

    def get(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(f"unknown indicator `{code}`")

    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


def _float(value) -> float | None:
    return None if value is None else float(value)


def _indicator(entry: dict) -> Indicator:
    rng = entry.get("range") or {}
    return Indicator(
        code=str(entry.get("code") or ""),
        label_vi=entry.get("label_vi"),
        label_en=entry.get("label_en"),
        group=entry.get("group"),
        kind=entry.get("kind"),
        unit=entry.get("unit"),
        direction=entry.get("direction"),
        period_type=entry.get("period_type"),
        scopes=tuple(entry.get("scopes") or ()),
        scope_aggregation=entry.get("scope_aggregation"),
        time_aggregation=entry.get("time_aggregation"),
        format=entry.get("format"),
        numerator_label=entry.get("numerator_label"),
        denominator_label=entry.get("denominator_label"),
        range_min=_float(rng.get("min")),
        range_max=_float(rng.get("max")),
        plausible_max=_float(entry.get("plausible_max")),
        headline=bool(entry.get("headline", False)),
        tasks=tuple(str(t) for t in entry.get("tasks") or ()),
        source=entry.get("source"),
        definition=entry.get("definition"),
        data_source=entry.get("data_source"),
        formula=entry.get("formula"),
        pci_subindex=bool(entry.get("pci_subindex", False)),
        cumulative_within_year=bool(entry.get("cumulative_within_year", False)),
        accepts_bare_percent=bool(entry.get("accepts_bare_percent", False)),
        expected_path=str(entry.get("expected_path") or "linear"),
        typical_shares=tuple(float(v) for v in entry.get("typical_shares") or ()),
        target_applies=str(entry.get("target_applies") or "district_total"),
        published_after_months=None
        if entry.get("published_after_months") is None
        else int(entry["published_after_months"]),
        values_from=str(entry.get("values_from") or "reported"),
        missing=tuple(f for f in REQUIRED if entry.get(f) in (None, "", [])),
    )


def _status_rule(entry: dict) -> StatusRule:
    ratio = entry.get("min_ratio")
    if ratio is not None and not isinstance(ratio, str):
        ratio = float(ratio)
    flags = {k: (None if entry.get(k) is None else bool(entry[k])) for k in STATUS_RULE_CONDITIONS}
    return StatusRule(status=str(entry.get("status") or ""), min_ratio=ratio, **flags)


def parse_registry(doc: dict, path: str = "") -> Registry:
    """Build a Registry from the parsed YAML document."""
    bands = doc.get("status_bands") or {}
    task = doc.get("task_status") or {}
    rule = doc.get("group_status_rule") or {}
    return Registry(
        indicators=tuple(_indicator(e or {}) for e in doc.get("indicators") or ()),
        bands=StatusBands(
            on_track=float(bands.get("on_track", 0.95)), behind=float(bands.get("behind", 0.85))
        ),
        task_behind_points=float(task.get("behind_points", 15)),
        group_rule=GroupRule(
            task_statuses=tuple(rule.get("task_statuses") or ("overdue", "behind", "not_reported")),
            behind_share=float(rule.get("behind_share", 0.20)),
            at_risk_share=float(rule.get("at_risk_share", 0.40)),
        ),
        status_rules=tuple(_status_rule(e or {}) for e in doc["status_rules"])
        if doc.get("status_rules")
        else DEFAULT_STATUS_RULES,
        path=path,
        basis_plan_year=int(doc["basis_plan_year"]) if doc.get("basis_plan_year") else None,
    )


# --------------------------------------------------------------------------- rules

Rule = Callable[[Registry], list[str]]


def _name(ind: Indicator) -> str:
    return f"indicator `{ind.code or '?'}`"


def rule_required_fields(reg: Registry) -> list[str]:
    return [f"{_name(i)}: missing field `{f}`" for i in reg.indicators for f in i.missing]


def rule_unique_codes(reg: Registry) -> list[str]:
    seen: set[str] = set()
    out = []
    for ind in reg.indicators:
        if ind.code in seen:
            out.append(f"{_name(ind)}: code is used by more than one entry")
        seen.add(ind.code)
    return out


def rule_unique_labels(reg: Registry) -> list[str]:
    out = []
    for field in ("label_vi", "label_en"):
        owner: dict[str, str] = {}
        for ind in reg.indicators:
            label = getattr(ind, field)
            if not label:
                continue
            key = " ".join(str(label).casefold().split())
            if key in owner:
                out.append(
                    f"{_name(ind)}: {field} '{label}' is already used by indicator `{owner[key]}`"
                )
            else:
                owner[key] = ind.code
    return out


def _allowed(field: str, allowed: tuple[str, ...]) -> Rule:
    def rule(reg: Registry) -> list[str]:
        return [
            f"{_name(i)}: unknown {field} '{getattr(i, field)}' (expected one of {', '.join(allowed)})"
            for i in reg.indicators
            if getattr(i, field) is not None and getattr(i, field) not in allowed
        ]

    rule.__name__ = f"rule_known_{field}"
    return rule


def rule_known_scopes(reg: Registry) -> list[str]:
    return [
        f"{_name(i)}: unknown scope '{s}' (expected one of {', '.join(SCOPES)})"
        for i in reg.indicators
        for s in i.scopes
        if s not in SCOPES
    ]


# A definition is read in a popover beside the indicator: a sentence, not a paragraph.
DEFINITION_MAX_CHARS = 160


def rule_meaning(reg: Registry) -> list[str]:
    """Every indicator says what it measures, where its figures come from and how."""
    out = []
    for ind in reg.indicators:
        for field in ("definition", "data_source"):
            if not str(getattr(ind, field) or "").strip():
                out.append(f"{_name(ind)}: missing field `{field}` (shown to people)")
        if len(str(ind.definition or "")) > DEFINITION_MAX_CHARS:
            out.append(
                f"{_name(ind)}: `definition` is longer than {DEFINITION_MAX_CHARS} characters"
            )
        if not ind.formula_text:
            out.append(f"{_name(ind)}: missing field `formula` (required unless a rate)")
    return out


def rule_rate_parts(reg: Registry) -> list[str]:
    out = []
    for ind in reg.indicators:
        if ind.kind != "rate":
            continue
        if not ind.numerator_label or not ind.denominator_label:
            out.append(f"{_name(ind)}: rate needs numerator_label and denominator_label")
        if ind.scope_aggregation not in (None, "ratio_of_sums"):
            out.append(
                f"{_name(ind)}: a rate combines scopes as ratio_of_sums, "
                f"not '{ind.scope_aggregation}' (never a mean of percentages)"
            )
        if ind.time_aggregation == "sum":
            out.append(f"{_name(ind)}: a rate cannot be summed over months")
    return out


def rule_aggregation_fits_kind(reg: Registry) -> list[str]:
    out = []
    for ind in reg.indicators:
        if ind.kind in ("count", "amount") and ind.scope_aggregation not in (None, "sum"):
            out.append(f"{_name(ind)}: a {ind.kind} combines scopes by sum")
        if ind.kind in ("score", "rank") and ind.scope_aggregation not in (None, "district_value"):
            out.append(f"{_name(ind)}: a {ind.kind} cannot be added up: use district_value")
        if ind.scope_aggregation == "district_value" and tuple(ind.scopes) != ("district",):
            out.append(f"{_name(ind)}: district_value needs scopes [district]")
        if (ind.time_aggregation == "year_value") != (ind.period_type == "year"):
            out.append(f"{_name(ind)}: time_aggregation year_value goes with period_type year")
        if ind.cumulative_within_year and ind.time_aggregation != "latest":
            out.append(f"{_name(ind)}: cumulative_within_year needs time_aggregation latest")
    return out


def rule_bare_percent(reg: Registry) -> list[str]:
    return [
        f"{_name(i)}: accepts_bare_percent applies to rates only, not a {i.kind}"
        for i in reg.indicators
        if i.accepts_bare_percent and i.kind != "rate"
    ]


def rule_range(reg: Registry) -> list[str]:
    return [
        f"{_name(i)}: range min {i.range_min} is above max {i.range_max}"
        for i in reg.indicators
        if i.range_min is not None and i.range_max is not None and i.range_min > i.range_max
    ]


def rule_plausible_max(reg: Registry) -> list[str]:
    """Counts and rates bound their figures (``plausible_max``); other kinds have ``range``."""
    out = []
    for i in reg.indicators:
        if i.kind in ("count", "rate"):
            if i.plausible_max is None or not i.plausible_max > 0:
                out.append(f"{_name(i)}: a {i.kind} indicator needs plausible_max > 0")
            elif i.kind == "count" and i.range_max is not None and i.plausible_max < i.range_max:
                out.append(f"{_name(i)}: plausible_max is below range max {i.range_max}")
        elif i.plausible_max is not None:
            out.append(f"{_name(i)}: plausible_max is for count and rate indicators only")
    return out


def rule_bands(reg: Registry) -> list[str]:
    b = reg.bands
    if not 0 < b.behind < b.on_track <= 1:
        return [
            f"status_bands: need 0 < behind ({b.behind}) < on_track ({b.on_track}) <= 1",
        ]
    return []


def rule_group_rule(reg: Registry) -> list[str]:
    r = reg.group_rule
    out = []
    if not 0 <= r.behind_share < r.at_risk_share <= 1:
        out.append(
            f"group_status_rule: need 0 <= behind_share ({r.behind_share}) < "
            f"at_risk_share ({r.at_risk_share}) <= 1"
        )
    unknown = set(r.task_statuses) - {"overdue", "behind", "not_reported"}
    if unknown:
        out.append(f"group_status_rule: unknown task status {sorted(unknown)}")
    if reg.task_behind_points < 0:
        out.append(f"task_status: behind_points must be >= 0, not {reg.task_behind_points}")
    return out


TARGET_APPLIES = ("district_total", "each_unit")


def rule_publication(reg: Registry) -> list[str]:
    out = []
    for i in reg.indicators:
        lag = i.published_after_months
        if lag is None:
            continue
        if i.time_aggregation != "year_value":
            out.append(f"{_name(i)}: published_after_months only serves yearly indicators")
        elif not 0 <= lag <= 24:
            out.append(f"{_name(i)}: published_after_months must be 0..24, not {lag}")
    return out


def rule_values_from(reg: Registry) -> list[str]:
    """The register gives monthly values per scope: only monthly indicators can use it."""
    return [
        f"{_name(i)}: values_from register needs period_type month, not '{i.period_type}'"
        for i in reg.indicators
        if i.values_from == "register" and i.period_type != "month"
    ]


def rule_target_applies(reg: Registry) -> list[str]:
    out = []
    for i in reg.indicators:
        if i.target_applies not in TARGET_APPLIES:
            out.append(
                f"{_name(i)}: target_applies '{i.target_applies}' is not one of "
                f"{', '.join(TARGET_APPLIES)}"
            )
        elif i.target_applies == "each_unit" and i.scope_aggregation == "district_value":
            out.append(f"{_name(i)}: a district_value indicator has no units to judge one by one")
    return out


# How the expected value moves from the baseline to the target through the year.
EXPECTED_PATHS = (
    "linear",
    "quarter_steps",
    "half_year_steps",
    "previous_year_shape",
    "obligation",
)


def rule_expected_path(reg: Registry) -> list[str]:
    out = []
    for i in reg.indicators:
        if i.expected_path not in EXPECTED_PATHS:
            out.append(
                f"{_name(i)}: expected_path '{i.expected_path}' is not one of "
                f"{', '.join(EXPECTED_PATHS)}"
            )
        starts_at_zero = i.time_aggregation == "sum" or i.cumulative_within_year
        if i.expected_path == "previous_year_shape" and not starts_at_zero:
            out.append(
                f"{_name(i)}: previous_year_shape needs a value that starts at 0 every year "
                "(time_aggregation: sum, or cumulative_within_year: true)"
            )
        shares = i.typical_shares
        if shares and (
            len(shares) != 12
            or any(b < a for a, b in zip(shares, shares[1:], strict=False))
            or not 0 <= shares[0]
            or abs(shares[-1] - 1) > 1e-9
        ):
            out.append(
                f"{_name(i)}: typical_shares needs 12 non-decreasing shares from 0 ending at 1"
            )
        if shares and i.expected_path != "previous_year_shape":
            out.append(f"{_name(i)}: typical_shares only serve expected_path previous_year_shape")
    return out


# Statuses a KPI rule may give (labels in labels.yaml, kpi_status); no_data and no_target
# come before the rules and are not theirs to give.
RULE_STATUSES = ("met", "not_met", "on_track", "behind", "at_risk")


def rule_status_rules(reg: Registry) -> list[str]:
    out = []
    for n, r in enumerate(reg.status_rules, start=1):
        where = f"status_rules #{n}"
        if r.status not in RULE_STATUSES:
            out.append(f"{where}: unknown status '{r.status}' (one of {', '.join(RULE_STATUSES)})")
        if isinstance(r.min_ratio, str) and r.min_ratio not in ("on_track", "behind"):
            out.append(f"{where}: min_ratio '{r.min_ratio}' is not a band (on_track, behind)")
        if isinstance(r.min_ratio, float) and not 0 < r.min_ratio:
            out.append(f"{where}: min_ratio must be above 0, not {r.min_ratio}")
    last = reg.status_rules[-1] if reg.status_rules else None
    if last is None or any(
        getattr(last, k) is not None for k in (*STATUS_RULE_CONDITIONS, "min_ratio")
    ):
        out.append("status_rules: the last rule must have no condition (it catches the rest)")
    on_track = [r for r in reg.status_rules if r.status == "on_track"]
    if any(r.projection_reaches is not True for r in on_track):
        out.append(
            "status_rules: every on_track rule needs projection_reaches: true "
            "(a projection that misses the target is never on track)"
        )
    return out


RULES: tuple[Rule, ...] = (
    rule_required_fields,
    rule_unique_codes,
    rule_unique_labels,
    _allowed("kind", KINDS),
    _allowed("direction", DIRECTIONS),
    _allowed("period_type", PERIOD_TYPES),
    _allowed("scope_aggregation", SCOPE_AGGREGATIONS),
    _allowed("time_aggregation", TIME_AGGREGATIONS),
    _allowed("format", FORMATS),
    _allowed("values_from", SOURCES),
    rule_values_from,
    rule_known_scopes,
    rule_rate_parts,
    rule_meaning,
    rule_aggregation_fits_kind,
    rule_range,
    rule_bare_percent,
    rule_plausible_max,
    rule_bands,
    rule_group_rule,
    rule_status_rules,
    rule_expected_path,
    rule_target_applies,
    rule_publication,
)


def unknown_codes(registry: Registry, data_codes: Iterable[str]) -> list[str]:
    """One message per indicator code found in the data that the registry does not hold."""
    return [
        f"indicator `{code}`: present in the data but has no entry in the registry"
        for code in sorted(set(data_codes) - set(registry.codes()))
    ]


def validate_registry(
    registry: Registry,
    data_codes: Iterable[str] = (),
    task_ids: Iterable[str] | None = None,
    group_codes: Iterable[str] | None = None,
) -> list[str]:
    """Check the registry; return one message per problem (empty when all is well).

    Args:
        registry: The registry to check.
        data_codes: Indicator codes found in the data; each must have an entry.
        task_ids: Task ids of the plan; when given, every ``tasks`` reference must be one.
        group_codes: Solution groups of the plans; when given, every ``group`` must be one.
    """
    reg = registry
    messages = [m for rule in RULES for m in rule(reg)]
    messages += unknown_codes(reg, data_codes)
    if task_ids is not None:
        ids = set(task_ids)
        messages += [
            f"{_name(i)}: task `{t}` is not in the plan"
            for i in reg.indicators
            for t in i.tasks
            if t not in ids
        ]
    if group_codes is not None:
        groups = tuple(dict.fromkeys(group_codes))
        messages += [
            f"{_name(i)}: unknown group '{i.group}' (expected one of {', '.join(groups)})"
            for i in reg.indicators
            if i.group is not None and i.group not in groups
        ]
    return messages
