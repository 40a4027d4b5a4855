"""What the monthly briefing says: group status, headline KPIs, top problems and the narrative.

Everything here is computed from ``metrics.api`` for one month (its last day is the as-of
date) over the whole district; the narrative is assembled from those results and formatted
with ``metrics.format``, so no figure in it is typed by hand. The dashboard's "Bản tin" page
and the PDF of ``python -m dashboard.briefing`` both read one ``Briefing``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from data import catalog
from data.catalog import load_registry
from metrics import api, common, labels
from metrics import format as fmt
from metrics.common import DISTRICT, DbPath, MetricsInputError

# The KPIs of the headline cards and charts, in the order the meeting reads them. Chosen
# once so that every month's briefing shows the same charts; codes missing from the
# registry are skipped and the registry's ``headline`` flags fill up to MAX_HEADLINE.
BRIEFING_KPIS = (
    "hs_truc_tuyen",
    "hs_dung_han",
    "dvc_toan_trinh",
    "ttdt_tthc",
    "giai_ngan_dtc",
    "ho_ngheo",
)
MAX_HEADLINE = 6
# The KPI whose sentence opens the narrative (with its count of lagging wards).
LEAD_KPI = "hs_truc_tuyen"
# A ward lags when it is judged and not on its glide path.
LAGGING = ("not_met", "at_risk", "behind")
JUDGED = ("met", "on_track", "behind", "at_risk", "not_met")
# How many names a sentence lists before it says "và N … khác".
MAX_NAMES = 3

_MONTH_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True)
class HeadlineKpi:
    """One headline KPI of the month, with every figure already in Vietnamese format."""

    code: str
    label: str
    group: str
    unit: str
    status: str
    status_label: str
    value: float | None
    value_text: str
    change: float | None
    change_text: str
    expected: float | None
    expected_text: str
    target_text: str
    target_sample: bool
    wards_lagging: int
    wards_judged: int


@dataclass
class Briefing:
    """Everything the monthly briefing shows, computed once for one month."""

    year: int
    month: str  # "YYYY-MM"
    as_of: dt.date
    plan_name: str
    plan_title: str
    freshness: dt.date | None
    is_sample: bool
    groups: pd.DataFrame  # api.group_summary + status_label
    kpis: pd.DataFrame  # api.kpi_table at district scope
    tasks: pd.DataFrame  # api.task_table
    headline: list[HeadlineKpi]
    overdue_tasks: pd.DataFrame
    missing_reports: pd.DataFrame
    lagging_wards: pd.DataFrame
    compliance_summary: pd.DataFrame
    sentences: list[str] = field(default_factory=list)

    @property
    def month_label(self) -> str:
        """``"6/2023"``: the month as people say it."""
        return month_label(self.month)

    @property
    def narrative(self) -> str:
        return " ".join(self.sentences)


# --------------------------------------------------------------------------- month


def parse_month(text: str) -> tuple[int, int]:
    """``"2023-06"`` → ``(2023, 6)``; anything else raises ``MetricsInputError`` (Vietnamese)."""
    match = _MONTH_TEXT.match(str(text or ""))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise MetricsInputError(
            f"Tháng '{text}' không hợp lệ: ghi theo dạng YYYY-MM, ví dụ {_example_year()}-06."
        )
    return int(match.group(1)), int(match.group(2))


def _example_year() -> int:
    """The year used in examples of what to type: the latest plan year of the catalog."""
    years = catalog.available_years()
    return years[-1] if years else dt.date.today().year


def month_label(month: str) -> str:
    """``"2023-06"`` → ``"6/2023"``."""
    year, number = parse_month(month)
    return f"{number}/{year}"


def previous_month_label(month: str) -> str:
    """The month before, as the narrative names it: ``"tháng 5"``, or ``"tháng 12/2022"``."""
    year, number = parse_month(month)
    if number == 1:
        return f"tháng 12/{year - 1}"
    return f"tháng {number - 1}"


def default_month(db: DbPath = None) -> str | None:
    """The latest month with data of the latest plan year, or None for an empty warehouse."""
    years = api.available_years(db)
    return api.latest_month(years[-1], db) if years else None


def plan_name(year: int) -> tuple[str, str]:
    """("Kế hoạch số <number> ngày <issued> của UBND Quận 1", theme title) of a plan year."""
    plan = catalog.load_plan(year)
    name = f"Kế hoạch số {plan.number} ngày {fmt.fmt_date(plan.issued_date)} của UBND Quận 1"
    return name, plan.title


# --------------------------------------------------------------------------- building


def _names(items: list[str], what: str) -> str:
    """Names joined as "A, B, C và 2 {what} khác": a list short enough to read aloud."""
    shown = items[:MAX_NAMES]
    text = ", ".join(shown)
    rest = len(items) - len(shown)
    return f"{text} và {rest} {what} khác" if rest > 0 else text


def _headline_codes(kpis: pd.DataFrame) -> list[str]:
    known = set(kpis["code"])
    codes = [c for c in BRIEFING_KPIS if c in known]
    for code in kpis.loc[kpis["headline"].astype(bool), "code"]:
        if len(codes) >= MAX_HEADLINE:
            break
        if code not in codes:
            codes.append(code)
    return codes[:MAX_HEADLINE]


def change_text(change: float | None, kpi_format: str, unit: str) -> str:
    """``+3,1 điểm %`` style change of a KPI, in its own display format."""
    if common.is_missing(change):
        return fmt.EMPTY
    return fmt.fmt_change(change, kpi_format, unit)


def _ward_counts(code: str, year: int, as_of: dt.date, db: DbPath) -> tuple[pd.DataFrame, int]:
    wards = api.kpi_by_ward(code, year, as_of, db=db)
    judged = wards[wards["status"].isin(JUDGED)]
    return judged[judged["status"].isin(LAGGING)], len(judged)


def build_briefing(month: str | None = None, db: DbPath = None) -> Briefing:
    """Compute the briefing of ``month`` ("YYYY-MM"; default: the latest month with data)."""
    if month is None:
        month = default_month(db)
        if month is None:
            raise MetricsInputError(
                "Cơ sở dữ liệu chưa có số liệu: nạp số liệu trước (python -m data ingest …)."
            )
    year, number = parse_month(month)
    month = f"{year}-{number:02d}"
    if year not in api.available_years(db):
        raise MetricsInputError(
            f"Chưa có kế hoạch năm {year} trong cơ sở dữ liệu: chọn tháng thuộc năm "
            f"{', '.join(str(y) for y in api.available_years(db)) or 'có số liệu'}."
        )
    as_of = common.month_end(year, number)
    registry = load_registry()
    kpis = api.kpi_table(year, as_of, DISTRICT, db=db)
    tasks = api.task_table(year, as_of, db=db)
    groups = api.group_summary(year, as_of, db=db, tasks=tasks, kpis=kpis)
    groups["status_label"] = groups["status"].map(labels.KPI_STATUS)
    compliance = api.compliance_table(year, as_of, db=db)
    summary = api.compliance_summary(year, as_of, db=db)

    headline: list[HeadlineKpi] = []
    lagging_frames = []
    by_code = kpis.set_index("code")
    for code in _headline_codes(kpis):
        row = by_code.loc[code]
        ind = registry.get(code)
        lagging, judged = (pd.DataFrame(), 0)
        if "ward" in ind.scopes:
            lagging, judged = _ward_counts(code, year, as_of, db)
            if not lagging.empty:
                lagging_frames.append(lagging.assign(code=code, label=row["label"]))
        headline.append(
            HeadlineKpi(
                code=code,
                label=row["label"],
                group=row["group"],
                unit=row["unit"],
                status=row["status"],
                status_label=labels.KPI_STATUS[row["status"]],
                value=None if common.is_missing(row["value"]) else float(row["value"]),
                value_text=fmt.fmt_value(row["value"], row["format"]),
                change=None if common.is_missing(row["change"]) else float(row["change"]),
                change_text=change_text(row["change"], row["format"], row["unit"]),
                expected=None if common.is_missing(row["expected"]) else float(row["expected"]),
                expected_text=fmt.fmt_value(row["expected"], row["format"]),
                target_text=row["target_text"] or labels.NO_TARGET,
                target_sample=bool(row["target_sample"]),
                wards_lagging=len(lagging),
                wards_judged=judged,
            )
        )

    overdue = tasks[tasks["status"] == "overdue"][
        ["task_id", "group", "content", "lead_names", "deadline_date", "percent"]
    ].reset_index(drop=True)
    missing = compliance[compliance["status"] == "missing"][
        ["unit_code", "unit_name", "unit_kind", "period_label", "due_date"]
    ]
    missing = missing.sort_values("due_date", ascending=False, kind="stable").reset_index(drop=True)
    lagging_wards = _lagging_table(lagging_frames)
    name, title = plan_name(year)
    briefing = Briefing(
        year=year,
        month=month,
        as_of=as_of,
        plan_name=name,
        plan_title=title,
        freshness=api.data_freshness(db),
        is_sample=api.is_sample_data(db),
        groups=groups,
        kpis=kpis,
        tasks=tasks,
        headline=headline,
        overdue_tasks=overdue,
        missing_reports=missing,
        lagging_wards=lagging_wards,
        compliance_summary=summary,
    )
    briefing.sentences = narrative_sentences(briefing)
    return briefing


def _lagging_table(frames: list[pd.DataFrame]) -> pd.DataFrame:
    columns = ["ward_code", "ward_name", "code", "label", "value", "expected", "status"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    out["_severity"] = out["status"].map({s: i for i, s in enumerate(labels.KPI_STATUS_ORDER)})
    out = out.sort_values(["_severity", "code", "ward_code"], kind="stable")
    return out[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- narrative


def kpi_sentence(kpi: pd.Series, month: str, lagging: int | None, judged: int | None) -> str:
    """One KPI as a sentence: value, change on last month, lagging wards.

    Year-to-date rates and counts say "lũy kế đến tháng m/yyyy"; a level (a stock, a
    cumulative rate) is the month's own standing, "tháng m/yyyy".
    """
    ind = load_registry().get(kpi["code"])
    cumulative = ind.time_aggregation in ("ratio_of_sums", "sum")
    when = f"lũy kế đến tháng {month_label(month)}" if cumulative else f"tháng {month_label(month)}"
    value = fmt.fmt_value(kpi["value"], kpi["format"])
    unit = "" if kpi["format"] == "percent" else f" {kpi['unit']}"
    text = f"{kpi['label']} {when} đạt {value}{unit}"
    change = kpi["change"]
    if not common.is_missing(change):
        decimals = fmt.DECIMALS.get(kpi["format"], 1)
        amount = fmt.fmt_number(abs(change), decimals)
        step = " điểm phần trăm" if kpi["format"] == "percent" else unit
        before = previous_month_label(month)
        if amount.strip("0,.") == "":
            text += f", không đổi so với {before}"
        else:
            verb = "tăng" if change > 0 else "giảm"
            text += f", {verb} {amount}{step} so với {before}"
    if not common.is_missing(kpi["expected"]) and kpi["status"] in LAGGING:
        text += f" (lộ trình {fmt.fmt_value(kpi['expected'], kpi['format'])}{unit})"
    if judged and lagging:
        text += f"; {lagging}/{judged} phường chưa đạt lộ trình"
    elif judged:
        text += f"; {judged}/{judged} phường đạt lộ trình"
    return text + "."


def _group_name(row) -> str:
    return f"Nhóm {row['group']} – {row['short_name']}"


def groups_sentence(groups: pd.DataFrame, month: str) -> str:
    """How many of the five groups stand where, naming the groups off track."""
    if groups.empty:
        return f"Tháng {month_label(month)}: chưa có nhóm giải pháp nào để đánh giá."
    parts = []
    for status in ("met", "on_track", "behind", "at_risk", "not_met", "no_data"):
        rows = groups[groups["status"] == status]
        if rows.empty:
            continue
        part = f"{len(rows)} {labels.KPI_STATUS[status].lower()}"
        if status in LAGGING:
            part += f" ({', '.join(_group_name(r) for _, r in rows.iterrows())})"
        parts.append(part)
    return (
        f"Đến hết tháng {month_label(month)}, {len(groups)} nhóm giải pháp: "
        + "; ".join(parts)
        + "."
    )


def tasks_sentence(tasks: pd.DataFrame) -> str:
    """Task counts by status, naming the overdue tasks; the counts add up to the total.

    Done first, then every other status present, worst first (the vocabulary's order).
    """
    counts = tasks["status"].value_counts()
    parts = []
    for status in ["done", *(s for s in labels.TASK_STATUS if s != "done")]:
        n = int(counts.get(status, 0))
        if n == 0 and status != "done":
            continue
        part = f"{n} {labels.TASK_STATUS[status].lower()}"
        if status == "overdue":
            # Longest overdue first: the names a short sentence keeps are the oldest slips.
            overdue = tasks[tasks["status"] == "overdue"]
            ids = overdue.sort_values("deadline_date", kind="stable")["task_id"].tolist()
            part += f" (nhiệm vụ {_names(ids, 'nhiệm vụ')})"
        parts.append(part)
    return f"{len(tasks)} nhiệm vụ của Kế hoạch: " + ", ".join(parts) + "."


def kpis_off_track_sentence(kpis: pd.DataFrame) -> str | None:
    """Every district KPI off its glide path, worst first; None when there is none."""
    off = kpis[kpis["status"].isin(LAGGING)].copy()
    if off.empty:
        return None
    off["_severity"] = off["status"].map({s: i for i, s in enumerate(labels.KPI_STATUS_ORDER)})
    off = off.sort_values(["_severity", "ratio"], kind="stable")
    items = []
    for _, k in off.iterrows():
        unit = "" if k["format"] == "percent" else f" {k['unit']}"
        item = f"{k['label']} {fmt.fmt_value(k['value'], k['format'])}{unit}"
        if not common.is_missing(k["expected"]):
            item += f" (lộ trình {fmt.fmt_value(k['expected'], k['format'])}{unit})"
        items.append(item)
    return f"{len(off)} chỉ số chưa đạt lộ trình: {_names(items, 'chỉ số')}."


def reports_sentence(summary: pd.DataFrame, missing: pd.DataFrame) -> str:
    """The latest reporting period that fell due, then every report still missing.

    ``missing`` is the briefing's list of missing reports (every period that fell due), so
    the count in the sentence is the length of the list printed beside it.
    """
    if summary.empty:
        return "Chưa đến hạn nộp báo cáo kỳ nào."
    last = summary.iloc[-1]
    received = int(last["expected"]) - int(last["missing"])
    text = (
        f"Báo cáo kỳ {last['period_label']}: {received}/{int(last['expected'])} đơn vị đã nộp, "
        f"{int(last['on_time'])} đúng hạn"
    )
    if int(last["returned"]):
        text += f", {int(last['returned'])} bị trả lại cần sửa"
    if missing.empty:
        return text + "; không còn báo cáo nào chưa nộp."
    items = [f"{r['unit_name']} (kỳ {r['period_label']})" for _, r in missing.iterrows()]
    return text + f"; còn {len(missing)} báo cáo chưa nộp: {_names(items, 'báo cáo')}."


def narrative_sentences(b: Briefing) -> list[str]:
    """The short narrative of the month, one sentence per topic."""
    sentences = [groups_sentence(b.groups, b.month)]
    lead = next((h for h in b.headline if h.code == LEAD_KPI), None)
    by_code = b.kpis.set_index("code", drop=False)
    if lead is not None and lead.value is not None:
        sentences.append(
            kpi_sentence(by_code.loc[LEAD_KPI], b.month, lead.wards_lagging, lead.wards_judged)
        )
    if not b.tasks.empty:
        sentences.append(tasks_sentence(b.tasks))
    off = kpis_off_track_sentence(b.kpis)
    if off:
        sentences.append(off)
    sentences.append(reports_sentence(b.compliance_summary, b.missing_reports))
    return sentences
