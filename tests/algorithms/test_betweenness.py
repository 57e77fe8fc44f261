"""Betweenness against MAGE's own cases, hand-derived answers, a MAGE transcription and networkx."""

from collections import deque
from typing import Any

import networkx as nx
import numpy as np
import pytest

from backend.algorithms.betweenness import betweenness_centrality
from tests.algorithms.cases import as_edges, dense, load_cases

CASES = load_cases("betweenness_centrality")
MODES = [(True, True), (True, False), (False, True), (False, False)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_betweenness_matches_mage_e2e_case(case: dict[str, Any]) -> None:
    ids, sources, targets = dense(case)
    scores = betweenness_centrality(len(ids), sources, targets, **case["args"])
    got = {node: float(scores[i]) for i, node in enumerate(ids)}
    want = {row["node"]: row["value"] for row in case["expected"]}
    assert got == pytest.approx(want, abs=1e-3)


@pytest.mark.parametrize(("directed", "normalized"), MODES)
def test_betweenness_complete_graph_k5_is_zero(directed: bool, normalized: bool) -> None:
    edges = as_edges([(u, v) for u in range(5) for v in range(5) if u != v])
    scores = betweenness_centrality(5, *edges, directed=directed, normalized=normalized)
    assert scores.tolist() == [0.0] * 5


@pytest.mark.parametrize(
    ("directed", "normalized", "middle"),
    # Only the pair (0, 2) passes through 1. Directed n=3 scales by 1/(2*1); undirected by 2/(2*1).
    [(True, False, 1.0), (True, True, 0.5), (False, False, 1.0), (False, True, 1.0)],
)
def test_betweenness_path_p3(directed: bool, normalized: bool, middle: float) -> None:
    scores = betweenness_centrality(3, *as_edges([(0, 1), (1, 2)]), directed=directed, normalized=normalized)
    assert scores == pytest.approx([0.0, middle, 0.0], abs=1e-12)


def test_betweenness_undirected_star_centre_lies_on_every_leaf_pair() -> None:
    # 4 leaves make C(4, 2) = 6 pairs, all through the centre; normalised by 2/(4*3) that is 1.
    edges = as_edges([(0, leaf) for leaf in range(1, 5)])
    assert betweenness_centrality(5, *edges, directed=False, normalized=False).tolist() == [6.0, 0, 0, 0, 0]
    assert betweenness_centrality(5, *edges, directed=False) == pytest.approx([1.0, 0, 0, 0, 0], abs=1e-12)


def test_betweenness_directed_out_star_is_zero() -> None:
    edges = as_edges([(0, leaf) for leaf in range(1, 5)])
    assert betweenness_centrality(5, *edges).tolist() == [0.0] * 5


def test_betweenness_directed_parallel_edges_multiply_path_counts() -> None:
    # Square 0 -> 1 -> 2 and 0 -> 3 -> 2 with 0 -> 1 doubled: 0 reaches 2 by three shortest paths, two
    # through 1 and one through 3, so 1 scores 2/3 and 3 scores 1/3 (a simple graph would give 1/2 each).
    edges = as_edges([(0, 1), (0, 1), (1, 2), (0, 3), (3, 2)])
    scores = betweenness_centrality(4, *edges, normalized=False)
    assert scores == pytest.approx([0.0, 2 / 3, 0.0, 1 / 3], abs=1e-12)


@pytest.mark.parametrize("reverse_copy", [False, True], ids=["parallel", "antiparallel"])
def test_betweenness_undirected_double_edge_multiplies_path_counts(reverse_copy: bool) -> None:
    # Undirected square 0-1-2-3-0 with 0-1 doubled (a reversed copy 1 -> 0 is the same undirected edge).
    # Pair (0, 2): two paths via 1, one via 3 -> 1 gets 2/3, 3 gets 1/3. Pair (1, 3): two paths via 0
    # (either copy of 0-1), one via 2 -> 0 gets 2/3, 2 gets 1/3. Every other pair is adjacent.
    edges = as_edges([(0, 1), (1, 0) if reverse_copy else (0, 1), (1, 2), (0, 3), (3, 2)])
    scores = betweenness_centrality(4, *edges, directed=False, normalized=False)
    assert scores == pytest.approx([2 / 3, 2 / 3, 1 / 3, 1 / 3], abs=1e-12)


@pytest.mark.parametrize(("directed", "normalized"), MODES)
def test_betweenness_self_loops_change_nothing(directed: bool, normalized: bool) -> None:
    pairs = [(0, 1), (1, 2), (2, 3), (1, 3), (3, 0)]
    loops = [(1, 1), (2, 2), (2, 2), (0, 0)]
    plain = betweenness_centrality(4, *as_edges(pairs), directed=directed, normalized=normalized)
    looped = betweenness_centrality(4, *as_edges(pairs + loops), directed=directed, normalized=normalized)
    assert looped == pytest.approx(plain, abs=1e-12)
    assert plain.any()


def test_betweenness_isolated_node_counts_in_normalisation() -> None:
    # P3 plus an isolated node: n = 4, so the middle node's 1 is scaled by 1/(3*2), not 1/(2*1).
    assert betweenness_centrality(4, *as_edges([(0, 1), (1, 2)])) == pytest.approx(
        [0, 1 / 6, 0, 0], abs=1e-12
    )


@pytest.mark.parametrize("n", [1, 2])
def test_betweenness_tiny_graphs_are_zero(n: int) -> None:
    edges = as_edges([(0, n - 1)])
    assert betweenness_centrality(n, *edges, directed=False, normalized=True).tolist() == [0.0] * n


@pytest.mark.parametrize(("directed", "normalized"), MODES)
def test_betweenness_edgeless_graph_is_zero(directed: bool, normalized: bool) -> None:
    scores = betweenness_centrality(4, *as_edges([]), directed=directed, normalized=normalized)
    assert scores.tolist() == [0.0] * 4


def test_betweenness_empty_graph_returns_empty_array() -> None:
    assert betweenness_centrality(0, *as_edges([])).shape == (0,)


@pytest.mark.parametrize(
    ("n", "sources", "targets", "message"),
    [
        (-3, [], [], "non-negative"),
        (3, [0, 1], [2], "differ in length"),
        (3, [0, 3], [1, 2], "outside"),
        (3, [0], [-1], "outside"),
        (3, [0.5], [1.0], "integers"),
    ],
)
def test_betweenness_invalid_arguments_raise(
    n: int, sources: list[Any], targets: list[Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        betweenness_centrality(n, np.array(sources), np.array(targets))


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize(("directed", "normalized"), MODES)
def test_betweenness_matches_mage_transcription_on_random_multigraphs(
    seed: int, directed: bool, normalized: bool
) -> None:
    # This is the check that igraph counts parallel edges and ignores self-loops the way MAGE does.
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 12))
    sources, targets = rng.integers(0, n, size=(2, int(rng.integers(0, 3 * n + 1))))
    pairs = list(zip(sources.tolist(), targets.tolist(), strict=True))
    expected = _mage_betweenness(n, pairs, directed=directed, normalized=normalized)
    scores = betweenness_centrality(n, sources, targets, directed=directed, normalized=normalized)
    assert scores == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize(("directed", "normalized"), MODES)
def test_betweenness_matches_networkx_on_simple_graphs(seed: int, directed: bool, normalized: bool) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 40))
    graph = nx.gnp_random_graph(n, float(rng.uniform(0.05, 0.3)), seed=seed, directed=directed)
    edges = np.array(graph.edges, dtype=np.int64).reshape(-1, 2)
    ours = betweenness_centrality(n, edges[:, 0], edges[:, 1], directed=directed, normalized=normalized)
    theirs = nx.betweenness_centrality(graph, normalized=normalized)
    assert ours == pytest.approx([theirs[v] for v in range(n)], abs=1e-9)


