"""``twitchgraph stream produce | consume`` through click's runner: summaries, one-line errors."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backend.loader.importer import import_folder
from backend.stream.local_broker import LocalBroker
from cli import stream
from contracts.import_csv import read_folder
from tests.conftest import TINY
from tests.stream.conftest import FAST_GROUP, NamedGraph

FAST = [arg for key, value in FAST_GROUP.items() for arg in ("-X", f"{key}={value}")]


def invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(stream.stream_group, list(args), env=env)


def test_produce_then_consume_a_headerless_file(
    graph: NamedGraph, broker: LocalBroker, topic: str, tmp_path: Path
) -> None:
    import_folder(graph.store, read_folder(TINY))
    demo = tmp_path / "chatters.csv"  # the demo's twitch-stream/chatters.csv has no header
    demo.write_text("1001,streamed_one\n1002,Streamed_Two\n\n1003,a,b\n1005,streamed_one\n")
    produced = invoke(
        graph.env, "produce", "--replay", str(demo), "--bootstrap", broker.bootstrap, "--topic", topic
    )
    assert produced.exit_code == 0, produced.output
    assert f"replayed {demo} to {topic} at {broker.bootstrap}: 3 of 3 messages delivered" in produced.output
    assert "1 lines skipped (not user_id,login)" in produced.output
    consumed = invoke(
        graph.env, "consume", "--bootstrap", broker.bootstrap, "--topic", topic, "--until-idle", "1", *FAST
    )
    assert consumed.exit_code == 0, consumed.output
    assert "consumed 3 messages" in consumed.output
    assert "3 written (3 CHATTER), 2 new users, 0 dead letters to " + topic + ".dead" in consumed.output
    query = "MATCH (u:User)-[:CHATTER]->(s) WHERE u.login STARTS WITH 'streamed' RETURN count(*)"
    assert graph.store.ro_query(query).single_value() == 3


def test_an_absent_broker_is_one_line(graph: NamedGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "BROKER_CHECK_S", 0.5)
    closed = LocalBroker()  # a free port nobody listens on
    result = invoke(
        graph.env, "produce", "--replay", str(TINY / "chatters.csv"), "--bootstrap", closed.bootstrap
    )
    assert result.exit_code == 1
    assert result.output == f"Error: Kafka broker {closed.bootstrap} unavailable (no answer in 0.5s)\n"


def test_bad_kafka_options_are_one_line(graph: NamedGraph, broker: LocalBroker) -> None:
    malformed = invoke(graph.env, "consume", "--bootstrap", broker.bootstrap, "-X", "no-equals-sign")
    assert malformed.exit_code == 2 and "'no-equals-sign' is not KEY=VALUE" in malformed.output
    unknown = invoke(graph.env, "consume", "--bootstrap", broker.bootstrap, "-X", "no.such.property=1")
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output
    assert unknown.output.startswith("Error: Kafka consumer: ") and "no.such.property" in unknown.output
