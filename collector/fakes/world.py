"""The world the fakes serve: channels, their profiles, teams, VIPs, moderators and chat rosters.

Built from the valid rows of an import folder (``contracts.import_csv.read_folder``), usually one
written by ``twitchgraph demo-data``. Every channel is live. Its chat roster is its chatters plus its VIPs
and moderators (who chat wearing their badge), so what a collector can see of a channel is exactly its rows.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from contracts.import_csv import Folder, read_folder

__all__ = ["FakeChannel", "FakeUser", "World"]


@dataclass(frozen=True)
class FakeChannel:
    user_id: str
    login: str
    display_name: str
    game_id: str
    game_name: str
    language: str
    thumbnail_url: str
    followers: int
    description: str
    view_count: int
    created_at: str  # Helix style: 2018-01-15T01:40:09.577844Z
    stream_id: str
    title: str
    teams: tuple[str, ...]
    vips: frozenset[str]
    moderators: frozenset[str]
    chatters: tuple[str, ...]

    @cached_property  # read on every chat tick; the channel never changes
    def roster(self) -> tuple[tuple[str, str], ...]:
        """(login, badges tag value) of everyone who chats here, in a fixed order."""
        people = dict.fromkeys([*self.chatters, *sorted(self.moderators), *sorted(self.vips)])
        return tuple((login, self.badges(login)) for login in people)

    def badges(self, login: str) -> str:
        if login == self.login:
            return "broadcaster/1"
        badges = []
        if login in self.moderators:
            badges.append("moderator/1")
        if login in self.vips:
            badges.append("vip/1")
        return ",".join(badges)

    @cached_property
    def viewer_count(self) -> int:
        # Chat is a slice of the audience; the multiplier only has to keep the order by roster size.
        return 10 * len(self.roster) + self.followers % 10


@dataclass(frozen=True)
class FakeUser:
    """A user token's owner: the channels it broadcasts and moderates decide what Helix lets it read."""

    token: str
    login: str
    user_id: str
    moderates: frozenset[str] = frozenset()
    scopes: tuple[str, ...] = (
        "moderator:read:chatters",
        "moderator:read:followers",
        "channel:read:vips",
        "moderation:read",
    )


class World:
    """Channels by login and id, most viewers first (the order of Helix ``/streams``)."""

    def __init__(self, channels: list[FakeChannel]) -> None:
        self.channels = sorted(channels, key=lambda c: (-c.viewer_count, c.login))
        self.by_login = {c.login: c for c in self.channels}
        self.by_id = {c.user_id: c for c in self.channels}
        self.games = {c.game_id: c.game_name for c in self.channels if c.game_id}
        self.viewers = {login for c in self.channels for login, _ in c.roster}

    @classmethod
    def from_folder(cls, folder: Path) -> "World":
        return cls.from_content(read_folder(folder))

    @classmethod
    def from_content(cls, content: Folder) -> "World":
        links = {name: _grouped(pairs) for name, pairs in content.links.items()}
        game_ids = {
            name: str(509658 + i)
            for i, name in enumerate(sorted({s.game for s in content.streamers if s.game}))
        }
        channels = []
        for row in content.streamers:
            chatters = tuple(links.get("chatters.csv", {}).get(row.login, ()))
            channels.append(
                FakeChannel(
                    user_id=row.user_id,
                    login=row.login,
                    display_name=row.name,
                    game_id=game_ids.get(row.game or "", ""),
                    game_name=row.game or "",
                    language=row.language or "other",
                    thumbnail_url=row.url,
                    followers=row.followers or 0,
                    description=row.description,
                    view_count=row.view_count or 0,
                    created_at=_helix_time(row.created_at),
                    stream_id=str(40_000_000_000 + int(row.user_id) % 1_000_000_000),
                    title=f"{row.name} live: {row.game or 'just chatting'}",
                    teams=tuple(links.get("teams.csv", {}).get(row.login, ())),
                    vips=frozenset(links.get("vips.csv", {}).get(row.login, ())),
                    moderators=frozenset(links.get("moderators.csv", {}).get(row.login, ())),
                    chatters=chatters,
                )
            )
        return cls(channels)

    def user_id_of(self, login: str) -> str:
        """A streamer's id, or a stable made-up id for a viewer."""
        channel = self.by_login.get(login)
        if channel is not None:
            return channel.user_id
        return str(
            2_000_000_000 + int(hashlib.blake2b(login.encode(), digest_size=4).hexdigest(), 16) % 10**9
        )


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for streamer, value in pairs:
        grouped.setdefault(streamer, []).append(value)
    return grouped


def _helix_time(created_at: str | None) -> str:
    if not created_at:
        return "2015-01-01T00:00:00Z"
    moment = datetime.fromisoformat(created_at)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return text + (f".{moment.microsecond:06d}Z" if moment.microsecond else "Z")
