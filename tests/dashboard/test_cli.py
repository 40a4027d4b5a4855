"""The ``kpi`` command: Vietnamese help, dispatch to each layer's command line, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from dashboard import cli
from data import catalog
from tests.conftest import ROOT


def test_help_lists_every_command_in_vietnamese(capsys):
    """Test that ``kpi --help`` lists the commands, with the plan number and year of the catalog."""
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    plan = catalog.load_plan()
    assert "Cách dùng: kpi LỆNH" in out
    assert f"Kế hoạch {plan.number} năm {plan.year}" in out
    assert f"--month {plan.year}-06" in out
    for name in ("ingest", "status", "catalog", "rebuild", "users", "rollback", "audit"):
        assert f"  {name} " in out
    for name in ("report", "briefing"):
        assert f"  {name} " in out


def test_no_command_or_an_unknown_one_exits_2(capsys):
    """Test that a missing or unknown command says what exists and exits 2."""
    assert cli.main([]) == 2
    assert "Các lệnh:" in capsys.readouterr().err
    assert cli.main(["nap"]) == 2
    assert "không có lệnh 'nap'" in capsys.readouterr().err


def test_catalog_runs_the_data_command_line(capsys):
    """Test that ``kpi catalog --json`` prints what ``python -m data catalog --json`` prints."""
    from data.__main__ import main as data_main

    assert cli.main(["catalog", "--json"]) == 0
    via_kpi = capsys.readouterr().out
    assert data_main(["catalog", "--json"]) == 0
    assert via_kpi == capsys.readouterr().out
    assert json.loads(via_kpi)


@pytest.mark.parametrize(
    ("argv", "module", "passed", "prog"),
    [
        (
            ["ingest", "a.xlsx", "--strict"],
            "data.__main__",
            ["ingest", "a.xlsx", "--strict"],
            "kpi",
        ),
        (["status", "--json"], "data.__main__", ["status", "--json"], "kpi"),
        (["users", "list"], "data.__main__", ["users", "list"], "kpi"),
        (["rollback", "3"], "data.__main__", ["rollback", "3"], "kpi"),
        (["audit", "--csv"], "data.__main__", ["audit", "--csv"], "kpi"),
        (["report", "--json"], "metrics.__main__", ["report", "--json"], "kpi"),
        (
            ["briefing", "--month", "2023-06"],
            "dashboard.briefing",
            ["--month", "2023-06"],
            "kpi briefing",
        ),
    ],
)
def test_each_command_goes_to_its_layer(monkeypatch, argv, module, passed, prog):
    """Test that each command calls its module's ``main`` with the right arguments."""
    calls = []

    def fake_runner(command):
        def run(args, prog):
            calls.append((command.module, args, prog))
            return 7

        return run

    monkeypatch.setattr(cli, "runner", fake_runner)
    assert cli.main(argv) == 7
    assert calls == [(module, passed, prog)]


def test_usage_lines_name_kpi(capsys):
    """Test that a sub-command's own help shows ``kpi ...`` in its usage line."""
    with pytest.raises(SystemExit) as exc:
        cli.main(["status", "--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("usage: kpi status")


@pytest.mark.slow  # a child process
def test_status_does_not_import_streamlit(tmp_path):
    """Test that ``kpi status`` and ``kpi --help`` load neither Streamlit nor Playwright."""
    code = (
        "import sys; from dashboard import cli; "
        f"cli.main(['--help']); cli.main(['status', '--db', {str(tmp_path / 'x.duckdb')!r}]); "
        "print(sorted(m for m in ('streamlit', 'playwright') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_kpi_script_points_at_this_main():
    """Test that pyproject.toml installs ``kpi`` as ``dashboard.cli:main``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"kpi": "dashboard.cli:main"}
