"""Every Vietnamese label the metrics layer shows: statuses, targets, headers, report text.

Status keys are English and stable (used in JSON and code); people read the labels
below. An English view would be a second set of tables, not a rewrite.
"""

from __future__ import annotations

from data.catalog import columns

KPI_STATUS = {
    "met": "Đạt",
    "on_track": "Đúng lộ trình",
    "behind": "Chậm",
    "at_risk": "Nguy cơ không đạt",
    "no_data": "Chưa có số liệu",
    "no_target": "Chưa có chỉ tiêu",
}
# Worst first: used to pick the worst status of several and to sort tables.
KPI_STATUS_ORDER = ("at_risk", "behind", "on_track", "met", "no_data", "no_target")

TASK_STATUS = {
    "done": "Hoàn thành",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "overdue": "Quá hạn",
    "not_reported": "Chưa báo cáo",
    "continuous": "Thường xuyên",
}
# A task whose plan row gives no deadline keeps the key ``continuous`` (it is judged the
# same way, on reporting) but is labelled differently, so nobody reads it as "ongoing".
NO_DEADLINE = "Chưa có thời hạn"

COMPLIANCE_STATUS = {"on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa nộp"}

# The statuses units write in their reports: the input vocabulary of the data layer.
REPORT_STATUS = columns.TASK_REPORT_STATUS

SCOPE_DISTRICT = "Toàn quận (UBND Quận 1 và 10 phường)"


def task_status_label(status: str, deadline_kind: str | None = None) -> str:
    """Label of a task status; a task without a deadline says so instead of "Thường xuyên"."""
    if status == "continuous" and deadline_kind == "missing":
        return NO_DEADLINE
    return TASK_STATUS.get(status, status)


# --------------------------------------------------------------------------- targets

NO_TARGET = "Chưa có chỉ tiêu"
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


# --------------------------------------------------------------------------- report

GROUP_HEADERS = {
    "group": "Nhóm",
    "name": "Nhóm giải pháp",
    "status": "Đánh giá chung",
    "tasks_total": "Số nhiệm vụ",
    "tasks_done": "Hoàn thành",
    "tasks_on_track": "Đúng tiến độ",
    "tasks_behind": "Chậm tiến độ",
    "tasks_overdue": "Quá hạn",
    "tasks_not_reported": "Chưa báo cáo",
    "kpis_total": "Số chỉ số",
    "kpis_met": "Chỉ số đạt",
    "kpis_on_track": "Đúng lộ trình",
    "kpis_behind": "Chậm",
    "kpis_at_risk": "Nguy cơ không đạt",
}
TASK_HEADERS = {
    "task_id": "STT",
    "group": "Nhóm",
    "content": "Nội dung",
    "lead_names": "Đơn vị chủ trì",
    "deadline_text": "Thời hạn",
    "status": "Tình trạng",
    "percent": "Tỷ lệ hoàn thành (%)",
    "last_report_date": "Ngày báo cáo gần nhất",
    "note": "Ghi chú",
    "difficulties": "Khó khăn, vướng mắc",
}
KPI_HEADERS = {
    "code": "Mã chỉ số",
    "group": "Nhóm",
    "label": "Chỉ số",
    "unit": "Đơn vị tính",
    "value": "Giá trị lũy kế",
    "target_text": "Chỉ tiêu năm",
    "expected": "Giá trị theo lộ trình",
    "status": "Đánh giá",
    "previous": "Kỳ trước",
    "change": "Thay đổi",
    "projection": "Dự báo cuối năm",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
}
COMPLIANCE_HEADERS = {
    "unit_name": "Đơn vị",
    "unit_kind": "Loại",
    "period_label": "Kỳ báo cáo",
    "due_date": "Hạn nộp",
    "received_date": "Ngày nhận",
    "status": "Tình trạng",
}
UNIT_KIND = {
    "district": "UBND Quận",
    "office": "Phòng, ban",
    "collective": "Khối đơn vị",
    "ward": "Phường",
    "external": "Ngoài khối",
}
SHEETS = {
    "groups": "Nhóm giải pháp",
    "tasks": "Nhiệm vụ",
    "kpis": "Chỉ số",
    "compliance": "Tình hình báo cáo",
}
REPORT_TITLE = "BÁO CÁO TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỦ ĐỀ NĂM {year}"
REPORT_SUBTITLE = "Số liệu tính đến ngày {date}"
SAMPLE_WARNING = "DỮ LIỆU MẪU — không phải số liệu chính thức"
