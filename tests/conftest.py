"""Shared fixtures: a fresh warehouse per test, built by the real code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"


def pytest_configure(config):
    """In the default suite's workers, each DuckDB connection uses one thread.

    The suite runs a worker per core and builds the sample database beside them; DuckDB's
    own thread per core in each would only make them wait on one another. The slow suite
    (one process) keeps DuckDB's default, so its large files are read in parallel.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ.setdefault("KPI_DB_THREADS", "1")


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


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory) -> Path:
    """A database with schema and catalog and no data, created by the real code once per process."""
    from data.store import db

    return db.initialise(tmp_path_factory.mktemp("empty-warehouse") / "kpi.duckdb")


@pytest.fixture
def warehouse(tmp_path, monkeypatch, empty_warehouse) -> Path:
    """An empty database in a temporary folder, with its own archive.

    A copy of ``empty_warehouse``: creating the schema and catalog costs more than most
    tests that use it (a test that changes the catalog gets it rewritten on first write).
    """
    monkeypatch.delenv("KPI_ARCHIVE", raising=False)
    monkeypatch.setenv("KPI_DB_WAIT", "5")
    path = tmp_path / "wh" / "kpi.duckdb"
    path.parent.mkdir()
    shutil.copy(empty_warehouse, path)
    return path


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory) -> Path:
    """The folder where ``build_warehouse`` loaded the metrics fixture files, once per process.

    Modules read copies of it (``tests.metrics.test_fixture.warehouse_copy``).
    """
    from tests.metrics.test_fixture import build_warehouse

    folder = tmp_path_factory.mktemp("fixture-warehouse")
    build_warehouse(folder)
    return folder


@pytest.fixture(scope="module")
def metrics_db(fixture_warehouse, tmp_path_factory) -> Path:
    """A copy of the fixture warehouse (``tests.metrics.test_fixture``) for one module."""
    from tests.metrics.test_fixture import warehouse_copy

    return warehouse_copy(fixture_warehouse, tmp_path_factory.mktemp("metrics"))


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


def build_sample_db_once(folder: Path) -> Path:
    """The sample database in ``folder``, built by the first process to get here.

    Test processes and the background build share ``folder``; a lock lets one of them
    build while the others wait, and a marker says the build finished.
    """
    from data.store.files import locked

    built = folder / "demo.duckdb"
    done = folder / "built"
    with locked(done):
        if not done.exists():
            _build_sample_db(built)
            done.touch()
    return built


def _sample_folder(tmp_path_factory) -> Path:
    """Where this run builds the sample database: shared by every xdist worker of the run."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "sample-db"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _needs_sample_db(item) -> bool:
    return "sample_db" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    """Run the modules that use the sample database after the others.

    The database is built in the background from the start of the run (see
    ``sample_db_built_in_background``), so the other modules run while it is built
    instead of waiting for it. Modules stay whole and keep their order.
    """
    late = {item.path for item in items if _needs_sample_db(item)}
    items.sort(key=lambda item: item.path in late)


@pytest.fixture(scope="session", autouse=True)
def sample_db_built_in_background(request, tmp_path_factory):
    """Start building the sample database in another process when the run begins.

    Only when a collected test needs it, and only once per run (the first xdist worker
    starts it). ``sample_db`` waits for it under the build lock, or builds it itself if
    it gets there first.
    """
    if not any(_needs_sample_db(item) for item in request.session.items):
        yield
        return
    folder = _sample_folder(tmp_path_factory)
    try:
        (folder / "started").mkdir()
    except FileExistsError:
        yield
        return
    script = (
        "import sys, pathlib, tests.conftest as c; "
        "c.build_sample_db_once(pathlib.Path(sys.argv[1]))"
    )
    with (folder / "build.log").open("w") as log:
        build = subprocess.Popen(
            [sys.executable, "-c", script, str(folder)], cwd=ROOT, stdout=log, stderr=log
        )
    yield
    if request.session.shouldfail or request.session.shouldstop:
        build.terminate()
    build.wait()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A database built from data/sample through the real ingestion, once per test run.

    The run builds it once in a folder every xdist worker shares (in the background, see
    ``sample_db_built_in_background``); each test process reads its own copy of the file
    and its archive. Nothing is kept from one run to the next.
    """
    from data.store import db

    built = build_sample_db_once(_sample_folder(tmp_path_factory))
    path = tmp_path_factory.mktemp("sample") / "demo.duckdb"
    shutil.copy(built, path)
    shutil.copytree(db.archive_dir(built), db.archive_dir(path))
    return path
