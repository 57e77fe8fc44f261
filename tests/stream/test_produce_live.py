"""``stream produce --live``: the chat reader's sightings as chatter events (the sink alone, then through
fake Twitch servers on loopback and the tansu broker, then the command and its SIGTERM)."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from subprocess import PIPE

import pytest
from click.testing import CliRunner, Result
from confluent_kafka import Consumer

from backend.stream.kafka import client_config
from backend.stream.local_broker import LocalBroker
from backend.stream.producer import ProduceResult, publish_live
from cli import stream
from collector import helix as helix_module
from collector.config import load_config
from collector.fakes import FakeChannel, FakeHelix, FakeIrc, World
from collector.helix import HelixClient
from collector.irc import ChatReader
from collector.live import LiveChatters, LiveCollector, LiveOptions
from contracts.stream import ChatterEvent, decode
from tests.stream.conftest import FAST_GROUP

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 30.0  # the bound of every wait for something to happen
T0 = 1_800_000_000.0  # a window boundary for 5-minute windows (a multiple of 300)
WINDOW_S = 300
IDLE_S = 1.5  # how long a reader waits to be sure nothing more comes


def channel(user_id: str, login: str, language: str = "fr", **people: tuple[str, ...]) -> FakeChannel:
    return FakeChannel(
        *(user_id, login, login, "", "", language, "", 0, "", 0, "2015-01-01T00:00:00Z"),
        stream_id=str(40_000_000_000 + int(user_id)),
        title="en direct",
        teams=(),
        vips=frozenset(people.get("vips", ())),
        moderators=frozenset(people.get("moderators", ())),
        chatters=people.get("chatters", ()),
    )


# Two French channels and an English one. chaine_un's broadcaster is in its own roster (with their badge);
# vera is a VIP and a moderator there, mo a moderator.
WORLD = World(
    [
        channel(
            "1001",
            "chaine_un",
            chatters=("alice", "bob", "chaine_un"),
            vips=("vera",),
            moderators=("mo", "vera"),
        ),
        channel("1002", "chaine_deux", chatters=("alice",)),
        channel("1003", "english_one", language="en", chatters=("carol",)),
    ]
)
# What joining the French channels shows (the NAMES lists): everyone in the roster but the broadcaster.
ON_JOIN = [
    *(("1001", login, "chatter", "chaine_un") for login in ("alice", "bob", "mo", "vera")),
    ("1002", "alice", "chatter", "chaine_deux"),
]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class TopicReader:
    """A consumer of the topic from its start that keeps what it read (no commits)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        options = {
            "group.id": f"reader-{uuid.uuid4().hex[:8]}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": "false",
            "topic.metadata.refresh.interval.ms": "500",  # the topic appears with the first message sent
            **FAST_GROUP,
        }
        self.consumer = Consumer(client_config(bootstrap, options))
        self.consumer.subscribe([topic])
        self.topic = topic
        self.messages: list[tuple[bytes, ChatterEvent]] = []

    def until(self, count: int) -> list[tuple[bytes, ChatterEvent]]:
        """The messages read so far, once there are ``count`` of them."""
        deadline = time.monotonic() + WAIT_S
        while len(self.messages) < count:
            assert time.monotonic() < deadline, f"waited {WAIT_S:g} s for {count} messages: {self.messages}"
            found = self.consumer.consume(count, 0.2)
            self.messages += [(m.key(), decode(m.value())) for m in found if not m.error()]
        return self.messages

    def more(self) -> list[tuple[bytes, ChatterEvent]]:
        """What else arrives within IDLE_S seconds (tansu's watermarks do not count messages)."""
        before = len(self.messages)
        deadline = time.monotonic() + IDLE_S
        while time.monotonic() < deadline:
            found = self.consumer.consume(100, 0.2)
            self.messages += [(m.key(), decode(m.value())) for m in found if not m.error()]
        return self.messages[before:]

    def close(self) -> None:
        self.consumer.close()


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_S:g} s for {what}"
        time.sleep(0.05)


def content(messages: list[tuple[bytes, ChatterEvent]]) -> Counter[tuple[str, ...]]:
    """The messages as (user_id, login, kind, streamer) with multiplicities, after checking each key."""
    for key, event in messages:
        assert key == event.user_id.encode()
    return Counter((e.user_id, e.chatter_login, e.kind, e.streamer_login or "") for _key, e in messages)


@pytest.fixture
def fakes() -> Iterator[tuple[FakeHelix, FakeIrc]]:
    """Fake Helix and a fake chat that says only what a test scripts."""
    helix = FakeHelix(WORLD).start()
    irc = FakeIrc(WORLD, joins_per_10s=500, chat=False).start()
    yield helix, irc
    irc.stop()
    helix.stop()


