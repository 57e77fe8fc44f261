"""A finished chat window as a sample document (docs/sample-format.md), with Helix's channel metadata.

The format itself, its writing and its reading are ``contracts.samples``; this module turns what the
collector saw (a :class:`~collector.window.WindowData` and :class:`ChannelMeta`) into that document.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from collector.window import NOTHING_SEEN, ChannelSeen, WindowData
from contracts.durations import format_duration
from contracts.samples import SAMPLE_FORMAT, SAMPLE_VERSION, format_time

__all__ = ["ChannelMeta", "build_sample", "meta_from_channel", "meta_from_stream"]


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
        "window_start": format_time(window.start),
        "window_end": format_time(window.end),
        "window": format_duration(every_s),
        "window_seconds": every_s,
        "language": language,
        "top": top,
        "tracked": sorted(tracked),
        "metadata_at": format_time(metadata_at) if metadata_at else None,
        "written_at": format_time(datetime.now(UTC).timestamp()),
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
