"""Reading the dashboard in real Chromium: Vietnamese only, phones, sorting, chart tables."""

from __future__ import annotations

import re

import pytest

from dashboard import text
from dashboard.browser import capture, visible_text, wait_ready
from dashboard.nav import SCRIPT_PAGES, page_url, visible_pages
from dashboard.server import running_app
from data.access import wall_display_user
from tests.conftest import ROOT
from tests.dashboard.pages import demo_copy

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
VIEWER_PAGES = visible_pages(wall_display_user())
# Words Streamlit and Plotly write by default (uploader, element toolbars, chart toolbar):
# none may reach a reader.
ENGLISH_DEFAULTS = (
    "Upload",
    "Browse files",
    "Drag and drop",
    "per file",
    "Limit",
    "Download",
    "Fullscreen",
    "Search",
    "Show/hide",
    "Zoom",
    "Pan",
    "Autoscale",
    "Reset axes",
    "Box Select",
    "Lasso Select",
    "Produced with Plotly",
    "Deploy",
    "None",  # a missing value written by Python, not a word of ours
)
ENGLISH = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_DEFAULTS) + r")\b")


def english_words(page) -> list[str]:
    return sorted(set(ENGLISH.findall(visible_text(page))))


def spec_of(url_path: str):
    return next(p for p in VIEWER_PAGES if p.url_path == url_path)


@pytest.mark.parametrize("spec", VIEWER_PAGES, ids=[p.url_path for p in VIEWER_PAGES])
def test_page_speaks_vietnamese_and_fits_a_phone(spec, app_url, browser):
    """Test that a page shows no English default, fits 390 px, and has a table per chart."""
    page = browser.new_page()
    try:
        capture(page, page_url(app_url, spec), ARTIFACTS / f"phone_{spec.url_path}.png", 390, 844)
        assert not english_words(page), english_words(page)
        # A chart with nothing to draw says so and has no table to show.
        charts = page.locator(
            "[data-testid=stPlotlyChart]", has_not_text=text.NO_CHART_DATA
        ).count()
        tables = page.locator("[data-testid=stExpander]", has_text=text.CHART_TABLE).count()
        assert tables == charts
        main = page.locator("[data-testid=stMain]")
        assert main.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "page scrolls sideways"
    finally:
        page.close()


def test_numeric_column_sorts_by_value(app_url, browser):
    """Test that sorting "Tỷ lệ đúng hạn" puts 75,0% before 100,0% (numbers, not text)."""
    page = browser.new_page()
    try:
        capture(page, page_url(app_url, spec_of("bao-cao-don-vi")), ARTIFACTS / "s.png", 1366, 900)
        grid = page.locator("[data-testid=stDataFrame]", has_text="Tỷ lệ đúng hạn").first
        grid.scroll_into_view_if_needed()
        header = grid.locator("th", has_text="Tỷ lệ đúng hạn")
        column = f'td[aria-colindex="{header.get_attribute("aria-colindex")}"]'
        before = [float(v) for v in grid.locator(column).all_inner_texts()]
        assert before != sorted(before)  # the test would prove nothing on sorted rows
        box = grid.bounding_box()
        # The header row is drawn on a canvas: click the last column's header.
        page.mouse.click(box["x"] + box["width"] - 60, box["y"] + 18)
        page.wait_for_timeout(800)
        # The grid renders only the rows in view: the first ones, now the lowest rates.
        after = [float(v) for v in grid.locator(column).all_inner_texts()]
        assert after == sorted(after) and after[0] <= min(before)
        assert 75.0 in after and after.index(75.0) < after.index(100.0)
        grid.screenshot(path=str(ARTIFACTS / "sorted_rate_on_time.png"))
    finally:
        page.close()


def test_chart_toolbar_has_one_vietnamese_button(app_url, browser):
    """Test that a chart's toolbar keeps the PNG download only, with a Vietnamese tooltip."""
    page = browser.new_page()
    try:
        capture(page, page_url(app_url, spec_of("phuong")), ARTIFACTS / "p.png", 1366, 900)
        chart = page.locator("[data-testid=stPlotlyChart]").first
        chart.hover()
        titles = chart.locator(".modebar-btn").evaluate_all(
            "els => els.filter(e => getComputedStyle(e).display !== 'none')"
            ".map(e => e.getAttribute('data-title'))"
        )
        assert titles == [text.PLOTLY_WORDS["Download plot as a PNG"]]
    finally:
        page.close()


def test_phone_navigation_folds_after_a_choice(app_url, browser):
    """Test that on a phone the sidebar closes once a page is chosen (on a desktop it stays)."""
    page = browser.new_page()
    try:
        for width, folded in ((390, True), (1366, False)):
            page.set_viewport_size({"width": width, "height": 844})
            page.goto(app_url)
            wait_ready(page)
            sidebar = page.locator("[data-testid=stSidebar]")
            if sidebar.bounding_box()["width"] == 0:
                page.locator("[data-testid=stExpandSidebarButton]").click()
                page.wait_for_timeout(600)
            page.locator("[data-testid=stSidebarNav] a", has_text="Phường").first.click()
            page.get_by_role("heading", name="Phường", exact=True).wait_for()
            wait_ready(page)
            assert (sidebar.bounding_box()["width"] == 0) is folded, width
    finally:
        page.close()


def test_uploader_reads_in_vietnamese_with_the_enforced_limit(sample_db, tmp_path, browser):
    """Test that the uploader's button and limit line are Vietnamese and say the app's limit."""
    path, env = demo_copy(sample_db, tmp_path, KPI_MAX_UPLOAD_MB="7")
    upload = next(p for p in SCRIPT_PAGES if p.url_path == "nop-so-lieu")
    with running_app(path, env=env) as url:
        page = browser.new_page()
        try:
            page.set_viewport_size({"width": 1366, "height": 900})
            page.goto(page_url(url, upload))
            wait_ready(page)
            page.get_by_label(text.AUTH_USERNAME, exact=True).fill("demo.admin")
            page.get_by_label(text.AUTH_PASSWORD, exact=True).fill("demo1234")
            page.get_by_role("button", name=text.AUTH_SUBMIT).click()
            page.locator("[data-testid=stFileUploader]").wait_for(timeout=60_000)
            wait_ready(page)
            page.screenshot(path=str(ARTIFACTS / "uploader_vi.png"))
            seen = visible_text(page)
            assert text.UPLOAD_BUTTON in seen
            assert text.UPLOAD_LIMIT_LINE.format(mb=7) in seen
            assert not english_words(page), english_words(page)
        finally:
            page.close()
