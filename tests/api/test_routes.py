"""Every route of the demo's contract on tests/fixtures/tiny: shapes, values, errors, injection attempts."""

import pytest
from flask.testing import FlaskClient

from backend.app import create_app

INJECTIONS = ["1;MATCH (n) DETACH DELETE n", "1 OR 1=1", "' RETURN 1 //", '"; DROP', "10 UNION MATCH (n)"]


def assert_error(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body["status"] == status and body["error"], body
    return body["error"]


def test_nodes_and_edges_count_the_graph(client: FlaskClient) -> None:
    # 4 streamers, 5 other users (viewer_one..three, nightbot, mod_jane), en, ko, Chess, LoL, Knights, T1
    assert client.get("/nodes").get_json() == {"nodes": 15}
    assert client.get("/edges").get_json() == {"edges": 25}


def test_health_reports_backend_and_counts(client: FlaskClient) -> None:
    body = client.get("/health").get_json()
    assert body["backend"] == "falkordb" and body["reachable"] is True
    assert (body["nodes"], body["edges"]) == (15, 25)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (
            "/top-games/5",
            {
                "games": [{"name": "League of Legends"}, {"name": "Chess"}],
                "players": [{"players": 2}, {"players": 1}],
            },
        ),
        ("/top-teams/1", {"teams": [{"name": "Knights"}], "members": [{"members": 2}]}),
        (
            "/top-vips/5",
            {
                "vips": [{"name": "viewer_one"}, {"name": "Alpha"}],
                "streamers": [{"streamers": 2}, {"streamers": 1}],
            },
        ),
        ("/top-moderators/5", {"moderators": [{"name": "mod_jane"}], "streamers": [{"streamers": 1}]}),
        (
            "/top-moderators/5?include_bots=1",
            {
                "moderators": [{"name": "nightbot"}, {"name": "mod_jane"}],
                "streamers": [{"streamers": 4}, {"streamers": 1}],
            },
        ),
        (
            "/top-streamers-by-chatters/3",
            {
                "streamers": [{"name": "Alpha"}, {"name": "Echo"}, {"name": "브라보"}],
                "chatters": [{"chatters": 2}, {"chatters": 2}, {"chatters": 2}],
            },
        ),
        (
            "/top-streamers-by-views/2",
            {
                "streamers": [{"name": "브라보"}, {"name": "Echo"}],
                "views": [{"views": 3000000}, {"views": 800000}],
            },
        ),
        (
            "/top-streamers-by-followers/3",
            {
                "streamers": [{"name": "브라보"}, {"name": "Echo"}, {"name": "Alpha"}],
                "followers": [{"followers": 90000}, {"followers": 12000}, {"followers": 5000}],
            },
        ),
    ],
)
def test_top_routes_answer_parallel_lists(client: FlaskClient, route: str, expected: dict) -> None:
    response = client.get(route)
    assert response.status_code == 200
    assert response.get_json() == expected


@pytest.mark.parametrize(
    "route",
    [
        "top-games",
        "top-teams",
        "top-vips",
        "top-moderators",
        "top-streamers-by-views",
        "top-streamers-by-followers",
        "top-streamers-by-chatters",
    ],
)
@pytest.mark.parametrize("n", ["0", "1001", "-1", "abc", "1.5", "", " 5", *INJECTIONS])
def test_top_routes_refuse_bad_n(client: FlaskClient, route: str, n: str) -> None:
    response = client.get(f"/{route}/{n}")
    if n == "" or "/" in n:
        assert_error(response, 404)  # no such route: nothing reaches a query
    else:
        assert "n must be a whole number from 1 to 1000" in assert_error(response, 400)
    assert client.get("/nodes").get_json() == {"nodes": 15}, "an injection changed the graph"


def test_top_routes_accept_the_bounds(client: FlaskClient) -> None:
    assert client.get("/top-games/1").status_code == 200
    assert client.get("/top-games/1000").status_code == 200


@pytest.mark.parametrize("key", ["alpha", "ALPHA", "Alpha", " alpha"])
def test_streamer_by_login_or_display_name_any_case(client: FlaskClient, key: str) -> None:
    body = client.get(f"/streamer/{key}").get_json()
    assert body["nodes"][0] == {"id": "1001", "label": "Stream", "name": "Alpha"}
    assert sorted((n["label"], n["name"]) for n in body["nodes"][1:]) == [
        ("Game", "Chess"),
        ("Language", "en"),
        ("Team", "Knights"),
    ]
    assert sorted(link["target"] for link in body["links"]) == ["Game:Chess", "Language:en", "Team:Knights"]
    assert {link["source"] for link in body["links"]} == {"1001"}


def test_streamer_by_non_ascii_display_name(client: FlaskClient) -> None:
    body = client.get("/streamer/브라보").get_json()
    assert body["nodes"][0]["id"] == "1002"
    assert {n["name"] for n in body["nodes"]} == {"브라보", "ko", "League of Legends", "T1"}


