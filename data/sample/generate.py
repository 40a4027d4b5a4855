"""Deterministic generator of the SAMPLE input files in ``data/sample`` (never official figures).

Run ``python -m data.sample --out data/sample``. Everything is derived from the catalog
(plan year, units, wards, periods, tasks, indicator registry) and from string-seeded
``random.Random`` instances, and workbooks carry fixed timestamps, so two runs write
byte-identical files. The files carry the problems real submissions have (late and
missing reports, a slipped task, a lagging ward, CSVs in three encodings, title rows,
text dates, blank rows, ward names spelt several ways) and a few rows the checks must
reject; ``README.md`` in the output folder is written by the same code and lists them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from data import catalog
from data.catalog import columns
from data.intake.templates import workbook_bytes
from data.sample import register as sample_register

PREFIX = "mau_"
SEED = "kpi-quan1-mau"
XLSX, CSV = "xlsx", "csv"

# Who misbehaves in the sample (used only when the catalog has them as reporting units).
LATE_UNIT = "QLDT"  # reports a week after every deadline
LATE_DAYS = 7
MISSING_UNIT, MISSING_PERIOD = "TNMT", "9M"  # skips the 9-month report entirely
LATE_ONCE = ("COL", "H1", 3)  # a ward three days late once
# A ward whose 9-month report is dated two days before the deadline but reached the
# district six days after it (a backdated file: late by arrival).
BACKDATED = ("BN", "9M", 6)
# A ward whose year-end report arrives with every percentage mistyped: refused whole,
# so it is "returned" (needs correcting), not missing.
RETURNED = ("DK", "Y")
ARRIVALS_FILE = "arrivals.yaml"
SLIPPED_TASK = "27"  # deadline June, still in progress at 9M and Y
NOVEMBER_TASK = "4"  # deadline November, done on time
WAITING_TASKS = {
    "19": "Chờ Thành phố ban hành Kế hoạch thí điểm tổ chức lại Ban Bồi thường, giải phóng "
    "mặt bằng thành Trung tâm Phát triển quỹ đất.",
    "26": "Chờ Quốc hội ban hành Nghị quyết thay thế Nghị quyết số 54/2017/QH14 và văn bản "
    "hướng dẫn của Thành phố.",
}
LAGGING_WARD = "CK"  # online dossiers stay around 55–65 %

# How units write their own name and which file quirks they have. Keys are unit codes.
UNIT_SPELLING = {
    "BN": "P. Bến Nghé",
    "BT": "ben thanh",
    "DK": "Phường Đa Kao",
    "TD": "Tân Định",
    "NCT": "NCT",
    "CK": "Phường Cầu Kho",
    "TCKH": "TCKH",
}
TITLE_ROWS_UNIT = "BN"  # two title rows above the header
TEXT_DATE_KINDS = ("ward",)  # wards type dates as dd/mm/yyyy text
TEXT_DATE_UNITS = ("TP", "BBT")
BLANK_ROWS_UNIT = "NCT"  # a blank row inside the data and formatted empty rows below
UPPER_HEADER_UNIT = "KT"  # headers typed in capitals
NO_YEAR_COLUMN_UNIT = "VHTT"  # period written "Quý I/2023", no Năm column
FIRST_TASK_COLUMN_UNIT = "TCKH"  # columns in a different order
# (file stem without prefix, format, encoding, delimiter, decimal comma)
CSV_FILES = {
    ("progress", "TP", "Q1"): ("utf-8-sig", ","),
    ("progress", "CK", "H1"): ("utf-8-sig", ","),
    ("progress", "LDTBXH", "9M"): ("cp1258", ";"),
    ("indicator", "Q1", 3): ("cp1258", ";"),
    ("indicator", "PNL", 2): ("utf-8", ","),
}
MONTH_FORMAT = {"DK": "{m:02d}/{y}", "TD": "{m:02d}/{y}", "NCT": "T{m}/{y}", "PNL": "T{m}/{y}"}

# Monthly dossier volume of each scope (District 1 wards receive roughly 300–1,500).
WARD_VOLUME = {
    "BN": 1380,
    "BT": 1260,
    "PNL": 1040,
    "TD": 960,
    "DK": 910,
    "NCT": 820,
    "NTB": 700,
    "CG": 520,
    "COL": 430,
    "CK": 380,
}
DISTRICT_VOLUME = 4300
SEASON = {1: 0.82, 2: 0.88, 3: 1.02, 4: 0.97, 5: 1.03, 6: 1.0, 7: 1.01, 8: 1.04}
SEASON.update({9: 0.97, 10: 1.02, 11: 1.03, 12: 1.08})

HOUSEHOLD_INDICATORS = ("ho_ngheo", "ho_can_ngheo", "ho_thoat_ngheo")
SCOPE_INDICATORS = (
    "dvc_toan_trinh",
    "hs_truc_tuyen",
    "hs_dung_han",
    "hs_tre_han",
    "hs_dang_qua_han",
    "hs_tre_han_xin_loi",
    "ttdt_tthc",
    "pakn_dung_han",
    "hai_long",
    "khieu_nai_dung_han",
    "doi_thoai_dn",
    "sang_kien",
) + HOUSEHOLD_INDICATORS
# Public education and health units that can take e-payments, and when they started.
EPAY_UNITS = {"GDDT": (38, 29, 9), "YT": (12, 8, 6)}  # total, adopted in Dec, full by month
PUBLIC_INVESTMENT = (1_486_250.0, 1_412_800.0, 1_325_400.0)  # plan, adjusted in July, last year
DISBURSED_SHARE = (0.02, 0.05, 0.11, 0.17, 0.24, 0.33, 0.41, 0.49, 0.58, 0.69, 0.79, 0.93)
# Yearly PCI / DDCI values: clearly fictitious, plausible (score 0–100, sub-indices 0–10).
PCI_VALUES = {
    "pci_diem": (65.84, 67.12, 68.47),
    "pci_hang": (14, 11, 9),
    "pci_gia_nhap_thi_truong": (7.12, 7.35, 7.58),
    "pci_tiep_can_dat_dai": (5.41, 5.28, 5.62),
    "pci_minh_bach": (6.35, 6.58, 6.71),
    "pci_chi_phi_thoi_gian": (6.87, 7.02, 7.21),
    "pci_chi_phi_khong_chinh_thuc": (5.95, 5.71, 5.64),
    "pci_canh_tranh_binh_dang": (6.02, 6.18, 6.11),
    "pci_nang_dong": (6.44, 6.67, 6.92),
    "pci_ho_tro_doanh_nghiep": (6.25, 6.51, 6.86),
    "pci_dao_tao_lao_dong": (6.78, 6.85, 7.04),
    "pci_thiet_che_phap_ly": (6.61, 6.49, 6.83),
    "ddci_diem": (71.35, 73.08, 75.42),
    "ddci_hang": (5, 3, 2),
}
SAMPLE_NOTE = "Dữ liệu mẫu, không phải số liệu chính thức"

DIFFICULTIES = (
    "Nhân sự thực hiện còn kiêm nhiệm nhiều việc.",
    "Chưa có hướng dẫn chi tiết của Thành phố về tiêu chí đánh giá.",
    "Hệ thống phần mềm chưa kết nối đồng bộ với Cổng dịch vụ công Thành phố.",
    "Một số hồ sơ tồn đọng có nguồn gốc phức tạp, đang xin ý kiến Sở Tài nguyên và Môi trường.",
    "Kinh phí thực hiện chưa được bố trí kịp thời.",
)
WARD_DIFFICULTIES = (
    "Thiếu mặt bằng để bố trí trụ sở khu phố sau sắp xếp.",
    "Một số tổ dân phố chưa thống nhất phương án sáp nhập, cần thêm thời gian lấy ý kiến.",
    "Người dân còn thói quen nộp hồ sơ trực tiếp.",
)
SLIPPED_DIFFICULTY = (
    "Chưa ban hành được Kế hoạch đúng hạn do chờ hướng dẫn của Thành phố về tiêu chí xét "
    "giải thưởng; kinh phí tổ chức phong trào chưa được bố trí."
)
# Document symbols use Vietnamese letters (QLĐT, LĐTBXH), as in real documents.
DOC_SYMBOL = {"QLDT": "QLĐT", "LDTBXH": "LĐTBXH", "GDDT": "GDĐT"}

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_BOLD = Font(bold=True)


@dataclass
class BadRow:
    """A row the checks must reject, as documented in the README."""

    index: int  # position in SampleFile.rows
    column: str
    value: str
    why: str
    row: int | None = None  # row number as Excel / a text editor shows it; set on render


@dataclass
class SampleFile:
    """One sample file before it is written."""

    name: str
    kind: str
    header: list[str]
    rows: list[list | None]  # None is a blank row
    fmt: str = XLSX
    titles: tuple[str, ...] = ()
    sheet: str = "Sheet1"
    encoding: str = "utf-8"
    delimiter: str = ","
    decimal_comma: bool = False
    text_dates: bool = False
    trailing_blank: int = 0
    bad: list[BadRow] = field(default_factory=list)
    arrival: dt.datetime | None = None  # when the file reached the district

    @property
    def header_row(self) -> int:
        return len(self.titles) + 1

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


# --------------------------------------------------------------------------- helpers


def _rng(*parts) -> random.Random:
    # A string seed is hashed with SHA-512: stable across runs and Python processes.
    return random.Random(":".join([SEED, *map(str, parts)]))


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _weekday_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _weekday_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _spelling(unit: catalog.Unit) -> str:
    return UNIT_SPELLING.get(unit.code, unit.name)


def _symbol(unit: catalog.Unit) -> str:
    return DOC_SYMBOL.get(unit.code, unit.code)


def _task_cell(task_id: str):
    # People type task numbers as numbers; only ids like "24a" stay text.
    return int(task_id) if task_id.isdigit() else task_id


def encode_cp1258(text: str) -> bytes:
    """Encode like Excel's plain "CSV" on Vietnamese Windows: tone marks as combining marks.

    Args:
        text: Any Unicode text.

    Returns:
        The cp1258 bytes; decoding and NFC-normalising them gives ``text`` back.
    """
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


# --------------------------------------------------------------------------- progress


def _led_tasks(plan: catalog.Plan, unit: catalog.Unit) -> list[catalog.Task]:
    def leads(task: catalog.Task) -> bool:
        if unit.code in task.leads:
            return True
        if unit.kind == "ward":
            return catalog.ALL_WARDS in task.leads
        return catalog.ALL_UNITS in task.leads and unit.kind in ("office", "collective")

    return sorted((t for t in plan.tasks if leads(t)), key=lambda t: t.order)


def _report_date(unit: catalog.Unit, period: catalog.Period) -> dt.date:
    if unit.code == LATE_UNIT:
        return period.due_date + dt.timedelta(days=LATE_DAYS)
    if (unit.code, period.code) == LATE_ONCE[:2]:
        return _weekday_after(period.due_date + dt.timedelta(days=LATE_ONCE[2]))
    rng = _rng("report-date", unit.code, period.code)
    return _weekday_before(period.due_date - dt.timedelta(days=rng.randint(0, 8)))


def _fraction(plan: catalog.Plan, task: catalog.Task, on: dt.date) -> float:
    """Share of the task's time elapsed on ``on``; tasks without a date run to year end."""
    end = task.deadline_date or dt.date(plan.year, 12, 31)
    start = plan.issued_date
    return max(0.0, min(1.0, (on - start).days / max(1, (end - start).days)))


