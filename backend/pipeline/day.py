"""``twitchgraph process-day``: one local day of windows into the graph's profiles, timed, verified.

Stages, each timed: ``read`` (raw files or archive into integer codes), ``restructure`` (ingest identity:
lowercase, pseudonym, do-not-track; local hours), ``bots`` (the per-window rule and known names; bans and
erasure), ``profiles`` (the stored state of the day's viewers and the core's update), ``graph`` (WATCHED,
profiles, CHATTER), ``schedules`` (the day file of day schedules) and ``verify`` (one random viewer's raw
day, kept aside, against what the store then says). Days go in order, once: the next day is the earliest
day with data after the last processed one; a processed day is left as it is.
"""

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from backend.graph import queries
from backend.graph.schema import ensure_schema
from backend.graph.store import GraphStore
from backend.pipeline import graph_writes as gw
from backend.pipeline.day_input import DayInput, read_day
from backend.pipeline.days import days_with_data, parse_day, zone
from backend.pipeline.privacy import do_not_track_hash, enforce_retention, identity
from backend.pipeline.store_files import (
    DaySchedules,
    day_file,
    erase_from_day_file,
    exclusive,
    privacy_key,
    write_day_schedules,
)
from backend.profiles import core
from backend.profiles.reads import viewer_day, viewer_profile

__all__ = ["STAGES", "DayOrderError", "DayResult", "expected_day", "process_day"]

log = logging.getLogger(__name__)

STAGES = ("read", "restructure", "bots", "profiles", "graph", "schedules", "verify")
VERIFY_TOLERANCE = 1e-6  # relative; the graph keeps 15 significant digits


class DayOrderError(Exception):
    """The day cannot be processed now: out of order, not over, or nothing to process."""


@dataclass
class DayResult:
    day: date
    processed: bool  # False: it had been processed already, nothing changed
    stats: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[str], None]


def expected_day(store: GraphStore, folder: Path, timezone: str) -> date | None:
    """The next day to process: the earliest day with data after the last processed one."""
    last = _last_day(store)
    pending = [d for d in days_with_data(folder, zone(timezone)) if last is None or d > last]
    return pending[0] if pending else None


