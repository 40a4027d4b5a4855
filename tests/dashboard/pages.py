"""Opening any navigation entry under AppTest, script pages and group pages alike."""

from __future__ import annotations

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard import nav
from dashboard.nav import PageSpec
from data import access


def switch_to(at: AppTest, spec: PageSpec) -> AppTest:
    """Ask for the page of ``dashboard.nav`` ``spec`` on the next ``run()``, as its link does.

    Streamlit identifies every page of ``st.navigation``, script pages and group pages
    alike, by the hash of its URL path (``st.Page._script_hash``), so that hash is
    requested directly. Unlike ``AppTest.switch_page``, which only knows the pages a
    previous run registered, this also opens the page on the app's very first run.
    """
    at._page_hash = calc_hash(spec.url_path)
    return at


def script_page(path: str) -> PageSpec:
    """The navigation entry of the script ``path`` (relative to ``dashboard/``)."""
    return next(spec for spec in nav.SCRIPT_PAGES if spec.path == path)


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