@dataclass
class _Progress:
    status: str
    percent: int | None
    document: str
    difficulty: str
    note: str


def _documents(
    plan: catalog.Plan, unit: catalog.Unit, task: catalog.Task, dates: Sequence[dt.date]
) -> tuple[str, list[str]]:
    """The plan a unit issues for a task and the report it sends each period."""
    rng = _rng("documents", unit.code, task.id)
    issued = _weekday_before(plan.issued_date + dt.timedelta(days=rng.randint(14, 45)))
    if unit.kind == "ward":
        plan_doc = f"Kế hoạch số {rng.randint(8, 40)}/KH-UBND ngày {_vn(issued)} của {unit.name}"
    else:
        plan_doc = f"Kế hoạch số {rng.randint(30, 95)}/KH-UBND ngày {_vn(issued)}"
    symbol = "UBND" if unit.kind == "ward" else _symbol(unit)
    reports = []
    number = rng.randint(20, 60)
    for day in dates:
        number += rng.randint(25, 70)
        signed = _weekday_before(day - dt.timedelta(days=rng.randint(0, 3)))
        reports.append(f"Báo cáo số {number}/BC-{symbol} ngày {_vn(signed)}")
    return plan_doc, reports


def _task_progress(
    plan: catalog.Plan, unit: catalog.Unit, task: catalog.Task, dates: Sequence[dt.date]
) -> list[_Progress]:
    """Status of one task in each period's report of one unit (monotonic over the year)."""
    statuses = columns.TASK_REPORT_STATUS
    rng = _rng("progress", unit.code, task.id)
    speed = rng.uniform(0.85, 1.2)
    plan_doc, reports = _documents(plan, unit, task, dates)
    pool = WARD_DIFFICULTIES if unit.kind == "ward" else DIFFICULTIES
    out: list[_Progress] = []
    percent_so_far = 0
    for index, day in enumerate(dates):
        difficulty = pool[rng.randrange(len(pool))] if rng.random() < 0.12 else ""
        note = ""
        if task.deadline_kind == "continuous":
            percent, note = None, "Nhiệm vụ thường xuyên"
        elif task.id in WAITING_TASKS and index < 2:
            percent, difficulty = 0, WAITING_TASKS[task.id]
        elif task.id in WAITING_TASKS:
            percent = (30, 60)[index - 2]
        elif task.id == SLIPPED_TASK:
            percent = (30, 55, 70, 80)[index]
            if index >= 2:
                difficulty = SLIPPED_DIFFICULTY
                note = "Trễ hạn so với Kế hoạch"
        elif task.id == NOVEMBER_TASK and index == len(dates) - 1:
            percent = 100
        else:
            share = _fraction(plan, task, day) * speed
            percent = 100 if share >= 0.97 else max(5, int(round(share * 20)) * 5)
            if task.deadline_kind == "missing":
                note = "Kế hoạch không ghi thời hạn"
        if percent is not None:
            percent = max(percent, percent_so_far)
            percent_so_far = percent
        if percent is None:
            status = statuses["in_progress"]
        elif percent == 0:
            status = statuses["not_started"]
        elif percent >= 100:
            status, difficulty = statuses["done"], ""
        else:
            status = statuses["in_progress"]
        if percent == 0:
            document = ""
        elif index == 0 or (percent or 0) < 40:
            document = plan_doc
        else:
            document = f"{plan_doc}; {reports[index]}"
        out.append(_Progress(status, percent, document, difficulty, note))
    return out


