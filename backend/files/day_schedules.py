"""Day schedules: one Parquet file per processed day, ``days/YYYY-MM-DD.parquet`` in the profile folder.

A file holds the viewers' runs of consecutive windows in one channel and game, sorted by viewer, in row
groups small enough that one viewer's day is read from one of them (the row groups' min/max statistics
say which). Files are written atomically (:mod:`contracts.files`).
"""

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from contracts.files import write_atomically
from contracts.samples import format_time

__all__ = [
    "DaySchedules",
    "day_file",
    "days_with_schedule",
    "erase_from_day_file",
    "read_day_schedule",
    "write_day_schedules",
]

ROW_GROUP_ROWS = 32_768
SCHEDULE_SCHEMA = pa.schema(
    [
        ("viewer", pa.string()),
        ("start", pa.int64()),  # Unix seconds of the run's first window
        ("windows", pa.int32()),
        ("window_seconds", pa.int32()),
        ("channel", pa.dictionary(pa.int32(), pa.string())),
        ("game", pa.dictionary(pa.int32(), pa.string())),
    ]
)


def day_file(folder: Path, day: date) -> Path:
    """The day schedules of ``day`` in the profile folder ``folder``."""
    return folder / "days" / f"{day.isoformat()}.parquet"


def days_with_schedule(folder: Path) -> set[str]:
    """The days (``YYYY-MM-DD``) that have a day file in the profile folder ``folder``."""
    days = folder / "days"
    return {p.name.removesuffix(".parquet") for p in days.glob("*.parquet")} if days.is_dir() else set()


class DaySchedules:
    """A day's presences as runs, ready to be written: aligned arrays and the names behind the codes."""

    def __init__(
        self,
        viewers: list[str],
        channels: list[str],
        games: list[str],
        viewer: np.ndarray,
        start: np.ndarray,
        windows: np.ndarray,
        seconds: np.ndarray,
        channel: np.ndarray,
        game: np.ndarray,
    ) -> None:
        self.columns = {
            # Plain strings: the writer dictionary-encodes each row group with the logins it holds, where
            # a dictionary array would carry the day's every login into every row group.
            "viewer": pa.array(viewers, pa.string()).take(pa.array(viewer, pa.int32())),
            "start": pa.array(start, pa.int64()),
            "windows": pa.array(windows, pa.int32()),
            "window_seconds": pa.array(seconds, pa.int32()),
            "channel": pa.DictionaryArray.from_arrays(
                pa.array(channel, pa.int32()), pa.array(channels, pa.string())
            ),
            "game": pa.DictionaryArray.from_arrays(
                pa.array(game, pa.int32(), mask=np.asarray(game) < 0), pa.array(games, pa.string())
            ),
        }


def write_day_schedules(path: Path, schedules: DaySchedules) -> None:
    """Write (replace) a day file atomically. Rows must come sorted by viewer login."""
    _write_table(path, pa.table(schedules.columns, schema=SCHEDULE_SCHEMA))


def read_day_schedule(path: Path, viewer: str) -> list[dict[str, Any]]:
    """One viewer's windows of the day (``start``, ``channel``, ``game``, ``minutes``), by start."""
    if not path.exists():
        return []
    table = pq.read_table(path, filters=[("viewer", "==", viewer)])
    windows = []
    for run in table.to_pylist():
        for i in range(run["windows"]):
            start = run["start"] + i * run["window_seconds"]
            windows.append(
                {
                    "start": format_time(start),
                    "channel": run["channel"],
                    "game": run["game"],
                    "minutes": run["window_seconds"] / 60.0,
                    "_at": start,
                }
            )
    windows.sort(key=lambda w: (w["_at"], w["channel"]))
    for w in windows:
        del w["_at"]
    return windows


def erase_from_day_file(path: Path, viewers: set[str]) -> int:
    """Rewrite a day file without ``viewers``' rows; returns how many rows went (0: file untouched)."""
    if not path.exists() or not viewers:
        return 0
    table = pq.read_table(path)
    gone = pc.is_in(table.column("viewer"), value_set=pa.array(sorted(viewers), pa.string()))
    removed = int(pc.sum(gone).as_py() or 0)
    if removed:
        _write_table(path, table.filter(pc.invert(gone)))
    return removed


def _write_table(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(
        path,
        lambda temp: pq.write_table(
            table,
            temp,
            row_group_size=ROW_GROUP_ROWS,
            compression="zstd",
            compression_level=6,
            write_statistics=True,
        ),
    )
