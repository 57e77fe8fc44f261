"""Benchmark our MAGE-semantics PageRank and betweenness against networkx: time, peak memory, agreement.

Run ``python -m bench.algorithms`` from the repository root (``--quick`` shrinks every size 10x). Each
figure is printed as ``bench <name>: <value> <unit>``.

Every measurement runs in a fresh child process (``--child``) that reports its own peak RSS
(``VmHWM`` on Linux, else ``ru_maxrss``), so peaks never mix; a second child that only builds the same
graph gives the baseline that is also printed. Times cover the algorithm call alone, on a graph already
built in the implementation's own format (edge arrays for ours, a ``networkx.DiGraph`` for networkx).

The graphs are seeded power-law digraphs without self-loops or parallel edges, where every node has an
out-edge: there MAGE's definitions and networkx's coincide, so the results can be compared. PageRank
runs both sides to a matched tight tolerance, since MAGE's default absolute per-node ``stop_epsilon``
says little at ranks near ``1/n``. Exact networkx betweenness would take hours, so it is timed on a
sample of sources and extrapolated linearly; agreement is checked exactly on a smaller graph from the
same generator.

Betweenness at scale: the exact one runs single-process and split over worker processes (speed-up and
the 25 s goal printed beside it); the sampled one (epsilon 0.02, delta 0.1) runs on a generated 1M-node
users-streamers graph (:func:`audience_edges`, against the 60 s goal, in this process), and its top 20
is compared with the exact top 20 on a 50K-node graph of the same model. The machine's load average is
noted on stderr, since the machine may be shared.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench._output import emit, note

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240601
PAGERANK_TOL = 1e-10
PAGERANK_MAX_ITER = 1000


@dataclass(frozen=True)
class Sizes:
    """Graph sizes for one benchmark run."""

    pagerank_nodes: int
    pagerank_edges: int
    betweenness_nodes: int
    betweenness_edges: int
    networkx_sources: int
    check_nodes: int
    sampled_nodes: int
    sampled_check_nodes: int


FULL = Sizes(100_000, 1_000_000, 30_000, 120_000, 200, 1_000, 1_000_000, 50_000)
QUICK = Sizes(10_000, 100_000, 3_000, 12_000, 20, 100, 100_000, 20_000)
# The goals on 2 cores: exact at 30K nodes, sampled at 1M nodes.
EXACT_GOAL_S = 25.0
SAMPLED_GOAL_S = 60.0
SAMPLED_EPSILON, SAMPLED_DELTA = 0.02, 0.1
STREAMER_SHARE = 0.01  # of the audience graph's nodes; the rest are viewers


@dataclass(frozen=True)
class Contender:
    """How one implementation builds its graph and runs one algorithm in a child process."""

    prepare: Callable[[int, np.ndarray, np.ndarray], Any]
    run: Callable[[Any, Sizes], np.ndarray]


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_mb: float
    baseline_rss_mb: float
    result: np.ndarray


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.child:
        _child(args.child, sizes, args.graph, args.out)
        return
    with tempfile.TemporaryDirectory() as scratch:
        _bench_pagerank(sizes, args.quick, Path(scratch))
        _bench_betweenness(sizes, args.quick, Path(scratch))
    _bench_betweenness_agreement(sizes)
    _bench_betweenness_sampled(sizes)
    _bench_sampled_top_20(sizes)


def power_law_edges(n: int, m: int, seed: int, exponent: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """``m`` distinct non-loop edges over ``n`` nodes; endpoint odds fall as ``rank ** -exponent``.

    A ring of random chords comes first so every node has an out-edge (no dangling nodes); out- and
    in-hubs are different nodes. Deterministic for a given seed.
    """
    rng = np.random.default_rng(seed)
    odds = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    odds /= odds.sum()
    ring = np.arange(n)
    chords = (ring + rng.integers(1, n, size=n)) % n
    draws = int(1.5 * (m - n)) + 1000
    sources = np.concatenate([ring, rng.permutation(n)[rng.choice(n, draws, p=odds)]])
    targets = np.concatenate([chords, rng.permutation(n)[rng.choice(n, draws, p=odds)]])
    keep = sources != targets
    sources, targets = sources[keep], targets[keep]
    _, first = np.unique(sources * n + targets, return_index=True)
    first = np.sort(first)[:m]
    if first.size < m:
        raise RuntimeError(f"generator produced only {first.size} distinct edges, wanted {m}")
    return sources[first], targets[first]


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shrink every graph 10x (smoke test)")
    parser.add_argument("--child", choices=sorted(CONTENDERS), help=argparse.SUPPRESS)
    parser.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _bench_pagerank(sizes: Sizes, quick: bool, scratch: Path) -> None:
    name = f"pagerank_{_count(sizes.pagerank_edges)}_edges"
    graph = _save_graph(scratch / "pagerank.npz", sizes.pagerank_nodes, sizes.pagerank_edges)
    ours = _measure("pagerank_ours", quick, graph)
    theirs = _measure("pagerank_networkx", quick, graph)
    emit(f"{name}_nodes", sizes.pagerank_nodes, "nodes")
    _report(name, "ours", ours)
    _report(name, "networkx", theirs)
    emit(f"{name}_speedup", theirs.seconds / ours.seconds, "x")
    emit(f"{name}_max_abs_diff", float(np.max(np.abs(ours.result - theirs.result))), "rank")


def _bench_betweenness(sizes: Sizes, quick: bool, scratch: Path) -> None:
    name = f"betweenness_{_count(sizes.betweenness_nodes)}"
    graph = _save_graph(scratch / "betweenness.npz", sizes.betweenness_nodes, sizes.betweenness_edges)
    ours = _measure("betweenness_ours", quick, graph)
    parallel = _measure("betweenness_parallel", quick, graph)
    sampled = _measure("betweenness_networkx_sampled", quick, graph)
    extrapolated = sampled.seconds * sizes.betweenness_nodes / sizes.networkx_sources
    emit(f"{name}_edges", sizes.betweenness_edges, "edges")
    _report(name, "ours", ours)
    _report(name, "parallel", parallel)
    emit(f"{name}_parallel_workers", _workers(), "processes")
    emit(f"{name}_parallel_speedup", ours.seconds / parallel.seconds, "x")
    emit(f"{name}_parallel_goal", EXACT_GOAL_S, "s")
    emit(f"{name}_parallel_max_abs_diff", float(np.max(np.abs(parallel.result - ours.result))), "score")
    _report(name, f"networkx_sampled_k{sizes.networkx_sources}", sampled)
    emit(f"{name}_networkx_extrapolated", extrapolated, "s")
    emit(f"{name}_speedup_vs_networkx_extrapolated", extrapolated / ours.seconds, "x")


def _bench_betweenness_agreement(sizes: Sizes) -> None:
    import networkx as nx

    from backend.algorithms import betweenness_centrality

    n = sizes.check_nodes
    sources, targets = power_law_edges(n, 4 * n, SEED)
    ours = betweenness_centrality(n, sources, targets)
    graph = _networkx_digraph(n, sources, targets)
    theirs = nx.betweenness_centrality(graph)
    diff = np.max(np.abs(ours - np.array([theirs[v] for v in range(n)])))
    emit(f"betweenness_{_count(n)}_exact_max_abs_diff", float(diff), "score")


def audience_edges(n: int, seed: int, streamers: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A directed users-streamers graph shaped like the demo world's chat: ``n`` nodes, the first
    ``streamers`` of them streamers (default 1%).

    Each viewer chats in ``1 + Poisson(2)`` channels and each streamer in ``Poisson(5)`` others, channels
    picked with Zipf odds ``rank ** -1`` (a few huge channels, a long tail); edges point from the chatter
    to the channel, so only streamers can lie between two nodes. Parallel edges and self-loops stay.
    """
    rng = np.random.default_rng(seed)
    streamers = streamers or max(2, int(n * STREAMER_SHARE))
    odds = np.arange(1, streamers + 1, dtype=np.float64) ** -1.0
    odds /= odds.sum()
    viewers = np.repeat(np.arange(streamers, n), 1 + rng.poisson(2.0, size=n - streamers))
    hosts = np.repeat(np.arange(streamers), rng.poisson(5.0, size=streamers))
    sources = np.concatenate([viewers, hosts])
    return sources, rng.choice(streamers, size=sources.size, p=odds)


