"""Great Expectations suites of the two input kinds, with row-level Vietnamese results.

Each suite is a list of rules: one expectation plus the column a failure is blamed on and
the sentence a person reads. Checks that depend on the registry row by row (is this scope
allowed for this indicator, is the value inside its range) are computed first as boolean
columns of a working copy, so one expectation covers every indicator at once; a suite of
one expectation per indicator would cost ten times as much on every file.

This module imports nothing from the rest of the project: reference sets come in as
``ReferenceSets``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from checks.numbers import fmt_exact
from checks.result import ReferenceSets, RowIssue

PROGRESS, INDICATOR = "progress", "indicator"


@dataclass(frozen=True)
class Rule:
    """One expectation, the frame column a failure is blamed on, and its message."""

    expectation: gx.expectations.Expectation
    column: str
    message: Callable[[pd.Series], str]
    # For uniqueness rules: the key columns (the first occurrence is not a failure).
    unique_key: tuple[str, ...] = ()


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return fmt_exact(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --------------------------------------------------------------------------- engine


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _batch_definition():
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("submitted_files")
    asset = source.add_dataframe_asset("submitted_frame")
    return asset.add_batch_definition_whole_dataframe("whole_file")


def _failing_rows(rules: list[Rule], work: pd.DataFrame, name: str) -> dict[int, list[int]]:
    """Rule index -> ids (``_rid``) of the failing rows, from one validation of the suite."""
    with _lock:
        definition = _batch_definition()  # creates the context the suite needs
        suite = gx.ExpectationSuite(name=name)
        for rule in rules:
            suite.add_expectation(rule.expectation)
        batch = definition.get_batch(batch_parameters={"dataframe": work})
        # Only each rule's success is read, so the engine is not asked for counts and
        # samples of the failing rows (a third of the time of checking a small file).
        result = batch.validate(suite, result_format={"result_format": "BOOLEAN_ONLY"})
    # Results come back in the engine's order, not the suite's: match them by configuration.
    # Great Expectations decides which rules fail; the rows themselves come from the same
    # condition as one vectorised mask (its own index lists are built row by row, which
    # costs seconds on a file with many refused rows).
    by_key = {_config_key(r.expectation.configuration): i for i, r in enumerate(rules)}
    failing: dict[int, list[int]] = {}
    for res in result.results:
        if res.success:
            continue
        index = by_key[_config_key(res.expectation_config)]
        mask = _unexpected(rules[index].expectation, work)
        failing[index] = [int(r) for r in work.loc[mask, "_rid"]]
    return failing


def _unexpected(expectation, work: pd.DataFrame) -> pd.Series:
    """Rows an expectation counts as unexpected, as one boolean mask (same conditions)."""
    if isinstance(expectation, E.ExpectColumnValuesToNotBeNull):
        return work[expectation.column].isna()
    if isinstance(expectation, E.ExpectColumnValuesToBeInSet):
        col = work[expectation.column]
        return col.notna() & ~col.isin(list(expectation.value_set))
    if isinstance(expectation, E.ExpectColumnValuesToBeBetween):
        col = pd.to_numeric(work[expectation.column], errors="coerce")
        bad = pd.Series(False, index=work.index)
        lo, hi = expectation.min_value, expectation.max_value
        if lo is not None:
            bad |= col <= lo if expectation.strict_min else col < lo
        if hi is not None:
            bad |= col >= hi if expectation.strict_max else col > hi
        return col.notna() & bad
    if isinstance(expectation, E.ExpectColumnPairValuesAToBeGreaterThanB):
        a, b = work[expectation.column_A], work[expectation.column_B]
        ok = a >= b if expectation.or_equal else a > b
        return a.notna() & b.notna() & ~ok
    if isinstance(expectation, E.ExpectCompoundColumnsToBeUnique):
        return work.duplicated(list(expectation.column_list), keep=False)
    raise TypeError(f"no row mask for {type(expectation).__name__}")


def _config_key(config) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    return config.type + json.dumps(kwargs, sort_keys=True, default=str)


def _repeats(rule: Rule, flagged: pd.DataFrame) -> list[dict]:
    """Rows whose key already appeared above them in the same file, with that first row.

    Set-based (one sort and one group-by), so a file of many repeats costs no more than
    one pass over it.
    """
    keys = ["_file", *rule.unique_key]
    ordered = flagged.sort_values(["_file", "row_number"]).copy()
    ordered["_first_row"] = (
        ordered.groupby(keys, dropna=False, sort=False)["row_number"].transform("first")
    ).astype("int64")
    repeats = ordered[ordered["row_number"] != ordered["_first_row"]]
    return _records(repeats)


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, column by column (several times faster on many rows)."""
    names = list(frame.columns)
    return [
        dict(zip(names, values, strict=True))
        for values in zip(*(frame[c].tolist() for c in names), strict=True)
    ]


