"""/events and /stream/status on the real server: ``twitchgraph serve`` (granian, one worker process with
the API's threads plus one per allowed event stream) in a subprocess on a loopback port; the hub's own
logic in-process."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
import requests
from flask import Flask
from werkzeug.test import TestResponse

from backend.api.events import hub_of
from backend.app import create_app
from backend.graph.store import GraphStore
from backend.live import EventHub, Subscription, event_lines
from backend.loader.importer import import_folder
from backend.stream.status import StreamStatus
from backend.stream.writer import BatchResult, StreamWriter
from contracts.import_csv import read_folder
from contracts.stream import ChatterEvent, encode
from tests.conftest import TINY, open_graph

ROOT = Path(__file__).resolve().parents[2]
API_THREADS = 4
TIMEOUT_S = 10
START_TIMEOUT_S = 60  # a cold start imports the app and may start the embedded database
STOP_TIMEOUT_S = 30
STREAM_SETTINGS = {"EVENTS_POLL_MS": 100, "EVENTS_HEARTBEAT_S": 1}  # counts and heartbeats come fast


@dataclass(frozen=True)
class Server:
    """A running ``twitchgraph serve``'s base URL, and a store of this process on the graph it serves."""

    url: str
    store: GraphStore


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve_process(settings: dict[str, Any], *options: str) -> Iterator[str]:
    """``twitchgraph serve`` with ``options`` in a subprocess, ``settings`` in its environment, on a free
    loopback port: its base URL once /health answers 200; stopped with SIGTERM afterwards."""
    port = free_port()
    env = {**os.environ, **{name: str(value) for name, value in settings.items()}}
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--threads", str(API_THREADS)]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(
            [*command, *options], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(url, process, log)
            yield url
        finally:
            _stop(process)


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: IO[str]) -> None:
    """:raise AssertionError: the server exited (with its output), or was not healthy in time."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(f"serve exited with status {process.returncode}:\n{log.read()}")
        try:
            if requests.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass  # not listening yet
        assert time.monotonic() < deadline, f"serve did not answer 200 at {url}/health in time"
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(backend: dict[str, Any], graph: str, **settings: Any) -> Iterator[Server]:
    """The tiny graph, loaded from here, served by ``twitchgraph serve``; emptied afterwards."""
    store = open_graph(backend, graph)
    store.clear()
    import_folder(store, read_folder(TINY))
    try:
        with serve_process({**backend, "GRAPH_NAME": graph, **STREAM_SETTINGS, **settings}) as url:
            yield Server(url, store)
    finally:
        store.clear()
        store.close()


def events(lines: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """The (event, data) pairs of an SSE stream's lines, comments skipped."""
    name, data = None, None
    for line in lines:
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data = json.loads(line.removeprefix("data: "))
        elif line == "" and name is not None:
            yield name, data
            name, data = None, None


def http_events(response: requests.Response) -> Iterator[tuple[str, Any]]:
    return events(response.iter_lines(chunk_size=None, decode_unicode=True))


def client_events(response: TestResponse) -> Iterator[tuple[str, Any]]:
    """The events of a test client's unbuffered response, read as the app writes them."""
    return events(line for chunk in response.iter_encoded() for line in chunk.decode().split("\n"))


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


def open_streams_up_to(url: str, count: int, timeout_s: float) -> list[requests.Response]:
    """``count`` open /events streams, each past its first event, opened as slots come free (a 503 is
    tried again until ``timeout_s``)."""
    held: list[requests.Response] = []
    until = time.monotonic() + timeout_s
    while len(held) < count:
        response = requests.get(f"{url}/events", stream=True, timeout=(3, TIMEOUT_S))
        if response.status_code == 200:
            next_event(http_events(response), "counts", time.monotonic() + TIMEOUT_S)
            held.append(response)
            continue
        response.close()
        assert response.status_code == 503, response.text
        if time.monotonic() > until:
            close_all(held)
            raise AssertionError(f"{len(held)} streams open of {count}: the slots did not come back in time")
        time.sleep(0.1)
    return held


def close_all(responses: Iterable[requests.Response]) -> None:
    for response in responses:
        response.close()


def refused_stream(url: str) -> requests.Response:
    refused = requests.get(f"{url}/events", timeout=TIMEOUT_S)
    assert refused.status_code == 503, refused.text
    return refused


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
        stream = http_events(response)
        first = next_event(stream, "counts", time.monotonic() + TIMEOUT_S)  # at once on connecting
        health = requests.get(f"{server.url}/health", timeout=TIMEOUT_S).json()
        assert first == {"nodes": health["nodes"], "edges": health["edges"]}
        # Written by this process while the server's stream is open: the server sees the graph change.
        import_folder(server.store, read_folder(extra_folder(tmp_path)))
        # The import writes its users, then their edges: a poll between the two sees the users alone.
        wanted = {"nodes": first["nodes"] + 2, "edges": first["edges"] + 2}
        until = time.monotonic() + TIMEOUT_S
        moves = [next_event(stream, "counts", until)]
        while moves[-1] != wanted:
            moves.append(next_event(stream, "counts", until))
        assert all(first["nodes"] < move["nodes"] <= wanted["nodes"] for move in moves), moves
        response.close()


