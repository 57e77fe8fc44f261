"""/events and /stream/status on a real waitress server on a loopback port, as ``twitchgraph serve`` runs
it (cli/serve.py's ``create_server``: the API's threads plus one per allowed event stream)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from backend.api.events import hub_of
from backend.app import create_app
from backend.graph.store import GraphStore
from backend.live import EventHub, Subscription, event_lines
from backend.loader.importer import import_folder
from backend.stream.status import StreamStatus
from backend.stream.writer import BatchResult, StreamWriter
from cli.serve import create_server
from contracts.import_csv import read_folder
from contracts.stream import ChatterEvent, encode
from tests.conftest import TINY

API_THREADS = 4
TIMEOUT_S = 10


class Server:
    def __init__(self, app: Flask, url: str) -> None:
        self.app, self.url = app, url

    @property
    def store(self) -> GraphStore:
        return self.app.extensions["twitchgraph"].get()


@contextmanager
def serving(backend: dict[str, Any], graph: str, **settings: Any) -> Iterator[Server]:
    """The tiny graph's app on waitress in a thread, on a free port; stopped afterwards."""
    config = {
        **backend,
        "GRAPH_NAME": graph,
        "EVENTS_POLL_MS": 100,
        "EVENTS_HEARTBEAT_S": 1,
        **settings,
    }
    app = create_app(config)
    store = app.extensions["twitchgraph"].get()
    store.clear()
    import_folder(store, read_folder(TINY))
    streams = app.extensions["twitchgraph"].settings.events_max_connections
    server = create_server(app, "127.0.0.1", 0, API_THREADS, streams)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield Server(app, f"http://127.0.0.1:{server.effective_port}")
    finally:
        _stop(server, thread)
        store.clear()


def _stop(server: Any, thread: threading.Thread) -> None:
    """Close every socket from the server's own loop (a thunk through its trigger), so that its select
    never sees a closed one; the loop ends with its map empty; then the worker threads go."""

    def close_all() -> None:
        for channel in list(server._map.values()):
            channel.handle_close()

    server.trigger.pull_trigger(close_all)
    thread.join(TIMEOUT_S)
    server.task_dispatcher.shutdown(timeout=TIMEOUT_S)


def events(response: requests.Response) -> Iterator[tuple[str, Any]]:
    """The (event, data) pairs of an open SSE response, comments skipped."""
    name, data = None, None
    for line in response.iter_lines(chunk_size=None, decode_unicode=True):
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data = json.loads(line.removeprefix("data: "))
        elif line == "" and name is not None:
            yield name, data
            name, data = None, None


def next_event(stream: Iterator[tuple[str, Any]], wanted: str, until: float) -> Any:
    for name, data in stream:
        if name == wanted:
            return data
        assert time.monotonic() < until, f"no {wanted} event in time"
    raise AssertionError(f"the stream ended without a {wanted} event")


def open_events(url: str) -> requests.Response:
    response = requests.get(f"{url}/events", stream=True, timeout=(3, TIMEOUT_S))
    assert response.status_code == 200, response.text
    return response


def extra_folder(tmp_path: Path) -> Path:
    """The tiny import folder plus two new chatters of alpha (1001)."""
    folder = tmp_path / "more"
    shutil.copytree(TINY, folder)
    with (folder / "chatters.csv").open("a", encoding="utf-8") as rows:
        rows.write("1001,newcomer_one\n1001,newcomer_two\n")
    return folder


def test_a_load_into_the_graph_is_a_counts_event(backend: dict[str, Any], tmp_path: Path) -> None:
    with serving(backend, "api_events_load") as server:
        response = open_events(server.url)
        assert response.headers["Content-Type"].startswith("text/event-stream")
        assert response.headers["Cache-Control"] == "no-store"
        stream = events(response)
        first = next_event(stream, "counts", time.monotonic() + TIMEOUT_S)  # at once on connecting
        health = requests.get(f"{server.url}/health", timeout=TIMEOUT_S).json()
        assert first == {"nodes": health["nodes"], "edges": health["edges"]}
        import_folder(server.store, read_folder(extra_folder(tmp_path)))
        moved = next_event(stream, "counts", time.monotonic() + TIMEOUT_S)
        assert moved == {"nodes": first["nodes"] + 2, "edges": first["edges"] + 2}
        response.close()


def test_open_streams_leave_the_api_answering(backend: dict[str, Any]) -> None:
    with serving(backend, "api_events_many", EVENTS_MAX_CONNECTIONS=40) as server:
        streams = [open_events(server.url) for _ in range(30)]
        for response in streams:  # each is being served: it has had its first event
            next_event(events(response), "counts", time.monotonic() + TIMEOUT_S)
        assert hub_of(server.app).open_streams == 30
        routes = ["/nodes", "/edges", "/health", "/streamers", "/page-rank", "/search?q=a"] * 5
        results: list[int] = []

        def ask(route: str) -> None:
            results.append(requests.get(f"{server.url}{route}", timeout=TIMEOUT_S).status_code)

        askers = [threading.Thread(target=ask, args=(route,)) for route in routes]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        assert results == [200] * len(routes)
        for response in streams:
            response.close()
        # A client gone is noticed at the next heartbeat (1 s here): the slots come back.
        until = time.monotonic() + TIMEOUT_S
        while hub_of(server.app).open_streams and time.monotonic() < until:
            time.sleep(0.1)
        assert hub_of(server.app).open_streams == 0


