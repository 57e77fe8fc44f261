"""Reading and validating the five CSV files of the demo format, row by row, keeping every valid row.

Nothing here touches a database: ``read_folder`` returns the clean rows and the rejected ones, so a
folder with a missing file or a wrong header is refused before anything is written.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

# The Memgraph Twitch demo's five files and their exact headers: the format we stay compatible with.
STREAMERS_HEADER = (
    "id",
    "user_id",
    "user_login",
    "user_name",
    "game_name",
    "language",
    "thumbnail_url",
    "followers",
    "description",
    "view_count",
    "created_at",
)
LINK_HEADERS = {
    "teams.csv": ("user_id", "team_name"),
    "vips.csv": ("user_id", "vip_login"),
    "moderators.csv": ("user_id", "moderator_login"),
    "chatters.csv": ("user_id", "chatter_login"),
}
HEADERS = {"streamers.csv": STREAMERS_HEADER, **LINK_HEADERS}

LOGIN_RE = re.compile(r"[A-Za-z0-9_]{1,25}")
USER_ID_RE = re.compile(r"[0-9]{1,20}")
# ISO 639-1, optionally with a region as Twitch writes it ("zh-hk"), or Twitch's "other".
LANGUAGE_RE = re.compile(r"[a-z]{2}(-[a-z]{2,4})?|other")
MAX_INT = 2**63 - 1


class FolderError(Exception):
    """The folder cannot be imported at all (missing file, wrong header); nothing was changed."""


@dataclass(frozen=True)
class Rejection:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class StreamerRow:
    user_id: str
    login: str
    name: str
    game: str | None
    language: str | None
    url: str
    followers: int | None
    description: str
    view_count: int | None
    created_at: str | None


@dataclass
class Folder:
    """The valid content of an import folder, and what was rejected."""

    streamers: list[StreamerRow] = field(default_factory=list)
    # file name -> unique (streamer login, second column) pairs in file order
    links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    duplicates: dict[str, int] = field(default_factory=dict)
    rows_read: dict[str, int] = field(default_factory=dict)

    @property
    def valid_rows(self) -> int:
        return len(self.streamers) + sum(len(pairs) for pairs in self.links.values())


def check_folder(folder: Path) -> None:
    """Refuse a folder whose files are missing or whose headers differ from the contract.

    :raise FolderError: naming the file and the header it must have.
    """
    if not folder.is_dir():
        raise FolderError(f"{folder}: not a folder (expected one holding {', '.join(HEADERS)})")
    for name, header in HEADERS.items():
        path = folder / name
        expected = ",".join(header)
        if not path.is_file():
            raise FolderError(f"{path}: file missing; it must exist with the header: {expected}")
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            found = next(csv.reader(handle), None)
        if found is None or tuple(cell.strip() for cell in found) != header:
            shown = ",".join(found) if found else "(empty file)"
            raise FolderError(f"{path}: wrong header {shown!r}; expected: {expected}")


def read_folder(folder: Path) -> Folder:
    """Every valid row of the folder's five files, and every rejected row with its reason.

    :raise FolderError: see ``check_folder``.
    """
    check_folder(folder)
    result = Folder()
    logins_by_id = _read_streamers(folder / "streamers.csv", result)
    for name in LINK_HEADERS:
        _read_links(folder / name, logins_by_id, result)
    return result


def _read_streamers(path: Path, result: Folder) -> dict[str, str]:
    seen_ids: dict[str, tuple[int, StreamerRow]] = {}
    seen_logins: dict[str, str] = {}
    for line, cells in _records(path, result):
        row, reason = _parse_streamer(cells)
        if row is None:
            result.rejections.append(Rejection(path.name, line, reason))
            continue
        if row.user_id in seen_ids:
            first_line, first = seen_ids[row.user_id]
            if first == row:
                result.duplicates[path.name] = result.duplicates.get(path.name, 0) + 1
            else:
                result.rejections.append(
                    Rejection(
                        path.name, line, f"user_id {row.user_id} is already defined at line {first_line}"
                    )
                )
            continue
        if row.login in seen_logins:
            result.rejections.append(
                Rejection(
                    path.name,
                    line,
                    f"user_login {row.login!r} already belongs to user_id {seen_logins[row.login]}",
                )
            )
            continue
        seen_ids[row.user_id] = (line, row)
        seen_logins[row.login] = row.user_id
        result.streamers.append(row)
    return {user_id: row.login for user_id, (_line, row) in seen_ids.items()}


def _parse_streamer(cells: list[str]) -> tuple[StreamerRow | None, str]:
    if len(cells) != len(STREAMERS_HEADER):
        return None, f"expected {len(STREAMERS_HEADER)} fields, found {len(cells)}"
    (
        _stream_id,
        user_id,
        login,
        name,
        game,
        language,
        url,
        followers,
        description,
        view_count,
        created_at,
    ) = (c.strip() for c in cells)
    description = cells[8]  # kept as written: spaces and newlines are the streamer's
    if not USER_ID_RE.fullmatch(user_id):
        return None, f"user_id {user_id!r} is not a Twitch user id (digits only)"
    if not LOGIN_RE.fullmatch(login):
        return None, f"user_login {login!r} is not a Twitch login (1-25 letters, digits or _)"
    language = language.lower()
    if language and not LANGUAGE_RE.fullmatch(language):
        return None, f"language {language!r} is not an ISO 639-1 code"
    parsed: dict[str, int | None] = {}
    for column, text in (("followers", followers), ("view_count", view_count)):
        number, reason = _parse_count(column, text)
        if reason:
            return None, reason
        parsed[column] = number
    if created_at and not _is_timestamp(created_at):
        return None, f"created_at {created_at!r} is not a date and time like 2018-01-15 01:40:09.577844"
    if "\ufffd" in "".join(cells):
        return None, "not valid UTF-8"
    return StreamerRow(
        user_id=user_id,
        login=login.lower(),
        name=name or login,
        game=game or None,
        language=language or None,
        url=url,
        followers=parsed["followers"],
        description=description,
        view_count=parsed["view_count"],
        created_at=created_at or None,
    ), ""


def _parse_count(column: str, text: str) -> tuple[int | None, str]:
    if not text:
        return None, ""  # unknown, not wrong: Twitch no longer reports view counts
    try:
        number = int(text)
    except ValueError:
        return None, f"{column} {text!r} is not a whole number"
    if not 0 <= number <= MAX_INT:
        return None, f"{column} {text!r} is out of range"
    return number, ""


def _is_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _read_links(path: Path, logins_by_id: dict[str, str], result: Folder) -> None:
    """teams, vips, moderators, chatters: (streamer user_id, name) rows."""
    second = HEADERS[path.name][1]
    is_login = second.endswith("_login")
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[str, str]] = []
    duplicates = 0
    for line, cells in _records(path, result):
        if len(cells) != 2:
            result.rejections.append(Rejection(path.name, line, f"expected 2 fields, found {len(cells)}"))
            continue
        user_id, value = cells[0].strip(), cells[1].strip()
        streamer = logins_by_id.get(user_id)
        if streamer is None:
            reason = (
                f"user_id {user_id!r} is not a Twitch user id (digits only)"
                if not USER_ID_RE.fullmatch(user_id)
                else f"user_id {user_id} has no valid row in streamers.csv"
            )
            result.rejections.append(Rejection(path.name, line, reason))
            continue
        if is_login:
            if not LOGIN_RE.fullmatch(value):
                reason = f"{second} {value!r} is not a Twitch login (1-25 letters, digits or _)"
                result.rejections.append(Rejection(path.name, line, reason))
                continue
            value = value.lower()
        elif not value:
            continue  # an empty team makes no node and no edge; not an error
        elif "\ufffd" in value:
            result.rejections.append(Rejection(path.name, line, "not valid UTF-8"))
            continue
        if (streamer, value) in seen:
            duplicates += 1
            continue
        seen.add((streamer, value))
        pairs.append((streamer, value))
    result.links[path.name] = pairs
    result.duplicates[path.name] = duplicates


def _records(path: Path, result: Folder) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, its cells) for each data row; blank lines are skipped.

    Invalid UTF-8 becomes U+FFFD so that one bad byte costs one row, not the file.
    """
    count = 0
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, strict=False)
        next(reader, None)  # header, checked by check_folder
        start = reader.line_num + 1
        for cells in reader:
            if cells and any(cells):
                count += 1
                yield start, cells
            start = reader.line_num + 1
    result.rows_read[path.name] = count
