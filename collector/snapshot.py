"""``collect snapshot``: one pass over the top live channels, written as the five CSVs of the import format.

Chat is listened to from the moment each channel is joined until ``window`` seconds after the last join,
so every channel is heard for at least the window. Meanwhile Helix gives the streamers' profiles, teams
and follower totals, and, where the user token may read them, the chatters, VIPs and moderators lists.
VIPs and moderators otherwise come from the badges of people who chatted. ``chatters.csv`` holds everyone
seen in a channel's chat (messages, JOIN/NAMES membership, Helix chatters): the audience *seen*, which for
big channels is the part that chats, not everyone watching.
"""

import csv
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from collector.helix import HelixClient, HelixError
from collector.irc import ChatReader
from collector.window import NOTHING_SEEN, ChatWindow, WindowData
from contracts.files import write_atomically
from contracts.import_csv import HEADERS

__all__ = ["SnapshotError", "SnapshotSummary", "take_snapshot"]

log = logging.getLogger(__name__)

# Joining is rate limited; allow the planned pace plus this slack before giving up on a channel.
JOIN_SLACK_S = 30.0


class SnapshotError(RuntimeError):
    """Nothing to snapshot (no live stream), said for people."""


@dataclass
class _Details:
    """What Helix told about one channel beyond its stream."""

    user: dict[str, Any] = field(default_factory=dict)
    teams: list[str] = field(default_factory=list)
    followers: int | None = None
    chatters: list[str] = field(default_factory=list)
    vips: list[str] = field(default_factory=list)
    moderators: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SnapshotSummary:
    outdir: Path
    rows: dict[str, int]
    channels: int
    joined: int
    viewers: int
    failures: list[str]


def take_snapshot(
    helix: HelixClient,
    reader_factory: Callable[[ChatWindow], ChatReader],
    outdir: Path,
    *,
    language: str | None,
    top: int,
    window_s: float,
    joins_per_10s: int = 20,
) -> SnapshotSummary:
    """Collect one snapshot of the ``top`` live channels into ``outdir`` (created if missing).

    :raise CredentialsError: Twitch refused the credentials.
    :raise SnapshotError: no live stream matched.
    :raise HelixError: the stream list itself could not be fetched.
    """
    helix.check_credentials()
    streams = helix.top_streams(language, top)
    if not streams:
        raise SnapshotError(f"no live stream{' in language ' + language if language else ''} right now")
    logins = [s["user_login"].lower() for s in streams]
    log.info(
        "listening to %d channels: %s",
        len(logins),
        ", ".join(logins[:10]) + (" ..." if len(logins) > 10 else ""),
    )
    window = ChatWindow()
    reader = reader_factory(window)
    reader.set_channels(logins)
    reader.start()
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="helix") as pool:
            details = pool.submit(_gather, helix, streams, window)
            data = _listen(reader, window, len(logins), window_s, joins_per_10s)
            by_id, failures = details.result()
        joined = len(reader.joined)
    finally:
        reader.stop()
    rows = _write_folder(outdir, _rows(streams, by_id, data))
    viewers = set().union(*(seen.viewers for seen in data.channels.values())) if data.channels else set()
    return SnapshotSummary(outdir, rows, len(streams), joined, len(viewers), failures)


def _listen(
    reader: ChatReader, window: ChatWindow, channels: int, window_s: float, joins_per_10s: int
) -> WindowData:
    patience = 10.0 * channels / joins_per_10s + JOIN_SLACK_S
    if not reader.wait_settled(patience):
        log.warning(
            "joined %d of %d channels after %.0f s; going on with those",
            len(reader.joined),
            channels,
            patience,
        )
    time.sleep(window_s)
    return window.rotate()


