"""Betweenness estimated from a random sample of source nodes, with a stated error bound (MAGE's semantics).

Brandes-Pich source sampling: the exact score is a sum of one dependency per source node, so the mean
over ``k`` sources drawn without replacement, scaled by ``n``, is an unbiased estimate; Hoeffding's bound
(which holds for sampling without replacement) and a union bound over the nodes give the sample size for
an additive error ``epsilon`` on every node's normalised score with probability at least ``1 - delta``.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from backend.algorithms.betweenness import normalisation
from backend.algorithms.betweenness_parallel import active_sources, source_sums
from backend.algorithms.pagerank import edge_arrays

__all__ = ["BetweennessResult", "betweenness_centrality_sampled", "sample_size"]


@dataclass(frozen=True)
class BetweennessResult:
    """Scores of every node and how they were obtained.

    ``exact`` is True when every source was used (then ``epsilon``, ``delta`` and ``samples`` are None);
    otherwise each normalised score is within ``epsilon`` of the exact one for all nodes at once, with
    probability at least ``1 - delta``, from ``samples`` sampled sources.
    """

    scores: np.ndarray
    exact: bool
    epsilon: float | None = None
    delta: float | None = None
    samples: int | None = None

    def metadata(self) -> dict[str, Any]:
        """The fields a response should carry beside the scores."""
        return {"exact": self.exact, "epsilon": self.epsilon, "delta": self.delta, "samples": self.samples}


def betweenness_centrality_sampled(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    directed: bool = True,
    normalized: bool = True,
    epsilon: float = 0.02,
    delta: float = 0.1,
    seed: int = 0,
    workers: int | None = None,
) -> BetweennessResult:
    """Return every node's betweenness estimated from sampled sources, within ``epsilon`` w.p. ``1 - delta``.

    Parameters
    ----------
    n : int
        Number of nodes. Nodes are the dense indices ``0 .. n-1``.
    sources, targets : numpy.ndarray
        1-D integer arrays of equal length; edge ``i`` goes ``sources[i] -> targets[i]``, with the
        semantics of :func:`backend.algorithms.betweenness.betweenness_centrality` (parallel edges
        multiply path counts, self-loops ignored).
    directed, normalized : bool, optional (default=True)
        As in ``betweenness_centrality``. ``epsilon`` always bounds the error on the normalised scale;
        unnormalised scores are within ``epsilon`` divided by that scale.
    epsilon : float, optional (default=0.02)
        Additive error bound on every node's normalised score, in ``(0, 1)``.
    delta : float, optional (default=0.1)
        Probability, in ``(0, 1)``, that some node's error exceeds ``epsilon``.
    seed : int, optional (default=0)
        Seed of the source sample; one seed and one ``workers`` give the same scores every time.
    workers : int, optional
        Worker processes for the single-source passes (see ``betweenness_centrality_parallel``).

    Returns
    -------
    BetweennessResult
        Scores with ``exact=False, epsilon, delta, samples=k``; exact when ``k >= n`` (all sources used).

    Raises
    ------
    ValueError
        If the graph arguments are invalid, or ``epsilon`` or ``delta`` is outside ``(0, 1)``.

    Notes
    -----
    Sources are drawn uniformly without replacement from all ``n`` nodes, ``k`` of them as
    :func:`sample_size` derives (Hoeffding plus a union bound over the nodes that can score above 0;
    worst-case, so observed errors are far smaller). Each node's estimate is ``n/k`` times the sum of the
    sampled sources' dependencies on it, unbiased. The passes cost about ``k/n`` of the exact run.

    Examples
    --------
    >>> import numpy as np
    >>> chain = np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4])
    >>> betweenness_centrality_sampled(5, *chain, epsilon=0.5).exact
    True

    References
    ----------
    .. [1] Brandes, U. and Pich, C. "Centrality estimation in large networks." International Journal of
       Bifurcation and Chaos 17(7):2303-2318 (2007). https://doi.org/10.1142/S0218127407018403
    .. [2] Hoeffding, W. "Probability inequalities for sums of bounded random variables." Journal of the
       American Statistical Association 58(301):13-30 (1963). https://doi.org/10.2307/2282952
    """
    src, dst = edge_arrays(n, sources, targets)
    k = sample_size(n, _candidate_count(n, src, dst, directed), epsilon, delta)
    active = active_sources(n, src, dst, directed)
    if k == 0:  # no node can lie between two others
        return BetweennessResult(np.zeros(n, dtype=np.float64), exact=True)
    drawn = np.arange(n) if k >= n else np.random.default_rng(seed).choice(n, size=k, replace=False)
    chosen = np.intersect1d(drawn, active)  # the others add nothing; sorted, so the chunks are fixed
    scores = source_sums(n, src, dst, chosen, directed=directed, workers=workers) * (n / k)
    scale = normalisation(n, directed) if normalized else 1.0
    if k >= n:
        return BetweennessResult(scores * scale, exact=True)
    return BetweennessResult(scores * scale, exact=False, epsilon=epsilon, delta=delta, samples=k)


def sample_size(n: int, candidates: int, epsilon: float, delta: float) -> int:
    """Sources to sample so ``candidates`` normalised scores are all within ``epsilon`` w.p. ``1 - delta``.

    For a node ``v`` and source ``s`` let ``Y_s = n * dep_s(v) / ((n-1)(n-2))``, where ``dep_s(v)`` is
    the dependency of ``s`` on ``v`` (the fraction of shortest paths from ``s`` through ``v``, summed over
    targets; halved when undirected). The normalised score of ``v`` is the mean of ``Y_s`` over all
    ``n`` sources, and ``0 <= Y_s <= R = n/(n-1)`` since ``dep_s(v) <= n-2``. The mean over ``k``
    sources drawn without replacement misses it by ``epsilon`` or more with probability at most
    ``2 exp(-2 k epsilon^2 / R^2)`` (Hoeffding 1963, section 6: the bound holds without replacement).
    Only ``candidates`` nodes (an edge in and one out; two edge ends when undirected; self-loops aside)
    can score above 0, and every other node scores exactly 0 either way, so a union bound over them
    gives ``k = ceil(R^2 ln(2 candidates / delta) / (2 epsilon^2))``, capped at ``n`` (then exact; also
    for ``n <= 2``); 0 when there are no candidates.
    """
    _check_bound(epsilon, delta)
    if n <= 2:
        return n
    if candidates == 0:
        return 0
    spread = n / (n - 1)
    k = math.ceil(spread**2 * math.log(2 * candidates / delta) / (2 * epsilon**2))
    return min(k, n)


def _candidate_count(n: int, src: np.ndarray, dst: np.ndarray, directed: bool) -> int:
    """Nodes that can lie between two others: an edge in and one out (two edge ends when undirected)."""
    proper = src != dst
    ins = np.bincount(dst[proper], minlength=n)
    outs = np.bincount(src[proper], minlength=n)
    inner = (ins > 0) & (outs > 0) if directed else (ins + outs >= 2)
    return int(np.count_nonzero(inner))


def _check_bound(epsilon: float, delta: float) -> None:
    if not 0.0 < epsilon < 1.0:
        raise ValueError(f"epsilon must be within (0, 1), got {epsilon}")
    if not 0.0 < delta < 1.0:
        raise ValueError(f"delta must be within (0, 1), got {delta}")
