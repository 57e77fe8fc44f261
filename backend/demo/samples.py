"""``twitchgraph demo-samples``: seeded synthetic windows in the collector's sample format.

A world of channels with weekly schedules and games, and of viewers with habits, sampled every window
like ``collect samples --top C``: each window lists the C biggest live channels and, per channel, the
viewers seen (chatters and lurkers). Rhythms: most watching in the evening, more in the afternoon at
weekends; loyal viewers come back to one to three favourite channels, wanderers drift between the big
ones; audiences overlap through shared favourites; a few viewer bots sit in dozens of channels at once
and known chat bots (nightbot, streamelements, wizebot) chat in the channels that use them.

Everything is vectorised with numpy: a day of 288 windows x 100 channels and 900,000 viewers is written
in about a minute. The same seed, start and sizes give the same files.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from backend.demo.vocabulary import CHANNEL_WORDS, GAMES, LOGIN_WORDS, SAMPLE_CHAT_BOTS
from contracts.days import day_bounds, local_hours, zone
from contracts.durations import format_duration
from contracts.samples import SAMPLE_FORMAT, SAMPLE_VERSION, format_time, sample_name, write_sample

__all__ = ["DemoSummary", "write_demo_samples"]

log = logging.getLogger(__name__)

WINDOW_S = 300
LANGUAGE = "fr"
# A pool of channels several times the top list, so the list changes over the day; half of the extra
# channels are small round-the-clock streams (music, reruns) that keep the night windows full.
POOL_FACTOR = 4
LOYAL_SHARE = 0.7
CHAT_BOT_NAMES = tuple(name for name, _share in SAMPLE_CHAT_BOTS)
CHAT_BOT_CHANNEL_SHARE = tuple(share for _name, share in SAMPLE_CHAT_BOTS)
# Viewer bots: accounts that sit in dozens of channels at once (view-botting, scraping).
VIEWER_BOTS_PER_100K = 1
MIN_VIEWER_BOTS = 2
# The daily rhythm: relative weight of starting a session at each local hour.
WORKDAY_RHYTHM = np.array(
    [3, 1.5, 0.6, 0.3, 0.2, 0.3, 0.8, 1.2, 1.5, 1.5, 1.8, 2.5, 4, 3.5, 3, 3, 3.5, 5, 7, 9, 11, 11, 9, 6]
)
WEEKEND_RHYTHM = np.array(
    [5, 3, 1.5, 0.6, 0.3, 0.3, 0.4, 0.8, 1.5, 3, 4.5, 5.5, 6, 6.5, 6.5, 6.5, 7, 7.5, 8, 9, 10, 10, 9, 7]
)
MEAN_SESSION_WINDOWS = {True: 16.0, False: 7.0}  # loyal, wanderer


@dataclass
class DemoSummary:
    days: list[date]
    files: int
    viewers_per_day: list[int]
    presences_per_day: list[int]


Progress = Callable[[str], None]


def write_demo_samples(
    folder: Path,
    *,
    days: int,
    channels: int,
    viewers: int,
    seed: int = 0,
    start: date | None = None,
    timezone: str = "Europe/Paris",
    progress: Progress | None = None,
) -> DemoSummary:
    """Write ``days`` local days of windows into ``folder``, from ``start`` (default: so the last day is
    yesterday). Existing window files are left alone (the writer never replaces a file)."""
    tz = zone(timezone)
    if start is None:
        start = datetime.now(tz).date() - timedelta(days=days)
    folder.mkdir(parents=True, exist_ok=True)
    world = _World.build(channels, viewers, seed)
    say = progress or (lambda _message: None)
    summary = DemoSummary([], 0, [], [])
    for offset in range(days):
        day = start + timedelta(days=offset)
        window_starts = np.arange(*day_bounds(day, tz), WINDOW_S, dtype=np.int64)
        hours = np.array(local_hours(window_starts, tz))
        rng = np.random.default_rng([seed, day.toordinal()])
        listed, games, live_since = world.channels_of_day(rng, day, hours, window_starts)
        presence = world.presences(rng, day, hours, listed)
        written = _write_day(folder, world, window_starts, listed, games, live_since, presence, rng)
        summary.days.append(day)
        summary.files += written
        summary.viewers_per_day.append(int(np.unique(presence.viewer).size))
        summary.presences_per_day.append(int(presence.viewer.size))
        say(
            f"{day}: {written} windows, {summary.viewers_per_day[-1]:,} viewers, "
            f"{summary.presences_per_day[-1]:,} presences"
        )
    return summary


@dataclass
class _Presence:
    """A day's presences sorted by (window, channel, viewer); viewer codes sort like the logins."""

    window: np.ndarray
    channel: np.ndarray
    viewer: np.ndarray
    chats: np.ndarray


