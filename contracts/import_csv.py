"""The import format (five CSV files, the demo's), its row rules, and the reader that applies them.

One definition for every side: the loader imports what it returns, the collector's snapshot writes its
headers, the fake Twitch serves a folder read by it.


Nothing here touches a database: ``read_folder`` returns the clean rows and the rejected ones, so a
folder with a missing file or a wrong header is refused before anything is written.
"""

import csv
import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import TextIO

from contracts.identity import LOGIN_RE

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
DESCRIPTION = STREAMERS_HEADER.index("description")  # the one field that may span lines

USER_ID_RE = re.compile(r"[0-9]{1,20}")
# ISO 639-1, optionally with a region as Twitch writes it ("zh-hk"), or Twitch's "other".
LANGUAGE_RE = re.compile(r"[a-z]{2}(-[a-z]{2,4})?|other")
MAX_INT = 2**63 - 1

# Limits, in characters. The embedded FalkorDB crashes (signal 11 in EnforceUniqueEntity) on a unique
# string longer than 4,096 bytes, which is 1,024 characters of 4 bytes in UTF-8: every string that becomes
# an indexed or unique property stays well under it, logins, user ids and languages by their patterns.
MAX_NAME_CHARS = 256  # user_name, game_name, team_name: a longer one rejects its row
MAX_URL_CHARS = 2_048  # thumbnail_url: a longer one rejects its row
MAX_DESCRIPTION_CHARS = 4_000  # a longer description is cut to this (Twitch's own limit is 300)
# The csv module refuses a field longer than this (131,072 unless changed): that record is rejected.
MAX_FIELD_CHARS = csv.field_size_limit()
MAX_SHOWN_CHARS = 60  # of a value quoted in a rejection's reason
# No query parameter may hold NUL ("Failed to parse query parameter"), a unique name holding \x01 crashes
# the engine, and no control character belongs in a name or a URL. A description may hold any but NUL.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# A line break in a description, then what starts a streamer row: a quote left open has taken in rows.
STREAMER_ROW_START = re.compile(r"[\r\n][^\r\n,]*,[ \t]*[0-9]+,[ \t]*[A-Za-z0-9_]+,")
READ_BLOCK_CHARS = 1 << 16  # lines are read in blocks of about this size (see _Lines)


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
            try:
                found = next(csv.reader(handle), None)
            except csv.Error:  # the only one a lenient reader raises: a field over the csv module's limit
                raise FolderError(
                    f"{path}: wrong header (a field longer than {MAX_FIELD_CHARS:,} characters); "
                    f"expected: {expected}"
                ) from None
        if found is None or tuple(cell.strip() for cell in found) != header:
            shown = _shown(",".join(found) if found else "(empty file)")
            raise FolderError(f"{path}: wrong header {shown}; expected: {expected}")


def read_folder(folder: Path) -> Folder:
    """Every valid row of the folder's five files, and every rejected row with its reason.

    :raise FolderError: see ``check_folder``.
    """
    check_folder(folder)
    result = Folder()
    with gc_paused():
        logins_by_id = _read_streamers(folder / "streamers.csv", result)
        for name in LINK_HEADERS:
            _read_links(folder / name, logins_by_id, result)
    return result


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector: reading and importing a folder hold millions of small lists and tuples
    and make no cycles, and each automatic collection rescans them all (a fifth of an import's time at a
    million rows)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_streamers(path: Path, result: Folder) -> dict[str, str]:
    seen_ids: dict[str, tuple[int, StreamerRow]] = {}
    seen_logins: dict[str, str] = {}
    for line, cells in _records(path, result, _streamer_may_span_lines):
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
    description = cells[DESCRIPTION]  # kept as written: spaces and newlines are the streamer's
    if not USER_ID_RE.fullmatch(user_id):
        return None, f"user_id {_shown(user_id)} is not a Twitch user id (digits only)"
    if not LOGIN_RE.fullmatch(login):
        return None, f"user_login {_shown(login)} is not a Twitch login (1-25 letters, digits or _)"
    language = language.lower()
    if language and not LANGUAGE_RE.fullmatch(language):
        return None, f"language {_shown(language)} is not an ISO 639-1 code"
    parsed: dict[str, int | None] = {}
    for column, text in (("followers", followers), ("view_count", view_count)):
        number, reason = _parse_count(column, text)
        if reason:
            return None, reason
        parsed[column] = number
    if created_at and not _is_timestamp(created_at):
        return None, f"created_at {_shown(created_at)} is not a date and time like 2018-01-15 01:40:09.577844"
    if "\ufffd" in "".join(cells):
        return None, "not valid UTF-8"
    if reason := _text_problem(name, game, url, description):
        return None, reason
    return StreamerRow(
        user_id=user_id,
        login=login.lower(),
        name=name or login,
        game=game or None,
        language=language or None,
        url=url,
        followers=parsed["followers"],
        description=description[:MAX_DESCRIPTION_CHARS],
        view_count=parsed["view_count"],
        created_at=created_at or None,
    ), ""


