"""The dashboard server helper: starts on a free port, answers, stops, explains a failure."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from dashboard.server import AppStartError, running_app

pytestmark = pytest.mark.slow  # a dashboard server process each: end to end


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_running_app_serves_and_stops(tmp_path):
    """Test that the app answers its health check and nothing listens after exit."""
    with running_app(tmp_path / "empty.duckdb") as url:
        port = int(url.rsplit(":", 1)[1])
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            assert response.status == 200
        with urllib.request.urlopen(url, timeout=5) as response:
            assert b"<html" in response.read().lower()
    assert not _listening(port)


def test_running_app_explains_a_busy_port(tmp_path):
    """Test that a port already taken gives a clear error with the server's own words."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(AppStartError) as info:
            with running_app(tmp_path / "empty.duckdb", port=port):
                pass
    message = str(info.value)
    assert "exited" in message or "did not answer" in message
    assert str(port) in message