def fake_env(helix: FakeHelix, irc: FakeIrc) -> dict[str, str]:
    return {
        "TWITCH_CLIENT_ID": helix.client_id,
        "TWITCH_CLIENT_SECRET": helix.client_secret,
        "TWITCH_USER_TOKEN": "",
        "TWITCH_HELIX_URL": helix.helix_url,
        "TWITCH_AUTH_URL": helix.auth_url,
        "TWITCH_IRC_URL": irc.url,
        "TWITCH_IRC_JOINS_PER_10S": "500",
        "TWITCH_HTTP_TIMEOUT_S": "2",
    }


# --- the sink alone -------------------------------------------------------------------------------------


def drain(sink: LiveChatters) -> list[tuple[str, str, str, str]]:
    events = []
    while (event := sink.next_event(0)) is not None:
        events.append((event.user_id, event.chatter_login, event.kind, event.streamer_login or ""))
    return events


def test_the_sink_sends_a_first_sighting_per_window_with_badges_as_kinds() -> None:
    clock = Clock(T0 + 10)
    sink = LiveChatters(WINDOW_S, clock)
    sink.set_broadcasters({"chaine_un": "1001", "Chaine_Deux": "1002"})
    sink.joined("chaine_un")
    sink.names("chaine_un", ["alice", "chaine_un"])  # the broadcaster in their own room is no audience
    sink.chat("chaine_un", "vera", frozenset({"vip", "moderator", "subscriber"}))
    sink.chat("chaine_un", "alice", frozenset({"moderator"}))  # seen as a chatter already: the badge is new
    sink.chat("chaine_un", "alice", frozenset({"moderator"}))
    sink.chat("chaine_un", "chaine_un", frozenset({"broadcaster"}))
    sink.member_join("chaine_deux", "alice")  # another channel: another first sighting
    sink.chat("unknown_channel", "bob", frozenset())  # no broadcaster id: nothing to send
    sink.chat("chaine_un", "not-a-login", frozenset())
    first = drain(sink)
    assert first == [
        ("1001", "alice", "chatter", "chaine_un"),
        ("1001", "vera", "chatter", "chaine_un"),
        ("1001", "vera", "vip", "chaine_un"),
        ("1001", "vera", "moderator", "chaine_un"),
        ("1001", "alice", "moderator", "chaine_un"),
        ("1002", "alice", "chatter", "chaine_deux"),
    ]
    sink.member_part("chaine_deux", "alice")
    clock.now = T0 + WINDOW_S + 1  # the next window: everyone still in a room is seen again
    assert drain(sink) == [("1001", "alice", "chatter", "chaine_un")]
    sink.chat("chaine_un", "vera", frozenset({"vip"}))
    sink.chat("chaine_un", "alice", frozenset())
    assert drain(sink) == [("1001", "vera", "chatter", "chaine_un"), ("1001", "vera", "vip", "chaine_un")]


def test_the_sink_stamps_the_time_seen_and_forgets_a_room_it_left() -> None:
    clock = Clock(T0 + 42.7)
    sink = LiveChatters(WINDOW_S, clock)
    sink.set_broadcasters({"chaine_un": "1001"})
    sink.joined("chaine_un")
    sink.member_join("chaine_un", "bob")
    event = sink.next_event(0)
    assert event is not None and event.at == datetime.fromtimestamp(T0 + 42.7, UTC)
    sink.left("chaine_un")
    clock.now = T0 + 2 * WINDOW_S
    assert drain(sink) == []


# --- through fake Twitch and the broker -----------------------------------------------------------------


def test_live_chat_arrives_on_the_topic_once_per_window(
    fakes: tuple[FakeHelix, FakeIrc], broker: LocalBroker, topic: str
) -> None:
    helix, irc = fakes
    config = load_config(None, environ=fake_env(helix, irc))
    clock = Clock(T0 + 10)
    collector = LiveCollector(
        LiveOptions("fr", 100, WINDOW_S),
        HelixClient(config),
        lambda sink: ChatReader(config.irc_url, sink, joins_per_10s=config.joins_per_10s),
        clock=clock,
    )
    assert collector.start() == 2  # the French channels
    stop = threading.Event()
    results: list[ProduceResult] = []
    producer = threading.Thread(
        target=lambda: results.append(publish_live(collector.events(stop), broker.bootstrap, topic=topic))
    )
    producer.start()
    reader = TopicReader(broker.bootstrap, topic)
    try:
        assert content(reader.until(len(ON_JOIN))) == Counter(ON_JOIN)
        assert irc.joined_rooms() == {"chaine_un", "chaine_deux"}
        irc.say("chaine_un", "vera", badges="moderator/1,vip/1")
        irc.say("chaine_un", "bob")  # seen already in this window
        irc.say("chaine_un", "chaine_un", badges="broadcaster/1")
        irc.user_join("chaine_deux", "newbie")
        badged = [("1001", "vera", "vip", "chaine_un"), ("1001", "vera", "moderator", "chaine_un")]
        arrived = [("1002", "newbie", "chatter", "chaine_deux")]
        assert content(reader.until(len(ON_JOIN) + 3)) == Counter(ON_JOIN + badged + arrived)
        clock.now = T0 + WINDOW_S + 10  # a new window: the people in the rooms come again
        irc.say("chaine_un", "vera", badges="moderator/1,vip/1")
        second = ON_JOIN + arrived + badged
        messages = reader.until(2 * len(second))
        assert content(messages) == Counter(second + second)
        assert {e.at for _key, e in messages[len(second) :]} == {datetime.fromtimestamp(clock.now, UTC)}
    finally:
        stop.set()
        producer.join(WAIT_S)
        extra = reader.more()
        reader.close()
    assert extra == []
    assert results[0].failed == 0 and results[0].delivered == results[0].sent == 2 * len(second)


