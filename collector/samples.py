"""The sample format: one gzip-compressed JSON file per window, written atomically, and its reader.

The format is documented in ``docs/sample-format.md``; :func:`read_sample` checks what a reader relies
on. A file is written to a temporary name in the same folder, flushed and fsynced, then linked to its final
name (which fails rather than overwrite) and the folder fsynced: a window is complete on disk or absent.
"""

import gzip
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from collector.config import format_duration
from collector.window import NOTHING_SEEN, ChannelSeen, WindowData

__all__ = [
    "SAMPLE_FORMAT",
    "SAMPLE_VERSION",
    "ChannelMeta",
    "SampleError",
    "build_sample",
    "clean_temp_files",
    "list_samples",
    "meta_from_channel",
    "meta_from_stream",
    "read_sample",
    "sample_name",
    "write_sample",
]

SAMPLE_FORMAT = "twitchgraph.sample"
SAMPLE_VERSION = 1
SUFFIX = ".json.gz"
TEMP_MARK = ".tmp-"
NAME_FORMAT = "%Y%m%dT%H%M%SZ"
# Level 6 is gzip's default; sample files are written once and read a few times.
GZIP_LEVEL = 6
CHANNEL_KEYS = (
    "login",
    "user_id",
    "live",
    "stream_id",
    "viewer_count",
    "title",
    "game_id",
    "game_name",
    "language",
    "started_at",
    "observed_seconds",
    "messages",
    "chatters",
    "lurkers",
    "vips",
    "moderators",
)


class SampleError(ValueError):
    """A file that is not a readable sample of a known version."""


@dataclass(frozen=True)
class ChannelMeta:
    """What Helix said about a channel: its live stream, or its channel settings when offline."""

    login: str
    user_id: str | None = None
    live: bool = False
    stream_id: str | None = None
    viewer_count: int | None = None
    title: str | None = None
    game_id: str | None = None
    game_name: str | None = None
    language: str | None = None
    started_at: str | None = None


def meta_from_stream(stream: dict[str, Any]) -> ChannelMeta:
    """From an item of Helix ``/streams``."""
    return ChannelMeta(
        login=stream["user_login"].lower(),
        user_id=stream.get("user_id"),
        live=True,
        stream_id=stream.get("id"),
        viewer_count=stream.get("viewer_count"),
        title=stream.get("title"),
        game_id=stream.get("game_id") or None,
        game_name=stream.get("game_name") or None,
        language=stream.get("language") or None,
        started_at=stream.get("started_at"),
    )


def meta_from_channel(channel: dict[str, Any]) -> ChannelMeta:
    """From an item of Helix ``/channels`` (an offline channel)."""
    return ChannelMeta(
        login=channel["broadcaster_login"].lower(),
        user_id=channel.get("broadcaster_id"),
        title=channel.get("title"),
        game_id=channel.get("game_id") or None,
        game_name=channel.get("game_name") or None,
        language=channel.get("broadcaster_language") or None,
    )


def sample_name(window_start: float) -> str:
    """``20260509T073500Z.json.gz``: the window's start in UTC, so names sort by time."""
    return datetime.fromtimestamp(window_start, UTC).strftime(NAME_FORMAT) + SUFFIX


def build_sample(
    window: WindowData,
    meta: dict[str, ChannelMeta],
    *,
    every_s: int,
    language: str | None,
    top: int,
    tracked: Iterable[str] = (),
    metadata_at: float | None = None,
    wanted: Iterable[str] = (),
) -> dict[str, Any]:
    """The JSON document of one finished window (see docs/sample-format.md)."""
    logins = dict.fromkeys([*wanted, *window.channels])
    channels = [
        _channel_entry(meta.get(login) or ChannelMeta(login=login), window.channels.get(login, NOTHING_SEEN))
        for login in logins
    ]
    channels.sort(key=lambda c: (-(c["viewer_count"] or 0), c["login"]))
    viewers = set().union(*(set(c["chatters"]) | set(c["lurkers"]) for c in channels)) if channels else set()
    return {
        "format": SAMPLE_FORMAT,
        "version": SAMPLE_VERSION,
        "window_start": _iso(window.start),
        "window_end": _iso(window.end),
        "window": format_duration(every_s),
        "window_seconds": every_s,
        "language": language,
        "top": top,
        "tracked": sorted(tracked),
        "metadata_at": _iso(metadata_at) if metadata_at else None,
        "written_at": _iso(datetime.now(UTC).timestamp()),
        "totals": {
            "channels": len(channels),
            "observed_channels": sum(1 for c in channels if c["observed_seconds"] > 0),
            "viewers": len(viewers),
            "chatters": sum(len(c["chatters"]) for c in channels),
            "lurkers": sum(len(c["lurkers"]) for c in channels),
            "messages": sum(c["messages"] for c in channels),
        },
        "channels": channels,
    }


