"""Parallel exact betweenness equals the single-process one; sampled estimates keep their stated bound."""

from typing import Any

import numpy as np
import pytest

from backend.algorithms import betweenness_parallel
from backend.algorithms.betweenness import betweenness_centrality
from backend.algorithms.betweenness_any_size import (
    SECONDS_PER_VISIT,
    betweenness_any_size,
    estimated_exact_seconds,
)
from backend.algorithms.betweenness_parallel import betweenness_centrality_parallel
from backend.algorithms.betweenness_sampled import betweenness_centrality_sampled, sample_size
from bench.algorithms import audience_edges
from tests.algorithms.cases import dense, load_cases

CASES = load_cases("betweenness_centrality")
MODES = [(True, True), (True, False), (False, True), (False, False)]


@pytest.fixture
def always_pooled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send even tiny graphs to the worker processes, so the pooled path is what gets checked."""
    monkeypatch.setattr(betweenness_parallel, "IN_PROCESS_WORK", 0)


def skewed_multigraph(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``m`` edges with endpoint odds ``rank ** -0.9`` (hubs, parallel edges, self-loops), then the first
    half of them reversed, so directed paths are long enough for scores comparable to undirected ones."""
    rng = np.random.default_rng(seed)
    odds = np.arange(1, n + 1, dtype=np.float64) ** -0.9
    odds /= odds.sum()
    sources, targets = rng.permutation(n)[rng.choice(n, (2, m), p=odds)]
    return np.concatenate([sources, targets[: m // 2]]), np.concatenate([targets, sources[: m // 2]])


@pytest.mark.usefixtures("always_pooled")
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("directed", "normalized"), MODES)
def test_parallel_equals_single_process_on_random_multigraphs(
    seed: int, directed: bool, normalized: bool
) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 200))
    sources, targets = rng.integers(0, n, size=(2, int(rng.integers(n, 4 * n))))
    sources[: n // 10] = targets[: n // 10]  # self-loops
    single = betweenness_centrality(n, sources, targets, directed=directed, normalized=normalized)
    workers = 2 + seed % 2  # an odd worker count splits the sources unevenly
    parallel = betweenness_centrality_parallel(
        n, sources, targets, directed=directed, normalized=normalized, workers=workers
    )
    assert parallel == pytest.approx(single, rel=1e-9, abs=1e-12)
    assert single.any() or not sources.size


@pytest.mark.usefixtures("always_pooled")
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_parallel_matches_mage_e2e_case(case: dict[str, Any]) -> None:
    ids, sources, targets = dense(case)
    scores = betweenness_centrality_parallel(len(ids), sources, targets, workers=2, **case["args"])
    got = {node: float(scores[i]) for i, node in enumerate(ids)}
    assert got == pytest.approx({row["node"]: row["value"] for row in case["expected"]}, abs=1e-3)


def test_parallel_in_process_path_equals_single_process() -> None:
    sources, targets = skewed_multigraph(300, 1200, seed=7)
    single = betweenness_centrality(300, sources, targets)
    assert betweenness_centrality_parallel(300, sources, targets, workers=1) == pytest.approx(single)


@pytest.mark.parametrize("workers", [0, -1])
def test_parallel_rejects_fewer_than_one_worker(workers: int) -> None:
    with pytest.raises(ValueError, match="workers"):
        betweenness_centrality_parallel(3, np.array([0, 1]), np.array([1, 2]), workers=workers)


@pytest.mark.parametrize(("directed", "seed"), [(True, 1), (True, 2), (False, 3), (False, 4)])
def test_sampled_is_within_epsilon_of_exact_at_every_node(directed: bool, seed: int) -> None:
    n, epsilon, delta = 3000, 0.1, 0.1
    sources, targets = skewed_multigraph(n, 3 * n, seed)
    exact = betweenness_centrality_parallel(n, sources, targets, directed=directed)
    result = betweenness_centrality_sampled(
        n, sources, targets, directed=directed, epsilon=epsilon, delta=delta, seed=seed
    )
    assert (result.exact, result.epsilon, result.delta) == (False, epsilon, delta)
    assert result.samples is not None and result.samples < n / 4  # a real sample, not nearly every source
    assert exact.max() * (1 - result.samples / n) > epsilon  # so leaving out the n/k scale would show
    assert np.abs(result.scores - exact).max() <= epsilon


def test_sampled_unnormalised_error_is_epsilon_times_the_normalisation() -> None:
    n, epsilon = 2000, 0.1
    sources, targets = skewed_multigraph(n, 4 * n, seed=5)
    exact = betweenness_centrality(n, sources, targets, normalized=False)
    result = betweenness_centrality_sampled(n, sources, targets, normalized=False, epsilon=epsilon)
    assert not result.exact
    assert np.abs(result.scores - exact).max() <= epsilon * (n - 1) * (n - 2)


def test_sampled_top_20_agrees_with_exact_on_a_20k_audience_graph() -> None:
    # "Agree": at least 18 of the exact top 20 are in the sampled top 20. The graph is skewed the way the
    # real one is (Zipf channel sizes); only streamers can lie between two nodes.
    n, streamers = 20_000, 400
    sources, targets = audience_edges(n, seed=11, streamers=streamers)
    exact = betweenness_centrality_parallel(n, sources, targets)
    result = betweenness_centrality_sampled(n, sources, targets, epsilon=0.05, seed=11)
    assert not result.exact and result.samples is not None and result.samples < n / 5
    top_exact = set(np.argsort(-exact, kind="stable")[:20].tolist())
    top_sampled = set(np.argsort(-result.scores, kind="stable")[:20].tolist())
    assert exact[list(top_exact)].min() > 0
    assert len(top_exact & top_sampled) >= 18


def test_sampled_is_deterministic_given_seed() -> None:
    sources, targets = skewed_multigraph(2000, 8000, seed=6)
    first, again, other = (
        betweenness_centrality_sampled(2000, sources, targets, epsilon=0.15, seed=s) for s in (1, 1, 2)
    )
    assert np.array_equal(first.scores, again.scores)
    assert not np.array_equal(first.scores, other.scores)


def test_sampled_falls_back_to_exact_when_the_bound_needs_every_source() -> None:
    sources, targets = skewed_multigraph(200, 800, seed=8)
    result = betweenness_centrality_sampled(200, sources, targets, epsilon=0.01)
    assert (result.exact, result.epsilon, result.samples) == (True, None, None)
    assert result.scores == pytest.approx(betweenness_centrality(200, sources, targets))


def test_sampled_graph_where_no_node_can_lie_between_is_exactly_zero() -> None:
    # A directed out-star: nobody has both an in- and an out-edge.
    result = betweenness_centrality_sampled(5000, np.zeros(4999, dtype=np.int64), np.arange(1, 5000))
    assert result.exact and not result.scores.any()


@pytest.mark.parametrize(
    ("epsilon", "delta", "message"),
    [(0.0, 0.1, "epsilon"), (1.0, 0.1, "epsilon"), (0.1, 0.0, "delta"), (0.1, 1.5, "delta")],
)
def test_sampled_rejects_bounds_outside_the_unit_interval(epsilon: float, delta: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        betweenness_centrality_sampled(3, np.array([0, 1]), np.array([1, 2]), epsilon=epsilon, delta=delta)


def test_sample_size_follows_the_hoeffding_union_bound() -> None:
    # R = n/(n-1) = 1.0001..., ln(2 * 1000 / 0.1) = 9.90; 9.90 * R^2 / (2 * 0.05^2) = 1981.0...
    assert sample_size(10_001, 1000, 0.05, 0.1) == 1982
    assert sample_size(100, 100, 0.05, 0.1) == 100  # capped at n
    assert sample_size(2, 2, 0.05, 0.1) == 2
    assert sample_size(100, 0, 0.05, 0.1) == 0


def test_any_size_is_exact_up_to_the_estimated_time_and_sampled_above() -> None:
    sources, targets = skewed_multigraph(3000, 12_000, seed=9)
    estimate = estimated_exact_seconds(3000, sources, targets, workers=2)
    exact = betweenness_any_size(3000, sources, targets, exact_up_to_s=estimate, workers=2)
    sampled = betweenness_any_size(
        3000, sources, targets, exact_up_to_s=estimate * 0.99, epsilon=0.1, workers=2
    )
    assert exact.exact and exact.metadata() == {
        "exact": True,
        "epsilon": None,
        "delta": None,
        "samples": None,
    }
    assert exact.scores == pytest.approx(betweenness_centrality(3000, sources, targets))
    assert sampled.metadata() == {"exact": False, "epsilon": 0.1, "delta": 0.1, "samples": sampled.samples}
    assert np.abs(sampled.scores - exact.scores).max() <= 0.1


def test_the_exact_time_estimate_follows_how_far_searches_reach() -> None:
    n = 1000
    ring = np.arange(n), (np.arange(n) + 1) % n  # every search reaches all n nodes and n edges
    assert estimated_exact_seconds(n, *ring, workers=1) == pytest.approx(2 * n * n * SECONDS_PER_VISIT)
    assert estimated_exact_seconds(n, *ring, workers=2) == pytest.approx(n * n * SECONDS_PER_VISIT)
    # Chatters pointing at one channel: as many nodes and edges, but a search reaches two nodes.
    star = np.arange(1, n), np.zeros(n - 1, dtype=np.int64)
    star_estimate = estimated_exact_seconds(n, *star, workers=1)
    assert star_estimate == pytest.approx((n - 1) * 3 * SECONDS_PER_VISIT)
    assert estimated_exact_seconds(n, np.array([], dtype=np.int64), np.array([], dtype=np.int64)) == 0.0
    sources, targets = skewed_multigraph(2000, 8000, seed=3)
    assert estimated_exact_seconds(2000, sources, targets, seed=1) == estimated_exact_seconds(
        2000, sources, targets, seed=1
    )