def test_streams_past_the_cap_are_answered_503(backend: dict[str, Any]) -> None:
    with serving(backend, "api_events_cap", EVENTS_MAX_CONNECTIONS=2) as server:
        held = [open_events(server.url) for _ in range(2)]
        for response in held:
            next_event(events(response), "counts", time.monotonic() + TIMEOUT_S)
        refused = requests.get(f"{server.url}/events", timeout=TIMEOUT_S)
        assert refused.status_code == 503
        assert refused.json() == {"error": "too many open event streams (2); try again later", "status": 503}
        assert refused.headers["Retry-After"] == "5"
        assert requests.get(f"{server.url}/nodes", timeout=TIMEOUT_S).status_code == 200
        for response in held:
            response.close()


def test_an_in_process_consumer_shows_in_status_and_events(backend: dict[str, Any]) -> None:
    with serving(backend, "api_events_stream") as server:
        none = requests.get(f"{server.url}/stream/status", timeout=TIMEOUT_S).json()
        assert none["source"] == "none" and none["messages"] == 0 and none["lag"] is None
        hub = hub_of(server.app)
        status = StreamStatus("in-process replay of tests/fixtures/tiny")
        status.record(BatchResult(messages=3, written={"CHATTER": 2, "VIP": 1}), lag=7)
        hub.attach_stream(status)
        body = requests.get(f"{server.url}/stream/status", timeout=TIMEOUT_S).json()
        assert body["source"] == "replay" and body["state"] == "running"
        assert (body["messages"], body["written"], body["dead_letters"], body["lag"]) == (3, 3, 0, 7)
        assert body["rate"] > 0 and body["last_error"] is None
        response = open_events(server.url)
        stream = events(response)
        assert next_event(stream, "stream", time.monotonic() + TIMEOUT_S)["messages"] == 3
        # The demo's format names the broadcaster by id only; the writer's batch names it by login.
        written = StreamWriter(server.app.extensions["twitchgraph"].get()).write(
            [(b"1001", encode(ChatterEvent("1001", "zed"))), (b"1002", encode(ChatterEvent("1002", "alpha")))]
        )
        hub.publish_batch(written.events, written.created)
        first = next_event(stream, "chatters", time.monotonic() + TIMEOUT_S)
        second = next_event(stream, "chatters", time.monotonic() + TIMEOUT_S)
        assert first == {
            "channel": "alpha",
            "user_id": "1001",
            "logins": ["zed"],
            "new": ["zed"],
            "rate": 0.1,
        }
        assert second == {"channel": "bravo", "user_id": "1002", "logins": ["alpha"], "new": [], "rate": 0.1}
        # Events of a writer that writes nothing: no login but the message's, no word on what is new.
        hub.publish_batch([ChatterEvent("1003", "yan"), ChatterEvent("1003", "yan", "vip")])
        third = next_event(stream, "chatters", time.monotonic() + TIMEOUT_S)
        assert third == {"channel": "1003", "user_id": "1003", "logins": ["yan", "yan"], "rate": 0.2}
        status.error("broker unavailable")
        waiting = next_event(stream, "stream", time.monotonic() + TIMEOUT_S)
        assert waiting["state"] == "waiting" and waiting["last_error"] == "broker unavailable"
        response.close()
        hub.attach_stream(None)


def test_a_stream_beats_when_idle_and_ends_on_time() -> None:
    clock = [0.0]
    subscription = Subscription()
    lines = event_lines(subscription, max_s=3, heartbeat_s=1, clock=lambda: clock[0])
    assert next(lines) == "retry: 3000\n\n"
    subscription.offer("counts", {"nodes": 1, "edges": 0})
    assert next(lines) == 'event: counts\ndata: {"nodes":1,"edges":0}\n\n'
    clock[0] = 1.5
    assert next(lines) == ": heartbeat\n\n"
    clock[0] = 3.0
    assert list(lines) == []


def test_a_slow_reader_loses_its_oldest_events_only() -> None:
    hub = EventHub(lambda: None, 60)  # type: ignore[arg-type, return-value]
    hub._thread = threading.current_thread()  # no watcher: this test publishes by hand
    subscription = hub.subscribe(1)
    assert subscription is not None and hub.subscribe(1) is None
    for n in range(250):
        hub.publish("counts", {"nodes": n, "edges": 0})
    kept = [subscription.queue.get_nowait()[1]["nodes"] for _ in range(subscription.queue.qsize())]
    assert kept == list(range(150, 250))
    hub.unsubscribe(subscription)
    assert hub.open_streams == 0


@pytest.mark.parametrize("limit", [0, 1])
def test_the_cap_counts_open_streams(limit: int) -> None:
    hub = EventHub(lambda: None, 60)  # type: ignore[arg-type, return-value]
    hub._thread = threading.current_thread()
    taken = [hub.subscribe(limit) for _ in range(limit)]
    assert all(taken) and hub.subscribe(limit) is None


def test_serve_replay_runs_a_consumer_in_the_api_process(tmp_path: Path) -> None:
    """``twitchgraph serve --replay``: the in-process consumer's status at /stream/status, its chatters
    at /events."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(tmp_path / "data"), "GRAPH_BACKEND": "falkordb"}
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--populate", str(TINY)]
    command += ["--replay", str(TINY), "--replay-rate", "20"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        until = time.monotonic() + 60
        while True:
            try:
                status = requests.get(f"{url}/stream/status", timeout=TIMEOUT_S).json()
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < until, "serve did not come up"
                time.sleep(0.2)
        assert status["source"] == "replay"
        response = open_events(url)
        chatters = next_event(events(response), "chatters", time.monotonic() + TIMEOUT_S)
        streamers = read_folder(TINY).streamers
        assert chatters["channel"] in {row.login for row in streamers}
        assert chatters["user_id"] in {row.user_id for row in streamers} and chatters["logins"]
        assert chatters["new"] == []  # the replay repeats the chatters the graph was loaded with
        response.close()
        assert requests.get(f"{url}/stream/status", timeout=TIMEOUT_S).json()["messages"] > 0
    finally:
        server.terminate()
        server.wait(30)
