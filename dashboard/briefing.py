"""Monthly briefing files: screenshots of the "Bản tin" and group pages, and one A4 PDF.

``python -m dashboard.briefing --month YYYY-MM [--db PATH] [--out DIR]`` starts the
dashboard headless (``dashboard.server.running_app``), captures each page at presentation
size (1920 px wide) in Debian's Chromium, and prints them into one PDF, A4 landscape: a
cover (month, data freshness, plan), a summary page whose text is real text (the narrative
of ``metrics.briefing``, group status, top problems), then the screenshots, cut at blank
rows into page-sized bands, with page numbers in the footer. The "Bản tin" page's button
calls ``produce`` too, so both routes write the same files.

Exit codes: 0 files written, 2 bad input (month, database), 3 Chromium missing, 4 database
busy, 5 the dashboard did not start.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from dashboard import nav
from data import settings
from metrics import format as fmt
from metrics import labels
from metrics.briefing import Briefing, build_briefing
from metrics.common import DISTRICT, MetricsInputError

INSTALL_COMMAND = "apt-get install chromium fonts-noto-core"

PRESENTATION = (1920, 1080)  # width, height of the first view; the height grows to the content
CAPTURE_WORKERS = 2
BRIEFING_URL_PATH = "ban-tin"
# Query parameter that tells the "Bản tin" page it is being captured: it leaves out the
# export button, which means nothing on paper.
CAPTURE_PARAM = "chup"

# A4 landscape (297 × 210 mm) less the margins below leaves 277 × 184 mm; the heading
# above each screenshot band takes about 12 mm, so a 1920-px band holds 1920 × 172 / 277
# ≈ 1190 px of the page before it would be shrunk.
PAGE_MARGIN_MM = {"top": "10mm", "right": "10mm", "bottom": "16mm", "left": "10mm"}
SLICE_HEIGHT = 1190
# A cut is moved up to a blank row so it does not go through a chart, but never above
# this share of the band (a page with no blank row is cut where it must).
MIN_SLICE_FILL = 0.55
# Rows are judged blank on the main area only: the sidebar on the left is never blank.
QUIET_FROM = 0.2
QUIET_SPREAD = 6  # grey levels: anti-aliasing noise, not content
MAX_ROWS = 5  # rows per problem list on the summary page (the rest are counted)

# Every string the briefing files show.
TEXT = {
    "org": "ỦY BAN NHÂN DÂN QUẬN 1",
    "title": "BẢN TIN GIAO BAN THÁNG {month}",
    "theme": "Tình hình thực hiện Chủ đề năm {year}",
    "as_of": "Số liệu tính đến hết ngày {date}",
    "freshness": "Số liệu đến ngày {date}",
    "no_freshness": "Chưa có số liệu",
    "produced": "Xuất ngày {date}",
    "sample": labels.SAMPLE_WARNING,
    "summary": "Tóm tắt tình hình tháng {month}",
    "groups": "Các nhóm giải pháp",
    "kpis": "Chỉ số chính",
    "problems": "Vấn đề cần chỉ đạo",
    "overdue": "Nhiệm vụ quá hạn",
    "missing": "Báo cáo chưa nộp",
    "lagging": "Phường chưa đạt lộ trình",
    "none": "Không có.",
    "more": "… và {n} mục khác.",
    "col_group": "Nhóm",
    "col_status": "Đánh giá",
    "col_tasks": "Nhiệm vụ hoàn thành",
    "col_kpi": "Chỉ số",
    "col_value": "Giá trị",
    "col_change": "So với tháng trước",
    "col_expected": "Lộ trình",
    "col_target": "Chỉ tiêu năm",
    "task": "Nhiệm vụ {id}: {content} — {leads} (hạn {deadline})",
    "report": "{unit} — kỳ {period} (hạn {due})",
    "ward": "{ward} — {kpis}",
    "ward_kpi": "{kpi} {value} (lộ trình {expected})",
    "page_briefing": "Bản tin tháng {month}",
    "part": " (phần {i}/{n})",
    "footer": "Bản tin giao ban tháng {month} — UBND Quận 1 — Trang {page}/{total}",
    "no_chromium": (
        "Không tìm thấy trình duyệt Chromium ({path}) để chụp màn hình và xuất PDF.\n"
        "Cài đặt bằng lệnh (quyền quản trị): {command}"
    ),
    "bad_db": "Không tìm thấy cơ sở dữ liệu {path}: kiểm tra đường dẫn --db hoặc biến KPI_DB.",
    "done": "Đã ghi {n} ảnh PNG và tệp PDF ({pages} trang) vào {out} trong {seconds} giây.",
    "busy": "Cơ sở dữ liệu đang được cập nhật: chờ ít phút rồi chạy lại.",
    "app_failed": "Không khởi động được bảng điều khiển để chụp màn hình: {error}",
    # the page
    "page_title": "Bản tin tháng {month}",
    "page_title_empty": "Bản tin",
    "page_scope_note": "Bản tin luôn tính cho toàn quận, không theo phạm vi đang chọn.",
    "page_wards": "{kpi}: 10 phường",
    "page_button": "Tạo ảnh PNG và tệp PDF bản tin",
    "page_working": "Đang chụp các trang và tạo tệp PDF (khoảng 30 giây)…",
    "card_change": "So với tháng trước: {change}",
    "card_path": "Lộ trình: {expected}",
    "card_target": "Chỉ tiêu: {target}",
    "card_tasks": "{done}/{total} nhiệm vụ hoàn thành · {late} quá hạn, chậm hoặc chưa báo cáo",
    "page_pdf": "Tải tệp PDF",
    "page_png": "Tải ảnh PNG (.zip)",
}


@dataclass(frozen=True)
class Shot:
    """One captured page: its caption in the PDF and the PNG written."""

    url_path: str
    caption: str
    png: Path
    cuts: tuple[int, ...] = ()


@dataclass
class Result:
    """What ``produce`` wrote."""

    month: str
    pdf: Path
    pngs: list[Path]
    pdf_pages: int
    seconds: float
    shots: list[Shot] = field(default_factory=list)


class ChromiumMissing(RuntimeError):
    """Debian's Chromium is not installed: nothing can be captured or printed."""


