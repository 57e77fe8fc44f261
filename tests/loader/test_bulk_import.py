"""The GRAPH.BULK path of the import against the MERGE path: the same folder loaded both ways into two
graphs gives the same nodes, properties, edges, catalogue, indexes and constraints."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.demo.world import write_demo_data
from backend.graph.bulk import Blob, node_blobs
from backend.graph.falkordb import FalkorStore
from backend.graph.store import GraphStore
from backend.loader.bulk_import import can_build_anew
from backend.loader.importer import import_folder
from contracts.import_csv import read_folder
from tests.conftest import TINY
from tests.loader.test_hostile_import import hostile_folder

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
EDGES = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, coalesce(a.login, a.name) AS source, coalesce(b.login, b.name) AS target,
       properties(r) AS props
"""
CATALOGUE = (
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
    "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey",
)
SCHEMA = (
    "CALL db.indexes() YIELD label, properties, status RETURN label, properties, status",
    "CALL db.constraints() YIELD type, label, properties, status RETURN type, label, properties, status",
)


class MergeOnly:
    """A store without ``build_anew``: the importer takes the MERGE path even on an empty graph."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name == "build_anew":
            raise AttributeError(name)
        return getattr(self._store, name)


@pytest.fixture
def graphs(data_dir: Path, request: pytest.FixtureRequest) -> Iterator[tuple[FalkorStore, FalkorStore]]:
    """Two empty embedded graphs of this test."""
    stores = [FalkorStore.open(data_dir, f"bulk_{side}_{request.node.name[-60:]}") for side in ("a", "b")]
    for store in stores:
        store.clear()
    yield stores[0], stores[1]
    for store in stores:
        store.clear()
        store.close()


def demo_folder(tmp_path: Path) -> Path:
    """A demo world: games, languages, teams, streamers chatting elsewhere, and malformed rows."""
    write_demo_data(tmp_path / "demo", streamers=60, chatters=2_000, seed=3)
    return tmp_path / "demo"


@pytest.mark.parametrize("make_folder", [lambda _tmp: TINY, demo_folder, hostile_folder])
def test_bulk_build_equals_merge_path(
    graphs: tuple[FalkorStore, FalkorStore], make_folder: Any, tmp_path: Path
) -> None:
    bulk, merged = graphs
    folder = read_folder(make_folder(tmp_path))
    assert can_build_anew(bulk, replace=False)
    assert not can_build_anew(MergeOnly(merged), replace=False)  # type: ignore[arg-type]
    bulk_stats = import_folder(bulk, folder)
    merge_stats = import_folder(MergeOnly(merged), folder)  # type: ignore[arg-type]
    assert bulk_stats == merge_stats
    assert snapshot(bulk) == snapshot(merged)
    assert len(snapshot(bulk)["nodes"]) > 10


def test_bulk_build_replaces_a_populated_graph(graphs: tuple[FalkorStore, FalkorStore]) -> None:
    bulk, merged = graphs
    for store in graphs:
        store.query("CREATE (:User {login: 'leftover'})-[:CHATTER]->(:Team {name: 'gone'})")
    assert can_build_anew(bulk, replace=True)
    assert not can_build_anew(bulk, replace=False)  # a graph with data is MERGEd into
    import_folder(bulk, read_folder(TINY), replace=True)
    import_folder(MergeOnly(merged), read_folder(TINY), replace=True)  # type: ignore[arg-type]
    assert snapshot(bulk) == snapshot(merged)
    assert bulk.ro_query("MATCH (u:User {login: 'leftover'}) RETURN count(u)").single_value() == 0


def test_second_import_after_a_bulk_build_changes_nothing(graphs: tuple[FalkorStore, FalkorStore]) -> None:
    bulk, _merged = graphs
    folder = read_folder(TINY)
    import_folder(bulk, folder)
    before = snapshot(bulk), bulk.version()
    import_folder(bulk, folder)  # not empty any more: the MERGE path, which finds everything in place
    assert (snapshot(bulk), bulk.version()) == before


def test_a_bulk_build_bumps_the_version(graphs: tuple[FalkorStore, FalkorStore]) -> None:
    bulk, _merged = graphs
    before = bulk.version()
    import_folder(bulk, read_folder(TINY))
    assert bulk.version() != before


def test_a_nul_never_reaches_the_server() -> None:
    with pytest.raises(ValueError, match="NUL"):
        list(node_blobs(("User",), ("login",), [("a\x00b",)]))
    blob: Blob = next(node_blobs(("User",), ("login", "n"), [("é", None), ("b", 7)]))
    assert blob.count == 2
    assert blob.data.endswith(b"\x03b\x00\x04\x07" + b"\x00" * 7)


def snapshot(store: FalkorStore) -> dict[str, Any]:
    """Everything the two paths must agree on, in an order of its own (node ids differ)."""
    nodes = sorted((sorted(labels), sorted(props.items())) for labels, props in store.ro_query(NODES).rows)
    edges = sorted((t, s, e, sorted(p.items())) for t, s, e, p in store.ro_query(EDGES).rows)
    catalogue = [store.ro_query(statement).rows for statement in CATALOGUE]
    schema = [sorted(map(repr, store.ro_query(statement).rows)) for statement in SCHEMA]
    return {"nodes": nodes, "edges": edges, "catalogue": catalogue, "schema": schema}
