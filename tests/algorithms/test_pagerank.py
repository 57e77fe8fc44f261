"""PageRank against MAGE's own cases, hand-derived answers, a MAGE transcription and networkx."""

from typing import Any

import networkx as nx
import numpy as np
import pytest

from backend.algorithms.pagerank import pagerank
from tests.algorithms.cases import as_edges, dense, load_cases

CASES = load_cases("pagerank")
D = 0.85


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_pagerank_matches_mage_e2e_case(case: dict[str, Any]) -> None:
    ids, sources, targets = dense(case)
    ranks = pagerank(len(ids), sources, targets, **case["args"])
    got = {node: float(ranks[i]) for i, node in enumerate(ids)}
    want = {row["node"]: row["value"] for row in case["expected"]}
    assert got == pytest.approx(want, abs=1e-3)


def test_pagerank_complete_graph_k5_is_uniform() -> None:
    sources, targets = as_edges([(u, v) for u in range(5) for v in range(5) if u != v])
    assert pagerank(5, sources, targets) == pytest.approx([0.2] * 5, abs=1e-12)


def test_pagerank_path_p3_reaches_exact_fixed_point() -> None:
    # 0 -> 1 -> 2, node 2 dangling. Fixed point: r0 = 0.15/3 = 0.05, r1 = 0.05 + 0.85 r0 = 0.0925,
    # r2 = 0.05 + 0.85 r1 = 0.128625; it is reached exactly at step 3 (a step changes one more node).
    ranks = pagerank(3, *as_edges([(0, 1), (1, 2)]))
    expected = np.array([0.05, 0.0925, 0.128625])
    assert ranks == pytest.approx(expected / expected.sum(), abs=1e-12)


def test_pagerank_out_star_drops_leaf_mass() -> None:
    # Centre 0 -> leaves 1..4 (all dangling). r0 = 0.15/5 = 0.03, each leaf 0.03 + 0.85 * 0.03/4.
    ranks = pagerank(5, *as_edges([(0, leaf) for leaf in range(1, 5)]))
    leaf = 0.03 + D * 0.03 / 4
    assert ranks == pytest.approx(np.array([0.03] + [leaf] * 4) / (0.03 + 4 * leaf), abs=1e-12)


def test_pagerank_parallel_edges_count_in_flow_and_out_degree() -> None:
    # 0 -> 1 twice and 0 -> 2 once: outdeg(0) = 3, so 1 gets 2/3 of 0's flow and 2 gets 1/3.
    # r0 = 0.05, r1 = 0.05 + 0.85 * 0.05 * 2/3, r2 = 0.05 + 0.85 * 0.05 / 3. A simple-graph reading
    # would give 1 and 2 the same rank.
    ranks = pagerank(3, *as_edges([(0, 1), (0, 1), (0, 2)]))
    expected = np.array([0.05, 0.05 + D * 0.05 * 2 / 3, 0.05 + D * 0.05 / 3])
    assert ranks == pytest.approx(expected / expected.sum(), abs=1e-12)


def test_pagerank_self_loop_counts_in_out_degree() -> None:
    # 0 -> 0 and 0 -> 1: r0 = 0.075 + 0.425 r0 and r1 = 0.075 + 0.425 r0, so r0 == r1 at the fixed
    # point; without the loop node 1 would get 0.075 + 0.85 * 0.075 against node 0's 0.075.
    ranks = pagerank(2, *as_edges([(0, 0), (0, 1)]), max_iterations=1000, stop_epsilon=1e-14)
    assert ranks == pytest.approx([0.5, 0.5], abs=1e-12)


def test_pagerank_isolated_node_keeps_teleport_share() -> None:
    # Edge 0 -> 1 and isolated node 2: r0 = r2 = 0.05, r1 = 0.05 + 0.85 * 0.05.
    ranks = pagerank(3, *as_edges([(0, 1)]))
    expected = np.array([0.05, 0.05 + D * 0.05, 0.05])
    assert ranks == pytest.approx(expected / expected.sum(), abs=1e-12)


def test_pagerank_single_iteration_stops_after_one_step() -> None:
    # P3 from r = 1/3: one step gives [0.05, 0.05 + 0.85/3, 0.05 + 0.85/3] = [1/20, 1/3, 1/3],
    # normalised by 43/60 to [3/43, 20/43, 20/43], far from the fixed point.
    ranks = pagerank(3, *as_edges([(0, 1), (1, 2)]), max_iterations=1)
    assert ranks == pytest.approx([3 / 43, 20 / 43, 20 / 43], abs=1e-12)