def test_open_streams_leave_the_api_answering(backend: dict[str, Any]) -> None:
    with serving(backend, "api_events_many", EVENTS_MAX_CONNECTIONS=30) as server:
        streams = [open_events(server.url) for _ in range(30)]
        for response in streams:  # each is being served: it has had its first event
            next_event(http_events(response), "counts", time.monotonic() + TIMEOUT_S)
        refused_stream(server.url)  # all 30 slots are taken
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
        close_all(streams)
        # A client gone is noticed at the next heartbeat (1 s here): all 30 slots come back.
        reopened = open_streams_up_to(server.url, 30, TIMEOUT_S)
        try:
            refused_stream(server.url)
        finally:
            close_all(reopened)


def test_streams_past_the_cap_are_answered_503(backend: dict[str, Any]) -> None:
    with serving(backend, "api_events_cap", EVENTS_MAX_CONNECTIONS=2) as server:
        held = [open_events(server.url) for _ in range(2)]
        for response in held:
            next_event(http_events(response), "counts", time.monotonic() + TIMEOUT_S)
        refused = refused_stream(server.url)
        assert refused.json() == {"error": "too many open event streams (2); try again later", "status": 503}
        assert refused.headers["Retry-After"] == "5"
        assert requests.get(f"{server.url}/nodes", timeout=TIMEOUT_S).status_code == 200
        close_all(held)


@contextmanager
def in_process_app(backend: dict[str, Any], graph: str) -> Iterator[Flask]:
    """The tiny graph's app in this process, its store closed and the graph emptied afterwards."""
    app = create_app({"TESTING": True, **backend, "GRAPH_NAME": graph, **STREAM_SETTINGS})
    holder = app.extensions["twitchgraph"]
    holder.get().clear()
    import_folder(holder.get(), read_folder(TINY))
    try:
        yield app
    finally:
        holder.get().clear()
        holder.close()


def test_an_in_process_consumer_shows_in_status_and_events(backend: dict[str, Any]) -> None:
    """The hub as a consumer in the serving process drives it, read through the test client: what
    reaches /events is the hub's and the view's doing, not the server's."""
    with in_process_app(backend, "api_events_stream") as app:
        client = app.test_client()
        none = client.get("/stream/status").get_json()
        assert none["source"] == "none" and none["messages"] == 0 and none["lag"] is None
        hub = hub_of(app)
        status = StreamStatus("in-process replay of tests/fixtures/tiny")
        status.record(BatchResult(messages=3, written={"CHATTER": 2, "VIP": 1}), lag=7)
        hub.attach_stream(status)
        body = client.get("/stream/status").get_json()
        assert body["source"] == "replay" and body["state"] == "running"
        assert (body["messages"], body["written"], body["dead_letters"], body["lag"]) == (3, 3, 0, 7)
        assert body["rate"] > 0 and body["last_error"] is None
        response = client.get("/events", buffered=False)
        assert response.status_code == 200 and response.is_streamed
        assert response.headers["Content-Type"].startswith("text/event-stream")
        stream = client_events(response)
        assert next_event(stream, "stream", time.monotonic() + TIMEOUT_S)["messages"] == 3
        # The demo's format names the broadcaster by id only; the writer's batch names it by login.
        written = StreamWriter(app.extensions["twitchgraph"].get()).write(
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
        assert hub.open_streams == 0  # closing the response gave its slot back
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
    settings = {"TWITCHGRAPH_DATA_DIR": tmp_path / "data", "GRAPH_BACKEND": "falkordb"}
    replay = ("--populate", str(TINY), "--replay", str(TINY), "--replay-rate", "20")
    with serve_process(settings, *replay) as url:
        status = requests.get(f"{url}/stream/status", timeout=TIMEOUT_S).json()
        assert status["source"] == "replay"
        response = open_events(url)
        chatters = next_event(http_events(response), "chatters", time.monotonic() + TIMEOUT_S)
        streamers = read_folder(TINY).streamers
        assert chatters["channel"] in {row.login for row in streamers}
        assert chatters["user_id"] in {row.user_id for row in streamers} and chatters["logins"]
        assert chatters["new"] == []  # the replay repeats the chatters the graph was loaded with
        response.close()
        assert requests.get(f"{url}/stream/status", timeout=TIMEOUT_S).json()["messages"] > 0
