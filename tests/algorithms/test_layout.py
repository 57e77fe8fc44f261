"""The atlas layout: the same map for the same graph, communities apart, lonely channels outside."""

import numpy as np

from backend.algorithms.layout import community_layout


def planted(blocks: int, size: int, seed: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``blocks`` groups of ``size`` nodes, dense inside, a few links across, two lonely nodes at the end."""
    rng = np.random.default_rng(seed)
    n = blocks * size
    member = np.repeat(np.arange(blocks), size)
    pairs = rng.integers(0, n, (n * 12, 2))
    same = member[pairs[:, 0]] == member[pairs[:, 1]]
    keep = (same & (rng.random(len(pairs)) < 0.9)) | (~same & (rng.random(len(pairs)) < 0.01))
    pairs = pairs[keep & (pairs[:, 0] != pairs[:, 1])]
    weights = rng.integers(1, 50, len(pairs)).astype(float)
    return n + 2, pairs[:, 0], pairs[:, 1], weights, np.concatenate((member, [-1, -1]))


def test_the_same_graph_gets_the_same_map() -> None:
    graph = planted(6, 40, seed=1)
    assert np.array_equal(community_layout(*graph), community_layout(*graph))


def test_every_channel_is_nearest_its_own_community() -> None:
    n, sources, targets, weights, member = planted(12, 50, seed=2)
    xy = community_layout(n, sources, targets, weights, member)
    assert xy.shape == (n, 2) and np.abs(xy).max() <= 1.0 + 1e-12
    linked = member >= 0
    centroids = np.array([xy[member == c].mean(axis=0) for c in range(12)])
    nearest = np.argmin(np.linalg.norm(xy[linked, None, :] - centroids[None, :, :], axis=2), axis=1)
    assert np.array_equal(nearest, member[linked])


def test_lonely_channels_ring_the_map() -> None:
    n, sources, targets, weights, member = planted(3, 30, seed=3)
    xy = community_layout(n, sources, targets, weights, member)
    reach = np.linalg.norm(xy - xy[member >= 0].mean(axis=0), axis=1)
    assert reach[member < 0].min() > reach[member >= 0].max()


def test_small_and_empty_graphs() -> None:
    assert community_layout(0, np.array([]), np.array([]), np.array([]), np.array([])).shape == (0, 2)
    one = community_layout(1, np.array([]), np.array([]), np.array([]), np.array([-1]))
    assert one.shape == (1, 2) and np.isfinite(one).all()
    pair = community_layout(2, np.array([0]), np.array([1]), np.array([3.0]), np.array([0, 0]))
    assert np.isfinite(pair).all() and not np.array_equal(pair[0], pair[1])


def test_a_loosely_linked_community_stays_near_the_others() -> None:
    # Five communities linked to each other, a sixth by a single light link: a force layout alone sends
    # it to the map's edge and shrinks the rest into a corner.
    n, sources, targets, weights, member = planted(5, 40, seed=4)
    n -= 2  # no lonely channels here
    member = member[:-2]
    rng = np.random.default_rng(5)
    inner = rng.integers(n, n + 30, (300, 2))
    inner = inner[inner[:, 0] != inner[:, 1]]
    sources = np.concatenate((sources, inner[:, 0], [0]))
    targets = np.concatenate((targets, inner[:, 1], [n]))
    weights = np.concatenate((weights, np.full(len(inner), 20.0), [1.0]))
    member = np.concatenate((member, np.full(30, 5)))
    xy = community_layout(n + 30, sources, targets, weights, member)
    centroids = np.array([xy[member == c].mean(axis=0) for c in range(6)])
    middle = centroids[:5].mean(axis=0)
    others = np.linalg.norm(centroids[:5] - middle, axis=1)
    assert np.linalg.norm(centroids[5] - middle) < 3 * others.max()


def test_channels_spread_over_their_community_not_piled_on_a_core() -> None:
    n, sources, targets, weights, member = planted(4, 80, seed=6)
    xy = community_layout(n, sources, targets, weights, member)
    for community in range(4):
        points = xy[member == community]
        distance = np.linalg.norm(points - np.median(points, axis=0), axis=1)
        # A uniformly filled disc has half its points beyond 0.71 of its radius.
        assert np.median(distance) > 0.55 * distance.max()
