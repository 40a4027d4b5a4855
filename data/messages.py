"""Vietnamese messages of the data layer (loading and CLI); one place for every sentence."""

from __future__ import annotations

from pathlib import Path

from checks.numbers import fmt_number

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


def source_changed(name: str) -> str:
    return (
        f"Tệp {name} đã thay đổi trong khi đang nạp, nên chưa nạp. Bản đã lưu khi nhận "
        "tệp sẽ được nạp lại: chạy kpi ingest --pending."
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


def missing_columns(
    kind_label: str, missing: list[str], found: list[str] = (), hints: list[str] = ()
) -> str:
    """The file is closest to ``kind_label`` but lacks required columns."""
    names = ", ".join(f"'{m}'" for m in missing)
    text = (
        f"Tệp {kind_label.lower()} thiếu cột bắt buộc: {names}. Thêm cột (đúng tên như "
        "trong mẫu nhập) rồi nộp lại; không dòng nào được nạp."
    )
    if found:
        text += " Các cột tìm thấy trong tệp: " + ", ".join(f"'{h}'" for h in found) + "."
    for hint in hints:
        text += " " + hint
    return text


def did_you_mean_column(written: str, meant: str) -> str:
    return f"Có phải cột '{written}' là cột '{meant}'? Nếu đúng, sửa tên cột như vậy."


def did_you_mean(what: str, written: str, meant: str) -> str:
    """A near miss of a code or name: never applied silently."""
    return (
        f"{what} '{written}' không có trong danh mục. Có phải '{meant}'? Nếu đúng, ghi "
        f"'{meant}' rồi nộp lại."
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


# Reader refusals of this file's structure (data/intake/readers.py).
def cell_too_long(row: int, column: str, length: int) -> str:
    size = fmt_number(length)
    return (
        f"Ô dòng {row}, cột {column} dài {size} ký tự, vượt giới hạn 32.767 ký tự của một ô "
        "(giới hạn của Excel). Rút gọn nội dung ô (hoặc kiểm tra dấu ngoặc kép bị thiếu trong "
        "tệp CSV) rồi nộp lại; không dòng nào của tệp được nạp."
    )


def csv_field_too_long(row: int) -> str:
    return (
        f"Tệp CSV có một ô quá dài (hơn 131.072 ký tự) từ khoảng dòng {row}: thường do một dấu "
        'ngoặc kép (") mở mà không đóng. Sửa ô đó (giới hạn 32.767 ký tự một ô) rồi nộp lại; '
        "không dòng nào của tệp được nạp."
    )


def duplicate_header(header: str, first: str, second: str) -> str:
    return (
        f"Cột '{header}' xuất hiện hai lần (cột {first} và cột {second}) nên không biết lấy số "
        "liệu ở cột nào. Xóa hoặc đổi tên một trong hai cột rồi nộp lại; không dòng nào được nạp."
    )


def several_sheets(sheets: list[str]) -> str:
    names = ", ".join(f"'{s}'" for s in sheets)
    return (
        f"Tệp có bảng số liệu ở {len(sheets)} trang tính ({names}); mỗi tệp chỉ được có một "
        "bảng. Gộp số liệu vào một trang tính hoặc tách mỗi trang thành một tệp rồi nộp lại; "
        "không trang nào được nạp."
    )


def hidden_rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    return (
        f"Lưu ý: {len(rows)} dòng bị ẩn trong Excel (dòng {shown}) vẫn được đọc và kiểm tra như "
        "các dòng khác. Nếu không muốn nạp các dòng đó, hãy xóa chúng khỏi tệp."
    )


MACRO_WORKBOOK = (
    "Tệp là bảng tính có macro (.xlsm); macro không được nhận. Mở tệp bằng Excel, lưu lại dạng "
    ".xlsx (Lưu thành > 'Excel Workbook (.xlsx)') rồi nộp lại."
)


# Dossier register (data/store/register.py): one sentence per check, filled in by the
# database for every refused row ({column}: the file's header, {value}: the cell,
# {detail}: the other cell or row the check compared with).
REGISTER_REASONS = {
    "missing": "Thiếu {column}: mỗi hồ sơ cần có {column}. Điền giá trị rồi nộp lại.",
    "bad_date": (
        "'{value}' ở cột {column} không phải ngày giờ (dd/mm/yyyy hh:mm hoặc "
        "yyyy-mm-dd hh:mm). Sửa lại rồi nộp lại."
    ),
    "due_before_received": (
        "Ngày hẹn trả {value} trước ngày tiếp nhận {detail}: hạn giải quyết phải từ lúc "
        "tiếp nhận trở đi. Kiểm tra hai ngày này rồi nộp lại."
    ),
    "result_before_received": (
        "Ngày có kết quả {value} trước ngày tiếp nhận {detail}. Kiểm tra hai ngày này rồi nộp lại."
    ),
    "returned_before_result": (
        "Ngày trả kết quả {value} trước ngày có kết quả {detail}. Kiểm tra hai ngày này rồi "
        "nộp lại."
    ),
    "unknown_scope": (
        "Đơn vị tiếp nhận '{value}' không có trong danh mục đơn vị, phường của Quận 1. Ghi "
        "tên hoặc mã (ví dụ 'Phường Bến Nghé' hoặc 'BN') rồi nộp lại."
    ),
    "unknown_channel": ("Hình thức nộp '{value}' không rõ: ghi một trong {detail}, rồi nộp lại."),
    "bad_yes_no": (
        "'{value}' ở cột {column} không rõ là có hay không: ghi 'Có' hoặc 'Không' rồi nộp lại."
    ),
    "bad_fee": (
        "Phí, lệ phí '{value}' không phải số tiền (đồng, số nguyên, ví dụ 50.000). Sửa lại "
        "rồi nộp lại."
    ),
    "duplicate_code": (
        "Mã hồ sơ '{value}' đã có ở dòng {detail} của cùng tệp: mỗi hồ sơ chỉ một dòng trong "
        "một tệp. Xóa dòng trùng rồi nộp lại."
    ),
}


def register_missing_columns(missing: list[str], found: list[str]) -> str:
    names = ", ".join(f"'{m}'" for m in missing)
    heads = ", ".join(f"'{h}'" for h in found)
    return (
        f"Tệp sổ theo dõi hồ sơ TTHC thiếu cột bắt buộc: {names}. Các cột tìm thấy: {heads}. "
        "Thêm cột (đúng tên như trong mẫu) rồi nộp lại; không dòng nào được nạp."
    )


def register_outside_units(count: int, units: str, own: str, rows: str) -> str:
    return (
        f"Tệp có {count} hồ sơ của đơn vị khác ({units}; dòng {rows}) nên cả tệp bị từ chối, "
        f"không dòng nào được nạp. Tài khoản của bạn chỉ được nộp hồ sơ của {own}. Chỉ giữ "
        "lại hồ sơ của đơn vị mình rồi nộp lại."
    )


def register_unreadable(detail: str) -> str:
    return (
        f"Không đọc được sổ theo dõi hồ sơ ({detail}). Xuất lại tệp dạng .csv (UTF-8) hoặc "
        ".xlsx từ hệ thống một cửa rồi nộp lại."
    )


# Wide layouts (data/intake/layouts.py): a column per month or per ward.
def sheet_cell(header: str, ref: str) -> str:
    """A column as the person finds it in Excel: its header and the cell ("T6 (ô F7)")."""
    return f"{header} (ô {ref})" if header else f"ô {ref}"


def wide_read(layout: str, cells: int, rows: int) -> str:
    return (
        f"Bảng được đọc theo dạng {layout}: {cells} ô số liệu của {rows} dòng thành {cells} "
        "dòng số liệu chỉ số; lỗi (nếu có) ghi rõ ô trong Excel."
    )


def wide_totals_skipped(headers: list[str]) -> str:
    names = ", ".join(f"'{h}'" for h in headers)
    return (
        f"Lưu ý: cột tổng {names} không được nạp (số liệu tổng được tính lại từ các cột "
        "tháng hoặc phường)."
    )


def wide_no_year(header: str, ref: str) -> str:
    return (
        f"Không rõ năm của cột tháng '{header}' (ô {ref}). Ghi năm vào tiêu đề cột (ví dụ "
        "'T6/2023'), thêm cột 'Năm', hoặc ghi 'Năm 2023' ở dòng tên bảng phía trên; không dòng "
        "nào được nạp."
    )


def wide_unknown_columns(columns: list[str], hints: list[str] = ()) -> str:
    names = ", ".join(columns)
    text = (
        f"Bảng có một cột cho mỗi tháng hoặc mỗi phường, nhưng cột {names} không phải tháng, "
        "phường, đơn vị hay cột nào của mẫu nhập nên số liệu trong đó không biết nạp vào đâu. "
        "Đổi tên cột (ví dụ 'T6', 'Tháng 6/2023' hoặc tên phường) hoặc xóa cột rồi nộp lại; "
        "không dòng nào được nạp."
    )
    for hint in hints:
        text += " " + hint
    return text


def wide_duplicate_column(what: str, first: str, second: str) -> str:
    return (
        f"Hai cột cùng là {what} (ô {first} và ô {second}) nên không biết lấy số liệu ở cột "
        "nào. Xóa hoặc sửa một trong hai cột rồi nộp lại; không dòng nào được nạp."
    )
