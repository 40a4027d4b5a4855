"""The tiny warehouse the metrics tests share, built through the real ingestion.

Every figure below is chosen so that the expected results can be computed by hand; the
tests that use it write the arithmetic next to each assertion.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from openpyxl import Workbook

from data.catalog import columns

D = dt.date

# Progress reports: (unit, period, task, status, percent, report date, note, difficulties).
PROGRESS = [
    # Phòng Nội vụ: Q1 on time (20/02), H1 on time (25/05).
    ("NV", "Quý I", "1", "Đang triển khai", 20, D(2023, 2, 20), "Đã ban hành kế hoạch", None),
    ("NV", "Quý I", "5", "Đang triển khai", None, D(2023, 2, 20), None, None),
    ("NV", "Quý I", "27", "Đang triển khai", 30, D(2023, 2, 20), None, None),
    ("NV", "Quý I", "3", "Đang triển khai", 15, D(2023, 2, 20), None, None),
    ("NV", "Quý I", "4", "Đang triển khai", 40, D(2023, 2, 20), None, None),
    ("NV", "6 tháng", "1", "Đang triển khai", 30, D(2023, 5, 25), '=HYPERLINK("x")', None),
    ("NV", "6 tháng", "3", "Đang triển khai", 40, D(2023, 5, 25), None, None),
    ("NV", "6 tháng", "4", "Hoàn thành", 100, D(2023, 5, 25), None, None),
    ("NV", "6 tháng", "5", "Đang triển khai", None, D(2023, 5, 25), "Thực hiện thường xuyên", None),
    ("NV", "6 tháng", "27", "Đang triển khai", 55, D(2023, 5, 25), None, "Chờ Thành phố hướng dẫn"),
    # Phòng Tài chính - Kế hoạch: no Q1 report; H1 late (05/06), on sub-items of task 22.
    ("TCKH", "6 tháng", "22.1", "Hoàn thành", 100, D(2023, 6, 5), None, None),
    ("TCKH", "6 tháng", "22.2", "Đang triển khai", 50, D(2023, 6, 5), None, None),
    # Phường Bến Nghé: Q1 late (02/03), H1 on the due date itself (31/05).
    ("BN", "Quý I", "14", "Đang triển khai", 30, D(2023, 3, 2), None, None),
    ("BN", "6 tháng", "14", "Đang triển khai", 60, D(2023, 5, 31), "-5 hồ sơ tồn", None),
]

# Indicator values: (code, scope, period, numerator, denominator, value).
INDICATORS = [
    # Online dossiers: two wards, baseline December 2022, then three months.
    ("hs_truc_tuyen", "BN", "2022-12", 80, 100, None),
    ("hs_truc_tuyen", "BT", "2022-12", 30, 50, None),
    ("hs_truc_tuyen", "BN", "2023-01", 90, 100, None),
    ("hs_truc_tuyen", "BT", "2023-01", 10, 50, None),
    ("hs_truc_tuyen", "BN", "2023-02", 45, 50, None),
    ("hs_truc_tuyen", "BT", "2023-02", 40, 50, None),
    ("hs_truc_tuyen", "BN", "2023-03", 95, 100, None),
    ("hs_truc_tuyen", "BT", "2023-03", 35, 50, None),
    # On-time dossiers: the district office and one ward.
    ("hs_dung_han", "UBND Quận 1", "2023-01", 190, 200, None),
    ("hs_dung_han", "BN", "2023-01", 99, 100, None),
    # Full online services (a cumulative rate: latest month of each scope).
    ("dvc_toan_trinh", "BN", "2023-01", 40, 50, None),
    ("dvc_toan_trinh", "BT", "2023-02", 20, 25, None),
    ("dvc_toan_trinh", "BN", "2023-03", 48, 50, None),
    # Poor households (a stock: latest month of each scope, then summed).
    ("ho_ngheo", "BN", "2022-12", None, None, 50),
    ("ho_ngheo", "BT", "2022-12", None, None, 30),
    ("ho_ngheo", "BN", "2023-01", None, None, 48),
    ("ho_ngheo", "BT", "2023-02", None, None, 29),
    ("ho_ngheo", "BN", "2023-03", None, None, 45),
    # Business dialogues and overdue dossiers (flow counts).
    ("doi_thoai_dn", "UBND Quận 1", "2023-02", None, None, 1),
    ("doi_thoai_dn", "BN", "2023-03", None, None, 1),
    ("hs_tre_han", "BN", "2023-01", None, None, 2),
    ("hs_tre_han", "BN", "2023-02", None, None, 1),
    # E-payment in public education and health units (office scopes).
    ("ttdt_gd_yt", "GDDT", "2023-01", 29, 38, None),
    ("ttdt_gd_yt", "YT", "2023-01", 8, 12, None),
    # Yearly PCI results.
    ("pci_diem", "UBND Quận 1", "2022", None, None, 67.12),
    ("pci_diem", "UBND Quận 1", "2023", None, None, 66.50),
    ("pci_hang", "UBND Quận 1", "2022", None, None, 11),
    ("pci_hang", "UBND Quận 1", "2023", None, None, 9),
]


def progress_name(unit: str, period: str) -> str:
    """The fixture file of one unit's report for one period."""
    return f"tien-do_{unit}_{period.replace(' ', '-')}.xlsx"


