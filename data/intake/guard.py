"""Upload hardening: size limit, file type by content, zip-bomb refusal, safe names and exports.

Everything here looks at the bytes only, before any reader parses them:

* a size limit (``KPI_MAX_UPLOAD_MB``, default 10);
* the type is decided by content: an ``.xlsx`` is a zip archive holding the OOXML
  spreadsheet parts, a ``.csv`` is decodable text; the file name is never trusted;
* for a zip, the central directory is read (nothing is extracted) and the file is refused
  when the total uncompressed size (``KPI_MAX_UNZIPPED_MB``, default 100), the number of
  parts, or one part's compression ratio (``KPI_MAX_ZIP_RATIO``, default 100) is too large.
  Python's ``zipfile`` never inflates a part beyond the size its directory declares, so
  these figures bound what a reader can later decompress;
* text that a spreadsheet would run as a formula is neutralised in every export.

Every refusal is ``UploadRefused`` (a ``FileRejected``) carrying one Vietnamese sentence:
what is wrong, why, and what to do.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import pandas as pd

from checks.result import FileRejected
from data import messages, settings

MAX_ZIP_PARTS = 2000
# A part smaller than this cannot hurt whatever its ratio (XML headers compress very well).
_RATIO_FLOOR_BYTES = 1024 * 1024

# A spreadsheet evaluates cells starting with these (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_MB = 1024 * 1024

_SIGNATURES = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "tệp Excel 97-2003 (.xls) hoặc tệp Office có đặt mật khẩu",
    ),
    (b"%PDF", "tệp PDF"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
    (b"\x1f\x8b", "tệp nén gzip"),
    (b"MZ", "tệp chương trình (.exe)"),
)

# Zip-based Office formats that are not spreadsheets, by the folder of their main part.
_OTHER_OOXML = {
    "word/": "tài liệu Word (.docx)",
    "ppt/": "bài trình chiếu PowerPoint (.pptx)",
}


class UploadRefused(FileRejected):
    """A submitted file refused before reading: too big, wrong type by content, or a zip bomb."""


def max_upload_bytes() -> int:
    """Largest accepted file, in bytes (``KPI_MAX_UPLOAD_MB``, default 10)."""
    return int(settings.max_upload_mb() * _MB)


def max_unzipped_bytes() -> int:
    """Largest total uncompressed size of an .xlsx (``KPI_MAX_UNZIPPED_MB``, default 100)."""
    return int(settings.max_unzipped_mb() * _MB)


def max_zip_ratio() -> float:
    """Largest compression ratio of one part of an .xlsx (``KPI_MAX_ZIP_RATIO``, default 100)."""
    return settings.max_zip_ratio()


def _mb(n: float) -> str:
    text = f"{n / _MB:.1f}".replace(".", ",")
    return text.removesuffix(",0")


def safe_display_name(name: str, limit: int = 120) -> str:
    """The last path component of a submitted name, NFC, without control characters.

    Used for display and the load log only; no part of a submitted name ever becomes a
    filesystem path (the archive stores files by content hash).
    """
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if base in ("", ".", ".."):
        base = "tệp không tên"
    return base[:limit]


def check_size(name: str, content: bytes, max_bytes: int | None = None) -> None:
    """Refuse a file above the size limit (``max_upload_bytes()`` when None)."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if len(content) > limit:
        raise UploadRefused(
            f"Tệp '{safe_display_name(name)}' nặng {_mb(len(content))} MB, vượt giới hạn "
            f"{_mb(limit)} MB cho một lần nộp. Hãy bỏ các trang tính, ảnh không cần thiết hoặc "
            "tách tệp theo đơn vị, kỳ báo cáo rồi nộp từng phần."
        )


def check_upload(name: str, content: bytes, max_bytes: int | None = None) -> str:
    """Refuse an unsafe or unreadable upload; return its type by content: ``xlsx`` or ``csv``.

    Args:
        name: The submitted file name (only shown in messages).
        content: The raw bytes.
        max_bytes: Size limit; ``max_upload_bytes()`` when None.

    Raises:
        UploadRefused: With a Vietnamese sentence saying what, why and what to do.
    """
    shown = safe_display_name(name)
    check_size(name, content, max_bytes)
    if not content.strip():
        raise UploadRefused(
            f"Tệp '{shown}' rỗng, không có nội dung. Kiểm tra lại tệp đã lưu rồi nộp lại."
        )
    if content.startswith(b"PK\x03\x04") or content.startswith(b"PK\x05\x06"):
        _check_xlsx(shown, content)
        return "xlsx"
    for magic, what in _SIGNATURES:
        if content.startswith(magic):
            raise UploadRefused(
                f"Tệp '{shown}' là {what}, không phải bảng tính Excel (.xlsx) hay CSV. Hãy mở "
                "tệp bằng Excel, chọn Lưu thành (Save As) dạng 'Excel Workbook (.xlsx)' hoặc "
                "'CSV UTF-8' rồi nộp lại."
            )
    _check_text(shown, content)
    return "csv"


