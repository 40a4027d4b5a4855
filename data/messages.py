"""Vietnamese messages of the data layer (loading and CLI); one place for every sentence."""

from __future__ import annotations

from pathlib import Path

NO_DATA_ROWS = "Tệp không có dòng số liệu nào. Hãy điền số liệu dưới dòng tiêu đề rồi nộp lại."
NO_VALID_ROWS = (
    "Không có dòng hợp lệ nào để nạp: mọi dòng đều có lỗi. Xem danh sách lỗi, sửa rồi nộp lại."
)
SAME_FILE_AGAIN = "Tệp này đã được nạp trước đó (cùng nội dung); không có gì thay đổi."

STATUS_LABELS = {
    "loaded": "Đã nạp",
    "partial": "Đã nạp, có dòng bị loại",
    "rejected": "Bị từ chối",
    "unchanged": "Không thay đổi",
    "busy": "Chờ nạp (CSDL bận)",
    "failed": "Lỗi hệ thống",
    "pending": "Đang xử lý",
}


def strict_rejected(bad_rows: int) -> str:
    return (
        f"Chế độ nghiêm ngặt (--strict): {bad_rows} dòng có lỗi nên cả tệp bị từ chối, "
        "không dòng nào được nạp. Sửa các dòng lỗi rồi nộp lại."
    )


def busy(detail: str) -> str:
    return (
        f"{detail} Tệp đã được lưu trong kho lưu trữ và đánh dấu chờ nạp; chạy "
        "'python -m data ingest --pending' để nạp khi cơ sở dữ liệu rảnh."
    )


def failed(exc: Exception) -> str:
    return (
        f"Lỗi hệ thống khi nạp tệp ({type(exc).__name__}: {exc}). Tệp gốc đã được lưu; "
        "báo cho quản trị viên và nạp lại sau."
    )


def not_found(path: Path) -> str:
    return f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn."
