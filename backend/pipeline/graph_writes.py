"""Day processing's reads and writes of the graph, batched like the importer (UNWIND over $parameters).

Node lookups go by login or name once, then every statement addresses nodes by internal id. The profile
update runs where the dialect says: in this process with the pure core (embedded FalkorDB), or inside
Memgraph through the MAGE query module that wraps the same core (``dialect.update_watched_call``).
Every write is guarded by the day it is for (``score_day < $n``, ``profile_day < $day``), so a day
processed again, whole or after a crash halfway, changes nothing it already changed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from backend.graph import batches, queries
from backend.graph.store import GraphStore
from backend.profiles import core

__all__ = [
    "PairState",
    "channel_ids",
    "game_ids",
    "read_schedules",
    "read_watched",
    "remove_profile_data",
    "user_ids",
    "write_chatter",
    "write_profiles",
    "write_watched",
]


def channel_ids(store: GraphStore, logins: Sequence[str], twitch_ids: Sequence[str | None]) -> np.ndarray:
    """Internal ids of the channels' Stream nodes (MERGEd), aligned with ``logins``."""
    rows = [{"login": login, "id": tid} for login, tid in zip(logins, twitch_ids, strict=True)]
    found = batches.write_ids(store, queries.MERGE_CHANNELS, "rows", rows)
    return np.array([found[login] for login in logins], dtype=np.int64)


def game_ids(store: GraphStore, names: Sequence[str]) -> np.ndarray:
    found = batches.merge_named_nodes(store, "Game", names)
    return np.array([found[name] for name in names], dtype=np.int64)


