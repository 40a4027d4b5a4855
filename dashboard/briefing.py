"""Monthly briefing files: the deck (PPTX), its slides as PNG, the A4 PDF and the Word report.

``python -m dashboard.briefing --month YYYY-MM --formats pptx,png,pdf,docx [--period
Q1|H1|9M|Y] [--db PATH] [--out DIR]`` (also ``kpi briefing``) builds the month's briefing
once (``metrics.briefing.build_briefing``) and draws the slides of ``dashboard.documents``
into each format; the Word report is the consolidated report
(``metrics.report.build_report``) of a reporting period. No browser is started: the
slides are drawn with Pillow, python-pptx and fpdf2 in Debian's Noto fonts. The "Bản tin"
page's button calls ``produce`` too, so both routes write the same files.

Exit codes: 0 files written, 2 bad input (month, period, formats, database), 3 fonts
missing, 4 database busy.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from metrics import format as fmt
from metrics.briefing import Briefing, build_briefing
from metrics.common import MetricsInputError

FORMATS = ("pptx", "png", "pdf", "docx")
MAX_ROWS = 5  # rows per problem list on the page (the rest are counted)

# Every string the briefing files show.
TEXT = {
    "problems": "Vấn đề cần chỉ đạo",
    "overdue": "Nhiệm vụ quá hạn",
    "missing": "Báo cáo chưa nộp",
    "lagging": "Phường chưa đạt lộ trình",
    "none": "Không có.",
    "more": "… và {n} mục khác.",
    "summary": "Tóm tắt tình hình tháng {month}",
    "bad_db": "Không tìm thấy cơ sở dữ liệu {path}: kiểm tra đường dẫn --db hoặc biến KPI_DB.",
    "bad_formats": "Định dạng '{formats}' không hỗ trợ: chọn trong {known} (cách nhau bằng dấu phẩy).",
    "done": "Đã ghi {n} tệp vào {out} trong {seconds} giây:",
    "busy": "Cơ sở dữ liệu đang được cập nhật: chờ ít phút rồi chạy lại.",
    # the page
    "page_title": "Bản tin tháng {month}",
    "page_title_empty": "Bản tin",
    "page_scope_note": "Bản tin luôn tính cho toàn quận, không theo phạm vi đang chọn.",
    "page_wards": "{kpi}: 10 phường",
    "page_button": "Tạo bản tin (PowerPoint, ảnh PNG, PDF) và dự thảo báo cáo (Word)",
    "page_working": "Đang tạo các tệp bản tin…",
    "card_change": "So với tháng trước: {change}",
    "card_path": "Lộ trình: {expected}",
    "card_target": "Chỉ tiêu: {target}",
    "page_download": {
        "pptx": "Tải bản trình chiếu (.pptx)",
        "png": "Tải ảnh PNG các trang (.zip)",
        "pdf": "Tải tệp PDF",
        "docx": "Tải dự thảo báo cáo (.docx)",
    },
}


@dataclass
class Result:
    """What ``produce`` wrote."""

    month: str
    files: dict[str, list[Path]] = field(default_factory=dict)
    pdf_pages: int = 0
    seconds: float = 0.0

    @property
    def paths(self) -> list[Path]:
        return [p for kind in FORMATS for p in self.files.get(kind, [])]


def problem_items(b: Briefing) -> dict[str, list[str]]:
    """The three problem lists as lines of text (the page and the slides say the same)."""
    from dashboard.documents import slides

    return slides.problem_items(b)


def parse_formats(text: str | None) -> tuple[str, ...]:
    """``"pptx,pdf"`` → ``("pptx", "pdf")``; an unknown format raises a Vietnamese error."""
    asked = [f.strip().lower() for f in (text or ",".join(FORMATS)).split(",") if f.strip()]
    wrong = [f for f in asked if f not in FORMATS]
    if wrong or not asked:
        raise MetricsInputError(
            TEXT["bad_formats"].format(formats=", ".join(wrong) or "", known=",".join(FORMATS))
        )
    return tuple(dict.fromkeys(asked))


def default_period(year: int, month: str) -> str:
    """The last reporting period of the plan that ends on or before ``month``'s end (Q1 at least)."""
    from dashboard.documents import word

    periods = word.periods(year)
    ended = [p for p in periods if p.end.strftime("%Y-%m") <= month]
    return (ended[-1] if ended else periods[0]).code