def _mage_betweenness(
    n: int, edges: list[tuple[int, int]], *, directed: bool, normalized: bool
) -> list[float]:
    """A plain-loop transcription of MAGE's BetweennessCentrality, the test oracle.

    MAGE keeps one neighbour entry per edge (both endpoints when undirected), so a parallel edge is
    visited twice and adds its predecessor's path count twice.
    """
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for source, target in edges:
        neighbours[source].append(target)
        if not directed:
            neighbours[target].append(source)
    scores = [0.0] * n
    for start in range(n):
        order, predecessors, paths = _mage_bfs(start, neighbours)
        dependency = [0.0] * n
        for node in reversed(order):
            for p in predecessors[node]:
                dependency[p] += paths[p] / paths[node] * (1 + dependency[node])
            if node != start:
                scores[node] += dependency[node] if directed else dependency[node] / 2
    if normalized and n > 2:
        scores = [s * (1 if directed else 2) / ((n - 1) * (n - 2)) for s in scores]
    return scores


def _mage_bfs(start: int, neighbours: list[list[int]]) -> tuple[list[int], list[list[int]], list[int]]:
    n = len(neighbours)
    distance, paths = [-1] * n, [0] * n
    predecessors: list[list[int]] = [[] for _ in range(n)]
    distance[start], paths[start] = 0, 1
    queue, order = deque([start]), []
    while queue:
        node = queue.popleft()
        order.append(node)
        for neighbour in neighbours[node]:
            if distance[neighbour] < 0:
                queue.append(neighbour)
                distance[neighbour] = distance[node] + 1
            if distance[neighbour] == distance[node] + 1:
                paths[neighbour] += paths[node]
                predecessors[neighbour].append(node)
    return order, predecessors, paths
