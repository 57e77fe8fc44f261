"""`twitchgraph serve` as a user runs it: a real HTTP server on loopback, populated from a folder."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import TINY

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "backend", "serve", "--port", str(port), "--populate", str(TINY)]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/health", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_serve_answers_over_http_on_loopback(server: str) -> None:
    health = requests.get(f"{server}/health", timeout=10)
    assert health.status_code == 200
    assert health.json()["nodes"] == 15
    assert health.headers["Server"] == "twitchgraph"  # waitress, not Flask's debug server (Werkzeug)
    assert requests.get(f"{server}/top-games/1", timeout=10).json() == {
        "games": [{"name": "League of Legends"}],
        "players": [{"players": 2}],
    }


def test_sigterm_stops_the_embedded_database_too(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "backend", "serve", "--port", str(port), "--populate", str(TINY)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(command, cwd=ROOT, env=env, **quiet)
    try:
        _wait_for(f"http://127.0.0.1:{port}/health", process)
        assert list(data.glob("*.settings")), "falkordblite registers its running server beside the data"
    finally:
        process.terminate()
        assert process.wait(timeout=60) == 0
    assert list(data.glob("*.settings")) == [], "the embedded database still runs after serve was stopped"


def test_serve_listens_on_loopback_only(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    if listening.returncode != 0:
        pytest.skip("ss is not available to list listening sockets")
    addresses = {line.split()[3] for line in listening.stdout.splitlines() if line.strip()}
    assert addresses == {f"127.0.0.1:{port}"}


def _wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer at {url} (exit status {process.poll()})")