def produce(
    month: str | None,
    db: str | Path | None = None,
    out: str | Path = "briefing",
    formats: tuple[str, ...] = FORMATS,
    period: str | None = None,
) -> Result:
    """Write the month's briefing files into ``out`` and return what was written."""
    from dashboard.documents import deck, pdf, slides, slides_png, word
    from data.store import db as database

    started = time.monotonic()
    db_path = database.db_path(db)
    if not db_path.exists():
        raise MetricsInputError(TEXT["bad_db"].format(path=db_path))
    b = build_briefing(month, db_path)
    code = (period or default_period(b.year, b.month)).upper()
    if "docx" in formats:
        word.period_of(b.year, code)  # a wrong period is reported before anything is written
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"ban-tin-{b.month}"
    result = Result(month=b.month)
    if {"pptx", "png", "pdf"} & set(formats):
        pages = slides.build_slides(b, db_path)
        if "pptx" in formats:
            path = deck.write_deck(pages, b.month_label, b.is_sample, out_dir / f"{stem}.pptx")
            result.files["pptx"] = [path]
        if "png" in formats:
            result.files["png"] = slides_png.write_pngs(
                pages, b.month, b.month_label, b.is_sample, out_dir
            )
        if "pdf" in formats:
            path = out_dir / f"{stem}.pdf"
            result.pdf_pages = pdf.write_pdf(pages, b.month_label, b.is_sample, path)
            result.files["pdf"] = [path]
    if "docx" in formats:
        path = out_dir / f"bao-cao-{b.year}-{code}.docx"
        result.files["docx"] = [word.write_report(b.year, code, path, db=db_path)]
    result.seconds = time.monotonic() - started
    return result


def main(argv: list[str] | None = None, prog: str = "python -m dashboard.briefing") -> int:
    """Write one month's briefing files.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).
        prog: The command name shown in usage lines (``kpi briefing`` when run from it).

    Returns:
        The exit code: 0 done, 2 wrong input, 3 fonts missing, 4 database busy.
    """
    from data import catalog

    year = catalog.load_plan().year
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Bản tin giao ban một tháng (PPTX, PNG, PDF) và dự thảo báo cáo (Word).",
    )
    parser.add_argument(
        "--month",
        help=f"tháng, dạng YYYY-MM, ví dụ {year}-06 (mặc định: tháng mới nhất có số liệu)",
    )
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"các định dạng cần tạo, cách nhau bằng dấu phẩy (mặc định: {','.join(FORMATS)})",
    )
    parser.add_argument(
        "--period",
        help="kỳ báo cáo của tệp Word: Q1, H1, 9M hoặc Y (mặc định: kỳ gần nhất đã kết thúc)",
    )
    parser.add_argument("--db", help="đường dẫn cơ sở dữ liệu (mặc định: KPI_DB hoặc kho mặc định)")
    parser.add_argument("--out", default="briefing", help="thư mục ghi tệp (mặc định: briefing)")
    args = parser.parse_args(argv)
    from dashboard.documents.fonts import FontMissing
    from data.store.db import DatabaseBusy

    try:
        result = produce(args.month, args.db, args.out, parse_formats(args.formats), args.period)
    except MetricsInputError as exc:
        print(exc, file=sys.stderr)
        return 2
    except FontMissing as exc:
        print(exc, file=sys.stderr)
        return 3
    except DatabaseBusy:
        print(TEXT["busy"], file=sys.stderr)
        return 4
    print(
        TEXT["done"].format(
            n=len(result.paths),
            out=Path(args.out).resolve(),
            seconds=fmt.fmt_number(result.seconds, 1),
        )
    )
    for path in result.paths:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