def chromium_path() -> Path:
    """Where the browser module looks for Chromium (``KPI_CHROMIUM`` overrides)."""
    return settings.chromium()


def check_chromium() -> None:
    """Raise ``ChromiumMissing`` (with the install command) unless the browser is there."""
    path = chromium_path()
    if not path.exists():
        raise ChromiumMissing(TEXT["no_chromium"].format(path=path, command=INSTALL_COMMAND))


# --------------------------------------------------------------------------- pages


def group_url_paths(year: int) -> list[str]:
    """URL paths of the group pages of plan ``year``, in the plan's order."""
    return [spec.url_path for spec in nav.group_pages(year) if spec.listed]


def page_title(url_path: str, year: int | None = None) -> str:
    """The navigation title of a page (the caption of its screenshot) in plan ``year``."""
    for spec in nav.pages(year):
        if spec.url_path == url_path:
            return spec.title
    return url_path


def _quiet_streamlit() -> None:
    """Silence "No runtime found" from caches declared outside a running app (the CLI)."""
    import logging

    import streamlit  # noqa: F401  (creates its loggers, so the level below sticks)

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)


def page_query(month: str) -> str:
    """URL query that makes every page show ``month`` (the params of ``dashboard.state``)."""
    _quiet_streamlit()
    from dashboard import state  # its parameter names are the contract

    params = {
        state._PARAM[state.YEAR_KEY]: month[:4],
        state._PARAM[state.MONTH_KEY]: month,
        state._PARAM[state.SCOPE_KEY]: DISTRICT,
    }
    return "&".join(f"{k}={v}" for k, v in params.items())


def page_urls(base_url: str, month: str) -> list[tuple[str, str]]:
    """(url_path, full URL) of the briefing page and the month's group pages, in PDF order."""
    query = page_query(month)
    base = base_url.rstrip("/")
    urls = [(BRIEFING_URL_PATH, f"{base}/{BRIEFING_URL_PATH}?{query}&{CAPTURE_PARAM}=1")]
    return urls + [(p, f"{base}/{p}?{query}") for p in group_url_paths(int(month[:4]))]


# --------------------------------------------------------------------------- slicing