def _run(
    rules: list[Rule], work: pd.DataFrame, labels: Sequence[dict[str, str]], name: str
) -> list[list[RowIssue]]:
    """Issues per file of ``work`` (rows of several files, told apart by ``_file``)."""
    issues: list[list[RowIssue]] = [[] for _ in labels]
    if work.empty:
        return issues
    failing = _failing_rows(rules, work, name)
    for index, rids in sorted(failing.items()):
        rule = rules[index]
        rows = work.iloc[rids]
        found = _repeats(rule, rows) if rule.unique_key else _records(rows)
        for row in found:
            file_index = int(row["_file"])
            issues[file_index].append(_issue(rule, row, labels[file_index]))
    return issues


def _issue(rule: Rule, row: dict, labels: dict[str, str]) -> RowIssue:
    value = row.get(rule.column)
    return RowIssue(
        int(row["row_number"]),
        labels.get(rule.column, rule.column),
        _fmt(value) or None,
        rule.message(row),
    )


E = gx.expectations


def _in_set(column: str, values) -> gx.expectations.Expectation:
    return E.ExpectColumnValuesToBeInSet(column=column, value_set=sorted(values))


def _true(column: str) -> gx.expectations.Expectation:
    return E.ExpectColumnValuesToBeInSet(column=column, value_set=[True])


def _not_null(column: str) -> gx.expectations.Expectation:
    return E.ExpectColumnValuesToNotBeNull(column=column)


# --------------------------------------------------------------------------- progress


def progress_rules(refs: ReferenceSets) -> list[Rule]:
    year = refs.year
    missing = "Ô này để trống; đây là cột bắt buộc. Điền giá trị rồi nộp lại."
    statuses = refs.words.get("report_status", {})
    done, not_started = statuses.get("done", "done"), statuses.get("not_started", "not_started")
    return [
        Rule(_not_null("unit_code"), "unit_code", lambda r: missing),
        Rule(
            _in_set("unit_code", refs.unit_codes),
            "unit_code",
            lambda r: (
                f"Đơn vị '{_fmt(r['unit_code'])}' không có trong danh sách đơn vị báo cáo "
                "(các phòng ban của Quận 1 và 10 phường). Ghi đúng tên hoặc mã đơn vị như "
                "trong sheet 'Danh mục' của mẫu nhập."
            ),
        ),
        Rule(_not_null("period_code"), "period_code", lambda r: missing),
        Rule(
            _in_set("period_code", refs.period_codes),
            "period_code",
            lambda r: "Kỳ báo cáo phải là Quý I, 6 tháng, 9 tháng hoặc Năm.",
        ),
        Rule(
            _not_null("year"),
            "year",
            lambda r: (
                "Không xác định được năm báo cáo: ghi năm ở cột 'Năm' hoặc trong kỳ báo cáo "
                f"(ví dụ 'Quý I/{year}')."
            ),
        ),
        Rule(
            E.ExpectColumnValuesToBeBetween(column="year", min_value=year, max_value=year),
            "year",
            lambda r: (
                f"Năm {_fmt(r['year'])} nằm ngoài năm kế hoạch {year}. Báo cáo của năm khác "
                "phải nộp theo kế hoạch của năm đó."
            ),
        ),
        Rule(_not_null("task_id"), "task_id", lambda r: missing),
        Rule(
            _in_set("task_id", refs.task_ids),
            "task_id",
            lambda r: (
                f"Nhiệm vụ số '{_fmt(r['task_id'])}' không có trong Phụ lục Kế hoạch năm {year}. "
                "Ghi số thứ tự nhiệm vụ như trong Phụ lục (ví dụ 14, 22.1, 24a)."
            ),
        ),
        Rule(_not_null("status"), "status", lambda r: missing),
        Rule(
            _in_set("status", refs.words.get("report_status", {})),
            "status",
            lambda r: "Tình trạng không hợp lệ.",
        ),
        Rule(
            E.ExpectColumnValuesToBeBetween(column="percent_complete", min_value=0, max_value=100),
            "percent_complete",
            lambda r: (
                f"Tỷ lệ hoàn thành {_fmt(r['percent_complete'])} phải nằm trong khoảng 0–100 (%)."
            ),
        ),
        Rule(
            _true("_status_agrees"),
            "percent_complete",
            lambda r: (
                f"Tình trạng '{done if r['status'] == 'done' else not_started}' không khớp tỷ lệ "
                f"hoàn thành {_fmt(r['percent_complete'])}%: "
                + (
                    "nhiệm vụ hoàn thành phải đạt 100%."
                    if r["status"] == "done"
                    else "nhiệm vụ chưa triển khai phải là 0%."
                )
                + " Sửa tình trạng hoặc tỷ lệ cho khớp."
            ),
        ),
        Rule(
            _true("_report_date_ok"),
            "report_date",
            lambda r: (
                f"Ngày báo cáo {_fmt(r['report_date'])} nằm ngoài khoảng hợp lý của kỳ "
                f"(từ 01/01/{year} đến 31/12/{year + 1}). Kiểm tra lại ngày, tháng, năm."
            ),
        ),
        Rule(
            E.ExpectCompoundColumnsToBeUnique(
                column_list=["_file", "unit_code", "year", "period_code", "task_id"]
            ),
            "task_id",
            lambda r: (
                f"Trùng đơn vị, kỳ báo cáo và nhiệm vụ với dòng {r['_first_row']}: mỗi nhiệm vụ "
                "chỉ báo cáo một dòng mỗi kỳ. Xóa dòng trùng hoặc gộp nội dung."
            ),
            unique_key=("unit_code", "year", "period_code", "task_id"),
        ),
    ]


