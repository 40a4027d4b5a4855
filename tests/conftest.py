"""Shared fixtures: a fresh warehouse per test, built by the real code."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"


def header(table: str, field: str) -> str:
    """The header a display table of the catalog gives ``field`` (what a person reads)."""
    from data import catalog

    return catalog.load().display.table(table).header(field)


@pytest.fixture(scope="session", autouse=True)
def installed_components_scanned_once():
    """Scan the installed packages for Streamlit components once per test process.

    Every new ``AppTest`` scans the metadata of every installed distribution for component
    manifests (about a tenth of a second each time); the packages do not change while the
    tests run, so the first scan's answer serves every later ``AppTest``. Only done when
    the collected tests imported Streamlit.
    """
    if "streamlit" not in sys.modules:
        yield
        return
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda *a, **k: list(found))
        yield


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """Path of an empty database in a temporary folder, with its own archive."""
    monkeypatch.delenv("KPI_ARCHIVE", raising=False)
    monkeypatch.setenv("KPI_DB_WAIT", "5")
    return tmp_path / "wh" / "kpi.duckdb"


def sample_arrivals() -> dict:
    """When each sample file reached the district, as ``make run`` loads them."""
    from data.intake.arrivals import read_arrivals

    out = {}
    for path in sorted(SAMPLE_DIR.glob("*/arrivals.yaml")):
        out.update(read_arrivals(path))
    return out


def _build_sample_db(path: Path) -> None:
    from data.store import db
    from data.store.ingest import ingest_paths

    ingest_paths([SAMPLE_DIR], path, archive=db.archive_dir(path), arrivals=sample_arrivals())


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A database built from data/sample through the real ingestion, once per test run.

    Under pytest-xdist the first worker that needs it builds it in the run's shared
    temporary folder while the others wait on a lock; each worker then reads its own copy
    of the file and its archive. Nothing is kept from one run to the next.
    """
    from data.store import db
    from data.store.files import locked

    path = tmp_path_factory.mktemp("sample") / "demo.duckdb"
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        _build_sample_db(path)
        return path
    shared = tmp_path_factory.getbasetemp().parent / "sample-db"
    built = shared / "demo.duckdb"
    done = shared / "built"
    with locked(done):
        if not done.exists():
            _build_sample_db(built)
            done.touch()
    shutil.copy(built, path)
    shutil.copytree(db.archive_dir(built), db.archive_dir(path))
    return path
