"""Drive Debian's Chromium through Playwright: open dashboard pages and save screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from data import settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_CHROMIUM = (
    "Không tìm thấy trình duyệt Chromium tại {path}. Cài bằng lệnh: "
    "sudo apt-get install -y chromium fonts-noto-core"
)
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SKELETON = '[data-testid="stSkeleton"]'
TIMEOUT_MS = 60_000


class BrowserMissing(RuntimeError):
    """Chromium is not installed where Playwright is told to find it."""


@contextmanager
def open_browser() -> Iterator:
    """A headless Chromium (Playwright sync API) that is closed on exit.

    Raises:
        BrowserMissing: with the apt command to install it.
    """
    chromium = settings.chromium()
    if not chromium.exists():
        raise BrowserMissing(MISSING_CHROMIUM.format(path=chromium))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_ready(page, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the script has finished running and no placeholder skeleton is left."""
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_function(
        "sel => document.querySelectorAll(sel).length === 0", arg=SKELETON, timeout=timeout_ms
    )
    # Plotly draws after the script state flips; give charts a moment to lay out.
    page.wait_for_timeout(600)
    page.wait_for_selector(READY, timeout=timeout_ms)


def content_height(page) -> int:
    """Height of Streamlit's scrolled main area (the window itself does not scroll)."""
    return int(
        page.evaluate(
            """() => {
                const main = document.querySelector('[data-testid="stMain"]')
                    || document.querySelector('section.main');
                const side = document.querySelector('[data-testid="stSidebarContent"]');
                const h = [document.body.scrollHeight];
                if (main) h.push(main.scrollHeight);
                if (side) h.push(side.scrollHeight);
                return Math.max(...h);
            }"""
        )
    )


def capture(page, url: str, path: str | os.PathLike, width: int, height: int) -> Path:
    """Open ``url`` at ``width``×``height``, wait for the app, grow to the content, save a PNG.

    ``full_page=True`` would only capture the window, not Streamlit's scrolled main area,
    so the viewport is resized to the content height instead.
    """
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url, wait_until="domcontentloaded")
    wait_ready(page)
    full = max(height, content_height(page))
    if full > height:
        page.set_viewport_size({"width": width, "height": full})
        wait_ready(page)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out))
    page.set_viewport_size({"width": width, "height": height})
    return out


def has_horizontal_scroll(page) -> bool:
    """True when the main area is wider than the window (a layout fault at that width)."""
    return bool(
        page.evaluate(
            """() => {
                const main = document.querySelector('[data-testid="stMain"]');
                const el = main || document.documentElement;
                return el.scrollWidth > el.clientWidth + 1;
            }"""
        )
    )


def clipped_labels(page) -> list[str]:
    """The labels of buttons and page links in the main area cut short (``Xem ch…``)."""
    return page.evaluate(
        """() => {
            const sel = '[data-testid="stMain"] button *, '
                + '[data-testid="stMain"] [data-testid="stPageLink"] *';
            const cut = new Set();
            for (const el of document.querySelectorAll(sel)) {
                const words = el.textContent.trim();
                if (words && el.scrollWidth > el.clientWidth + 1) cut.add(words);
            }
            return [...cut];
        }"""
    )


def visible_text(page) -> str:
    """Every text a reader sees on the page, plus the chart toolbar's tooltips.

    Text that CSS hides (``display:none``, ``visibility:hidden``, a font size of 0, as the
    uploader's replaced English words) is left out; a ``::after`` text that CSS writes in
    its place is included, and so are the ``data-title`` tooltips of the chart toolbar
    buttons that are shown.
    """
    return str(
        page.evaluate(
            """() => {
                const out = [];
                const shown = (el, pseudo) => {
                    const s = getComputedStyle(el, pseudo);
                    return s.display !== 'none' && s.visibility !== 'hidden'
                        && parseFloat(s.fontSize) > 0 && el.getClientRects().length > 0;
                };
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                    const el = n.parentElement;
                    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
                    if (n.textContent.trim() && shown(el)) out.push(n.textContent.trim());
                }
                for (const el of document.querySelectorAll('body *')) {
                    const after = getComputedStyle(el, '::after').content;
                    if (after && after.startsWith('"') && shown(el, '::after')) {
                        out.push(after.slice(1, -1));
                    }
                }
                for (const el of document.querySelectorAll('.modebar-btn[data-title]')) {
                    if (getComputedStyle(el).display !== 'none') {
                        out.push(el.getAttribute('data-title'));
                    }
                }
                return out.join('\\n');
            }"""
        )
    )
