"""Opening any navigation entry under AppTest, script pages and group pages alike."""

from __future__ import annotations

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.nav import PageSpec
from data import access


def switch_to(at: AppTest, spec: PageSpec) -> AppTest:
    """``AppTest.switch_page`` for a page of ``dashboard.nav``; call ``run()`` after it.

    ``switch_page`` only knows pages that are files. A group page is a callable, which
    Streamlit identifies by the hash of its URL path (``st.Page._script_hash``), so that
    hash is requested directly.
    """
    if spec.path:
        return at.switch_page(spec.path)
    at._page_hash = calc_hash(spec.url_path)
    return at


def demo_copy(sample_db: Path, folder: Path, **extra: str) -> tuple[Path, dict[str, str]]:
    """A writable copy of the sample database and the environment of a demo server on it.

    Args:
        sample_db: The session's sample database (never written to).
        folder: Where the copy and its archive go.
        **extra: More ``KPI_*`` settings for the server.

    Returns:
        The copy's path and the server's environment (demo accounts, sign-in form shown).
    """
    path = folder / "kpi.duckdb"
    shutil.copy(sample_db, path)
    env = {
        "KPI_DEMO": "1",
        "KPI_READ_ONLY": "0",
        "KPI_USERS": str(access.DEMO_USERS_FILE),
        "KPI_ARCHIVE": str(folder / "archive"),
        **extra,
    }
    return path, env
