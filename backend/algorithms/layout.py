"""A map of channels that keeps communities apart: where each community sits, then each one inside.

One force layout of the whole graph lets big communities swallow small ones and puts bridges anywhere
(Twitch Atlas placed nodes by hand to stay readable). So the layout has two levels, both igraph's
Fruchterman-Reingold (in C) from fixed starting points, so a graph always gets the same map:

1. the communities as nodes, linked by the weight of the links between them, each a disc of area
   proportional to its channels, spread until no two discs overlap;
2. each community's own links laid out inside its disc, then spread evenly over it (each channel keeps
   its direction and its rank in distance from the centre).

Channels without links (community -1) go on a ring around the rest, biggest first.
"""

import math

import igraph
import numpy as np

from backend.algorithms.igraph_random import seeded

__all__ = ["community_layout"]

ITERATIONS = 500
GAP = 1.15  # discs at least this much of their radii apart
RING_GAP = 1.15  # the isolated channels' ring, beyond the farthest disc
# A force layout pushes a community with few links to the rest far out, and the map's fit then shrinks
# everyone else into a corner: no centre stays farther from the middle than this many times the median.
REACH_OF_MEDIAN = 1.5


def community_layout(
    n: int,
    sources: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray,
    membership: np.ndarray,
    *,
    seed: int = 0,
) -> np.ndarray:
    """Positions ``(n, 2)`` of ``n`` nodes, the communities of ``membership`` apart.

    Parameters
    ----------
    n : int
        Nodes ``0 .. n - 1``.
    sources, targets, weights : array_like
        Undirected weighted links (positive weights).
    membership : array_like of int
        Community of each node, ``-1`` for a node without links; ids ``0 .. k - 1`` otherwise.
    seed : int, optional (default=0)
        Seed of igraph's random numbers (the force layout's moves).

    Returns
    -------
    numpy.ndarray
        ``x, y`` per node, centred on the origin, within ``[-1, 1]``. The same input and seed give the
        same map.

    Examples
    --------
    >>> xy = community_layout(4, [0, 2], [1, 3], [1.0, 1.0], [0, 0, 1, 1])
    >>> xy.shape, bool(np.abs(xy).max() <= 1.0)
    ((4, 2), True)
    """
    src, dst = np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64)
    weight, member = np.asarray(weights, dtype=np.float64), np.asarray(membership, dtype=np.int64)
    xy = np.zeros((n, 2))
    k = int(member.max()) + 1 if n else 0
    if k:
        radii = np.sqrt(np.bincount(member[member >= 0], minlength=k))
        with seeded(seed):
            centres = _community_centres(src, dst, weight, member, radii)
            for community in range(k):
                nodes = np.flatnonzero(member == community)
                xy[nodes] = centres[community] + radii[community] * _inside(nodes, src, dst)
    lonely = np.flatnonzero(member < 0)
    if lonely.size:
        linked = member >= 0
        reach = 0.0
        if k:
            xy[linked] -= (xy[linked].max(axis=0) + xy[linked].min(axis=0)) / 2
            reach = float(np.max(np.linalg.norm(xy[linked], axis=1)))
        xy[lonely] = _ring(lonely.size, max(reach * RING_GAP, 1.0))
    return _fitted(xy)


def _community_centres(
    src: np.ndarray, dst: np.ndarray, weight: np.ndarray, member: np.ndarray, radii: np.ndarray
) -> np.ndarray:
    """A centre per community: a force layout of the community graph, spread until discs part."""
    k = radii.size
    if k == 1:
        return np.zeros((1, 2))
    between = member[src] != member[dst]
    graph = igraph.Graph(n=k, edges=np.column_stack((member[src][between], member[dst][between])))
    graph.es["weight"] = weight[between]
    graph.simplify(combine_edges="sum")
    # Summed weights span orders of magnitude: their logarithm keeps strong ties from collapsing pairs.
    graph.es["weight"] = np.log1p(np.asarray(graph.es["weight"], dtype=np.float64)).tolist()
    start = _ring(k, 1.0)
    centres = np.array(
        graph.layout_fruchterman_reingold(
            weights="weight" if graph.ecount() else None, niter=ITERATIONS, seed=start.tolist()
        ).coords
    )
    centres = _drawn_in(centres)
    return centres * _spread(centres, radii)


def _drawn_in(centres: np.ndarray) -> np.ndarray:
    """The centres, those farther from the middle than REACH_OF_MEDIAN times the median brought in to
    that distance, in the same direction."""
    middle = np.median(centres, axis=0)
    offset = centres - middle
    distance = np.linalg.norm(offset, axis=1)
    limit = REACH_OF_MEDIAN * float(np.median(distance))
    far = distance > limit
    if limit > 0:
        offset[far] *= (limit / distance[far])[:, None]
    return middle + offset


def _spread(centres: np.ndarray, radii: np.ndarray) -> float:
    """The smallest scale at which no two discs overlap (their centres GAP times their radii apart)."""
    gaps = np.linalg.norm(centres[:, None, :] - centres[None, :, :], axis=2)
    needed = GAP * (radii[:, None] + radii[None, :])
    np.fill_diagonal(gaps, np.inf)
    return float(np.max(needed / np.maximum(gaps, 1e-9)))


def _inside(nodes: np.ndarray, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The community's own layout, in the unit disc."""
    if nodes.size == 1:
        return np.zeros((1, 2))
    local = np.full(int(max(src.max(initial=0), dst.max(initial=0), nodes.max())) + 1, -1)
    local[nodes] = np.arange(nodes.size)
    inner = (local[src] >= 0) & (local[dst] >= 0)
    graph = igraph.Graph(n=nodes.size, edges=np.column_stack((local[src][inner], local[dst][inner])))
    # Unweighted inside: a community is densely linked, and its heavy links would pull it into one dot.
    coords = np.array(
        graph.layout_fruchterman_reingold(niter=ITERATIONS, seed=_ring(nodes.size, 1.0).tolist()).coords
    )
    return _evened(coords)


def _evened(coords: np.ndarray) -> np.ndarray:
    """The layout spread evenly over the unit disc: each channel keeps its direction from the centre
    and its rank in distance (the most tied at the centre), its radius the one that rank has in a
    uniformly filled disc. A force layout of a densely linked community piles most channels on a core."""
    coords = coords - np.median(coords, axis=0)
    distance = np.linalg.norm(coords, axis=1)
    rank = np.empty(distance.size)
    rank[np.argsort(distance, kind="stable")] = np.arange(distance.size)
    radius = np.sqrt((rank + 0.5) / distance.size)
    angle = np.arctan2(coords[:, 1], coords[:, 0])
    return radius[:, None] * np.column_stack((np.cos(angle), np.sin(angle)))


def _ring(count: int, radius: float) -> np.ndarray:
    angles = 2 * math.pi * np.arange(count) / max(count, 1)
    return radius * np.column_stack((np.cos(angles), np.sin(angles)))


def _fitted(xy: np.ndarray) -> np.ndarray:
    """Centred on the origin and scaled into [-1, 1]."""
    if not xy.size:
        return xy
    xy = xy - (xy.max(axis=0) + xy.min(axis=0)) / 2
    reach = float(np.abs(xy).max())
    return xy / reach if reach > 0 else xy