def test_streamer_without_game_has_only_its_language(client: FlaskClient) -> None:
    body = client.get("/streamer/charlie").get_json()
    assert [n["label"] for n in body["nodes"]] == ["Stream", "Language"]


@pytest.mark.parametrize(
    "name",
    ["nobody", "viewer_one", "delta", "alpha'", 'a" OR 1=1', "x}) DETACH DELETE n", "MATCH (n) RETURN n"],
)
def test_unknown_streamer_is_404(client: FlaskClient, name: str) -> None:
    # viewer_one is a user but not a streamer; delta's row was rejected at import.
    assert "no streamer has the login or display name" in assert_error(client.get(f"/streamer/{name}"), 404)
    assert client.get("/edges").get_json() == {"edges": 25}


def test_streamers_by_language_and_game(client: FlaskClient) -> None:
    body = client.get("/streamers/EN/league of legends").get_json()
    assert body["nodes"] == [
        {"id": "Language:en", "label": "Language", "name": "en"},
        {"id": "Game:League of Legends", "label": "Game", "name": "League of Legends"},
        {"id": "1005", "label": "Stream", "name": "Echo", "followers": 12000},
    ]
    assert body["links"] == [
        {"source": "1005", "target": "Language:en"},
        {"source": "1005", "target": "Game:League of Legends"},
    ]


def test_streamers_by_language_and_game_with_no_match_is_empty(client: FlaskClient) -> None:
    body = client.get("/streamers/ko/Chess").get_json()
    assert [n["label"] for n in body["nodes"]] == ["Language", "Game"] and body["links"] == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/streamers/xx/Chess", "language 'xx'"),
        ("/streamers/en/Tetris", "game 'Tetris'"),
        ("/streamers/en' OR 1=1/Chess", "language"),
    ],
)
def test_streamers_by_unknown_language_or_game_is_404(client: FlaskClient, path: str, message: str) -> None:
    assert message in assert_error(client.get(path), 404)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (
            "/streamers",
            {"streamers": [{"title": "Alpha"}, {"title": "Charlie"}, {"title": "Echo"}, {"title": "브라보"}]},
        ),
        ("/games", {"games": [{"title": "Chess"}, {"title": "League of Legends"}]}),
        ("/languages", {"languages": [{"title": "en"}, {"title": "ko"}]}),
    ],
)
def test_autocomplete_lists(client: FlaskClient, route: str, expected: dict) -> None:
    assert client.get(route).get_json() == expected


def test_page_rank_keeps_users_and_streamers_only(client: FlaskClient) -> None:
    body = client.get("/page-rank").get_json()
    names = [row["name"] for row in body["page_rank"]]
    assert len(names) == 9  # 4 streamers + 5 other users; no Game, Language or Team
    assert not {"en", "ko", "Chess", "League of Legends", "Knights", "T1"} & set(names)
    ranks = [row["rank"] for row in body["page_rank"]]
    assert ranks == sorted(ranks, reverse=True) and all(isinstance(r, float) for r in ranks)
    assert names[0] == "Alpha"
    # Streamers are marked; the other users are not.
    marked = {row["name"]: row["streamer"] for row in body["page_rank"]}
    assert {name for name, streamer in marked.items() if streamer} == {"Alpha", "브라보", "Charlie", "Echo"}


def test_betweenness_shape_and_order(client: FlaskClient) -> None:
    rows = client.get("/betweenness-centrality?limit=3").get_json()["bc"]
    assert [r["name"] for r in rows] == ["Alpha", "브라보", "Echo"]
    assert rows[0]["betweenness_centrality"] == pytest.approx(0.0925, abs=1e-3)


@pytest.mark.parametrize("limit", ["0", "1001", "x", "1;MATCH (n) DELETE n"])
@pytest.mark.parametrize("route", ["/page-rank", "/betweenness-centrality"])
def test_rank_routes_refuse_bad_limit(client: FlaskClient, route: str, limit: str) -> None:
    assert "limit must be a whole number" in assert_error(
        client.get(route, query_string={"limit": limit}), 400
    )


def test_page_rank_limit(client: FlaskClient) -> None:
    assert len(client.get("/page-rank?limit=2").get_json()["page_rank"]) == 2


def test_unknown_route_and_method_are_json(client: FlaskClient) -> None:
    assert_error(client.get("/no-such-route"), 404)
    assert_error(client.post("/nodes"), 405)


def test_game_names_with_a_slash_are_found(backend: dict) -> None:
    app = create_app({"TESTING": True, **backend, "GRAPH_NAME": "slash_game"})
    graph = app.extensions["twitchgraph"].get()
    graph.clear()
    graph.query(
        "CREATE (:User:Stream {login: 'lone', id: '7', name: 'Lone'})-[:PLAYS]->(:Game {name: 'Half/Life'}), "
        "(:User {login: 'lone2'})"
    )
    graph.query("MATCH (s:Stream {login: 'lone'}) CREATE (s)-[:SPEAKS]->(:Language {name: 'en'})")
    body = app.test_client().get("/streamers/en/half/life").get_json()
    assert [n["name"] for n in body["nodes"]] == ["en", "Half/Life", "Lone"]