def _check_xlsx(shown: str, content: bytes) -> None:
    try:
        parts = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(
            f"Tệp '{shown}' có dạng tệp nén nhưng bị hỏng, không mở được. Hãy mở lại bằng "
            "Excel, lưu thành .xlsx rồi nộp lại."
        ) from exc
    _check_parts(shown, parts)
    names = [p.filename for p in parts]
    if any(n.lower().endswith("vbaproject.bin") for n in names) or _macro_content_type(content):
        raise UploadRefused(f"'{shown}': {messages.MACRO_WORKBOOK}")
    if "[Content_Types].xml" in names and any(
        n.startswith("xl/") and n.endswith("workbook.xml") for n in names
    ):
        return
    for folder, what in _OTHER_OOXML.items():
        if any(n.startswith(folder) for n in names):
            raise UploadRefused(
                f"Tệp '{shown}' là {what}, không phải bảng tính Excel, dù tên tệp có thể ghi "
                ".xlsx. Hãy nộp tệp Excel theo mẫu (tải ở trang Nộp số liệu)."
            )
    raise UploadRefused(
        f"Tệp '{shown}' là tệp nén nhưng không chứa bảng tính Excel (.xlsx). Hãy nộp tệp Excel "
        "theo mẫu hoặc tệp CSV."
    )


def _macro_content_type(content: bytes) -> bool:
    """True when the workbook part is declared macro-enabled (an .xlsm saved without VBA)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            types = zf.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return b"macroEnabled" in types


def _check_parts(shown: str, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_ZIP_PARTS:
        raise UploadRefused(
            f"Tệp '{shown}' chứa {len(parts)} thành phần nén, nhiều bất thường đối với một bảng "
            f"tính (giới hạn {MAX_ZIP_PARTS}), nên bị từ chối để bảo vệ hệ thống. Hãy chép số "
            "liệu sang một tệp Excel mới, lưu .xlsx rồi nộp lại."
        )
    if any(p.flag_bits & 0x1 for p in parts):
        raise UploadRefused(
            f"Tệp '{shown}' được đặt mật khẩu nên không đọc được. Hãy bỏ mật khẩu (File > Info "
            "> Protect Workbook), lưu lại rồi nộp."
        )
    total = sum(p.file_size for p in parts)
    if total > max_unzipped_bytes():
        raise UploadRefused(
            f"Tệp '{shown}' khi giải nén lên tới {_mb(total)} MB, vượt giới hạn "
            f"{_mb(max_unzipped_bytes())} MB, nên bị từ chối để bảo vệ hệ thống (có thể là "
            "tệp nén độc hại). Hãy chép số liệu sang một tệp Excel mới rồi nộp lại."
        )
    ratio_limit = max_zip_ratio()
    for p in parts:
        if p.file_size > _RATIO_FLOOR_BYTES and p.file_size > ratio_limit * max(p.compress_size, 1):
            raise UploadRefused(
                f"Tệp '{shown}' có thành phần '{safe_display_name(p.filename)}' nén với tỷ lệ "
                f"bất thường (gấp hơn {ratio_limit:.0f} lần), dấu hiệu của tệp nén độc hại, nên "
                "bị từ chối. Hãy chép số liệu sang một tệp Excel mới rồi nộp lại."
            )


def _check_text(shown: str, content: bytes) -> None:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadRefused(
            f"Tệp '{shown}' là văn bản mã UTF-16 (Excel 'Unicode Text'), chưa được hỗ trợ. Hãy "
            "lưu lại dạng 'CSV UTF-8 (Comma delimited)' hoặc .xlsx rồi nộp lại."
        )
    head = content[: 64 * 1024]
    if b"\x00" in head:
        raise UploadRefused(_not_text(shown))
    text = None
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise UploadRefused(_not_text(shown))
    sample = text[: 64 * 1024]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
    if controls > max(2, len(sample) // 100):
        raise UploadRefused(_not_text(shown))


def _not_text(shown: str) -> str:
    return (
        f"Tệp '{shown}' không phải bảng tính Excel (.xlsx) cũng không phải văn bản CSV đọc "
        "được (nội dung nhị phân). Hãy lưu số liệu dạng .xlsx hoặc 'CSV UTF-8' rồi nộp lại."
    )


# --------------------------------------------------------------------------- exports


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading quote; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers are safe to open in a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV download: UTF-8 with BOM (Excel on Windows keeps the diacritics), neutralised."""
    buffer = io.StringIO()
    neutralise_frame(frame).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")
