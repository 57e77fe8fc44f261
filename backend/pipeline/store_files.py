"""The profile store's files beside the graph: day schedules, the privacy key, the processing lock.

They live in ``TWITCHGRAPH_DATA_DIR/profiles/<GRAPH_NAME>/``. A day schedule is one Parquet file per
processed day, ``days/YYYY-MM-DD.parquet``: the viewers' runs of consecutive windows in one channel and
game, sorted by viewer, in row groups small enough that one viewer's day is read from one of them (the
row groups' min/max statistics say which).
"""

import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = [
    "DaySchedules",
    "day_file",
    "days_with_schedule",
    "erase_from_day_file",
    "exclusive",
    "privacy_key",
    "profile_dir",
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


def profile_dir(config: dict[str, Any]) -> Path:
    return Path(config["TWITCHGRAPH_DATA_DIR"]) / "profiles" / config["GRAPH_NAME"]


def day_file(config: dict[str, Any], day: date) -> Path:
    return profile_dir(config) / "days" / f"{day.isoformat()}.parquet"


def days_with_schedule(config: dict[str, Any]) -> set[str]:
    folder = profile_dir(config) / "days"
    return {p.name.removesuffix(".parquet") for p in folder.glob("*.parquet")} if folder.is_dir() else set()


@contextmanager
def exclusive(config: dict[str, Any]) -> Iterator[None]:
    """One day processing (or erasure) at a time per graph, across processes.

    :raise RuntimeError: another one holds the lock.
    """
    folder = profile_dir(config)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"another day processing or erasure is running on {folder}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def privacy_key(config: dict[str, Any]) -> bytes:
    """The secret key of the do-not-track hashes, created on first use (readable by its owner only)."""
    path = profile_dir(config) / "privacy.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".privacy.key.tmp-{os.getpid()}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temp, path)  # a concurrent creator's key wins; ours is dropped
        except FileExistsError:
            pass
        finally:
            temp.unlink(missing_ok=True)
    return bytes.fromhex(path.read_text().strip())


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
                    "start": datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
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
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        pq.write_table(
            table,
            temp,
            row_group_size=ROW_GROUP_ROWS,
            compression="zstd",
            compression_level=6,
            write_statistics=True,
        )
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
