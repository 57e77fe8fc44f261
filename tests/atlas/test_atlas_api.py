"""/overlap, /atlas and /communities on a demo world in the real database, checked against a direct
computation with Python sets from the CSVs the graph was loaded from."""

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import igraph
import pytest
from flask import Flask
from flask.testing import FlaskClient

from backend.app import create_app
from backend.demo.world import write_demo_data
from backend.graph import queries
from backend.loader.importer import import_folder
from contracts.identity import KNOWN_BOTS
from contracts.import_csv import read_folder

BOT_CHANNELS = 12  # low enough that the demo world has accounts this busy


class Sets:
    """The audiences of the CSVs as sets of logins, with the bot rule applied or not."""

    def __init__(self, folder: Path, *, include_bots: bool) -> None:
        folder_rows = read_folder(folder)
        self.logins = sorted(row.login for row in folder_rows.streamers)
        audience: dict[str, set[str]] = {login: set() for login in self.logins}
        for channel, viewer in folder_rows.links["chatters.csv"]:
            audience[channel].add(viewer.lower())
        if not include_bots:
            seen: dict[str, int] = {}
            for viewers in audience.values():
                for viewer in viewers:
                    seen[viewer] = seen.get(viewer, 0) + 1
            bots = KNOWN_BOTS | {viewer for viewer, n in seen.items() if n >= BOT_CHANNELS}
            audience = {login: viewers - bots for login, viewers in audience.items()}
        self.audience = audience
        self.everyone = len(set().union(*audience.values()))

    def pair(self, a: str, b: str) -> dict[str, float]:
        shared = len(self.audience[a] & self.audience[b])
        size_a, size_b = len(self.audience[a]), len(self.audience[b])
        return {
            "shared": shared,
            "jaccard": shared / len(self.audience[a] | self.audience[b]),
            "share": shared / size_a,
            "lift": shared * self.everyone / (size_a * size_b),
        }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atlas") / "world"
    write_demo_data(folder, streamers=80, chatters=4000, seed=11)
    return folder


@pytest.fixture(scope="module")
def app(backend: dict[str, Any], world: Path) -> Iterator[Flask]:
    settings = {"TESTING": True, **backend, "GRAPH_NAME": "atlas_world", "ATLAS_BOT_CHANNELS": BOT_CHANNELS}
    app = create_app({**settings, "SCORES_DEBOUNCE_MS": 3_600_000})  # no background recompute here
    holder = app.extensions["twitchgraph"]
    holder.get().clear()
    import_folder(holder.get(), read_folder(world))
    yield app
    holder.scores.stop()
    holder.get().clear()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.mark.parametrize("include_bots", [False, True])
def test_every_pair_equals_the_set_computation(client: FlaskClient, world: Path, include_bots: bool) -> None:
    sets = Sets(world, include_bots=include_bots)
    flag = "1" if include_bots else "0"
    checked = 0
    for login in sets.logins:
        body = client.get(f"/overlap/{login}?limit=1000&include_bots={flag}").get_json()
        assert body["streamer"] == login and body["audience"] == len(sets.audience[login])
        got = {row["login"]: row for row in body["channels"]}
        expected = {other: sets.pair(login, other) for other in sets.logins if other != login}
        expected = {other: pair for other, pair in expected.items() if pair["shared"]}
        assert got.keys() == expected.keys(), login
        for other, pair in expected.items():
            assert {key: got[other][key] for key in pair} == pytest.approx(pair), (login, other)
        checked += len(expected)
    assert checked > 500  # the world has real overlap to check


def test_the_card_is_sorted_by_the_metric_then_login(client: FlaskClient) -> None:
    for metric in ("shared", "jaccard", "share", "lift"):
        rows = client.get(f"/overlap/{_biggest(client)}?limit=1000&metric={metric}").get_json()["channels"]
        keys = [(-row[metric], row["login"]) for row in rows]
        assert keys == sorted(keys), metric
    assert len(client.get(f"/overlap/{_biggest(client)}?limit=3").get_json()["channels"]) == 3


@pytest.mark.parametrize(("limit", "min_shared"), [(2000, 1), (30, 4), (50, 10)])
def test_atlas_links_are_exactly_the_pairs_from_min_shared(
    client: FlaskClient, world: Path, limit: int, min_shared: int
) -> None:
    sets = Sets(world, include_bots=False)
    body = client.get(f"/atlas?limit={limit}&min_shared={min_shared}").get_json()
    sizes = {login: len(viewers) for login, viewers in sets.audience.items() if viewers}
    biggest = sorted(sizes, key=lambda login: (-sizes[login], login))[:limit]
    assert [node["login"] for node in body["nodes"]] == biggest
    assert [node["audience"] for node in body["nodes"]] == [sizes[login] for login in biggest]
    expected = {}
    for a, b in itertools.combinations(biggest, 2):
        pair = sets.pair(a, b)
        if pair["shared"] >= min_shared:
            expected[frozenset((a, b))] = pair
    got = {frozenset((link["source"], link["target"])): link for link in body["links"]}
    assert got.keys() == expected.keys() and body["min_shared"] == min_shared
    for key, pair in expected.items():
        assert (got[key]["shared"], got[key]["jaccard"]) == pytest.approx((pair["shared"], pair["jaccard"]))
        assert got[key]["weight"] == got[key]["shared"]
    linked = {login for key in got for login in key}
    for node in body["nodes"]:
        assert (node["community"] == -1) == (node["login"] not in linked), node


