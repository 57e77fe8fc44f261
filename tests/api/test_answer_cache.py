"""Graph reads are answered from the cache while the graph's version holds, never older than the graph was
when the request began, compressed when asked, and revalidated by ETag."""

import gzip
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from backend.api import caching
from backend.api.caching import Answer, AnswerCache
from backend.app import create_app
from backend.graph import reads
from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from contracts.import_csv import read_folder
from tests.conftest import TINY


@pytest.fixture
def app(backend: dict[str, Any]) -> Iterator[Flask]:
    app = create_app({"TESTING": True, **backend, "GRAPH_NAME": "api_answer_cache"})
    store = store_of(app)
    store.clear()
    import_folder(store, read_folder(TINY))
    yield app
    store.clear()


def store_of(app: Flask) -> GraphStore:
    return app.extensions["twitchgraph"].get()


def add_user(store: GraphStore, login: str) -> None:
    store.query("CREATE (:User {login: $login, name: $login})", {"login": login})


def test_a_read_touches_the_database_once_per_version(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    ranking = reads.ranking
    monkeypatch.setattr(reads, "ranking", lambda *args, **kw: calls.append(args) or ranking(*args, **kw))
    client = app.test_client()
    first = [client.get("/top-games/10").get_json() for _ in range(3)]
    assert len(calls) == 1 and first[0] == first[1] == first[2]
    store_of(app).query("MATCH (g:Game) WITH g LIMIT 1 CREATE (:Stream {id: 'x', name: 'x'})-[:PLAYS]->(g)")
    changed = client.get("/top-games/10").get_json()
    assert len(calls) == 2 and changed != first[0]  # one more player of one game


def test_an_answer_reflects_every_write_finished_before_the_request(app: Flask) -> None:
    """A writer adds users while a reader asks for the node count: every answer counts at least the nodes
    whose write had returned when its request started (a write bumps the version before it returns)."""
    store, client = store_of(app), app.test_client()
    base = reads.count_nodes(store)
    finished = [0]
    stop = threading.Event()

    def write() -> None:
        for i in range(200):
            add_user(store, f"writer_{i}")
            finished[0] = i + 1
        stop.set()

    writer = threading.Thread(target=write)
    writer.start()
    seen = 0
    while not stop.is_set():
        before = base + finished[0]
        assert client.get("/nodes").get_json()["nodes"] >= before
        seen += 1
    writer.join()
    assert client.get("/nodes").get_json()["nodes"] == base + 200 == reads.count_nodes(store)
    assert seen > 1


def test_errors_are_not_kept(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/streamer/newcomer").status_code == 404
    store_of(app).query("CREATE (:Stream {id: '9', name: 'newcomer'})")
    assert client.get("/streamer/newcomer").status_code == 200


def test_etag_revalidation_answers_304_without_a_body(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/top-streamers-by-followers/10")
    assert first.headers["Cache-Control"] == "no-cache" and first.headers["Vary"] == "Accept-Encoding"
    etag = first.headers["ETag"]
    again = client.get("/top-streamers-by-followers/10", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    assert again.headers["X-Content-Type-Options"] == "nosniff"  # security headers on a 304 too
    store_of(app).query("MATCH (s:Stream) WITH s LIMIT 1 SET s.followers = 999999999")
    changed = client.get("/top-streamers-by-followers/10", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["followers"][0] == {"followers": 999999999}


def test_big_answers_are_gzipped_for_clients_that_accept_it(app: Flask) -> None:
    for i in range(30):  # ranked users enough for an answer worth compressing
        add_user(store_of(app), f"lurker_{i}")
    client = app.test_client()
    plain = client.get("/page-rank?limit=1000")
    assert "Content-Encoding" not in plain.headers and len(plain.get_data()) >= caching.MIN_GZIP_BYTES
    zipped = client.get("/page-rank?limit=1000", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.get_data())) == plain.get_json()
    refused = client.get("/page-rank?limit=1000", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_uncached_json_answers_get_an_etag_and_gzip_too(app: Flask) -> None:
    client = app.test_client()
    health = client.get("/health", headers={"Accept-Encoding": "gzip"})
    assert health.status_code == 200 and "ETag" in health.headers
    assert client.get("/health", headers={"If-None-Match": health.headers["ETag"]}).status_code == 304
    spec = client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert spec.headers["Content-Encoding"] == "gzip" and json.loads(gzip.decompress(spec.get_data()))


def test_the_cache_is_bounded_in_entries_and_bytes() -> None:
    by_count = AnswerCache(max_entries=2)
    for key in "abc":
        by_count.put(key, Answer.of("v", key.encode()))
    assert len(by_count) == 2 and by_count.get("a", "v") is None and by_count.get("c", "v")
    by_bytes = AnswerCache(max_bytes=150)
    for key in "abc":
        by_bytes.put(key, Answer.of("v", key.encode() * 60))
    assert len(by_bytes) == 2 and by_bytes.get("a", "v") is None
    assert by_bytes.get("b", "v") and by_bytes.get("b", "w") is None  # another version: not served


def test_a_kept_answer_is_served_before_flask_with_the_same_headers(app: Flask) -> None:
    requests_seen = []
    app.before_request(lambda: requests_seen.append(1) and None)
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    built = client.get("/top-teams/10", headers=headers)
    served = client.get("/top-teams/10", headers=headers)
    assert len(requests_seen) == 1  # the second never reached Flask
    assert served.get_data() == built.get_data()
    assert {k: v for k, v in served.headers.items()} == {k: v for k, v in built.headers.items()}
    revalidated = client.get("/top-teams/10", headers={"If-None-Match": built.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.headers["Content-Security-Policy"]
    assert len(requests_seen) == 1
    add_user(store_of(app), "newcomer")  # a new version: Flask builds the answer again
    assert client.get("/top-teams/10").status_code == 200 and len(requests_seen) == 2
