"""Start the dashboard in a child process on a free localhost port, for tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "dashboard/app.py"
START_TIMEOUT = 60.0


class AppStartError(RuntimeError):
    """The dashboard process did not answer its health check."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, proc: subprocess.Popen, timeout: float = START_TIMEOUT) -> float:
    """Poll ``/_stcore/health`` until it answers ok; return the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise AppStartError(
                f"The dashboard process exited with code {proc.returncode} before it was ready."
            )
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise AppStartError(
        f"The dashboard did not answer {base_url}/_stcore/health in {timeout:.0f} s."
    )


@contextmanager
def running_app(
    db_path: str | os.PathLike,
    port: int | None = None,
    env: dict[str, str] | None = None,
    read_only: bool = False,
) -> Iterator[str]:
    """Run ``python -m streamlit run dashboard/app.py`` headless on ``db_path``; yield its URL.

    Args:
        db_path: the DuckDB file the dashboard reads (``KPI_DB``).
        port: port to listen on (default: a free one).
        env: extra environment variables for the process.
        read_only: start as a wall display (``KPI_READ_ONLY=1``): every reading page, no
            sign-in form, so screenshots show the pages themselves.

    Raises:
        AppStartError: the process exited or did not become healthy; its output is included.
    """
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    child_env = {**os.environ, "KPI_DB": str(db_path), **(env or {})}
    if read_only:
        child_env["KPI_READ_ONLY"] = "1"
    log_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"kpi-dashboard-{port}-{os.getpid()}.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        APP,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log_file, "w+b") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=child_env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            try:
                wait_healthy(base_url, proc)
            except AppStartError as exc:
                log.flush()
                output = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise AppStartError(f"{exc}\n--- dashboard output ---\n{output}") from None
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    log_file.unlink(missing_ok=True)
