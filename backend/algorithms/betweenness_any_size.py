"""Betweenness at any size: exact and parallel up to a node count, sampled with a bound above it."""

import numpy as np

from backend.algorithms.betweenness_parallel import betweenness_centrality_parallel
from backend.algorithms.betweenness_sampled import BetweennessResult, betweenness_centrality_sampled

__all__ = ["EXACT_UP_TO", "betweenness_any_size"]

# 30,000 nodes and 120,000 edges take ~30 s exact on 2 cores; beyond that the O(n m) cost grows quickly.
EXACT_UP_TO = 30_000


def betweenness_any_size(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    directed: bool = True,
    normalized: bool = True,
    exact_up_to: int = EXACT_UP_TO,
    epsilon: float = 0.02,
    delta: float = 0.1,
    seed: int = 0,
    workers: int | None = None,
) -> BetweennessResult:
    """Return every node's betweenness (MAGE's semantics): exact up to ``exact_up_to`` nodes, else sampled.

    Parameters
    ----------
    n : int
        Number of nodes. Nodes are the dense indices ``0 .. n-1``.
    sources, targets : numpy.ndarray
        1-D integer arrays of equal length; edge ``i`` goes ``sources[i] -> targets[i]`` (parallel
        edges multiply path counts, self-loops ignored).
    directed, normalized : bool, optional (default=True)
        As in :func:`backend.algorithms.betweenness.betweenness_centrality`.
    exact_up_to : int, optional (default=EXACT_UP_TO)
        Largest node count computed exactly; larger graphs are sampled.
    epsilon, delta : float, optional (default=0.02, 0.1)
        Above ``exact_up_to``: every normalised score is within ``epsilon`` of the exact one with
        probability at least ``1 - delta`` (see ``betweenness_centrality_sampled``).
    seed : int, optional (default=0)
        Seed of the source sample.
    workers : int, optional
        Worker processes; default the CPUs this process may use.

    Returns
    -------
    BetweennessResult
        The scores, ``exact``, and when sampled ``epsilon``, ``delta`` and the number of ``samples``.
        A graph above ``exact_up_to`` is still computed exactly when the bound needs every source.

    Raises
    ------
    ValueError
        If the graph arguments are invalid, ``exact_up_to`` is negative, or ``epsilon`` or ``delta`` is
        outside ``(0, 1)``.

    Examples
    --------
    >>> import numpy as np
    >>> chain = np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4])
    >>> result = betweenness_any_size(5, *chain, directed=False, normalized=False)
    >>> result.scores.tolist(), result.exact
    ([0.0, 3.0, 4.0, 3.0, 0.0], True)
    """
    if exact_up_to < 0:
        raise ValueError(f"exact_up_to must be non-negative, got {exact_up_to}")
    graph = (n, sources, targets)
    if n <= exact_up_to:
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