def _progress_work(frame: pd.DataFrame, refs: ReferenceSets) -> pd.DataFrame:
    work = frame.copy()
    for col in ("year", "percent_complete"):
        work[col] = pd.to_numeric(work[col], errors="coerce").astype("float64")
    lo, hi = dt.date(refs.year, 1, 1), dt.date(refs.year + 1, 12, 31)
    work["_report_date_ok"] = [
        d is None or (isinstance(d, float) and pd.isna(d)) or lo <= d <= hi
        for d in work["report_date"]
    ]
    # "Hoàn thành" means 100%, "Chưa triển khai" 0%; a blank percent says nothing.
    pct = work["percent_complete"]
    work["_status_agrees"] = ~(
        ((work["status"] == "done") & pct.notna() & (pct < 100))
        | ((work["status"] == "not_started") & pct.notna() & (pct > 0))
    )
    for col in ("unit_code", "period_code", "task_id", "status"):
        work[col] = work[col].astype("object")
    return work


# --------------------------------------------------------------------------- indicator


def indicator_rules(refs: ReferenceSets) -> list[Rule]:
    year = refs.year
    specs = refs.indicators
    missing = "Ô này để trống; đây là cột bắt buộc. Điền giá trị rồi nộp lại."
    known_scopes = {refs.district_code, *refs.ward_codes, *refs.office_codes}
    scope_words = refs.words.get("scope_kind", {})
    grain_words = refs.words.get("period_type", {})
    kind_words = refs.words.get("indicator_kind", {})

    def spec(r):
        return specs.get(r["indicator_code"])

    def scope_msg(r):
        s = spec(r)
        return (
            f"Chỉ số '{r['indicator_code']}' không nhận số liệu ở phạm vi này "
            f"({scope_words.get(r['scope_type'], r['scope_type'])}); chỉ nhận: "
            f"{', '.join(scope_words.get(x, x) for x in s.scopes) if s else ''}."
        )

    def grain_msg(r):
        s = spec(r)
        want = grain_words.get(s.period_type, s.period_type) if s else ""
        got = grain_words.get(r["period_type"], r["period_type"])
        return (
            f"Chỉ số '{r['indicator_code']}' báo cáo theo {want}, nhưng kỳ '{r['period_key']}' "
            f"là một {got}. Ghi kỳ theo {want}."
        )

    def measure_msg(r):
        s = spec(r)
        if s and s.kind == "rate":
            return (
                "Thiếu số liệu: chỉ số tỷ lệ cần cả Tử số và Mẫu số (để tổng hợp toàn quận "
                "bằng tổng tử số / tổng mẫu số)."
            )
        word = kind_words.get(s.kind, "") if s else ""
        return f"Thiếu số liệu: chỉ số {word} cần cột Giá trị; Tử số và Mẫu số để trống."

    def range_msg(r):
        s = spec(r)
        lo = "" if s is None or s.min_value is None else _fmt(float(s.min_value))
        hi = "" if s is None or s.max_value is None else _fmt(float(s.max_value))
        what = "Tỷ lệ" if s and s.kind == "rate" else "Giá trị"
        bound = f"từ {lo} đến {hi}" if lo and hi else (f"từ {lo} trở lên" if lo else f"tối đa {hi}")
        return f"{what} {_fmt(r['_effective_value'])} nằm ngoài khoảng cho phép ({bound})."

    def whole_msg(r):
        return (
            f"Giá trị {_fmt(r['value'])} không phải số nguyên, nhưng chỉ số "
            f"'{r['indicator_code']}' là số đếm. Ghi số nguyên (kiểm tra dấu phân cách hàng "
            "nghìn: 1.234 là một nghìn hai trăm ba mươi tư)."
        )

    def plausible_value_msg(r):
        limit = spec(r).plausible_max
        return (
            f"Giá trị {fmt_exact(r['value'])} lớn bất thường: vượt mức hợp lý {fmt_exact(limit)} của chỉ "
            f"số '{r['indicator_code']}'. Kiểm tra thừa chữ số hoặc nhầm dấu phân cách."
        )

    def plausible_parts_msg(r):
        limit = spec(r).plausible_max
        return (
            f"Tử số {fmt_exact(r['numerator'])} hoặc mẫu số {fmt_exact(r['denominator'])} lớn bất thường: "
            f"vượt mức hợp lý {fmt_exact(limit)} của chỉ số '{r['indicator_code']}'. Kiểm tra thừa "
            "chữ số hoặc nhầm dấu phân cách."
        )

    return [
        Rule(_not_null("indicator_code"), "indicator_code", lambda r: missing),
        Rule(
            _in_set("indicator_code", specs),
            "indicator_code",
            lambda r: (
                f"Mã chỉ số '{_fmt(r['indicator_code'])}' không có trong danh mục chỉ số. "
                "Dùng đúng mã trong sheet 'Danh mục' của mẫu nhập (ví dụ hs_truc_tuyen)."
            ),
        ),
        Rule(_not_null("scope_code"), "scope_code", lambda r: missing),
        Rule(
            _in_set("scope_code", known_scopes),
            "scope_code",
            lambda r: (
                f"Phạm vi '{_fmt(r['scope_code'])}' không phải UBND Quận 1, một trong 10 phường "
                "của Quận 1 hay một phòng ban của quận. Ghi đúng tên hoặc mã như trong sheet "
                "'Danh mục' của mẫu nhập."
            ),
        ),
        Rule(_true("_scope_allowed"), "scope_code", scope_msg),
        Rule(_not_null("period_key"), "period_key", lambda r: missing),
        Rule(_true("_grain_ok"), "period_key", grain_msg),
        Rule(
            _true("_period_allowed"),
            "period_key",
            lambda r: (
                f"Kỳ '{r['period_key']}' nằm ngoài năm kế hoạch {year}. Chỉ nhận các kỳ của "
                f"năm {year}, tháng 12/{year - 1} (mốc so sánh) và số liệu năm của các năm "
                "trước cho PCI, DDCI."
            ),
        ),
        Rule(_true("_has_measure"), "value", measure_msg),
        Rule(
            E.ExpectColumnValuesToBeBetween(column="numerator", min_value=0),
            "numerator",
            lambda r: f"Tử số {_fmt(r['numerator'])} không được âm.",
        ),
        Rule(
            E.ExpectColumnValuesToBeBetween(column="denominator", min_value=0, strict_min=True),
            "denominator",
            lambda r: (
                f"Mẫu số {_fmt(r['denominator'])} phải lớn hơn 0. Nếu kỳ này không có hồ sơ, "
                "bỏ dòng này thay vì ghi mẫu số bằng 0."
            ),
        ),
        Rule(
            E.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="denominator",
                column_B="numerator",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            "numerator",
            lambda r: (
                f"Tử số {_fmt(r['numerator'])} lớn hơn mẫu số {_fmt(r['denominator'])}: "
                "tỷ lệ vượt 100%. Kiểm tra lại hai cột."
            ),
        ),
        Rule(_true("_in_range"), "value", range_msg),
        Rule(_true("_whole"), "value", whole_msg),
        Rule(_true("_plausible_value"), "value", plausible_value_msg),
        Rule(_true("_plausible_parts"), "numerator", plausible_parts_msg),
        Rule(
            _true("_bare_percent_ok"),
            "value",
            lambda r: (
                f"Chỉ số '{r['indicator_code']}' chỉ ghi tỷ lệ {_fmt(r['value'])}% mà không có "
                "Tử số và Mẫu số: tỷ lệ toàn quận được tính bằng tổng tử số / tổng mẫu số, nên "
                "một tỷ lệ ghi sẵn sẽ bị bỏ khỏi phép cộng và làm sai số liệu chung. Ghi Tử số và "
                "Mẫu số (có thể để trống Giá trị) rồi nộp lại."
            ),
        ),
        Rule(
            _true("_value_consistent"),
            "value",
            lambda r: (
                f"Giá trị {_fmt(r['value'])} không khớp Tử số / Mẫu số "
                f"({_fmt(round(r['_computed'], 1))}%). Sửa Giá trị hoặc để trống ô Giá trị."
            ),
        ),
        Rule(
            E.ExpectCompoundColumnsToBeUnique(
                column_list=["_file", "indicator_code", "scope_code", "period_key"]
            ),
            "indicator_code",
            lambda r: (
                f"Trùng khóa (chỉ số, phạm vi, kỳ) với dòng {r['_first_row']}. Mỗi chỉ số chỉ "
                "ghi một dòng cho mỗi phạm vi và kỳ; xóa dòng trùng."
            ),
            unique_key=("indicator_code", "scope_code", "period_key"),
        ),
    ]


