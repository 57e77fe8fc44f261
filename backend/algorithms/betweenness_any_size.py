"""Betweenness at any size: exact and parallel up to an estimated time, sampled with a bound above it.

The cost of Brandes' algorithm is, per source, the nodes and edges its search reaches, which the node
count alone does not tell: on the demo world (51K nodes, edges pointing from chatters to channels) a
search reaches ~1,800, on a 30K-node undirected graph all 150K. So a few searches from random sources
measure the mean reach, and the estimate is that reach times the sources, at igraph's cost per visit.
"""

import igraph
import numpy as np

from backend.algorithms.betweenness_parallel import (
    active_sources,
    betweenness_centrality_parallel,
    default_workers,
)
from backend.algorithms.betweenness_sampled import BetweennessResult, betweenness_centrality_sampled

__all__ = ["EXACT_UP_TO_S", "betweenness_any_size", "estimated_exact_seconds"]

EXACT_UP_TO_S = 30.0  # the longest exact computation chosen over sampling
# igraph's Brandes spends 10-30 ns a visited node or edge here (the bench's 30K-node graph: 8e9 visits,
# 100 s on one core); the high end, so that the estimate errs towards sampling.
SECONDS_PER_VISIT = 25e-9
PROBES = 16  # searches that measure the mean reach


def betweenness_any_size(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    directed: bool = True,
    normalized: bool = True,
    exact_up_to_s: float = EXACT_UP_TO_S,
    epsilon: float = 0.02,
    delta: float = 0.1,
    seed: int = 0,
    workers: int | None = None,
) -> BetweennessResult:
    """Return every node's betweenness (MAGE's semantics): exact when its estimated time is at most
    ``exact_up_to_s``, else sampled.

    Parameters
    ----------
    n : int
        Number of nodes. Nodes are the dense indices ``0 .. n-1``.
    sources, targets : numpy.ndarray
        1-D integer arrays of equal length; edge ``i`` goes ``sources[i] -> targets[i]`` (parallel
        edges multiply path counts, self-loops ignored).
    directed, normalized : bool, optional (default=True)
        As in :func:`backend.algorithms.betweenness.betweenness_centrality`.
    exact_up_to_s : float, optional (default=EXACT_UP_TO_S)
        Longest estimated exact computation (``estimated_exact_seconds``); costlier graphs are sampled.
    epsilon, delta : float, optional (default=0.02, 0.1)
        When sampled: every normalised score is within ``epsilon`` of the exact one with
        probability at least ``1 - delta`` (see ``betweenness_centrality_sampled``).
    seed : int, optional (default=0)
        Seed of the source sample.
    workers : int, optional
        Worker processes; default the CPUs this process may use.

    Returns
    -------
    BetweennessResult
        The scores, ``exact``, and when sampled ``epsilon``, ``delta`` and the number of ``samples``.
        A graph above ``exact_up_to_s`` is still computed exactly when the bound needs every source.

    Raises
    ------
    ValueError
        If the graph arguments are invalid, ``exact_up_to_s`` is negative, or ``epsilon`` or ``delta`` is
        outside ``(0, 1)``.

    Examples
    --------
    >>> import numpy as np
    >>> chain = np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4])
    >>> result = betweenness_any_size(5, *chain, directed=False, normalized=False)
    >>> result.scores.tolist(), result.exact
    ([0.0, 3.0, 4.0, 3.0, 0.0], True)
    """
    if exact_up_to_s < 0:
        raise ValueError(f"exact_up_to_s must be non-negative, got {exact_up_to_s}")
    graph = (n, sources, targets)
    if estimated_exact_seconds(*graph, directed=directed, workers=workers, seed=seed) <= exact_up_to_s:
        scores = betweenness_centrality_parallel(
            *graph, directed=directed, normalized=normalized, workers=workers
        )
        return BetweennessResult(scores, exact=True)
    return betweenness_centrality_sampled(
        *graph,
        directed=directed,
        normalized=normalized,
        epsilon=epsilon,
        delta=delta,
        seed=seed,
        workers=workers,
    )


def estimated_exact_seconds(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    directed: bool = True,
    workers: int | None = None,
    seed: int = 0,
) -> float:
    """Estimated seconds of the exact computation on ``workers`` processes: the mean reach of PROBES
    searches from random sources (nodes plus their out-edges), times the sources, at SECONDS_PER_VISIT.
    The same graph and seed always give the same estimate."""
    src, dst = np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64)
    active = active_sources(n, src, dst, directed)
    if active.size == 0:
        return 0.0
    graph = igraph.Graph(n=n, edges=np.column_stack((src, dst)), directed=directed)
    out_degree = np.asarray(graph.outdegree() if directed else graph.degree(), dtype=np.int64)
    probes = np.random.default_rng(seed).choice(active, size=min(PROBES, active.size), replace=False)
    reached = [graph.subcomponent(int(source), mode="out") for source in probes]
    mean_visits = float(np.mean([len(nodes) + out_degree[nodes].sum() for nodes in reached]))
    return mean_visits * active.size * SECONDS_PER_VISIT / (workers or default_workers())
