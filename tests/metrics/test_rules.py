"""Pure status rules: bands and their edges, glide path, projection, tasks, groups, formats."""

from __future__ import annotations

import datetime as dt

import pytest

from data.catalog import load_registry
from data.catalog.indicators import GroupRule, Indicator, StatusBands, StatusRule
from metrics import format as fmt
from metrics.evaluate import (
    _Series,
    each_unit_status,
    expected_value,
    glide,
    judge,
    path_share,
    project,
    quarters_missed,
)
from metrics.groups import group_status
from metrics.tasks import LeadState, elapsed_share, judge_task
from metrics.yearly_targets import Target

BANDS = StatusBands(on_track=0.95, behind=0.85)


@pytest.mark.parametrize(
    ("value", "target", "expected", "lower", "status"),
    [
        # Higher is better, expected 80 on the glide path, year-end target 100.
        (76.0, 100, 80, False, "on_track"),  # 76/80 = 0.95 exactly: on the edge, on track
        (75.99, 100, 80, False, "behind"),  # just below 0.95
        (68.0, 100, 80, False, "behind"),  # 68/80 = 0.85 exactly
        (67.99, 100, 80, False, "at_risk"),  # just below 0.85
        (100.0, 100, 80, False, "met"),  # reaching the year-end target is met
        # Lower is better: ratio = expected / actual.
        (20.0, 10, 19, True, "on_track"),  # 19/20 = 0.95
        (20.01, 10, 19, True, "behind"),
        (20.0, 10, 17, True, "behind"),  # 17/20 = 0.85
        (20.0, 10, 16.99, True, "at_risk"),
        (10.0, 10, 19, True, "met"),  # at the target counts as met
        (9.0, 10, 19, True, "met"),
        # Zero: nothing expected yet, nothing done yet.
        (0.0, 4, 0, False, "on_track"),
        (0.0, 0, 0, True, "met"),
        (1.0, 0.5, 0, True, "at_risk"),  # lower is better, expected 0, one case already
        # Missing pieces.
        (None, 100, 80, False, "no_data"),
        (50.0, None, None, False, "no_target"),
    ],
)
def test_band_edges(value, target, expected, lower, status):
    """Test that each band edge falls on the right side, in both directions."""
    assert judge(value, target, expected, lower=lower, bands=BANDS)[0] == status


def test_bands_are_configurable():
    """Test that the registry's bands, not constants, decide the status."""
    strict = StatusBands(on_track=0.99, behind=0.9)
    assert judge(96, 100, 100, lower=False, bands=strict)[0] == "behind"
    assert judge(96, 100, 100, lower=False, bands=BANDS)[0] == "on_track"


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        # The year has closed and the target was missed: "Không đạt", whatever the path.
        ({"final": True}, "not_met"),
        ({"final": False}, "on_track"),
        ({"strict": True, "final": True}, "not_met"),  # equal to last year is not better
    ],
)
def test_final_and_relative_values(kwargs, status):
    """Test that a closed year's missed target is not met, and 'better' is strict."""
    assert (
        judge(
            99.0, 100 if "strict" not in kwargs else 99.0, 99.5, lower=False, bands=BANDS, **kwargs
        )[0]
        == status
    )


@pytest.mark.parametrize(
    ("value", "target", "expected", "projection", "final", "lower", "status"),
    [
        # 06/2023 online dossiers: 65,5% on a path of 68,5% (ratio 0,956), projected to end
        # the year at 65,5% against 80%: never on track, the band below applies.
        (65.5, 80.0, 68.5, 65.5, False, False, "behind"),
        (65.5, 80.0, 68.5, 80.0, False, False, "on_track"),  # projection reaching: on track
        (65.5, 80.0, 68.5, None, False, False, "on_track"),  # no projection: path alone
        (55.0, 80.0, 68.5, 55.0, False, False, "at_risk"),  # 55/68,5 = 0,80
        # December: online dossiers 72,7% year to date against 80% (month 85,5%).
        (72.7, 80.0, 80.0, 72.7, True, False, "not_met"),
        (80.0, 80.0, 80.0, 80.0, True, False, "met"),
        # A cap of 12 overdue dossiers: 5 by June is on the path (6) but projects to 10.
        (5.0, 12.0, 6.0, 10.0, False, True, "on_track"),
        (5.0, 12.0, 6.0, 13.0, False, True, "behind"),  # ratio 6/5 on path, projection over
        (13.0, 12.0, 12.0, 13.0, True, True, "not_met"),
    ],
)
def test_projection_missing_target_is_never_on_track(
    value, target, expected, projection, final, lower, status
):
    """Test the registry's status rules: projection, closed year, bands (hand-computed)."""
    rules = load_registry().status_rules
    got = judge(
        value,
        target,
        expected,
        lower=lower,
        bands=BANDS,
        final=final,
        projection=projection,
        rules=rules,
        can_meet_early=not lower,
    )
    assert got[0] == status


