"""The briefing files in a real Chromium: PNG screenshots, the A4 PDF and chart PNG downloads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dashboard.briefing import group_url_paths, page_title, page_urls
from metrics import api
from metrics.briefing import build_briefing
from metrics.format import fmt_date, fmt_value
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

MONTH = "2023-06"
GROUP_URL_PATHS = group_url_paths(int(MONTH[:4]))


def _text(path: Path, *pages: int) -> str:
    """pdftotext of the PDF (or of some pages), whitespace folded so wrapped lines still match."""
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


@pytest.fixture(scope="module")
def produced(sample_db, tmp_path_factory):
    """Run the command once for the module; keep its output folder and its duration."""
    out = tmp_path_factory.mktemp("briefing")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.briefing", "--month", MONTH, "--db", str(sample_db)]
        + ["--out", str(out)],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    return out, result, time.monotonic() - started


def test_command_succeeds_within_a_minute(produced):
    """Test that the command exits 0, says what it wrote, and takes under a minute."""
    _, result, seconds = produced
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Đã ghi 6 ảnh PNG" in result.stdout
    assert seconds < 60


def test_pngs_are_presentation_size_and_not_blank(produced):
    """Test that the briefing and the five group pages are 1920 px wide, full and not blank."""
    out, _, _ = produced
    names = ["ban-tin", *GROUP_URL_PATHS]
    for name in names:
        path = out / f"ban-tin-{MONTH}-{name}.png"
        with Image.open(path) as image:
            assert image.width == 1920
            assert image.height >= 1080
            grey = np.asarray(image.convert("L"), dtype=np.float64)
        assert grey.std() > 15, name  # a blank or single-colour page is ~0
        assert (grey < 128).mean() > 0.01, name  # some dark ink: text and chart marks


def test_pdf_pages(produced):
    """Test that the PDF is a cover, a summary, then each screenshot in numbered bands."""
    out, _, _ = produced
    pdf = out / f"ban-tin-{MONTH}.pdf"
    total = _pages(pdf)
    headings = []
    for number in range(1, total + 1):
        text = _text(pdf, number)
        assert f"Trang {number}/{total}" in text
        headings.append(text)
    assert "BẢN TIN GIAO BAN THÁNG 6/2023" in headings[0]
    assert "Tóm tắt tình hình tháng 6/2023" in headings[1]
    captions = ["Bản tin tháng 6/2023"] + [
        f"{page_title(p, 2023)} — tháng 6/2023" for p in GROUP_URL_PATHS
    ]
    position = 2
    for caption in captions:  # in order, each in bands "(phần i/n)" or on one page
        assert headings[position].startswith(caption)
        match = re.match(rf"{re.escape(caption)} \(phần 1/(\d+)\)", headings[position])
        bands = int(match.group(1)) if match else 1
        for i in range(2, bands + 1):
            assert headings[position + i - 1].startswith(f"{caption} (phần {i}/{bands})")
        position += bands
    assert position == total


def test_pdf_page_is_a4_landscape(produced):
    """Test that the paper is A4 landscape (842 × 595 points)."""
    out, _, _ = produced
    info = subprocess.run(
        ["pdfinfo", str(out / f"ban-tin-{MONTH}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    size = next(x for x in info.splitlines() if x.startswith("Page size:"))
    width, height = (float(v) for v in size.split()[2:5:2])
    # Chromium rounds the paper to whole CSS pixels: 842.9 × 595.9 points.
    assert width == pytest.approx(842, abs=2) and height == pytest.approx(595, abs=2)


def test_pdf_text_holds_the_month_and_the_figures(produced, sample_db):
    """Test that the cover and summary are real text with the month and the metrics figures."""
    out, _, _ = produced
    pdf = out / f"ban-tin-{MONTH}.pdf"
    cover = _text(pdf, 1)
    assert "BẢN TIN GIAO BAN THÁNG 6/2023" in cover
    assert f"Số liệu đến ngày {fmt_date(api.data_freshness(sample_db))}" in cover
    assert "Kế hoạch số 28/KH-UBND ngày 18/01/2023 của UBND Quận 1" in cover
    summary = _text(pdf, 2)
    briefing = build_briefing(MONTH, sample_db)
    for sentence in briefing.sentences:
        assert sentence in summary
    kpis = api.kpi_table(2023, MONTH, db=sample_db).set_index("code")
    for h in briefing.headline:
        assert fmt_value(kpis.loc[h.code, "value"], kpis.loc[h.code, "format"]) in summary
    everything = _text(pdf)
    assert "Nhóm V: An sinh xã hội — tháng 6/2023" in everything


def test_chart_png_download_is_presentation_size(sample_db, tmp_path):
    """Test that a chart's "download as PNG" gives a 1920 × 1080 image with the page's labels."""
    from dashboard.browser import open_browser, wait_ready
    from dashboard.server import running_app

    with running_app(sample_db, read_only=True) as base_url, open_browser() as browser:
        url = dict(page_urls(base_url, MONTH))["ban-tin"]
        page = browser.new_page(viewport={"width": 1920, "height": 1400})
        page.goto(url, wait_until="domcontentloaded")
        wait_ready(page)
        chart = page.locator(".js-plotly-plot").first
        chart.hover()
        with page.expect_download() as download:
            chart.locator('.modebar-btn[data-title^="Download plot"]').click()
        path = tmp_path / "chart.png"
        download.value.save_as(path)
    with Image.open(path) as image:
        assert image.size == (1920, 1080)
        assert np.asarray(image.convert("L"), dtype=np.float64).std() > 15


def test_page_button_offers_the_same_files(sample_db, monkeypatch):
    """Test that the page's button produces the PDF and the PNGs as downloads."""
    import io
    import zipfile

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KPI_DB", str(sample_db))
    monkeypatch.setenv("KPI_READ_ONLY", "1")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.query_params.update({"nam": "2023", "thang": MONTH, "pham_vi": "district"})
    at.run()
    at.switch_page("views/ban_tin.py").run()
    at.button(key="bt_export").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    made = at.session_state[f"briefing_files_{MONTH}"]
    assert made["pdf"].startswith(b"%PDF")
    assert made["pdf_name"] == f"ban-tin-{MONTH}.pdf"
    names = zipfile.ZipFile(io.BytesIO(made["zip"])).namelist()
    assert sorted(names) == sorted(
        f"ban-tin-{MONTH}-{p}.png" for p in ["ban-tin", *GROUP_URL_PATHS]
    )