def _progress_header(unit: catalog.Unit) -> list[str]:
    names = list(columns.PROGRESS_INPUT)
    if unit.code == NO_YEAR_COLUMN_UNIT:
        names.remove("year")
    if unit.code == FIRST_TASK_COLUMN_UNIT:
        names.remove("task")
        names.insert(0, "task")
    labels = [columns.PROGRESS_INPUT[n] for n in names]
    if unit.code == UPPER_HEADER_UNIT:
        labels = [label.upper() for label in labels]
    return labels


def _progress_files(plan: catalog.Plan, units: Sequence[catalog.Unit]) -> list[SampleFile]:
    files = []
    year = plan.year
    for unit in (u for u in units if u.reports):
        tasks = _led_tasks(plan, unit)
        if not tasks:
            continue
        dates = [_report_date(unit, p) for p in plan.periods]
        progress = {t.id: _task_progress(plan, unit, t, dates) for t in tasks}
        header = _progress_header(unit)
        names = [_canonical(label, columns.PROGRESS_INPUT) for label in header]
        for index, period in enumerate(plan.periods):
            if (unit.code, period.code) == (MISSING_UNIT, MISSING_PERIOD):
                continue
            period_text = period.label
            if unit.code == NO_YEAR_COLUMN_UNIT:
                period_text = f"{period.label}/{year}"
            rows: list[list | None] = []
            for task in tasks:
                p = progress[task.id][index]
                values = {
                    "unit": _spelling(unit),
                    "period": period_text,
                    "year": year,
                    "task": _task_cell(task.id),
                    "status": p.status,
                    "percent_complete": p.percent,
                    "output_document": p.document,
                    "difficulties": p.difficulty,
                    "report_date": dates[index],
                    "note": p.note,
                }
                rows.append([values[n] for n in names])
            sample = SampleFile(
                name=f"{year}/{PREFIX}tien-do_{unit.code}_{period.code}.xlsx",
                kind=columns.PROGRESS,
                header=header,
                rows=rows,
                sheet="Báo cáo" if unit.kind != "ward" else "Sheet1",
                text_dates=unit.kind in TEXT_DATE_KINDS or unit.code in TEXT_DATE_UNITS,
                arrival=_arrival(unit, period, dates[index]),
            )
            _apply_layout_quirks(sample, unit, period, plan)
            files.append(sample)
    _plant_progress_error(files, plan)
    _plant_returned_report(files, plan)
    return files


def _arrival(unit: catalog.Unit, period: catalog.Period, report_date: dt.date) -> dt.datetime:
    """When a progress report reached the district: its report date, in office hours."""
    day = report_date
    if (unit.code, period.code) == BACKDATED[:2]:
        day = _weekday_after(period.due_date + dt.timedelta(days=BACKDATED[2]))
    return _office_hours(day, unit.code, period.code)


def _office_hours(day: dt.date, *seed) -> dt.datetime:
    """A seeded time between 08:00 and 16:59 on ``day``."""
    rng = _rng("arrival", *seed)
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)))


def _after_quarter(year: int, quarter: int, *seed) -> dt.datetime:
    """A working day 3–10 days after the quarter ends: when its figures arrive."""
    end = dt.date(year, 3 * quarter, 1) + dt.timedelta(days=31)
    end = end.replace(day=1) - dt.timedelta(days=1)
    rng = _rng("quarter-arrival", quarter, *seed)
    day = _weekday_after(end + dt.timedelta(days=rng.randint(3, 10)))
    return _office_hours(day, quarter, *seed)


