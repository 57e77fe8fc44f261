"""Reading one local day of windows, from its raw files or its archive, into integer arrays.

Logins become integer codes once, as they are read (a dict from login to code; pyarrow's dictionary
encoding for archives), so that everything after works on numpy arrays. One presence is one entry:
(viewer code, window index, channel index, game index or -1), in window order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from backend.files.sample_folders import archive_path
from backend.pipeline.archive import read_runs
from contracts.days import day_bounds, sample_files_of_day, zone
from contracts.samples import SampleError, format_time, parse_time, read_sample

__all__ = ["DayInput", "InputError", "read_day"]

ARCHIVE_META_COLUMNS = ["window_start", "window_seconds", "login", "user_id", "game_name"]


class InputError(Exception):
    """The day has no readable windows."""


@dataclass
class DayInput:
    """One local day's presences as aligned integer arrays, and the names behind the codes."""

    day: date
    source: str  # "raw files" or "archive"
    window_starts: np.ndarray  # Unix seconds, ascending
    window_minutes: np.ndarray  # minutes of watch time one presence in that window is worth
    channels: list[str] = field(default_factory=list)
    channel_ids: list[str | None] = field(default_factory=list)
    games: list[str] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    viewer: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    window: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    channel: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    game: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def presences(self) -> int:
        return int(self.viewer.size)


Progress = Callable[[int], None]


def read_day(folder: Path, day: date, *, timezone: str, progress: Progress | None = None) -> DayInput:
    """The day's windows from its archive when there is one, else from its raw files.

    :raise InputError: neither exists, or a file is not a readable sample.
    """
    advance = progress or (lambda _n: None)
    archive = archive_path(folder, day)
    reader = _Reader(day)
    if archive.exists():
        reader.read_archive(archive, advance)
        # Arrow's allocator keeps the freed string columns' pages (some 200 MB) for reuse by default.
        pa.default_memory_pool().release_unused()
        return reader.finish("archive")
    files = sample_files_of_day(folder, day, zone(timezone))
    if not files:
        start, end = day_bounds(day, zone(timezone))
        raise InputError(
            f"no window files of {day} in {folder} (windows from {format_time(start)} to "
            f"{format_time(end)}) and no archive {archive}"
        )
    for path in files:
        try:
            sample = read_sample(path)
        except SampleError as exc:
            raise InputError(str(exc)) from None
        reader.add_window(sample)
        advance(1)
    return reader.finish("raw files")


class _Reader:
    def __init__(self, day: date) -> None:
        self.day = day
        self.codes: dict[str, int] = {}
        self.channel_codes: dict[str, int] = {}
        self.channel_ids: list[str | None] = []
        self.game_codes: dict[str, int] = {}
        self.starts: list[int] = []
        self.minutes: list[float] = []
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add_window(self, sample: dict) -> None:
        w = self._window(sample["window_start"], sample["window_seconds"])
        codes = self.codes
        for entry in sample.get("channels", []):
            logins = [*entry["chatters"], *entry["lurkers"]]
            viewer = np.fromiter((codes.setdefault(x, len(codes)) for x in logins), np.int32, len(logins))
            c = self._channel(entry["login"], entry["user_id"])
            g = self._game(entry.get("game_name"))
            n = viewer.size
            self.parts.append(
                (viewer, np.full(n, w, np.int32), np.full(n, c, np.int32), np.full(n, g, np.int32))
            )

    def read_archive(self, path: Path, advance: Progress) -> None:
        table = pq.read_table(path, columns=ARCHIVE_META_COLUMNS)
        table = table.filter(pc.is_valid(table.column("window_start")))
        file_windows: list[int] = []
        games: dict[tuple[int, str], int] = {}
        for row in table.to_pylist():
            w = self._window(row["window_start"], row["window_seconds"])
            if not file_windows or file_windows[-1] != w:
                file_windows.append(w)
            if row["login"] is not None:
                self._channel(row["login"], row["user_id"])
                games[(len(file_windows) - 1, row["login"].lower())] = self._game(row["game_name"])
        advance(len(file_windows))
        runs = read_runs(path)
        codes = self.codes
        login_codes = np.fromiter(
            (codes.setdefault(x, len(codes)) for x in runs.logins), np.int32, len(runs.logins)
        )
        channel_codes = np.array([self.channel_codes[c.lower()] for c in runs.channels], dtype=np.int32)
        game_of = np.full((len(file_windows), max(len(runs.channels), 1)), -1, dtype=np.int32)
        for c, name in enumerate(runs.channels):
            for w in range(len(file_windows)):
                game_of[w, c] = games.get((w, name.lower()), -1)
        # Runs are expanded here in int32, one column at a time (what ``Runs.expand`` gives, in int64 all
        # at once): a day is some 13 million presences.
        lengths = runs.windows
        window = np.repeat((runs.first - (np.cumsum(lengths) - lengths)).astype(np.int32), lengths)
        window += np.arange(window.size, dtype=np.int32)
        channel = np.repeat(runs.channel.astype(np.int32), lengths)
        viewer = np.repeat(login_codes[runs.viewer], lengths)
        del runs, login_codes
        game = game_of[window, channel]
        self.parts.append(
            (viewer, np.array(file_windows, dtype=np.int32)[window], channel_codes[channel], game)
        )

    def _window(self, start: str, seconds: int) -> int:
        moment = parse_time(start)
        if not self.starts or self.starts[-1] != moment:
            self.starts.append(moment)
            self.minutes.append(seconds / 60.0)
        return len(self.starts) - 1

    def _channel(self, login: str, user_id: str | None) -> int:
        code = self.channel_codes.setdefault(login.lower(), len(self.channel_codes))
        if code == len(self.channel_ids):
            self.channel_ids.append(user_id)
        return code

    def _game(self, name: str | None) -> int:
        return self.game_codes.setdefault(name, len(self.game_codes)) if name else -1

    def finish(self, source: str) -> DayInput:
        # int32: a TwitchProfiler day is some 15 million presences, in four arrays.
        columns = [
            np.concatenate([p[i] for p in self.parts]).astype(np.int32, copy=False)
            if len(self.parts) > 1
            else self.parts[0][i].astype(np.int32, copy=False)
            if self.parts
            else np.zeros(0, np.int32)
            for i in range(4)
        ]
        self.parts = []
        return DayInput(
            day=self.day,
            source=source,
            window_starts=np.array(self.starts, dtype=np.int64),
            window_minutes=np.array(self.minutes, dtype=np.float64),
            channels=list(self.channel_codes),
            channel_ids=self.channel_ids,
            games=list(self.game_codes),
            logins=list(self.codes),
            viewer=columns[0],
            window=columns[1],
            channel=columns[2],
            game=columns[3],
        )
