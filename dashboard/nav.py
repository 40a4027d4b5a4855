"""The ordered list of dashboard pages and who may use each; ``app.py`` builds the navigation.

Most pages are scripts under ``views/``. The solution-group pages come from the plan
catalog instead: one page per group of the plan year, drawn by ``views.group.render``, so a
plan with four or six groups needs no new file. ``group_page`` is the one way to find a
group's page (links, the briefing's list of pages to capture, tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from dashboard import text
from metrics import api

# Address of the "Cách đánh giá" glossary page: every status badge links to it.
GLOSSARY_URL = "cach-danh-gia"
# Icon of a group page whose catalog entry names none.
GROUP_ICON = ":material/workspaces:"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class PageSpec:
    """One page: script path relative to ``dashboard/``, title, Material icon, URL path.

    ``action`` is the permission of ``data.access`` a user needs to see the page.
    ``group`` is the solution-group code of a group page (which has no script: ``path``
    is empty); ``listed`` is False for a group of another plan year, kept registered so
    a link to it says the group is not in the chosen year instead of "page not found".
    """

    path: str
    title: str
    icon: str
    url_path: str
    action: str = "view"
    group: str | None = None
    listed: bool = True


def allowed(spec: PageSpec, user) -> bool:
    """True when ``user`` (a ``data.access.User``) may open the page."""
    from data import access

    return access.can(user, spec.action)


def _roman_value(code: str) -> int | None:
    """``"IV"`` → 4; None when ``code`` is not a Roman numeral."""
    if not code or any(ch not in _ROMAN for ch in code.upper()):
        return None
    values = [_ROMAN[ch] for ch in code.upper()]
    total = sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))
    return total if total > 0 else None


def group_url_path(code: str) -> str:
    """URL path of a group's page: ``nhom-2`` for group II (``nhom-<code>`` if not Roman)."""
    number = _roman_value(code)
    slug = str(number) if number else re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")
    return f"nhom-{slug}"


def _group_spec(group, listed: bool = True) -> PageSpec:
    """The page of one ``data.catalog.Group``."""
    return PageSpec(
        path="",
        title=text.GROUP_PAGE_TITLE.format(code=group.code, name=group.short_name),
        icon=group.icon or GROUP_ICON,
        url_path=group_url_path(group.code),
        group=group.code,
        listed=listed,
    )


def group_pages(year: int | None = None) -> list[PageSpec]:
    """The group pages of plan ``year`` (default: the latest plan), in the plan's order.

    Groups that only other plan years have follow, unlisted (titled from the latest year
    that has them), so a link to one of them still opens a page.
    """
    years = api.plan_years()
    if year not in years:
        year = years[-1] if years else None
    if year is None:
        return []
    specs = [_group_spec(g) for g in api.plan(year).groups]
    seen = {spec.group for spec in specs}
    for other in reversed(years):
        for g in api.plan(other).groups:
            if g.code not in seen:
                seen.add(g.code)
                specs.append(_group_spec(g, listed=False))
    return specs


def group_page(group: str, year: int | None = None) -> PageSpec | None:
    """The page of solution group ``group`` in the navigation of ``year`` (None if unknown)."""
    return next((spec for spec in group_pages(year) if spec.group == group), None)


def pages(year: int | None = None) -> list[PageSpec]:
    """Every page in navigation order: overview, the groups of plan ``year``, the rest."""
    return [SCRIPT_PAGES[0], *group_pages(year), *SCRIPT_PAGES[1:]]


def visible_pages(user, year: int | None = None) -> list[PageSpec]:
    """The pages listed in the navigation for ``user``, in order."""
    return [spec for spec in pages(year) if spec.listed and allowed(spec, user)]


def page_url(base_url: str, spec: PageSpec) -> str:
    """Address of a page: the first page is the app's root, the others their own path."""
    root = base_url.rstrip("/")
    return root + "/" if spec.url_path == SCRIPT_PAGES[0].url_path else f"{root}/{spec.url_path}"


def page_target(spec: PageSpec):
    """What ``st.Page`` runs for ``spec``: its script, or the group page as a callable."""
    if spec.group is None:
        return spec.path
    from dashboard.views import group

    return partial(group.render, spec.group)


def st_page(spec: PageSpec, visible: bool = True):
    """The ``st.Page`` of ``spec`` (for ``st.navigation`` and for ``st.page_link``)."""
    import streamlit as st

    return st.Page(
        page_target(spec),
        title=spec.title,
        icon=spec.icon,
        url_path=spec.url_path,
        visibility="visible" if visible and spec.listed else "hidden",
    )


# The pages made from scripts; the group pages go after the first one (see ``pages``).
SCRIPT_PAGES: list[PageSpec] = [
    PageSpec("views/tong_quan.py", "Tổng quan", ":material/dashboard:", "tong-quan"),
    PageSpec("views/nhiem_vu.py", "Nhiệm vụ", ":material/checklist:", "nhiem-vu"),
    PageSpec("views/phuong.py", "Phường", ":material/location_city:", "phuong"),
    PageSpec("views/pci_ddci.py", "PCI & DDCI", ":material/leaderboard:", "pci-ddci"),
    PageSpec(
        "views/bao_cao_don_vi.py", "Báo cáo đơn vị", ":material/assignment:", "bao-cao-don-vi"
    ),
    PageSpec(
        "views/doi_chieu_ho_so.py",
        "Đối chiếu hồ sơ",
        ":material/compare_arrows:",
        "doi-chieu-ho-so",
    ),
    PageSpec(
        "views/chat_luong_du_lieu.py",
        "Chất lượng dữ liệu",
        ":material/fact_check:",
        "chat-luong-du-lieu",
    ),
    PageSpec(
        "views/nop_so_lieu.py", "Nộp số liệu", ":material/upload_file:", "nop-so-lieu", "upload"
    ),
    PageSpec("views/ban_tin.py", "Bản tin", ":material/newspaper:", "ban-tin"),
    PageSpec("views/cach_danh_gia.py", "Cách đánh giá", ":material/help:", GLOSSARY_URL),
    PageSpec(
        "views/quan_tri.py",
        "Quản trị",
        ":material/admin_panel_settings:",
        "quan-tri",
        "view_audit",
    ),
]

# The ward page: a ward's bar on any chart leads to its profile there.
WARD_PAGE = next(spec for spec in SCRIPT_PAGES if spec.url_path == "phuong")
