"""backend/stream/memgraph_attach.py without a Memgraph: the CREATE KAFKA STREAM text GQLAlchemy writes, the
checks that keep bad text out of it, and attach/detach against a recording stand-in for the connection."""

import socket
from pathlib import Path

import pytest

from backend.config import load_settings
from backend.stream.memgraph_attach import (
    TRANSFORM,
    AttachError,
    StreamOptions,
    attach,
    connect,
    detach,
    kafka_stream,
)

REPO = Path(__file__).resolve().parents[2]


class FakeMemgraph:
    """GQLAlchemy's Memgraph as attach and detach use it: statements are recorded, SHOW STREAMS answered."""

    def __init__(self, streams: dict[str, bool] | None = None, fail_on: str | None = None) -> None:
        self.streams = dict(streams or {})
        self.statements: list[str] = []
        self.fail_on = fail_on

    def execute(self, query: str) -> None:
        self.statements.append(query)
        if self.fail_on and query.startswith(self.fail_on):
            raise RuntimeError("Kafka topic chatters\ndoes not exist")

    def execute_and_fetch(self, query: str):
        self.statements.append(query)
        assert query == "SHOW STREAMS;"
        return iter(
            [{"name": name, "type": "kafka", "is running": running} for name, running in self.streams.items()]
        )

    # GQLAlchemy's own methods, reduced to the statements they send (gqlalchemy/vendors/memgraph.py).
    def create_stream(self, stream) -> None:
        self.execute(stream.to_cypher())

    def start_stream(self, stream) -> None:
        self.execute(f"START STREAM {stream.name};")

    def drop_stream(self, stream) -> None:
        self.execute(f"DROP STREAM {stream.name};")


def test_create_statement_is_gqlalchemys():
    options = StreamOptions("kafka:9092")
    assert kafka_stream(options).to_cypher() == (
        "CREATE KAFKA STREAM twitchgraph_chatters TOPICS chatters TRANSFORM twitchgraph_stream.chatters "
        "CONSUMER_GROUP twitchgraph_memgraph BATCH_INTERVAL 100 BATCH_SIZE 1000 "
        "BOOTSTRAP_SERVERS 'kafka:9092';"
    )
    other = StreamOptions(
        "k1:9092,10.0.0.2:9093",
        name="s2",
        topics=("chatters", "more.chatters"),
        batch_size=5,
        batch_interval_ms=7,
    )
    assert kafka_stream(other).to_cypher() == (
        "CREATE KAFKA STREAM s2 TOPICS chatters,more.chatters TRANSFORM twitchgraph_stream.chatters "
        "CONSUMER_GROUP twitchgraph_memgraph BATCH_INTERVAL 7 BATCH_SIZE 5 "
        "BOOTSTRAP_SERVERS 'k1:9092,10.0.0.2:9093';"
    )


def test_the_transform_is_the_modules():
    assert TRANSFORM == "twitchgraph_stream.chatters"
    module = REPO / "memgraph" / "query_modules" / "twitchgraph_stream.py"
    assert "@mgp.transformation\ndef chatters(" in module.read_text()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"name": "x; DROP GRAPH"}, "stream name"),
        ({"name": "1abc"}, "stream name"),
        ({"topics": ()}, "at least one topic"),
        ({"topics": ("chat ters",)}, "topic"),
        ({"topics": ("chatters TRANSFORM x.y",)}, "topic"),
        ({"consumer_group": "g'roup"}, "consumer group"),
        ({"transform": "chatters"}, "transformation"),
        ({"bootstrap_servers": "kafka:9092'; MATCH (n) DETACH DELETE n; //"}, "bootstrap servers"),
        ({"bootstrap_servers": "kafka"}, "bootstrap servers"),
        ({"bootstrap_servers": "kafka:99999"}, "over 65535"),
        ({"batch_size": 0}, "batch size"),
        ({"batch_size": 100_001}, "batch size"),
        ({"batch_interval_ms": 0}, "batch interval"),
    ],
)
def test_bad_options_are_refused_before_any_statement(fields, reason):
    with pytest.raises(AttachError, match=reason) as error:
        StreamOptions(**{"bootstrap_servers": "kafka:9092", **fields})
    assert "\n" not in str(error.value)


def test_valid_addresses():
    for servers in ("127.0.0.1:9092", "kafka:9092,kafka-2.internal:19092", "[::1]:9092"):
        assert StreamOptions(servers).bootstrap_servers == servers


def test_attach_creates_and_starts():
    memgraph = FakeMemgraph()
    said = attach(memgraph, StreamOptions("kafka:9092"))
    assert memgraph.statements == [
        "SHOW STREAMS;",
        kafka_stream(StreamOptions("kafka:9092")).to_cypher(),
        "START STREAM twitchgraph_chatters;",
    ]
    assert said.startswith("stream twitchgraph_chatters created and started: topics chatters at kafka:9092")


def test_attach_again_is_harmless():
    running = FakeMemgraph({"twitchgraph_chatters": True})
    assert "already attached and running" in attach(running, StreamOptions("kafka:9092"))
    assert running.statements == ["SHOW STREAMS;"]
    stopped = FakeMemgraph({"twitchgraph_chatters": False})
    assert "started (it existed, stopped)" in attach(stopped, StreamOptions("kafka:9092"))
    assert stopped.statements == ["SHOW STREAMS;", "START STREAM twitchgraph_chatters;"]


def test_detach_stops_and_drops():
    running = FakeMemgraph({"twitchgraph_chatters": True, "other": True})
    assert detach(running) == "stream twitchgraph_chatters stopped and dropped"
    assert running.statements == [
        "SHOW STREAMS;",
        "STOP STREAM twitchgraph_chatters;",
        "DROP STREAM twitchgraph_chatters;",
    ]
    stopped = FakeMemgraph({"twitchgraph_chatters": False})
    detach(stopped)
    assert stopped.statements == ["SHOW STREAMS;", "DROP STREAM twitchgraph_chatters;"]
    nothing = FakeMemgraph()
    assert detach(nothing) == "no stream twitchgraph_chatters: nothing to detach"
    with pytest.raises(AttachError, match="stream name"):
        detach(nothing, "a b")


def test_memgraph_refusing_is_one_line():
    memgraph = FakeMemgraph(fail_on="CREATE KAFKA STREAM")
    with pytest.raises(AttachError) as error:
        attach(memgraph, StreamOptions("kafka:9092"))
    assert str(error.value) == (
        "Memgraph: create stream twitchgraph_chatters: Kafka topic chatters does not exist"
    )


def test_memgraph_unreachable_is_one_line():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    memgraph = connect(load_settings({"MG_HOST": "127.0.0.1", "MG_PORT": port}))
    with pytest.raises(AttachError) as error:
        attach(memgraph, StreamOptions("kafka:9092"))
    assert str(error.value).startswith(f"Memgraph: list streams at 127.0.0.1:{port}: unreachable")
    assert "\n" not in str(error.value)