# --- the command ----------------------------------------------------------------------------------------


def invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(stream.stream_group, ["produce", *args], env=env)


def test_the_command_delivers_what_it_saw_and_exits_0_on_sigterm(
    fakes: tuple[FakeHelix, FakeIrc], broker: LocalBroker, topic: str
) -> None:
    command = [sys.executable, "-m", "cli", "stream", "produce", "--live", "--language", "fr", "--top", "100"]
    command += ["--bootstrap", broker.bootstrap, "--topic", topic, "--env-file", os.devnull]
    env = {**os.environ, **fake_env(*fakes)}
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=PIPE, stderr=PIPE, text=True) as process:
        reader = TopicReader(broker.bootstrap, topic)
        try:
            assert content(reader.until(len(ON_JOIN))) == Counter(ON_JOIN)
            process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=WAIT_S)
            extra = reader.more()
        finally:
            reader.close()
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, err
    assert "publishing the chat of 2 live channels to " + topic in err
    assert "Traceback" not in err
    assert out.startswith(
        f"published the live chat of 2 channels to {topic} at {broker.bootstrap}: "
        f"{len(ON_JOIN)} of {len(ON_JOIN)} messages delivered, 0 failed, in "
    )
    assert extra == []


def test_exactly_one_of_replay_and_live(broker: LocalBroker) -> None:
    for args in ((), ("--live", "--replay", os.devnull)):
        result = invoke({}, *args, "--bootstrap", broker.bootstrap)
        assert result.exit_code == 2 and "Error: give exactly one of --replay FILE or --live" in result.output
    replayed = invoke({}, "--replay", os.devnull, "--language", "fr", "--bootstrap", broker.bootstrap)
    assert replayed.exit_code == 2 and "Error: --language only with --live" in replayed.output


def test_refused_credentials_are_one_line(fakes: tuple[FakeHelix, FakeIrc], broker: LocalBroker) -> None:
    env = {**fake_env(*fakes), "TWITCH_CLIENT_SECRET": "wrong-secret"}
    result = invoke(env, "--live", "--bootstrap", broker.bootstrap, "--env-file", os.devnull)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: Twitch refused the application credentials (HTTP 4")
    assert result.output.count("\n") == 1


def test_missing_credentials_and_unreachable_twitch_are_one_line(
    fakes: tuple[FakeHelix, FakeIrc], broker: LocalBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = invoke({"TWITCH_CLIENT_ID": "", "TWITCH_CLIENT_SECRET": ""}, "--live", "--env-file", os.devnull)
    assert missing.exit_code == 1
    assert missing.output.startswith(
        "Error: configuration: TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET not set"
    )
    monkeypatch.setattr(helix_module, "BACKOFF_S", 0.001)
    closed = LocalBroker()  # a free loopback port nobody listens on
    env = {**fake_env(*fakes), "TWITCH_AUTH_URL": f"http://{closed.bootstrap}/oauth2"}
    away = invoke(env, "--live", "--bootstrap", broker.bootstrap, "--env-file", os.devnull)
    assert away.exit_code == 1 and "Traceback" not in away.output
    assert away.output.splitlines()[-1].startswith("Error: could not reach Twitch's OAuth server at http://")


def test_an_absent_broker_is_one_line(
    fakes: tuple[FakeHelix, FakeIrc], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "BROKER_CHECK_S", 0.5)
    closed = LocalBroker()
    result = invoke(fake_env(*fakes), "--live", "--bootstrap", closed.bootstrap, "--env-file", os.devnull)
    assert result.exit_code == 1
    assert result.output == f"Error: Kafka broker {closed.bootstrap} unavailable (no answer in 0.5s)\n"
