"""Viewer profiles: the pure math of TwitchProfiler-style viewer profiling on numpy arrays.

No I/O and no graph: the same functions run in-process (embedded FalkorDB), inside Memgraph as the MAGE
query module ``memgraph/query_modules/twitchgraph_profiles.py`` (the image copies this file beside it),
and in the tests. Only numpy and the standard library are imported.

Definitions
-----------
A *presence* is a viewer seen in a channel in one window; it is worth the window's minutes (5) of watch
time for that viewer, channel, game, local hour and local date.

Every moving average is an EMA over a sequence of days, ``S_n = alpha * x_n + (1 - alpha) * S_(n-1)``
with ``alpha = 2 / (N + 1)`` and ``S = 0`` before the first processed day; a day of the sequence without
watching counts as ``x = 0``. The sequences are:

- recent channels and games: every calendar day, N = 28 (``day_number``);
- the workday schedule: Monday to Friday, N = 20 (``workday_number``);
- the weekend schedule: Saturday and Sunday, N = 8 (``weekend_number``).

Decay is lazy: a score is stored with the number ``n`` of the day it is valid for, and brought to a
later day ``m`` by ``S * (1 - alpha) ** (m - n)``, which is exactly the result of ``m - n`` days without
watching. A day's update therefore touches only the viewers seen that day, and gives every viewer the
profile an update of everyone would have given.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from contracts.identity import KNOWN_BOTS

__all__ = [
    "HOURS",
    "KNOWN_BOTS",
    "RECENT_ALPHA",
    "WEEKEND_ALPHA",
    "WORKDAY_ALPHA",
    "DayAggregates",
    "aggregate_day",
    "alpha",
    "day_number",
    "decay",
    "decode_hours",
    "ema_update",
    "encode_hours",
    "find_bots",
    "group_sum",
    "is_known_bot",
    "refresh_pairs",
    "refresh_schedules",
    "score_shares",
    "weekend_number",
    "workday_number",
]

HOURS = 24
_ROW_BLOCK = 32_768  # rows of (k, 24) work done at once, to bound the temporaries
# The reference's periods: recent favourites over 4 weeks, 20 workdays, 8 weekend days.
RECENT_DAYS = 28
WORKDAY_DAYS = 20
WEEKEND_DAYS = 8


def alpha(periods: int) -> float:
    """The EMA smoothing factor of an average over ``periods`` periods: ``2 / (periods + 1)``.

    >>> round(alpha(28), 6)
    0.068966
    """
    return 2.0 / (periods + 1)


RECENT_ALPHA = alpha(RECENT_DAYS)
WORKDAY_ALPHA = alpha(WORKDAY_DAYS)
WEEKEND_ALPHA = alpha(WEEKEND_DAYS)


def day_number(day: date) -> int:
    """Position of ``day`` in the sequence of all days (its proleptic Gregorian ordinal)."""
    return day.toordinal()


def workday_number(day: date) -> int:
    """How many Mondays to Fridays there are from 0001-01-01 (a Monday) to ``day`` included.

    A weekend day has the number of the Friday before it, so the difference of two numbers is the
    count of workdays between them.

    >>> workday_number(date(2026, 5, 8)) - workday_number(date(2026, 5, 4))  # Mon 4 to Fri 8 May
    4
    >>> workday_number(date(2026, 5, 10)) == workday_number(date(2026, 5, 8))  # Sunday, Friday
    True
    """
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def weekend_number(day: date) -> int:
    """How many Saturdays and Sundays there are from 0001-01-01 to ``day`` included.

    >>> weekend_number(date(2026, 5, 10)) - weekend_number(date(2026, 5, 8))  # Sat 9 and Sun 10
    2
    """
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 2 + max(rest - 5, 0)


def is_known_bot(login: str) -> bool:
    return login.lower() in KNOWN_BOTS


def decay(values: np.ndarray, from_n: np.ndarray | int, to_n: int, rate: float) -> np.ndarray:
    """EMA values valid for day number ``from_n`` brought to day ``to_n`` (days without watching).

    ``values`` may be (k,) or (k, 24); ``from_n`` is a scalar or one number per row, never after ``to_n``.
    """
    values = np.asarray(values, dtype=np.float64)
    elapsed = to_n - np.asarray(from_n, dtype=np.int64)
    if np.any(elapsed < 0):
        raise ValueError("cannot decay a score to a day before the one it is valid for")
    factor = np.power(1.0 - rate, elapsed.astype(np.float64))
    if values.ndim == 2 and factor.ndim == 1:
        factor = factor[:, None]
    return values * factor


def ema_update(
    old: np.ndarray, old_n: np.ndarray | int, today: np.ndarray, n: int, rate: float
) -> np.ndarray:
    """One EMA step for day ``n``: ``rate * today + (1 - rate) ** (n - old_n) * old``.

    A value never stored is ``old = 0`` (its ``old_n`` does not matter).
    """
    return rate * np.asarray(today, dtype=np.float64) + decay(old, old_n, n, rate)


@dataclass(frozen=True)
class PairRefresh:
    """New (all-time minutes, recent score) of viewer-channel or viewer-game pairs, all valid for ``n``."""

    minutes: np.ndarray
    scores: np.ndarray
    n: int


def refresh_pairs(
    old_minutes: np.ndarray,
    old_scores: np.ndarray,
    old_n: np.ndarray,
    today_minutes: np.ndarray,
    n: int,
    rate: float = RECENT_ALPHA,
) -> PairRefresh:
    """The profile update of pairs watched on day ``n``: all-time minutes add up, the score takes an EMA step.

    Arrays are aligned, one entry per pair watched today; a pair never seen before has old minutes and
    score 0 (and any ``old_n`` not after ``n``).

    >>> r = refresh_pairs(np.array([10.0]), np.array([1.0]), np.array([99]), np.array([5.0]), 100, 0.5)
    >>> r.minutes.tolist(), r.scores.tolist()
    ([15.0], [3.0])
    """
    minutes = np.asarray(old_minutes, dtype=np.float64) + np.asarray(today_minutes, dtype=np.float64)
    return PairRefresh(minutes, ema_update(old_scores, old_n, today_minutes, n, rate), n)


def refresh_schedules(
    old_hours: np.ndarray, old_n: np.ndarray, today_hours: np.ndarray, n: int, rate: float
) -> np.ndarray:
    """Workday (or weekend) schedules of the viewers seen on day ``n`` of that sequence: (k, 24) minutes."""
    old_hours, today_hours = np.asarray(old_hours), np.asarray(today_hours)
    old_n = np.broadcast_to(np.asarray(old_n, dtype=np.int64), old_hours.shape[:1])
    out = np.empty(np.broadcast_shapes(old_hours.shape, today_hours.shape), dtype=np.float64)
    # A block of rows at a time: the update is per element, and a day's (k, 24) temporaries for 900,000
    # viewers are some 170 MB each.
    for start in range(0, out.shape[0], _ROW_BLOCK):
        rows = slice(start, start + _ROW_BLOCK)
        out[rows] = ema_update(old_hours[rows], old_n[rows], today_hours[rows], n, rate)
    return out


def score_shares(
    scores: np.ndarray, score_n: np.ndarray, as_of: int, rate: float = RECENT_ALPHA
) -> np.ndarray:
    """One viewer's recent scores as of day ``as_of``, as percentages of their sum (0 when all are 0).

    >>> score_shares(np.array([1.0, 1.0]), np.array([10, 9]), 10, 0.5).round(3).tolist()
    [66.667, 33.333]
    """
    current = decay(scores, score_n, as_of, rate)
    total = current.sum()
    return current * (100.0 / total) if total > 0 else np.zeros_like(current)


def group_sum(keys: np.ndarray, weights: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct ``keys`` and the sum of ``weights`` of each (a vectorised group-by)."""
    keys = np.asarray(keys)
    if keys.size == 0:
        return keys, np.zeros(0, dtype=np.float64)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    weights = np.asarray(weights, dtype=np.float64)
    # One weight for all is not gathered: a zero-stride view sums to the same, without a copy per key.
    w = np.broadcast_to(weights, keys.shape)[order] if weights.ndim else np.broadcast_to(weights, keys.shape)
    del order  # the day's biggest temporary (int64 per presence): gone before the sums
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.add.reduceat(w, starts)