def _bench_betweenness_sampled(sizes: Sizes) -> None:
    from backend.algorithms import betweenness_centrality_sampled

    n = sizes.sampled_nodes
    sources, targets = audience_edges(n, SEED)
    name = f"betweenness_sampled_{_count(n)}"
    note(f"sampled betweenness on {n:,} nodes, {sources.size:,} edges, load average {_load()}")
    started = time.perf_counter()
    result = betweenness_centrality_sampled(
        n, sources, targets, epsilon=SAMPLED_EPSILON, delta=SAMPLED_DELTA, seed=SEED
    )
    seconds = time.perf_counter() - started
    emit(f"{name}_edges", sources.size, "edges")
    emit(f"{name}_seconds", seconds, "s")
    emit(f"{name}_goal", SAMPLED_GOAL_S, "s")
    emit(f"{name}_samples", result.samples or n, "sources")
    emit(f"{name}_epsilon", SAMPLED_EPSILON, "score")
    emit(f"{name}_delta", SAMPLED_DELTA, "probability")


def _bench_sampled_top_20(sizes: Sizes) -> None:
    """How many of the exact top 20 the sampled top 20 holds, and the largest error, on a checkable size."""
    from backend.algorithms import betweenness_centrality_parallel, betweenness_centrality_sampled

    n = sizes.sampled_check_nodes
    sources, targets = audience_edges(n, SEED + 1)
    exact = betweenness_centrality_parallel(n, sources, targets)
    sampled = betweenness_centrality_sampled(
        n, sources, targets, epsilon=SAMPLED_EPSILON, delta=SAMPLED_DELTA, seed=SEED
    )
    top_exact = set(np.argsort(-exact, kind="stable")[:20].tolist())
    top_sampled = set(np.argsort(-sampled.scores, kind="stable")[:20].tolist())
    name = f"betweenness_sampled_{_count(n)}"
    emit(f"{name}_samples", sampled.samples or n, "sources")
    emit(f"{name}_top20_overlap", len(top_exact & top_sampled), "of_20")
    emit(f"{name}_max_abs_error", float(np.max(np.abs(sampled.scores - exact))), "score")


