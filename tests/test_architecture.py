"""The layers import one way (dashboard → metrics → data → checks), read from the source."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from tests import source
from tests.conftest import ROOT

LAYERS = ("dashboard", "metrics", "data", "checks")
# What each layer may import of the project's own packages.
ALLOWED = {
    "dashboard": {"dashboard", "metrics", "data", "checks"},
    "metrics": {"metrics", "data", "checks"},
    "data": {"data", "checks"},
    "checks": {"checks"},
}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in a file, nested ones included."""
    out = []
    for node in source.nodes(path):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module.split(".")[0]))
    return out


def module_level_imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in source.tree(path).body:
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module.split(".")[0]))
    return out


def sources(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_the_layers_below(layer):
    """Test that no module imports a layer above its own."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sources(layer)
        for line, name in imports(path)
        if name in LAYERS and name not in ALLOWED[layer]
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("layer", ("metrics", "data", "checks"))
def test_only_the_dashboard_imports_streamlit(layer):
    """Test that Streamlit stays in dashboard/."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sources(layer)
        for line, name in imports(path)
        if name == "streamlit"
    ]
    assert not wrong, wrong


def test_great_expectations_is_never_imported_at_module_level_outside_checks():
    """Test that Great Expectations (2–4 s to import) loads only when a file is checked."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for layer in ("dashboard", "metrics", "data")
        for path in sources(layer)
        for line, name in module_level_imports(path)
        if name == "great_expectations"
    ]
    assert not wrong, wrong


def test_sql_runs_through_the_one_door():
    """Test that only data/store/db.py opens DuckDB connections."""
    wrong = [
        str(path.relative_to(ROOT))
        for layer in LAYERS
        for path in sources(layer)
        if "duckdb.connect(" in path.read_text(encoding="utf-8")
        and path != ROOT / "data" / "store" / "db.py"
    ]
    assert not wrong, wrong


SKIPPED_DIRS = {".git", ".venv", ".pytest_cache", ".ruff_cache", "__pycache__", "warehouse"}
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".yaml", ".yml", ".sql", ".cfg", ".ini", ""}


def test_no_file_names_a_path_outside_the_repository():
    """Test that the project reads its sources from itself, never from a sibling folder."""
    # Patterns rather than the plain paths, so this file does not name them itself.
    outside = (re.compile(r"/wor[k]/"), re.compile(r"\.\./share[d]\b|share[d]/seed"))
    wrong = []
    for folder, dirs, files in os.walk(ROOT):
        # Pruned, not walked and then skipped: .venv alone holds tens of thousands of files.
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder) / name
            if path.suffix not in TEXT_SUFFIXES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            wrong += [f"{path.relative_to(ROOT)}: {o.pattern}" for o in outside if o.search(text)]
    assert wrong == []