def quiet_rows(image: Image.Image) -> np.ndarray:
    """One flag per pixel row: True where the main area is a single flat colour."""
    grey = np.asarray(image.convert("L"), dtype=np.int16)
    area = grey[:, int(grey.shape[1] * QUIET_FROM) :]
    return (area.max(axis=1) - area.min(axis=1)) <= QUIET_SPREAD


def slice_bounds(
    quiet: np.ndarray,
    max_height: int = SLICE_HEIGHT,
    min_fill: float = MIN_SLICE_FILL,
    cuts: list[int] | None = None,
) -> list[tuple[int, int]]:
    """(top, bottom) bands of at most ``max_height`` rows.

    A band ends, by preference, at the lowest ``cuts`` row that fits (the gaps between the
    page's own blocks, so a chart keeps its title), else at the lowest blank row, else
    where it must; never above ``min_fill`` of a page.
    """
    height = len(quiet)
    cuts = sorted(set(cuts or ()))
    bounds = []
    top = 0
    while height - top > max_height:
        limit = top + max_height
        floor = top + int(max_height * min_fill)
        fitting = [c for c in cuts if floor < c <= limit]
        if fitting:
            cut = fitting[-1]
        else:
            cut = next((y for y in range(limit, floor, -1) if quiet[y]), limit)
        bounds.append((top, cut))
        top = cut
    bounds.append((top, height))
    return bounds


# Top and bottom of each top-level block of the page's main area, in screenshot pixels.
BLOCKS_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const block = document.querySelector(
        '[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"]');
    if (!block) return [];
    const offset = main ? main.scrollTop : 0;
    return Array.from(block.children)
        .map(el => el.getBoundingClientRect())
        .filter(r => r.height > 0)
        .map(r => [r.top + offset, r.bottom + offset]);
}"""


def block_cuts(blocks: list[list[float]]) -> list[int]:
    """Rows halfway between one top-level block and the next: cuts that split no block."""
    ordered = sorted(blocks)
    return [
        int((above[1] + below[0]) / 2)
        for above, below in zip(ordered, ordered[1:], strict=False)
        if below[0] >= above[1]
    ]


def png_slices(
    path: Path, max_height: int = SLICE_HEIGHT, cuts: list[int] | None = None
) -> list[bytes]:
    """The PNG at ``path`` cut into page-sized bands (PNG bytes each)."""
    with Image.open(path) as image:
        image.load()
        bands = []
        for top, bottom in slice_bounds(quiet_rows(image), max_height, cuts=cuts):
            buffer = io.BytesIO()
            image.crop((0, top, image.width, bottom)).save(buffer, format="PNG", optimize=False)
            bands.append(buffer.getvalue())
    return bands


# --------------------------------------------------------------------------- HTML


def _e(value) -> str:
    return html.escape(str(value))


def _badge(status: str) -> str:
    from dashboard import theme

    return (
        f'<span class="badge" style="background:{theme.status_color(status)};'
        f'color:{theme.text_color(status)}">{_e(labels.KPI_STATUS.get(status, status))}</span>'
    )


def _limited(items: list[str]) -> str:
    if not items:
        return f'<p class="none">{_e(TEXT["none"])}</p>'
    rows = "".join(f"<li>{_e(i)}</li>" for i in items[:MAX_ROWS])
    more = ""
    if len(items) > MAX_ROWS:
        more = f'<p class="more">{_e(TEXT["more"].format(n=len(items) - MAX_ROWS))}</p>'
    return f"<ul>{rows}</ul>{more}"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def problem_items(b: Briefing) -> dict[str, list[str]]:
    """The three problem lists as lines of text (also used by the page)."""
    overdue = [
        TEXT["task"].format(
            id=t["task_id"],
            content=_short(t["content"]),
            leads=t["lead_names"],
            deadline=fmt.fmt_date(t["deadline_date"]),
        )
        for _, t in b.overdue_tasks.iterrows()
    ]
    missing = [
        TEXT["report"].format(
            unit=r["unit_name"], period=r["period_label"], due=fmt.fmt_date(r["due_date"])
        )
        for _, r in b.missing_reports.iterrows()
    ]
    formats = b.kpis.set_index("code")["format"].to_dict()
    by_ward: dict[str, list[str]] = {}  # worst ward first, its KPIs on one line
    for _, w in b.lagging_wards.iterrows():
        by_ward.setdefault(w["ward_name"], []).append(
            TEXT["ward_kpi"].format(
                kpi=w["label"],
                value=fmt.fmt_value(w["value"], formats.get(w["code"], "decimal1")),
                expected=fmt.fmt_value(w["expected"], formats.get(w["code"], "decimal1")),
            )
        )
    lagging = [TEXT["ward"].format(ward=k, kpis="; ".join(v)) for k, v in by_ward.items()]
    return {"overdue": overdue, "missing": missing, "lagging": lagging}


def cover_html(b: Briefing, produced: str) -> str:
    freshness = (
        TEXT["freshness"].format(date=fmt.fmt_date(b.freshness))
        if b.freshness
        else TEXT["no_freshness"]
    )
    sample = f'<p class="sample">{_e(TEXT["sample"])}</p>' if b.is_sample else ""
    return f"""
