"""Opening any navigation entry under AppTest, script pages and group pages alike."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.nav import PageSpec


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
