"""``twitchgraph serve`` with ``KAFKA_BOOTSTRAP_SERVERS`` set: its own consumer group feeds /events.

The server runs as a user runs it (a subprocess on a loopback port, the embedded backend) against the
tansu broker; on Memgraph (Memgraph's own stream writes) its consumer only publishes, which the last
tests check without a Memgraph: a consumer that tried the database would fail on every batch.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from backend.api.events import hub_of
from backend.app import create_app
from backend.live import Subscription
from backend.loader.importer import import_folder
from backend.stream.local_broker import LocalBroker
from backend.stream.sources import InProcessReplay
from cli.serve import EventsOnlyWriter, _consume_in_process
from contracts.import_csv import read_folder
from contracts.stream import ChatterEvent, encode
from tests.api.test_events import http_events, open_events
from tests.conftest import TINY
from tests.stream.conftest import NamedGraph, signature
from tests.stream.test_kafka import send
from tests.test_serve import free_port

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 60.0  # the bound of every wait: a group's first assignment, a topic created late, a cold start
REQUEST_S = 10


@contextmanager
def serving(tmp_path: Path, bootstrap: str, topic: str, **env: str) -> Iterator[str]:
    """``twitchgraph serve --populate TINY`` consuming ``topic`` at ``bootstrap``; its URL once it answers."""
    port = free_port()
    environment = {
        **os.environ,
        "TWITCHGRAPH_DATA_DIR": str(tmp_path / "data"),
        "GRAPH_BACKEND": "falkordb",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_TOPIC": topic,
        "KAFKA_API_GROUP": f"api-{uuid.uuid4().hex[:8]}",
        "EVENTS_HEARTBEAT_S": "1",
        "EVENTS_MAX_S": str(int(WAIT_S)),  # a stream that never gets the awaited event ends, failing the test
        **env,
    }
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port)]
    if environment["GRAPH_BACKEND"] == "falkordb":
        command += ["--populate", str(TINY)]
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: _answers(f"{url}/stream/status", process), "serve to answer", log_path)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _answers(url: str, process: subprocess.Popen[bytes]) -> bool:
    assert process.poll() is None, f"serve exited with status {process.returncode}"
    try:
        requests.get(url, timeout=REQUEST_S)
    except requests.ConnectionError:
        return False
    return True


def wait_for(condition: Callable[[], bool], what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        said = f"; serve said:\n{log.read_text()}" if log is not None else ""
        assert time.monotonic() < deadline, f"waited {WAIT_S:g} s for {what}{said}"
        time.sleep(0.1)


def status(url: str) -> dict[str, Any]:
    return requests.get(f"{url}/stream/status", timeout=REQUEST_S).json()


def chatter(user_id: str, login: str) -> tuple[bytes, bytes]:
    return user_id.encode(), encode(ChatterEvent(user_id, login))


def has_user(url: str, login: str) -> bool:
    return requests.get(f"{url}/neighbourhood/User:{login}", timeout=REQUEST_S).status_code == 200


def chatters_until(url: str, wanted: set[str], produce: Callable[[], None]) -> dict[str, list[str]]:
    """Broadcaster id -> logins of the ``chatters`` events an /events stream, opened before ``produce`` runs,
    gets until every login of ``wanted`` was named."""
    response = open_events(url)
    produce()
    seen: dict[str, list[str]] = {}
    deadline = time.monotonic() + WAIT_S
    try:
        for name, data in http_events(response):  # the stream itself ends after EVENTS_MAX_S = WAIT_S
            if name == "chatters":
                broadcaster = data.get("user_id", data["channel"])  # the channel may be named by login
                seen.setdefault(broadcaster, []).extend(data["logins"])
            if wanted <= {login for logins in seen.values() for login in logins}:
                return seen
            assert time.monotonic() < deadline, f"no chatters event named {wanted} in time; got {seen}"
    finally:
        response.close()
    raise AssertionError(f"the event stream ended before naming {wanted}; got {seen}")


@pytest.fixture
def closed_port(broker: LocalBroker) -> int:
    """A loopback port nothing listens on yet: a broker that is not there (``broker``: tansu can run)."""
    return free_port()


def test_serve_consumes_the_topic_into_the_graph_and_events(
    tmp_path: Path, broker: LocalBroker, topic: str
) -> None:
    with serving(tmp_path, broker.bootstrap, topic) as url:
        messages = [chatter("1001", "live_one"), chatter("1002", "live_two"), (b"1001", b"not json")]
        seen = chatters_until(url, {"live_one", "live_two"}, lambda: send(broker.bootstrap, topic, messages))
        # Published once written: the graph has them already.
        assert has_user(url, "live_one") and has_user(url, "live_two")
        assert seen == {"1001": ["live_one"], "1002": ["live_two"]}
        wait_for(lambda: status(url)["dead_letters"] == 1, "the poison's dead letter to be counted")
        now = status(url)
        assert now["source"] == "kafka" and now["state"] == "running"
        assert (now["messages"], now["written"]) == (3, 2)
        assert topic in now["description"]


def test_serve_starts_without_the_broker_says_so_and_resumes_when_it_comes(
    tmp_path: Path, closed_port: int, topic: str
) -> None:
    bootstrap = f"127.0.0.1:{closed_port}"
    with serving(tmp_path, bootstrap, topic) as url:
        health = requests.get(f"{url}/health", timeout=REQUEST_S)
        assert health.status_code == 200 and health.json()["nodes"] == 15
        wait_for(lambda: status(url)["state"] == "waiting", "/stream/status to tell the broker is away")
        away = status(url)
        assert away["source"] == "kafka"
        assert away["last_error"] == f"Kafka broker {bootstrap} unavailable"
        with LocalBroker(closed_port) as broker:
            send(broker.bootstrap, topic, [chatter("1003", "came_late")])
            wait_for(lambda: has_user(url, "came_late"), "the message sent once the broker came")
            wait_for(lambda: status(url)["state"] == "running", "/stream/status to say it resumed")
        assert requests.get(f"{url}/health", timeout=REQUEST_S).json()["nodes"] == 16


def test_serve_on_memgraph_publishes_the_topic_and_leaves_the_writing_to_memgraph(
    tmp_path: Path, broker: LocalBroker, topic: str
) -> None:
    """No Memgraph answers at MG_PORT: the consumer would fail every batch if it tried to write."""
    nowhere = {"GRAPH_BACKEND": "memgraph", "MG_PORT": str(free_port()), "DB_WAIT_S": "1"}
    with serving(tmp_path, broker.bootstrap, topic, **nowhere) as url:
        messages = [chatter("1001", "relayed_one"), (b"1001", b"{}"), chatter("1005", "relayed_two")]
        seen = chatters_until(
            url, {"relayed_one", "relayed_two"}, lambda: send(broker.bootstrap, topic, messages)
        )
        assert seen == {"1001": ["relayed_one"], "1005": ["relayed_two"]}
        wait_for(lambda: status(url)["messages"] == 3, "the batch to be recorded")
        now = status(url)
        assert (now["source"], now["state"], now["dead_letters"], now["written"]) == (
            "kafka",
            "running",
            1,
            0,
        )
        assert now["last_error"] is None


def test_the_events_only_writer_never_writes_to_the_graph(graph: NamedGraph, tmp_path: Path) -> None:
    """The in-process consumer path with the events-only writer, on a real graph: every chatter row of
    the tiny folder is published, none written."""
    folder = tmp_path / "rows"
    shutil.copytree(TINY, folder)
    with (folder / "chatters.csv").open("a", encoding="utf-8") as rows:
        rows.write("1001,fresh_viewer\n")
    app = create_app({**graph.overrides, "GRAPH_NAME": graph.name})
    store = app.extensions["twitchgraph"].get()
    import_folder(store, read_folder(TINY))
    before = signature(store)
    subscription = hub_of(app).subscribe(1)
    assert subscription is not None
    source = InProcessReplay(folder)
    _consume_in_process(app, source, EventsOnlyWriter())
    wait_for(lambda: hub_of(app).stream_status()["state"] == "stopped", "the replay to end")
    published = _published_logins(subscription)
    assert "fresh_viewer" in published
    done = hub_of(app).stream_status()
    assert done["messages"] == len(published) + done["dead_letters"]
    assert done["written"] == 0
    assert signature(store) == before
    hub_of(app).unsubscribe(subscription)


def _published_logins(subscription: Subscription) -> list[str]:
    logins: list[str] = []
    while not subscription.queue.empty():
        event, data = subscription.queue.get_nowait()
        if event == "chatters":
            logins += data["logins"]
    return logins
