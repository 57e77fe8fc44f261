"""Validation of the five-CSV folder: every bad row named as file:line: reason, every good row kept."""

import shutil
from pathlib import Path

import pytest

from contracts.import_csv import HEADERS, FolderError, read_folder
from tests.conftest import TINY


def copy_tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "import"
    shutil.copytree(TINY, folder)
    return folder


def test_tiny_rejections_name_file_line_and_reason() -> None:
    folder = read_folder(TINY)
    assert [str(r) for r in folder.rejections] == [
        "streamers.csv:6: followers 'lots' is not a whole number",
        "teams.csv:6: user_id 1004 has no valid row in streamers.csv",
        "vips.csv:5: vip_login '1.00E+12' is not a Twitch login (1-25 letters, digits or _)",
        "moderators.csv:7: user_id 9999 has no valid row in streamers.csv",
        "chatters.csv:9: chatter_login '24-Sep' is not a Twitch login (1-25 letters, digits or _)",
    ]


def test_line_numbers_count_physical_lines_of_quoted_multiline_fields() -> None:
    # bravo's description spans lines 3-4, so delta's row, the fifth record, is on line 6.
    assert read_folder(TINY).rejections[0].line == 6


def test_valid_rows_are_kept_and_duplicates_collapse() -> None:
    folder = read_folder(TINY)
    assert [s.login for s in folder.streamers] == ["alpha", "bravo", "charlie", "echo"]
    assert folder.duplicates["streamers.csv"] == 1  # echo twice, identical
    assert folder.duplicates["chatters.csv"] == 1  # viewer_two and Viewer_Two are one login
    assert ("alpha", "viewer_two") in folder.links["chatters.csv"]
    assert ("bravo", "alpha") in folder.links["vips.csv"]  # a streamer is a VIP elsewhere, by login


def test_streamer_fields_are_parsed() -> None:
    bravo = read_folder(TINY).streamers[1]
    assert (bravo.user_id, bravo.name, bravo.language, bravo.followers, bravo.view_count) == (
        "1002",
        "브라보",
        "ko",
        90000,
        3000000,
    )
    assert bravo.description == 'Line one\nline two with "quotes"'
    charlie = read_folder(TINY).streamers[2]
    assert charlie.game is None and charlie.description == ""


def test_empty_team_makes_nothing_and_is_not_an_error() -> None:
    folder = read_folder(TINY)
    assert all(login != "charlie" for login, _team in folder.links["teams.csv"])
    assert not [r for r in folder.rejections if r.file == "teams.csv" and r.line == 5]


@pytest.mark.parametrize("name", list(HEADERS))
def test_missing_file_names_the_file_and_its_header(tmp_path: Path, name: str) -> None:
    folder = copy_tiny(tmp_path)
    (folder / name).unlink()
    with pytest.raises(FolderError) as caught:
        read_folder(folder)
    assert name in str(caught.value) and ",".join(HEADERS[name]) in str(caught.value)


def test_wrong_header_names_the_file_and_the_expected_header(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "vips.csv").write_text("user_id,login\n1001,someone\n")
    with pytest.raises(
        FolderError, match=r"vips\.csv: wrong header 'user_id,login'; expected: user_id,vip_login"
    ):
        read_folder(folder)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("1,abc,zulu,Zulu,,en,u,1,,1,", "user_id 'abc' is not a Twitch user id"),
        ("1,77,zu-lu,Zulu,,en,u,1,,1,", "user_login 'zu-lu' is not a Twitch login"),
        ("1,77," + "z" * 26 + ",Zulu,,en,u,1,,1,", "is not a Twitch login"),
        ("1,77,zulu,Zulu,,english,u,1,,1,", "language 'english' is not an ISO 639-1 code"),
        ("1,77,zulu,Zulu,,en,u,1,,1e3,", "view_count '1e3' is not a whole number"),
        ("1,77,zulu,Zulu,,en,u,-5,,1,", "followers '-5' is out of range"),
        ("1,77,zulu,Zulu,,en,u,1,,1,yesterday", "created_at 'yesterday' is not a date"),
        ("1,77,zulu", "expected 11 fields, found 3"),
        ("1,1001,other,Other,,en,u,1,,1,", "user_id 1001 is already defined at line 2"),
        ("1,78,alpha,Alpha2,,en,u,1,,1,", "user_login 'alpha' already belongs to user_id 1001"),
    ],
)
def test_bad_streamer_rows_are_rejected_with_reason(tmp_path: Path, row: str, reason: str) -> None:
    folder = copy_tiny(tmp_path)
    with (folder / "streamers.csv").open("a") as handle:
        handle.write(row + "\n")
    content = read_folder(folder)
    appended = [r for r in content.rejections if r.file == "streamers.csv" and r.line == 9]
    assert len(appended) == 1 and reason in appended[0].reason, content.rejections
    assert [s.login for s in content.streamers] == ["alpha", "bravo", "charlie", "echo"]


def test_invalid_utf8_costs_one_row(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    with (folder / "chatters.csv").open("ab") as handle:
        handle.write(b"1001,caf\xe9\n1001,fine_viewer\n")
    content = read_folder(folder)
    assert any(r.file == "chatters.csv" and r.line == 11 for r in content.rejections)
    assert ("alpha", "fine_viewer") in content.links["chatters.csv"]


def test_byte_order_mark_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    text = (folder / "teams.csv").read_text()
    (folder / "teams.csv").write_text("\ufeff" + text + "\n\n")
    assert read_folder(folder).links["teams.csv"] == read_folder(TINY).links["teams.csv"]
