"""Who is in which channel's audience, read once per graph version: the input of every overlap.

For ``source=chatters`` an audience is the users with a CHATTER relationship to the channel (the
snapshot and the stream); for ``source=watched`` the viewers seen in the channel in the last ``days``
processed days of viewer profiling (its day files, one per processed day). Bots are left out unless asked
for: the known chat bots, the logins the
profiling pipeline banned, and any account in at least ``bot_channels`` channels (no person chats in
that many; a viewer-bot does).
"""

from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from backend.files.day_schedules import day_file
from backend.graph import queries
from backend.graph.store import GraphStore
from contracts.identity import KNOWN_BOTS

__all__ = ["Audiences", "Channels", "bot_logins", "read_chatter_audiences", "read_watched_audiences"]


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
    # A channel created between the two reads (the stream writes meanwhile) waits for the next version.
    known = set(channels.node_ids.tolist())
    rows = [row for row in store.ro_query(queries.CHATTER_AUDIENCES).rows if row[0] in known]
    sizes = np.fromiter((len(row[1]) for row in rows), dtype=np.int64, count=len(rows))
    nodes = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    channel = np.repeat(np.searchsorted(channels.node_ids, nodes), sizes)
    viewer = np.fromiter(chain.from_iterable(row[1] for row in rows), dtype=np.int64, count=int(sizes.sum()))
    if include_bots:
        return Audiences(channels, channel, viewer, 0)
    bots = _bot_ids(store, viewer, channel, bot_channels)
    keep = ~np.isin(viewer, bots)
    return Audiences(channels, channel[keep], viewer[keep], int(bots.size))


def read_watched_audiences(
    store: GraphStore, profile_dir: Path, *, days: int, include_bots: bool, bot_channels: int
) -> Audiences:
    """The viewers of every channel over the last ``days`` processed days, bots left out unless
    ``include_bots``; viewers are numbered by login."""
    channels = _read_channels(store)
    processed = sorted(row[0] for row in store.ro_query(queries.DAYS).rows)[-days:]
    files = [path for day in processed if (path := day_file(profile_dir, date.fromisoformat(day))).exists()]
    if not files:
        return Audiences(channels, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), 0)
    table = pa.concat_tables(pq.read_table(path, columns=["viewer", "channel"]) for path in files)
    logins = pc.dictionary_encode(table.column("viewer")).combine_chunks()
    viewer = logins.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    names = table.column("channel").cast(pa.string()).to_numpy(zero_copy_only=False)
    position = {login: i for i, login in enumerate(channels.logins)}
    channel = np.array([position.get(name, -1) for name in names.tolist()], dtype=np.int64)
    known = channel >= 0  # day processing creates a Stream node for every channel it sees
    channel, viewer = channel[known], viewer[known]
    if include_bots:
        return Audiences(channels, channel, viewer, 0)
    named = np.flatnonzero(
        np.isin(logins.dictionary.to_numpy(zero_copy_only=False), sorted(_bot_logins(store)))
    )
    bots = np.union1d(named, _busy(viewer, channel, bot_channels))
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
    logins = sorted(_bot_logins(store))
    named = [row[1] for row in store.ro_query(queries.USER_IDS, {"logins": logins}).rows]
    return np.union1d(np.array(named, dtype=np.int64), _busy(viewer, channel, bot_channels))


def bot_logins(store: GraphStore, bot_channels: int) -> set[str]:
    """The logins the bot rule leaves out of chatter audiences, for the rankings of people: the known
    chat bots, the logins day processing banned, and the accounts chatting in ``bot_channels`` channels
    or more."""
    busy = store.ro_query(queries.BUSY_CHATTERS, {"channels": bot_channels}).rows
    return _bot_logins(store) | {row[0] for row in busy}


def _bot_logins(store: GraphStore) -> set[str]:
    """The known chat bots and the logins day processing banned."""
    return KNOWN_BOTS | {row[0] for row in store.ro_query(queries.BANNED_LOGINS).rows}


def _busy(viewer: np.ndarray, channel: np.ndarray, bot_channels: int) -> np.ndarray:
    """The viewers present in at least ``bot_channels`` distinct channels."""
    width = int(channel.max(initial=0)) + 1
    distinct = np.unique(viewer * width + channel)  # one per (viewer, channel), in one 1-d sort
    ids, counts = np.unique(distinct // width, return_counts=True)
    return ids[counts >= bot_channels].astype(np.int64)
