"""/page-rank and /betweenness-centrality say where each row stood at the previous recompute.

The tiny graph is loaded into an app of its own, ranked, then grown by more chatter rows (a new streamer's
audience and new viewers); the expected positions come from the two rankings computed directly on the
store, before and after, not from the API.
"""

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from backend.app import create_app
from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from backend.scores.whole_graph import ScoreCache, ranked_nodes
from contracts.import_csv import read_folder
from tests.conftest import TINY, true_within

ROUTES = [
    ("/page-rank", "page_rank", "pagerank"),
    ("/betweenness-centrality", "bc", "betweenness_centrality"),
]
# Charlie (1003) gains an audience of newcomers and chats at Alpha's (1001) itself: new users, and Charlie
# climbs both rankings (its audience's paths to Alpha's channel and beyond now go through it).
MORE_CHATTERS = [("1003", f"newcomer_{i}") for i in range(10)] + [("1001", "charlie")]


@pytest.fixture
def app(backend: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(
        {"TESTING": True, **backend, "GRAPH_NAME": "api_influence_moves", "SCORES_DEBOUNCE_MS": 50}
    )
    store = store_of(app)
    store.clear()
    import_folder(store, read_folder(TINY))
    yield app
    store.clear()


def store_of(app: Flask) -> GraphStore:
    return app.extensions["twitchgraph"].get()


def grown_folder(folder: Path) -> Path:
    """tests/fixtures/tiny with MORE_CHATTERS appended to its chatters."""
    shutil.copytree(TINY, folder)
    with (folder / "chatters.csv").open("a", encoding="utf-8", newline="") as chatters:
        chatters.writelines(f"{streamer},{login}\n" for streamer, login in MORE_CHATTERS)
    return folder


def positions_by_name(store: GraphStore, measure: str) -> dict[str, int]:
    """The measure's ranking computed on the store now, as name -> 1-based position."""
    node_ids = ScoreCache().ranking(store, measure).node_ids.tolist()  # a cache of its own: computed now
    names = {node: name for node, (name, _streamer) in ranked_nodes(store, node_ids).items()}
    return {names[node]: position for position, node in enumerate(node_ids, start=1)}


def computed_at(body: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(body["computed_at"])


def ranked(app: Flask, route: str, key: str) -> dict[str, Any]:
    response = app.test_client().get(route, query_string={"limit": 1000})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def recomputed(app: Flask, route: str, key: str) -> dict[str, Any]:
    """The answer once the background recomputation has caught up with the graph."""
    assert true_within(lambda: not ranked(app, route, key)["stale"], 30), "the scores stayed stale"
    return ranked(app, route, key)


@pytest.mark.parametrize(("route", "key", "measure"), ROUTES)
def test_no_previous_position_before_any_change(app: Flask, route: str, key: str, measure: str) -> None:
    body = ranked(app, route, key)
    expected = positions_by_name(store_of(app), measure)
    assert {row["name"]: row["position"] for row in body[key]} == expected
    assert [row["position"] for row in body[key]] == list(range(1, len(expected) + 1))
    assert all(row["previous_position"] is None for row in body[key])
    assert body["version"] == store_of(app).version() and body["previous_computed_at"] is None
    assert computed_at(body).utcoffset() == timedelta(0)
    assert ranked(app, route, key)[key] == body[key]  # the same version: still nothing before it


@pytest.mark.parametrize(("route", "key", "measure"), ROUTES)
def test_positions_after_a_change_say_where_each_row_stood(
    app: Flask, tmp_path: Path, route: str, key: str, measure: str
) -> None:
    store = store_of(app)
    before = positions_by_name(store, measure)
    first = ranked(app, route, key)
    import_folder(store, read_folder(grown_folder(tmp_path / "grown")))
    after = positions_by_name(store, measure)

    second = recomputed(app, route, key)
    rows = {row["name"]: (row["position"], row["previous_position"]) for row in second[key]}
    assert rows == {name: (position, before.get(name)) for name, position in after.items()}
    assert second["version"] == store.version() != first["version"]
    assert computed_at(second) >= computed_at(first)
    assert second["previous_computed_at"] == first["computed_at"]
    # The change is one worth checking: someone new, and someone who moved.
    assert any(previous is None for _, previous in rows.values())
    assert any(previous not in (None, position) for position, previous in rows.values())
    # Asking again at the same version keeps the previous recompute, not this one.
    assert ranked(app, route, key) == second


def test_top_rows_carry_their_positions(app: Flask) -> None:
    rows = ranked(app, "/page-rank", "page_rank")["page_rank"]
    top = app.test_client().get("/page-rank?limit=3").get_json()["page_rank"]
    assert top == rows[:3]
