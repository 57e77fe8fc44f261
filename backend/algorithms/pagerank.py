"""PageRank with Memgraph MAGE's ``pagerank.get`` semantics over a dense-index edge list."""

import math
import operator

import numpy as np
import scipy.sparse as sp

__all__ = ["pagerank"]


def pagerank(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    damping_factor: float = 0.85,
    max_iterations: int = 100,
    stop_epsilon: float = 1e-5,
) -> np.ndarray:
    """Return the PageRank of every node, exactly as MAGE's ``pagerank.get`` defines it.

    Parameters
    ----------
    n : int
        Number of nodes. Nodes are the dense indices ``0 .. n-1``; nodes without edges still get a rank.
    sources, targets : numpy.ndarray
        1-D integer arrays of equal length; edge ``i`` goes ``sources[i] -> targets[i]``. Parallel edges
        and self-loops are kept and each one counts, both in the flow and in the out-degree.
    damping_factor : float, optional (default=0.85)
        Probability of following an edge rather than teleporting (Page et al. 1999).
    max_iterations : int, optional (default=100)
        Upper bound on the number of power-iteration steps.
    stop_epsilon : float, optional (default=1e-5)
        Stop as soon as no node's rank changed by more than this in one step. The bound is absolute and
        per node, as in MAGE, so on large graphs (ranks around ``1/n``) it is loose.

    Returns
    -------
    numpy.ndarray
        Float array of length ``n`` summing to 1; entry ``v`` is the rank of node ``v``.

    Raises
    ------
    ValueError
        If ``n`` is negative, the edge arrays are not 1-D integer arrays of equal length, an index is
        outside ``0 .. n-1``, ``damping_factor`` is outside ``[0, 1]``, ``max_iterations < 1`` or
        ``stop_epsilon`` is negative or NaN.
    TypeError
        If ``n`` or ``max_iterations`` is not an integer.

    Notes
    -----
    Every step computes ``r'[v] = (1 - d)/n + d * sum(r[u] / outdeg(u) for each edge u -> v)``, starting
    from ``r = 1/n``. Unlike NetworkX, the rank of nodes without out-edges is dropped rather than spread
    over all nodes, so the ranks only sum to 1 after the final normalisation. With
    ``damping_factor=1`` all rank can drain away; the result is then all zeros instead of MAGE's NaNs.

    The transition matrix is built once as a CSR matrix; each step is one sparse matrix-vector
    product, so a step costs ``O(n + m)`` time and the whole run ``O(n + m)`` memory.

    Examples
    --------
    >>> import numpy as np
    >>> ranks = pagerank(3, np.array([0, 1]), np.array([1, 2]), max_iterations=1000)
    >>> [round(float(r), 3) for r in ranks]
    [0.184, 0.341, 0.474]

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. and Winograd, T. "The PageRank citation ranking: Bringing
       order to the Web." Stanford InfoLab technical report 1999-66 (1999).
       http://ilpubs.stanford.edu:8090/422/
    .. [2] Memgraph MAGE, ``pagerank`` module, https://github.com/memgraph/mage
    """
    src, dst = edge_arrays(n, sources, targets)
    _check_parameters(damping_factor, max_iterations, stop_epsilon)
    if n == 0:
        return np.empty(0, dtype=np.float64)
    flow = _transition_matrix(n, src, dst)
    rank = _power_iterate(flow, damping_factor, max_iterations, stop_epsilon)
    return _normalised(rank)


def edge_arrays(n: int, sources: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Validate a dense-index edge list and return it as two ``int64`` arrays.

    Shared by the algorithm modules of this package; raises ``ValueError`` on any inconsistency.
    """
    if operator.index(n) < 0:
        raise ValueError(f"n must be a non-negative node count, got {n}")
    src, dst = np.asarray(sources), np.asarray(targets)
    if src.ndim != 1 or dst.ndim != 1:
        raise ValueError(f"sources and targets must be 1-D, got shapes {src.shape} and {dst.shape}")
    if src.size != dst.size:
        raise ValueError(f"sources and targets differ in length: {src.size} != {dst.size}")
    if src.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    for name, array in (("sources", src), ("targets", dst)):
        if array.dtype.kind not in "iu":
            raise ValueError(f"{name} must hold integers, got dtype {array.dtype}")
        low, high = int(array.min()), int(array.max())
        if low < 0 or high >= n:
            raise ValueError(f"{name} holds node index {low if low < 0 else high}, outside 0..{n - 1}")
    return src.astype(np.int64, copy=False), dst.astype(np.int64, copy=False)


def _check_parameters(damping_factor: float, max_iterations: int, stop_epsilon: float) -> None:
    if not 0.0 <= damping_factor <= 1.0:
        raise ValueError(f"damping_factor must be within [0, 1], got {damping_factor}")
    if operator.index(max_iterations) < 1:
        raise ValueError(f"max_iterations must be at least 1, got {max_iterations}")
    if math.isnan(stop_epsilon) or stop_epsilon < 0:
        raise ValueError(f"stop_epsilon must be non-negative, got {stop_epsilon}")


def _transition_matrix(n: int, src: np.ndarray, dst: np.ndarray) -> sp.csr_array:
    """``M[v, u]`` = (number of edges u -> v) / outdeg(u); columns of dangling nodes stay empty."""
    out_degree = np.bincount(src, minlength=n)
    # COO -> CSR sums duplicate (v, u) entries, which is how parallel edges add up.
    weights = 1.0 / out_degree[src]
    return sp.coo_array((weights, (dst, src)), shape=(n, n)).tocsr()


def _power_iterate(
    flow: sp.csr_array, damping_factor: float, max_iterations: int, stop_epsilon: float
) -> np.ndarray:
    n = flow.shape[0]
    teleport = (1.0 - damping_factor) / n
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iterations):
        updated = flow @ rank
        updated *= damping_factor
        updated += teleport
        converged = np.max(np.abs(updated - rank)) <= stop_epsilon
        rank = updated
        if converged:
            break
    return rank


def _normalised(rank: np.ndarray) -> np.ndarray:
    total = rank.sum()
    # Only reachable with damping_factor == 1 on a graph that leaks all rank; avoid 0/0.
    return rank / total if total > 0 else rank