def test_status_rules_are_data_in_their_order():
    """Test that reordered or edited rules in the registry change the status."""
    lenient = (
        StatusRule("met", reached=True),
        StatusRule("on_track", min_ratio=0.5, projection_reaches=True),
        StatusRule("at_risk"),
    )
    assert judge(60, 100, 100, lower=False, bands=BANDS, rules=lenient)[0] == "on_track"
    assert judge(40, 100, 100, lower=False, bands=BANDS, rules=lenient)[0] == "at_risk"
    # Without a not_met rule a closed year falls to the bands.
    assert judge(99, 100, 100, lower=False, bands=BANDS, final=True, rules=lenient)[0] == (
        "on_track"
    )


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{"status": "great"}], "unknown status 'great'"),
        ([{"status": "behind", "min_ratio": "half"}, {"status": "at_risk"}], "not a band"),
        ([{"status": "met", "reached": True}], "last rule must have no condition"),
        (
            [{"status": "on_track", "min_ratio": "on_track"}, {"status": "at_risk"}],
            "needs projection_reaches: true",
        ),
    ],
)
def test_status_rules_are_checked(rules, message):
    """Test that a wrong status rule in the registry is named."""
    from data.catalog.indicators import parse_registry, validate_registry

    reg = parse_registry({"indicators": [], "status_rules": rules})
    assert any(message in m for m in validate_registry(reg)), validate_registry(reg)


def test_lower_flow_count_is_met_only_at_year_end():
    """Test that a cap on a yearly count is judged on the path until December."""
    kwargs = {"lower": True, "bands": BANDS, "can_meet_early": False}
    assert judge(3, 12, 2, **kwargs)[0] == "at_risk"  # 2/3 = 0.67 in February
    assert judge(3, 12, 2, final=True, **kwargs)[0] == "met"


def test_glide_path_at_a_month():
    """Test the linear path from the previous year's final value to the year-end target."""
    assert glide(80, 100, 0) == 80
    assert glide(80, 100, 3) == 85  # 80 + 20 × 3/12
    assert glide(80, 100, 12) == 100
    assert glide(50, 40, 6) == 45  # a reduction glides down


REG = load_registry()


@pytest.mark.parametrize(
    ("code", "target", "resolved", "baseline", "months", "expected"),
    [
        ("hs_truc_tuyen", Target("x", "absolute", 90), 90, 70, 3, 75.0),
        ("doi_thoai_dn", Target("x", "count_per_year", 4, per_quarter=True), 4, 0, 2, 0.0),
        ("doi_thoai_dn", Target("x", "count_per_year", 4, per_quarter=True), 4, 0, 3, 1.0),
        ("doi_thoai_dn", Target("x", "count_per_year", 4, per_quarter=True), 4, 0, 8, 2.0),
        ("sang_kien", Target("x", "count_per_year", 12), 12, 0, 5, 5.0),
        ("giai_ngan_dtc", Target("x", "absolute", 96), 96, 91.5, 6, 48.0),  # restarts at 0
        ("pci_diem", Target("x", "relative_previous_year"), 67.12, 67.12, 12, 67.12),
        ("hs_truc_tuyen", Target("x", "absolute", 90), 90, 70, 0, None),
    ],
)
def test_expected_value(code, target, resolved, baseline, months, expected):
    """Test the expected value by indicator type: glide, per year, per quarter, yearly."""
    value = expected_value(REG.get(code), target, resolved, baseline, months)
    assert value == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("code", "value", "baseline", "months", "projection"),
    [
        ("hs_truc_tuyen", 78.75, 73.3, 3, 78.75),  # flow rate: the year-to-date rate
        ("doi_thoai_dn", 2, 0, 3, 8),  # count: 2 × 12/3
        ("ho_ngheo", 74, 80, 3, 56),  # stock: 80 + (74 − 80) × 12/3
        ("ho_ngheo", 30, 80, 3, 0),  # never below the range minimum
        ("dvc_toan_trinh", 96, 80, 6, 100),  # never above 100 %
        ("giai_ngan_dtc", 24, 91.5, 3, 96),  # restarts in January: 24 × 12/3
        ("pci_diem", 66.5, 67.12, 12, 66.5),
    ],
)
def test_projection(code, value, baseline, months, projection):
    """Test the year-end projection from the pace so far."""
    assert project(REG.get(code), value, baseline, months) == pytest.approx(projection)


