"""The consumer loop without Kafka: the in-process replay source, a failed batch fetched again, status."""

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from backend.graph.store import GraphStore, StoreUnavailableError
from backend.loader.importer import import_folder
from backend.stream.consumer import ConsumerOptions, run
from backend.stream.kafka import KafkaSource
from backend.stream.local_broker import LocalBroker
from backend.stream.producer import replay_file
from backend.stream.sources import InProcessReplay
from backend.stream.writer import BatchResult, RawMessage, StreamWriter
from contracts.import_csv import read_folder
from tests.conftest import TINY
from tests.stream.conftest import FAST_GROUP, LINK_FILES, signature


def test_the_in_process_replay_writes_the_graph_kafka_writes(
    store: GraphStore, base_folder: Path, broker: LocalBroker, topic: str
) -> None:
    import_folder(store, read_folder(base_folder))
    for name, kind in zip(LINK_FILES, ("vip", "moderator", "chatter"), strict=True):
        replay_file(TINY / name, broker.bootstrap, topic=topic, kind=kind)
    run(
        KafkaSource(broker.bootstrap, topic, "g", FAST_GROUP),
        StreamWriter(store),
        ConsumerOptions(until_idle_s=1),
    )
    through_kafka = signature(store)
    store.clear()
    import_folder(store, read_folder(base_folder))
    replay = InProcessReplay(TINY)
    stats = run(replay, StreamWriter(store), ConsumerOptions(batch_size=4))
    assert signature(store) == through_kafka
    assert (stats.messages, stats.dead_letters, stats.batches) == (19, 3, 5)
    assert [letter.reason for letter in replay.dead_letters][-1].startswith("chatter_login missing")
    assert stats.source == f"in-process replay of {TINY}" and stats.lag == 0


def test_the_in_process_replay_keeps_its_rate() -> None:
    now = [0.0]
    replay = InProcessReplay(
        TINY, rate=10, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s)
    )
    assert replay.fetch(100, 0.05) == []  # nothing due yet; it waited the 50 ms it was given
    now[0] = 0.35
    assert len(replay.fetch(100, 0.1)) == 3
    assert replay.lag() == 19 - 3  # the tiny folder has 19 VIP, moderator and chatter rows
    now[0] = 10.0
    assert len(replay.fetch(100, 0.1)) == 16 and replay.exhausted and replay.lag() == 0


class _FailsOnce:
    """A writer whose first batch fails as a database that is away would."""

    def __init__(self, writer: StreamWriter) -> None:
        self._writer = writer
        self.calls = 0

    def write(self, messages: Sequence[RawMessage]) -> BatchResult:
        self.calls += 1
        if self.calls == 1:
            raise StoreUnavailableError("the embedded FalkorDB stopped answering")
        return self._writer.write(messages)


def test_a_failed_batch_is_fetched_again_and_the_outage_said_once(
    store: GraphStore, base_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import_folder(store, read_folder(TINY))
    expected = signature(store)
    store.clear()
    import_folder(store, read_folder(base_folder))
    writer = _FailsOnce(StreamWriter(store))
    stats = run(InProcessReplay(TINY), writer, ConsumerOptions(batch_size=100, retry_s=0.01))
    assert writer.calls == 2 and stats.messages == 19
    assert signature(store) == expected
    assert stats.last_error == (
        "batch not written (the embedded FalkorDB stopped answering); trying again every 0.01 s"
    )
    notices = [r.getMessage() for r in caplog.records if r.name == "backend.stream.consumer"]
    assert [n.split(" (")[0] for n in notices] == ["batch not written", "resumed"]
    assert json.loads(json.dumps(stats.as_dict()))["written"] == {"CHATTER": 8, "MODERATOR": 5, "VIP": 3}