def _text_problem(name: str, game: str, url: str, description: str) -> str:
    """Why a streamer row's free text cannot be stored, or ""."""
    for column, text, limit in (
        ("user_name", name, MAX_NAME_CHARS),
        ("game_name", game, MAX_NAME_CHARS),
        ("thumbnail_url", url, MAX_URL_CHARS),
    ):
        if reason := _name_problem(column, text, limit):
            return reason
    if "\x00" in description:
        return "description contains the control character '\\x00'"
    return ""


def _name_problem(column: str, text: str, limit: int = MAX_NAME_CHARS) -> str:
    """Why ``text`` cannot be stored as ``column`` (too long, or a control character in it), or ""."""
    if len(text) > limit:
        return f"{column} longer than {limit:,} characters"
    if found := CONTROL_RE.search(text):
        return f"{column} {_shown(text)} contains the control character {found.group()!r}"
    return ""


def _shown(text: str) -> str:
    """``text`` quoted in a reason: its repr, cut so that a huge value keeps the report readable."""
    if len(text) <= MAX_SHOWN_CHARS:
        return repr(text)
    return f"{text[:MAX_SHOWN_CHARS]!r}... ({len(text):,} characters)"


def _parse_count(column: str, text: str) -> tuple[int | None, str]:
    if not text:
        return None, ""  # unknown, not wrong: Twitch no longer reports view counts
    try:
        number = int(text)
    except ValueError:
        return None, f"{column} {_shown(text)} is not a whole number"
    if not 0 <= number <= MAX_INT:
        return None, f"{column} {_shown(text)} is out of range"
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
    # Names bound once: this loop runs once per row of a million-row chatters file.
    streamer_of, is_login_text, reject = logins_by_id.get, LOGIN_RE.fullmatch, result.rejections.append
    valid: list[tuple[str, str]] = []  # duplicates included, dropped below (in C: a dict keeps the first)
    keep = valid.append
    for line, cells in _records(path, result, _link_may_span_lines):
        if len(cells) != 2:
            reject(Rejection(path.name, line, f"expected 2 fields, found {len(cells)}"))
            continue
        user_id, value = cells[0].strip(), cells[1].strip()
        streamer = streamer_of(user_id)
        if streamer is None:
            reason = (
                f"user_id {_shown(user_id)} is not a Twitch user id (digits only)"
                if not USER_ID_RE.fullmatch(user_id)
                else f"user_id {user_id} has no valid row in streamers.csv"
            )
            reject(Rejection(path.name, line, reason))
            continue
        if is_login:
            if not is_login_text(value):
                reason = f"{second} {_shown(value)} is not a Twitch login (1-25 letters, digits or _)"
                reject(Rejection(path.name, line, reason))
                continue
            value = value.lower()
        elif not value:
            continue  # an empty team makes no node and no edge; not an error
        elif "\ufffd" in value:
            reject(Rejection(path.name, line, "not valid UTF-8"))
            continue
        elif reason := _name_problem(second, value):
            reject(Rejection(path.name, line, reason))
            continue
        keep((streamer, value))
    pairs = list(dict.fromkeys(valid))  # file order of first occurrences
    result.links[path.name] = pairs
    result.duplicates[path.name] = len(valid) - len(pairs)