# --------------------------------------------------------------------------- tasks

START = dt.date(2023, 1, 18)


def _task(leads, kind="date", deadline=dt.date(2023, 12, 31), as_of=dt.date(2023, 6, 30), due=True):
    return judge_task(
        leads,
        deadline_kind=kind,
        deadline_date=deadline if kind == "date" else None,
        as_of=as_of,
        start=START,
        any_period_due=due,
        behind_points=15,
    )[0]


@pytest.mark.parametrize(
    ("leads", "kwargs", "status"),
    [
        ([LeadState("NV", "done", 100, True)], {}, "done"),
        (
            [LeadState("NV", "done", 100, True), LeadState("BN", "in_progress", 90, True)],
            {},
            "on_track",
        ),
        (
            [LeadState("NV", "in_progress", 55, True)],
            {"deadline": dt.date(2023, 6, 30), "as_of": dt.date(2023, 7, 31)},
            "overdue",
        ),
        # On the deadline day itself an unfinished task is overdue.
        ([LeadState("NV", "in_progress", 55, True)], {"deadline": dt.date(2023, 6, 30)}, "overdue"),
        (
            [LeadState("NV", "in_progress", 55, True)],
            {"deadline": dt.date(2023, 6, 30), "as_of": dt.date(2023, 6, 29)},
            "behind",
        ),
        # Waiting on the City or its guidance: reported, not behind, not overdue.
        ([LeadState("NV", "waiting", 10, True)], {}, "waiting"),
        (
            [LeadState("NV", "waiting", 10, True)],
            {"deadline": dt.date(2023, 6, 30), "as_of": dt.date(2023, 7, 31)},
            "waiting",
        ),
        ([LeadState("NV", "done", 100, True), LeadState("BN", "waiting", 0, True)], {}, "waiting"),
        # A continuous task must be reported every period that fell due, not only the last.
        (
            [LeadState("NV", "in_progress", None, True, reported_every_due=False)],
            {"kind": "continuous"},
            "not_reported",
        ),
        (
            [
                LeadState("NV", "in_progress", None, True, reported_every_due=False),
                LeadState("VP", "in_progress", None, True),
            ],
            {"kind": "continuous"},
            "continuous",
        ),
        ([LeadState("NV", "in_progress", 30, False)], {}, "not_reported"),
        ([LeadState("NV")], {"due": False}, "on_track"),  # nothing fell due yet
        ([LeadState("NV", "in_progress", None, True)], {"kind": "continuous"}, "continuous"),
        ([LeadState("NV", "in_progress", None, False)], {"kind": "continuous"}, "not_reported"),
        ([LeadState("NV", "in_progress", None, True)], {"kind": "missing"}, "continuous"),
        # Elapsed share on 30/06 of 18/01–31/12 = 163/347 = 46.97 %; band 15 points.
        ([LeadState("NV", "in_progress", 32, True)], {}, "on_track"),  # 32 ≥ 31.97
        ([LeadState("NV", "in_progress", 31, True)], {}, "behind"),
    ],
)
def test_task_status(leads, kwargs, status):
    """Test each task status rule."""
    assert _task(leads, **kwargs) == status


