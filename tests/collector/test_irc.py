"""The chat reader against the fake chat server over loopback: parsing, joins, membership, faults, TLS."""

import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from shutil import which

import pytest

from collector.fakes import FakeIrc, World
from collector.irc import ChatReader, JoinLimiter, badges_of, parse
from collector.window import ChatWindow
from tests.collector.conftest import LANGUAGE

WAIT_S = 10.0  # upper bound of every wait below; they end as soon as the condition holds


def eventually(condition: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def scripted() -> Iterator[FakeIrc]:
    """A fake chat without a world: every channel exists, nobody talks unless told to."""
    server = FakeIrc(None, joins_per_10s=100).start()
    yield server
    server.stop()


@pytest.fixture
def reading() -> Iterator[Callable[..., tuple[ChatReader, ChatWindow]]]:
    readers: list[ChatReader] = []

    def start(url: str, channels: list[str], **kwargs: object) -> tuple[ChatReader, ChatWindow]:
        window = ChatWindow()
        kwargs.setdefault("joins_per_10s", 100)
        reader = ChatReader(url, window, **kwargs)  # type: ignore[arg-type]
        reader.set_channels(channels)
        readers.append(reader.start())
        return reader, window

    yield start
    for reader in readers:
        reader.stop()


def test_parse_a_tagged_privmsg() -> None:
    line = (
        r"@badge-info=;badges=moderator/1,subscriber/12;display-name=Some\sOne;emotes=;"
        r"tmi-sent-ts=1700000000000 :someone!someone@someone.tmi.twitch.tv PRIVMSG #chan :hello there :)"
    )
    message = parse(line)
    assert (message.command, message.nick, message.params) == (
        "PRIVMSG",
        "someone",
        ["#chan", "hello there :)"],
    )
    assert message.tag("display-name") == "Some One" and message.tag("tmi-sent-ts") == "1700000000000"
    assert message.tag("badge-info") == "" and message.tag("missing") == ""
    assert badges_of(message) == {"moderator", "subscriber"}


@pytest.mark.parametrize(
    ("line", "command", "params"),
    [
        ("PING :tmi.twitch.tv", "PING", ["tmi.twitch.tv"]),
        (":tmi.twitch.tv RECONNECT", "RECONNECT", []),
        (":me.tmi.twitch.tv 353 me = #chan :a b c", "353", ["me", "=", "#chan", "a b c"]),
        (":a!a@a.tmi.twitch.tv JOIN #chan", "JOIN", ["#chan"]),
        (
            r"@msg-id=msg_banned :tmi.twitch.tv NOTICE #chan :You are banned.",
            "NOTICE",
            ["#chan", "You are banned."],
        ),
    ],
)
def test_parse_commands(line: str, command: str, params: list[str]) -> None:
    message = parse(line)
    assert (message.command, message.params) == (command, params)


def test_join_limiter_allows_a_sliding_window() -> None:
    limiter = JoinLimiter(3, window_s=10)
    assert limiter.available(0) == 3
    limiter.spend(0, 2)
    limiter.spend(4, 1)
    assert limiter.available(9.9) == 0
    assert limiter.available(10.0) == 2
    assert limiter.available(14.0) == 3


def test_joins_respect_the_rate_limit(world: World, reading: Callable) -> None:
    server = FakeIrc(world, joins_per_10s=5, join_window_s=1.0).start()
    try:
        channels = [c.login for c in world.channels[:12]]
        reader, _ = reading(server.url, channels, joins_per_10s=5, join_window_s=1.0)
        assert reader.wait_settled(WAIT_S)
        assert reader.joined == set(channels) and server.joined_rooms() == set(channels)
        assert server.join_violations == 0 and reader.stats["joins_sent"] == 12
    finally:
        server.stop()


def test_the_fake_notices_joins_over_the_limit(world: World, reading: Callable) -> None:
    server = FakeIrc(world, joins_per_10s=5, join_window_s=1.0).start()
    try:
        reading(server.url, [c.login for c in world.channels[:12]], joins_per_10s=50)
        assert eventually(lambda: server.join_violations == 7)
    finally:
        server.stop()


def test_chatters_and_their_badges_are_seen(world: World, irc_server: FakeIrc, reading: Callable) -> None:
    channel = next(c for c in world.channels if c.language == LANGUAGE and c.vips and c.moderators)
    _reader, window = reading(irc_server.url, [channel.login])
    roster = {login for login, _ in channel.roster}
    assert eventually(lambda: irc_server.joined_rooms() == {channel.login})
    time.sleep(irc_server.chat_cycle_s * 2)  # every member speaks once per cycle
    seen = window.rotate().channels[channel.login]
    assert seen.chatters == roster
    assert seen.vips == channel.vips and seen.moderators == channel.moderators


def test_names_join_and_part_name_lurkers(scripted: FakeIrc, reading: Callable) -> None:
    reader, window = reading(scripted.url, ["room"])
    assert reader.wait_settled(WAIT_S)
    scripted.user_join("room", "lurker")
    scripted.user_join("room", "leaver")
    scripted.say("room", "talker", badges="vip/1")
    scripted.user_part("room", "leaver")
    scripted.say("room", "marker")  # lines arrive in order: once this is seen, so is everything above
    assert eventually(lambda: "marker" in getattr(window.peek("room"), "chatters", ()))
    first = window.rotate().channels["room"]
    assert first.chatters == {"talker", "marker"} and first.vips == {"talker"}
    assert first.lurkers == {"lurker", "leaver"}
    second = window.rotate().channels["room"]
    assert second.lurkers == {"lurker"}  # still in the room; the leaver is gone


def test_server_ping_gets_a_pong(scripted: FakeIrc, reading: Callable) -> None:
    reader, _ = reading(scripted.url, ["room"])
    assert reader.wait_settled(WAIT_S)
    scripted.ping_all()
    assert eventually(lambda: scripted.pongs == 1)


def test_a_silent_server_is_pinged(scripted: FakeIrc, reading: Callable) -> None:
    _reader, _ = reading(scripted.url, ["room"], idle_ping_s=0.3)
    assert eventually(lambda: scripted.client_pings >= 2)
    assert scripted.connections == 1  # the PONGs kept the connection alive


@pytest.mark.parametrize("fault", ["reconnect_all", "drop_all"])
def test_after_reconnect_or_drop_every_channel_is_joined_again(
    world: World, irc_server: FakeIrc, reading: Callable, fault: str
) -> None:
    channels = [c.login for c in world.channels[:5]]
    reader, _window = reading(irc_server.url, channels, backoff_s=(0.05,))
    assert reader.wait_settled(WAIT_S)
    getattr(irc_server, fault)()
    assert eventually(lambda: irc_server.connections == 2 and irc_server.joined_rooms() == set(channels))
    assert eventually(lambda: reader.joined == set(channels))
    assert reader.stats["reconnects"] == 1


def test_unjoinable_channels_do_not_block_the_others(
    world: World, irc_server: FakeIrc, reading: Callable
) -> None:
    reader, _ = reading(irc_server.url, ["no_such_channel_x", world.channels[0].login])
    assert reader.wait_settled(WAIT_S)
    assert reader.joined == {world.channels[0].login}


def test_big_rooms_send_no_names(world: World, reading: Callable) -> None:
    server = FakeIrc(world, names_limit=5, chat_cycle_s=1000).start()  # nobody gets to speak
    try:
        channel = next(c for c in world.channels if len(c.roster) > 5)
        reader, window = reading(server.url, [channel.login])
        assert reader.wait_settled(WAIT_S)
        time.sleep(0.2)
        assert window.rotate().channels[channel.login].lurkers == set()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def test_tls_chat(world: World, certificate: tuple[Path, Path], reading: Callable) -> None:
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server = FakeIrc(world, chat_cycle_s=0.3, ssl_context=server_context).start()
    try:
        assert server.url.startswith("ircs://")
        channel = world.channels[0]
        client_context = ssl.create_default_context(cafile=str(cert))
        reader, window = reading(server.url, [channel.login], ssl_context=client_context)
        assert reader.wait_settled(WAIT_S)
        assert eventually(
            lambda: bool(window._current.get(channel.login) and window._current[channel.login].chatters)
        )
    finally:
        server.stop()


def test_tls_refuses_an_untrusted_server(
    world: World, certificate: tuple[Path, Path], reading: Callable
) -> None:
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server = FakeIrc(world, ssl_context=server_context).start()
    try:
        reader, _ = reading(server.url, [world.channels[0].login], backoff_s=(0.05,))  # system CAs only
        assert eventually(lambda: reader.stats["reconnects"] >= 2)
        assert reader.joined == set()
    finally:
        server.stop()
