"""/neighbourhood and /search, the routes the browser explorer adds, on tests/fixtures/tiny."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backend.app import create_app
from backend.loader.importer import import_folder
from contracts.import_csv import HEADERS, read_folder
from tests.api.test_routes import INJECTIONS, assert_error


def groups_of(body: dict) -> dict[tuple[str, str], dict]:
    return {(group["type"], group["direction"]): group for group in body["groups"]}


def names(group: dict) -> list[str]:
    return [node["name"] for node in group["nodes"]]


def test_neighbourhood_of_a_streamer_groups_every_relationship(client: FlaskClient) -> None:
    response = client.get("/neighbourhood/Stream:alpha")
    assert response.status_code == 200
    body = response.get_json()
    assert body["node"] == {
        "id": "Stream:alpha",
        "label": "Stream",
        "name": "Alpha",
        "login": "alpha",
        "followers": 5000,
        "views": 120000,
        "url": body["node"]["url"],
        "description": "Chess, mostly",
        "created_at": "2018-01-15 01:40:09.577844",
    }
    groups = groups_of(body)
    assert {key: group["total"] for key, group in groups.items()} == {
        ("SPEAKS", "out"): 1,
        ("PLAYS", "out"): 1,
        ("IS_PART_OF", "out"): 1,
        ("VIP", "in"): 1,
        ("VIP", "out"): 1,  # alpha holds a VIP badge in bravo's channel
        ("MODERATOR", "in"): 2,
        ("CHATTER", "in"): 2,  # viewer_two twice in the file, one person, one edge
        ("CHATTER", "out"): 1,
    }
    assert groups[("PLAYS", "out")]["nodes"] == [{"id": "Game:Chess", "label": "Game", "name": "Chess"}]
    assert names(groups[("MODERATOR", "in")]) == ["mod_jane", "nightbot"]
    assert groups[("VIP", "out")]["nodes"] == [
        {"id": "Stream:bravo", "label": "Stream", "name": "브라보", "login": "bravo", "followers": 90000}
    ]
    # What the channel is, who is in its audience, then where its owner goes.
    assert list(groups) == [
        ("SPEAKS", "out"),
        ("PLAYS", "out"),
        ("IS_PART_OF", "out"),
        ("VIP", "in"),
        ("MODERATOR", "in"),
        ("CHATTER", "in"),
        ("VIP", "out"),
        ("CHATTER", "out"),
    ]


def test_neighbourhood_nodes_and_links_are_a_d3_graph(client: FlaskClient) -> None:
    body = client.get("/neighbourhood/Stream:alpha").get_json()
    ids = [node["id"] for node in body["nodes"]]
    assert ids[0] == "Stream:alpha" and len(ids) == len(set(ids))
    assert body["nodes"][0] == {
        "id": "Stream:alpha",
        "label": "Stream",
        "name": "Alpha",
        "login": "alpha",
        "followers": 5000,
    }
    assert {link["source"] for link in body["links"]} | {link["target"] for link in body["links"]} <= set(ids)
    # Links keep the relationship's direction: chatters point at the channel, the channel at its game.
    assert {"source": "User:viewer_two", "target": "Stream:alpha", "type": "CHATTER"} in body["links"]
    assert {"source": "Stream:alpha", "target": "Game:Chess", "type": "PLAYS"} in body["links"]
    # viewer_one is both VIP and chatter: one node, two links.
    assert ids.count("User:viewer_one") == 1
    assert sum("User:viewer_one" in (link["source"], link["target"]) for link in body["links"]) == 2


@pytest.mark.parametrize("key", ["alpha", "ALPHA", "Alpha", " alpha", "Stream:ALPHA", "User:alpha"])
def test_neighbourhood_finds_a_streamer_by_login_display_name_or_id(client: FlaskClient, key: str) -> None:
    response = client.get(f"/neighbourhood/{key}")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["node"]["id"] == "Stream:alpha"


def test_neighbourhood_by_non_ascii_display_name(client: FlaskClient) -> None:
    assert client.get("/neighbourhood/브라보").get_json()["node"]["id"] == "Stream:bravo"


def test_neighbourhood_of_a_bare_user_login(client: FlaskClient) -> None:
    # Not a streamer: the login of any user (as the PageRank table names them) opens the user.
    assert client.get("/neighbourhood/Viewer_One").get_json()["node"]["id"] == "User:viewer_one"


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ("Game:League of Legends", {("PLAYS", "in"): ["브라보", "Echo"]}),
        ("Game:league of legends", {("PLAYS", "in"): ["브라보", "Echo"]}),
        ("Language:en", {("SPEAKS", "in"): ["Echo", "Alpha", "Charlie"]}),
        ("Team:Knights", {("IS_PART_OF", "in"): ["Echo", "Alpha"]}),
        (
            "User:viewer_one",
            {("VIP", "out"): ["Echo", "Alpha"], ("CHATTER", "out"): ["Echo", "Alpha"]},
        ),
        ("User:nightbot", {("MODERATOR", "out"): ["브라보", "Echo", "Alpha", "Charlie"]}),
    ],
)
def test_neighbourhood_of_games_languages_teams_and_users(
    client: FlaskClient, node: str, expected: dict
) -> None:
    body = client.get(f"/neighbourhood/{node}").get_json()
    assert {key: names(group) for key, group in groups_of(body).items()} == expected


def test_neighbourhood_of_a_viewer_is_a_user_node(client: FlaskClient) -> None:
    node = client.get("/neighbourhood/User:viewer_three").get_json()["node"]
    assert (node["id"], node["label"], node["name"], node["followers"]) == (
        "User:viewer_three",
        "User",
        "viewer_three",
        None,
    )


def test_neighbourhood_pages_keep_each_groups_total(client: FlaskClient) -> None:
    first = groups_of(client.get("/neighbourhood/User:nightbot?limit=3").get_json())[("MODERATOR", "out")]
    second = groups_of(client.get("/neighbourhood/User:nightbot?limit=3&page=2").get_json())[
        ("MODERATOR", "out")
    ]
    assert (first["total"], first["page"], first["limit"]) == (4, 1, 3)
    assert names(first) == ["브라보", "Echo", "Alpha"] and names(second) == ["Charlie"]
    third = client.get("/neighbourhood/User:nightbot?limit=3&page=3").get_json()
    assert groups_of(third)[("MODERATOR", "out")]["nodes"] == [] and third["links"] == []


def test_neighbourhood_of_one_type(client: FlaskClient) -> None:
    body = client.get("/neighbourhood/Stream:alpha?type=chatter").get_json()
    assert sorted(groups_of(body)) == [("CHATTER", "in"), ("CHATTER", "out")]
    assert {link["type"] for link in body["links"]} == {"CHATTER"}


# A channel's chatters and where else each chats: alphabetical order (aaron first) and followers order
# (the streamer yak first) both differ from the order by activity across channels.
ACTIVE_WORLD = {
    "hub": ["aaron", "bob", "mia", "yak", "zed"],
    "one": ["bob", "mia", "zed"],
    "two": ["zed"],
    "three": ["zed"],
    "yak": [],
}
MOST_ACTIVE_FIRST = ["zed", "bob", "mia", "aaron", "yak"]  # 3, 1, 1, 0, 0 other channels, then login


@pytest.fixture
def active_app(backend: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    for name, header in HEADERS.items():
        (tmp_path / name).write_text(",".join(header) + "\n", encoding="utf-8")
    streamers = [
        f"{40000 + i},{1000 + i},{login},{login},Chess,en,,{100_000 if login == 'yak' else 10 + i},,0,"
        for i, login in enumerate(ACTIVE_WORLD)
    ]
    chatters = [
        f"{1000 + i},{chatter}" for i, login in enumerate(ACTIVE_WORLD) for chatter in ACTIVE_WORLD[login]
    ]
    with (tmp_path / "streamers.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(streamers) + "\n")
    with (tmp_path / "chatters.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(chatters) + "\n")
    app = create_app({"TESTING": True, **backend, "GRAPH_NAME": "api_chatter_order"})
    graph = app.extensions["twitchgraph"].get()
    graph.clear()
    import_folder(graph, read_folder(tmp_path))
    yield app
    graph.clear()


def test_neighbourhood_chatters_most_active_across_channels_first(active_app: Flask) -> None:
    client = active_app.test_client()
    chatters = groups_of(client.get("/neighbourhood/Stream:hub").get_json())[("CHATTER", "in")]
    assert chatters["total"] == 5
    assert [node["login"] for node in chatters["nodes"]] == MOST_ACTIVE_FIRST
    # The pages continue in the same order, none twice, none left out.
    pages = [
        groups_of(client.get(f"/neighbourhood/Stream:hub?limit=2&page={page}").get_json())[("CHATTER", "in")]
        for page in (1, 2, 3)
    ]
    assert [[node["login"] for node in page["nodes"]] for page in pages] == [
        MOST_ACTIVE_FIRST[:2],
        MOST_ACTIVE_FIRST[2:4],
        MOST_ACTIVE_FIRST[4:],
    ]
    # Other groups keep their order: a user's channels, biggest first.
    zed = groups_of(client.get("/neighbourhood/User:zed").get_json())[("CHATTER", "out")]
    assert [node["login"] for node in zed["nodes"]] == ["three", "two", "one", "hub"]


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ("nobody", "no streamer or user has the login or display name 'nobody'"),
        ("Stream:viewer_one", "no Stream node is called 'viewer_one'"),
        ("User:nobody", "no User node is called 'nobody'"),
        ("Game:Tetris", "no Game node is called 'Tetris'"),
        ("Planet:Mars", "no streamer or user has the login"),
        ("Game:", "no streamer or user has the login"),
        ("Team:x}) DETACH DELETE n", "no Team node"),
        ("User:a' OR 1=1 --", "no User node"),
    ],
)
def test_neighbourhood_of_an_unknown_node_is_404(client: FlaskClient, node: str, message: str) -> None:
    assert message in assert_error(client.get(f"/neighbourhood/{node}"), 404)
    assert client.get("/edges").get_json() == {"edges": 25}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=0", "limit must be a whole number from 1 to 1000"),
        ("limit=1001", "limit must be a whole number"),
        ("page=0", "page must be a whole number from 1 to 1000"),
        ("page=x", "page must be a whole number"),
        ("type=FOLLOWS", "type must be one of SPEAKS, PLAYS, IS_PART_OF, VIP, MODERATOR, CHATTER"),
        ("type=CHATTER]->(x) DETACH DELETE x //", "type must be one of"),
        *[(f"limit={value}", "limit must be a whole number") for value in INJECTIONS],
    ],
)
def test_neighbourhood_refuses_bad_parameters(client: FlaskClient, query: str, message: str) -> None:
    name, _, value = query.partition("=")
    response = client.get("/neighbourhood/Stream:alpha", query_string={name: value})
    assert message in assert_error(response, 400)
    assert client.get("/nodes").get_json() == {"nodes": 15}


def test_search_matches_login_or_display_name_prefix_first(client: FlaskClient) -> None:
    body = client.get("/search?q=A").get_json()
    # Every streamer whose login or name holds an "a"; "alpha" starts with it, the rest by followers.
    assert [s["login"] for s in body["streamers"]] == ["alpha", "bravo", "charlie"]
    assert body["streamers"][0] == {
        "id": "Stream:alpha",
        "login": "alpha",
        "name": "Alpha",
        "followers": 5000,
    }


@pytest.mark.parametrize(("text", "login"), [("브라", "bravo"), ("BRAV", "bravo"), ("ech", "echo")])
def test_search_by_login_or_non_ascii_name(client: FlaskClient, text: str, login: str) -> None:
    assert [s["login"] for s in client.get("/search", query_string={"q": text}).get_json()["streamers"]] == [
        login
    ]


def test_search_limit_and_no_match(client: FlaskClient) -> None:
    assert len(client.get("/search?q=a&limit=1").get_json()["streamers"]) == 1
    assert client.get("/search?q=zzz").get_json() == {"streamers": []}
    assert client.get("/search?q=viewer").get_json() == {"streamers": []}  # users are not streamers


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "q must be 1 to 100 characters"),
        ({"q": "  "}, "q must be 1 to 100 characters"),
        ({"q": "a" * 101}, "q must be 1 to 100 characters"),
        ({"q": "a", "limit": "0"}, "limit must be a whole number"),
    ],
)
def test_search_refuses_bad_parameters(client: FlaskClient, query: dict, message: str) -> None:
    assert message in assert_error(client.get("/search", query_string=query), 400)


@pytest.mark.parametrize(
    "text", ["' OR 1=1 //", '"}) DETACH DELETE s //', "MATCH (n) DETACH DELETE n", "%_*"]
)
def test_search_treats_input_as_text(client: FlaskClient, text: str) -> None:
    assert client.get("/search", query_string={"q": text}).get_json() == {"streamers": []}
    assert client.get("/nodes").get_json() == {"nodes": 15}
