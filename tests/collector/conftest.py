"""Fixtures of the collector tests: a small demo world, and fake Twitch servers on loopback serving it."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backend.demo.world import write_demo_data
from collector.config import CollectorConfig, load_config
from collector.fakes import FakeHelix, FakeIrc, FakeUser, World
from collector.helix import HelixClient
from collector.irc import ChatReader
from collector.window import ChatWindow

# Small enough to serve in a blink, big enough for pagination, teams, VIPs and moderators in English.
WORLD_STREAMERS = 60
WORLD_CHATTERS = 600
WORLD_SEED = 1
LANGUAGE = "en"
FAST_JOINS = 200  # joins per 10 s for tests that are not about the join limit


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("world")
    write_demo_data(folder, streamers=WORLD_STREAMERS, chatters=WORLD_CHATTERS, seed=WORLD_SEED)
    return folder


@pytest.fixture(scope="session")
def world(world_dir: Path) -> World:
    return World.from_folder(world_dir)


@pytest.fixture
def broadcaster(world: World) -> FakeUser:
    """A user token of the biggest English channel's broadcaster, who also moderates the second one."""
    first, second = [c for c in world.channels if c.language == LANGUAGE][:2]
    return FakeUser(
        token="usertoken" + "x" * 20,
        login=first.login,
        user_id=first.user_id,
        moderates=frozenset({second.login}),
    )


@pytest.fixture
def helix_server(world: World, broadcaster: FakeUser) -> Iterator[FakeHelix]:
    server = FakeHelix(world, users=[broadcaster]).start()
    yield server
    server.stop()


@pytest.fixture
def irc_server(world: World) -> Iterator[FakeIrc]:
    server = FakeIrc(world, joins_per_10s=FAST_JOINS, chat_cycle_s=0.4).start()
    yield server
    server.stop()


def config_for(helix: FakeHelix, irc: FakeIrc | None = None, **overrides: object) -> CollectorConfig:
    env = {
        "TWITCH_CLIENT_ID": helix.client_id,
        "TWITCH_CLIENT_SECRET": helix.client_secret,
        "TWITCH_HELIX_URL": helix.helix_url,
        "TWITCH_AUTH_URL": helix.auth_url,
        "TWITCH_IRC_URL": irc.url if irc else "irc://127.0.0.1:1",
        "TWITCH_IRC_JOINS_PER_10S": str(irc.joins_per_10s if irc else FAST_JOINS),
        "TWITCH_HTTP_TIMEOUT_S": "2",
    }
    return load_config(None, environ={**env, **{k: str(v) for k, v in overrides.items()}})


@pytest.fixture
def config(helix_server: FakeHelix, irc_server: FakeIrc) -> CollectorConfig:
    return config_for(helix_server, irc_server)


class Sleeps:
    """A ``sleep`` for HelixClient that records its waits and sleeps a tenth of them (at most 0.2 s)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        import time

        self.waits.append(seconds)
        time.sleep(min(0.2, seconds / 10))


def helix_for(config: CollectorConfig, **kwargs: object) -> HelixClient:
    return HelixClient(config, sleep=kwargs.pop("sleep", Sleeps()), **kwargs)  # type: ignore[arg-type]


def reader_factory(config: CollectorConfig, **kwargs: object) -> Callable[[ChatWindow], ChatReader]:
    def make(sink: ChatWindow) -> ChatReader:
        return ChatReader(config.irc_url, sink, joins_per_10s=config.joins_per_10s, **kwargs)  # type: ignore[arg-type]

    return make
