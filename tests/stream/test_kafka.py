"""Over the real Kafka protocol (tansu on loopback): replays, redelivery, poison, a killed consumer, a
broker that goes away, a consumer group of two. Every wait is bounded."""

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer

from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from backend.stream.consumer import ConsumerOptions, run
from backend.stream.kafka import KafkaSource, client_config
from backend.stream.local_broker import LocalBroker
from backend.stream.producer import replay_file
from backend.stream.status import ConsumerStats, StreamStatus
from backend.stream.writer import StreamWriter
from contracts.import_csv import read_folder
from contracts.stream import DEAD_LETTER_SUFFIX
from tests.conftest import TINY
from tests.stream.conftest import FAST_GROUP, LINK_FILES, NamedGraph, duplicated_edges, signature

ROOT = Path(__file__).resolve().parents[2]
IDLE_S = 1.5  # --until-idle of a consumer that should drain its topic and return
WAIT_S = 30.0  # the bound of every wait for something to happen


def consume(store: GraphStore, bootstrap: str, topic: str, group: str = "g", **options: Any) -> ConsumerStats:
    """Drain ``topic`` into ``store`` with an in-process consumer, returning once idle."""
    source = KafkaSource(bootstrap, topic, group, FAST_GROUP)
    until_idle = ConsumerOptions(until_idle_s=IDLE_S, **options)
    return run(source, StreamWriter(store), until_idle)


def send(bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes | None]]) -> None:
    producer = Producer(client_config(bootstrap))
    for key, value in messages:
        producer.produce(topic, value, key)
    assert producer.flush(WAIT_S) == 0


def read_topic(bootstrap: str, topic: str, count: int) -> list[Any]:
    """``count`` messages of ``topic`` from its start, as (key, value) pairs."""
    options = {"group.id": "reader", "auto.offset.reset": "earliest", **FAST_GROUP}
    reader = Consumer(client_config(bootstrap, options))
    reader.subscribe([topic])
    found: list[Any] = []
    deadline = time.monotonic() + WAIT_S
    while len(found) < count and time.monotonic() < deadline:
        found += [(m.key(), m.value()) for m in reader.consume(count, 0.2) if not m.error()]
    reader.close()
    return found


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_S:g} s for {what}"
        time.sleep(0.05)


