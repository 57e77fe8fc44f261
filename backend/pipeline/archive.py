"""``twitchgraph archive``: a day's windows in one Parquet file, checked against the raw files before they go.

A viewer stays in a channel for many windows in a row, so the file stores *runs* rather than lists: one
row per (viewer, channel, role, first window, number of windows), role being chatter or lurker. The same
file holds one row per (window, channel) with the channel's metadata and its VIP and moderator lists
(a window without channels is one row whose channel fields are null); the two kinds of rows share one
schema, each leaving the other's columns null, which Parquet stores for almost nothing. Columns are
dictionary-encoded and compressed with zstd. Window fields other than the start and length are kept as one
JSON text per window (``window_json``), and channel fields the format may add later in ``channel_extra``,
so any version-1 document reads back as it was, lists sorted as the collector writes them.

The file is written under a temporary name, read back and compared window by window with a fresh read
of each raw file; only then is it renamed into place and are the raw files removed.
"""

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from backend.files.sample_folders import archive_path
from contracts.days import sample_files_of_day, zone
from contracts.files import fsync_folder, write_atomically
from contracts.samples import CHANNEL_KEYS, read_sample

__all__ = [
    "ArchiveError",
    "ArchiveSummary",
    "Runs",
    "archive_day",
    "read_archive_documents",
    "read_runs",
    "write_archive",
]

log = logging.getLogger(__name__)

ZSTD_LEVEL = 9
RUN_ROWS_PER_GROUP = 1 << 20
LIST_KEYS = ("vips", "moderators")
ROLE_LISTS = ("chatters", "lurkers")  # role 0 and role 1 of a run
META_KEYS = tuple(k for k in CHANNEL_KEYS if k not in (*ROLE_LISTS, *LIST_KEYS))
SCHEMA = pa.schema(
    [
        ("window_start", pa.string()),
        ("window_seconds", pa.int32()),
        ("window_json", pa.string()),
        ("login", pa.string()),
        ("user_id", pa.string()),
        ("live", pa.bool_()),
        ("stream_id", pa.string()),
        ("viewer_count", pa.int64()),
        ("title", pa.string()),
        ("game_id", pa.string()),
        ("game_name", pa.string()),
        ("language", pa.string()),
        ("started_at", pa.string()),
        ("observed_seconds", pa.float64()),
        ("messages", pa.int64()),
        ("vips", pa.list_(pa.string())),
        ("moderators", pa.list_(pa.string())),
        ("channel_extra", pa.string()),
        # run rows
        ("viewer", pa.string()),
        ("run_channel", pa.string()),
        ("run_chatter", pa.bool_()),
        ("run_first", pa.int32()),  # index of the run's first window in the file
        ("run_windows", pa.int32()),
    ]
)
RUN_COLUMNS = ["viewer", "run_channel", "run_chatter", "run_first", "run_windows"]
META_COLUMNS = [f.name for f in SCHEMA if f.name not in RUN_COLUMNS]


class ArchiveError(Exception):
    """The day cannot be archived (nothing to archive, a damaged file, or a read-back mismatch)."""


@dataclass(frozen=True)
class ArchiveSummary:
    day: date
    path: Path
    windows: int
    raw_bytes: int
    archive_bytes: int
    removed: int