def process_day(
    store: GraphStore,
    config: dict[str, Any],
    folder: Path,
    day: date,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> DayResult:
    """Process ``day`` of ``folder`` into the graph (see the module's docstring).

    :raise DayOrderError: the day is out of order or not over yet.
    :raise InputError: the day has no readable windows.
    """
    say = progress or (lambda _m: None)
    tz = zone(config["TIMEZONE"])
    ensure_schema(store)
    with exclusive(config):
        status = store.ro_query(queries.DAY_STATUS, {"date": day.isoformat()}).first()
        if status is not None:
            return DayResult(day, False, {"sanity": status[1]})
        _check_order(store, folder, day, config["TIMEZONE"], (now or datetime.now(tz)).astimezone(tz).date())
        result = _Run(store, config, folder, day, say).run()
        store.persist()
    enforce_retention(config, [folder], today=(now or datetime.now(tz)).astimezone(tz).date())
    return result


def _check_order(store: GraphStore, folder: Path, day: date, timezone: str, today: date) -> None:
    if day >= today:
        raise DayOrderError(f"{day} is not over yet in {timezone}: a day is processed once it has ended")
    last = _last_day(store)
    if last is not None and day < last:
        raise DayOrderError(
            f"{day} comes before the last processed day, {last}: profiles move forward one day at a time, "
            "so a day that was skipped cannot be added later"
        )
    wanted = expected_day(store, folder, timezone)
    if wanted is None:
        raise DayOrderError(f"no unprocessed day with samples in {folder}")
    if day != wanted:
        raise DayOrderError(
            f"{day} is out of order: the next day to process is {wanted} "
            f"(the earliest day with samples after {last or 'none'}); process it first"
        )


def _last_day(store: GraphStore) -> date | None:
    row = store.ro_query(queries.LAST_DAY).first()
    return parse_day(row[0]) if row else None


class _Run:
    def __init__(
        self, store: GraphStore, config: dict[str, Any], folder: Path, day: date, say: Progress
    ) -> None:
        self.store, self.config, self.folder, self.day, self.say = store, config, folder, day, say
        self.seconds: dict[str, float] = {}
        self.tz = zone(config["TIMEZONE"])

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - started, 3)
        self.say(f"{self.day}: {name} {self.seconds[name]:.1f} s")

    def run(self) -> DayResult:
        with self.stage("read"):
            raw = read_day(self.folder, self.day, timezone=self.config["TIMEZONE"])
        with self.stage("restructure"):
            day = self._restructure(raw)
        windows, source = int(raw.window_starts.size), raw.source
        del raw  # the day's codes live on in ``day``; the raw arrays are as big
        with self.stage("bots"):
            bots_banned = self._bots(day)
        # The verification viewer's raw day is kept aside before anything is written.
        check = _Verification.pick(day, self.day)
        with self.stage("profiles"):
            update = self._profiles(day)
        if check is not None:
            check.before = viewer_profile(self.store, check.viewer)
        with self.stage("graph"):
            self._write(day, update)
        del update  # hundreds of MB of per-viewer and per-pair arrays; the schedules need only ``day``
        with self.stage("schedules"):
            write_day_schedules(day_file(self.config, self.day), _schedules(day))
        with self.stage("verify"):
            sanity, detail = check.run(self.store, self.config) if check else ("ok", "no viewer that day")
        stats = {
            "date": self.day.isoformat(),
            "viewers": int(day.viewers.size),
            "channels": int(np.unique(day.channel).size),
            "windows": windows,
            "presences": int(day.viewer.size),
            "bots_banned": bots_banned,
            "source": source,
            "sanity": sanity,
            "stage_names": list(self.seconds),
            "stage_seconds": list(self.seconds.values()),
            "processed_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "verify_viewer": check.viewer if check else None,
            "verify_windows": len(check.raw_windows) if check else None,
            "verify_detail": detail,
        }
        self.store.query(queries.MERGE_DAY, stats)
        log.info("processed %s: %s", self.day, stats)
        return DayResult(self.day, True, stats)

    # --- stages -------------------------------------------------------------------------------------

    def _restructure(self, raw: DayInput) -> "_Day":
        key = self.config["PSEUDONYMISE_KEY"]
        lower = [login.lower() for login in raw.logins]
        idents = [identity(login, key) for login in lower] if key else lower
        dnt = {row[0] for row in self.store.ro_query(queries.DO_NOT_TRACK).rows}
        secret = privacy_key(self.config) if dnt else b""
        forgotten = np.array(
            [bool(dnt) and (do_not_track_hash(x, secret) in dnt or do_not_track_hash(i, secret) in dnt)
             for x, i in zip(lower, idents, strict=True)],
            dtype=bool,
        )  # fmt: skip
        known_bot = np.array([x in core.KNOWN_BOTS for x in lower], dtype=bool)
        names, inverse = (
            np.unique(np.array(idents, dtype=object), return_inverse=True) if idents else ([], [])
        )
        inverse = np.asarray(inverse, dtype=np.int32)  # viewer codes per presence: int32 halves them
        viewer = inverse[raw.viewer] if raw.viewer.size else raw.viewer
        keep = ~forgotten[raw.viewer] if raw.viewer.size else np.zeros(0, bool)
        channel_forgotten = np.array(
            [bool(dnt) and do_not_track_hash(c, secret) in dnt for c in raw.channels], dtype=bool
        )
        if raw.channel.size:
            keep &= ~channel_forgotten[raw.channel]
        hours = np.array(
            [datetime.fromtimestamp(int(t), self.tz).hour for t in raw.window_starts], dtype=np.int64
        )
        bot_names = np.zeros(len(names), dtype=bool)
        if raw.viewer.size:
            bot_names[inverse[known_bot]] = True
        return _Day(
            logins=list(names),
            channels=raw.channels,
            channel_twitch_ids=raw.channel_ids,
            games=raw.games,
            window_starts=raw.window_starts,
            window_minutes=raw.window_minutes,
            window_hours=hours,
            viewer=viewer[keep],
            window=raw.window[keep],
            channel=raw.channel[keep],
            game=raw.game[keep],
            known_bot=bot_names,
        )

    def _bots(self, day: "_Day") -> int:
        banned = {row[0] for row in self.store.ro_query(queries.BANNED_LOGINS).rows}
        by_rule = core.find_bots(day.viewer, day.window, int(self.config["BOT_CHANNELS_PER_WINDOW"]))
        is_bot = day.known_bot.copy()
        is_bot[by_rule] = True
        already = np.array([name in banned for name in day.logins], dtype=bool)
        new_bots = np.flatnonzero(is_bot & ~already)
        if new_bots.size:
            rows = [
                {
                    "login": day.logins[i],
                    "reason": "known chat bot" if day.known_bot[i] else "many channels at once",
                }
                for i in new_bots.tolist()
            ]
            self.store.query(queries.MERGE_BANNED, {"rows": rows, "day": self.day.isoformat()})
            dates = gw.remove_profile_data(self.store, [r["login"] for r in rows])
            gone = {login for login, found in dates.items() if found}
            for date_text in sorted({d for found in dates.values() for d in found}):
                erase_from_day_file(day_file(self.config, parse_day(date_text)), gone)
            self.say(f"{self.day}: {new_bots.size} bots banned")
        day.drop(is_bot | already)
        return int(new_bots.size)

    def _profiles(self, day: "_Day") -> "_Update":
        # Per presence, the day's windows are some 13 million entries: one minutes figure when every window
        # is worth the same (the usual case; the sums are the same) and hours as int8 keep them small.
        wm = day.window_minutes
        minutes = float(wm[0]) if wm.size and (wm == wm[0]).all() else wm[day.window]
        hour = day.window_hours.astype(np.int8)[day.window]
        agg = core.aggregate_day(day.viewer, day.channel, day.game, hour, minutes)
        del hour, minutes
        day.viewers = agg.viewers
        logins = [day.logins[v] for v in agg.viewers.tolist()]
        user, created = gw.user_ids(self.store, logins)
        streams = gw.channel_ids(self.store, day.channels, day.channel_twitch_ids)
        games = gw.game_ids(self.store, day.games) if day.games else np.zeros(0, np.int64)
        at = np.searchsorted(agg.viewers, agg.channel_pairs[0])
        pair_user = np.concatenate([user[at], user[np.searchsorted(agg.viewers, agg.game_pairs[0])]])
        pair_target = np.concatenate([streams[agg.channel_pairs[1]], games[agg.game_pairs[1]]])
        pair_minutes = np.concatenate([agg.channel_pairs[2], agg.game_pairs[2]])
        n = core.day_number(self.day)
        kind = "workday" if self.day.weekday() < 5 else "weekend"
        update = _Update(
            user=user,
            created=created,
            chatter_user=user[at],
            chatter_stream=streams[agg.channel_pairs[1]],
            chatter_created=created[at],
            kind=kind,
            n=n,
            kind_n=core.workday_number(self.day) if kind == "workday" else core.weekend_number(self.day),
            rate=core.WORKDAY_ALPHA if kind == "workday" else core.WEEKEND_ALPHA,
            pair_user=pair_user,
            pair_target=pair_target,
            pair_minutes=pair_minutes,
            hours=agg.hours,
            day_minutes=agg.minutes,
        )
        if self.store.dialect.update_watched_call:
            return update  # Memgraph: the query module reads and updates in the database
        old = gw.read_watched(self.store, user[~created])
        found, old_minutes, old_scores, old_days = old.lookup(pair_user, pair_target)
        old_days = np.where(found, old_days, n)
        todo = ~(found & (old_days >= n))  # a pair already updated for this day stays as it is
        fresh = core.refresh_pairs(old_minutes, old_scores, old_days, pair_minutes, n)
        update.watched = (fresh.minutes, fresh.scores, found, todo)
        state = gw.read_schedules(self.store, kind, user[~created])
        old_text = [state.get(v, (None, None, None)) for v in user.tolist()]
        pending = np.array([s[2] is None or s[2] < self.day.isoformat() for s in old_text], dtype=bool)
        old_hours = core.decode_hours([s[0] for s in old_text])
        old_n = np.array([s[1] if s[1] is not None else update.kind_n for s in old_text], dtype=np.int64)
        schedules = core.refresh_schedules(old_hours, old_n, agg.hours, update.kind_n, update.rate)
        update.profile = (pending, schedules)
        return update

    def _write(self, day: "_Day", update: "_Update") -> None:
        if self.store.dialect.update_watched_call:
            rows = np.stack([update.pair_user, update.pair_target], axis=1).tolist()
            gw.module_update_watched(
                self.store,
                [[a, b, m] for (a, b), m in zip(rows, update.pair_minutes.tolist(), strict=True)],
                update.n,
                core.RECENT_ALPHA,
            )
            hours = update.hours.tolist()
            gw.module_update_schedules(
                self.store,
                update.kind,
                [
                    [v, h, m]
                    for v, h, m in zip(update.user.tolist(), hours, update.day_minutes.tolist(), strict=True)
                ],
                self.day.isoformat(),
                update.kind_n,
                update.rate,
            )
        else:
            minutes, scores, found, todo = update.watched
            gw.write_watched(
                self.store,
                _pick(update.pair_user, todo),
                _pick(update.pair_target, todo),
                _pick(minutes, todo),
                _pick(scores, todo),
                ~_pick(found, todo),
                update.n,
            )
            pending, schedules = update.profile
            gw.write_profiles(
                self.store,
                update.kind,
                _pick(update.user, pending),
                _pick(schedules, pending),
                _pick(update.day_minutes, pending),
                self.day.isoformat(),
                update.kind_n,
            )
        gw.write_chatter(self.store, update.chatter_user, update.chatter_stream, update.chatter_created)


