"""PageRank and betweenness of the whole stored graph, with MAGE's numbers on every backend, cached.

On Memgraph the MAGE procedures answer; elsewhere the edges are read once and the algorithms in
``backend.algorithms`` run in-process. Results are cached per graph version, so a ranking is computed
once per change of the graph, however many requests ask for it; each computation keeps where every node
stood in the one before, so a ranking can say who moved since the last recompute.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from backend.algorithms import betweenness_centrality, pagerank
from backend.graph import queries
from backend.graph.store import GraphStore
from contracts.samples import format_time

# MAGE's defaults; the demo called both procedures with no arguments.
PAGERANK_ARGS: dict[str, Any] = {"max_iterations": 100, "damping_factor": 0.85, "stop_epsilon": 1e-5}
BETWEENNESS_ARGS: dict[str, Any] = {"directed": True, "normalized": True}
MEASURES = ("pagerank", "betweenness_centrality")


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

    def top(self, n: int) -> list[RankedNode]:
        previous = self.previous_positions or {}
        return [
            RankedNode(node, score, position, previous.get(node))
            for position, (node, score) in enumerate(self.ranking.top(n), start=1)
        ]


def node_scores(store: GraphStore, measure: str, **args: Any) -> dict[Any, float]:
    """Score of every node of the graph (internal id -> score) for ``measure`` with MAGE's semantics."""
    call = _procedure_call(store, measure)
    if call is not None:
        return {row[0]: float(row[1]) for row in store.ro_query(call, args).rows}
    node_ids, sources, targets = _dense_graph(store)
    compute: Callable[..., np.ndarray] = pagerank if measure == "pagerank" else betweenness_centrality
    scores = compute(len(node_ids), sources, targets, **args)
    return dict(zip(node_ids.tolist(), scores.tolist(), strict=True))


class ScoreCache:
    """Rankings of User nodes per measure, recomputed only when ``store.version()`` changes; the
    computation before the current one is remembered only as its positions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._computations: dict[str, Computation] = {}

    def ranking(self, store: GraphStore, measure: str) -> Ranking:
        return self.computation(store, measure).ranking

    def computation(self, store: GraphStore, measure: str) -> Computation:
        version = store.version()
        cached = self._computations.get(measure)
        if cached and cached.version == version:
            return cached
        with self._lock:  # one computation, however many requests arrive at once
            cached = self._computations.get(measure)
            if cached and cached.version == version:
                return cached
            ranking = _user_ranking(store, measure)
            computed = Computation(
                version,
                format_time(time.time()),
                ranking,
                ranking.positions(),
                cached.computed_at if cached else None,
                cached.positions if cached else None,
            )
            self._computations[measure] = computed
            return computed


def names_of(store: GraphStore, node_ids: list[Any]) -> dict[Any, str]:
    return dict(store.ro_query(queries.NAMES_BY_ID, {"ids": node_ids}).rows)


def _user_ranking(store: GraphStore, measure: str) -> Ranking:
    args = PAGERANK_ARGS if measure == "pagerank" else BETWEENNESS_ARGS
    scores = node_scores(store, measure, **args)
    users = np.array(sorted(row[0] for row in store.ro_query(queries.USER_NODE_IDS).rows), dtype=np.int64)
    user_scores = np.array([scores.get(u, 0.0) for u in users.tolist()], dtype=np.float64)
    order = np.lexsort((users, -user_scores))
    return Ranking(users[order], user_scores[order])


def _procedure_call(store: GraphStore, measure: str) -> str | None:
    if measure == "pagerank":
        return store.dialect.pagerank_call
    if measure == "betweenness_centrality":
        return store.dialect.betweenness_call
    raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")


def _dense_graph(store: GraphStore) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted internal node ids, and the edges as positions in that array."""
    node_ids = np.array(sorted(row[0] for row in store.ro_query(queries.NODE_IDS).rows), dtype=np.int64)
    edges = np.array(store.ro_query(queries.EDGE_ENDPOINTS).rows, dtype=np.int64).reshape(-1, 2)
    return node_ids, np.searchsorted(node_ids, edges[:, 0]), np.searchsorted(node_ids, edges[:, 1])