@dataclass
class Runs:
    """An archive's presences as runs, codes into ``logins`` and ``channels``; windows index the file's."""

    logins: list[str]
    channels: list[str]
    viewer: np.ndarray
    channel: np.ndarray
    chatter: np.ndarray
    first: np.ndarray
    windows: np.ndarray

    def expand(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """One entry per presence: (viewer, channel, chatter, window)."""
        total = int(self.windows.sum())
        offsets = np.arange(total, dtype=np.int64) - np.repeat(
            np.cumsum(self.windows) - self.windows, self.windows
        )
        return (
            np.repeat(self.viewer, self.windows),
            np.repeat(self.channel, self.windows),
            np.repeat(self.chatter, self.windows),
            np.repeat(self.first, self.windows) + offsets,
        )


Progress = Callable[[int], None]


def archive_day(
    folder: Path, day: date, *, timezone: str, remove_raw: bool = True, progress: Progress | None = None
) -> ArchiveSummary:
    """Pack the local day's window files of ``folder`` into ``folder/archive/YYYY-MM-DD.parquet``.

    :raise ArchiveError: no window files for that day, an archive already there, a file that is not a
        readable sample, or a read-back that differs (the raw files are then kept).
    """
    files = sample_files_of_day(folder, day, zone(timezone))
    target = archive_path(folder, day)
    if not files:
        raise ArchiveError(f"no window files of {day} in {folder}")
    if target.exists():
        raise ArchiveError(
            f"{target} already exists, and {len(files)} window files of {day} are still there: "
            "check them and remove them by hand"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    advance = progress or (lambda _n: None)

    def documents() -> Iterator[dict[str, Any]]:
        for path in files:
            yield _read(path)
            advance(1)

    write_archive(target, documents(), verify=lambda: (_read(p) for p in files))
    raw_bytes = sum(p.stat().st_size for p in files)
    removed = 0
    if remove_raw:
        for path in files:
            path.unlink()
            removed += 1
        fsync_folder(folder)
    log.info("archived %d windows of %s in %s; removed %d raw files", len(files), day, target, removed)
    return ArchiveSummary(day, target, len(files), raw_bytes, target.stat().st_size, removed)


def write_archive(
    target: Path,
    documents: Iterator[dict[str, Any]],
    verify: Callable[[], Iterator[dict[str, Any]]] | None = None,
) -> None:
    """Write ``documents`` (one day's windows, in order) as an archive at ``target``, atomically.

    With ``verify``, the written file is read back and must equal what ``verify()`` yields, window by
    window, before it takes its name.

    :raise ArchiveError: a field that does not fit, or a read-back that differs.
    """

    def write(temp: Path) -> None:
        _write(temp, documents)
        if verify is not None:
            _compare(temp, verify())

    write_atomically(target, write)


def read_archive_documents(path: Path) -> Iterator[dict[str, Any]]:
    """The window documents of an archive, in order, as :func:`contracts.samples.read_sample` gives them."""
    table = pq.read_table(path, columns=META_COLUMNS)
    meta = table.filter(pc.is_valid(table.column("window_start"))).to_pylist()
    runs = read_runs(path)
    viewer, channel, chatter, window = runs.expand()
    # Sorted by (window, channel, role, login): each list comes out as one slice, in login order.
    order_of_login = np.argsort(np.array(runs.logins, dtype=object)).argsort() if runs.logins else np.zeros(0)
    rank = order_of_login[viewer] if viewer.size else viewer
    order = np.lexsort((rank, ~chatter, channel, window))
    viewer, channel, chatter, window = viewer[order], channel[order], chatter[order], window[order]
    channel_code = {name: i for i, name in enumerate(runs.channels)}
    logins = np.array(runs.logins, dtype=object)
    key = (window.astype(np.int64) * (len(runs.channels) + 1) + channel) * 2 + (~chatter)
    yield from _documents(meta, logins, viewer, key, channel_code, len(runs.channels) + 1)


def read_runs(path: Path) -> Runs:
    """An archive's run rows (the presences) as arrays."""
    table = pq.read_table(path, columns=RUN_COLUMNS)
    table = table.filter(pc.is_valid(table.column("viewer")))
    viewer = table.column("viewer").combine_chunks().dictionary_encode()
    channel = table.column("run_channel").combine_chunks().dictionary_encode()
    return Runs(
        logins=viewer.dictionary.to_pylist(),
        channels=channel.dictionary.to_pylist(),
        viewer=viewer.indices.to_numpy(zero_copy_only=False).astype(np.int64),
        channel=channel.indices.to_numpy(zero_copy_only=False).astype(np.int64),
        chatter=table.column("run_chatter").to_numpy(),
        first=table.column("run_first").to_numpy().astype(np.int64),
        windows=table.column("run_windows").to_numpy().astype(np.int64),
    )


def _write(temp: Path, documents: Iterator[dict[str, Any]]) -> None:
    meta: dict[str, list[Any]] = {name: [] for name in META_COLUMNS}
    codes: dict[str, int] = {}
    channel_codes: dict[str, int] = {}
    parts: list[tuple[np.ndarray, int, int, bool]] = []  # viewer codes, window, channel, chatter
    for w, document in enumerate(documents):
        head = {k: v for k, v in document.items() if k not in ("channels", "window_start", "window_seconds")}
        if "channels" not in document:
            head["__no_channels_key__"] = True
        window_json = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
        for channel in document.get("channels") or [None]:
            meta["window_start"].append(document["window_start"])
            meta["window_seconds"].append(document["window_seconds"])
            meta["window_json"].append(window_json)
            for key in (*META_KEYS, *LIST_KEYS):
                meta[key].append(None if channel is None else channel[key])
            extra = {} if channel is None else {k: v for k, v in channel.items() if k not in CHANNEL_KEYS}
            meta["channel_extra"].append(json.dumps(extra, ensure_ascii=False) if extra else None)
            if channel is None:
                continue
            c = channel_codes.setdefault(channel["login"], len(channel_codes))
            for role, key in enumerate(ROLE_LISTS):
                logins = channel[key]
                viewer = np.fromiter((codes.setdefault(x, len(codes)) for x in logins), np.int64, len(logins))
                parts.append((viewer, w, c, role == 0))
    try:
        meta_table = pa.Table.from_pydict(
            {
                **meta,
                **{
                    name: pa.nulls(len(meta["window_start"]), SCHEMA.field(name).type) for name in RUN_COLUMNS
                },
            },
            schema=SCHEMA,
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ArchiveError(f"a window field does not fit the archive's columns: {exc}") from None
    runs = _runs(parts, list(codes), list(channel_codes))
    with pq.ParquetWriter(temp, SCHEMA, compression="zstd", compression_level=ZSTD_LEVEL) as writer:
        writer.write_table(meta_table, row_group_size=1 << 30)
        for start in range(0, runs.num_rows, RUN_ROWS_PER_GROUP):
            writer.write_table(runs.slice(start, RUN_ROWS_PER_GROUP), row_group_size=1 << 30)


def _runs(parts: list[tuple[np.ndarray, int, int, bool]], logins: list[str], channels: list[str]) -> pa.Table:
    """Maximal runs of consecutive windows per (viewer, channel, role), sorted by login then channel."""
    sizes = np.fromiter((p[0].size for p in parts), np.int64, len(parts))
    viewer = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    window = np.repeat(np.fromiter((p[1] for p in parts), np.int64, len(parts)), sizes)
    channel = np.repeat(np.fromiter((p[2] for p in parts), np.int64, len(parts)), sizes)
    chatter = np.repeat(np.fromiter((p[3] for p in parts), bool, len(parts)), sizes)
    rank = np.argsort(np.array(logins, dtype=object)).argsort() if logins else np.zeros(0, np.int64)
    order = np.lexsort((window, chatter, channel, rank[viewer] if viewer.size else viewer))
    viewer, window, channel, chatter = viewer[order], window[order], channel[order], chatter[order]
    same = (viewer[1:] == viewer[:-1]) & (channel[1:] == channel[:-1]) & (chatter[1:] == chatter[:-1])
    starts = np.flatnonzero(np.r_[True, ~(same & (window[1:] == window[:-1] + 1))])
    lengths = np.diff(np.r_[starts, viewer.size])
    n = starts.size
    columns: dict[str, Any] = {name: pa.nulls(n, SCHEMA.field(name).type) for name in META_COLUMNS}
    login_array = pa.array(logins, pa.string())
    channel_array = pa.array(channels, pa.string())
    columns.update(
        viewer=login_array.take(pa.array(viewer[starts])),
        run_channel=channel_array.take(pa.array(channel[starts])),
        run_chatter=pa.array(chatter[starts]),
        run_first=pa.array(window[starts].astype(np.int32)),
        run_windows=pa.array(lengths.astype(np.int32)),
    )
    return pa.Table.from_pydict(columns, schema=SCHEMA)


def _documents(
    meta: list[dict[str, Any]],
    logins: np.ndarray,
    viewer: np.ndarray,
    key: np.ndarray,
    channel_code: dict[str, int],
    width: int,
) -> Iterator[dict[str, Any]]:
    current: dict[str, Any] | None = None
    w = -1
    for row in meta:
        if current is None or row["window_start"] != current["window_start"]:
            if current is not None:
                yield _finish(current)
            w += 1
            head = json.loads(row["window_json"])
            current = {**head, "window_start": row["window_start"], "window_seconds": row["window_seconds"]}
            current["channels"] = []
        if row["login"] is None:
            continue  # a window without channels
        channel = {key_: row[key_] for key_ in META_KEYS}
        c = channel_code.get(row["login"], -1)
        for role, name in enumerate(ROLE_LISTS):
            wanted = (w * width + c) * 2 + role
            lo, hi = np.searchsorted(key, [wanted, wanted + 1]) if c >= 0 else (0, 0)
            channel[name] = logins[viewer[lo:hi]].tolist()
        channel["vips"], channel["moderators"] = row["vips"], row["moderators"]
        if row["channel_extra"]:
            channel.update(json.loads(row["channel_extra"]))
        current["channels"].append({k: channel[k] for k in (*CHANNEL_KEYS, *channel) if k in channel})
    if current is not None:
        yield _finish(current)


# The collector's key order, so that a document reads back with its keys in the usual order.
_ORDER = ("format", "version", "window_start", "window_end", "window", "window_seconds")


def _finish(document: dict[str, Any]) -> dict[str, Any]:
    if document.pop("__no_channels_key__", False):
        document.pop("channels", None)
    ordered = {key: document[key] for key in _ORDER if key in document}
    ordered.update((k, v) for k, v in document.items() if k not in ordered)
    return ordered


def _compare(temp: Path, expected: Iterator[dict[str, Any]]) -> None:
    archived = read_archive_documents(temp)
    count = 0
    for want in expected:
        got = next(archived, None)
        if got != want:
            raise ArchiveError(
                f"the archive's window {count} differs from the raw window {want.get('window_start')}"
            )
        count += 1
    if next(archived, None) is not None:
        raise ArchiveError(f"the archive reads back more than the {count} raw windows")


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_sample(path)
    except ValueError as exc:
        raise ArchiveError(str(exc)) from None
