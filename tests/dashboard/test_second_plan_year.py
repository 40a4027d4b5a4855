"""A second plan year end to end: a 2024 catalog, its data through ingestion, every page.

The catalog folder is chosen once per process (``KPI_CATALOG`` is read when ``data.catalog``
is imported), so the app runs in a child process pointed at a temporary catalog that holds
only a made-up 2024 plan. Nothing any page shows may then name the 2023 plan.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from data import catalog, settings
from data.catalog import columns
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
YEAR = 2024
NUMBER = "15/KH-UBND"
FORBIDDEN = ("2023", "28/KH")
D = dt.date

GROUPS = [
    {
        "code": "I",
        "name": "Giải pháp xây dựng đội ngũ công chức",
        "short_name": "Công chức",
        "icon": ":material/badge:",
    },
    {"code": "II", "name": "Giải pháp chuyển đổi số", "short_name": "Chuyển đổi số"},
    {"code": "III", "name": "Giải pháp hỗ trợ doanh nghiệp", "short_name": "Doanh nghiệp"},
    {"code": "IV", "name": "Giải pháp phát triển thương mại", "short_name": "Thương mại"},
    {"code": "V", "name": "Giải pháp chăm lo người yếu thế", "short_name": "Người yếu thế"},
]
# (id, group, lead, content, deadline)
TASKS = [
    ("1", "I", "NV", "Tổ chức thi tuyển chức danh lãnh đạo cấp phòng", D(2024, 6, 30)),
    ("2", "I", "NV", "Đánh giá cán bộ theo kết quả công việc hằng tháng", None),
    ("3", "II", "VP", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", D(2024, 12, 31)),
    ("4", "III", "TCKH", "Đối thoại định kỳ với doanh nghiệp trên địa bàn", D(2024, 12, 31)),
    ("5", "IV", "KT", "Phát triển các tuyến phố thương mại, dịch vụ", D(2024, 9, 30)),
    ("6", "V", "LDTBXH", "Rà soát hộ nghèo, hộ cận nghèo theo chuẩn mới", D(2024, 11, 30)),
]
# Progress reports: (unit, period, task, status, percent, report date).
PROGRESS = [
    ("NV", "Quý I", "1", "Đang triển khai", 30, D(2024, 2, 20)),
    ("NV", "Quý I", "2", "Đang triển khai", None, D(2024, 2, 20)),
    ("VP", "Quý I", "3", "Đang triển khai", 25, D(2024, 2, 26)),
    ("KT", "Quý I", "5", "Hoàn thành", 100, D(2024, 3, 5)),
]
# Indicator values: (code, scope, period, numerator, denominator, value).
INDICATORS = [
    ("hs_truc_tuyen", "BN", "2024-01", 90, 100, None),
    ("hs_truc_tuyen", "BT", "2024-01", 40, 50, None),
    ("hs_truc_tuyen", "BN", "2024-02", 46, 50, None),
    ("hs_truc_tuyen", "BT", "2024-02", 42, 50, None),
    ("hs_truc_tuyen", "BN", "2024-03", 97, 100, None),
    ("hs_dung_han", "UBND Quận 1", "2024-02", 190, 200, None),
    ("ho_ngheo", "BN", "2024-01", None, None, 40),
    ("ho_ngheo", "BN", "2024-03", None, None, 38),
]


def plan_doc() -> dict:
    """A small plan for 2024 in the shape of ``plan_2023.yaml``."""

    def period(code, label, end, due, due_text):
        return {
            "code": code,
            "label": label,
            "start": D(YEAR, 1, 1),
            "end": end,
            "due_date": due,
            "due_text": due_text,
        }

    return {
        "plan": {
            "year": YEAR,
            "number": NUMBER,
            "issued_date": D(YEAR, 1, 22),
            "title": "Đẩy mạnh chuyển đổi số, nâng cao chất lượng phục vụ người dân",
        },
        "groups": GROUPS,
        "periods": [
            period("Q1", "Quý I", D(YEAR, 3, 31), D(YEAR, 2, 29), "trước ngày 01/03/2024"),
            period("H1", "6 tháng", D(YEAR, 6, 30), D(YEAR, 5, 31), "trước ngày 01/06/2024"),
            period("9M", "9 tháng", D(YEAR, 9, 30), D(YEAR, 8, 31), "trước ngày 01/09/2024"),
            period("Y", "Năm", D(YEAR, 12, 31), D(YEAR, 11, 30), "trước ngày 01/12/2024"),
        ],
        "notes": ["Kế hoạch mẫu dùng để kiểm thử một năm kế hoạch thứ hai."],
        "tasks": [
            {
                "id": task_id,
                "stt": task_id,
                "group": group,
                "order": order,
                "content": content,
                "solution": "Tham mưu Ủy ban nhân dân Quận 1 triển khai thực hiện.",
                "leads": [lead],
                "coordinators": ["ALL_WARDS"],
                "supervisors": [],
                "deadline_text": f"Tháng {deadline.month} năm {YEAR}"
                if deadline
                else "Thường xuyên",
                "deadline_kind": "date" if deadline else "continuous",
                "deadline_date": deadline,
            }
            for order, (task_id, group, lead, content, deadline) in enumerate(TASKS, 1)
        ],
    }


def _clear_catalog_caches() -> None:
    """Forget every plan, unit and indicator list the catalog has read in this process."""
    for value in vars(catalog).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


@pytest.fixture
def catalog_2024(tmp_path) -> Path:
    """A catalog folder with the shared units and indicators and only a 2024 plan."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    for path in catalog.CATALOG_DIR.glob("*.yaml"):
        if not path.name.startswith("plan_"):  # units, indicators, inputs, labels, display
            shutil.copy(path, folder / path.name)
    text = yaml.safe_dump(plan_doc(), allow_unicode=True, sort_keys=False)
    (folder / f"plan_{YEAR}.yaml").write_text(text, encoding="utf-8")
    _clear_catalog_caches()
    yield folder
    _clear_catalog_caches()