def _plant_returned_report(files: list[SampleFile], plan: catalog.Plan) -> None:
    """One ward report with 120 pasted down its whole percentage column: refused whole."""
    target = f"{plan.year}/{PREFIX}tien-do_{RETURNED[0]}_{RETURNED[1]}.xlsx"
    label = columns.PROGRESS_INPUT["percent_complete"]
    for sample in files:
        if sample.name != target:
            continue
        column = _column_of(sample, label)
        for index, row in enumerate(sample.rows):
            if row is not None:
                row[column] = 120
                sample.bad.append(BadRow(index, label, "120", "tỷ lệ hoàn thành lớn hơn 100"))


def _canonical(label: str, labels: dict[str, str]) -> str:
    folded = catalog.fold(label)
    return next(name for name, text in labels.items() if catalog.fold(text) == folded)


def _apply_layout_quirks(
    sample: SampleFile, unit: catalog.Unit, period: catalog.Period, plan: catalog.Plan
) -> None:
    if unit.code == TITLE_ROWS_UNIT:
        sample.titles = (
            f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
            f"BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH SỐ {plan.number} - "
            f"{period.label.upper()} NĂM {plan.year}",
        )
    if unit.code == BLANK_ROWS_UNIT:
        sample.rows.insert(min(1, len(sample.rows)), None)
        sample.trailing_blank = 3
    fmt = CSV_FILES.get((columns.PROGRESS, unit.code, period.code))
    if fmt:
        _as_csv(sample, *fmt)


def _as_csv(sample: SampleFile, encoding: str, delimiter: str) -> None:
    sample.fmt = CSV
    sample.name = sample.name.rsplit(".", 1)[0] + ".csv"
    sample.encoding = encoding
    sample.delimiter = delimiter
    sample.decimal_comma = delimiter == ";"
    sample.text_dates = True
    sample.titles = ()


def _plant_progress_error(files: list[SampleFile], plan: catalog.Plan) -> None:
    """A percentage above 100 (a typo) in one office report."""
    target = f"{plan.year}/{PREFIX}tien-do_{UPPER_HEADER_UNIT}_H1.xlsx"
    for sample in files:
        if sample.name != target:
            continue
        column = _column_of(sample, columns.PROGRESS_INPUT["percent_complete"])
        for index, row in enumerate(sample.rows):
            if row is not None and row[column] not in (None, 0, 100):
                row[column] = 120
                sample.bad.append(
                    BadRow(
                        index,
                        columns.PROGRESS_INPUT["percent_complete"],
                        "120",
                        "tỷ lệ hoàn thành lớn hơn 100",
                    )
                )
                return


def _column_of(sample: SampleFile, label: str) -> int:
    folded = catalog.fold(label)
    return next(i for i, h in enumerate(sample.header) if catalog.fold(h) == folded)


# --------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class _Month:
    year: int
    month: int

    def text(self, pattern: str = "{y}-{m:02d}") -> str:
        return pattern.format(y=self.year, m=self.month)


@dataclass
class _Value:
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    note: str = ""


def _months(year: int) -> list[_Month]:
    """December of the previous year (the baseline), then every month of the plan year."""
    return [_Month(year - 1, 12)] + [_Month(year, m) for m in range(1, 13)]


def _ramp(start: float, end: float, index: int, count: int) -> float:
    return start + (end - start) * index / max(1, count - 1)


