"""Louvain communities with MAGE's ``community_detection.get`` semantics over a dense-index edge list."""

import math
import operator

import igraph as ig
import numpy as np

from backend.algorithms.igraph_random import seeded
from backend.algorithms.pagerank import edge_arrays

__all__ = ["ISOLATED", "communities", "modularity"]

ISOLATED = -1
"""Community id of a node without any edge, as MAGE reports it."""


def communities(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    seed: int = 0,
    resolution: float = 1.0,
) -> np.ndarray:
    """Return every node's Louvain community, numbered the way MAGE's ``community_detection.get`` does.

    Parameters
    ----------
    n : int
        Number of nodes. Nodes are the dense indices ``0 .. n-1``.
    sources, targets : numpy.ndarray
        1-D integer arrays of equal length; edge ``i`` joins ``sources[i]`` and ``targets[i]``. The
        direction is ignored. Parallel edges add their weights up; a self-loop counts twice in its node's
        degree, as in MAGE's Grappolo backend and in igraph.
    weights : numpy.ndarray, optional
        Non-negative finite weight of every edge (MAGE reads them from the ``weight`` property). ``None``
        gives every edge weight 1.0, MAGE's default for relationships without the property.
    seed : int, optional (default=0)
        Seed of the random visiting order of the Louvain passes; equal seeds give equal results.
    resolution : float, optional (default=1.0)
        Modularity resolution; larger values give more, smaller communities. MAGE always uses 1.0.

    Returns
    -------
    numpy.ndarray
        ``int64`` array of length ``n``. Nodes without any edge (a self-loop is an edge) get ``-1``; the
        other communities are numbered ``0, 1, 2 ...`` in the order of their smallest node index. Without
        edges every node is ``-1``: MAGE then returns no rows at all, so callers that reproduce
        ``community_detection.get`` must drop those rows themselves.

    Raises
    ------
    ValueError
        If the edge list is invalid (see ``pagerank``), ``weights`` does not hold one finite,
        non-negative number per edge, or ``resolution`` is negative or not finite.
    TypeError
        If ``n`` or ``seed`` is not an integer.

    Notes
    -----
    Louvain (Blondel et al. 2008) moves single nodes between communities while modularity grows, then
    collapses each community into one node and repeats. MAGE runs the parallel Grappolo code, we run
    igraph's ``community_multilevel``: same objective, same answers on every MAGE case, but either can
    stop in another local optimum where the optimum is not clear (Grappolo's threads race anyway).
    Grappolo numbers communities by their first node in MAGE's vertex order, we by dense index: index
    nodes in the database's iteration order to get MAGE's ids.

    Examples
    --------
    Two triangles joined by the edge 2 - 3, and an isolated node 6:

    >>> import numpy as np
    >>> sources = np.array([0, 1, 2, 3, 4, 5, 2])
    >>> targets = np.array([1, 2, 0, 4, 5, 3, 3])
    >>> communities(7, sources, targets).tolist()
    [0, 0, 0, 1, 1, 1, -1]

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. "Fast unfolding of
       communities in large networks." J. Stat. Mech. (2008) P10008. https://arxiv.org/abs/0803.0476
    .. [2] Memgraph MAGE, ``community_detection`` module, https://github.com/memgraph/mage
    """
    src, dst = edge_arrays(n, sources, targets)
    edge_weights = _edge_weights(weights, src.size)
    seed = operator.index(seed)
    _check_resolution(resolution)
    membership = np.full(n, ISOLATED, dtype=np.int64)
    if src.size == 0:
        return membership
    graph, summed = _undirected_graph(n, src, dst, edge_weights)
    connected = _has_edge(n, src, dst)
    membership[connected] = _louvain(graph, summed, seed, resolution)[connected]
    return _canonical(membership)


