"""PageRank and betweenness of the whole stored graph, with MAGE's numbers on every backend, cached.

On Memgraph the MAGE procedures answer; elsewhere the edges are read once and the algorithms in
``backend.algorithms`` run in-process (betweenness exact on every core up to a size, sampled with a
stated error bound above it). The cache keeps the newest computation of each measure with the graph
version it was made for; ``backend.scores.refresher`` keeps it current in the background. Each
computation keeps where every node stood in the one before, so a ranking can say who moved since the
last recompute.
"""

import threading
import time
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from backend.algorithms import EXACT_UP_TO_S, betweenness_any_size, pagerank
from backend.graph import queries
from backend.graph.store import GraphStore
from contracts.samples import format_time

# MAGE's defaults; the demo called both procedures with no arguments.
PAGERANK_ARGS: dict[str, Any] = {"max_iterations": 100, "damping_factor": 0.85, "stop_epsilon": 1e-5}
BETWEENNESS_ARGS: dict[str, Any] = {"directed": True, "normalized": True}
MEASURES = ("pagerank", "betweenness_centrality")
EXACT = {"exact": True, "epsilon": None, "delta": None, "samples": None}


@dataclass(frozen=True)
class Sampling:
    """When betweenness is sampled: when exact would take more than ``exact_up_to_s`` seconds (an
    estimate), within ``epsilon`` of the exact normalised score for every node at once with
    probability ``1 - delta``."""

    exact_up_to_s: float = EXACT_UP_TO_S
    epsilon: float = 0.02
    delta: float = 0.1


@dataclass(frozen=True)
class Ranking:
    """User nodes (internal ids) by descending score; ties by ascending id, so the order is stable."""

    node_ids: np.ndarray
    scores: np.ndarray

    def top(self, n: int) -> list[tuple[Any, float]]:
        return [(self.node_ids[i].item(), float(self.scores[i])) for i in range(min(n, len(self.node_ids)))]

    def positions(self) -> dict[Any, int]:
        """Internal id -> 1-based position."""
        return dict(zip(self.node_ids.tolist(), range(1, len(self.node_ids) + 1), strict=True))


class RankedNode(NamedTuple):
    node_id: Any
    score: float
    position: int  # 1-based
    previous_position: int | None  # in the previous computation; None: not ranked then, or none before


@dataclass(frozen=True)
class Computation:
    """One computation of a measure: the graph version and moment it was made for, its ranking, and the
    moment and positions of the computation before it (None for the first), both built once, not per
    request."""

    version: str
    computed_at: str  # ISO 8601, UTC
    ranking: Ranking
    positions: dict[Any, int]
    previous_computed_at: str | None
    previous_positions: dict[Any, int] | None
    method: dict[str, Any]  # exact, epsilon, delta, samples: how the scores were obtained

    def top(self, n: int) -> list[RankedNode]:
        previous = self.previous_positions or {}
        return [
            RankedNode(node, score, position, previous.get(node))
            for position, (node, score) in enumerate(self.ranking.top(n), start=1)
        ]


class Scores(NamedTuple):
    by_node: dict[Any, float]  # internal id -> score
    method: dict[str, Any]  # as Computation.method


def node_scores(store: GraphStore, measure: str, sampling: Sampling | None = None, **args: Any) -> Scores:
    """Score of every node of the graph for ``measure`` with MAGE's semantics; betweenness sampled above
    ``sampling.exact_up_to_s`` estimated seconds (default EXACT_UP_TO_S). MAGE's procedures are exact."""
    call = _procedure_call(store, measure)
    if call is not None:
        return Scores({row[0]: float(row[1]) for row in store.ro_query(call, args).rows}, EXACT)
    node_ids, sources, targets = _dense_graph(store)
    if measure == "pagerank":
        return Scores(_by_node(node_ids, pagerank(len(node_ids), sources, targets, **args)), EXACT)
    sampling = sampling or Sampling()
    result = betweenness_any_size(
        len(node_ids),
        sources,
        targets,
        exact_up_to_s=sampling.exact_up_to_s,
        epsilon=sampling.epsilon,
        delta=sampling.delta,
        **args,
    )
    return Scores(_by_node(node_ids, result.scores), result.metadata())


