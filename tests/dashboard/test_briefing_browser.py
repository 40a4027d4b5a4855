"""A chart's "download as PNG" in a real Chromium: presentation size, captioned, named after its parts."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.browser

MONTH = "2023-06"


def test_chart_png_download_is_captioned_and_named(sample_db, tmp_path):
    """Test a 1920 × 1080 PNG whose file name holds the title, scope, month and sample mark."""
    from dashboard import text
    from dashboard.browser import open_browser, wait_ready
    from dashboard.server import running_app

    with running_app(sample_db, read_only=True) as base_url, open_browser() as browser:
        url = f"{base_url.rstrip('/')}/ban-tin?nam=2023&thang={MONTH}&pham_vi=district"
        page = browser.new_page(viewport={"width": 1920, "height": 1400})
        page.goto(url, wait_until="domcontentloaded")
        wait_ready(page)
        chart = page.locator(".js-plotly-plot").first
        assert "tháng 06/2023" in chart.inner_text()
        chart.hover()
        with page.expect_download() as download:
            title = text.PLOTLY_WORDS["Download plot as a PNG"]
            chart.locator(f'.modebar-btn[data-title="{title}"]').click()
        name = download.value.suggested_filename
        path = tmp_path / name
        download.value.save_as(path)
    assert name.endswith(f"-{MONTH}-du-lieu-mau.png")
    assert "toan-quan" in name
    with Image.open(path) as image:
        assert image.size == (1920, 1080)
        assert np.asarray(image.convert("L"), dtype=np.float64).std() > 15
