"""Cross-checks of the curated plan catalog against the plan's own appendix text."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from dataclasses import dataclass

import pytest
import yaml

from data import catalog
from tests.conftest import ROOT

# The plan text (public document), kept in the repository so these checks always run.
PLAN_TEXT = ROOT / "tests" / "fixtures" / "plan_28-KH-UBND_2023.txt"
YEAR = 2023

# Appendix column headers: corrections are prefixed with the column they concern.
CONTENT, SOLUTION, LEAD, COORDINATOR, DEADLINE = (
    "Nội dung",
    "Giải pháp thực hiện",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian thực hiện",
)

# Collective phrases of the appendix that stand for pseudo-units, not catalog units.
PSEUDO_UNITS = {
    "Thủ trưởng cơ quan, đơn vị": catalog.ALL_UNITS,
    "Thủ trưởng cơ đơn vị": catalog.ALL_UNITS,  # task 28's misprint, recorded as a correction
    "Chủ tịch UBND 10 phường": catalog.ALL_WARDS,
}
SUPERVISION_SUFFIX = "cùng giám sát"

WARD_CODES = {"BN", "BT", "CK", "COL", "CG", "DK", "NCT", "NTB", "PNL", "TD"}


@dataclass(frozen=True)
class SourceRow:
    task_id: str
    stt: str | None
    group: str
    cells: tuple[str, ...]

    def cell(self, index: int) -> str | None:
        return self.cells[index] if len(self.cells) > index and self.cells[index] else None


def clean(text: str) -> str:
    """Source cell or catalog text as compared: HTML stripped, NFC, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def parse_appendix(text: str) -> tuple[dict[str, str], list[SourceRow]]:
    """Group headings and task rows of the appendix, in printed order."""
    lines = text.splitlines()
    start = lines.index("PHỤ LỤC")
    groups: dict[str, str] = {}
    rows: list[SourceRow] = []
    group = None
    previous = None
    for line in lines[start:]:
        if "\t" not in line or line.startswith("STT\t"):
            continue
        cells = tuple(clean(c) for c in line.split("\t"))
        if all(set(c) <= {"-"} for c in cells):  # a separator row left by the conversion
            continue
        heading = re.fullmatch(r"(I|II|III|IV|V)\.\s*(.*)", cells[0])
        if heading:
            group = heading.group(1)
            groups[group] = heading.group(2) or cells[1]
            continue
        if re.fullmatch(r"\d+", cells[0]):
            stt = previous = cells[0]
            task_id = stt
        else:
            assert cells[0] == "" and previous, f"unexpected appendix row: {line[:60]!r}"
            stt, task_id = None, f"{previous}a"
        rows.append(SourceRow(task_id, stt, group, cells))
    return groups, rows


SOURCE_GROUPS, SOURCE_ROWS = parse_appendix(PLAN_TEXT.read_text(encoding="utf-8"))
ROW_IDS = [r.task_id for r in SOURCE_ROWS]


@pytest.fixture(scope="module")
def plan() -> catalog.Plan:
    return catalog.load_plan(YEAR)


@pytest.fixture(scope="module")
def units() -> tuple[catalog.Unit, ...]:
    return catalog.load_units()


@pytest.fixture(scope="module")
def unit_index(units) -> dict[str, str]:
    """fold(code | name | alias) -> unit code."""
    index = {}
    for unit in units:
        for spelling in (unit.code, unit.name, *unit.aliases):
            index[catalog.fold(spelling)] = unit.code
    index.update({catalog.fold(k): v for k, v in PSEUDO_UNITS.items()})
    return index


def split_units(cell: str | None) -> list[str]:
    """Unit names of a lead / coordinator cell: '- A; - B; C.' -> ['A', 'B', 'C']."""
    if not cell:
        return []
    parts = (re.sub(r"^-\s*", "", p.strip()).rstrip(" .") for p in cell.split(";"))
    return [p for p in parts if p]


def resolve(names: list[str], index: dict[str, str]) -> list[str]:
    codes = []
    for name in names:
        key = catalog.fold(name)
        assert key in index, f"'{name}' matches no unit code, name or alias in units.yaml"
        codes.append(index[key])
    return codes


def has_correction(task: catalog.Task, column: str) -> bool:
    return any(c.startswith(f"{column}:") for c in task.corrections)


# --------------------------------------------------------------------------- appendix


