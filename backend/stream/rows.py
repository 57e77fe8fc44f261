"""Rows of ``user_id,<login>`` files as stream messages, for replays (Kafka or in-process).

The files are the demo's ``twitch-stream/chatters.csv`` (no header) and an import folder's
``chatters.csv``, ``vips.csv`` and ``moderators.csv`` (with one). A replay sends each row as it is: the
consumer is the one that judges it, so a bad row becomes a dead letter with its reason, as it would
coming from any other producer.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from backend.stream.writer import RawMessage
from contracts.import_csv import LINK_HEADERS
from contracts.stream import ChatterEvent, encode

__all__ = ["FOLDER_FILES", "count_rows", "file_messages", "folder_messages"]

# Import-folder files with viewer -> streamer relationships, and the message kind of their rows. VIPs and
# moderators first: they are few, so a slow replay shows every kind early.
FOLDER_FILES = {"vips.csv": "vip", "moderators.csv": "moderator", "chatters.csv": "chatter"}
HEADER_FIRST_CELL = LINK_HEADERS["chatters.csv"][0]  # "user_id"; the demo's headerless file has no such row


def file_messages(path: Path, kind: str = "chatter") -> Iterator[RawMessage | None]:
    """A (key, value) message per row of ``path``, keyed by the broadcaster's user id; None for a row that
    cannot be one (not two fields), so that callers can count it."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        rows = csv.reader(handle)
        first = next(rows, None)
        if first is not None and not _is_header(first):
            yield _message(first, kind)
        for cells in rows:
            if cells:  # blank lines are no rows
                yield _message(cells, kind)


def folder_messages(folder: Path) -> Iterator[RawMessage | None]:
    """The messages of an import folder's VIP, moderator and chatter files, one file after the other."""
    for name, kind in FOLDER_FILES.items():
        if (folder / name).is_file():
            yield from file_messages(folder / name, kind)


def count_rows(paths: list[Path]) -> int:
    """About how many rows the files hold (lines, less a header line each): a replay's total, for lag."""
    total = 0
    for path in paths:
        with path.open("rb") as handle:
            total += sum(block.count(b"\n") for block in iter(lambda h=handle: h.read(1 << 20), b""))
    return max(total - len(paths), 0)


def _is_header(cells: list[str]) -> bool:
    return cells[0].strip().lower() == HEADER_FIRST_CELL


def _message(cells: list[str], kind: str) -> RawMessage | None:
    if len(cells) != 2:
        return None
    user_id, login = cells[0].strip(), cells[1].strip()
    return user_id.encode(), encode(ChatterEvent(user_id, login, kind))
