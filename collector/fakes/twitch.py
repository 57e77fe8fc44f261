"""Both fakes together, serving one world: what ``twitchgraph fake-twitch`` runs."""

from collections.abc import Iterable
from pathlib import Path

from collector.fakes.helix import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FakeHelix
from collector.fakes.irc import FakeIrc
from collector.fakes.world import FakeUser, World

__all__ = ["FakeTwitch"]

# Credentials the fake accepts; they guard nothing, they only make the collector use its real code paths.
# The fake allows fast joins so a demo of 100 channels starts in seconds; the collector still paces them.
FAKE_JOINS_PER_10S = 500


class FakeTwitch:
    """Fake Helix (HTTP) and chat (IRC) on 127.0.0.1; :meth:`env` points the collector at them."""

    def __init__(
        self,
        world: World,
        *,
        chat_cycle_s: float = 10.0,
        users: Iterable[FakeUser] = (),
        record: bool = False,
    ) -> None:
        self.world = world
        self.helix = FakeHelix(world, client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET, users=users)
        self.irc = FakeIrc(world, joins_per_10s=FAKE_JOINS_PER_10S, chat_cycle_s=chat_cycle_s, record=record)

    @classmethod
    def from_folder(cls, folder: Path, **options: object) -> "FakeTwitch":
        return cls(World.from_folder(folder), **options)  # type: ignore[arg-type]

    def start(self, helix_port: int = 0, irc_port: int = 0) -> "FakeTwitch":
        self.helix.start(helix_port)
        self.irc.start(irc_port)
        return self

    def stop(self) -> None:
        self.irc.stop()
        self.helix.stop()

    def env(self) -> dict[str, str]:
        """The collector's settings that point at these fakes."""
        return {
            "TWITCH_CLIENT_ID": FAKE_CLIENT_ID,
            "TWITCH_CLIENT_SECRET": FAKE_CLIENT_SECRET,
            "TWITCH_HELIX_URL": self.helix.helix_url,
            "TWITCH_AUTH_URL": self.helix.auth_url,
            "TWITCH_IRC_URL": self.irc.url,
            "TWITCH_IRC_JOINS_PER_10S": str(FAKE_JOINS_PER_10S),
        }
