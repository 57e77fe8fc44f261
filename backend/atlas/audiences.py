"""Who is in which channel's audience, read once per graph version: the input of every overlap.

For ``source=chatters`` an audience is the users with a CHATTER relationship to the channel (the
snapshot and the stream). Bots are left out unless asked for: the known chat bots, the logins the
profiling pipeline banned, and any account in at least ``bot_channels`` channels (no person chats in
that many; a viewer-bot does).
"""

from dataclasses import dataclass

import numpy as np

from backend.graph import queries
from backend.graph.store import GraphStore
from contracts.identity import KNOWN_BOTS

__all__ = ["Audiences", "Channels", "read_chatter_audiences"]


@dataclass(frozen=True)
class Channels:
    """Every channel (Stream node) in one order: the rows and columns of the overlap."""

    node_ids: np.ndarray  # int64 internal ids, ascending
    logins: list[str]
    names: list[str]
    games: list[str | None]
    languages: list[str | None]

    def __len__(self) -> int:
        return len(self.logins)

    def index_of(self, key: str) -> int | None:
        """The channel whose login or display name is ``key`` (any case), login first."""
        wanted = key.strip().lower()
        for values in (self.logins, [name.lower() for name in self.names]):
            if wanted in values:
                return values.index(wanted)
        return None


@dataclass(frozen=True)
class Audiences:
    """Presences ``(channel[k], viewer[k])`` (channel indices into ``channels``, viewer ids), and how
    many accounts the bot rule left out."""

    channels: Channels
    channel: np.ndarray
    viewer: np.ndarray
    bots_left_out: int


def read_chatter_audiences(store: GraphStore, *, include_bots: bool, bot_channels: int) -> Audiences:
    """The CHATTER audiences of every channel, bots left out unless ``include_bots``."""
    channels = _read_channels(store)
    rows = np.array(store.ro_query(queries.CHATTER_PRESENCES).rows, dtype=np.int64).reshape(-1, 2)
    channel = np.searchsorted(channels.node_ids, rows[:, 0])
    viewer = rows[:, 1]
    if include_bots:
        return Audiences(channels, channel, viewer, 0)
    bots = _bot_ids(store, viewer, channel, bot_channels)
    keep = ~np.isin(viewer, bots)
    return Audiences(channels, channel[keep], viewer[keep], int(bots.size))


def _read_channels(store: GraphStore) -> Channels:
    rows = sorted(store.ro_query(queries.ATLAS_CHANNELS).rows)
    return Channels(
        node_ids=np.array([row[0] for row in rows], dtype=np.int64),
        logins=[row[1] for row in rows],
        names=[row[2] or row[1] for row in rows],
        games=[row[3] for row in rows],
        languages=[row[4] for row in rows],
    )


def _bot_ids(store: GraphStore, viewer: np.ndarray, channel: np.ndarray, bot_channels: int) -> np.ndarray:
    """Ids of the present viewers the bot rule leaves out (ascending, distinct)."""
    logins = sorted(KNOWN_BOTS | {row[0] for row in store.ro_query(queries.BANNED_LOGINS).rows})
    named = [row[1] for row in store.ro_query(queries.USER_IDS, {"logins": logins}).rows]
    width = int(channel.max(initial=0)) + 1
    distinct = np.unique(viewer * width + channel)  # one per (viewer, channel), in one 1-d sort
    ids, counts = np.unique(distinct // width, return_counts=True)
    return np.union1d(np.array(named, dtype=np.int64), ids[counts >= bot_channels].astype(np.int64))