def write_files(folder: Path) -> list[Path]:
    """One progress workbook and one indicator workbook in the intake layout."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = ("unit", "period", "year", "task", "status", "percent_complete", "report_date")
    progress = Workbook()
    progress.active.append([columns.PROGRESS_INPUT[k] for k in keys])
    for unit, period, task, status, percent, day in PROGRESS:
        progress.active.append([unit, period, YEAR, task, status, percent, day])
    keys = ("indicator", "scope", "period", "numerator", "denominator", "value")
    indicators = Workbook()
    indicators.active.append([columns.INDICATOR_INPUT[k] for k in keys])
    for row in INDICATORS:
        indicators.active.append(list(row))
    paths = [folder / f"tien-do_{YEAR}.xlsx", folder / f"chi-so_{YEAR}.xlsx"]
    progress.save(paths[0])
    indicators.save(paths[1])
    return paths


def visit_every_page(files: list[str], db: str, archive: str) -> dict:
    """Load ``files`` into ``db``, then open every page of the navigation as the demo admin.

    Runs in the child process, whose ``KPI_CATALOG`` names the 2024 catalog.
    """
    from streamlit.testing.v1 import AppTest

    from dashboard import auth, nav
    from data.store.ingest import ingest_paths
    from tests.dashboard.pages import switch_to

    loads = [(r.status, r.rows_quarantined) for r in ingest_paths(files, db, archive=Path(archive))]
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[auth.USER_KEY] = "demo.admin"
    at.session_state[auth.SIGNED_IN_AT_KEY] = dt.datetime.now()
    at.run()
    pages = []
    for spec in nav.pages():
        switch_to(at, spec).run()
        pages.append(
            {
                "url_path": spec.url_path,
                "title": spec.title,
                "listed": spec.listed,
                "headers": [h.value for h in at.header],
                "exceptions": [str(e.value) for e in at.exception],
                "errors": [str(e.value) for e in at.error],
                "texts": page_texts(at),
            }
        )
    return {"catalog": str(settings.catalog()), "loads": loads, "pages": pages}


def _strings(value) -> list[str]:
    """Every string inside a JSON-like value (a chart spec's titles and labels)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def page_texts(at) -> list[str]:
    """What a person can read on the page: text, messages, figures, tables, labels, charts."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text"):
        texts += [str(e.value) for e in at.get(kind)]
    for kind in ("info", "warning", "error", "success", "toast"):
        texts += [str(e.value) for e in at.get(kind)]
    for metric in at.get("metric"):
        texts += [str(metric.label), str(metric.value), str(metric.proto.help)]
    for kind in ("dataframe", "table"):
        for frame in at.get(kind):
            texts += [str(c) for c in frame.value.columns]
            texts.append(frame.value.to_csv(index=False))
    for kind in ("selectbox", "multiselect", "radio", "text_input", "button", "checkbox"):
        for widget in at.get(kind):
            texts += [str(getattr(widget, "label", "")), str(getattr(widget, "help", "") or "")]
            texts += [str(option) for option in getattr(widget, "options", [])]
    for kind in ("download_button", "page_link", "expander", "tab"):
        texts += [str(getattr(e.proto, "label", "")) for e in at.get(kind)]
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec).get("layout", {})
        layout.pop("template", None)
        texts += _strings(layout)
    return [t for t in texts if t]


@pytest.mark.slow  # the app in a child process, every page: end to end
def test_second_plan_year_renders_every_page_without_the_first(catalog_2024, tmp_path):
    """Test that with a 2024-only catalog every page renders and none names the 2023 plan."""
    plan = catalog.load_plan(YEAR, catalog_2024)
    assert (plan.number, plan.year, len(plan.groups)) == (NUMBER, YEAR, 5)
    assert {t.group for t in plan.tasks} == {g["code"] for g in GROUPS}
    files = [str(p) for p in write_files(tmp_path / "files")]
    env = {
        **os.environ,
        "KPI_CATALOG": str(catalog_2024),
        "KPI_DB": str(tmp_path / "kpi.duckdb"),
        "KPI_ARCHIVE": str(tmp_path / "archive"),
        "KPI_DEMO": "1",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("KPI_READ_ONLY", "KPI_USERS", "KPI_TARGETS"):
        env.pop(name, None)
    script = (
        "import json, sys\n"
        "from tests.dashboard.test_second_plan_year import visit_every_page\n"
        "files, db, archive = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]\n"
        "print(json.dumps(visit_every_page(files, db, archive)))\n"
    )
    args = [json.dumps(files), env["KPI_DB"], env["KPI_ARCHIVE"]]
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])

    assert result["catalog"] == str(catalog_2024)
    assert result["loads"] == [["loaded", 0], ["loaded", 0]]
    pages = {p["url_path"]: p for p in result["pages"]}
    groups = [p for p in result["pages"] if p["url_path"].startswith("nhom-")]
    assert [(p["url_path"], p["title"]) for p in groups] == [
        (f"nhom-{i}", f"Nhóm {g['code']}: {g['short_name']}") for i, g in enumerate(GROUPS, 1)
    ]
    for page in result["pages"]:
        assert page["exceptions"] == [], page["url_path"]
        assert page["errors"] == [], page["url_path"]
    # The PCI page compares each sub-index with the year before: that column is computed.
    computed = {"pci-ddci": f"Năm {YEAR - 1}"}

    def names_first_plan(text: str, url_path: str) -> bool:
        if url_path in computed:
            text = text.replace(computed[url_path], "")
        return any(word in text for word in FORBIDDEN)

    shown = {
        page["url_path"]: [t for t in page["texts"] if names_first_plan(t, page["url_path"])]
        for page in result["pages"]
    }
    assert {name: texts for name, texts in shown.items() if texts} == {}
    for page in groups:
        assert page["headers"] == [page["title"]]
    overview = " ".join(pages["tong-quan"]["texts"])
    assert f"Theo dõi Kế hoạch {NUMBER}" in overview
    assert "Năm 2024" in overview
