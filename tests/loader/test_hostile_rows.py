"""Hostile rows in the import folder: each one costs that row alone, named as file:line: reason.

Every row here once ended an import: a name too long or holding NUL or \\x01 crashed or refused the
embedded engine, a field over the csv module's limit raised a traceback, an unclosed quote took in every
row after it. ``test_hostile_import.py`` writes such folders into the real engine and through the CLI.
"""

import shutil
from pathlib import Path

import pytest

from contracts.import_csv import (
    MAX_DESCRIPTION_CHARS,
    MAX_FIELD_CHARS,
    MAX_NAME_CHARS,
    FolderError,
    read_folder,
)
from tests.conftest import TINY

TOO_LONG = f"a field longer than {MAX_FIELD_CHARS:,} characters"


def streamer(
    user_id: int = 1077,
    login: str = "zulu",
    *,
    name: str = "Zulu",
    game: str = "Chess",
    description: str = "",
) -> str:
    """One streamers.csv row, valid unless told otherwise."""
    return f"40077,{user_id},{login},{name},{game},en,u,10,{description},5,2020-01-01 00:00:00"


def with_rows(tmp_path: Path, name: str, *rows: str, line: int = 3) -> Path:
    """The tiny folder (copied once per test) with ``rows`` in ``name`` from physical ``line`` on (3: after
    the first data row)."""
    folder = tmp_path / "import"
    if not folder.exists():
        shutil.copytree(TINY, folder)
    lines = (folder / name).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1 : line - 1] = [row + "\n" for row in rows]
    (folder / name).write_text("".join(lines), encoding="utf-8")
    return folder


def rejected(folder: Path) -> list[str]:
    return [str(r) for r in read_folder(folder).rejections]


def assert_tiny_rows_load(folder: Path) -> None:
    """Every row the tiny folder loads still loads: the hostile rows cost only themselves."""
    content, tiny = read_folder(folder), read_folder(TINY)
    assert [s.login for s in content.streamers] == [s.login for s in tiny.streamers]
    assert content.links == tiny.links


@pytest.mark.parametrize(
    ("name", "row", "reason"),
    [
        ("teams.csv", "1002," + "T" * 5000, "team_name longer than 256 characters"),
        ("streamers.csv", streamer(game="G" * 5000), "game_name longer than 256 characters"),
        ("streamers.csv", streamer(name="N" * 5000), "user_name longer than 256 characters"),
    ],
    ids=["team_name", "game_name", "user_name"],
)
def test_a_name_over_the_limit_rejects_its_row(tmp_path: Path, name: str, row: str, reason: str) -> None:
    folder = with_rows(tmp_path, name, row)
    assert f"{name}:3: {reason}" in rejected(folder)
    assert_tiny_rows_load(folder)


def test_the_name_limit_holds_for_characters_of_four_bytes(tmp_path: Path) -> None:
    # The engine crashes over 4,096 bytes: 1,024 characters of 4 bytes in UTF-8, so far over the limit.
    at_limit, over = "\U0001f600" * MAX_NAME_CHARS, "\U0001f600" * (MAX_NAME_CHARS + 1)
    with_rows(tmp_path, "teams.csv", f"1002,{at_limit}", f"1002,{over}")
    folder = with_rows(tmp_path, "streamers.csv", streamer(name=at_limit, game="G" * MAX_NAME_CHARS))
    content = read_folder(folder)
    assert "teams.csv:4: team_name longer than 256 characters" in rejected(folder)
    assert ("bravo", at_limit) in content.links["teams.csv"]
    zulu = next(s for s in content.streamers if s.login == "zulu")
    assert (zulu.name, zulu.game) == (at_limit, "G" * MAX_NAME_CHARS)


def test_a_long_description_is_cut_not_rejected(tmp_path: Path) -> None:
    folder = with_rows(tmp_path, "streamers.csv", streamer(description="D" * 100_000))
    zulu = next(s for s in read_folder(folder).streamers if s.login == "zulu")
    assert zulu.description == "D" * MAX_DESCRIPTION_CHARS


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("chatters.csv", "1001," + "x" * 200_000),  # a 200 KB login
        ("chatters.csv", "1001,x" + "y" * 10_000_000),  # a 10 MB line
        ("teams.csv", "1002," + "T" * (MAX_FIELD_CHARS + 1)),
        ("streamers.csv", streamer(description='"' + "D" * 200_000 + '"')),
    ],
)
def test_a_field_over_the_csv_limit_costs_its_row_alone(tmp_path: Path, name: str, row: str) -> None:
    folder = with_rows(tmp_path, name, row)
    assert f"{name}:3: {TOO_LONG}" in rejected(folder)
    assert_tiny_rows_load(folder)


