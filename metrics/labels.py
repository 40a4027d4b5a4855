"""Every Vietnamese label the metrics layer shows: statuses, targets, headers, report text.

Status keys are English and stable (used in JSON and code); people read the labels
below. An English view would be a second set of tables, not a rewrite.
"""

from __future__ import annotations

from data import catalog

_vocab = catalog.load().labels

# Status keys are declared with their labels in data/catalog/labels.yaml, worst first.
KPI_STATUS = _vocab["kpi_status"].labels()
KPI_STATUS_ORDER = _vocab["kpi_status"].keys()
TASK_STATUS = _vocab["task_status"].labels()
COMPLIANCE_STATUS = _vocab["compliance_status"].labels()
UNIT_KIND = _vocab["unit_kind"].labels()
NO_DEADLINE = _vocab["deadline_kind"].label("missing")

# The statuses units write in their reports: the input vocabulary of the data layer.
REPORT_STATUS = {s.key: s.label for s in catalog.load().inputs.report_statuses}

SCOPE_DISTRICT = "Toàn quận (UBND Quận 1 và 10 phường)"


IMPLICIT_DEADLINE = _vocab["deadline_kind"].label("implicit")


def implicit_deadline_text(year_end) -> str:
    """How an implicit year-end deadline reads: "31/12/2023 (ngầm định: hết năm kế hoạch)"."""
    return f"{year_end:%d/%m/%Y} ({IMPLICIT_DEADLINE.lower()})"


def task_status_label(status: str, deadline_kind: str | None = None) -> str:
    """Label of a task status; a task without a deadline says so instead of "Thường xuyên"."""
    if status == "continuous" and deadline_kind == "missing":
        return NO_DEADLINE
    return TASK_STATUS.get(status, status)


# --------------------------------------------------------------------------- targets

NO_TARGET = KPI_STATUS["no_target"]
SAMPLE_TARGET = "giá trị mẫu"


def target_absolute(value_text: str, lower: bool) -> str:
    return f"≤ {value_text}" if lower else f"≥ {value_text}"


def target_relative(
    previous_year: int, previous_text: str | None, is_rank: bool, lower: bool
) -> str:
    if is_rank:
        head = f"Thứ hạng cao hơn năm {previous_year}"
    elif lower:
        head = f"Thấp hơn năm {previous_year}"
    else:
        head = f"Cao hơn năm {previous_year}"
    tail = previous_text if previous_text else f"chưa có số liệu năm {previous_year}"
    return f"{head} ({tail})"


def target_reduction(amount_text: str, previous_year: int, result_text: str | None) -> str:
    text = f"Giảm {amount_text} so với cuối năm {previous_year}"
    return f"{text} (còn ≤ {result_text})" if result_text else text


def target_count(value_text: str, unit: str, per_quarter_text: str | None) -> str:
    text = f"{value_text} {unit}/năm"
    return f"{text} ({per_quarter_text} {unit}/quý)" if per_quarter_text else text


# The "Cách đánh giá" glossary: how a status rule's conditions read (metrics.glossary).
RULE_REACHED = "giá trị lũy kế đã đạt chỉ tiêu năm"
RULE_NOT_REACHED = "giá trị lũy kế chưa đạt chỉ tiêu năm"
RULE_CLOSED = "năm đã kết thúc (số liệu tháng 12 hoặc chỉ số năm) mà chưa đạt chỉ tiêu"
RULE_OPEN = "năm chưa kết thúc"
RULE_RATIO = "giá trị đạt từ {percent}% giá trị theo lộ trình trở lên"
RULE_PROJECTION = "dự báo cuối năm theo nhịp hiện tại đạt chỉ tiêu"
RULE_NO_PROJECTION = "dự báo cuối năm không đạt chỉ tiêu"
RULE_OTHERWISE = "các trường hợp còn lại"
RULE_NO_TARGET = "Năm này chưa giao chỉ tiêu cho chỉ số (hoặc cho phạm vi đang xem)."
RULE_NO_DATA = "Chưa có số liệu của kỳ đã kết thúc."
PATH_USED_BY = "Áp dụng cho: {names}."
BANDS_TEXT = (
    "Tỷ lệ so với lộ trình = giá trị thực tế ÷ giá trị theo lộ trình (chỉ số càng thấp càng "
    "tốt: ngược lại). Ngưỡng đúng lộ trình {on_track}%, ngưỡng chậm {behind}%; các quy tắc "
    "được xét lần lượt, quy tắc đầu tiên thỏa mãn quyết định đánh giá."
)

# A target that binds every scope on its own (registry target_applies: each_unit).
EACH_UNIT_SUFFIX = " cho mỗi đơn vị, phường"
UNITS_MET = "{met}/{total} đơn vị đạt"
# A district figure summed over scopes: how many of them have a value for the month.
COMPLETENESS = "Đơn vị có số liệu kỳ này: {share}"
UNITS_SHORT = "Chưa đạt: {names}"
# KPIs no status judges yet (no target or no value), said apart from the judged ones.
KPIS_UNJUDGED = "{n} chỉ số chưa có số liệu hoặc chưa có chỉ tiêu"

# --------------------------------------------------------------------------- report

SHEETS = {
    "groups": "Nhóm giải pháp",
    "tasks": "Nhiệm vụ",
    "kpis": "Chỉ số",
    "compliance": "Tình hình báo cáo",
}
REPORT_TITLE = "BÁO CÁO TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỦ ĐỀ NĂM {year}"
REPORT_SUBTITLE = "Số liệu tính đến ngày {date}"
COMPLIANCE_BY_PERIOD = "Tổng hợp theo kỳ"
SAMPLE_WARNING = "DỮ LIỆU MẪU — không phải số liệu chính thức"
PAGE_FOOTER = "Trang &P/&N"  # Excel's page number and page count on every printed page