@dataclass
class _World:
    top: int
    channel_logins: list[str]
    channel_ids: list[str]
    weight: np.ndarray  # channel popularity
    start_hour: np.ndarray  # local hour the stream usually starts
    duration_h: np.ndarray
    weekdays: np.ndarray  # (pool, 7) streams on that weekday
    always_on: np.ndarray
    main_game: np.ndarray
    second_game: np.ndarray
    game_names: list[str]
    logins: list[str]  # viewers (people, then bots), sorted
    loyal: np.ndarray
    favourites: np.ndarray  # (viewers, 3) channel indexes, -1 for none
    activity: np.ndarray  # chance to watch on a given day
    chat_rate: np.ndarray
    people: np.ndarray  # codes of people (not bots)
    viewer_bots: np.ndarray  # codes of viewer bots
    chat_bots: np.ndarray  # codes of chat bots, aligned with CHAT_BOT_NAMES
    chat_bot_channels: np.ndarray  # (len(CHAT_BOT_NAMES), pool) bool

    @classmethod
    def build(cls, top: int, viewers: int, seed: int) -> "_World":
        rng = np.random.default_rng([seed, 0])
        pool = max(top * POOL_FACTOR, top + 4)
        weight = np.sort(rng.pareto(1.2, pool) + 0.05)[::-1] * 100
        always_on = np.zeros(pool, dtype=bool)
        always_on[pool - (pool - top) // 2 :] = True  # the smallest ones
        weight[always_on] *= 0.02
        evening = rng.random(pool) < 0.75
        start_hour = np.where(evening, rng.integers(16, 22, pool), rng.integers(7, 16, pool))
        duration_h = rng.integers(3, 9, pool)
        weekdays = rng.random((pool, 7)) < rng.uniform(0.55, 1.0, pool)[:, None]
        game_names = [name for name, _w, _c in GAMES]
        game_weight = np.array([w for _n, w, _c in GAMES], dtype=float)
        main_game = rng.choice(len(GAMES), pool, p=game_weight / game_weight.sum())
        second_game = rng.choice(len(GAMES), pool, p=game_weight / game_weight.sum())
        channel_logins = _channel_logins(rng, pool)
        channel_ids = [str(40_000_000 + 7919 * i) for i in range(pool)]

        n_bots = max(MIN_VIEWER_BOTS, viewers * VIEWER_BOTS_PER_100K // 100_000)
        people_logins = _viewer_logins(rng, viewers)
        bot_logins = [f"viewerbot_{i:03d}" for i in range(n_bots)]
        logins = sorted(set(people_logins) | set(bot_logins) | set(CHAT_BOT_NAMES))
        code = {login: i for i, login in enumerate(logins)}
        people = np.array(sorted(code[x] for x in people_logins), dtype=np.int64)
        total = len(logins)
        loyal = rng.random(total) < LOYAL_SHARE
        # Favourites by popularity: audiences overlap on the big channels and on shared smaller ones.
        scheduled_weight = np.where(always_on, weight * 5, weight)
        favourites = rng.choice(pool, (total, 3), p=scheduled_weight / scheduled_weight.sum())
        how_many = rng.choice([1, 2, 3], total, p=[0.45, 0.35, 0.2])
        favourites[np.arange(3)[None, :] >= how_many[:, None]] = -1
        activity = np.where(loyal, rng.beta(4, 3, total), rng.beta(2, 4, total))
        chat_rate = np.clip(rng.beta(0.6, 6, total), 0, 0.9)
        chat_bot_channels = (
            rng.random((len(CHAT_BOT_NAMES), pool)) < np.array(CHAT_BOT_CHANNEL_SHARE)[:, None]
        )
        return cls(
            top=top,
            channel_logins=channel_logins,
            channel_ids=channel_ids,
            weight=weight,
            start_hour=start_hour,
            duration_h=duration_h,
            weekdays=weekdays,
            always_on=always_on,
            main_game=main_game,
            second_game=second_game,
            game_names=game_names,
            logins=logins,
            loyal=loyal,
            favourites=favourites,
            activity=activity,
            chat_rate=chat_rate,
            people=people,
            viewer_bots=np.array([code[x] for x in bot_logins], dtype=np.int64),
            chat_bots=np.array([code[x] for x in CHAT_BOT_NAMES], dtype=np.int64),
            chat_bot_channels=chat_bot_channels,
        )

    def channels_of_day(
        self, rng: np.random.Generator, day: date, hours: np.ndarray, window_starts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(windows, pool) listed in the top; (windows, pool) game index; (pool,) stream start (Unix s)."""
        pool = len(self.channel_logins)
        n = hours.size
        minute = np.arange(n) * (WINDOW_S // 60)  # minutes since local midnight, near enough on DST days
        jitter = rng.integers(-30, 31, pool)
        begin = self.start_hour * 60 + jitter
        end = begin + self.duration_h * 60 + rng.integers(-45, 46, pool)
        streams_today = self.weekdays[:, day.weekday()]
        streams_yesterday = self.weekdays[:, (day.weekday() - 1) % 7]
        live = (minute[:, None] >= begin[None, :]) & (minute[:, None] < end[None, :]) & streams_today[None, :]
        # Late streams run past midnight: yesterday's evening stream is still live early today.
        live |= (minute[:, None] < (end - 24 * 60)[None, :]) & streams_yesterday[None, :]
        live |= self.always_on[None, :]
        noise = rng.lognormal(0, 0.25, pool)
        rank = np.where(live, (self.weight * noise)[None, :], -1.0)
        order = np.argsort(-rank, axis=1, kind="stable")[:, : self.top]
        listed = np.zeros_like(live)
        np.put_along_axis(listed, order, True, axis=1)
        listed &= live
        # A first hour of Just Chatting for some, a second game after half the stream for others.
        chatting_first = rng.random(pool) < 0.35
        switch = rng.random(pool) < 0.25
        elapsed = minute[:, None] - begin[None, :]
        games = np.broadcast_to(self.main_game, (n, pool)).copy()
        games[(elapsed >= 0) & (elapsed < 60) & chatting_first[None, :]] = 0  # Just Chatting
        second_half = (elapsed > self.duration_h[None, :] * 30) & switch[None, :]
        games = np.where(second_half, self.second_game[None, :], games)
        started = window_starts[0] + np.clip(begin, 0, None) * 60
        return listed, games, started

    def presences(
        self, rng: np.random.Generator, day: date, hours: np.ndarray, listed: np.ndarray
    ) -> _Presence:
        n_windows, pool = listed.shape
        weekend = day.weekday() >= 5
        rhythm = (WEEKEND_RHYTHM if weekend else WORKDAY_RHYTHM)[hours]
        rhythm = rhythm / rhythm.sum()
        chance = np.clip(self.activity[self.people] * (1.15 if weekend else 1.0), 0, 0.97)
        active = self.people[rng.random(self.people.size) < chance]
        loyal = self.loyal[active]
        sessions = np.where(loyal, 1 + (rng.random(active.size) < 0.3), 1 + rng.integers(0, 3, active.size))
        viewer = np.repeat(active, sessions)
        loyal_s = np.repeat(loyal, sessions)
        start = rng.choice(n_windows, viewer.size, p=rhythm)
        mean = np.where(loyal_s, MEAN_SESSION_WINDOWS[True], MEAN_SESSION_WINDOWS[False])
        length = rng.geometric(1.0 / mean)
        channel = self._session_channels(rng, viewer, loyal_s, start, listed)
        # Expand sessions into consecutive windows, then keep the windows where the channel is listed.
        length = np.minimum(length, n_windows - start)
        offsets = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
        window = np.repeat(start, length) + offsets
        channel = np.repeat(channel, length)
        viewer = np.repeat(viewer, length)
        keep = listed[window, channel]
        window, channel, viewer = window[keep], channel[keep], viewer[keep]
        window, channel, viewer, chats = self._add_bots(rng, window, channel, viewer, listed)
        n_viewers = len(self.logins)
        key = (window * pool + channel) * n_viewers + viewer
        key, first = np.unique(key, return_index=True)
        chats = chats[first]
        viewer = key % n_viewers
        rest = key // n_viewers
        return _Presence(rest // pool, rest % pool, viewer, chats)

    def _session_channels(
        self,
        rng: np.random.Generator,
        viewer: np.ndarray,
        loyal: np.ndarray,
        start: np.ndarray,
        listed: np.ndarray,
    ) -> np.ndarray:
        """A favourite live in the top at the session's start, else a listed channel by popularity."""
        pick = rng.integers(0, 3, viewer.size)
        favourite = self.favourites[viewer, pick]
        fallback = self.favourites[viewer, 0]
        favourite = np.where(favourite < 0, fallback, favourite)
        ok = loyal & (favourite >= 0) & listed[start, np.maximum(favourite, 0)]
        channel = np.where(ok, favourite, -1)
        todo = np.flatnonzero(~ok)
        weights = np.where(listed, self.weight[None, :], 0.0)
        cdf = np.cumsum(weights, axis=1)
        cdf /= np.maximum(cdf[:, -1:], 1e-12)
        u = rng.random(todo.size)
        starts = start[todo]
        for w in np.unique(starts).tolist():
            these = starts == w
            channel[todo[these]] = np.minimum(
                np.searchsorted(cdf[w], u[these], side="right"), listed.shape[1] - 1
            )
        return channel

    def _add_bots(
        self,
        rng: np.random.Generator,
        window: np.ndarray,
        channel: np.ndarray,
        viewer: np.ndarray,
        listed: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        chats = rng.random(viewer.size) < self.chat_rate[viewer]
        extra_w, extra_c, extra_v, extra_chat = [window], [channel], [viewer], [chats]
        w_idx, c_idx = np.nonzero(listed)
        for bot in self.viewer_bots:  # in most listed channels of every window: dozens at once
            keep = rng.random(w_idx.size) < 0.9
            extra_w.append(w_idx[keep])
            extra_c.append(c_idx[keep])
            extra_v.append(np.full(int(keep.sum()), bot))
            extra_chat.append(np.zeros(int(keep.sum()), dtype=bool))
        for bot, where in zip(self.chat_bots, self.chat_bot_channels, strict=True):
            keep = where[c_idx] & (rng.random(w_idx.size) < 0.5)  # answers a command in half the windows
            extra_w.append(w_idx[keep])
            extra_c.append(c_idx[keep])
            extra_v.append(np.full(int(keep.sum()), bot))
            extra_chat.append(np.ones(int(keep.sum()), dtype=bool))
        return (
            np.concatenate(extra_w).astype(np.int64),
            np.concatenate(extra_c).astype(np.int64),
            np.concatenate(extra_v).astype(np.int64),
            np.concatenate(extra_chat),
        )


def _write_day(
    folder: Path,
    world: _World,
    window_starts: np.ndarray,
    listed: np.ndarray,
    games: np.ndarray,
    live_since: np.ndarray,
    presence: _Presence,
    rng: np.random.Generator,
) -> int:
    bounds = np.searchsorted(presence.window, np.arange(window_starts.size + 1))
    anonymous = rng.uniform(1.5, 6.0, len(world.channel_logins))
    written = 0
    for w, start in enumerate(window_starts.tolist()):
        lo, hi = bounds[w], bounds[w + 1]
        channel = presence.channel[lo:hi]
        viewer = presence.viewer[lo:hi]
        chats = presence.chats[lo:hi]
        cuts = np.searchsorted(channel, np.arange(listed.shape[1] + 1))
        entries = []
        for c in np.flatnonzero(listed[w]).tolist():
            a, b = cuts[c], cuts[c + 1]
            entries.append(
                _channel_entry(world, c, start, viewer[a:b], chats[a:b], games[w, c], live_since, anonymous)
            )
        entries.sort(key=lambda e: (-(e["viewer_count"] or 0), e["login"]))
        sample = _sample(start, entries)
        try:
            write_sample(folder, sample, sample_name(start))
            written += 1
        except FileExistsError:
            log.info("%s exists; left as it is", sample_name(start))
    return written


def _channel_entry(
    world: _World,
    c: int,
    window_start: int,
    viewers: np.ndarray,
    chats: np.ndarray,
    game: int,
    live_since: np.ndarray,
    anonymous: np.ndarray,
) -> dict[str, Any]:
    logins = world.logins
    chatters = [logins[v] for v in viewers[chats].tolist()]
    lurkers = [logins[v] for v in viewers[~chats].tolist()]
    mixed = (viewers * 2_654_435_761 + c * 40_503) % 400
    moderators = [
        logins[v] for v in viewers[chats & ((mixed == 0) | np.isin(viewers, world.chat_bots))].tolist()
    ]
    vips = [logins[v] for v in viewers[chats & (mixed == 1)].tolist()]
    login = world.channel_logins[c]
    game_name = world.game_names[game]
    return {
        "login": login,
        "user_id": world.channel_ids[c],
        "live": True,
        "stream_id": str(300_000_000_000 + c * 1_000 + int(live_since[c]) % 997),
        "viewer_count": round(float(viewers.size * anonymous[c])) + 1,
        "title": f"{game_name} avec la commu !" if c % 3 else f"{login} en live : {game_name}",
        "game_id": str(100 + game),
        "game_name": game_name,
        "language": LANGUAGE,
        "started_at": format_time(min(int(live_since[c]), window_start)),
        "observed_seconds": float(WINDOW_S),
        "messages": int(len(chatters) * 3 + (c * 7 + window_start // WINDOW_S) % 11),
        "chatters": chatters,
        "lurkers": lurkers,
        "vips": vips,
        "moderators": moderators,
    }


def _sample(start: int, channels: list[dict[str, Any]]) -> dict[str, Any]:
    viewers = sum(len(c["chatters"]) + len(c["lurkers"]) for c in channels)
    return {
        "format": SAMPLE_FORMAT,
        "version": SAMPLE_VERSION,
        "window_start": format_time(start),
        "window_end": format_time(start + WINDOW_S),
        "window": format_duration(WINDOW_S),
        "window_seconds": WINDOW_S,
        "language": LANGUAGE,
        "top": len(channels),
        "tracked": [],
        "metadata_at": format_time(start) if channels else None,
        "written_at": format_time(start + WINDOW_S),
        "totals": {
            "channels": len(channels),
            "observed_channels": len(channels),
            # Distinct over channels would need a set per window; bots and multi-tab viewers make the sum
            # an upper bound, which is all the demo promises for this one field.
            "viewers": viewers,
            "chatters": sum(len(c["chatters"]) for c in channels),
            "lurkers": sum(len(c["lurkers"]) for c in channels),
            "messages": sum(c["messages"] for c in channels),
        },
        "channels": channels,
    }


def _channel_logins(rng: np.random.Generator, pool: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    suffixes = ("", "tv", "live", "_", "off", "fr", "gaming")
    while len(names) < pool:
        base = CHANNEL_WORDS[int(rng.integers(len(CHANNEL_WORDS)))]
        name = (
            base
            + suffixes[int(rng.integers(len(suffixes)))]
            + LOGIN_WORDS[int(rng.integers(len(LOGIN_WORDS)))]
        )
        name = name[:25]
        if name not in seen and not any(ch.isdigit() for ch in name):
            seen.add(name)
            names.append(name)
    return names


def _viewer_logins(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct valid logins, each with a number (so never a channel's, which have none)."""
    words = LOGIN_WORDS
    first = rng.integers(0, len(words), count).tolist()
    second = rng.integers(0, len(words), count).tolist()
    style = rng.integers(0, 4, count).tolist()
    logins = [
        (
            f"{words[a]}{words[b]}{i}"
            if s == 0
            else f"{words[a]}_{i}"
            if s == 1
            else f"{words[a]}{words[b]}_{i % 97}x{i // 97}"
            if s == 2
            else f"x{words[b]}{i}"
        )
        for i, (a, b, s) in enumerate(zip(first, second, style, strict=True))
    ]
    assert max(map(len, logins), default=0) <= 25 and len(set(logins)) == count
    return logins
