"""The ``profiles`` and ``graph`` stages: the day's viewers' stored state updated by the core, written.

The update runs where the dialect says (see ``graph_writes``): in this process with the pure core, which
needs the viewers' state read first (:class:`Refreshed`), or inside Memgraph's query module.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np

from backend.graph.store import GraphStore
from backend.pipeline import graph_writes as gw
from backend.pipeline.ingest import IngestedDay
from backend.profiles import core

__all__ = ["ProfileUpdate", "Refreshed", "profile_update", "write_graph"]


@dataclass
class Refreshed:
    """The new state computed in this process: per pair (viewer, channel or game) and per viewer."""

    minutes: np.ndarray
    scores: np.ndarray
    found: np.ndarray  # the pair was in the graph
    todo: np.ndarray  # the pair is not updated for this day yet
    pending: np.ndarray  # the viewer's schedule is not updated for this day yet
    schedules: np.ndarray


@dataclass
class ProfileUpdate:
    """The day's aggregates on graph ids, ready to be written."""

    day: date
    user: np.ndarray  # the day's viewers' User ids, by viewer code
    created: np.ndarray
    chatter_user: np.ndarray
    chatter_stream: np.ndarray
    chatter_created: np.ndarray
    kind: str  # "workday" or "weekend"
    n: int
    kind_n: int
    rate: float
    pair_user: np.ndarray
    pair_target: np.ndarray
    pair_minutes: np.ndarray
    hours: np.ndarray
    day_minutes: np.ndarray
    refreshed: Refreshed | None = None  # None: the database's query module updates (Memgraph)


def profile_update(store: GraphStore, ingested: IngestedDay, day: date) -> ProfileUpdate:
    """Aggregate the day's presences, find or create their nodes, and compute the new state where the
    update runs in this process. Sets ``ingested.viewers`` to the day's viewer codes."""
    # Per presence, the day's windows are some 13 million entries: one minutes figure when every window
    # is worth the same (the usual case; the sums are the same) and hours as int8 keep them small.
    wm = ingested.window_minutes
    minutes = float(wm[0]) if wm.size and (wm == wm[0]).all() else wm[ingested.window]
    hour = ingested.window_hours.astype(np.int8)[ingested.window]
    agg = core.aggregate_day(ingested.viewer, ingested.channel, ingested.game, hour, minutes)
    del hour, minutes
    ingested.viewers = agg.viewers
    user, created = gw.user_ids(store, [ingested.logins[v] for v in agg.viewers.tolist()])
    streams = gw.channel_ids(store, ingested.channels, ingested.channel_twitch_ids)
    games = gw.game_ids(store, ingested.games) if ingested.games else np.zeros(0, np.int64)
    at = np.searchsorted(agg.viewers, agg.channel_pairs[0])
    workday = day.weekday() < 5
    update = ProfileUpdate(
        day=day,
        user=user,
        created=created,
        chatter_user=user[at],
        chatter_stream=streams[agg.channel_pairs[1]],
        chatter_created=created[at],
        kind="workday" if workday else "weekend",
        n=core.day_number(day),
        kind_n=core.workday_number(day) if workday else core.weekend_number(day),
        rate=core.WORKDAY_ALPHA if workday else core.WEEKEND_ALPHA,
        pair_user=np.concatenate([user[at], user[np.searchsorted(agg.viewers, agg.game_pairs[0])]]),
        pair_target=np.concatenate([streams[agg.channel_pairs[1]], games[agg.game_pairs[1]]]),
        pair_minutes=np.concatenate([agg.channel_pairs[2], agg.game_pairs[2]]),
        hours=agg.hours,
        day_minutes=agg.minutes,
    )
    if not store.dialect.update_watched_call:
        update.refreshed = _refresh(store, update)
    return update


def _refresh(store: GraphStore, update: ProfileUpdate) -> Refreshed:
    """The day's viewers' stored state, read and brought up to the day by the core."""
    n, user = update.n, update.user
    old = gw.read_watched(store, user[~update.created])
    found, old_minutes, old_scores, old_days = old.lookup(update.pair_user, update.pair_target)
    old_days = np.where(found, old_days, n)
    todo = ~(found & (old_days >= n))  # a pair already updated for this day stays as it is
    fresh = core.refresh_pairs(old_minutes, old_scores, old_days, update.pair_minutes, n)
    state = gw.read_schedules(store, update.kind, user[~update.created])
    old_text = [state.get(v, (None, None, None)) for v in user.tolist()]
    day_text = update.day.isoformat()
    pending = np.array([s[2] is None or s[2] < day_text for s in old_text], dtype=bool)
    old_hours = core.decode_hours([s[0] for s in old_text])
    old_n = np.array([s[1] if s[1] is not None else update.kind_n for s in old_text], dtype=np.int64)
    schedules = core.refresh_schedules(old_hours, old_n, update.hours, update.kind_n, update.rate)
    return Refreshed(fresh.minutes, fresh.scores, found, todo, pending, schedules)


def write_graph(store: GraphStore, update: ProfileUpdate) -> None:
    """WATCHED edges and profiles (each write guarded by its day), then CHATTER edges."""
    if update.refreshed is None:
        _write_by_module(store, update)
    else:
        _write_refreshed(store, update, update.refreshed)
    gw.write_chatter(store, update.chatter_user, update.chatter_stream, update.chatter_created)


def _write_by_module(store: GraphStore, update: ProfileUpdate) -> None:
    rows = np.stack([update.pair_user, update.pair_target], axis=1).tolist()
    gw.module_update_watched(
        store,
        [[a, b, m] for (a, b), m in zip(rows, update.pair_minutes.tolist(), strict=True)],
        update.n,
        core.RECENT_ALPHA,
    )
    hours = update.hours.tolist()
    gw.module_update_schedules(
        store,
        update.kind,
        [[v, h, m] for v, h, m in zip(update.user.tolist(), hours, update.day_minutes.tolist(), strict=True)],
        update.day.isoformat(),
        update.kind_n,
        update.rate,
    )


def _write_refreshed(store: GraphStore, update: ProfileUpdate, new: Refreshed) -> None:
    todo, pending = new.todo, new.pending
    gw.write_watched(
        store,
        _pick(update.pair_user, todo),
        _pick(update.pair_target, todo),
        _pick(new.minutes, todo),
        _pick(new.scores, todo),
        ~_pick(new.found, todo),
        update.n,
    )
    gw.write_profiles(
        store,
        update.kind,
        _pick(update.user, pending),
        _pick(new.schedules, pending),
        _pick(update.day_minutes, pending),
        update.day.isoformat(),
        update.kind_n,
    )


def _pick(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``values[mask]``, or ``values`` itself when the mask keeps all: the usual case (a day not run
    again), where copies of millions of pairs' arrays would only add to the day's peak."""
    return values if mask.all() else values[mask]