def rate_pct(numerator: float, denominator: float) -> float:
    """Numerator ÷ denominator in percent; NaN when either is missing or the denominator ≤ 0.

    The definition is the database's ``rate_pct`` macro (``data/store/schema.sql``); files
    are checked before anything is in the database, so this mirrors it, and
    ``tests/test_rate.py`` proves the two equal on every edge case.
    """
    if pd.isna(numerator) or pd.isna(denominator) or not denominator > 0:
        return float("nan")
    return float(numerator) * 100 / float(denominator)


def _decimals(value: float) -> int:
    for d in range(5):
        if abs(value - round(value, d)) < 1e-9:
            return d
    return 5


def _indicator_work(frame: pd.DataFrame, refs: ReferenceSets) -> pd.DataFrame:
    """The frame plus one boolean column per registry-dependent rule, computed set-based."""
    work = frame.copy()
    for col in ("numerator", "denominator", "value", "year"):
        work[col] = pd.to_numeric(work[col], errors="coerce").astype("float64")
    specs = refs.indicators
    code = work["indicator_code"].astype("object")
    known = code.isin(list(specs))

    def spec_col(attr, default=None):
        return code.map({c: getattr(s, attr) for c, s in specs.items()}).where(known, default)

    kind = spec_col("kind")
    grain = spec_col("period_type")
    lo = pd.to_numeric(spec_col("min_value"), errors="coerce").astype("float64")
    hi = pd.to_numeric(spec_col("max_value"), errors="coerce").astype("float64")
    bare_ok = spec_col("accepts_bare_percent", False).fillna(False).astype(bool)
    num, den, val = work["numerator"], work["denominator"], work["value"]
    has_num, has_den, has_val = num.notna(), den.notna(), val.notna()
    computed = (num * 100 / den).where(has_num & has_den & (den > 0))
    effective = computed.fillna(val)
    is_rate = kind.eq("rate")
    scope_ok = pd.Series(
        [
            not known_ or pd.isna(t) or t in specs[c].scopes
            for c, t, known_ in zip(code, work["scope_type"], known, strict=True)
        ],
        index=work.index,
        dtype=bool,
    )
    grain_ok = ~known | work["period_type"].isna() | work["period_type"].eq(grain)
    year = work["year"]
    period_ok = (
        ~known
        | work["period_key"].isna()
        | year.isna()
        | year.eq(refs.year)
        | (grain.eq("year") & year.isin(list(refs.history_years)))
        | (grain.eq("month") & work["period_key"].eq(f"{refs.year - 1}-12"))
    )
    value_only = has_val & ~has_num & ~has_den
    measure = ~known | (is_rate & ((has_num & has_den) | value_only)) | (~is_rate & has_val)
    # With a numerator and denominator the pair rule already bounds the rate.
    unbounded = computed.isna() & effective.notna()
    in_range = ~known | ~unbounded | (~(effective < lo) & ~(effective > hi))
    # A value beside numerator / denominator must agree with their ratio, to the value's
    # own precision (95,5 beside 191/200) but never tighter than 0.05 points.
    decimals = val.map(_decimals, na_action="ignore")
    tolerance = (0.5 * 10.0 ** -decimals.astype("float64") + 1e-9).clip(lower=0.05)
    consistent = ~known | ~(has_val & computed.notna()) | ((val - computed).abs() <= tolerance)
    bare = ~known | ~(is_rate & value_only) | bare_ok
    work["_scope_allowed"] = scope_ok.to_numpy()
    work["_grain_ok"] = grain_ok.fillna(True).astype(bool)
    work["_period_allowed"] = period_ok.fillna(True).astype(bool)
    work["_has_measure"] = measure.fillna(True).astype(bool)
    work["_in_range"] = in_range.fillna(True).astype(bool)
    work["_value_consistent"] = consistent.fillna(True).astype(bool)
    work["_bare_percent_ok"] = bare.fillna(True).astype(bool)
    limit = pd.to_numeric(spec_col("plausible_max"), errors="coerce").astype("float64")
    is_count = kind.eq("count")
    # Plausible upper bounds (registry): a count's value, a rate's numerator and denominator.
    plausible_value = ~(is_count & has_val & limit.notna() & (val > limit))
    plausible_parts = ~(
        is_rate & limit.notna() & ((has_num & (num > limit)) | (has_den & (den > limit)))
    )
    whole = ~(is_count & has_val & (val.fillna(0) % 1 != 0))
    work["_plausible_value"] = plausible_value.fillna(True).astype(bool)
    work["_plausible_parts"] = plausible_parts.fillna(True).astype(bool)
    work["_whole"] = whole.fillna(True).astype(bool)
    work["_computed"] = computed
    work["_effective_value"] = effective
    for col in ("indicator_code", "scope_code", "period_key"):
        work[col] = work[col].astype("object")
    return work


