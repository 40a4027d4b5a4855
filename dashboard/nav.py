"""The ordered list of dashboard pages and who may use each; ``app.py`` builds the navigation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page: script path relative to ``dashboard/``, title, Material icon, URL path.

    ``action`` is the permission of ``data.access`` a user needs to see the page.
    """

    path: str
    title: str
    icon: str
    url_path: str
    action: str = "view"


def allowed(spec: PageSpec, user) -> bool:
    """True when ``user`` (a ``data.access.User``) may open the page."""
    from data import access

    return access.can(user, spec.action)


def visible_pages(user) -> list[PageSpec]:
    """The pages listed in the navigation for ``user``, in order."""
    return [spec for spec in PAGES if allowed(spec, user)]


def page_url(base_url: str, spec: PageSpec) -> str:
    """Address of a page: the first page is the app's root, the others their own path."""
    root = base_url.rstrip("/")
    return root + "/" if spec is PAGES[0] else f"{root}/{spec.url_path}"


PAGES: list[PageSpec] = [
    PageSpec("views/tong_quan.py", "Tổng quan", ":material/dashboard:", "tong-quan"),
    PageSpec("views/nhom_1.py", "Nhóm I: Công vụ", ":material/badge:", "nhom-1"),
    PageSpec("views/nhom_2.py", "Nhóm II: Cải cách hành chính", ":material/gavel:", "nhom-2"),
    PageSpec("views/nhom_3.py", "Nhóm III: Môi trường đầu tư", ":material/store:", "nhom-3"),
    PageSpec("views/nhom_4.py", "Nhóm IV: Phát triển kinh tế", ":material/trending_up:", "nhom-4"),
    PageSpec("views/nhom_5.py", "Nhóm V: An sinh xã hội", ":material/diversity_3:", "nhom-5"),
    PageSpec("views/nhiem_vu.py", "Nhiệm vụ", ":material/checklist:", "nhiem-vu"),
    PageSpec("views/phuong.py", "Phường", ":material/location_city:", "phuong"),
    PageSpec("views/pci_ddci.py", "PCI & DDCI", ":material/leaderboard:", "pci-ddci"),
    PageSpec(
        "views/bao_cao_don_vi.py", "Báo cáo đơn vị", ":material/assignment:", "bao-cao-don-vi"
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
    PageSpec(
        "views/quan_tri.py",
        "Quản trị",
        ":material/admin_panel_settings:",
        "quan-tri",
        "view_audit",
    ),
]
