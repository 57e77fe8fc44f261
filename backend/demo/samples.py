"""``twitchgraph demo-samples``: seeded sample windows of the demo world, in the collector's sample format.

The windows are of the world ``twitchgraph demo-data`` writes (a :class:`~backend.demo.world.DemoWorld`,
generated for a seed or read from its folder), sampled every window like ``collect samples --top C``:
each window lists the C biggest live channels of a pool of the world's biggest channels, with their
language and game, and per channel the viewers seen (chatters and lurkers), so the Explorer, the
rankings, the atlas and the viewer pages show one world.

Viewers are the world's chatters of the pool's channels. A loyal viewer comes back to one to three
favourites among the channels it chats in, a wanderer to any of them; when none is live at the start of a
session it lurks in a big live channel instead. A viewer chats only where the world has it chat, and its
moderator and VIP badges are the world's. Asked for more viewers than the pool's audience holds, the rest
are lurkers who never chat. The world's chat bots (nightbot, streamelements...) chat in the channels they
moderate or chat in, and a few viewer bots sit in dozens of channels at once: day processing bans both, so
the summary counts presences as ``process-day`` will (the bots' apart). Rhythms: most watching in the
evening, more in the afternoon at weekends.

Everything is vectorised with numpy: a day of 288 windows x 100 channels and 900,000 viewers is written
in about a minute. The same world, seed, start and sizes give the same files.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from backend.demo.vocabulary import GAMES, LOGIN_WORDS
from backend.demo.world import DemoWorld, demo_world
from backend.profiles.core import find_bots
from contracts.days import day_bounds, local_hours, zone
from contracts.durations import format_duration
from contracts.identity import KNOWN_BOTS
from contracts.samples import SAMPLE_FORMAT, SAMPLE_VERSION, format_time, sample_name, write_sample

__all__ = ["DEFAULT_BOT_CHANNELS_PER_WINDOW", "DemoSummary", "write_demo_samples"]

log = logging.getLogger(__name__)

WINDOW_S = 300
# A pool of channels several times the top list, so the list changes over the day; the smaller half of
# the extra channels stream round the clock (music, reruns), which keeps the night windows full.
POOL_FACTOR = 4
ALWAYS_ON_WEIGHT = 0.02
AUDIENCE_EXPONENT = 0.8  # a channel draws viewers by followers**0.8, as the world draws its chatters
LOYAL_SHARE = 0.7
# Sessions spent lurking in a big live channel rather than in one the viewer chats in.
LURK_ELSEWHERE_SHARE = 0.06
OFFLINE = -2  # a session's channel when none of the viewer's channels streams in the top today
FAVOURITES = 3
# Viewer bots: accounts that sit in dozens of channels at once (view-botting, scraping).
VIEWER_BOTS_PER_100K = 1
MIN_VIEWER_BOTS = 2
VIEWER_BOT_PREFIX = "viewerbot_"
CHAT_BOT_WINDOW_SHARE = 0.5  # a chat bot answers a command in half the windows of its channels
# Day processing's rule (BOT_CHANNELS_PER_WINDOW), mirrored to count presences as it will.
DEFAULT_BOT_CHANNELS_PER_WINDOW = 10
JUST_CHATTING = GAMES[0][0]
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
    """What :func:`write_demo_samples` wrote, per day, counted as ``process-day`` counts.

    ``viewers_per_day`` and ``presences_per_day`` leave out the bots day processing bans (known chat
    bots, and accounts in ``bot_channels_per_window`` channels of one window, banned for good from the
    first day they do it); ``bot_presences_per_day`` and ``bots_per_day`` are those left out.
    ``home_presences_per_day`` counts the viewers' presences in a channel they chat in in the world.
    """

    days: list[date]
    files: int
    viewers_per_day: list[int] = field(default_factory=list)
    presences_per_day: list[int] = field(default_factory=list)
    bot_presences_per_day: list[int] = field(default_factory=list)
    bots_per_day: list[int] = field(default_factory=list)
    home_presences_per_day: list[int] = field(default_factory=list)
    channels: int = 0  # the world's channels that can be listed (the pool)
    audience: int = 0  # the viewers who chat in the world (the rest are lurkers)
    lurkers: int = 0


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
    world: DemoWorld | None = None,
    bot_channels_per_window: int = DEFAULT_BOT_CHANNELS_PER_WINDOW,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write ``days`` local days of windows of ``world`` into ``folder``, from ``start`` (default: so the
    last day is yesterday). Existing window files are left alone (the writer never replaces a file).

    Parameters
    ----------
    channels : int
        Channels listed per window (at most the world's).
    viewers : int
        Viewer accounts: the world's chatters of the listed channels, then lurkers if it has fewer.
    world : DemoWorld, optional
        The world whose channels are sampled; default: ``demo_world(seed=seed)``, the one
        ``twitchgraph demo-data --seed SEED`` writes with its default sizes.
    bot_channels_per_window : int
        Day processing's bot rule, to count presences as it will.

    :raise ValueError: a world without channels, or sizes below 1.
    """
    if days < 1 or channels < 1 or viewers < 1:
        raise ValueError(f"days, channels and viewers must be at least 1, got {days}, {channels}, {viewers}")
    say = progress or (lambda _message: None)
    tz = zone(timezone)
    if start is None:
        start = datetime.now(tz).date() - timedelta(days=days)
    if world is None:
        say(f"generating the demo world of seed {seed}")
        world = demo_world(seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    sampled = _World.build(world, channels, viewers, seed)
    summary = DemoSummary(
        [],
        0,
        channels=len(sampled.channel_logins),
        audience=sampled.audience,
        lurkers=int(sampled.people.size) - sampled.audience,
    )
    banned = np.zeros(len(sampled.logins), dtype=bool)
    banned[sampled.chat_bots] = True  # known bots: banned at their first presence, as day processing does
    for offset in range(days):
        day = start + timedelta(days=offset)
        window_starts = np.arange(*day_bounds(day, tz), WINDOW_S, dtype=np.int64)
        hours = np.array(local_hours(window_starts, tz))
        rng = np.random.default_rng([seed, day.toordinal()])
        listed, games, live_since = sampled.channels_of_day(rng, day, hours, window_starts)
        presence = sampled.presences(rng, day, hours, listed)
        written = _write_day(folder, sampled, window_starts, listed, games, live_since, presence, rng)
        banned[find_bots(presence.viewer, presence.window, bot_channels_per_window)] = True
        _count_day(summary, sampled, presence, banned)
        summary.days.append(day)
        summary.files += written
        say(
            f"{day}: {written} windows, {summary.viewers_per_day[-1]:,} viewers, "
            f"{summary.presences_per_day[-1]:,} presences "
            f"(and {summary.bot_presences_per_day[-1]:,} of {summary.bots_per_day[-1]} bots)"
        )
    return summary


def _count_day(summary: DemoSummary, world: "_World", presence: "_Presence", banned: np.ndarray) -> None:
    bot = banned[presence.viewer]
    people = presence.viewer[~bot]
    summary.viewers_per_day.append(int(np.unique(people).size))
    summary.presences_per_day.append(int(people.size))
    summary.bot_presences_per_day.append(int(bot.sum()))
    summary.bots_per_day.append(int(np.unique(presence.viewer[bot]).size))
    home = world.is_home(people, presence.channel[~bot])
    summary.home_presences_per_day.append(int(home.sum()))


@dataclass
class _Presence:
    """A day's presences sorted by (window, channel, viewer); viewer codes sort like the logins."""

    window: np.ndarray
    channel: np.ndarray
    viewer: np.ndarray
    chats: np.ndarray
    moderator: np.ndarray
    vip: np.ndarray


@dataclass
class _World:
    """The pool's channels (biggest first) and the viewers, as codes: viewer codes index ``logins``."""

    top: int
    channel_logins: list[str]
    channel_ids: list[str]
    channel_languages: list[str | None]
    weight: np.ndarray  # channel popularity
    start_hour: np.ndarray  # local hour the stream usually starts
    duration_h: np.ndarray
    weekdays: np.ndarray  # (pool, 7) streams on that weekday
    always_on: np.ndarray
    main_game: np.ndarray  # index into game_names, -1 for no game
    second_game: np.ndarray
    game_names: list[str]
    logins: list[str]  # viewers (people, then bots), sorted
    audience: int  # people who chat in the world; the other people are lurkers
    loyal: np.ndarray
    favourites: np.ndarray  # (viewers, FAVOURITES) channel indexes, -1 for none
    home_keys: np.ndarray  # sorted viewer * pool + channel: where each viewer chats in the world
    home_start: np.ndarray  # (viewers + 1,) each viewer's first key in home_keys
    moderator_keys: np.ndarray  # sorted viewer * pool + channel: the world's moderators
    vip_keys: np.ndarray
    activity: np.ndarray  # chance to watch on a given day
    chat_rate: np.ndarray
    people: np.ndarray  # codes of people (not bots)
    viewer_bots: np.ndarray  # codes of viewer bots
    chat_bots: np.ndarray  # codes of the world's chat bots seen in the pool
    chat_bot_channels: np.ndarray  # (len(chat_bots), pool) bool

    @classmethod
    def build(cls, world: DemoWorld, top: int, viewers: int, seed: int) -> "_World":
        if not world.logins:
            raise ValueError("the world has no channel to sample")
        rng = np.random.default_rng([seed, 0])
        pool = min(len(world.logins), max(top * POOL_FACTOR, top + 4))
        top = min(top, pool)
        order = np.argsort(-world.followers, kind="stable")[:pool]  # world indexes, biggest first
        weight = (np.maximum(world.followers[order], 0) + 1.0) ** AUDIENCE_EXPONENT
        weight = weight / weight.max() * 100
        always_on = np.zeros(pool, dtype=bool)
        always_on[pool - (pool - top) // 2 :] = True  # the smallest ones
        weight[always_on] *= ALWAYS_ON_WEIGHT
        evening = rng.random(pool) < 0.75
        start_hour = np.where(evening, rng.integers(16, 22, pool), rng.integers(7, 16, pool))
        duration_h = rng.integers(3, 9, pool)
        weekdays = rng.random((pool, 7)) < rng.uniform(0.55, 1.0, pool)[:, None]
        channel_logins = [world.logins[i] for i in order.tolist()]
        game_names, main_game, second_game = _games(rng, [world.games[i] for i in order.tolist()])
        channel_of = {login: c for c, login in enumerate(channel_logins)}

        viewer_people = _Viewers.of(rng, world, channel_of, viewers)
        n_bots = max(MIN_VIEWER_BOTS, viewers * VIEWER_BOTS_PER_100K // 100_000)
        bot_logins = [f"{VIEWER_BOT_PREFIX}{i:03d}" for i in range(n_bots)]
        chat_bot_logins = sorted(
            {login for name in ("moderators.csv", "chatters.csv") for _channel, login in world.links[name]}
            & KNOWN_BOTS
            & _logins_in(world, channel_of)
        )
        logins = sorted(set(viewer_people.logins) | set(bot_logins) | set(chat_bot_logins))
        code = {login: i for i, login in enumerate(logins)}
        total = len(logins)
        people = np.array(sorted(code[x] for x in viewer_people.logins), dtype=np.int64)
        home_keys = _pair_keys(viewer_people.home, code, channel_of, pool)
        home_start = np.searchsorted(home_keys // pool, np.arange(total + 1))
        loyal = rng.random(total) < LOYAL_SHARE
        scheduled_weight = np.where(always_on, weight * 5, weight)
        favourites = _favourites(rng, home_keys, home_start, pool, scheduled_weight)
        activity = np.where(loyal, rng.beta(4, 3, total), rng.beta(2, 4, total))
        chat_rate = np.clip(rng.beta(0.6, 6, total), 0, 0.9)
        chat_bot_channels = np.zeros((len(chat_bot_logins), pool), dtype=bool)
        bot_row = {login: b for b, login in enumerate(chat_bot_logins)}
        for name in ("moderators.csv", "chatters.csv"):
            for channel, login in world.links[name]:
                if login in bot_row and channel in channel_of:
                    chat_bot_channels[bot_row[login], channel_of[channel]] = True
        return cls(
            top=top,
            channel_logins=channel_logins,
            channel_ids=[world.user_ids[i] for i in order.tolist()],
            channel_languages=[world.languages[i] for i in order.tolist()],
            weight=weight,
            start_hour=start_hour,
            duration_h=duration_h,
            weekdays=weekdays,
            always_on=always_on,
            main_game=main_game,
            second_game=second_game,
            game_names=game_names,
            logins=logins,
            audience=viewer_people.audience,
            loyal=loyal,
            favourites=favourites,
            home_keys=home_keys,
            home_start=home_start,
            moderator_keys=_pair_keys(world.links["moderators.csv"], code, channel_of, pool),
            vip_keys=_pair_keys(world.links["vips.csv"], code, channel_of, pool),
            activity=activity,
            chat_rate=chat_rate,
            people=people,
            viewer_bots=np.array([code[x] for x in bot_logins], dtype=np.int64),
            chat_bots=np.array([code[x] for x in chat_bot_logins], dtype=np.int64),
            chat_bot_channels=chat_bot_channels,
        )

    @property
    def pool(self) -> int:
        return len(self.channel_logins)

    def is_home(self, viewer: np.ndarray, channel: np.ndarray) -> np.ndarray:
        """Whether each viewer chats in that channel in the world."""
        return _contains(self.home_keys, viewer.astype(np.int64) * self.pool + channel)

    def channels_of_day(
        self, rng: np.random.Generator, day: date, hours: np.ndarray, window_starts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(windows, pool) listed in the top; (windows, pool) game index; (pool,) stream start (Unix s)."""
        pool = self.pool
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
        chatting_first = (rng.random(pool) < 0.35) & (self.main_game >= 0)
        switch = rng.random(pool) < 0.25
        elapsed = minute[:, None] - begin[None, :]
        games = np.broadcast_to(self.main_game, (n, pool)).copy()
        games[(elapsed >= 0) & (elapsed < 60) & chatting_first[None, :]] = self.game_names.index(
            JUST_CHATTING
        )
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
        mean = np.where(loyal_s, MEAN_SESSION_WINDOWS[True], MEAN_SESSION_WINDOWS[False])
        length = rng.geometric(1.0 / mean)
        channel = self._session_channels(rng, viewer, loyal_s, listed.any(axis=0))
        start, channel, happens = self._session_starts(rng, channel, rhythm, listed)
        viewer, length = viewer[happens], length[happens]
        # Expand sessions into consecutive windows, then keep the windows where the channel is listed.
        length = np.minimum(length, n_windows - start)
        offsets = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
        window = np.repeat(start, length) + offsets
        channel = np.repeat(channel, length)
        viewer = np.repeat(viewer, length)
        keep = listed[window, channel]
        window, channel, viewer = window[keep], channel[keep], viewer[keep]
        # People chat only where the world has them chat.
        chats = (rng.random(viewer.size) < self.chat_rate[viewer]) & self.is_home(viewer, channel)
        window, channel, viewer, chats = self._add_bots(rng, window, channel, viewer, chats, listed)
        n_viewers = len(self.logins)
        key = (window * pool + channel) * n_viewers + viewer
        key, first = np.unique(key, return_index=True)
        chats = chats[first]
        viewer = key % n_viewers
        rest = key // n_viewers
        channel = rest % pool
        pair = viewer * pool + channel
        moderator = chats & (_contains(self.moderator_keys, pair) | np.isin(viewer, self.chat_bots))
        vip = chats & ~moderator & _contains(self.vip_keys, pair)
        return _Presence(rest // pool, channel, viewer, chats, moderator, vip)

    def _session_channels(
        self, rng: np.random.Generator, viewer: np.ndarray, loyal: np.ndarray, on_today: np.ndarray
    ) -> np.ndarray:
        """Each session's channel: a loyal viewer's favourite if it streams in the top today, else any
        channel the viewer chats in that does, popular ones more often (the smallest exponential key
        over them); OFFLINE when none does, -1 for a wanderer who chats nowhere (a lurker)."""
        pick = rng.integers(0, FAVOURITES, viewer.size)
        favourite = self.favourites[viewer, pick]
        favourite = np.where(favourite < 0, self.favourites[viewer, 0], favourite)
        first = self.home_start[viewer]
        degree = self.home_start[viewer + 1] - first
        session = np.repeat(np.arange(viewer.size), degree)
        offset = np.arange(session.size) - np.repeat(np.cumsum(degree) - degree, degree)
        channel = self.home_keys[np.repeat(first, degree) + offset] % self.pool
        key = -np.log(rng.random(session.size)) / self.weight[channel]
        priority = np.where(on_today[channel], key, np.inf)
        order = np.lexsort((priority, session))
        has = np.flatnonzero(degree > 0)
        best = order[(np.cumsum(degree) - degree)[has]]
        home = np.full(viewer.size, -1, dtype=np.int64)
        home[has] = np.where(on_today[channel[best]], channel[best], OFFLINE)
        return np.where(loyal & (favourite >= 0) & on_today[np.maximum(favourite, 0)], favourite, home)

    def _session_starts(
        self, rng: np.random.Generator, channel: np.ndarray, rhythm: np.ndarray, listed: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(start window, channel) of the sessions that happen, and which happen: a session in its
        channel starts while the channel is in the top (by the daily rhythm); a lurker's session, or one
        in LURK_ELSEWHERE_SHARE, starts by the rhythm alone in a listed channel, popular ones more often
        (a visit as a lurker); the other sessions whose viewer's channels are all offline do not happen."""
        n_windows, pool = listed.shape
        elsewhere = (channel == -1) | (rng.random(channel.size) < LURK_ELSEWHERE_SHARE)
        happens = elsewhere | (channel != OFFLINE)  # a viewer whose channels are all offline stays away
        start = np.empty(channel.size, dtype=np.int64)
        channel = channel.copy()
        home = np.flatnonzero(~elsewhere & happens)
        u = rng.random(home.size)
        for c in np.unique(channel[home]).tolist():
            these = channel[home] == c
            cdf = np.cumsum(rhythm * listed[:, c])
            start[home[these]] = np.searchsorted(cdf / cdf[-1], u[these], side="right")
        away = np.flatnonzero(elsewhere)
        start[away] = rng.choice(n_windows, away.size, p=rhythm)
        weights = np.where(listed, self.weight[None, :], 0.0)
        cdf = np.cumsum(weights, axis=1)
        cdf /= np.maximum(cdf[:, -1:], 1e-12)
        u = rng.random(away.size)
        starts = start[away]
        for w in np.unique(starts).tolist():
            these = starts == w
            channel[away[these]] = np.searchsorted(cdf[w], u[these], side="right")
        return np.minimum(start, n_windows - 1)[happens], np.minimum(channel, pool - 1)[happens], happens

    def _add_bots(
        self,
        rng: np.random.Generator,
        window: np.ndarray,
        channel: np.ndarray,
        viewer: np.ndarray,
        chats: np.ndarray,
        listed: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        extra_w, extra_c, extra_v, extra_chat = [window], [channel], [viewer], [chats]
        w_idx, c_idx = np.nonzero(listed)
        for bot in self.viewer_bots:  # in most listed channels of every window: dozens at once
            keep = rng.random(w_idx.size) < 0.9
            extra_w.append(w_idx[keep])
            extra_c.append(c_idx[keep])
            extra_v.append(np.full(int(keep.sum()), bot))
            extra_chat.append(np.zeros(int(keep.sum()), dtype=bool))
        for bot, where in zip(self.chat_bots, self.chat_bot_channels, strict=True):
            keep = where[c_idx] & (rng.random(w_idx.size) < CHAT_BOT_WINDOW_SHARE)
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


@dataclass(frozen=True)
class _Viewers:
    """The people sampled: their logins, the (channel, login) pairs where they chat in the pool."""

    logins: list[str]
    home: list[tuple[str, str]]
    audience: int  # how many of them chat in the world; the others are lurkers

    @classmethod
    def of(
        cls, rng: np.random.Generator, world: DemoWorld, channel_of: dict[str, int], viewers: int
    ) -> "_Viewers":
        """``viewers`` of the pool's chatters (all of them, then lurkers, when there are fewer)."""
        pairs = [
            (channel, login)
            for channel, login in world.links["chatters.csv"]
            if channel in channel_of and login not in KNOWN_BOTS and not login.startswith(VIEWER_BOT_PREFIX)
        ]
        audience = sorted({login for _channel, login in pairs})
        if viewers < len(audience):
            chosen = [
                audience[i] for i in np.sort(rng.choice(len(audience), viewers, replace=False)).tolist()
            ]
            kept = set(chosen)
            return cls(chosen, [pair for pair in pairs if pair[1] in kept], viewers)
        taken = set(world.logins) | _logins_in(world)
        return cls([*audience, *_lurker_logins(rng, viewers - len(audience), taken)], pairs, len(audience))


def _logins_in(world: DemoWorld, channel_of: dict[str, int] | None = None) -> set[str]:
    """The logins of the world's VIPs, moderators and chatters (of the pool's channels only, if given)."""
    return {
        login
        for pairs in world.links.values()
        for channel, login in pairs
        if channel_of is None or channel in channel_of
    }


def _pair_keys(
    pairs: Iterable[tuple[str, str]], code: dict[str, int], channel_of: dict[str, int], pool: int
) -> np.ndarray:
    """Sorted distinct viewer * pool + channel keys of the pairs whose channel and viewer are sampled."""
    keys = [
        code[login] * pool + channel_of[channel]
        for channel, login in pairs
        if channel in channel_of and login in code
    ]
    return np.unique(np.array(keys, dtype=np.int64))


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if not sorted_keys.size:
        return np.zeros(keys.shape, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[at] == keys


def _favourites(
    rng: np.random.Generator, home_keys: np.ndarray, home_start: np.ndarray, pool: int, weight: np.ndarray
) -> np.ndarray:
    """(viewers, FAVOURITES): one to three of the channels each viewer chats in, popular ones more often
    (weighted sampling without replacement); by popularity alone for those who chat nowhere."""
    total = home_start.size - 1
    favourites = np.full((total, FAVOURITES), -1, dtype=np.int64)
    viewer, channel = home_keys // pool, home_keys % pool
    priority = -np.log(rng.random(home_keys.size)) / weight[channel]  # smallest first
    order = np.lexsort((priority, viewer))
    viewer, channel = viewer[order], channel[order]
    rank = np.arange(viewer.size) - home_start[viewer]
    first = rank < FAVOURITES
    favourites[viewer[first], rank[first]] = channel[first]
    nowhere = np.flatnonzero(home_start[1:] == home_start[:-1])
    favourites[nowhere] = rng.choice(pool, (nowhere.size, FAVOURITES), p=weight / weight.sum())
    how_many = rng.choice([1, 2, 3], total, p=[0.45, 0.35, 0.2])
    favourites[np.arange(FAVOURITES)[None, :] >= how_many[:, None]] = -1
    return favourites


def _games(
    rng: np.random.Generator, world_games: list[str | None]
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The game names (the vocabulary's, then the world's others), and per channel its world game (-1:
    none) and a second game of the same kind, played in the second half of some streams."""
    names = list(dict.fromkeys([*(name for name, _w, _c in GAMES), *(g for g in world_games if g)]))
    index = {name: i for i, name in enumerate(names)}
    main = np.array([index[g] if g else -1 for g in world_games], dtype=np.int64)
    cluster_of = {name: cluster for name, _w, cluster in GAMES}
    second = main.copy()
    for c, game in enumerate(world_games):
        if game in cluster_of:
            kin = [(index[name], w) for name, w, cluster in GAMES if cluster == cluster_of[game]]
            weights = np.array([w for _i, w in kin], dtype=float)
            second[c] = kin[int(rng.choice(len(kin), p=weights / weights.sum()))][0]
    return names, main, second


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
    anonymous = rng.uniform(1.5, 6.0, world.pool)
    written = 0
    for w, start in enumerate(window_starts.tolist()):
        lo, hi = bounds[w], bounds[w + 1]
        cuts = np.searchsorted(presence.channel[lo:hi], np.arange(listed.shape[1] + 1)) + lo
        entries = [
            _channel_entry(
                world, c, start, presence, slice(cuts[c], cuts[c + 1]), games[w, c], live_since, anonymous
            )
            for c in np.flatnonzero(listed[w]).tolist()
        ]
        entries.sort(key=lambda e: (-(e["viewer_count"] or 0), e["login"]))
        try:
            write_sample(folder, _sample(start, entries), sample_name(start))
            written += 1
        except FileExistsError:
            log.info("%s exists; left as it is", sample_name(start))
    return written


def _channel_entry(
    world: _World,
    c: int,
    window_start: int,
    presence: _Presence,
    rows: slice,
    game: int,
    live_since: np.ndarray,
    anonymous: np.ndarray,
) -> dict[str, Any]:
    logins = world.logins
    viewers, chats = presence.viewer[rows], presence.chats[rows]
    chatters = [logins[v] for v in viewers[chats].tolist()]
    login = world.channel_logins[c]
    game_name = world.game_names[game] if game >= 0 else ""
    return {
        "login": login,
        "user_id": world.channel_ids[c],
        "live": True,
        "stream_id": str(300_000_000_000 + c * 1_000 + int(live_since[c]) % 997),
        "viewer_count": round(float(viewers.size * anonymous[c])) + 1,
        "title": f"{game_name or 'Hanging out'} with chat" if c % 3 else f"{login} live: {game_name}".strip(),
        "game_id": str(100 + game) if game >= 0 else "",
        "game_name": game_name,
        "language": world.channel_languages[c],
        "started_at": format_time(min(int(live_since[c]), window_start)),
        "observed_seconds": float(WINDOW_S),
        "messages": int(len(chatters) * 3 + (c * 7 + window_start // WINDOW_S) % 11),
        "chatters": chatters,
        "lurkers": [logins[v] for v in viewers[~chats].tolist()],
        "vips": [logins[v] for v in viewers[presence.vip[rows]].tolist()],
        "moderators": [logins[v] for v in viewers[presence.moderator[rows]].tolist()],
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
        "language": None,  # the top channels of all languages, as `collect samples` without --language
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


def _lurker_logins(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    """``count`` distinct valid logins that are none of ``taken``, each with a number."""
    logins: list[str] = []
    first = 0
    while len(logins) < count:
        batch = _viewer_logins(rng, count - len(logins), first)
        first += len(batch)
        logins += [login for login in batch if login not in taken]
    return logins


def _viewer_logins(rng: np.random.Generator, count: int, first: int = 0) -> list[str]:
    """``count`` distinct valid logins, each with a number (numbered from ``first``)."""
    words = LOGIN_WORDS
    pick_a = rng.integers(0, len(words), count).tolist()
    pick_b = rng.integers(0, len(words), count).tolist()
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
        for i, a, b, s in zip(range(first, first + count), pick_a, pick_b, style, strict=True)
    ]
    assert max(map(len, logins), default=0) <= 25 and len(set(logins)) == count
    return logins