def _workbook(header: list[str], rows: list[list]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    return wb


def write_fixture_files(folder: Path) -> list[Path]:
    """One progress workbook per unit and period, one indicator workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    labels = columns.PROGRESS_INPUT
    header = [
        labels[k]
        for k in (
            "unit",
            "period",
            "year",
            "task",
            "status",
            "percent_complete",
            "report_date",
            "note",
            "difficulties",
        )
    ]
    files = []
    groups: dict[tuple[str, str], list[list]] = {}
    for unit, period, task, status, percent, day, note, difficulty in PROGRESS:
        groups.setdefault((unit, period), []).append(
            [unit, period, 2023, task, status, percent, day, note, difficulty]
        )
    for (unit, period), rows in groups.items():
        path = folder / progress_name(unit, period)
        _workbook(header, rows).save(path)
        files.append(path)
    labels = columns.INDICATOR_INPUT
    header = [
        labels[k] for k in ("indicator", "scope", "period", "numerator", "denominator", "value")
    ]
    path = folder / "chi-so_2023.xlsx"
    _workbook(header, [list(r) for r in INDICATORS]).save(path)
    files.append(path)
    return files


def build_warehouse(folder: Path) -> tuple[Path, list]:
    """Write the fixture files and load them with ``data.store.ingest.ingest_paths``."""
    from data.store.ingest import ingest_paths

    db_file = folder / "metrics.duckdb"
    files = write_fixture_files(folder / "files")
    results = ingest_paths(files, db_file, archive=folder / "archive", arrivals=arrivals())
    return db_file, results


def warehouse_copy(built: Path, folder: Path) -> Path:
    """A copy of a folder ``build_warehouse`` filled (database, archive, files) in ``folder``."""
    shutil.copytree(built, folder, dirs_exist_ok=True)
    return folder / "metrics.duckdb"


def arrivals() -> dict[str, dt.datetime]:
    """Each fixture file reaches the district at 10:00 on its report date (figures: 10/04)."""
    out = {"chi-so_2023.xlsx": dt.datetime(2023, 4, 10, 10)}
    for unit, period, *_, day, _note, _difficulties in PROGRESS:
        out[progress_name(unit, period)] = dt.datetime.combine(day, dt.time(10))
    return out


def test_fixture_loads_through_ingestion(tmp_path):
    """Test that every fixture file loads through the real ingestion with no refused row."""
    _, results = build_warehouse(tmp_path)
    assert [(r.file, r.status, r.rows_quarantined) for r in results] == [
        (r.file, "loaded", 0) for r in results
    ]