def user_ids(store: GraphStore, logins: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Internal ids of the User nodes of ``logins`` (created when missing), and which were just created."""
    found, created = batches.ensure_users(store, logins)
    ids = np.array([found[login] for login in logins], dtype=np.int64)
    return ids, np.array([login in created for login in logins], dtype=bool)


@dataclass
class PairState:
    """Stored WATCHED edges: (viewer id, target id) sorted keys with their minutes, score and day."""

    keys: np.ndarray
    minutes: np.ndarray
    scores: np.ndarray
    days: np.ndarray

    def lookup(
        self, viewer: np.ndarray, target: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(found, minutes, scores, days) aligned with the pairs asked (0 where not found)."""
        wanted = _pair_keys(viewer, target)
        at = np.searchsorted(self.keys, wanted)
        at = np.minimum(at, max(self.keys.size - 1, 0))
        found = self.keys[at] == wanted if self.keys.size else np.zeros(wanted.size, bool)
        pick = np.where(found, at, 0)
        if not self.keys.size:
            zero = np.zeros(wanted.size)
            return found, zero, zero, np.zeros(wanted.size, np.int64)
        return (
            found,
            np.where(found, self.minutes[pick], 0.0),
            np.where(found, self.scores[pick], 0.0),
            np.where(found, self.days[pick], 0),
        )


def read_watched(store: GraphStore, viewer_ids: np.ndarray) -> PairState:
    """The WATCHED edges of these viewers (only those that existed before today need asking)."""
    rows: list[tuple[Any, ...]] = []
    for batch in batches.chunks(viewer_ids.tolist()):
        rows.extend(store.ro_query(queries.WATCHED_STATE, {"ids": batch}).rows)
    if not rows:
        empty = np.zeros(0)
        return PairState(np.zeros(0, np.int64), empty, empty, np.zeros(0, np.int64))
    data = np.array(rows, dtype=np.float64)
    keys = _pair_keys(data[:, 0].astype(np.int64), data[:, 1].astype(np.int64))
    order = np.argsort(keys)
    return PairState(keys[order], data[order, 2], data[order, 3], data[order, 4].astype(np.int64))


def read_schedules(
    store: GraphStore, kind: str, viewer_ids: np.ndarray
) -> dict[int, tuple[str | None, int | None, str | None]]:
    """viewer id -> (stored schedule text, its day number, the viewer's last processed day)."""
    state: dict[int, tuple[str | None, int | None, str | None]] = {}
    for batch in batches.chunks(viewer_ids.tolist()):
        for viewer, hours, n, profile_day in store.ro_query(
            queries.SCHEDULE_STATE[kind], {"ids": batch}
        ).rows:
            state[viewer] = (hours, n, profile_day)
    return state


def write_watched(
    store: GraphStore,
    viewer: np.ndarray,
    target: np.ndarray,
    minutes: np.ndarray,
    scores: np.ndarray,
    new: np.ndarray,
    n: int,
) -> None:
    """Pairs' (viewer id, target id, all-time minutes, score) valid for day ``n``; ``new`` ones are created.

    Rows are built a batch at a time: a day has millions of pairs, and Python lists of all of them would
    take more memory than the rest of the day's processing.
    """
    for statement, mask in ((queries.CREATE_WATCHED, new), (queries.UPDATE_WATCHED, ~new)):
        rows = np.flatnonzero(mask)
        for span in batches.spans(rows.size):
            pick = rows[span]
            columns = (viewer[pick], target[pick], minutes[pick], scores[pick])
            batch = [list(row) for row in zip(*(c.tolist() for c in columns), strict=True)]
            store.query(statement, {"rows": batch, "n": n})


def module_update_watched(store: GraphStore, rows: list[list[Any]], n: int, rate: float) -> None:
    """The same update inside the database: rows [viewer id, target id, today's minutes]."""
    call = store.dialect.update_watched_call
    assert call is not None
    for batch in batches.chunks(rows):
        store.query(call, {"rows": batch, "n": n, "rate": rate})


def module_update_schedules(
    store: GraphStore, kind: str, rows: list[list[Any]], day: str, n: int, rate: float
) -> None:
    """rows [viewer id, today's 24 hour minutes, today's minutes]; the module keeps the schedule's form."""
    call = store.dialect.update_schedules_call
    assert call is not None
    for batch in batches.chunks(rows):
        store.query(call, {"rows": batch, "kind": kind, "day": day, "n": n, "rate": rate})


def write_profiles(
    store: GraphStore, kind: str, viewer: np.ndarray, hours: np.ndarray, minutes: np.ndarray, day: str, n: int
) -> None:
    """Each viewer's new ``kind`` (workday or weekend) schedule and the day's minutes, a batch at a time."""
    for part in batches.spans(viewer.size):
        batch = hours_rows(viewer[part], hours[part], minutes[part])
        store.query(queries.UPDATE_PROFILE[kind], {"rows": batch, "day": day, "n": n})


def write_chatter(
    store: GraphStore, viewer_ids: np.ndarray, stream_ids: np.ndarray, created: np.ndarray
) -> None:
    """CHATTER edges of the day's (viewer, channel) pairs: CREATE from users created today, MERGE the rest."""
    fresh = created
    if fresh.any():
        order = np.argsort(stream_ids[fresh], kind="stable")
        streams = stream_ids[fresh][order]
        viewers = viewer_ids[fresh][order]
        cuts = np.flatnonzero(np.r_[True, streams[1:] != streams[:-1], True])
        groups = [[int(streams[a]), viewers[a:b].tolist()] for a, b in pairwise(cuts)]
        for batch, _rows in batches.grouped_batches(groups):
            store.query(queries.CREATE_EDGES_TO_STREAMER["CHATTER"], {"groups": batch})
    old = np.flatnonzero(~fresh)
    for span in batches.spans(old.size):
        pick = old[span]
        batch = np.stack([viewer_ids[pick], stream_ids[pick]], axis=1).tolist()
        store.query(queries.MERGE_EDGES_BY_ID["CHATTER"], {"pairs": batch})


def remove_profile_data(store: GraphStore, logins: Sequence[str]) -> dict[str, list[str]]:
    """Delete what profiling wrote about ``logins`` (WATCHED, CHATTER, profile properties; the node too
    when nothing else holds it). Returns each one's heatmap dates, to clean the day schedules."""
    dates: dict[str, list[str]] = {}
    for batch in batches.chunks(logins):
        for login, found in store.ro_query(queries.HEATMAP_DATES, {"logins": batch}).rows:
            dates[login] = list(found or [])
        for statement in (queries.DELETE_PROFILE_EDGES, queries.CLEAR_PROFILE, queries.DELETE_BARE_USERS):
            store.query(statement, {"logins": batch})
    return dates


def hours_rows(viewer_ids: np.ndarray, hours: np.ndarray, minutes: np.ndarray) -> list[list[Any]]:
    return [
        [v, h, m]
        for v, h, m in zip(viewer_ids.tolist(), core.encode_hours(hours), minutes.tolist(), strict=True)
    ]


def _pair_keys(viewer: np.ndarray, target: np.ndarray) -> np.ndarray:
    return (np.asarray(viewer, dtype=np.int64) << 32) + np.asarray(target, dtype=np.int64)
