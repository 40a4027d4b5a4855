"""Every dashboard page in real Chromium: heading, a key figure, no error box, a screenshot."""

from __future__ import annotations

import pytest

from dashboard import text
from dashboard.browser import capture, clipped_labels, has_horizontal_scroll
from dashboard.nav import SCRIPT_PAGES, page_url, visible_pages
from data.access import wall_display_user
from metrics import api
from metrics.format import fmt_value
from tests.conftest import ROOT, header

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
SIZES = ((1920, 1080), (1366, 768))


def key_figures(db) -> dict[str, str]:
    """One figure per page that the page must show, computed by metrics.api."""
    year = api.available_years(db)[-1]
    month = api.latest_month(year, db)
    kpis = api.kpi_table(year, month, api.DISTRICT, db).set_index("code")
    tasks = api.task_table(year, month, db)
    summary = api.compliance_summary(year, month, db)
    log = api.load_log(db)
    pci = api.pci_subindices(year, db)
    group_first = {g: tasks[tasks["group"] == g]["content"].iloc[0][:40] for g in tasks["group"]}
    return {
        "tong-quan": fmt_value(kpis.loc["hs_truc_tuyen", "value"], "percent"),
        "nhom-1": group_first["I"],
        "nhom-2": group_first["II"],
        "nhom-3": group_first["III"],
        "nhom-4": group_first["IV"],
        "nhom-5": group_first["V"],
        "nhiem-vu": text.TASKS_COUNT.format(shown=len(tasks), total=len(tasks)),
        "phuong": "Phường Bến Nghé",
        "pci-ddci": str(pci["label"].iloc[0]),
        "bao-cao-don-vi": fmt_value(summary.iloc[-1]["rate_received"], "percent"),
        "chat-luong-du-lieu": fmt_value(len(log), "integer"),
        "nop-so-lieu": text.UPLOAD_TEMPLATES,
    }


# The wall display (read-only mode) shows every page a viewer may use.
VIEWER_PAGES = visible_pages(wall_display_user())


@pytest.mark.parametrize("spec", VIEWER_PAGES, ids=[p.url_path for p in VIEWER_PAGES])
def test_page_in_browser(spec, app_url, browser, sample_db):
    """Test that a page shows its heading and key figure, no error, no horizontal scroll."""
    figures = key_figures(sample_db)
    page = browser.new_page()
    try:
        for width, height in SIZES:
            shot = ARTIFACTS / f"page_{spec.url_path}_{width}x{height}.png"
            capture(page, page_url(app_url, spec), shot, width, height)
            assert shot.stat().st_size > 10_000
            assert page.locator("[data-testid=stException]").count() == 0
            assert page.locator("[data-testid=stAlertContentError]").count() == 0
            assert page.get_by_role("heading", name=spec.title).count() >= 1
            assert not has_horizontal_scroll(page), f"{spec.title} scrolls sideways at {width}"
            assert not clipped_labels(page), f"labels cut short at {width}: {clipped_labels(page)}"
            if spec.url_path in figures:
                body = page.locator("[data-testid=stMain]").inner_text()
                assert figures[spec.url_path] in body, figures[spec.url_path]
                assert "Dữ liệu mẫu" in body
    finally:
        page.close()


def test_link_with_query_reopens_same_view(app_url, browser):
    """Test that a copied link with a month and a ward opens with those controls chosen."""
    page = browser.new_page()
    try:
        capture(
            page,
            f"{app_url}/?nam=2023&thang=2023-06&pham_vi=BN",
            ARTIFACTS / "page_link_bn_2023-06.png",
            1366,
            768,
        )
        chosen = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox] input")
        values = chosen.evaluate_all("els => els.map(e => e.value)")
        assert values == ["2023", "06/2023", "Phường Bến Nghé"]
        assert "thang=2023-06" in page.url
    finally:
        page.close()


def test_remind_list_downloads_as_xlsx(app_url, browser, sample_db, tmp_path):
    """Test that the list of units to remind downloads as a workbook with the missing reports."""
    from openpyxl import load_workbook

    year = api.available_years(sample_db)[-1]
    table = api.compliance_table(year, api.latest_month(year, sample_db), sample_db)
    missing = table[table["status"] == "missing"]
    page = browser.new_page(accept_downloads=True)
    try:
        spec = next(p for p in SCRIPT_PAGES if p.url_path == "bao-cao-don-vi")
        capture(page, page_url(app_url, spec), tmp_path / "shot.png", 1366, 768)
        with page.expect_download() as info:
            # Every table has its button; the remind list's is found by its key.
            page.locator(".st-key-dl_remind").get_by_role("button", name=text.DOWNLOAD_XLSX).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
    finally:
        page.close()
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    # A title row naming the sheet and a blank row come above the header
    # (components.download).
    assert rows[0][0] == text.COMPLIANCE_REMIND
    start = next(i for i, r in enumerate(rows) if r[0] == header("compliance", "unit_name"))
    assert sorted(r[0] for r in rows[start + 1 :] if r[0]) == sorted(missing["unit_name"])


def test_no_request_leaves_the_server(app_url, browser):
    """Test that no page asks the browser for anything outside the app's own server."""
    from urllib.parse import urlparse

    own = urlparse(app_url).hostname
    blocked: list[str] = []

    def only_own(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname == own:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context = browser.new_context()
    context.route("**/*", only_own)
    page = context.new_page()
    try:
        for spec in visible_pages(wall_display_user()):
            capture(page, page_url(app_url, spec), ARTIFACTS / "offline.png", 1366, 768)
    finally:
        context.close()
    assert not blocked, sorted(set(blocked))


def test_card_and_ward_bar_drill_down(app_url, browser):
    """Test that a KPI card's link opens its indicator's view and a ward's bar its profile."""
    from urllib.parse import parse_qs, urlsplit

    from dashboard.browser import wait_ready

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto(app_url, wait_until="domcontentloaded")
        wait_ready(page)
        page.get_by_role("link", name=text.CARD_DRILL).first.click()
        page.wait_for_url("**/nhom-*", timeout=60_000)
        wait_ready(page)
        query = parse_qs(urlsplit(page.url).query)
        assert query["chi_so"] and query["pham_vi"] == [api.DISTRICT]

        page.goto(f"{app_url.rstrip('/')}/nhom-2?chi_so=hs_truc_tuyen", wait_until="commit")
        wait_ready(page)
        bars = page.locator(".stPlotlyChart").nth(1).locator("g.point path")
        bars.first.wait_for(timeout=30_000)
        bars.first.click(force=True)
        page.wait_for_url("**/phuong?**", timeout=60_000)
        wait_ready(page)
        query = parse_qs(urlsplit(page.url).query)
        assert query["chi_so"] == ["hs_truc_tuyen"] and query["phuong"]
        assert page.get_by_role("heading", name="Phường").count() >= 1
    finally:
        page.close()