def _workers() -> int:
    from backend.algorithms.betweenness_parallel import default_workers

    return default_workers()


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _save_graph(path: Path, n: int, m: int) -> Path:
    """Generate once and hand children a file, so generator temporaries never reach their peaks."""
    sources, targets = power_law_edges(n, m, SEED)
    np.savez(path, n=n, sources=sources, targets=targets)
    return path


def _measure(contender: str, quick: bool, graph: Path) -> Measurement:
    out = graph.with_name(f"{contender}.npy")
    baseline = _run_child(contender, quick, graph, out=None)
    measured = _run_child(contender, quick, graph, out=out)
    return Measurement(measured["seconds"], measured["peak_rss_mb"], baseline["peak_rss_mb"], np.load(out))


def _run_child(contender: str, quick: bool, graph: Path, *, out: Path | None) -> dict[str, Any]:
    """Run one child; without ``out`` it only builds the graph and reports the baseline RSS."""
    command = [sys.executable, "-m", "bench.algorithms", "--child", contender, "--graph", str(graph)]
    command += ["--quick"] * quick + (["--out", str(out)] if out else [])
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"child {contender} failed:\n{finished.stderr}")
    return json.loads(finished.stdout.splitlines()[-1])


def _child(contender: str, sizes: Sizes, graph: Path, out: Path | None) -> None:
    spec = CONTENDERS[contender]
    with np.load(graph) as saved:
        prepared = spec.prepare(int(saved["n"]), saved["sources"], saved["targets"])
    seconds = None
    if out is not None:
        started = time.perf_counter()
        result = spec.run(prepared, sizes)
        seconds = time.perf_counter() - started
        np.save(out, result)
    print(json.dumps({"seconds": seconds, "peak_rss_mb": _peak_rss_mb()}))