def _gather(
    helix: HelixClient, streams: list[dict[str, Any]], window: ChatWindow
) -> tuple[dict[str, _Details], list[str]]:
    """Helix details of every channel; a failing call is logged and skipped, never fatal."""
    failures: list[str] = []
    details = {s["user_id"]: _Details() for s in streams}

    def attempt(what: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except HelixError as exc:
            failures.append(f"{what}: {exc}")
            log.warning("%s: %s", what, exc)
            return None

    for user in attempt("users", helix.users, ids=list(details)) or []:
        details[user["id"]].user = user
    _fill_games(streams, attempt("games", helix.games, _missing_games(streams)) or [])
    for stream in streams:
        user_id, login = stream["user_id"], stream["user_login"].lower()
        info = details[user_id]
        info.teams = [t["team_name"] for t in attempt(f"{login}: teams", helix.channel_teams, user_id) or []]
        info.followers = attempt(f"{login}: followers", helix.follower_total, user_id)
        info.chatters = attempt(f"{login}: chatters", helix.chatters, user_id) or []
        info.vips = attempt(f"{login}: vips", helix.vips, user_id) or []
        info.moderators = attempt(f"{login}: moderators", helix.moderators, user_id) or []
        if info.chatters:
            window.add_present(login, info.chatters)
    return details, failures


def _missing_games(streams: list[dict[str, Any]]) -> list[str]:
    return [s["game_id"] for s in streams if s.get("game_id") and not s.get("game_name")]


def _fill_games(streams: list[dict[str, Any]], games: list[dict[str, Any]]) -> None:
    names = {g["id"]: g["name"] for g in games}
    for stream in streams:
        if not stream.get("game_name") and stream.get("game_id") in names:
            stream["game_name"] = names[stream["game_id"]]


def _rows(
    streams: list[dict[str, Any]], details: dict[str, _Details], data: WindowData
) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    for stream in streams:
        user_id, login = stream["user_id"], stream["user_login"].lower()
        info = details.get(user_id, _Details())
        seen = data.channels.get(login, NOTHING_SEEN)
        rows["streamers.csv"].append(_streamer_row(stream, info))
        rows["teams.csv"].extend([user_id, team] for team in info.teams)
        rows["vips.csv"].extend([user_id, v] for v in _others(login, seen.vips, info.vips))
        rows["moderators.csv"].extend([user_id, m] for m in _others(login, seen.moderators, info.moderators))
        rows["chatters.csv"].extend([user_id, c] for c in _others(login, seen.viewers, info.chatters))
    return rows


def _others(broadcaster: str, *groups: Iterable[str]) -> list[str]:
    """Sorted union of the groups without the broadcaster (their own chat is not their audience)."""
    return sorted({login.lower() for group in groups for login in group} - {broadcaster})


def _streamer_row(stream: dict[str, Any], info: _Details) -> list[str]:
    user = info.user
    return [
        stream.get("id", ""),
        stream["user_id"],
        stream["user_login"].lower(),
        stream.get("user_name") or user.get("display_name") or stream["user_login"],
        stream.get("game_name") or "",
        (stream.get("language") or "").lower(),
        stream.get("thumbnail_url") or "",
        "" if info.followers is None else str(info.followers),
        user.get("description") or "",
        "" if user.get("view_count") is None else str(user["view_count"]),
        _created_at(user.get("created_at")),
    ]


def _created_at(text: str | None) -> str:
    """Helix's ``2016-12-14T20:32:28Z`` as the import format's ``2016-12-14 20:32:28.000000``."""
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _write_folder(outdir: Path, rows: dict[str, list[list[str]]]) -> dict[str, int]:
    """Each file through a temporary name and a rename, so a reader never sees half a file."""
    outdir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, header in HEADERS.items():
        write_atomically(outdir / name, lambda temp, h=header, r=rows[name]: _write_csv(temp, h, r))
        counts[name] = len(rows[name])
    return counts


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)  # excel dialect, as demo-data writes: RFC 4180 quoting, CRLF
        writer.writerow(header)
        writer.writerows(rows)