@pytest.mark.parametrize(
    ("percent", "as_of", "status"),
    [
        # No deadline in a one-year plan: due 31/12/2023. On 30/06 the share elapsed is
        # 163/347 = 46.97 %, band 15 points → behind below 31.97 %.
        (40, dt.date(2023, 6, 30), "on_track"),
        (20, dt.date(2023, 6, 30), "behind"),  # could never be behind without a deadline
        (90, dt.date(2023, 12, 31), "overdue"),  # the implicit deadline day
    ],
)
def test_undated_task_has_an_implicit_year_end_deadline(percent, as_of, status):
    """Test that an undated task of a one-year plan is judged against the plan year's end."""
    got = judge_task(
        [LeadState("NV", "in_progress", percent, True)],
        deadline_kind="missing",
        deadline_date=None,
        as_of=as_of,
        start=START,
        any_period_due=True,
        behind_points=15,
        year_end=dt.date(2023, 12, 31),
    )
    assert got[0] == status


def test_elapsed_share():
    """Test the share of a task's window elapsed, clamped to 0..1."""
    assert elapsed_share(START, dt.date(2023, 12, 31), dt.date(2023, 6, 30)) == pytest.approx(
        163 / 347
    )
    assert elapsed_share(START, dt.date(2023, 6, 30), dt.date(2023, 9, 30)) == 1.0
    assert elapsed_share(START, dt.date(2023, 6, 30), dt.date(2023, 1, 1)) == 0.0


# --------------------------------------------------------------------------- groups

RULE = GroupRule(
    task_statuses=("overdue", "behind", "not_reported"), behind_share=0.2, at_risk_share=0.4
)


@pytest.mark.parametrize(
    ("kpis", "tasks", "total", "status"),
    [
        (["met", "met"], {"done": 4}, 4, "met"),
        (["met", "on_track"], {"done": 4}, 4, "on_track"),
        (["met", "no_target", "no_data"], {"done": 3, "on_track": 2}, 5, "on_track"),
        (["met"], {"on_track": 4, "overdue": 1}, 5, "on_track"),  # 20 % is not above 20 %
        (["met"], {"on_track": 3, "overdue": 1, "behind": 1}, 5, "behind"),  # 40 %
        (["met"], {"on_track": 2, "not_reported": 3}, 5, "at_risk"),  # 60 %
        (["at_risk", "met"], {"done": 5}, 5, "at_risk"),
        (["no_target"], {}, 0, "no_data"),
    ],
)
def test_group_status(kpis, tasks, total, status):
    """Test that a group's status is the worse of its KPIs and its task health."""
    assert group_status(kpis, tasks, total, RULE)[0] == status


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("func", "args", "text"),
    [
        (fmt.fmt_number, (1234.5, 1), "1.234,5"),
        (fmt.fmt_number, (1234567, 0), "1.234.567"),
        (fmt.fmt_number, (-0.04, 1), "0,0"),
        (fmt.fmt_number, (-12.5, 1), "-12,5"),
        (fmt.fmt_percent, (95.5,), "95,5%"),
        (fmt.fmt_percent, (None,), "—"),
        (fmt.fmt_date, (dt.date(2023, 5, 31),), "31/05/2023"),
        (fmt.fmt_month, ("2023-06",), "06/2023"),
        (fmt.fmt_signed, (1.25, 1), "+1,2"),
        (fmt.fmt_change, (-7.84, "percent"), "-7,8 điểm\u00a0%"),
        (fmt.fmt_change, (1.3, "percent"), "+1,3 điểm\u00a0%"),
        (fmt.fmt_change, (3, "integer"), "+3"),
        (fmt.fmt_change, (0, "integer"), "0"),
        (fmt.fmt_change, (-0.04, "percent"), "0,0 điểm\u00a0%"),
        (fmt.fmt_change, (0.5, "decimal1", "tỷ đồng"), "+0,5 tỷ đồng"),
        (fmt.fmt_change, (None, "percent"), "—"),
        (fmt.excel_change_format, ("percent",), '+#,##0.0" điểm\u00a0%";-#,##0.0" điểm\u00a0%";0'),
        (fmt.excel_change_format, ("integer",), "+#,##0;-#,##0;0"),
        (fmt.excel_change_format, ("",), "+#,##0.0;-#,##0.0;0"),
        (fmt.fmt_value, (66.6666, "percent"), "66,7%"),
        (fmt.fmt_value, (67.125, "decimal2"), "67,12"),
    ],
)
def test_vietnamese_formats(func, args, text):
    """Test the Vietnamese number, percent and date formats."""
    assert func(*args) == text