def _prepare_arrays(n: int, sources: np.ndarray, targets: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    import backend.algorithms  # noqa: F401  (loaded before the baseline is read, as in the run)

    return n, sources, targets


def _prepare_networkx(n: int, sources: np.ndarray, targets: np.ndarray) -> Any:
    import scipy.sparse  # noqa: F401  (networkx's pagerank needs it; keep the import out of the delta)

    return _networkx_digraph(n, sources, targets)


def _networkx_digraph(n: int, sources: np.ndarray, targets: np.ndarray) -> Any:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    # Stream the pairs: materialised lists would add their own peak to the baseline.
    graph.add_edges_from(zip(map(int, sources), map(int, targets), strict=True))
    return graph


def _run_pagerank_ours(graph: tuple[int, np.ndarray, np.ndarray], sizes: Sizes) -> np.ndarray:
    from backend.algorithms import pagerank

    return pagerank(*graph, stop_epsilon=PAGERANK_TOL, max_iterations=PAGERANK_MAX_ITER)


def _run_pagerank_networkx(graph: Any, sizes: Sizes) -> np.ndarray:
    import networkx as nx

    # networkx stops when the L1 change is below n * tol, i.e. a mean per-node change below tol; ours
    # bounds the largest per-node change by the same number, so ours is at least as tight.
    ranks = nx.pagerank(graph, alpha=0.85, tol=PAGERANK_TOL, max_iter=PAGERANK_MAX_ITER)
    return np.array([ranks[v] for v in range(graph.number_of_nodes())])


def _run_betweenness_ours(graph: tuple[int, np.ndarray, np.ndarray], sizes: Sizes) -> np.ndarray:
    from backend.algorithms import betweenness_centrality

    return betweenness_centrality(*graph)


def _run_betweenness_parallel(graph: tuple[int, np.ndarray, np.ndarray], sizes: Sizes) -> np.ndarray:
    from backend.algorithms import betweenness_centrality_parallel

    return betweenness_centrality_parallel(*graph)


def _run_betweenness_networkx_sampled(graph: Any, sizes: Sizes) -> np.ndarray:
    import networkx as nx

    # k sampled sources cost k single-source passes, a k/n share of the exact computation.
    scores = nx.betweenness_centrality(graph, k=sizes.networkx_sources, seed=SEED)
    return np.array([scores[v] for v in range(graph.number_of_nodes())])


CONTENDERS: dict[str, Contender] = {
    "pagerank_ours": Contender(_prepare_arrays, _run_pagerank_ours),
    "pagerank_networkx": Contender(_prepare_networkx, _run_pagerank_networkx),
    "betweenness_ours": Contender(_prepare_arrays, _run_betweenness_ours),
    "betweenness_parallel": Contender(_prepare_arrays, _run_betweenness_parallel),
    "betweenness_networkx_sampled": Contender(_prepare_networkx, _run_betweenness_networkx_sampled),
}


def _report(name: str, who: str, measurement: Measurement) -> None:
    emit(f"{name}_{who}", measurement.seconds, "s")
    emit(f"{name}_{who}_peak_rss", measurement.peak_rss_mb, "MB")
    emit(f"{name}_{who}_baseline_rss", measurement.baseline_rss_mb, "MB")
    emit(f"{name}_{who}_peak_rss_over_baseline", measurement.peak_rss_mb - measurement.baseline_rss_mb, "MB")


def _peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    On Linux ``ru_maxrss`` survives fork and exec, so a child would report at least the parent's RSS at
    spawn time; ``VmHWM`` belongs to the current address space only, so it is preferred when present.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _count(value: int) -> str:
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"{value // 1_000_000}M"
    return f"{value // 1000}K" if value >= 1000 and value % 1000 == 0 else str(value)


if __name__ == "__main__":
    main()