def test_every_numbered_stt_appears_once_in_source_and_catalog(plan):
    """Test that STT 1..30 each occur once in the appendix and once in the catalog."""
    printed = [r.stt for r in SOURCE_ROWS if r.stt]
    assert printed == [str(n) for n in range(1, 31)]
    for n in range(1, 31):
        matches = [t for t in plan.tasks if t.stt == str(n)]
        assert len(matches) == 1, f"STT {n}: {len(matches)} catalog tasks"
        assert matches[0].id == str(n)


def test_catalog_has_exactly_the_source_rows_in_order(plan):
    """Test that the catalog holds one task per appendix row, in printed order."""
    assert [t.id for t in sorted(plan.tasks, key=lambda t: t.order)] == ROW_IDS
    assert [t.order for t in plan.tasks] == list(range(1, len(ROW_IDS) + 1))


@pytest.mark.parametrize("code", ["I", "II", "III", "IV", "V"])
def test_group_name_matches_heading(plan, code):
    """Test that each group's name is the appendix heading."""
    group = next(g for g in plan.groups if g.code == code)
    assert group.name == SOURCE_GROUPS[code]


@pytest.mark.parametrize("row", SOURCE_ROWS, ids=ROW_IDS)
def test_task_group_matches_heading(plan, row):
    """Test that a task sits in the group whose heading it is printed under."""
    assert plan.task(row.task_id).group == row.group


@pytest.mark.parametrize("row", SOURCE_ROWS, ids=ROW_IDS)
def test_stt_is_as_printed(plan, row):
    """Test that a task's stt is the printed STT (null for the unnumbered row)."""
    task = plan.task(row.task_id)
    assert task.stt == row.stt
    if row.stt is None:
        assert has_correction(task, "STT"), "an unnumbered row must explain its id"


@pytest.mark.parametrize("row", SOURCE_ROWS, ids=ROW_IDS)
def test_deadline_text_matches_source(plan, row):
    """Test that a task's deadline text is the row's Thời gian thực hiện cell."""
    task = plan.task(row.task_id)
    assert task.deadline_text == row.cell(5)
    if row.cell(5) is None:
        assert task.deadline_kind == "missing"
        assert has_correction(task, DEADLINE), "a missing deadline must be written down"


@pytest.mark.parametrize(
    ("column", "index", "attribute"),
    [(CONTENT, 1, "content"), (SOLUTION, 2, "solution")],
    ids=["content", "solution"],
)
@pytest.mark.parametrize("row", SOURCE_ROWS, ids=ROW_IDS)
def test_text_matches_source_unless_corrected(plan, row, column, index, attribute):
    """Test that content and solution equal the source cell, or differ with a recorded reason."""
    task = plan.task(row.task_id)
    ours = clean(getattr(task, attribute))
    if has_correction(task, column):
        assert ours != row.cell(index), f"stale correction on {column}: text equals the source"
    else:
        assert ours == row.cell(index)


@pytest.mark.parametrize("row", SOURCE_ROWS, ids=ROW_IDS)
def test_leads_resolve_to_catalog_codes(plan, unit_index, row):
    """Test that the lead names printed in the row resolve to the task's lead codes."""
    assert tuple(resolve(split_units(row.cell(3)), unit_index)) == plan.task(row.task_id).leads


@pytest.mark.parametrize("row", SOURCE_ROWS, ids=ROW_IDS)
def test_coordinators_and_supervisors_resolve(plan, unit_index, row):
    """Test that coordinating and supervising names in the row resolve to the task's codes."""
    names = split_units(row.cell(4))
    supervisors = [
        n.removesuffix(SUPERVISION_SUFFIX).strip() for n in names if n.endswith(SUPERVISION_SUFFIX)
    ]
    coordinators = [n for n in names if not n.endswith(SUPERVISION_SUFFIX)]
    task = plan.task(row.task_id)
    assert tuple(resolve(coordinators, unit_index)) == task.coordinators
    assert tuple(resolve(supervisors, unit_index)) == task.supervisors


@pytest.mark.parametrize(
    ("task_id", "fragment", "column"),
    [
        ("27", "tinh sáng tạo", CONTENT),
        ("28", "28.1. Tham mưu", SOLUTION),
        ("28", "Thương Bình", LEAD),
        ("29", "Thương Bình", LEAD),
        ("30", "Thương Bình", LEAD),
        ("28", "Thủ trưởng cơ đơn vị", COORDINATOR),
    ],
)
def test_known_misprints_are_recorded(plan, task_id, fragment, column):
    """Test that each misprint in the source is still there and its task records a correction."""
    row = next(r for r in SOURCE_ROWS if r.task_id == task_id)
    assert any(fragment in c for c in row.cells), f"'{fragment}' no longer in row {task_id}"
    assert has_correction(plan.task(task_id), column)


