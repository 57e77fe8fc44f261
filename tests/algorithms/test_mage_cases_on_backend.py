"""MAGE's own e2e cases replayed on the real embedded database, scored through the graph layer."""

import pytest

from backend.atlas.stored import graph_communities
from backend.graph.falkordb import FalkorStore
from backend.scores.whole_graph import node_scores
from tests.algorithms.cases import load_cases

MEASURES = {"pagerank": "pagerank", "betweenness_centrality": "betweenness_centrality"}


ALL_CASES = [
    pytest.param(measure, case, id=f"{measure}/{case['name']}")
    for measure in MEASURES
    for case in load_cases(measure)
]


@pytest.mark.parametrize(("measure", "case"), ALL_CASES)
def test_mage_case_on_embedded_backend(store: FalkorStore, measure: str, case: dict) -> None:
    for statement in case["setup"]:
        store.query(statement)
    stored_edges = store.ro_query("MATCH (a)-[r]->(b) RETURN a.id, b.id ORDER BY id(r)").rows
    assert [list(edge) for edge in stored_edges] == case["edges"], "the replay built another graph"

    scores = node_scores(store, MEASURES[measure], **case["args"])

    case_ids = dict(store.ro_query("MATCH (n) RETURN id(n), n.id").rows)
    got = sorted((case_ids[node], score) for node, score in scores.by_node.items())
    expected = [(row["node"], row["value"]) for row in sorted(case["expected"], key=lambda r: r["node"])]
    assert [node for node, _ in got] == [node for node, _ in expected]
    assert [score for _, score in got] == pytest.approx([value for _, value in expected], abs=1e-3)


WHOLE_GRAPH_COMMUNITY_CASES = [
    pytest.param(case, id=case["name"])
    for case in load_cases("community_detection")
    if case["name"] != "test_subgraph"  # get_subgraph over part of the graph: the atlas's own tests
]


@pytest.mark.parametrize("case", WHOLE_GRAPH_COMMUNITY_CASES)
def test_mage_community_case_on_embedded_backend(store: FalkorStore, case: dict) -> None:
    for statement in case["setup"]:
        store.query(statement)
    case_ids = dict(store.ro_query("MATCH (n) RETURN id(n), n.id").rows)
    got = sorted((case_ids[node], community) for node, community in graph_communities(store).items())
    assert got == sorted((row["node"], row["value"]) for row in case["expected"])
