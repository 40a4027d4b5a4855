"""Fixtures shared by the browser tests of the dashboard."""

from __future__ import annotations

import pytest

from dashboard.browser import open_browser
from dashboard.server import running_app


@pytest.fixture(scope="module")
def app_url(sample_db):
    """A wall-display server (no sign-in form) on the sample database, per module."""
    with running_app(sample_db, read_only=True) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per module."""
    with open_browser() as b:
        yield b