# --------------------------------------------------------------------------- plan data


@pytest.mark.parametrize(
    ("group", "task_ids"),
    [
        ("I", [str(n) for n in range(1, 10)]),
        ("II", [str(n) for n in range(10, 22)]),
        ("III", ["22", "23", "24", "24a", "25"]),
        ("IV", ["26", "27"]),
        ("V", ["28", "29", "30"]),
    ],
)
def test_group_membership(plan, group, task_ids):
    """Test that each solution group holds exactly its appendix tasks."""
    assert [t.id for t in plan.tasks if t.group == group] == task_ids


@pytest.mark.parametrize(
    ("deadline_text", "kind", "date"),
    [
        ("Năm 2023", "date", dt.date(2023, 12, 31)),
        ("Tháng 6 năm 2023", "date", dt.date(2023, 6, 30)),
        ("Tháng 11 năm 2023", "date", dt.date(2023, 11, 30)),
        ("Thường xuyên", "continuous", None),
        (None, "missing", None),
    ],
)
def test_deadline_kind_and_date_follow_text(plan, deadline_text, kind, date):
    """Test that every deadline text maps to one kind and date, never an invented one."""
    tasks = [t for t in plan.tasks if t.deadline_text == deadline_text]
    assert tasks
    assert {(t.deadline_kind, t.deadline_date) for t in tasks} == {(kind, date)}


def test_every_deadline_text_is_known(plan):
    """Test that no task carries a deadline text the mapping does not cover."""
    known = {"Năm 2023", "Tháng 6 năm 2023", "Tháng 11 năm 2023", "Thường xuyên", None}
    assert {t.deadline_text for t in plan.tasks} <= known
    assert [t.id for t in plan.tasks if t.deadline_kind == "missing"] == ["15", "16"]


@pytest.mark.parametrize(
    ("task_id", "sub_ids", "printed"),
    [("22", ["22.1", "22.2"], ["22.1", "22.2"]), ("28", ["28.1", "28.2"], ["28.1", "28.1"])],
)
def test_sub_items(plan, task_id, sub_ids, printed):
    """Test that sub-items have stable ids and keep the STT as printed."""
    subs = plan.task(task_id).sub_items
    assert [s.id for s in subs] == sub_ids
    assert [s.stt_original for s in subs] == printed
    solution = plan.task(task_id).solution
    assert all(s.text and clean(s.text).rstrip(",") in clean(solution) for s in subs)


@pytest.mark.parametrize(
    ("task_id", "leads"),
    [
        ("14", ("NV", catalog.ALL_WARDS)),
        ("16", ("VP", "CNTT")),
        ("24a", ("VHTT",)),
        ("25", ("GDDT", "YT", "TTYT", "BV", "TRUONG")),
    ],
)
def test_shared_leads(plan, task_id, leads):
    """Test that tasks with several lead units list all of them in printed order."""
    assert plan.task(task_id).leads == leads


@pytest.mark.parametrize(
    ("code", "label", "end", "due"),
    [
        ("Q1", "Quý I", dt.date(2023, 3, 31), dt.date(2023, 2, 28)),
        ("H1", "6 tháng", dt.date(2023, 6, 30), dt.date(2023, 5, 31)),
        ("9M", "9 tháng", dt.date(2023, 9, 30), dt.date(2023, 8, 31)),
        ("Y", "Năm", dt.date(2023, 12, 31), dt.date(2023, 11, 30)),
    ],
)
def test_periods(plan, code, label, end, due):
    """Test that each reporting period is cumulative from 1 January and due before the 1st."""
    period = next(p for p in plan.periods if p.code == code)
    assert (period.label, period.start, period.end, period.due_date) == (
        label,
        dt.date(2023, 1, 1),
        end,
        due,
    )
    next_day = due + dt.timedelta(days=1)
    assert period.due_text == f"trước ngày {next_day:%d/%m/%Y}"
    assert len(plan.periods) == 4


def test_plan_header(plan):
    """Test that the plan's number, date and title are those of the source."""
    assert (plan.year, plan.number, plan.issued_date) == (2023, "28/KH-UBND", dt.date(2023, 1, 18))
    assert plan.title.startswith("Nâng cao hiệu quả hoạt động công vụ")
    assert any("trước ngày 01 của tháng cuối mỗi quý" in n for n in plan.notes)


