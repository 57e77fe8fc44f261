"""The sparse-product overlap equals a direct computation with Python sets, pair by pair."""

import itertools
from typing import Any

import numpy as np
import pytest

from backend.algorithms.overlap import audience_overlap


def by_sets(n: int, channels: list[int], viewers: list[int]) -> dict[tuple[int, int], dict[str, float]]:
    """Twitch Atlas's way: the audiences as sets, every pair intersected."""
    audience: list[set[int]] = [set() for _ in range(n)]
    for channel, viewer in zip(channels, viewers, strict=True):
        audience[channel].add(viewer)
    everyone = len(set().union(*audience))
    pairs = {}
    for a, b in itertools.combinations(range(n), 2):
        shared = len(audience[a] & audience[b])
        if shared:
            pairs[a, b] = {
                "shared": shared,
                "jaccard": shared / len(audience[a] | audience[b]),
                "share_ab": shared / len(audience[a]),
                "share_ba": shared / len(audience[b]),
                "lift": shared * everyone / (len(audience[a]) * len(audience[b])),
            }
    return pairs


def as_pairs(n: int, channels: list[int], viewers: list[int]) -> dict[tuple[int, int], dict[str, float]]:
    o = audience_overlap(n, np.array(channels, dtype=np.int64), np.array(viewers, dtype=np.int64))
    columns = {
        "shared": o.shared,
        "jaccard": o.jaccard,
        "share_ab": o.share_ab,
        "share_ba": o.share_ba,
        "lift": o.lift,
    }
    return {
        (int(a), int(b)): {name: float(values[k]) for name, values in columns.items()}
        for k, (a, b) in enumerate(zip(o.first, o.second, strict=True))
    }


def assert_same(got: dict[tuple[int, int], dict[str, float]], expected: dict) -> None:
    assert got.keys() == expected.keys()
    for pair, metrics in expected.items():
        assert got[pair] == pytest.approx(metrics), pair


@pytest.mark.parametrize(
    ("n", "channels", "viewers"),
    [
        (0, [], []),  # no channels
        (1, [0, 0], [5, 6]),  # one channel: no pairs
        (3, [], []),  # empty audiences
        (3, [0, 1, 2], [1, 2, 3]),  # nobody in common
        (2, [0, 0, 1, 1], [4, 4, 4, 4]),  # repeated presences count once
        (4, [0, 1, 2, 3, 0, 1], [9, 9, 9, 9, 8, 8]),  # one viewer everywhere, ties
    ],
)
def test_hand_made_cases_equal_the_set_computation(n: int, channels: list[int], viewers: list[int]) -> None:
    assert_same(as_pairs(n, channels, viewers), by_sets(n, channels, viewers))


@pytest.mark.parametrize(
    "ids",
    [
        pytest.param(lambda rng: rng.zipf(1.5, 5000), id="skewed, some ids huge"),  # compacted
        pytest.param(lambda rng: rng.integers(0, 800, 5000), id="dense"),  # the ids as columns
    ],
)
def test_random_audiences_equal_the_set_computation(ids: Any) -> None:
    rng = np.random.default_rng(4)
    n = 60
    channels = rng.integers(0, n, 5000).tolist()
    viewers = ids(rng).tolist()
    expected = by_sets(n, channels, viewers)
    assert len(expected) > 100
    assert_same(as_pairs(n, channels, viewers), expected)


def test_audience_and_viewers_count_distinct_logins() -> None:
    o = audience_overlap(3, np.array([0, 0, 0, 2]), np.array([1, 1, 2, 1]))
    assert o.audience.tolist() == [2, 0, 1] and o.viewers == 2


@pytest.mark.parametrize(
    ("n", "channels", "viewers", "message"),
    [
        (2, [0, 2], [1, 1], "channel indices"),
        (2, [0, -1], [1, 1], "channel indices"),
        (2, [0, 1], [1, -1], "non-negative"),
        (2, [0, 1], [1], "one length"),
    ],
)
def test_bad_input_says_what_is_wrong(n: int, channels: list[int], viewers: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        audience_overlap(n, np.array(channels), np.array(viewers))