class ScoreCache:
    """The newest computation of each measure (its rankings of User nodes), with the graph version it
    was made for; the computation before it is remembered only as its positions."""

    def __init__(self, sampling: Sampling | None = None) -> None:
        self.sampling = sampling or Sampling()
        self._lock = threading.Lock()  # one computation at a time
        self._done = threading.Condition()
        self._computations: dict[str, Computation] = {}

    def latest(self, measure: str) -> Computation | None:
        _check_measure(measure)
        return self._computations.get(measure)

    def wait_for_first(self, measure: str, timeout_s: float) -> Computation | None:
        """The latest computation, waiting up to ``timeout_s`` for one when there is none yet."""
        with self._done:
            self._done.wait_for(lambda: measure in self._computations, timeout_s)
        return self.latest(measure)

    def ranking(self, store: GraphStore, measure: str) -> Ranking:
        """The ranking at the graph's version now, computed here if the cache has none."""
        return self.computation(store, measure).ranking

    def computation(self, store: GraphStore, measure: str) -> Computation:
        version = store.version()
        cached = self.latest(measure)
        if cached and cached.version == version:
            return cached
        return self.compute(store, measure, version)

    def compute(self, store: GraphStore, measure: str, version: str) -> Computation:
        """Compute ``measure`` now, as of ``version`` (read before the graph is, so the scores are never
        older than it), and keep it as the latest."""
        with self._lock:
            cached = self.latest(measure)
            if cached and cached.version == version:
                return cached
            ranking, method = _user_ranking(store, measure, self.sampling)
            computed = Computation(
                version,
                format_time(time.time()),
                ranking,
                ranking.positions(),
                cached.computed_at if cached else None,
                cached.positions if cached else None,
                method,
            )
            with self._done:
                self._computations[measure] = computed
                self._done.notify_all()
            return computed


def ranked_nodes(store: GraphStore, node_ids: list[Any]) -> dict[Any, tuple[str, bool]]:
    """Node id -> its name and whether it is a streamer (a Stream node; the others are users)."""
    rows = store.ro_query(queries.RANKED_NODES_BY_ID, {"ids": node_ids}).rows
    return {node: (name, bool(streamer)) for node, name, streamer in rows}


def _user_ranking(store: GraphStore, measure: str, sampling: Sampling) -> tuple[Ranking, dict[str, Any]]:
    args = PAGERANK_ARGS if measure == "pagerank" else BETWEENNESS_ARGS
    scores = node_scores(store, measure, sampling, **args)
    users = np.array(sorted(row[0] for row in store.ro_query(queries.USER_NODE_IDS).rows), dtype=np.int64)
    user_scores = np.array([scores.by_node.get(u, 0.0) for u in users.tolist()], dtype=np.float64)
    order = np.lexsort((users, -user_scores))
    return Ranking(users[order], user_scores[order]), scores.method


def _by_node(node_ids: np.ndarray, scores: np.ndarray) -> dict[Any, float]:
    return dict(zip(node_ids.tolist(), scores.tolist(), strict=True))


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")


def _procedure_call(store: GraphStore, measure: str) -> str | None:
    if measure == "pagerank":
        return store.dialect.pagerank_call
    if measure == "betweenness_centrality":
        return store.dialect.betweenness_call
    raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")


def _dense_graph(store: GraphStore) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted internal node ids, and the edges as positions in that array.

    The two reads are two queries while the stream may write between them: an edge whose end is not
    among the nodes read (created or deleted in between) is left out; the write changed the version, so
    the next computation has it.
    """
    node_ids = np.array(sorted(row[0] for row in store.ro_query(queries.NODE_IDS).rows), dtype=np.int64)
    edges = np.array(store.ro_query(queries.EDGE_ENDPOINTS).rows, dtype=np.int64).reshape(-1, 2)
    edges = edges[np.isin(edges, node_ids).all(axis=1)]
    return node_ids, np.searchsorted(node_ids, edges[:, 0]), np.searchsorted(node_ids, edges[:, 1])