@dataclass
class _Day:
    """The day after ingest: codes into ``logins`` (sorted identities), channels and games."""

    logins: list[str]
    channels: list[str]
    channel_twitch_ids: list[str | None]
    games: list[str]
    window_starts: np.ndarray
    window_minutes: np.ndarray
    window_hours: np.ndarray
    viewer: np.ndarray
    window: np.ndarray
    channel: np.ndarray
    game: np.ndarray
    known_bot: np.ndarray
    viewers: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def drop(self, viewers: np.ndarray) -> None:
        """Remove the presences of the viewers marked in ``viewers`` (a mask over codes)."""
        keep = ~viewers[self.viewer] if self.viewer.size else np.zeros(0, bool)
        self.viewer, self.window = self.viewer[keep], self.window[keep]
        self.channel, self.game = self.channel[keep], self.game[keep]
        self.viewers = np.unique(self.viewer)


@dataclass
class _Update:
    user: np.ndarray
    created: np.ndarray
    chatter_user: np.ndarray
    chatter_stream: np.ndarray
    chatter_created: np.ndarray
    kind: str
    n: int
    kind_n: int
    rate: float
    pair_user: np.ndarray
    pair_target: np.ndarray
    pair_minutes: np.ndarray
    hours: np.ndarray
    day_minutes: np.ndarray
    watched: tuple[np.ndarray, ...] = ()
    profile: tuple[np.ndarray, np.ndarray] = (np.zeros(0, bool), np.zeros((0, 24)))