def test_pagerank_stop_epsilon_stops_early() -> None:
    # Self-loop graph converges geometrically (ratio 0.425): a loose epsilon must stop it short.
    edges = as_edges([(0, 0), (0, 1), (1, 2)])
    loose = pagerank(3, *edges, stop_epsilon=0.1, max_iterations=1000)
    tight = pagerank(3, *edges, stop_epsilon=1e-14, max_iterations=1000)
    assert np.max(np.abs(loose - tight)) > 1e-4


def test_pagerank_no_edges_is_uniform() -> None:
    assert pagerank(4, *as_edges([])) == pytest.approx([0.25] * 4, abs=1e-15)


def test_pagerank_empty_graph_returns_empty_array() -> None:
    ranks = pagerank(0, np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert ranks.shape == (0,)


def test_pagerank_zero_damping_is_uniform() -> None:
    assert pagerank(3, *as_edges([(0, 1), (1, 2)]), damping_factor=0.0) == pytest.approx([1 / 3] * 3)


def test_pagerank_full_damping_on_dag_drains_to_zeros_without_nan() -> None:
    ranks = pagerank(3, *as_edges([(0, 1), (1, 2)]), damping_factor=1.0)
    assert ranks.tolist() == [0.0, 0.0, 0.0]


def test_pagerank_accepts_python_lists() -> None:
    assert pagerank(2, [0], [1]) == pytest.approx(pagerank(2, *as_edges([(0, 1)])))


@pytest.mark.parametrize(
    ("n", "sources", "targets", "kwargs", "message"),
    [
        (-1, [], [], {}, "non-negative"),
        (2, [0, 1], [1], {}, "differ in length"),
        (2, [0, 2], [1, 0], {}, "outside"),
        (2, [0, -1], [1, 0], {}, "outside"),
        (0, [0], [0], {}, "outside"),
        (2, [0.0], [1.0], {}, "integers"),
        (2, [[0]], [[1]], {}, "1-D"),
        (2, [0], [1], {"damping_factor": 1.5}, "damping_factor"),
        (2, [0], [1], {"damping_factor": -0.1}, "damping_factor"),
        (2, [0], [1], {"damping_factor": float("nan")}, "damping_factor"),
        (2, [0], [1], {"max_iterations": 0}, "max_iterations"),
        (2, [0], [1], {"stop_epsilon": -1e-3}, "stop_epsilon"),
    ],
)
def test_pagerank_invalid_arguments_raise(
    n: int, sources: list[Any], targets: list[Any], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        pagerank(n, np.array(sources), np.array(targets), **kwargs)


@pytest.mark.parametrize("seed", range(25))
def test_pagerank_matches_mage_transcription_on_random_multigraphs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 15))
    sources, targets = rng.integers(0, n, size=(2, int(rng.integers(0, 40))))
    kwargs = {
        "max_iterations": int(rng.integers(1, 60)),
        "stop_epsilon": float(rng.choice([1e-2, 1e-5, 0.0])),
    }
    expected = _mage_pagerank(n, list(zip(sources.tolist(), targets.tolist(), strict=True)), **kwargs)
    assert pagerank(n, sources, targets, **kwargs) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_pagerank_matches_networkx_without_dangling_nodes(seed: int) -> None:
    graph = _random_digraph_without_sinks(seed)
    edges = np.array(graph.edges, dtype=np.int64).reshape(-1, 2)
    ours = pagerank(
        graph.number_of_nodes(), edges[:, 0], edges[:, 1], stop_epsilon=1e-14, max_iterations=5000
    )
    theirs = nx.pagerank(graph, alpha=D, tol=1e-15, max_iter=5000)
    assert ours == pytest.approx([theirs[v] for v in range(len(ours))], abs=1e-9)


def _random_digraph_without_sinks(seed: int) -> nx.DiGraph:
    """A simple digraph where every node has an out-edge, so networkx's dangling rule never applies."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 60))
    graph = nx.gnp_random_graph(n, float(rng.uniform(0.02, 0.3)), seed=seed, directed=True)
    for v in range(n):
        if graph.out_degree(v) == 0:
            graph.add_edge(v, (v + 1 + int(rng.integers(0, n - 1))) % n)
    return graph


def _mage_pagerank(
    n: int, edges: list[tuple[int, int]], *, max_iterations: int, stop_epsilon: float
) -> list[float]:
    """A plain-loop transcription of MAGE's ParallelIterativePageRank (one thread), the test oracle."""
    out_degree = [0] * n
    for source, _ in edges:
        out_degree[source] += 1
    rank = [1.0 / n] * n
    for _ in range(max_iterations):
        following = [(1.0 - D) / n] * n
        for source, target in edges:
            following[target] += D * rank[source] / out_degree[source]
        done = all(abs(a - b) <= stop_epsilon for a, b in zip(rank, following, strict=True))
        rank = following
        if done:
            break
    total = sum(rank)
    return [r / total for r in rank]