def modularity(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray | None,
    membership: np.ndarray,
    *,
    resolution: float = 1.0,
) -> float:
    """Return the modularity of ``membership`` on the undirected, weighted view of the edge list.

    Parameters
    ----------
    n, sources, targets, weights
        The graph, read exactly as ``communities`` reads it (parallel edges add up, ``None`` = all 1.0).
    membership : numpy.ndarray
        Community id of every node, as ``communities`` returns it. ``-1`` marks a node outside every
        community; it counts as a community of its own, which adds nothing for a node without edges.
    resolution : float, optional (default=1.0)
        Resolution of the modularity (Newman and Girvan 2004 for 1.0).

    Returns
    -------
    float
        Modularity in ``[-1/2, 1]``; NaN when the graph has no edge weight at all.

    Raises
    ------
    ValueError
        On an invalid graph (see ``communities``), or if ``membership`` is not one integer ``>= -1`` per
        node.

    Examples
    --------
    >>> import numpy as np
    >>> sources, targets = np.array([0, 1, 2, 3]), np.array([1, 0, 3, 2])
    >>> modularity(4, sources, targets, None, np.array([0, 0, 1, 1]))
    0.5
    """
    src, dst = edge_arrays(n, sources, targets)
    edge_weights = _edge_weights(weights, src.size)
    _check_resolution(resolution)
    labels = _membership_labels(n, membership)
    graph, summed = _undirected_graph(n, src, dst, edge_weights)
    return float(graph.modularity(labels.tolist(), weights=summed, resolution=resolution))


def _edge_weights(weights: np.ndarray | None, m: int) -> np.ndarray:
    if weights is None:
        return np.ones(m)
    array = np.asarray(weights, dtype=np.float64)
    if array.shape != (m,):
        raise ValueError(f"weights must hold one number per edge ({m}), got shape {array.shape}")
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError("weights must be finite and non-negative (Louvain's modularity needs it)")
    return array


def _check_resolution(resolution: float) -> None:
    if not math.isfinite(resolution) or resolution < 0:
        raise ValueError(f"resolution must be finite and non-negative, got {resolution}")


def _membership_labels(n: int, membership: np.ndarray) -> np.ndarray:
    """``membership`` as igraph labels: ids kept, every ``-1`` turned into a fresh singleton id."""
    labels = np.asarray(membership)
    if labels.shape != (n,) or (labels.size and labels.dtype.kind not in "iu"):
        raise ValueError(
            f"membership must hold one integer per node ({n}), got {labels.dtype} {labels.shape}"
        )
    labels = labels.astype(np.int64)
    if labels.size and labels.min() < ISOLATED:
        raise ValueError(f"membership ids must be >= {ISOLATED}, got {labels.min()}")
    outside = labels == ISOLATED
    labels[outside] = labels.max(initial=0) + 1 + np.arange(np.count_nonzero(outside))
    return labels


def _undirected_graph(
    n: int, src: np.ndarray, dst: np.ndarray, weights: np.ndarray
) -> tuple[ig.Graph, list[float]]:
    """A simple undirected igraph graph (self-loops kept) whose edge weights sum the parallel edges."""
    low, high = np.minimum(src, dst), np.maximum(src, dst)
    # One int64 key per unordered pair; exact for n up to ~3e9, far beyond what fits in memory anyway.
    pairs, inverse = np.unique(low * n + high, return_inverse=True)
    summed = np.bincount(inverse, weights=weights, minlength=pairs.size)
    edges = np.column_stack(np.divmod(pairs, n))
    return ig.Graph(n=n, edges=edges.tolist()), summed.tolist()


def _has_edge(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    # MAGE (Grappolo) leaves a node in community -1 only when its adjacency list is empty, so a
    # self-loop or a zero-weight edge is enough to get a community.
    return np.bincount(np.concatenate([src, dst]), minlength=n) > 0


def _louvain(graph: ig.Graph, weights: list[float], seed: int, resolution: float) -> np.ndarray:
    """igraph's multilevel Louvain; it visits nodes in random order, so the seed fixes the result."""
    # seeded() shares one lock with every other seeded igraph call (layouts): igraph's generator is
    # process-wide, and two callers swapping it concurrently would make a seeded run depend on timing.
    with seeded(seed):
        clustering = graph.community_multilevel(weights=weights, resolution=resolution)
    return np.asarray(clustering.membership, dtype=np.int64)


def _canonical(membership: np.ndarray) -> np.ndarray:
    """Renumber the communities 0, 1, 2 ... by their smallest node, as Grappolo's renumbering does."""
    result = membership.copy()
    grouped = membership != ISOLATED
    _, first, inverse = np.unique(membership[grouped], return_index=True, return_inverse=True)
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first)] = np.arange(first.size)
    result[grouped] = rank[inverse]
    return result