def _pick(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``values[mask]``, or ``values`` itself when the mask keeps all: the usual case (a day not run
    again), where copies of millions of pairs' arrays would only add to the day's peak."""
    return values if mask.all() else values[mask]


def _schedules(day: _Day) -> DaySchedules:
    """The day's presences as runs of consecutive windows per (viewer, channel, game), sorted by viewer."""
    order = np.lexsort((day.window, day.game, day.channel, day.viewer))
    viewer, channel, game, window = day.viewer[order], day.channel[order], day.game[order], day.window[order]
    same = (viewer[1:] == viewer[:-1]) & (channel[1:] == channel[:-1]) & (game[1:] == game[:-1])
    starts = np.flatnonzero(np.r_[True, ~(same & (window[1:] == window[:-1] + 1))]) if viewer.size else viewer
    lengths = np.diff(np.r_[starts, viewer.size])
    first = window[starts]
    return DaySchedules(
        viewers=day.logins,
        channels=day.channels,
        games=day.games,
        viewer=viewer[starts],
        start=day.window_starts[first] if first.size else first,
        windows=lengths,
        seconds=np.rint(day.window_minutes[first] * 60).astype(np.int64) if first.size else first,
        channel=channel[starts],
        game=game[starts],
    )


@dataclass
class _Verification:
    """One random viewer of the day: their raw windows, and their profile before the day."""

    viewer: str
    raw_windows: list[tuple[int, str, str | None, float]]
    kind: str
    before: dict[str, Any] | None = None

    @classmethod
    def pick(cls, day: _Day, when: date) -> "_Verification | None":
        viewers = np.unique(day.viewer)
        if viewers.size == 0:
            return None
        code = int(viewers[random.Random(when.toordinal()).randrange(viewers.size)])
        mine = day.viewer == code
        windows = [
            (
                int(day.window_starts[w]),
                day.channels[c],
                day.games[g] if g >= 0 else None,
                float(day.window_minutes[w]),
            )
            for w, c, g in zip(
                day.window[mine].tolist(), day.channel[mine].tolist(), day.game[mine].tolist(), strict=True
            )
        ]
        return cls(day.logins[code], sorted(windows), "workday" if when.weekday() < 5 else "weekend")

    def run(self, store: GraphStore, config: dict[str, Any]) -> tuple[str, str]:
        """Compare the store with a plain-Python computation from the raw windows and the state before."""
        problems: list[str] = []
        date_text = (
            datetime.fromtimestamp(self.raw_windows[0][0], zone(config["TIMEZONE"])).date().isoformat()
        )
        stored_day = viewer_day(config, self.viewer, date_text)
        expected_day = [
            (datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), c, g, m)
            for t, c, g, m in self.raw_windows
        ]
        got_day = sorted((w["start"], w["channel"], w["game"], w["minutes"]) for w in stored_day)
        if got_day != sorted(expected_day):
            problems.append(f"day schedule: {len(got_day)} windows stored, {len(expected_day)} raw")
        after = viewer_profile(store, self.viewer)
        before = self.before or {"watched": {}, "hours": {}, "heatmap": {}}
        if after is None:
            return "failed", "the viewer is missing from the graph"
        total = sum(m for *_x, m in self.raw_windows)
        if not _close(after["heatmap"].get(date_text, -1.0), total):
            problems.append(f"heatmap {date_text}: {after['heatmap'].get(date_text)} != {total}")
        n = date.fromisoformat(date_text).toordinal()
        rate = 2 / 29
        today: dict[tuple[str, str], float] = {}
        for _t, channel, game, minutes in self.raw_windows:
            today[("channel", channel)] = today.get(("channel", channel), 0.0) + minutes
            if game is not None:
                today[("game", game)] = today.get(("game", game), 0.0) + minutes
        for target, minutes in today.items():
            old_minutes, old_score, old_n = before["watched"].get(target, (0.0, 0.0, n - 1))
            if old_n >= n:  # updated for this day by an earlier, interrupted run: it must stay as it is
                old_minutes, minutes, want_score = old_minutes - minutes, minutes, old_score
            else:
                want_score = rate * minutes + old_score * (1 - rate) ** (n - old_n)
            got = after["watched"].get(target)
            if got is None or not (_close(got[0], old_minutes + minutes) and _close(got[1], want_score)):
                problems.append(
                    f"{target[0]} {target[1]}: stored {got}, expected {old_minutes + minutes}, {want_score}"
                )
        if problems:
            return "failed", "; ".join(problems)[:2000]
        return "ok", f"{len(self.raw_windows)} windows, {len(today)} channels and games match"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= VERIFY_TOLERANCE * max(1.0, abs(a), abs(b))