def _indicator(path: str, **fields) -> Indicator:
    base = {
        "code": "x",
        "label_vi": "x",
        "label_en": "x",
        "group": "I",
        "kind": "count",
        "unit": "x",
        "direction": "higher",
        "period_type": "month",
        "scopes": ("district",),
        "scope_aggregation": "sum",
        "time_aggregation": "sum",
        "format": "integer",
        "expected_path": path,
    }
    return Indicator(**{**base, **fields})


LAST_YEAR = [1, 2, 3, 5, 8, 10, 12, 14, 16, 20, 30, 40]  # back-loaded, December 40
SHARES = tuple([0.0] * 5 + [0.5] * 6 + [1.0])


@pytest.mark.parametrize(
    ("path", "fields", "months", "previous", "share"),
    [
        ("linear", {}, 3, (), 0.25),
        ("quarter_steps", {}, 2, (), 0.0),
        ("quarter_steps", {}, 3, (), 0.25),
        ("quarter_steps", {}, 8, (), 0.5),
        ("half_year_steps", {}, 5, (), 0.0),  # recognitions in June: nothing due in May
        ("half_year_steps", {}, 6, (), 0.5),
        ("half_year_steps", {}, 11, (), 0.5),
        ("half_year_steps", {}, 12, (), 1.0),
        ("previous_year_shape", {}, 6, LAST_YEAR, 10 / 40),
        ("previous_year_shape", {}, 9, LAST_YEAR, 16 / 40),
        ("previous_year_shape", {}, 6, LAST_YEAR[:6], 0.5),  # incomplete year: linear
        ("previous_year_shape", {"typical_shares": SHARES}, 6, (), 0.5),
        ("previous_year_shape", {"typical_shares": SHARES}, 3, (), 0.0),
        ("obligation", {}, 1, (), 1.0),
        ("obligation", {}, 7, (), 1.0),
    ],
)
def test_expected_path_profiles(path, fields, months, previous, share):
    """Test each expected-path profile's share of the year at a month (hand-computed)."""
    assert path_share(_indicator(path, **fields), months, list(previous)) == pytest.approx(share)


@pytest.mark.parametrize(
    ("path", "value", "months", "target", "expected", "projection", "status"),
    [
        # Ten initiatives a year, recognised in June and December; none by March.
        ("linear", 0, 3, 10, 2.5, 0.0, "at_risk"),
        ("half_year_steps", 0, 3, 10, 0.0, None, "on_track"),
        ("half_year_steps", 9, 6, 10, 5.0, 18.0, "on_track"),
        ("half_year_steps", 4, 6, 10, 5.0, 8.0, "at_risk"),  # 4/5 = 0,8
    ],
)
def test_profile_changes_expected_projection_and_status(
    path, value, months, target, expected, projection, status
):
    """Test that a step profile moves the path and the projection with it."""
    ind = _indicator(path)
    share = path_share(ind, months)
    plain = Target(code="x", type="count_per_year", value=target)
    got_expected = expected_value(ind, plain, target, 0.0, months, share)
    got_projection = project(ind, value, 0.0, months, share)
    assert got_expected == pytest.approx(expected)
    assert got_projection == (None if projection is None else pytest.approx(projection))
    rules = load_registry().status_rules
    got = judge(
        value,
        target,
        got_expected,
        lower=False,
        bands=BANDS,
        projection=got_projection,
        rules=rules,
    )
    assert got[0] == status


