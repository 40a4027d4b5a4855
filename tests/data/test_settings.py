"""The settings module is the only reader of ``KPI_*`` variables, and README.md lists them all."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from data import settings
from tests import source
from tests.conftest import ROOT

SETTINGS_FILE = ROOT / "data" / "settings.py"
PACKAGES = ("checks", "data", "metrics", "dashboard", "tests")
NAME_RE = re.compile(r"\bKPI_[A-Z][A-Z0-9_]*")


def python_files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def readme_settings_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Settings\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ``."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id == "environ"


def environ_reads(path: Path) -> list[tuple[int, ast.AST]]:
    """(line, key expression) of every ``os.environ[k]``, ``os.environ.get(k)``, ``os.getenv(k)``."""
    out = []
    for node in source.nodes(path):
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            if not isinstance(node.ctx, ast.Store | ast.Del):
                out.append((node.lineno, node.slice))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            get = (
                isinstance(func, ast.Attribute)
                and func.attr in ("get", "pop")
                and _is_environ(func.value)
            )
            getenv = (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
                isinstance(func, ast.Name) and func.id == "getenv"
            )
            if get or getenv:
                out.append((node.lineno, node.args[0]))
    return out


def test_settings_are_declared_once():
    """Test that every setting has a unique KPI_ name, a known type and a meaning."""
    names = [s.name for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    for s in settings.SETTINGS:
        assert NAME_RE.fullmatch(s.name), s.name
        assert s.type in ("path", "int", "float", "flag", "text"), s
        assert s.meaning.strip(), s
    assert "KPI_CATALOG" in names


def test_every_setting_is_in_the_readme_table():
    """Test that README.md's Settings table has a row per setting, with its default."""
    section = readme_settings_section()
    rows = {
        m.group(1): line
        for line in section.splitlines()
        if (m := re.match(r"\|\s*`(KPI_[A-Z0-9_]+)`\s*\|", line))
    }
    assert set(rows) == set(settings.BY_NAME), set(rows) ^ set(settings.BY_NAME)
    for s in settings.SETTINGS:
        assert s.shown_default in rows[s.name], (s.name, rows[s.name])


def test_every_kpi_name_the_project_mentions_is_declared():
    """Test that no KPI_ variable is set or named (Makefile, code strings) without a declaration."""
    texts = [(ROOT / "Makefile").read_text(encoding="utf-8")]
    for path in python_files():
        if path == Path(__file__).resolve():
            continue
        docstrings = {
            id(n.value)
            for n in source.nodes(path)
            if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)
        }
        texts += [
            n.value
            for n in source.nodes(path)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
        ]
    used = {name for text in texts for name in NAME_RE.findall(text)}
    assert used - set(settings.BY_NAME) == set()


def test_only_the_settings_module_reads_kpi_variables():
    """Test that no other Python file reads a KPI_ variable from the environment."""
    wrong = []
    for path in python_files():
        if path == SETTINGS_FILE:
            continue
        for line, key in environ_reads(path):
            constant = isinstance(key, ast.Constant) and isinstance(key.value, str)
            # A key that is not a literal could be any name, a KPI_ one included.
            if not constant or key.value.startswith("KPI_"):
                wrong.append(f"{path.relative_to(ROOT)}:{line}")
    assert not wrong, wrong


def test_the_scanner_sees_every_form_of_read(tmp_path):
    """Test that the scan above would catch each way of reading a variable."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom os import environ, getenv\n"
        "a = os.environ['KPI_DB']\nb = os.environ.get('KPI_DB')\nc = os.getenv('KPI_DB')\n"
        "d = environ.get('KPI_DB')\ne = getenv('KPI_DB')\nos.environ['KPI_DB'] = 'x'\n",
        encoding="utf-8",
    )
    assert [line for line, _ in environ_reads(sample)] == [3, 4, 5, 6, 7]


def test_defaults_when_unset_or_empty(monkeypatch):
    """Test that an unset or empty variable gives the declared default."""
    monkeypatch.delenv("KPI_DB_WAIT", raising=False)
    monkeypatch.setenv("KPI_SESSION_HOURS", "  ")
    monkeypatch.delenv("KPI_DEMO", raising=False)
    monkeypatch.delenv("KPI_CATALOG", raising=False)
    monkeypatch.delenv("KPI_ARCHIVE", raising=False)
    assert settings.db_wait() == 30.0
    assert settings.session_hours() == 8
    assert settings.demo() is False
    assert settings.catalog() == ROOT / "data" / "catalog"
    assert settings.archive() is None


def test_values_are_typed(monkeypatch, tmp_path):
    """Test that set values come back as paths, numbers and flags."""
    monkeypatch.setenv("KPI_DB", str(tmp_path / "x.duckdb"))
    monkeypatch.setenv("KPI_MAX_UPLOAD_MB", "0.5")
    monkeypatch.setenv("KPI_MAX_FAILED_SIGNINS", "3")
    monkeypatch.setenv("KPI_READ_ONLY", "Yes")
    monkeypatch.setenv("KPI_DEMO", "0")
    assert settings.db() == tmp_path / "x.duckdb"
    assert settings.max_upload_mb() == 0.5
    assert settings.max_failed_signins() == 3
    assert settings.read_only() is True
    assert settings.demo() is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KPI_DB_WAIT", "ba mươi"),
        ("KPI_SESSION_HOURS", "8.5"),
        ("KPI_MAX_UPLOAD_MB", "-1"),
        ("KPI_DEMO", "có"),
    ],
)
def test_a_wrong_value_names_the_variable(monkeypatch, name, value):
    """Test that a value of the wrong type stops with a message naming the variable."""
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.SettingError, match=name):
        settings.get(name)


def test_an_undeclared_name_is_refused():
    """Test that asking for a setting nobody declared is a programming error."""
    with pytest.raises(KeyError):
        settings.get("KPI_NOT_DECLARED")