def test_all_text_is_nfc(plan, units):
    """Test that every string in the catalog is NFC (so lookups and joins match)."""
    texts = [plan.title, *plan.notes, *(g.name for g in plan.groups)]
    for task in plan.tasks:
        texts += [task.content, task.solution, *task.corrections, *(s.text for s in task.sub_items)]
    for unit in units:
        texts += [unit.name, unit.short_name, *unit.aliases, unit.correction or ""]
    assert [t for t in texts if unicodedata.normalize("NFC", t) != t] == []
    assert [t for t in texts if "<" in t and not t.startswith("Định dạng:")] == []


@pytest.mark.parametrize("id_", ["24a", "22.1", "28.2", "1", "30"])
def test_reference_sets_hold_task_ids(id_):
    """Test that the checks' reference sets accept the curated task and sub-item ids."""
    assert id_ in catalog.reference_sets(YEAR).task_ids


def test_plan_year_is_data(tmp_path):
    """Test that a copied plan file with another year loads as that year's plan."""
    for path in catalog.CATALOG_DIR.glob("*.yaml"):
        if not path.name.startswith("plan_"):
            shutil.copy(path, tmp_path / path.name)
    doc = yaml.safe_load((catalog.CATALOG_DIR / f"plan_{YEAR}.yaml").read_text(encoding="utf-8"))
    doc["plan"]["year"] = 2024
    (tmp_path / "plan_2024.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
    )
    assert catalog.available_years(tmp_path) == [2024]
    plan = catalog.load_plan(None, tmp_path)
    assert plan.year == 2024
    assert plan.task("24a").leads == ("VHTT",)
    refs = catalog.reference_sets(2024, tmp_path)
    assert refs.year == 2024
    assert refs.history_years == frozenset(range(2019, 2024))


# --------------------------------------------------------------------------- units


def test_referenced_units_exist(plan, units):
    """Test that every unit code a task names is in units.yaml or a pseudo-unit."""
    known = {u.code for u in units} | {catalog.ALL_UNITS, catalog.ALL_WARDS}
    used = {c for t in plan.tasks for c in (*t.leads, *t.coordinators, *t.supervisors)}
    assert used - known == set()


def test_unit_codes_are_unique(units):
    """Test that no unit code appears twice."""
    codes = [u.code for u in units]
    assert len(codes) == len(set(codes))


def test_spellings_are_unambiguous(units):
    """Test that no folded name, alias or code points at two different units."""
    owner: dict[str, str] = {}
    clashes = []
    for unit in units:
        for spelling in (unit.code, unit.name, unit.short_name, *unit.aliases):
            key = catalog.fold(spelling)
            if owner.setdefault(key, unit.code) != unit.code:
                clashes.append((spelling, owner[key], unit.code))
    assert clashes == []


def test_exactly_ten_wards(units):
    """Test that the catalog has the 10 wards of District 1 and they all report."""
    wards = [u for u in units if u.kind == "ward"]
    assert {u.code for u in wards} == WARD_CODES
    assert all(u.reports and u.name == f"Phường {u.short_name}" for u in wards)


@pytest.mark.parametrize(
    ("code", "kind", "reports"),
    [
        ("Q1", "district", False),
        ("TRUONG", "collective", False),
        ("MTTQ", "external", False),
        ("TP", "office", False),
        ("BBT", "office", False),
    ],
)
def test_non_reporting_units(units, code, kind, reports):
    """Test that the units outside the reporting-rate denominator are the documented ones."""
    unit = next(u for u in units if u.code == code)
    assert (unit.kind, unit.reports) == (kind, reports)


def test_every_leading_office_reports(plan, units):
    """Test that every office leading a task is expected to report, and no other office is."""
    leading = {c for t in plan.tasks for c in t.leads}
    offices = {u.code for u in units if u.kind == "office"}
    reporting = {u.code for u in units if u.kind == "office" and u.reports}
    assert reporting == leading & offices
    assert [u.code for u in units if u.kind == "district"] == ["Q1"]


def test_misspelt_unit_name_is_recorded(units):
    """Test that the source's misspelling of the LĐTBXH office is kept with its correction."""
    unit = next(u for u in units if u.code == "LDTBXH")
    assert unit.name == "Phòng Lao động - Thương binh và Xã hội"
    assert unit.name_original == "Phòng Lao động - Thương Bình và Xã hội"
    assert unit.correction
    assert all((u.name_original is None) == (u.correction is None) for u in units)