# --------------------------------------------------------------------------- entry point


def validate_many(
    kind: str,
    frames: Sequence[pd.DataFrame],
    refs: ReferenceSets,
    column_labels: Sequence[dict[str, str]] | None = None,
) -> list[list[RowIssue]]:
    """Check several normalised frames of one kind in one validation; issues per frame.

    One validation of many files costs little more than one of a single file, which
    matters when a whole folder of reports arrives at once.

    Args:
        kind: ``progress`` or ``indicator``.
        frames: Normalised rows (``row_number`` plus the frame columns of the kind).
        refs: Known units, wards, tasks, periods and indicator specs of the plan year.
        column_labels: Per frame, frame column -> header as the person wrote it.
    """
    labels = list(column_labels) if column_labels is not None else [{} for _ in frames]
    if kind == PROGRESS:
        rules, make_work = progress_rules(refs), _progress_work
    elif kind == INDICATOR:
        rules, make_work = indicator_rules(refs), _indicator_work
    else:
        raise ValueError(f"unknown input kind {kind!r}")
    parts = []
    for index, frame in enumerate(frames):
        if frame.empty:
            continue
        part = make_work(frame, refs)
        part["_file"] = index
        parts.append(part)
    if not parts:
        return [[] for _ in frames]
    work = pd.concat(parts, ignore_index=True)
    work["_rid"] = range(len(work))  # equal to the RangeIndex that GX reports failing rows by
    issues = _run(rules, work, labels, f"{kind}_{refs.year}")
    return [sorted(found, key=lambda i: i.row or 0) for found in issues]


def validate(
    kind: str,
    frame: pd.DataFrame,
    refs: ReferenceSets,
    column_labels: dict[str, str] | None = None,
) -> list[RowIssue]:
    """Check one normalised frame; return one issue per failing cell, in row order."""
    return validate_many(kind, [frame], refs, [column_labels or {}])[0]
