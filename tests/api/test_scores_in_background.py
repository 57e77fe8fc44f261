"""PageRank and betweenness are computed in the background: a request during a recomputation gets the
previous scores marked stale at once, never a wait; a change during a computation cancels what is not
started yet; the thread computes without being asked; sampled betweenness says so, with its bound."""

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from backend.app import create_app
from backend.db import start_scores
from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from backend.scores import whole_graph
from backend.scores.refresher import ScoreRefresher
from contracts.import_csv import read_folder
from tests.conftest import TINY, true_within

FAST = {"SCORES_POLL_MS": 20, "SCORES_DEBOUNCE_MS": 0}


def make_app(backend: dict[str, Any], **settings: Any) -> Flask:
    app = create_app({"TESTING": True, **backend, "GRAPH_NAME": "api_scores_background", **settings})
    store = store_of(app)
    store.clear()
    import_folder(store, read_folder(TINY))
    return app


@pytest.fixture
def app(backend: dict[str, Any]) -> Iterator[Flask]:
    app = make_app(backend, **FAST)
    yield app
    refresher_of(app).stop()
    store_of(app).clear()


def store_of(app: Flask) -> GraphStore:
    return app.extensions["twitchgraph"].get()


def refresher_of(app: Flask) -> ScoreRefresher:
    return app.extensions["twitchgraph"].scores


class Gate:
    """Makes every ranking computation wait until opened; counts the computations that started."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.started: list[str] = []
        rank = whole_graph._user_ranking

        def gated(store: GraphStore, measure: str, sampling: whole_graph.Sampling) -> Any:
            self.started.append(measure)
            self.open.wait(30)
            return rank(store, measure, sampling)

        monkeypatch.setattr(whole_graph, "_user_ranking", gated)


def fresh(app: Flask, route: str = "/page-rank") -> dict[str, Any]:
    client = app.test_client()

    def current() -> bool:
        response = client.get(route)  # 503 until the first scores exist
        return response.status_code == 200 and not response.get_json()["stale"]

    assert true_within(current, 30), "the scores stayed stale"
    return client.get(route).get_json()


def test_a_request_during_a_recomputation_gets_the_previous_scores_marked_stale(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fresh(app)
    gate = Gate(monkeypatch)
    store_of(app).query("CREATE (:User {login: 'newcomer', name: 'newcomer'})")
    assert true_within(lambda: gate.started, 10), "no recomputation started"
    began = time.monotonic()
    during = app.test_client().get("/page-rank").get_json()
    assert time.monotonic() - began < 1  # no wait for the computation
    assert during["stale"] is True
    assert (during["version"], during["computed_at"]) == (first["version"], first["computed_at"])
    assert during["version"] != store_of(app).version()
    gate.open.set()
    after = fresh(app)
    assert after["version"] == store_of(app).version()
    assert after["previous_computed_at"] == first["computed_at"]
    assert "newcomer" in {row["name"] for row in after["page_rank"]}


def test_scores_are_computed_without_a_request(backend: dict[str, Any]) -> None:
    app = make_app(backend, **FAST)
    try:
        start_scores(app)
        cache = refresher_of(app).cache
        store = store_of(app)
        current = lambda: all(  # noqa: E731
            (c := cache.latest(m)) is not None and c.version == store.version() for m in whole_graph.MEASURES
        )
        assert true_within(current, 30)
        store.query("CREATE (:User {login: 'newcomer', name: 'newcomer'})")
        assert true_within(current, 30), "the change was not picked up without a request"
    finally:
        refresher_of(app).stop()
        store_of(app).clear()


def test_a_change_during_a_computation_cancels_the_measures_not_started(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh(app)
    fresh(app, "/betweenness-centrality")
    gate = Gate(monkeypatch)
    store = store_of(app)
    store.query("CREATE (:User {login: 'first', name: 'first'})")
    assert true_within(lambda: gate.started, 10)
    store.query("CREATE (:User {login: 'second', name: 'second'})")  # while PageRank computes
    gate.open.set()
    fresh(app)
    fresh(app, "/betweenness-centrality")
    # PageRank for the first change, then both for the second: betweenness of the first was cancelled.
    assert gate.started == ["pagerank", "pagerank", "betweenness_centrality"]


def test_the_first_request_waits_a_bounded_time_then_gets_a_503(
    backend: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    app = make_app(backend, **FAST, SCORES_FIRST_WAIT_S=0)
    try:
        response = app.test_client().get("/page-rank")
        assert response.status_code == 503 and response.headers["Retry-After"] == "5"
        assert "being computed for the first time" in response.get_json()["error"]
        gate.open.set()
        assert fresh(app)["page_rank"]
    finally:
        gate.open.set()
        refresher_of(app).stop()
        store_of(app).clear()


def test_sampled_betweenness_says_it_is_not_exact_and_gives_its_bound(backend: dict[str, Any]) -> None:
    if backend["GRAPH_BACKEND"] == "memgraph":
        pytest.skip("MAGE's betweenness is always exact")
    app = make_app(
        backend, **FAST, BETWEENNESS_EXACT_UP_TO_S=0, BETWEENNESS_EPSILON=0.9, BETWEENNESS_DELTA=0.5
    )
    try:
        body = fresh(app, "/betweenness-centrality")
        assert body["exact"] is False and (body["epsilon"], body["delta"]) == (0.9, 0.5)
        assert 1 <= body["samples"] < store_of(app).ro_query("MATCH (n) RETURN count(n)").single_value()
        page_rank = fresh(app)
        assert page_rank["exact"] is True and page_rank["samples"] is None
    finally:
        refresher_of(app).stop()
        store_of(app).clear()
