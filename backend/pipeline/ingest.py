"""The day's first stages after reading: ``restructure`` (ingest identity, local hours), ``bots`` (bans and
their erasure), and the ``schedules`` stage's runs. Each takes and returns typed values."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from backend.files.day_schedules import DaySchedules, day_file, erase_from_day_file
from backend.files.profile_folder import privacy_key
from backend.graph import queries
from backend.graph.store import GraphStore
from backend.pipeline import graph_writes as gw
from backend.pipeline.day_input import DayInput
from backend.pipeline.options import PipelineOptions
from backend.profiles import core
from contracts.days import local_hours, parse_day
from contracts.identity import do_not_track_hash, identity

__all__ = ["IngestRules", "IngestedDay", "ban_bots", "day_schedules", "ingest_rules", "restructure"]


@dataclass(frozen=True)
class IngestRules:
    """How the day's logins are taken in: pseudonymised or not, the do-not-track list, local hours."""

    key: str  # the pseudonymisation key (empty: real logins)
    do_not_track: frozenset[str]
    secret: bytes  # the privacy key of the do-not-track hashes (empty while the list is)
    tz: ZoneInfo

    def forgotten(self, *names: str) -> bool:
        """Whether any of ``names`` (one person's) is on the do-not-track list."""
        return bool(self.do_not_track) and any(
            do_not_track_hash(name, self.secret) in self.do_not_track for name in names
        )


@dataclass
class IngestedDay:
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


def ingest_rules(store: GraphStore, options: PipelineOptions) -> IngestRules:
    do_not_track = frozenset(row[0] for row in store.ro_query(queries.DO_NOT_TRACK).rows)
    secret = privacy_key(options.profile_dir) if do_not_track else b""
    return IngestRules(options.pseudonymise_key, do_not_track, secret, options.tz)


def restructure(raw: DayInput, rules: IngestRules) -> IngestedDay:
    """Identities (lowercase or pseudonym), without the do-not-track list's people and channels."""
    lower = [login.lower() for login in raw.logins]
    idents = [identity(login, rules.key) for login in lower] if rules.key else lower
    forgotten = np.array([rules.forgotten(x, i) for x, i in zip(lower, idents, strict=True)], dtype=bool)
    known_bot = np.array([x in core.KNOWN_BOTS for x in lower], dtype=bool)
    names, inverse = np.unique(np.array(idents, dtype=object), return_inverse=True) if idents else ([], [])
    inverse = np.asarray(inverse, dtype=np.int32)  # viewer codes per presence: int32 halves them
    viewer = inverse[raw.viewer] if raw.viewer.size else raw.viewer
    keep = ~forgotten[raw.viewer] if raw.viewer.size else np.zeros(0, bool)
    channel_forgotten = np.array([rules.forgotten(c) for c in raw.channels], dtype=bool)
    if raw.channel.size:
        keep &= ~channel_forgotten[raw.channel]
    bot_names = np.zeros(len(names), dtype=bool)
    if raw.viewer.size:
        bot_names[inverse[known_bot]] = True
    return IngestedDay(
        logins=list(names),
        channels=raw.channels,
        channel_twitch_ids=raw.channel_ids,
        games=raw.games,
        window_starts=raw.window_starts,
        window_minutes=raw.window_minutes,
        window_hours=np.array(local_hours(raw.window_starts, rules.tz), dtype=np.int64),
        viewer=viewer[keep],
        window=raw.window[keep],
        channel=raw.channel[keep],
        game=raw.game[keep],
        known_bot=bot_names,
    )


def ban_bots(
    store: GraphStore,
    ingested: IngestedDay,
    day: date,
    *,
    threshold: int,
    profile_dir: Path,
    say: Callable[[str], None],
) -> int:
    """Ban the day's new bots (known names, or ``threshold`` channels in one window), erase what the graph
    and the day schedules hold of them, and drop every banned viewer's presences; returns the new bans."""
    banned = {row[0] for row in store.ro_query(queries.BANNED_LOGINS).rows}
    is_bot = ingested.known_bot.copy()
    is_bot[core.find_bots(ingested.viewer, ingested.window, threshold)] = True
    already = np.array([name in banned for name in ingested.logins], dtype=bool)
    new_bots = np.flatnonzero(is_bot & ~already)
    if new_bots.size:
        rows = [
            {
                "login": ingested.logins[i],
                "reason": "known chat bot" if ingested.known_bot[i] else "many channels at once",
            }
            for i in new_bots.tolist()
        ]
        store.query(queries.MERGE_BANNED, {"rows": rows, "day": day.isoformat()})
        dates = gw.remove_profile_data(store, [r["login"] for r in rows])
        gone = {login for login, found in dates.items() if found}
        for date_text in sorted({d for found in dates.values() for d in found}):
            erase_from_day_file(day_file(profile_dir, parse_day(date_text)), gone)
        say(f"{day}: {new_bots.size} bots banned")
    ingested.drop(is_bot | already)
    return int(new_bots.size)


def day_schedules(ingested: IngestedDay) -> DaySchedules:
    """The day's presences as runs of consecutive windows per (viewer, channel, game), sorted by viewer."""
    day = ingested
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
