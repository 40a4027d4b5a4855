"""In Chromium: Markdown in a submitted note shows as typed; no link, no image, no request."""

from __future__ import annotations

import pytest

from dashboard.browser import capture, open_browser
from dashboard.server import running_app
from data.store.ingest import ingest_bytes
from tests.reliability.common import PROGRESS_HEADER, csv

pytestmark = pytest.mark.browser

LEAK = "http://127.0.0.1:9/leak.png"
NOTE = f"Xem ![ảnh]({LEAK}) và [trang](https://evil.example/x) hoặc https://evil.example <b>đậm</b>"


def test_markdown_in_a_note_is_shown_as_text_on_the_group_page(warehouse, tmp_path):
    """Test that the group page prints the note as typed and the browser fetches nothing from it."""
    header = PROGRESS_HEADER.replace("Ghi chú", "Ngày báo cáo,Ghi chú")
    row = f'NV,Quý I/2023,1,Đang triển khai,30,20/03/2023,"{NOTE}"'
    assert ingest_bytes("nv.csv", csv(header, row), warehouse).status == "loaded"
    requests: list[str] = []
    with running_app(warehouse, read_only=True) as url, open_browser() as browser:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        capture(page, f"{url}/nhom-1?nam=2023&thang=2023-03", tmp_path / "g.png", 1366, 768)
        main = page.locator("[data-testid=stMain]")
        assert main.locator("a[href*='evil'], a[href*='127.0.0.1']").count() == 0
        assert main.locator("img[src*='127.0.0.1'], b").count() == 0
        text = main.inner_text().replace("\u2060", "")
        assert NOTE in text, text[:3000]
    assert not [r for r in requests if "127.0.0.1:9" in r or "evil" in r]