def _streamer_may_span_lines(cells: list[str]) -> bool:
    """Whether a streamer record over several lines is one row: only its description may hold line breaks,
    and none followed by what starts a row."""
    return (
        len(cells) == len(STREAMERS_HEADER)
        and not any("\n" in cell or "\r" in cell for i, cell in enumerate(cells) if i != DESCRIPTION)
        and not STREAMER_ROW_START.search(cells[DESCRIPTION])
    )


def _link_may_span_lines(_cells: list[str]) -> bool:
    """Never: no field of teams, VIPs, moderators or chatters holds a line break."""
    return False


def _records(
    path: Path, result: Folder, may_span_lines: Callable[[list[str]], bool]
) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, its cells) for each data row; blank lines are skipped.

    Invalid UTF-8 becomes U+FFFD so that one bad byte costs one row, not the file. A record the csv
    module refuses (a field over its limit), or one over several lines that ``may_span_lines`` says is
    several rows taken in by an unclosed quote, is rejected at its first line, and the lines after that
    one are read again as rows of their own.
    """
    count = 0
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        lines = _Lines(handle)
        reader = csv.reader(lines.read(), strict=False)
        next(reader, None)  # header, checked by check_folder
        offset, start = 0, reader.line_num + 1  # a physical line number is offset + reader.line_num
        while True:
            try:
                for cells in reader:
                    end = offset + reader.line_num
                    if end != start and not may_span_lines(cells):
                        break
                    if cells and any(cells):
                        count += 1
                        yield start, cells
                    start = lines.record_start = end + 1
                else:
                    break  # end of file
                reason = _unreadable(start, end, too_long=False)
            except csv.Error:  # the only one a lenient reader raises; it drops the rest of the line
                end = offset + reader.line_num
                reason = _unreadable(start, end, too_long=True)
            result.rejections.append(Rejection(path.name, start, reason))
            if end != start:  # the lines after the first are read again, as rows
                reader = csv.reader(lines.again(start + 1, end), strict=False)
                offset = start
            start = lines.record_start = start + 1
    result.rows_read[path.name] = count


def _unreadable(start: int, end: int, *, too_long: bool) -> str:
    """Why the record on lines ``start`` to ``end`` is rejected: a field over the csv module's limit, or
    an unclosed quote that took in rows."""
    if too_long and start == end:
        return f"a field longer than {MAX_FIELD_CHARS:,} characters"
    if too_long:
        return (
            f"a quoted field longer than {MAX_FIELD_CHARS:,} characters, to line {end} (an unclosed "
            "quote?); the lines after this one are read again as rows"
        )
    taken = f"line {end}" if end == start + 1 else f"lines {start + 1}-{end}"
    return f"unclosed quote: the field it opens takes in {taken}, read again as rows"


class _Lines:
    """A file's physical lines for the csv reader, which can give again the lines of the record in hand.

    The csv module returns a record's fields, never its lines, and a reader cannot step back: so the lines
    are read here in blocks, and the blocks from ``record_start`` on are kept.
    """

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._kept: list[list[str]] = []  # blocks of lines, the first one starting at line self._first
        self._first = 1
        self._block: Iterator[str] = iter(())  # the rest of the block being read
        self.record_start = 1  # where the record being read starts; kept up to date by its reader

    def read(self) -> Iterator[str]:
        """The file's lines from the first."""
        return chain.from_iterable(self._blocks())

    def again(self, first: int, last: int) -> Iterator[str]:
        """Lines ``first`` to ``last``, already read, then the lines that were not read yet.

        Only those lines are copied, not the rest of the block: a file of many unclosed quotes stays linear.
        """
        lines: list[str] = []
        block_first = self._first
        for block in self._kept:
            lines += block[max(first - block_first, 0) : max(last - block_first + 1, 0)]
            block_first += len(block)
        return chain(lines, self._block, chain.from_iterable(self._blocks()))

    def _blocks(self) -> Iterator[Iterator[str]]:
        while block := self._handle.readlines(READ_BLOCK_CHARS):
            while self._kept and self._first + len(self._kept[0]) <= self.record_start:
                self._first += len(self._kept.pop(0))
            self._kept.append(block)
            self._block = iter(block)
            yield self._block