def edge_count(store: GraphStore, rel_type: str = "CHATTER") -> int:
    return store.ro_query(f"MATCH ()-[r:{rel_type}]->() RETURN count(r)").single_value()


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A chatters file of 24,000 rows for the tiny streamers (6,000 people new to the graph, in four
    channels each), poison rows mixed in; and ``direct``, the import folder holding those rows too."""
    rows = [f"{uid},k_{i}" for i in range(6_000) for uid in ("1001", "1002", "1003", "1005")]
    rows[100:100] = ["1001,bad-login", "9999,nobody_knows"]  # poison a loader rejects as well
    chatters = tmp_path / "chatters.csv"
    chatters.write_text("\n".join(rows) + "\n")
    direct = tmp_path / "direct"
    shutil.copytree(TINY, direct)
    with (direct / "chatters.csv").open("a") as handle:
        handle.write("\n".join(rows) + "\n")
    return chatters


def test_a_replay_gives_the_graph_of_a_direct_load(
    store: GraphStore, base_folder: Path, broker: LocalBroker, topic: str
) -> None:
    import_folder(store, read_folder(TINY))
    expected = signature(store)
    store.clear()
    import_folder(store, read_folder(base_folder))
    for name, kind in zip(LINK_FILES, ("vip", "moderator", "chatter"), strict=True):
        result = replay_file(TINY / name, broker.bootstrap, topic=topic, kind=kind)
        assert (result.failed, result.delivered) == (0, result.sent)
    stats = consume(store, broker.bootstrap, topic)
    assert signature(store) == expected
    # What the loader rejects is dead-lettered: two bad logins, a broadcaster not in streamers.csv.
    assert (stats.messages, stats.dead_letters) == (19, 3)


def test_every_message_twice_writes_each_edge_once(
    store: GraphStore, base_folder: Path, broker: LocalBroker, topic: str
) -> None:
    import_folder(store, read_folder(base_folder))
    for _ in range(2):
        replay_file(TINY / "chatters.csv", broker.bootstrap, topic=topic)
    stats = consume(store, broker.bootstrap, topic)
    assert stats.messages == 18 and edge_count(store) == 7
    assert duplicated_edges(store) == []


def test_poison_goes_to_the_dead_letter_topic_with_its_reason(
    store: GraphStore, base_folder: Path, broker: LocalBroker, topic: str
) -> None:
    import_folder(store, read_folder(base_folder))
    poison = {
        b"p1": b"{not json",
        b"p2": b'{"user_id": "1001"}',
        b"p3": b'{"user_id": "1001", "chatter_login": "no-dashes"}',
        b"p4": b'{"user_id": "777", "chatter_login": "somebody"}',
        b"p5": b'{"user_id": "1001", "chatter_login": "big", "pad": "' + b"x" * 5000 + b'"}',
    }
    oversized = len(poison[b"p5"])
    good = [(b"1001", b'{"user_id":"1001","chatter_login":"good_%d"}' % i) for i in range(50)]
    send(broker.bootstrap, topic, good[:25] + list(poison.items()) + good[25:])
    stats = consume(store, broker.bootstrap, topic)
    assert (stats.messages, stats.written, stats.dead_letters) == (55, {"CHATTER": 50}, 5)
    dead = read_topic(broker.bootstrap, topic + DEAD_LETTER_SUFFIX, 5)
    letters = {key: json.loads(value) for key, value in dead}
    reasons = {key: letter["reason"] for key, letter in letters.items()}
    assert reasons[b"p1"].startswith("not JSON")
    assert reasons[b"p2"] == "chatter_login missing or not a Twitch login (1-25 letters, digits or _)"
    assert reasons[b"p3"] == "chatter_login missing or not a Twitch login (1-25 letters, digits or _)"
    assert reasons[b"p4"] == "unknown broadcaster user_id 777 and no streamer_login"
    assert reasons[b"p5"] == f"message of {oversized} bytes, over the 4096-byte limit"
    assert letters[b"p2"]["value"] == '{"user_id": "1001"}'
    assert edge_count(store) == 50


def test_a_consumer_killed_mid_stream_and_restarted_loses_and_duplicates_nothing(
    graph: NamedGraph, broker: LocalBroker, topic: str, world: Path
) -> None:
    """The issue's end state: a file replayed twice with poison in it, into a graph loaded from an import
    folder, a consumer SIGKILLed and restarted: the edges of a direct load of both, once each."""
    store = graph.store
    import_folder(store, read_folder(world.parent / "direct"))
    expected = signature(store)
    store.clear()
    import_folder(store, read_folder(TINY))
    for _ in range(2):
        assert replay_file(world, broker.bootstrap, topic=topic).failed == 0
    command = [sys.executable, "-m", "cli.stream", "consume", "--bootstrap", broker.bootstrap]
    command += ["--topic", topic, "--group", "killed", "--batch-size", "500"]
    command += [arg for key, value in FAST_GROUP.items() for arg in ("-X", f"{key}={value}")]
    env = graph.env
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: edge_count(store) >= 3_000, "the first consumer to write a few batches")
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=WAIT_S)
    assert 0 < edge_count(store) < 24_000 + 7, "killed after it was done: not mid-stream"
    second = subprocess.run(
        [*command, "--until-idle", str(IDLE_S)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=90
    )
    assert second.returncode == 0, second.stderr
    assert "dead letters to" in second.stdout
    assert signature(store) == expected
    assert duplicated_edges(store) == []


def test_the_consumer_waits_for_a_broker_that_went_away_and_resumes(
    store: GraphStore, base_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import_folder(store, read_folder(base_folder))
    with LocalBroker() as broker, _running_consumer(store, broker.bootstrap, "chatters") as status:
        send(broker.bootstrap, "chatters", [(b"1001", b'{"user_id":"1001","chatter_login":"before"}')])
        wait_for(lambda: status.snapshot().messages == 1, "the first message")
        broker.stop()
        wait_for(lambda: status.snapshot().state == "waiting", "the consumer to notice")
        assert "unavailable" in (status.snapshot().last_error or "")
        broker.start()  # same port; in memory, so the topic and the group's offsets are gone
        send(broker.bootstrap, "chatters", [(b"1002", b'{"user_id":"1002","chatter_login":"after"}')])
        wait_for(lambda: status.snapshot().messages == 2, "the message sent after the restart")
        wait_for(lambda: status.snapshot().state == "running", "the consumer to say it resumed")
    assert edge_count(store) == 2
    notices = [r.getMessage() for r in caplog.records if r.name.startswith("backend.stream")]
    assert sum("unavailable: waiting" in n for n in notices) == 1  # said once, not per retry
    assert any(n.startswith("resumed") for n in notices)


def test_two_consumers_in_a_group_share_the_partitions_and_write_each_message_once(
    graph: NamedGraph, base_folder: Path, broker: LocalBroker, topic: str
) -> None:
    store = graph.store
    import_folder(store, read_folder(base_folder))
    broker.create_topic(topic, partitions=2)
    other = graph.open_again()  # a second process would have its own connection
    try:
        with (
            _running_consumer(store, broker.bootstrap, topic, "pair") as one,
            _running_consumer(other, broker.bootstrap, topic, "pair") as two,
        ):
            time.sleep(0.5)  # both members in the group before the messages (a rebalance later is fine)
            keys = ("1001", "1002", "1003", "1005")
            messages = [
                (k.encode(), b'{"user_id":"%s","chatter_login":"p_%d"}' % (k.encode(), i))
                for i in range(500)
                for k in keys
            ]
            send(broker.bootstrap, topic, messages)
            wait_for(lambda: one.snapshot().messages + two.snapshot().messages >= 2_000, "all messages")
            time.sleep(IDLE_S)  # anything delivered twice would arrive now
        counts = (one.snapshot().messages, two.snapshot().messages)
    finally:
        other.close()
    assert sum(counts) == 2_000 and min(counts) > 0, counts
    assert edge_count(store) == 2_000 and duplicated_edges(store) == []


class _running_consumer:
    """A consumer loop in a thread until the block ends; yields its live status."""

    def __init__(self, store: GraphStore, bootstrap: str, topic: str, group: str = "g") -> None:
        self._source = KafkaSource(bootstrap, topic, group, FAST_GROUP)
        self._status = StreamStatus(self._source.description)
        self._stop = threading.Event()
        options = ConsumerOptions(retry_s=0.2)
        self._thread = threading.Thread(
            target=run,
            args=(self._source, StreamWriter(store), options),
            kwargs={"stop": self._stop, "status": self._status},
        )

    def __enter__(self) -> StreamStatus:
        self._thread.start()
        return self._status

    def __exit__(self, *_exc: Any) -> None:
        self._stop.set()
        self._thread.join(WAIT_S)
        assert not self._thread.is_alive()