def _combined_keys(major: np.ndarray, width: int, minor: np.ndarray) -> np.ndarray:
    """``major * width + minor`` (``0 <= minor < width``), in int32 when every key fits.

    A day's keys are one per presence (some 13 million): int32 halves them and their sorted copy.
    """
    major = np.asarray(major)
    bound = (max(abs(int(major.min())), abs(int(major.max()))) + 1) * width if major.size else 0
    keys = major.astype(np.int32 if bound <= np.iinfo(np.int32).max else np.int64)
    keys *= width
    keys += np.asarray(minor)
    return keys


@dataclass(frozen=True)
class DayAggregates:
    """One day's watch time per viewer, as sorted group-bys over integer codes.

    ``viewers`` are the distinct viewer codes of the day; ``hours[i]`` the minutes per local hour of
    ``viewers[i]`` and ``minutes[i]`` their total. Pairs are (viewer, channel) and (viewer, game) with
    their minutes, sorted by viewer then target.
    """

    viewers: np.ndarray
    minutes: np.ndarray
    hours: np.ndarray
    channel_pairs: tuple[np.ndarray, np.ndarray, np.ndarray]
    game_pairs: tuple[np.ndarray, np.ndarray, np.ndarray]


def aggregate_day(
    viewer: np.ndarray,
    channel: np.ndarray,
    game: np.ndarray,
    hour: np.ndarray,
    minutes: np.ndarray | float,
) -> DayAggregates:
    """Restructure a day's presences (one entry each, aligned arrays) into per-viewer totals.

    ``game`` is -1 where the channel had no game; such presences count for channels, hours and the day,
    not for games.

    >>> agg = aggregate_day(np.array([0, 0, 1]), np.array([3, 4, 3]), np.array([7, -1, 7]),
    ...                     np.array([20, 20, 21]), 5.0)
    >>> agg.viewers.tolist(), agg.minutes.tolist(), agg.game_pairs[2].tolist()
    ([0, 1], [10.0, 5.0], [5.0, 5.0])
    """
    # Codes stay in their own (often int32) dtype and ``minutes`` a scalar when it is one: the arrays are
    # one entry per presence, and each int64 or float64 copy of them is some 100 MB on a big day.
    viewer = np.asarray(viewer)
    if not np.issubdtype(viewer.dtype, np.integer):
        viewer = viewer.astype(np.int64)
    weights = np.asarray(minutes, dtype=np.float64)
    if weights.ndim:
        weights = np.broadcast_to(weights, viewer.shape)
    viewers, totals = group_sum(viewer, weights)
    viewers = viewers.astype(np.int64)
    hour_keys, hour_minutes = group_sum(_combined_keys(viewer, HOURS, np.asarray(hour)), weights)
    hours = np.zeros((viewers.size, HOURS), dtype=np.float64)
    hours[np.searchsorted(viewers, hour_keys // HOURS), hour_keys % HOURS] = hour_minutes
    del hour_keys, hour_minutes
    channel_pairs = _pairs(viewer, np.asarray(channel), weights)
    game = np.asarray(game)
    has_game = game >= 0
    if has_game.all():
        game_pairs = _pairs(viewer, game, weights)
    else:
        game_pairs = _pairs(viewer[has_game], game[has_game], weights[has_game] if weights.ndim else weights)
    return DayAggregates(viewers, totals, hours, channel_pairs, game_pairs)


def _pairs(
    viewer: np.ndarray, target: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    width = int(target.max()) + 1 if target.size else 1
    keys, sums = group_sum(_combined_keys(viewer, width, target), weights)
    keys = keys.astype(np.int64)
    return keys // width, keys % width, sums


def find_bots(viewer: np.ndarray, window: np.ndarray, threshold: int) -> np.ndarray:
    """Viewer codes present in ``threshold`` or more channels within one window (sorted, distinct).

    Each (viewer, window, channel) presence appears once, so a viewer's entries in a window count its
    channels there.

    >>> find_bots(np.array([1, 1, 1, 2, 2]), np.array([0, 0, 0, 0, 1]), 3).tolist()
    [1]
    """
    viewer = np.asarray(viewer)
    if viewer.size == 0:
        return viewer.astype(np.int64)
    width = int(viewer.max()) + 1
    keys, counts = group_sum(_combined_keys(np.asarray(window), width, viewer), 1.0)
    return np.unique(keys[counts >= threshold] % width).astype(np.int64)


# --- the stored form of a schedule ----------------------------------------------------------------------
# 24 numbers separated by spaces. A string rather than a list property: FalkorDB's Python client turns a
# list parameter into Cypher text element by element in Python (about 45,000 schedules a second) and
# parses list results the same way, while a string goes through five times faster; the text stays
# readable in a Cypher console. Ten significant digits keep the rounding far below a second per day.
_HOUR_FORMAT = " ".join(["%.10g"] * HOURS)


def encode_hours(hours: np.ndarray) -> list[str]:
    """(k, 24) minutes as k strings of 24 numbers."""
    return [_HOUR_FORMAT % tuple(row) for row in np.asarray(hours, dtype=np.float64).tolist()]


def decode_hours(texts: Sequence[str | None] | Iterable[str | None]) -> np.ndarray:
    """k strings (None or empty: a schedule never stored, all zeros) as a (k, 24) array.

    :raise ValueError: a string that is not 24 numbers.
    """
    texts = list(texts)
    out = np.zeros((len(texts), HOURS), dtype=np.float64)
    present = [i for i, text in enumerate(texts) if text]
    # A block of schedules at a time: the split makes one Python string per number (24 per viewer).
    for start in range(0, len(present), _ROW_BLOCK):
        rows = present[start : start + _ROW_BLOCK]
        values = np.array(" ".join(texts[i] for i in rows).split(), dtype=np.float64)  # type: ignore[misc]
        if values.size != len(rows) * HOURS:
            raise ValueError("a stored schedule is not 24 numbers")
        out[rows] = values.reshape(len(rows), HOURS)
    return out