<section class="page cover">
  <p class="org">{_e(TEXT["org"])}</p>
  <h1>{_e(TEXT["title"].format(month=b.month_label))}</h1>
  <p class="theme">{_e(TEXT["theme"].format(year=b.year))}</p>
  <p class="plan-title">“{_e(b.plan_title)}”</p>
  <p class="plan">{_e(b.plan_name)}</p>
  <p class="fresh">{_e(freshness)}</p>
  <p class="asof">{_e(TEXT["as_of"].format(date=fmt.fmt_date(b.as_of)))}</p>
  {sample}
  <p class="produced">{_e(TEXT["produced"].format(date=produced))}</p>
</section>"""


def summary_html(b: Briefing) -> str:
    narrative = "".join(f"<li>{_e(s)}</li>" for s in b.sentences)
    groups = "".join(
        f"<tr><td>{_e(g['group'])}</td><td>{_e(g['short_name'])}</td>"
        f"<td>{_badge(g['status'])}</td>"
        f"<td class='num'>{int(g['tasks_done'])}/{int(g['tasks_total'])}</td></tr>"
        for _, g in b.groups.iterrows()
    )
    kpis = "".join(
        f"<tr><td>{_e(h.label)}</td><td class='num'>{_e(h.value_text)}</td>"
        f"<td class='num'>{_e(h.change_text)}</td><td class='num'>{_e(h.expected_text)}</td>"
        f"<td>{_badge(h.status)}</td></tr>"
        for h in b.headline
    )
    items = problem_items(b)
    problems = "".join(
        f"<h3>{_e(TEXT[key])} ({len(items[key])})</h3>{_limited(items[key])}"
        for key in ("overdue", "missing", "lagging")
    )
    return f"""
<section class="page summary">
  <h2>{_e(TEXT["summary"].format(month=b.month_label))}</h2>
  <ul class="narrative">{narrative}</ul>
  <div class="cols">
    <div>
      <h3>{_e(TEXT["groups"])}</h3>
      <table><thead><tr><th colspan="2">{_e(TEXT["col_group"])}</th>
        <th>{_e(TEXT["col_status"])}</th><th>{_e(TEXT["col_tasks"])}</th></tr></thead>
        <tbody>{groups}</tbody></table>
      <h3>{_e(TEXT["kpis"])}</h3>
      <table><thead><tr><th>{_e(TEXT["col_kpi"])}</th><th>{_e(TEXT["col_value"])}</th>
        <th>{_e(TEXT["col_change"])}</th><th>{_e(TEXT["col_expected"])}</th>
        <th>{_e(TEXT["col_status"])}</th></tr></thead><tbody>{kpis}</tbody></table>
    </div>
    <div class="problems"><h3 class="big">{_e(TEXT["problems"])}</h3>{problems}</div>
  </div>
