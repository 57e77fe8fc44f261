"""Import into the real embedded graph: the contract's schema, one node per login, idempotent."""

import shutil
from pathlib import Path

from backend.graph.falkordb import FalkorStore
from backend.loader.importer import import_folder
from contracts.import_csv import read_folder
from tests.conftest import TINY

EDGES = """
MATCH (a)-[r]->(b)
RETURN labels(a) AS from_labels, coalesce(a.login, a.name) AS from, type(r) AS type,
       labels(b) AS to_labels, coalesce(b.login, b.name) AS to
ORDER BY from, type, to
"""


def graph_edges(store: FalkorStore) -> list[tuple]:
    return [
        (tuple(sorted(fl)), f, t, tuple(sorted(tl)), to) for fl, f, t, tl, to in store.ro_query(EDGES).rows
    ]


def test_import_builds_the_contract_schema(store: FalkorStore) -> None:
    import_folder(store, read_folder(TINY))
    edges = graph_edges(store)
    stream, user = ("Stream", "User"), ("User",)
    assert (stream, "alpha", "SPEAKS", ("Language",), "en") in edges
    assert (stream, "alpha", "PLAYS", ("Game",), "Chess") in edges
    assert (stream, "alpha", "IS_PART_OF", ("Team",), "Knights") in edges
    assert (user, "viewer_one", "VIP", stream, "alpha") in edges
    assert (user, "nightbot", "MODERATOR", stream, "charlie") in edges
    assert (user, "viewer_three", "CHATTER", stream, "echo") in edges
    # A streamer who chats elsewhere is the same node: alpha chats at bravo's and is bravo's VIP.
    assert (stream, "alpha", "CHATTER", stream, "bravo") in edges
    assert (stream, "alpha", "VIP", stream, "bravo") in edges
    assert store.ro_query("MATCH (u:User {login: 'alpha'}) RETURN count(u)").single_value() == 1
    assert len(edges) == 25


def test_stream_properties_are_the_demo_ones(store: FalkorStore) -> None:
    import_folder(store, read_folder(TINY))
    row = store.ro_query("MATCH (s:Stream {login: 'bravo'}) RETURN properties(s) AS p").single_value()
    assert row == {
        "login": "bravo",
        "id": "1002",
        "name": "브라보",
        "url": "https://static-cdn.jtvnw.net/previews-ttv/live_user_bravo-{width}x{height}.jpg",
        "followers": 90000,
        "createdAt": "2016-05-02 10:00:00.000000",
        "totalViewCount": 3000000,
        "description": 'Line one\nline two with "quotes"',
    }
    viewer = store.ro_query("MATCH (u:User {login: 'viewer_two'}) RETURN properties(u) AS p").single_value()
    assert viewer == {"login": "viewer_two", "name": "viewer_two"}


def test_empty_game_makes_no_node_and_no_edge(store: FalkorStore) -> None:
    import_folder(store, read_folder(TINY))
    assert store.ro_query("MATCH (:User {login: 'charlie'})-[:PLAYS]->() RETURN count(*)").single_value() == 0
    assert store.ro_query("MATCH (g:Game) WHERE g.name = '' RETURN count(g)").single_value() == 0


def test_second_import_changes_nothing(store: FalkorStore) -> None:
    folder = read_folder(TINY)
    import_folder(store, folder)
    before = (graph_edges(store), store.version(), _properties(store))
    import_folder(store, folder)
    assert (graph_edges(store), store.version(), _properties(store)) == before


def test_replace_empties_the_graph_first(store: FalkorStore) -> None:
    store.query("CREATE (:User {login: 'leftover'})")
    import_folder(store, read_folder(TINY), replace=True)
    assert store.ro_query("MATCH (u:User {login: 'leftover'}) RETURN count(u)").single_value() == 0
    assert len(graph_edges(store)) == 25


def test_new_snapshot_replaces_game_language_and_teams(store: FalkorStore, tmp_path: Path) -> None:
    import_folder(store, read_folder(TINY))
    folder = tmp_path / "later"
    shutil.copytree(TINY, folder)
    streamers = (folder / "streamers.csv").read_text().replace(",Chess,en,", ",Go,de,", 1)
    (folder / "streamers.csv").write_text(streamers)
    (folder / "teams.csv").write_text("user_id,team_name\n1005,Knights\n1002,T1\n")
    import_folder(store, read_folder(folder))
    alpha = {
        (t, to) for _fl, f, t, _tl, to in graph_edges(store) if f == "alpha" and t != "CHATTER" and t != "VIP"
    }
    assert alpha == {("PLAYS", "Go"), ("SPEAKS", "de")}
    # Chess is nobody's game any more and must not linger in /games.
    assert store.ro_query("MATCH (g:Game {name: 'Chess'}) RETURN count(g)").single_value() == 0
    assert store.ro_query("MATCH (t:Team {name: 'Knights'}) RETURN count(t)").single_value() == 1


def test_progress_counts_every_written_row(store: FalkorStore) -> None:
    written: list[int] = []
    folder = read_folder(TINY)
    import_folder(store, folder, progress=written.append)
    assert sum(written) == folder.valid_rows == 4 + 3 + 3 + 5 + 7


def _properties(store: FalkorStore) -> list:
    return store.ro_query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p ORDER BY p.login, p.name").rows
