"""The ``verify`` stage: one random viewer's raw day, kept aside before anything is written, against what
the store says once the day is written (day schedule, heatmap, and every channel's and game's minutes and
score, recomputed in plain Python with the core's definitions)."""

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from backend.files.day_schedules import day_file, read_day_schedule
from backend.graph.store import GraphStore
from backend.pipeline.ingest import IngestedDay
from backend.profiles import core
from backend.profiles.state import viewer_profile
from contracts.days import local_date
from contracts.samples import format_time

__all__ = ["VERIFY_TOLERANCE", "Verification"]

VERIFY_TOLERANCE = 1e-6  # relative; the graph keeps 15 significant digits
RawWindow = tuple[int, str, str | None, float]  # start, channel, game, minutes


@dataclass
class Verification:
    """One random viewer of the day: their raw windows, and their profile before the day."""

    viewer: str
    raw_windows: list[RawWindow]
    before: dict[str, Any] | None = None

    @classmethod
    def pick(cls, ingested: IngestedDay, when: date) -> "Verification | None":
        """The day's viewer drawn with the day as seed, None for a day without viewers."""
        day = ingested
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
        return cls(day.logins[code], sorted(windows))

    def run(self, store: GraphStore, profile_dir: Path, tz: ZoneInfo) -> tuple[str, str]:
        """``("ok" or "failed", detail)``: the store against a computation from the raw windows and the
        state before."""
        when = local_date(self.raw_windows[0][0], tz)
        problems = self._schedule_problems(profile_dir, when)
        after = viewer_profile(store, self.viewer)
        if after is None:
            return "failed", "the viewer is missing from the graph"
        total = sum(m for *_x, m in self.raw_windows)
        date_text = when.isoformat()
        if not _close(after["heatmap"].get(date_text, -1.0), total):
            problems.append(f"heatmap {date_text}: {after['heatmap'].get(date_text)} != {total}")
        today = self._minutes_per_target()
        problems += self._watched_problems(after, today, core.day_number(when))
        if problems:
            return "failed", "; ".join(problems)[:2000]
        return "ok", f"{len(self.raw_windows)} windows, {len(today)} channels and games match"

    def _schedule_problems(self, profile_dir: Path, when: date) -> list[str]:
        stored = read_day_schedule(day_file(profile_dir, when), self.viewer)
        expected = sorted((format_time(t), c, g, m) for t, c, g, m in self.raw_windows)
        got = sorted((w["start"], w["channel"], w["game"], w["minutes"]) for w in stored)
        return [] if got == expected else [f"day schedule: {len(got)} windows stored, {len(expected)} raw"]

    def _minutes_per_target(self) -> dict[tuple[str, str], float]:
        today: dict[tuple[str, str], float] = {}
        for _t, channel, game, minutes in self.raw_windows:
            today[("channel", channel)] = today.get(("channel", channel), 0.0) + minutes
            if game is not None:
                today[("game", game)] = today.get(("game", game), 0.0) + minutes
        return today

    def _watched_problems(
        self, after: dict[str, Any], today: dict[tuple[str, str], float], n: int
    ) -> list[str]:
        """Each channel's and game's total minutes and recent score (the core's EMA of day ``n``)."""
        before = self.before or {"watched": {}, "hours": {}, "heatmap": {}}
        rate = core.RECENT_ALPHA
        problems = []
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
        return problems


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= VERIFY_TOLERANCE * max(1.0, abs(a), abs(b))