@pytest.mark.parametrize(
    ("value", "months", "status"),
    [
        # Every overdue dossier needs its apology letter: 92,8% is short of 100% in every
        # month, not "on the path" from last year's 91,2%.
        (92.8, 3, "behind"),
        (80.0, 3, "at_risk"),
        (100.0, 3, "met"),
        (92.8, 12, "not_met"),
    ],
)
def test_obligation_is_judged_against_the_target_every_month(value, months, status):
    """Test that an obligation expects the target itself in every month (no glide path)."""
    ind = _indicator("obligation", kind="rate", time_aggregation="ratio_of_sums", format="percent")
    target = Target(code="x", type="absolute", value=100.0)
    share = path_share(ind, months)
    expected = expected_value(ind, target, 100.0, 91.2, months, share)
    assert expected == 100.0
    got = judge(
        value,
        100.0,
        expected,
        lower=False,
        bands=BANDS,
        final=months == 12,
        projection=project(ind, value, 91.2, months, share),
        rules=load_registry().status_rules,
    )
    assert got[0] == status


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"expected_path": "zigzag"}, "is not one of"),
        ({"expected_path": "previous_year_shape", "time_aggregation": "latest"}, "starts at 0"),
        (
            {"expected_path": "previous_year_shape", "typical_shares": [0.5, 1.0]},
            "12 non-decreasing",
        ),
        ({"typical_shares": [i / 12 for i in range(1, 13)]}, "only serve"),
    ],
)
def test_expected_path_is_checked(fields, message):
    """Test that a wrong profile in the registry is named."""
    from data.catalog.indicators import parse_registry, validate_registry

    entry = {
        "code": "x",
        "label_vi": "x",
        "label_en": "x",
        "group": "I",
        "kind": "count",
        "unit": "x",
        "direction": "higher",
        "period_type": "month",
        "scopes": ["district"],
        "scope_aggregation": "sum",
        "time_aggregation": "sum",
        "format": "integer",
        **fields,
    }
    messages = validate_registry(parse_registry({"indicators": [entry]}))
    assert any(message in m for m in messages), messages


@pytest.mark.parametrize(
    ("statuses", "final", "status", "share", "short"),
    [
        # Business dialogues at 03/2023: UBND Quận 1 and three wards held theirs, seven none.
        (
            {"Q1": "on_track"}
            | {f"W{i}": "on_track" for i in range(3)}
            | {f"X{i}": "at_risk" for i in range(7)},
            False,
            "at_risk",
            4 / 11,
            7,
        ),
        ({f"W{i}": "on_track" for i in range(10)} | {"X": "behind"}, False, "behind", 10 / 11, 1),
        ({f"W{i}": "met" for i in range(11)}, True, "met", 1.0, 0),
        ({f"W{i}": "met" for i in range(10)} | {"X": "on_track"}, False, "on_track", 1.0, 0),
        ({f"W{i}": "met" for i in range(10)} | {"X": "not_met"}, True, "not_met", 10 / 11, 1),
        ({"W": "met", "N": "no_target"}, True, "met", 1.0, 0),  # no target: not judged
        ({"N": "no_target"}, False, "no_target", None, 0),
    ],
)
def test_each_unit_target_is_the_share_of_scopes_meeting_it(statuses, final, status, share, short):
    """Test the district status of a target that binds each scope (hand-counted)."""
    got, got_share, got_short = each_unit_status(statuses, final, BANDS)
    assert got == status
    assert got_share == (None if share is None else pytest.approx(share))
    assert len(got_short) == short


class _Row:
    def __init__(self, value):
        self.value_month, self.month_scopes = value, 1


@pytest.mark.parametrize(
    ("monthly", "months", "missed"),
    [
        ({1: 1}, 3, []),
        ({}, 3, [1]),
        ({1: 1, 2: 1}, 6, [2]),  # two in the first quarter do not cover the second
        ({3: 1, 4: 1, 9: 1}, 9, []),
        ({3: 1, 4: 1, 9: 1}, 8, []),  # the third quarter has not ended yet
        ({12: 4}, 12, [1, 2, 3]),  # four in December: the yearly count, not the cadence
    ],
)
def test_quarterly_cadence_is_checked_quarter_by_quarter(monthly, months, missed):
    """Test that a one-a-quarter count is checked in each completed quarter on its own."""
    series = _Series({(2023, m): _Row(v) for m, v in monthly.items()})
    assert quarters_missed(series, 2023, months, 1.0) == missed


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Chờ cấp trên, chờ hướng dẫn", "waiting"),
        ("waiting", "waiting"),
        ("Hoàn thành", "done"),
        ("Đang triển khai", "in_progress"),
    ],
)
def test_waiting_is_a_report_status(written, key):
    """Test that a progress report may say it waits on a higher level."""
    from metrics.tasks import report_status_key

    assert report_status_key(written) == key


