"""Betweenness centrality with Memgraph MAGE's ``betweenness_centrality.get`` semantics."""

import igraph
import numpy as np

from backend.algorithms.pagerank import edge_arrays

__all__ = ["betweenness_centrality"]


def betweenness_centrality(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    directed: bool = True,
    normalized: bool = True,
) -> np.ndarray:
    """Return the shortest-path betweenness of every node, exactly as MAGE's ``betweenness_centrality.get``.

    Parameters
    ----------
    n : int
        Number of nodes. Nodes are the dense indices ``0 .. n-1``.
    sources, targets : numpy.ndarray
        1-D integer arrays of equal length; edge ``i`` goes ``sources[i] -> targets[i]``. Each parallel
        edge is a distinct shortest path (path counts multiply); self-loops are never on a shortest path.
    directed : bool, optional (default=True)
        Follow edges only from source to target. When False every edge is walked both ways (so
        ``u -> v`` plus ``v -> u`` is a double edge) and each unordered pair of endpoints counts once.
    normalized : bool, optional (default=True)
        Scale by ``1/((n-1)(n-2))`` when directed and ``2/((n-1)(n-2))`` when undirected, the number of
        pairs a node can lie between; no scaling when ``n <= 2``.

    Returns
    -------
    numpy.ndarray
        Float array of length ``n``; entry ``v`` is ``sum(sigma(s, t | v) / sigma(s, t))`` over pairs
        ``s != v != t``, where ``sigma`` counts shortest paths, optionally normalised.

    Raises
    ------
    ValueError
        If ``n`` is negative, the edge arrays are not 1-D integer arrays of equal length, or an index is
        outside ``0 .. n-1``.
    TypeError
        If ``n`` is not an integer.

    Notes
    -----
    Brandes' algorithm on unweighted edges: one breadth-first search per node, ``O(n m)`` time and
    ``O(n + m)`` memory. The searches run in igraph's C core, which counts parallel edges as separate
    shortest paths and ignores self-loops, which is MAGE's behaviour (the test suite checks igraph
    against a line-by-line transcription of MAGE's algorithm on random multigraphs).

    Examples
    --------
    >>> import numpy as np
    >>> chain = np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4])
    >>> betweenness_centrality(5, *chain, directed=False, normalized=False).tolist()
    [0.0, 3.0, 4.0, 3.0, 0.0]

    References
    ----------
    .. [1] Brandes, U. "A faster algorithm for betweenness centrality." Journal of Mathematical
       Sociology 25(2):163-177 (2001). https://doi.org/10.1080/0022250X.2001.9990249
    .. [2] Memgraph MAGE, ``betweenness_centrality`` module, https://github.com/memgraph/mage
    """
    src, dst = edge_arrays(n, sources, targets)
    if n == 0:
        return np.empty(0, dtype=np.float64)
    graph = igraph.Graph(n=n, edges=np.column_stack((src, dst)), directed=directed)
    scores = np.asarray(graph.betweenness(directed=directed), dtype=np.float64)
    if normalized:
        scores *= normalisation(n, directed)
    return scores


def normalisation(n: int, directed: bool) -> float:
    """The factor of ``normalized=True``; shared with the parallel and sampled modules of this package."""
    if n <= 2:
        return 1.0
    pairs = (n - 1) * (n - 2)
    return (1.0 if directed else 2.0) / pairs
