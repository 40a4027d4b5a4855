"""Vietnamese messages of the data layer (loading and CLI); one place for every sentence."""

from __future__ import annotations

from pathlib import Path

NO_DATA_ROWS = "Tệp không có dòng số liệu nào. Hãy điền số liệu dưới dòng tiêu đề rồi nộp lại."
NO_VALID_ROWS = (
    "Không có dòng hợp lệ nào để nạp: mọi dòng đều có lỗi. Xem danh sách lỗi, sửa rồi nộp lại."
)
SAME_FILE_AGAIN = "Tệp này đã được nạp trước đó (cùng nội dung); không có gì thay đổi."


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


# Whole-file rejections of the readers (type, size and zip checks are in data.intake.guard).
BROKEN_WORKBOOK = (
    "Không đọc được tệp Excel: tệp bị hỏng hoặc chưa lưu xong. Mở tệp bằng Excel, chọn "
    "Lưu thành (Save As) định dạng .xlsx rồi nộp lại."
)
NO_HEADER = (
    "Không tìm thấy dòng tiêu đề cột trong 20 dòng đầu. Dòng tiêu đề phải có các cột của "
    "mẫu nhập, ví dụ 'Đơn vị báo cáo', 'Kỳ báo cáo', 'STT nhiệm vụ', 'Tình trạng' (báo cáo "
    "tiến độ) hoặc 'Mã chỉ số', 'Phạm vi', 'Kỳ số liệu' (số liệu chỉ số)."
)
AMBIGUOUS_KIND = (
    "Tệp có cột của cả hai loại (báo cáo tiến độ và số liệu chỉ số). Hãy tách thành hai tệp "
    "theo hai mẫu nhập."
)


def missing_columns(kind_label: str, missing: list[str]) -> str:
    names = ", ".join(f"'{m}'" for m in missing)
    return (
        f"Tệp {kind_label.lower()} thiếu cột bắt buộc: {names}. Thêm cột (đúng tên như "
        "trong mẫu nhập) rồi nộp lại; không dòng nào được nạp."
    )


# Loading path: refusals recorded later, unreadable files.
def refusal_recorded_later(reason: str) -> str:
    return (
        f"{reason} (Cơ sở dữ liệu đang bận nên lần từ chối này được ghi vào nhật ký nạp sau, "
        "khi chạy 'python -m data ingest --pending'; tệp không được nạp.)"
    )


def unreadable(exc: Exception) -> str:
    return (
        f"Không đọc được tệp ({type(exc).__name__}). Mở tệp bằng Excel, lưu lại dạng .xlsx "
        "hoặc .csv (UTF-8) rồi nộp lại; các tệp khác vẫn được nạp bình thường."
    )


SETTLED_EARLIER = "Tệp này đã được ghi nhận trước đó (lượt nạp bị ngắt giữa chừng đã hoàn tất)."