</section>"""


def shot_html(caption: str, bands: list[bytes]) -> str:
    parts = []
    for i, band in enumerate(bands, start=1):
        title = caption + (TEXT["part"].format(i=i, n=len(bands)) if len(bands) > 1 else "")
        data = base64.b64encode(band).decode("ascii")
        parts.append(
            f'<section class="page shot"><h2>{_e(title)}</h2>'
            f'<img src="data:image/png;base64,{data}" alt="{_e(title)}"></section>'
        )
    return "".join(parts)


CSS = """
@page { size: A4 landscape; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; color: #1f2328; font-size: 10pt; }
.page { break-after: page; page-break-after: always; height: 184mm; overflow: hidden; }
.page:last-child { break-after: auto; page-break-after: auto; }
.cover { display: flex; flex-direction: column; justify-content: center; align-items: center;
         text-align: center; border-top: 6mm solid #2166ac; }
.cover .org { font-size: 14pt; font-weight: 700; letter-spacing: 1px; margin: 0 0 12mm; }
.cover h1 { font-size: 30pt; margin: 0 0 6mm; color: #2166ac; }
.cover .theme { font-size: 15pt; margin: 0 0 3mm; }
.cover .plan-title { font-size: 12pt; font-style: italic; max-width: 220mm; margin: 0 0 6mm; }
.cover .plan { font-size: 12pt; margin: 0 0 10mm; }
.cover .fresh { font-size: 16pt; font-weight: 700; margin: 0 0 2mm; }
.cover .asof, .cover .produced { font-size: 11pt; margin: 0 0 2mm; color: #4a5259; }
.cover .sample { font-size: 12pt; font-weight: 700; color: #b2182b; border: 1px solid #b2182b;
                 padding: 2mm 5mm; margin: 6mm 0; }
h2 { font-size: 16pt; margin: 0 0 3mm; color: #2166ac; }
h3 { font-size: 11pt; margin: 3mm 0 1.5mm; }
h3.big { font-size: 12pt; margin-top: 0; }
.narrative { margin: 0 0 3mm; padding-left: 5mm; font-size: 10.5pt; }
.narrative li { margin-bottom: 1mm; }
.cols { display: grid; grid-template-columns: 1.15fr 1fr; gap: 7mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border-bottom: 1px solid #d0d7de; padding: 1mm 1.5mm; text-align: left;
         vertical-align: top; }
th { background: #f3f5f7; }
td.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; padding: 0.3mm 2mm; border-radius: 2mm; font-size: 8.5pt;
         font-weight: 600; white-space: nowrap; }
.problems ul { margin: 0; padding-left: 5mm; font-size: 9pt; }
.problems li { margin-bottom: 0.8mm; }
.none, .more { margin: 0 0 1mm; font-size: 9pt; color: #4a5259; }
.shot h2 { font-size: 13pt; margin: 0 0 2mm; }
.shot img { display: block; width: 100%; max-height: 172mm; object-fit: contain;
            object-position: top left; }
"""


def briefing_html(b: Briefing, shots: list[Shot], produced: str) -> str:
    """The whole PDF as one HTML document (images embedded, nothing fetched)."""
    body = cover_html(b, produced) + summary_html(b)
    for shot in shots:
        body += shot_html(shot.caption, png_slices(shot.png, cuts=list(shot.cuts)))
    title = TEXT["title"].format(month=b.month_label)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{CSS}</style></head><body>{body}</body></html>"
    )


def footer_template(b: Briefing) -> str:
    """Chromium's footer: its own font size (the default is 0) and page counters."""
    text = _e(TEXT["footer"].format(month=b.month_label, page="{page}", total="{total}"))
    text = text.replace("{page}", '<span class="pageNumber"></span>')
    text = text.replace("{total}", '<span class="totalPages"></span>')
    return (
        "<div style=\"width:100%;font-family:'Noto Sans',sans-serif;font-size:8pt;"
        f'color:#4a5259;text-align:center;padding:0 10mm;">{text}</div>'
    )


def write_pdf(browser, document: str, footer: str, path: Path) -> None:
    """Print an HTML document to ``path`` with Chromium (A4 landscape, page numbers)."""
    page = browser.new_page()
    try:
        page.set_content(document, wait_until="load")
        page.pdf(
            path=str(path),
            format="A4",
            landscape=True,
            print_background=True,
            display_header_footer=True,
            header_template="<div></div>",
            footer_template=footer,
            margin=PAGE_MARGIN_MM,
        )
    finally:
        page.close()


def pdf_page_count(path: Path) -> int:
    """Pages of a PDF written by Chromium (its page tree states ``/Count``)."""
    counts = [int(n) for n in re.findall(rb"/Count\s+(\d+)", path.read_bytes())]
    return max(counts) if counts else 0


# --------------------------------------------------------------------------- produce


def produce(
    month: str | None,
    db: str | Path | None = None,
    out: str | Path = "briefing",
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Capture the pages of ``month`` and write the PNGs and the PDF into ``out``."""
    from dashboard.browser import capture, open_browser
    from dashboard.server import running_app
    from data.store import db as database

    started = time.monotonic()
    db_path = database.db_path(db)
    if not db_path.exists():
        raise MetricsInputError(TEXT["bad_db"].format(path=db_path))
    briefing = build_briefing(month, db_path)  # a wrong month is reported before anything starts
    check_chromium()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"ban-tin-{briefing.month}"

    cuts: dict[str, tuple[int, ...]] = {}

    def capture_all(items: list[tuple[str, str]]) -> None:
        # One browser per thread: Playwright's sync API belongs to the thread that made it.
        with open_browser() as browser:
            for url_path, url in items:
                if progress:
                    progress(url_path)
                page = browser.new_page()
                try:
                    capture(page, url, out_dir / f"{stem}-{url_path}.png", *PRESENTATION)
                    cuts[url_path] = tuple(block_cuts(page.evaluate(BLOCKS_JS)))
                finally:
                    page.close()

    # A wall display: the captured pages never show a sign-in form.
    with running_app(db_path, read_only=True) as base_url:
        urls = page_urls(base_url, briefing.month)
        # Two sessions at once keep both the app and the browser busy: ~35 % faster here.
        with ThreadPoolExecutor(CAPTURE_WORKERS) as pool:
            chunks = [urls[i::CAPTURE_WORKERS] for i in range(CAPTURE_WORKERS)]
            list(pool.map(capture_all, chunks))
    shots = [
        Shot(
            url_path,
            TEXT["page_briefing"].format(month=briefing.month_label)
            if url_path == BRIEFING_URL_PATH
            else f"{page_title(url_path, briefing.year)} — tháng {briefing.month_label}",
            out_dir / f"{stem}-{url_path}.png",
            cuts.get(url_path, ()),
        )
        for url_path, _ in urls
    ]
    pdf = out_dir / f"{stem}.pdf"
    produced = fmt.fmt_date(time.strftime("%Y-%m-%d"))
    with open_browser() as browser:
        write_pdf(browser, briefing_html(briefing, shots, produced), footer_template(briefing), pdf)
    return Result(
        month=briefing.month,
        pdf=pdf,
        pngs=[s.png for s in shots],
        pdf_pages=pdf_page_count(pdf),
        seconds=time.monotonic() - started,
        shots=shots,
    )


def main(argv: list[str] | None = None, prog: str = "python -m dashboard.briefing") -> int:
    """Produce the screenshots and PDF of one month's briefing.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).
        prog: The command name shown in usage lines (``kpi briefing`` when run from it).

    Returns:
        The exit code: 0 done, 2 wrong input, 3 no Chromium, 4 database busy, 5 app failed.
    """
    from data import catalog

    year = catalog.load_plan().year
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Ảnh chụp và tệp PDF bản tin giao ban một tháng.",
    )
    parser.add_argument(
        "--month",
        help=f"tháng, dạng YYYY-MM, ví dụ {year}-06 (mặc định: tháng mới nhất có số liệu)",
    )
    parser.add_argument("--db", help="đường dẫn cơ sở dữ liệu (mặc định: KPI_DB hoặc kho mặc định)")
    parser.add_argument("--out", default="briefing", help="thư mục ghi tệp (mặc định: briefing)")
    args = parser.parse_args(argv)
    from dashboard.browser import BrowserMissing
    from dashboard.server import AppStartError
    from data.store.db import DatabaseBusy

    try:
        result = produce(args.month, args.db, args.out)
    except (ChromiumMissing, BrowserMissing) as exc:
        print(exc, file=sys.stderr)
        return 3
    except MetricsInputError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DatabaseBusy:
        print(TEXT["busy"], file=sys.stderr)
        return 4
    except AppStartError as exc:
        print(TEXT["app_failed"].format(error=exc), file=sys.stderr)
        return 5
    print(
        TEXT["done"].format(
            n=len(result.pngs),
            pages=result.pdf_pages,
            out=Path(args.out).resolve(),
            seconds=fmt.fmt_number(result.seconds, 1),
        )
    )
    for path in [*result.pngs, result.pdf]:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