def _channel_entry(meta: ChannelMeta, seen: ChannelSeen) -> dict[str, Any]:
    # The broadcaster in their own chat is not part of their audience.
    own = {meta.login}
    entry = asdict(meta)
    entry.update(
        observed_seconds=seen.observed_s,
        messages=seen.messages,
        chatters=sorted(seen.chatters - own),
        lurkers=sorted(seen.lurkers - own),
        vips=sorted(seen.vips - own),
        moderators=sorted(seen.moderators - own),
    )
    return entry


def write_sample(folder: Path, sample: dict[str, Any], name: str) -> Path:
    """Write ``sample`` as ``folder/name`` atomically; never replaces an existing file.

    :raise FileExistsError: a file of that name is already there (it is left untouched).
    """
    final = folder / name
    temp = folder / f".{name}{TEMP_MARK}{os.getpid()}"
    try:
        _write_gzip_json(temp, sample)
        os.link(temp, final)  # atomic, and unlike rename it refuses to overwrite
    finally:
        temp.unlink(missing_ok=True)
    fsync_folder(folder)
    return final


def replace_sample(path: Path, sample: dict[str, Any]) -> None:
    """Rewrite an existing window file atomically (erasure rewrites history on purpose)."""
    temp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    try:
        _write_gzip_json(temp, sample)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    fsync_folder(path.parent)


def _write_gzip_json(path: Path, document: dict[str, Any]) -> None:
    """The document as gzip-compressed JSON, flushed to disk (mtime 0: the bytes depend on it alone)."""
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with path.open("wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0) as gz:
            gz.write(payload)
        raw.flush()
        os.fsync(raw.fileno())


def read_sample(path: Path) -> dict[str, Any]:
    """The sample in ``path``, checked.

    :raise SampleError: not gzip, not JSON, another format or version, or a channel without its keys.
    """
    try:
        with gzip.open(path, "rb") as handle:
            sample = json.loads(handle.read().decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SampleError(f"{path}: not a readable sample ({exc})") from None
    if not isinstance(sample, dict) or sample.get("format") != SAMPLE_FORMAT:
        raise SampleError(f"{path}: not a {SAMPLE_FORMAT} file")
    if sample.get("version") != SAMPLE_VERSION:
        raise SampleError(
            f"{path}: sample version {sample.get('version')!r}, this reader knows {SAMPLE_VERSION}"
        )
    for channel in sample.get("channels", []):
        missing = [key for key in CHANNEL_KEYS if key not in channel]
        if missing:
            raise SampleError(f"{path}: channel {channel.get('login')!r} lacks {', '.join(missing)}")
    return sample


def list_samples(folder: Path) -> list[Path]:
    """Finished sample files of ``folder``, oldest window first."""
    return sorted(p for p in folder.glob("*" + SUFFIX) if not p.name.startswith("."))


def clean_temp_files(folder: Path) -> int:
    """Remove temporary files a killed writer left behind; returns how many."""
    removed = 0
    for temp in folder.glob(f".*{TEMP_MARK}*"):
        temp.unlink(missing_ok=True)
        removed += 1
    return removed


def fsync_folder(folder: Path) -> None:
    """Make a rename, link or unlink in ``folder`` durable: the entry itself must reach the disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _iso(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond // 1000:03d}"
    return text + "Z"
