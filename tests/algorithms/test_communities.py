"""Louvain communities against MAGE's cases, hand-made graphs, the exact optimum and a planted partition."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from backend.algorithms.communities import ISOLATED, communities, modularity
from tests.algorithms.cases import as_edges, dense, load_cases

CASES = load_cases("community_detection")
ROOT = Path(__file__).resolve().parents[2]


def _case_graph(case: dict[str, Any]) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray | None]:
    # dense() indexes nodes in creation order, the order MAGE walks its vertices in, so the ids it
    # numbers by first node are directly comparable.
    ids, sources, targets = dense(case)
    assert case["args"] == {}, "a new MAGE parameter: teach this test what it means"
    weights = np.array(case["weights"]) if "weights" in case else None
    return ids, sources, targets, weights


def _partition(labels: dict[int, int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for node, label in labels.items():
        groups.setdefault(label, set()).add(node)
    return {frozenset(group) for group in groups.values()}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_communities_match_mage_e2e_case(case: dict[str, Any]) -> None:
    ids, sources, targets, weights = _case_graph(case)
    membership = communities(len(ids), sources, targets, weights)
    got = {node: int(membership[i]) for i, node in enumerate(ids)}
    want = {row["node"]: row["value"] for row in case["expected"]}
    assert _partition(got) == _partition(want)
    assert got == want


WITH_EDGES = [c for c in CASES if c["edges"]]


@pytest.mark.parametrize("case", WITH_EDGES, ids=[c["name"] for c in WITH_EDGES])
def test_mage_e2e_answers_are_the_exact_modularity_optimum(case: dict[str, Any]) -> None:
    # Why Louvain must find them: MAGE's expected partitions are the global optimum (GLPK, exact).
    ids, sources, targets, weights = _case_graph(case)
    graph = ig.Graph(n=len(ids), edges=np.column_stack([sources, targets]).tolist())
    optimum = graph.community_optimal_modularity(weights=None if weights is None else weights.tolist())
    value = {row["node"]: row["value"] for row in case["expected"]}
    expected = np.array([value[node] for node in ids])
    assert modularity(len(ids), sources, targets, weights, expected) == pytest.approx(optimum.modularity)


def test_communities_empty_graph_returns_empty_int64_array() -> None:
    membership = communities(0, *as_edges([]))
    assert membership.shape == (0,)
    assert membership.dtype == np.int64


def test_communities_single_node_is_isolated() -> None:
    assert communities(1, *as_edges([])).tolist() == [ISOLATED]


def test_communities_edgeless_graph_is_all_isolated() -> None:
    # MAGE returns no rows here at all; per node, that is -1 everywhere.
    assert communities(3, *as_edges([])).tolist() == [ISOLATED] * 3


def test_communities_self_loop_is_enough_to_get_a_community() -> None:
    # Grappolo marks -1 only nodes whose adjacency list is empty; a loop sits in it (twice).
    assert communities(3, *as_edges([(0, 1), (2, 2)])).tolist() == [0, 0, 1]


def test_communities_zero_weight_edge_is_enough_to_get_a_community() -> None:
    membership = communities(3, *as_edges([(0, 1), (1, 2)]), np.array([1.0, 0.0]))
    assert membership[2] != ISOLATED


def test_communities_two_cliques_joined_by_a_weak_edge() -> None:
    cliques = [(u, v) for block in (range(5), range(5, 10)) for u in block for v in block if u < v]
    weights = np.array([1.0] * len(cliques) + [0.1])
    membership = communities(10, *as_edges([*cliques, (4, 5)]), weights)
    assert membership.tolist() == [0] * 5 + [1] * 5


def test_communities_weights_change_the_answer() -> None:
    # A 4-cycle 0-1-2-3-0: the heavy pair of opposite edges decides which neighbours go together.
    square = as_edges([(0, 1), (1, 2), (2, 3), (3, 0)])
    assert communities(4, *square, np.array([10.0, 1.0, 10.0, 1.0])).tolist() == [0, 0, 1, 1]
    assert communities(4, *square, np.array([1.0, 10.0, 1.0, 10.0])).tolist() == [0, 1, 1, 0]


def test_communities_parallel_edges_add_up() -> None:
    # Three copies of 1-2 and of 3-0 weigh as much as weight 3; a simple-graph reading would tie.
    edges = [(0, 1), (1, 2), (1, 2), (2, 1), (2, 3), (3, 0), (0, 3), (3, 0)]
    assert communities(4, *as_edges(edges)).tolist() == [0, 1, 1, 0]
    summed = communities(4, *as_edges([(0, 1), (1, 2), (2, 3), (3, 0)]), np.array([1.0, 3.0, 1.0, 3.0]))
    assert summed.tolist() == [0, 1, 1, 0]


def test_communities_ignore_edge_direction() -> None:
    n, sources, targets, _ = _planted_partition(seed=3, blocks=4, size=25)
    assert communities(n, sources, targets).tolist() == communities(n, targets, sources).tolist()


def test_communities_numbered_by_smallest_node() -> None:
    # Triangle {3, 4, 5} listed first, triangle {0, 1, 2} last: ids follow the nodes, not the edges.
    edges = [(3, 4), (4, 5), (5, 3), (2, 3), (0, 1), (1, 2), (2, 0)]
    assert communities(6, *as_edges(edges)).tolist() == [0, 0, 0, 1, 1, 1]


def test_communities_resolution_zero_merges_each_component() -> None:
    edges = as_edges([(0, 1), (1, 2), (3, 4)])
    assert communities(6, *edges, resolution=0.0).tolist() == [0, 0, 0, 1, 1, ISOLATED]


def test_communities_same_seed_same_partition() -> None:
    n, sources, targets, _ = _planted_partition(seed=4, blocks=10, size=30, p_in=0.15, p_out=0.02)
    first = communities(n, sources, targets, seed=11)
    assert np.array_equal(first, communities(n, sources, targets, seed=11))


def test_communities_same_seed_same_partition_in_a_fresh_process() -> None:
    # Guards against hidden per-process state (hash seeds, the random module) leaking into the result.
    n, sources, targets, _ = _planted_partition(seed=4, blocks=10, size=30, p_in=0.15, p_out=0.02)
    script = (
        "import json, sys\n"
        "import numpy as np\n"
        "from backend.algorithms.communities import communities\n"
        "n, s, t = json.load(sys.stdin)\n"
        "print(json.dumps(communities(n, np.array(s), np.array(t), seed=11).tolist()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([n, sources.tolist(), targets.tolist()]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
    )
    assert json.loads(done.stdout) == communities(n, sources, targets, seed=11).tolist()


def test_communities_leave_the_random_module_and_igraph_generator_alone() -> None:
    state = random.getstate()
    communities(4, *as_edges([(0, 1), (2, 3)]))
    assert random.getstate() == state
    # igraph draws from the random module again: seeding it reproduces igraph's random graphs.
    random.seed(3)
    first = ig.Graph.Erdos_Renyi(40, 0.1).get_edgelist()
    random.seed(3)
    assert ig.Graph.Erdos_Renyi(40, 0.1).get_edgelist() == first
    random.setstate(state)


def test_modularity_of_two_disjoint_edges_ignores_isolated_nodes() -> None:
    # Q = sum over communities of (internal/m - (degree/2m)^2) = 2 * (1/2 - 1/4) = 1/2.
    sources, targets = as_edges([(0, 1), (2, 3)])
    assert modularity(4, sources, targets, None, np.array([0, 0, 1, 1])) == pytest.approx(0.5)
    assert modularity(5, sources, targets, None, np.array([0, 0, 1, 1, ISOLATED])) == pytest.approx(0.5)


@pytest.mark.parametrize("seed", range(5))
def test_modularity_matches_networkx_on_weighted_graphs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    graph = nx.gnp_random_graph(30, 0.2, seed=seed)
    weights = rng.uniform(0.1, 5.0, graph.number_of_edges())
    for (u, v), w in zip(graph.edges, weights, strict=True):
        graph.edges[u, v]["weight"] = w
    edges = np.array(graph.edges, dtype=np.int64).reshape(-1, 2)
    membership = rng.integers(0, 4, 30)
    groups = [set(np.flatnonzero(membership == c).tolist()) for c in range(4)]
    expected = nx.community.modularity(graph, [g for g in groups if g], weight="weight", resolution=1.3)
    got = modularity(30, edges[:, 0], edges[:, 1], weights, membership, resolution=1.3)
    assert got == pytest.approx(expected, abs=1e-12)


def test_planted_partition_is_recovered_near_best_igraph_modularity() -> None:
    n, sources, targets, planted = _planted_partition(seed=0, blocks=20, size=100)
    membership = communities(n, sources, targets)
    ours = modularity(n, sources, targets, None, membership)
    assert ours >= 0.98 * _best_igraph_modularity(n, sources, targets, seeds=range(100, 110))
    assert ig.compare_communities(planted.tolist(), membership.tolist(), method="adjusted_rand") >= 0.95


@pytest.mark.parametrize(
    ("n", "sources", "targets", "weights", "kwargs", "message"),
    [
        (-1, [], [], None, {}, "non-negative"),
        (2, [0, 2], [1, 0], None, {}, "outside"),
        (2, [0], [1], [1.0, 2.0], {}, "one number per edge"),
        (2, [0], [1], [-1.0], {}, "non-negative"),
        (2, [0], [1], [float("nan")], {}, "finite"),
        (2, [0], [1], [float("inf")], {}, "finite"),
        (2, [0], [1], None, {"resolution": -0.5}, "resolution"),
        (2, [0], [1], None, {"resolution": float("nan")}, "resolution"),
    ],
)
def test_communities_invalid_arguments_raise(
    n: int, sources: list[int], targets: list[int], weights: list[float] | None, kwargs: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        communities(n, *as_edges(list(zip(sources, targets, strict=True))), weights, **kwargs)


@pytest.mark.parametrize(
    ("membership", "message"),
    [([0, 0], "one integer per node"), ([0.0, 0.0, 1.0], "one integer per node"), ([0, -2, 1], ">= -1")],
)
def test_modularity_invalid_membership_raises(membership: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        modularity(3, *as_edges([(0, 1)]), None, np.array(membership))


def _planted_partition(
    seed: int, blocks: int, size: int, p_in: float = 0.2, p_out: float = 0.0015
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """A stochastic block model: each pair inside a block linked with p_in, across blocks with p_out."""
    rng = np.random.default_rng(seed)
    n = blocks * size
    rows, cols = np.triu_indices(n, k=1)
    same_block = rows // size == cols // size
    keep = rng.random(rows.size) < np.where(same_block, p_in, p_out)
    return n, rows[keep], cols[keep], np.arange(n) // size


def _best_igraph_modularity(n: int, sources: np.ndarray, targets: np.ndarray, seeds: range) -> float:
    """Best modularity of plain igraph multilevel runs, each seeded through igraph's default generator."""
    graph = ig.Graph(n=n, edges=np.column_stack([sources, targets]).tolist())
    state = random.getstate()
    try:
        best = -1.0
        for seed in seeds:
            random.seed(seed)
            best = max(best, graph.community_multilevel().modularity)
        return best
    finally:
        random.setstate(state)