def test_modularity_is_within_2_percent_of_the_best_igraph_run(client: FlaskClient) -> None:
    for weight in ("shared", "jaccard", "lift"):
        body = client.get(f"/atlas?min_shared=2&weight={weight}").get_json()
        index = {node["login"]: i for i, node in enumerate(body["nodes"])}
        graph = igraph.Graph(
            n=len(index), edges=[(index[x["source"]], index[x["target"]]) for x in body["links"]]
        )
        weights = [link["weight"] for link in body["links"]]
        best = max(graph.community_multilevel(weights=weights).modularity for _ in range(10))
        membership = [node["community"] for node in body["nodes"]]
        ours = graph.modularity([m if m >= 0 else len(index) + i for i, m in enumerate(membership)], weights)
        assert body["modularity"] == pytest.approx(ours, abs=1e-9), weight
        assert ours >= 0.98 * best, (weight, ours, best)
        assert len(body["communities"]) >= 2


def test_a_community_is_its_atlas_nodes_with_their_bridges(client: FlaskClient) -> None:
    atlas = client.get("/atlas?min_shared=2").get_json()
    community = {node["login"]: node["community"] for node in atlas["nodes"]}
    for summary in atlas["communities"]:
        body = client.get(f"/communities/{summary['id']}?min_shared=2").get_json()
        assert {key: body[key] for key in summary} == summary
        members = [row["login"] for row in body["channels"]]
        assert members == [n["login"] for n in atlas["nodes"] if n["community"] == summary["id"]]
        assert summary["size"] == len(members)
        for bridge in body["bridges"]:
            assert community[bridge["login"]] == summary["id"]
            assert summary["id"] not in bridge["communities"] and bridge["communities"]
    missing = client.get(f"/communities/{len(atlas['communities'])}?min_shared=2")
    assert missing.status_code == 404 and "ids go from 0" in missing.get_json()["error"]


def test_the_default_atlas_is_served_stale_while_the_graph_moved_on(
    client: FlaskClient, app: Flask, tmp_path: Path
) -> None:
    holder = app.extensions["twitchgraph"]
    store = holder.get()
    first = client.get("/atlas").get_json()
    assert first["stale"] is False and first["version"] == store.version()
    more = tmp_path / "more"
    write_demo_data(more, streamers=5, chatters=200, seed=99)
    import_folder(store, read_folder(more))
    during = client.get("/atlas").get_json()
    assert during["stale"] is True and during["version"] == first["version"]
    assert during["nodes"] == first["nodes"]
    holder.atlas.run(store, store.version())  # what the background job does once the graph is still
    after = client.get("/atlas").get_json()
    assert after["stale"] is False and after["version"] == store.version()
    assert len(after["nodes"]) > len(first["nodes"])
    # Other options are computed for the version now, never served stale.
    assert client.get("/atlas?min_shared=3").get_json()["stale"] is False


def _biggest(client: FlaskClient) -> str:
    return client.get("/atlas?limit=1").get_json()["nodes"][0]["login"]


def test_the_default_atlas_is_stored_in_the_graph_without_changing_its_version(
    client: FlaskClient, app: Flask
) -> None:
    holder = app.extensions["twitchgraph"]
    store = holder.get()
    edges_before, version = client.get("/edges").get_json()["edges"], store.version()
    holder.atlas.run(store, version)
    holder.atlas.run(store, version)  # done for this version: nothing written twice
    atlas = client.get("/atlas").get_json()
    assert store.version() == version and client.get("/edges").get_json()["edges"] == edges_before
    stored = store.ro_query(
        "MATCH (a:Stream)-[r:SHARES_AUDIENCE]->(b:Stream) "
        "RETURN a.login, b.login, r.shared, r.jaccard, r.share_ab, r.share_ba, r.lift"
    ).rows
    links = {(link["source"], link["target"]): link for link in atlas["links"]}
    assert len(stored) == len(links) == len({(row[0], row[1]) for row in stored})
    audience = {node["login"]: node["audience"] for node in atlas["nodes"]}
    for a, b, shared, jaccard, share_ab, share_ba, lift in stored:
        assert (shared, jaccard) == pytest.approx((links[a, b]["shared"], links[a, b]["jaccard"]))
        assert (share_ab, share_ba) == pytest.approx((shared / audience[a], shared / audience[b]))
        assert lift > 0
    communities = dict(
        store.ro_query("MATCH (s:Stream) WHERE s.community IS NOT NULL RETURN s.login, s.community").rows
    )
    assert communities == {n["login"]: n["community"] for n in atlas["nodes"] if n["community"] >= 0}
    # The scores read the graph's own relationships only.
    own = store.ro_query("MATCH ()-[r]->() WHERE type(r) <> 'SHARES_AUDIENCE' RETURN count(r)").single_value()
    assert len(store.ro_query(queries.EDGE_ENDPOINTS).rows) == own == edges_before