@pytest.mark.parametrize(
    "written", ["Chờ cấp trên", "chờ hướng dẫn", "Cho Thanh pho", "Chờ Quốc hội", "waiting"]
)
def test_files_may_write_the_waiting_status(written):
    """Test that the words a unit types for waiting are read as the waiting status."""
    from data.intake.normalize import parse_status

    assert parse_status(written) == "waiting"


@pytest.mark.parametrize(
    ("rule", "meaning"),
    [
        (StatusRule("met", reached=True), "Giá trị lũy kế đã đạt chỉ tiêu năm."),
        (
            StatusRule("on_track", min_ratio="on_track", projection_reaches=True),
            "Giá trị đạt từ 95% giá trị theo lộ trình trở lên; dự báo cuối năm theo nhịp hiện "
            "tại đạt chỉ tiêu.",
        ),
        (StatusRule("behind", min_ratio=0.8), "Giá trị đạt từ 80% giá trị theo lộ trình trở lên."),
        (StatusRule("at_risk"), "Các trường hợp còn lại."),
    ],
)
def test_glossary_words_the_rules_from_their_data(rule, meaning):
    """Test that the glossary's sentence for a status is made from the rule's conditions."""
    from metrics.glossary import rule_meaning

    assert rule_meaning(rule, load_registry()) == meaning


def test_glossary_lists_every_status_of_the_rules_in_order():
    """Test that the KPI glossary follows the registry's rules, and every task status has a meaning."""
    from metrics.glossary import glossary

    words = glossary()
    keys = [e.key for e in words["kpi"]]
    assert keys == ["no_target", "no_data", *[r.status for r in load_registry().status_rules]]
    assert all(e.meaning for e in words["task"]) and all(e.meaning for e in words["compliance"])
    paths = {e.key: e.meaning for e in words["paths"]}
    assert "Số sáng kiến" in paths["half_year_steps"]


@pytest.mark.parametrize(
    ("lag", "year", "as_of", "day", "counts"),
    [
        (5, 2023, dt.date(2023, 12, 31), dt.date(2024, 5, 31), False),
        (5, 2023, dt.date(2024, 5, 30), dt.date(2024, 5, 31), False),
        (5, 2023, dt.date(2024, 5, 31), dt.date(2024, 5, 31), True),  # the publication day
        (5, 2022, dt.date(2023, 6, 30), dt.date(2023, 5, 31), True),
        (3, 2022, dt.date(2023, 2, 28), dt.date(2023, 3, 31), False),
        (0, 2023, dt.date(2023, 12, 31), dt.date(2023, 12, 31), True),
        (None, 2023, dt.date(2023, 1, 31), None, True),  # no lag: always counts
    ],
)
def test_a_yearly_index_counts_from_its_publication(lag, year, as_of, day, counts):
    """Test the publication day of a yearly index and whether it counts at an as-of date."""
    from metrics.evaluate import publication_date, published

    ind = _indicator(
        "linear", kind="score", time_aggregation="year_value", published_after_months=lag
    )
    assert publication_date(ind, year) == day
    assert published(ind, year, as_of) is counts


@pytest.mark.parametrize(
    ("monthly", "completeness", "missing"),
    [
        # Three wards report; one's June row was refused (absent), one reported only in 2022.
        ({"BN": [6], "BT": [6], "CK": [5], "DK": []}, "2/4", "Phường Cầu Kho; Phường Đa Kao"),
        ({"BN": [6], "BT": [6]}, "2/2", None),
    ],
)
def test_completeness_counts_scopes_with_a_value_this_month(monthly, completeness, missing):
    """Test the n/m beside a district figure and the scopes it names (hand-counted)."""
    from metrics.evaluate import _completeness

    by_scope = {}
    for code, months in monthly.items():
        rows = {(2023, m): _Row(1) for m in months}
        rows[(2022, 12)] = _Row(1)
        by_scope[("hs_truc_tuyen", code)] = _Series(rows)
    row = {}
    _completeness(row, load_registry().get("hs_truc_tuyen"), by_scope, 2023, 6)
    assert row["completeness"] == completeness
    assert row["scopes_missing"] == missing