def _scope_series(code: str, is_district: bool, year: int) -> dict[str, dict[_Month, _Value]]:
    """Monthly values of every scope indicator for one scope (district office or ward)."""
    rng = _rng("series", code)
    months = _months(year)
    base = DISTRICT_VOLUME if is_district else WARD_VOLUME.get(code, 700)
    lo, hi = (3000, 6000) if is_district else (300, 1500)
    if code == LAGGING_WARD:
        online = (0.55, 0.63)
    else:
        online = (rng.uniform(0.55, 0.65), rng.uniform(0.82, 0.90))
    epay = (rng.uniform(0.32, 0.42), rng.uniform(0.68, 0.78))
    procedures = (128, 134) if is_district else (46, 49)
    full_online_from = rng.randint(0, 3)
    dialogue_months = {q * 3 + rng.randint(1, 3) for q in range(4)}
    series: dict[str, dict[_Month, _Value]] = {c: {} for c in SCOPE_INDICATORS}
    poor = rng.randint(20, 80)
    near_poor = rng.randint(30, 90)
    for index, month in enumerate(months):
        season = SEASON[month.month] * rng.uniform(0.94, 1.06)
        received = max(lo, min(hi, round(base * season)))
        # Online share.
        share = _ramp(*online, index, len(months)) + rng.uniform(-0.02, 0.02)
        note = ""
        if code == LAGGING_WARD and rng.random() < 0.4:
            note = "Người dân còn thói quen nộp hồ sơ trực tiếp"
        if month.month == 1 and month.year == year:
            note = note or "Tháng Tết, lượng hồ sơ giảm"
        series["hs_truc_tuyen"][month] = _Value(round(received * share), received, note=note)
        # Eligible procedures: the city adds some to the list in July.
        total = procedures[1] if (month.year == year and month.month >= 7) else procedures[0]
        catch_up = min(1.0, _ramp(0.82, 1.08, index, len(months)))
        offered = total if index >= 9 + full_online_from else min(total, round(total * catch_up))
        if month.year == year and month.month == 7:
            offered = min(offered, total - (procedures[1] - procedures[0]))
            note = "Thành phố bổ sung TTHC đủ điều kiện cung cấp trực tuyến toàn trình"
        else:
            note = ""
        series["dvc_toan_trinh"][month] = _Value(offered, total, note=note)
        # Resolution, overdue dossiers and apologies.
        resolved = round(received * rng.uniform(0.93, 0.99))
        overdue_rate = rng.uniform(0.002, 0.008) if is_district else rng.uniform(0.0, 0.006)
        overdue = round(resolved * overdue_rate)
        series["hs_dung_han"][month] = _Value(resolved - overdue, resolved)
        series["hs_tre_han"][month] = _Value(
            value=overdue, note="" if overdue else "Không có hồ sơ trễ hạn"
        )
        # Still pending past the due date at the month's end: about half of the late ones
        # (no random draw here, so every other sample figure stays as it was).
        series["hs_dang_qua_han"][month] = _Value(value=overdue // 2)
        if overdue:
            missing = rng.randint(1, 2) if rng.random() < 0.3 else 0
            series["hs_tre_han_xin_loi"][month] = _Value(max(0, overdue - missing), overdue)
        # E-payment of fees.
        paid = round(received * rng.uniform(0.28, 0.36))
        pay_share = _ramp(*epay, index, len(months)) + rng.uniform(-0.02, 0.02)
        series["ttdt_tthc"][month] = _Value(round(paid * pay_share), paid)
        # Feedback, satisfaction, complaints.
        feedback = rng.randint(15, 45) if is_district else rng.randint(1, 10)
        late_feedback = 1 if rng.random() < 0.2 else 0
        series["pakn_dung_han"][month] = _Value(max(0, feedback - late_feedback), feedback)
        surveys = round(received * rng.uniform(0.08, 0.15))
        series["hai_long"][month] = _Value(round(surveys * rng.uniform(0.93, 0.99)), surveys)
        complaints = rng.randint(6, 22) if is_district else rng.randint(0, 5)
        if complaints:
            late = rng.randint(1, 2) if rng.random() < 0.3 else 0
            series["khieu_nai_dung_han"][month] = _Value(max(0, complaints - late), complaints)
        # Business dialogues: the district holds one a quarter, wards now and then.
        if is_district:
            held = 1 if (month.year < year or month.month in dialogue_months) else 0
        else:
            held = 1 if rng.random() < 0.12 else 0
        series["doi_thoai_dn"][month] = _Value(value=held)
        # Initiatives are recognised at the mid-year and year-end council meetings.
        if month.month == 6 and month.year == year:
            recognised = 5 if is_district else rng.randint(0, 1)
        elif month.month == 12:
            recognised = 7 if is_district else rng.randint(0, 2)
        else:
            recognised = 0
        series["sang_kien"][month] = _Value(value=recognised)
        if is_district:
            continue
        # Poor and near-poor households (city standard 2022–2025): reviewed twice a year.
        review = month.month in (6, 12)
        lifted = rng.randint(3, 8) if review else (rng.randint(0, 2) if rng.random() < 0.5 else 0)
        lifted = min(lifted, poor)
        new_poor = 1 if rng.random() < 0.12 else 0
        poor = poor - lifted + new_poor
        near_exit = rng.randint(3, 7) if review else rng.randint(0, 2)
        near_poor = max(0, near_poor - near_exit + round(lifted * 0.7))
        review_note = "Kết quả rà soát hộ nghèo, hộ cận nghèo" if review else ""
        series["ho_ngheo"][month] = _Value(value=poor, note=review_note)
        series["ho_can_ngheo"][month] = _Value(value=near_poor)
        series["ho_thoat_ngheo"][month] = _Value(value=lifted)
    for code_ in HOUSEHOLD_INDICATORS if is_district else ():
        series.pop(code_)
    return series


def _epay_series(code: str, year: int) -> dict[_Month, _Value]:
    total, start, full_by = EPAY_UNITS[code]
    rng = _rng("epay", code)
    out = {}
    adopted = start
    for month in _months(year):
        if month.year == year:
            remaining = max(0, full_by - month.month + 1)
            step = (total - adopted) if remaining <= 1 else rng.randint(0, 2)
            adopted = min(total, adopted + step)
        out[month] = _Value(adopted, total)
    return out


def _investment_series(year: int) -> dict[_Month, _Value]:
    plan_capital, adjusted, previous = PUBLIC_INVESTMENT
    rng = _rng("investment")
    out = {_Month(year - 1, 12): _Value(round(previous * 0.915, 1), previous)}
    for m, share in enumerate(DISBURSED_SHARE, start=1):
        capital = adjusted if m >= 7 else plan_capital
        note = "Kế hoạch vốn sau điều chỉnh" if m == 7 else ""
        amount = round(capital * (share + rng.uniform(-0.005, 0.005)), 1)
        out[_Month(year, m)] = _Value(amount, capital, note=note)
    return out


def _indicator_row(code: str, scope: str, period: str, v: _Value) -> list:
    return [code, scope, period, v.numerator, v.denominator, v.value, v.note]


def _indicator_files(
    plan: catalog.Plan, units: Sequence[catalog.Unit], registry: catalog.Registry
) -> list[SampleFile]:
    year = plan.year
    header = list(columns.INDICATOR_INPUT.values())
    known = set(registry.codes())
    district = next(u for u in units if u.kind == "district")
    wards = [u for u in units if u.kind == "ward"]
    by_code = {u.code: u for u in units}
    investment = _investment_series(year)
    scopes = [(district, True)] + [(w, False) for w in wards]
    all_series = {u.code: _scope_series(u.code, is_d, year) for u, is_d in scopes}
    files = []
    baseline_rows: list[list | None] = []
    for unit, is_district in scopes:
        series = all_series[unit.code]
        if is_district and "giai_ngan_dtc" in known:
            series = {**series, "giai_ngan_dtc": investment}
        codes = [c for c in series if c in known]
        spelling = district.name if is_district else _spelling(unit)
        pattern = MONTH_FORMAT.get(unit.code, "{y}-{m:02d}")
        for quarter in range(1, 5):
            rows: list[list | None] = []
            for m in range(quarter * 3 - 2, quarter * 3 + 1):
                month = _Month(year, m)
                for c in codes:
                    if month in series[c]:
                        rows.append(
                            _indicator_row(c, spelling, month.text(pattern), series[c][month])
                        )
            sample = SampleFile(
                name=f"{year}/{PREFIX}chi-so_{unit.code}_{year}-Q{quarter}.xlsx",
                kind=columns.INDICATOR,
                header=header,
                rows=rows,
                sheet="Số liệu",
                text_dates=True,
                arrival=_after_quarter(year, quarter, unit.code),
            )
            _indicator_quirks(sample, unit, quarter, plan)
            files.append(sample)
        baseline = _Month(year - 1, 12)
        for c in codes:
            if baseline in series[c]:
                baseline_rows.append(
                    _indicator_row(c, unit.name, baseline.text(), series[c][baseline])
                )
    for code in EPAY_UNITS:
        unit = by_code.get(code)
        if unit is None or "ttdt_gd_yt" not in known:
            continue
        series = _epay_series(code, year)
        for quarter in range(1, 5):
            rows = [
                _indicator_row(
                    "ttdt_gd_yt", unit.name, _Month(year, m).text(), series[_Month(year, m)]
                )
                for m in range(quarter * 3 - 2, quarter * 3 + 1)
            ]
            files.append(
                SampleFile(
                    name=f"{year}/{PREFIX}chi-so_{code}_{year}-Q{quarter}.xlsx",
                    kind=columns.INDICATOR,
                    header=header,
                    rows=rows,
                    sheet="Số liệu",
                    arrival=_after_quarter(year, quarter, code),
                )
            )
        baseline_rows.append(
            _indicator_row("ttdt_gd_yt", unit.name, f"{year - 1}-12", series[_Month(year - 1, 12)])
        )
    files.append(
        SampleFile(
            name=f"{year}/{PREFIX}chi-so_tong-hop_{year - 1}-12.xlsx",
            kind=columns.INDICATOR,
            header=header,
            rows=baseline_rows,
            sheet="Kỳ gốc",
            titles=(f"SỐ LIỆU KỲ GỐC THÁNG 12/{year - 1} (DỮ LIỆU MẪU)",),
            arrival=_office_hours(_weekday_after(dt.date(year, 1, 9)), "baseline"),
        )
    )
    pci_rows = []
    for code, values in PCI_VALUES.items():
        if code not in known:
            continue
        for offset, value in enumerate(values):
            pci_rows.append(
                [code, district.name, year - 2 + offset, None, None, value, SAMPLE_NOTE]
            )
    files.append(
        SampleFile(
            name=f"{year}/{PREFIX}pci-ddci_{year - 2}-{year}.xlsx",
            kind=columns.INDICATOR,
            header=header,
            rows=pci_rows,
            sheet="PCI - DDCI",
            arrival=_office_hours(_weekday_after(dt.date(year + 1, 5, 15)), "pci"),
        )
    )
    return files


def _indicator_quirks(
    sample: SampleFile, unit: catalog.Unit, quarter: int, plan: catalog.Plan
) -> None:
    year = plan.year
    if unit.code == TITLE_ROWS_UNIT:
        sample.titles = (
            f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
            f"BÁO CÁO SỐ LIỆU CHỈ SỐ QUÝ {quarter} NĂM {year}",
        )
    if unit.code == BLANK_ROWS_UNIT:
        # A blank line between months, as people leave when pasting month by month.
        per_month = len(sample.rows) // 3
        sample.rows.insert(per_month, None)
        sample.trailing_blank = 2
    fmt = CSV_FILES.get((columns.INDICATOR, unit.code, quarter))
    if fmt:
        _as_csv(sample, *fmt)
        if sample.decimal_comma:
            # Excel on Vietnamese Windows exports the displayed percentage with the rate.
            for row in sample.rows:
                if row is not None and row[3] is not None and row[4]:
                    row[5] = f"{row[3] / row[4] * 100:.1f}%".replace(".", ",")
    _plant_indicator_errors(sample, unit, quarter, year)


def _find(sample: SampleFile, code: str, period: str) -> int:
    for index, row in enumerate(sample.rows):
        if row is not None and row[0] == code and row[2] == period:
            return index
    raise LookupError(f"{code} {period} not in {sample.name}")


def _plant_indicator_errors(
    sample: SampleFile, unit: catalog.Unit, quarter: int, year: int
) -> None:
    labels = columns.INDICATOR_INPUT
    pattern = MONTH_FORMAT.get(unit.code, "{y}-{m:02d}")
    if (unit.code, quarter) == ("NTB", 2):
        index = _find(sample, "hs_dung_han", _Month(year, 5).text(pattern))
        row = sample.rows[index]
        # The received count typed as the numerator: larger than the resolved count.
        row[3] = row[4] + _rng("ntb").randint(12, 30)
        sample.bad.append(
            BadRow(index, labels["numerator"], str(row[3]), f"tử số lớn hơn mẫu số ({row[4]})")
        )
    if (unit.code, quarter) == ("COL", 3):
        sample.rows.append(["hs_truc_tuyen", "Phường 25", f"{year}-09", 512, 688, None, ""])
        sample.bad.append(
            BadRow(len(sample.rows) - 1, labels["scope"], "Phường 25", "phường không có ở Quận 1")
        )
    if (unit.code, quarter) == ("DK", 4):
        index = _find(sample, "hai_long", _Month(year, 11).text(pattern))
        row = sample.rows[index]
        row[3], row[4], row[5] = None, None, 104
        row[6] = "Tỷ lệ theo phiếu khảo sát"
        sample.bad.append(
            BadRow(
                index,
                labels["value"],
                "104",
                "tỷ lệ lớn hơn 100% (ghi giá trị, không ghi tử số, mẫu số)",
            )
        )
    if (unit.code, quarter) == ("PNL", 3):
        index = _find(sample, "hs_truc_tuyen", _Month(year, 8).text(pattern))
        copy = list(sample.rows[index])
        copy[3] = copy[3] + 37
        copy[6] = "Số liệu cập nhật"
        sample.rows.append(copy)
        sample.bad.append(
            BadRow(
                len(sample.rows) - 1,
                labels["indicator"],
                "hs_truc_tuyen",
                f"trùng khóa (chỉ số, phạm vi, kỳ) với dòng {sample.row_number(index)}",
            )
        )


# --------------------------------------------------------------------------- rendering


def _xlsx_bytes(sample: SampleFile) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sample.sheet
    width = len(sample.header)
    for offset, title in enumerate(sample.titles, start=1):
        cell = ws.cell(row=offset, column=1, value=title)
        cell.font = _BOLD
        cell.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=width)
    for col, label in enumerate(sample.header, start=1):
        cell = ws.cell(row=sample.header_row, column=col, value=label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = min(
            45, max(10, max((len(str(r[col - 1] or "")) for r in sample.rows if r), default=10) + 2)
        )
    total = len(sample.rows) + sample.trailing_blank
    for index in range(total):
        row = sample.rows[index] if index < len(sample.rows) else None
        excel_row = sample.row_number(index)
        for col in range(1, width + 1):
            cell = ws.cell(row=excel_row, column=col)
            cell.border = _BORDER
            if row is None:
                continue
            value = row[col - 1]
            if isinstance(value, dt.date):
                if sample.text_dates:
                    value = _vn(value)
                else:
                    cell.number_format = "dd/mm/yyyy"
                    value = dt.datetime.combine(value, dt.time())
            cell.value = None if value == "" else value
    return workbook_bytes(wb)


def _csv_text(value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return _vn(value)
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def _csv_bytes(sample: SampleFile) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sample.delimiter, lineterminator="\r\n")
    writer.writerow(sample.header)
    for row in sample.rows:
        if row is None:
            writer.writerow([""] * len(sample.header))
        else:
            writer.writerow([_csv_text(v, sample.decimal_comma) for v in row])
    text = buffer.getvalue()
    if sample.encoding == "cp1258":
        return encode_cp1258(text)
    return text.encode(sample.encoding)


def render(sample: SampleFile) -> bytes:
    """The bytes of one sample file; also fixes the row numbers of its planted errors."""
    for bad in sample.bad:
        bad.row = sample.row_number(bad.index)
    return _xlsx_bytes(sample) if sample.fmt == XLSX else _csv_bytes(sample)


# --------------------------------------------------------------------------- README


def _readme(plan: catalog.Plan, files: Sequence[SampleFile], sizes: dict[str, int]) -> str:
    year = plan.year
    progress = [f for f in files if f.kind == columns.PROGRESS]
    indicator = [f for f in files if f.kind == columns.INDICATOR]
    csvs = [f for f in files if f.fmt == CSV]
    total = sum(sizes.values())
    lines = [
        f"# Dữ liệu mẫu năm {year} — SAMPLE DATA, never official figures",
        "",
        "Mọi tệp trong thư mục này là **dữ liệu mẫu** (tên tệp bắt đầu bằng `mau_`), do "
        "`python -m data.sample --out data/sample` sinh ra từ danh mục trong `data/catalog/`. "
        "Chúng **không phải số liệu chính thức** của UBND Quận 1 hay của bất kỳ đơn vị, phường "
        "nào; số văn bản, số hồ sơ, số hộ nghèo, điểm và thứ hạng PCI, DDCI đều là số giả định.",
        "",
        "Every file here is generated sample data for the demo and the tests. The generator is "
        "deterministic (seeded, fixed workbook timestamps): regenerating gives byte-identical "
        "files, and a test checks it. Do not edit these files by hand; change `data/sample.py`.",
        "",
        "## Files",
        "",
        f"- {len(progress)} progress reports `{year}/mau_tien-do_<unit>_<period>.*`: every "
        "reporting unit (offices leading a task and the 10 wards) for Q1, H1, 9M and Y, one row "
        "per task the unit leads.",
        f"- {len(indicator)} indicator files: `{year}/mau_chi-so_<scope>_{year}-Q<n>.*` (three "
        "months each, district office `Q1` and every ward; `GDDT`/`YT` for e-payment in schools "
        f"and health units), `{year}/mau_chi-so_tong-hop_{year - 1}-12.xlsx` (December "
        f"{year - 1} baseline of every monthly indicator) and `{year}/mau_pci-ddci_{year - 2}-"
        f"{year}.xlsx` (yearly PCI, its 10 sub-indices, rank and DDCI).",
        f"- {len(files)} files, {total / 1024:.0f} KB in total; {len(csvs)} are CSV.",
        "",
        "## What real life looks like in them",
        "",
        f"- `{LATE_UNIT}` reports {LATE_DAYS} days after every deadline; ward `{LATE_ONCE[0]}` is "
        f"{LATE_ONCE[2]} days late (next working day) for {LATE_ONCE[1]} only.",
        f"- `{MISSING_UNIT}` never sends its {MISSING_PERIOD} report (no file).",
        f"- Ward `{BACKDATED[0]}` dates its {BACKDATED[1]} report before the deadline, but the "
        f"file reaches the district {BACKDATED[2]} days after it: late by arrival. "
        f"`{year}/{ARRIVALS_FILE}` gives every file's arrival time (load it with "
        f"`python -m data ingest data/sample --arrivals data/sample/{year}/{ARRIVALS_FILE}`).",
        f"- Ward `{RETURNED[0]}` sends its {RETURNED[1]} report with 120 pasted down the whole "
        "percentage column: refused whole, shown as returned (needs correcting), not missing.",
        f"- Task {SLIPPED_TASK} (deadline June) is still “Đang triển khai” at 9M and Y, with a "
        "difficulty and the note “Trễ hạn so với Kế hoạch”.",
        f"- Task {NOVEMBER_TASK} (deadline November) is “Hoàn thành” in the year report, sent "
        "before the deadline.",
        "- Continuous tasks (“Thường xuyên”) are reported “Đang triển khai” with no percentage; "
        "tasks without a deadline in the plan (15, 16) are reported with a note saying so.",
        "- Tasks 19 and 26 wait for the city / the National Assembly: “Chưa triển khai” in Q1 "
        "and H1, with the reason as the difficulty.",
        f"- Ward `{LAGGING_WARD}` lags on online dossiers (about 55–63 %) while the others climb "
        "from about 60 % to 82–90 %; overdue dossiers mostly, not always, get an apology letter; "
        "eligible full-online procedures grow in July (the city extends the list) and the share "
        "dips that month; e-payment in schools (38) and health units (12) reaches 100 %.",
        "- Poor and near-poor households fall through the year (reviews in June and December); "
        "households are reported by the wards only (the district total is their sum).",
        "- The district holds one business dialogue a quarter, wards now and then; innovations "
        "are recognised in June and December; public-investment disbursement is cumulative and "
        "reaches about 93 % in December, with the plan capital adjusted in July.",
        "",
        "## File quirks the readers must handle",
        "",
    ]
    for sample in csvs:
        enc = {
            "utf-8-sig": "UTF-8 with BOM",
            "utf-8": "UTF-8",
            "cp1258": "cp1258 (tone marks combining)",
        }
        extra = ", decimal commas and percentages like “95,5%”" if sample.decimal_comma else ""
        lines.append(
            f"- `{sample.name}`: CSV, {enc[sample.encoding]}, separator “{sample.delimiter}”{extra}."
        )
    lines += [
        f"- `{TITLE_ROWS_UNIT}` files: two merged title rows above the header.",
        f"- `{BLANK_ROWS_UNIT}` files: a blank row inside the data and formatted empty rows below.",
        "- Report dates: real Excel dates for most offices, dd/mm/yyyy text for the wards, "
        f"{', '.join(TEXT_DATE_UNITS)} and every CSV.",
        f"- `{UPPER_HEADER_UNIT}`: headers in capitals; `{FIRST_TASK_COLUMN_UNIT}`: columns in "
        f"another order; `{NO_YEAR_COLUMN_UNIT}`: no “Năm” column, periods like “Quý I/{year}”.",
        "- Names spelt as people write them: "
        + ", ".join(f"“{v}”" for v in UNIT_SPELLING.values())
        + "; months as "
        + ", ".join(sorted({p.format(y=year, m=6) for p in MONTH_FORMAT.values()} | {f"{year}-06"}))
        + "; task numbers as numbers.",
        f"- The baseline file holds December {year - 1}: the checks must accept the previous "
        "year's December for monthly indicators (it is the starting point of every trend).",
        "",
        "## Rows the checks must reject",
        "",
        "These rows go to quarantine with their reasons and the rest of each file loads; a "
        "file whose every row is refused is rejected as a whole, since nothing of it can "
        "load: " + (", ".join(f"`{f.name}`" for f in whole_rejected(files)) or "none") + ".",
        "",
        "| file | row | column | value | why |",
        "|---|---|---|---|---|",
    ]
    for sample in files:
        for bad in sample.bad:
            lines.append(
                f"| `{sample.name}` | {bad.row} | {bad.column} | {bad.value} | {bad.why} |"
            )
    lines.append("")
    return "\n".join(lines)


def _arrivals_yaml(files: Sequence[SampleFile]) -> str:
    """The arrivals file of ``data.intake.arrivals``: when each sample file arrived."""
    lines = ["# Thời điểm từng tệp mẫu đến Quận (dữ liệu mẫu): tên tệp: ngày/tháng/năm giờ:phút"]
    for sample in sorted(files, key=lambda f: f.name):
        if sample.arrival is not None:
            lines.append(f'{Path(sample.name).name}: "{sample.arrival:%d/%m/%Y %H:%M}"')
    return "\n".join(lines) + "\n"


def whole_rejected(files: Sequence[SampleFile]) -> list[SampleFile]:
    """Sample files in which every data row is one the checks must refuse."""
    return [
        f
        for f in files
        if f.bad and len({b.index for b in f.bad}) == sum(r is not None for r in f.rows)
    ]


# --------------------------------------------------------------------------- entry points


def build(year: int | None = None) -> list[SampleFile]:
    """Every sample file of the plan year, in memory (not yet rendered)."""
    plan = catalog.load_plan(year)
    units = catalog.load_units()
    registry = catalog.load_registry()
    return _progress_files(plan, units) + _indicator_files(plan, units, registry)


def generate(out: Path, year: int | None = None) -> list[Path]:
    """Write every sample file and the README under ``out``; return the paths written.

    Earlier ``mau_*`` files in the year folder are removed first, so the folder always
    matches this generator exactly.

    Args:
        out: Output folder (``data/sample``).
        year: Plan year (default: the latest plan).

    Returns:
        Paths of the files written, README last.
    """
    plan = catalog.load_plan(year)
    files = build(plan.year)
    folder = out / str(plan.year)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{PREFIX}*"):
        stale.unlink()
    written, sizes = [], {}
    for sample in files:
        content = render(sample)
        path = out / sample.name
        path.write_bytes(content)
        sizes[sample.name] = len(content)
        written.append(path)
    registers = sample_register.committed_files(plan.year)
    for name, content in registers.items():
        path = out / name
        path.write_bytes(content)
        written.append(path)
    arrivals = folder / ARRIVALS_FILE
    arrivals.write_text(_arrivals_yaml(files), encoding="utf-8")
    written.append(arrivals)
    readme = out / "README.md"
    text = _readme(plan, files, sizes) + "\n".join(
        sample_register.readme_lines(plan.year, registers)
    )
    readme.write_text(text, encoding="utf-8")
    written.append(readme)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data.sample",
        description="Sinh các tệp dữ liệu mẫu (không phải số liệu chính thức).",
    )
    parser.add_argument("--out", type=Path, required=True, help="thư mục ghi tệp mẫu")
    parser.add_argument("--year", type=int, default=None, help="năm kế hoạch (mặc định: mới nhất)")
    parser.add_argument(
        "--register-scale",
        choices=sorted(sample_register.SCALES),
        default=None,
        help="chỉ sinh sổ hồ sơ cỡ lớn (district ≈ 600.000, city ≈ 12 triệu hồ sơ) vào --out",
    )
    args = parser.parse_args(argv)
    if args.register_scale:
        paths = sample_register.scale_register(args.out, args.register_scale, args.year or 2023)
        size = sum(p.stat().st_size for p in paths)
        print(f"Đã ghi {len(paths)} tệp sổ hồ sơ mẫu vào {args.out} ({size / 1024**2:.0f} MB).")
        return 0
    written = generate(args.out, args.year)
    size = sum(p.stat().st_size for p in written)
    print(f"Đã ghi {len(written)} tệp dữ liệu mẫu vào {args.out} ({size / 1024:.0f} KB).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