def test_a_huge_header_is_a_folder_error(tmp_path: Path) -> None:
    folder = with_rows(tmp_path, "chatters.csv", "user_id,chatter_login" + "x" * 200_000, line=1)
    with pytest.raises(FolderError, match=rf"chatters\.csv: wrong header \({TOO_LONG}\); expected: user_id,"):
        read_folder(folder)


@pytest.mark.parametrize(
    ("name", "row", "reason"),
    [
        ("streamers.csv", streamer(game="Ch\x00ess"), r"game_name 'Ch\x00ess' contains the control"),
        ("streamers.csv", streamer(name="Zu\x00lu"), r"user_name 'Zu\x00lu' contains the control"),
        ("teams.csv", "1002,T\x001", r"team_name 'T\x001' contains the control character '\x00'"),
        # \x01 in a unique name crashes the engine; other control characters are no part of a name either.
        ("teams.csv", "1002,T\x011", r"team_name 'T\x011' contains the control character '\x01'"),
        ("streamers.csv", streamer(game="Ch\tess"), r"game_name 'Ch\tess' contains the control character"),
    ],
    ids=["nul-game_name", "nul-user_name", "nul-team_name", "x01-team_name", "tab-game_name"],
)
def test_nul_and_control_characters_in_a_name_reject_its_row(
    tmp_path: Path, name: str, row: str, reason: str
) -> None:
    folder = with_rows(tmp_path, name, row)
    assert f"{name}:3: {reason}" in "\n".join(rejected(folder))
    assert_tiny_rows_load(folder)


def test_a_description_keeps_its_tabs_and_line_breaks_but_not_nul(tmp_path: Path) -> None:
    folder = with_rows(
        tmp_path,
        "streamers.csv",
        streamer(1077, "zulu", description="a\x00b"),
        streamer(1078, "yankee", description='"one\ttwo\r\nthree\x01"'),
    )
    assert "streamers.csv:3: description contains the control character '\\x00'" in rejected(folder)
    yankee = next(s for s in read_folder(folder).streamers if s.login == "yankee")
    assert yankee.description == "one\ttwo\r\nthree\x01"


def test_an_unclosed_quote_is_reported_at_its_line_and_the_rows_after_it_load(tmp_path: Path) -> None:
    folder = with_rows(tmp_path, "chatters.csv", '1001,"viewer_x')
    assert "chatters.csv:3: unclosed quote: the field it opens takes in lines 4-11, read again as rows" in (
        rejected(folder)
    )
    assert "chatters.csv:10: chatter_login '24-Sep' is not a Twitch login" in "\n".join(rejected(folder))
    assert_tiny_rows_load(folder)


def test_an_unclosed_quote_in_a_description_costs_its_row_alone(tmp_path: Path) -> None:
    # The quote runs on to the next quote in the file, bravo's description, taking in bravo's first line.
    folder = with_rows(tmp_path, "streamers.csv", streamer(description='"never closed'))
    assert "streamers.csv:3: unclosed quote: the field it opens takes in line 4, read again as rows" in (
        rejected(folder)
    )
    assert "streamers.csv:7: followers 'lots' is not a whole number" in rejected(folder)
    assert_tiny_rows_load(folder)


def test_unclosed_quotes_over_many_blocks_cost_their_rows_alone(tmp_path: Path) -> None:
    # Far more lines than one read block, and quotes opened at the start of a row and of a field.
    rows = [f"1001,viewer_{i}" for i in range(30_000)]
    hostile = {7: '"1001,bad', 12_000: '1001,"bad', 12_001: '1001,"b""ad', 29_999: '1001,"bad'}
    for index, row in hostile.items():
        rows[index] = row
    folder = with_rows(tmp_path, "chatters.csv", *rows)
    content = read_folder(folder)
    reasons = {r.line: r.reason for r in content.rejections if r.file == "chatters.csv"}
    # Inserted rows start on line 3; the tiny folder's own bad row, 24-Sep, comes after them.
    assert list(reasons) == [index + 3 for index in hostile] + [30_009]
    # The quote on line 12,004 runs on to the next quote, in the last row, past the csv module's limit.
    assert reasons[12_004].startswith(f"a quoted field longer than {MAX_FIELD_CHARS:,} characters")
    chatters = {viewer for _streamer, viewer in content.links["chatters.csv"]}
    assert chatters >= {f"viewer_{i}" for i in range(30_000) if i not in hostile}
    assert not {"bad", 'b"ad'} & chatters


def test_a_huge_value_is_shortened_in_its_reason(tmp_path: Path) -> None:
    folder = with_rows(tmp_path, "chatters.csv", "1001," + "x" * 100_000)
    reason = next(r for r in rejected(folder) if r.startswith("chatters.csv:3:"))
    assert reason.endswith("... (100,000 characters) is not a Twitch login (1-25 letters, digits or _)")
    assert len(reason) < 200
