"""Canonical columns of the two input kinds, as the rest of the data layer sees them.

Readers map whatever headers a file has onto these names (see ``data.intake.normalize``);
checks, loading and templates all speak these names.
"""

from __future__ import annotations

PROGRESS = "progress"
INDICATOR = "indicator"
KINDS = (PROGRESS, INDICATOR)

KIND_LABELS = {PROGRESS: "Báo cáo tiến độ nhiệm vụ", INDICATOR: "Số liệu chỉ số"}

# Input columns: canonical name -> Vietnamese header used in templates and messages.
PROGRESS_INPUT = {
    "unit": "Đơn vị báo cáo",
    "period": "Kỳ báo cáo",
    "year": "Năm",
    "task": "STT nhiệm vụ",
    "status": "Tình trạng",
    "percent_complete": "Tỷ lệ hoàn thành (%)",
    "output_document": "Văn bản / sản phẩm",
    "difficulties": "Khó khăn, vướng mắc",
    "report_date": "Ngày báo cáo",
    "note": "Ghi chú",
}
PROGRESS_REQUIRED = ("unit", "period", "task", "status")

INDICATOR_INPUT = {
    "indicator": "Mã chỉ số",
    "scope": "Phạm vi",
    "period": "Kỳ số liệu",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "value": "Giá trị",
    "note": "Ghi chú",
}
INDICATOR_REQUIRED = ("indicator", "scope", "period")

# Normalised frame columns (after parsing), in order. ``row_number`` is the row as
# Excel shows it, so every message can point a person at the right line.
PROGRESS_FRAME = (
    "row_number",
    "unit_code",
    "year",
    "period_code",
    "task_id",
    "status",
    "percent_complete",
    "output_document",
    "difficulties",
    "report_date",
    "note",
)
PROGRESS_KEY = ("unit_code", "year", "period_code", "task_id")

INDICATOR_FRAME = (
    "row_number",
    "indicator_code",
    "scope_type",
    "scope_code",
    "period_type",
    "period_key",
    "period_start",
    "period_end",
    "year",
    "numerator",
    "denominator",
    "value",
    "note",
)
INDICATOR_KEY = ("indicator_code", "scope_code", "period_key")

# Progress status keys and their Vietnamese labels as written in reports.
TASK_REPORT_STATUS = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đang triển khai",
    "done": "Hoàn thành",
}
