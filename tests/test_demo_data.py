"""Tests for backend.demo.world, the synthetic world behind ``twitchgraph demo-data``.

The files are checked the way a loader sees them: parsed with the csv module, row by row, against the
Twitch demo's CSV contract (restated here, so a drift in the module fails).
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from backend.demo.vocabulary import BOTS
from backend.demo.world import (
    DEFAULT_CHATTERS,
    DEFAULT_LIVE_SHARE,
    DEFAULT_SEED,
    DEFAULT_STREAMERS,
    LIVE_FOLDER,
    DemoSummary,
    write_demo_data,
)
from backend.graph import reads
from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from backend.stream.consumer import run
from backend.stream.sources import InProcessReplay
from backend.stream.writer import StreamWriter
from contracts.import_csv import HEADERS, read_folder
from tests.conftest import open_graph
from tests.loader.test_importer import graph_edges

LOGIN = re.compile(r"[A-Za-z0-9_]{1,25}")
STREAMER_LOGIN = re.compile(r"[a-z0-9_]{4,25}")
DIGITS = re.compile(r"[0-9]+")
LANGUAGE = re.compile(r"[a-z]{2}")
BOT_LOGINS = {login for login, _, _ in BOTS}
ALL_CHATTER_GARBAGE = {
    "spreadsheet_number",
    "spreadsheet_date",
    "too_long",
    "bad_char",
    "orphan_user_id",
    "duplicate",
}


@dataclass(frozen=True)
class World:
    """A generated folder, what write_demo_data said about it, and its parsed, audited rows."""

    outdir: Path
    summary: DemoSummary
    messages: list[str]
    rows: dict[str, list[list[str]]]  # data rows per file, header excluded
    problems: dict[str, Counter[str]]  # kinds of malformed rows found per file
    streamers: list[dict[str, str]]  # the valid streamer rows
    valid: dict[str, list[list[str]]]  # the valid rows of the other files


def generate(outdir: Path, **kwargs: int) -> World:
    messages: list[str] = []
    summary = write_demo_data(outdir, progress=messages.append, **kwargs)
    rows = {name: read_rows(outdir / name) for name in HEADERS}
    problems, streamers, valid = audit(rows)
    return World(outdir, summary, messages, rows, problems, streamers, valid)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = csv.reader(f)
    assert tuple(header) == HEADERS[path.name]
    return rows


def audit(rows: dict[str, list[list[str]]]) -> tuple[dict[str, Counter[str]], list[dict[str, str]], dict]:
    """Classify every row as valid or as one kind of garbage, as a strict loader would."""
    problems = {name: Counter[str]() for name in HEADERS}
    streamers: list[dict[str, str]] = []
    seen_ids: set[str] = set()
    seen_logins: set[str] = set()
    for row in rows["streamers.csv"]:
        problem = streamer_problem(row)
        record = dict(zip(HEADERS["streamers.csv"], row, strict=False))
        if problem is None and (record["user_id"] in seen_ids or record["user_login"] in seen_logins):
            problem = "duplicate"
        if problem is not None:
            problems["streamers.csv"][problem] += 1
            continue
        seen_ids.add(record["user_id"])
        seen_logins.add(record["user_login"])
        streamers.append(record)
    valid: dict[str, list[list[str]]] = {}
    for name in ("teams.csv", "vips.csv", "moderators.csv", "chatters.csv"):
        valid[name] = []
        seen: set[tuple[str, ...]] = set()
        for row in rows[name]:
            problem = edge_problem(row, seen_ids, is_team=name == "teams.csv")
            if problem is None and tuple(row) in seen:
                problem = "duplicate"
            if problem is not None:
                problems[name][problem] += 1
                continue
            seen.add(tuple(row))
            valid[name].append(row)
    return problems, streamers, valid


def streamer_problem(row: list[str]) -> str | None:
    if len(row) != len(HEADERS["streamers.csv"]):
        return "column_count"
    stream_id, user_id, login, name, _game, language, thumbnail, followers, _desc, views, created = row
    if not DIGITS.fullmatch(followers):
        return "bad_followers"
    checks = {
        "id": DIGITS.fullmatch(stream_id),
        "user_id": DIGITS.fullmatch(user_id),
        "login": STREAMER_LOGIN.fullmatch(login),
        "name": name.strip(),
        "language": LANGUAGE.fullmatch(language),
        "thumbnail": thumbnail
        == f"https://static-cdn.jtvnw.net/previews-ttv/live_user_{login}-{{width}}x{{height}}.jpg",
        "view_count": DIGITS.fullmatch(views),
        "created_at": parses_timestamp(created),
    }
    return next((f"bad_{field}" for field, ok in checks.items() if not ok), None)


def parses_timestamp(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f")
    except ValueError:
        return False
    return True


def edge_problem(row: list[str], streamer_ids: set[str], *, is_team: bool) -> str | None:
    if len(row) != 2:
        return "column_count"
    user_id, second = row
    if user_id not in streamer_ids:
        return "orphan_user_id"
    if is_team:
        return None if second.strip() else "bad_team"
    if LOGIN.fullmatch(second):
        return None
    if re.fullmatch(r"\d\.\d\dE\+\d+", second):
        return "spreadsheet_number"
    if re.fullmatch(r"\d{1,2}-[A-Z][a-z]{2}", second):
        return "spreadsheet_date"
    if len(second) > 25:
        return "too_long"
    return "bad_char" if ("-" in second or " " in second) else "bad_login"


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    # A subfolder that does not exist yet: write_demo_data must create it.
    return generate(
        tmp_path_factory.mktemp("demo") / "nested" / "world", streamers=400, chatters=20_000, seed=7
    )


def test_write_demo_data_writes_exactly_the_five_files(world: World) -> None:
    assert sorted(p.name for p in world.outdir.iterdir()) == sorted(HEADERS)


def test_write_demo_data_headers_match_contract(world: World) -> None:
    for name, header in HEADERS.items():
        first_line = (world.outdir / name).read_bytes().split(b"\r\n", 1)[0]
        assert first_line.decode("utf-8") == ",".join(header)


def test_summary_counts_the_rows_written(world: World) -> None:
    assert dict(world.summary.rows) == {name: len(rows) for name, rows in world.rows.items()}
    assert world.summary.total_rows == sum(len(rows) for rows in world.rows.values())
    assert world.summary.outdir == world.outdir
    assert all(name in str(world.summary) for name in HEADERS)


def test_every_row_has_the_header_width(world: World) -> None:
    for name, rows in world.rows.items():
        assert {len(row) for row in rows} == {len(HEADERS[name])}, name


def test_pandas_reads_the_same_rows_as_the_csv_module(world: World) -> None:
    # Quoted commas, quotes and newlines in descriptions must survive any RFC 4180 reader.
    for name, rows in world.rows.items():
        frame = pd.read_csv(world.outdir / name, dtype=str, keep_default_na=False)
        assert tuple(frame.columns) == HEADERS[name]
        assert frame.to_numpy().tolist() == rows


def test_descriptions_need_rfc4180_quoting(world: World) -> None:
    descriptions = [row[8] for row in world.rows["streamers.csv"]]
    assert any("\n" in d for d in descriptions)
    assert any('"' in d for d in descriptions)
    assert any("," in d for d in descriptions)
    assert any(d == "" for d in descriptions)
    assert b'""' in (world.outdir / "streamers.csv").read_bytes()


def test_only_the_planted_rows_are_malformed(world: World) -> None:
    found = {name: sum(kinds.values()) for name, kinds in world.problems.items()}
    assert found == dict(world.summary.malformed)
    assert 0 < sum(found.values()) < 0.01 * world.summary.total_rows


def test_every_kind_of_garbage_is_planted(world: World) -> None:
    assert set(world.problems["chatters.csv"]) == ALL_CHATTER_GARBAGE
    assert set(world.problems["streamers.csv"]) == {"bad_followers", "duplicate"}
    for name in ("teams.csv", "vips.csv", "moderators.csv"):
        assert {"orphan_user_id", "duplicate"} <= set(world.problems[name]), name


def test_small_world_still_plants_several_kinds(tmp_path: Path) -> None:
    small = generate(tmp_path, streamers=50, chatters=2_000, seed=1)
    kinds = {kind for problems in small.problems.values() for kind in problems}
    assert len(kinds) >= 4
    assert {name: sum(p.values()) for name, p in small.problems.items()} == dict(small.summary.malformed)


@pytest.mark.parametrize(("streamers", "chatters"), [(5, 20), (1, 0), (2, 3)])
def test_tiny_world_is_valid(tmp_path: Path, streamers: int, chatters: int) -> None:
    tiny = generate(tmp_path, streamers=streamers, chatters=chatters, seed=0)
    assert {name: sum(p.values()) for name, p in tiny.problems.items()} == dict(tiny.summary.malformed)
    assert len(tiny.streamers) == streamers


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    write_demo_data(tmp_path / "a", streamers=80, chatters=3_000, seed=3)
    write_demo_data(tmp_path / "b", streamers=80, chatters=3_000, seed=3)
    for name in HEADERS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_different_seed_gives_different_world(tmp_path: Path) -> None:
    write_demo_data(tmp_path / "a", streamers=80, chatters=3_000, seed=3)
    write_demo_data(tmp_path / "b", streamers=80, chatters=3_000, seed=4)
    for name in ("streamers.csv", "chatters.csv"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes(), name


def test_streamer_ids_and_logins_are_unique(world: World) -> None:
    ids = [s["user_id"] for s in world.streamers]
    logins = [s["user_login"].lower() for s in world.streamers]
    assert len(set(ids)) == len(ids) == len(set(logins))
    assert len(world.streamers) == 400


def test_followers_are_heavy_tailed_and_views_follow(world: World) -> None:
    followers = np.array([int(s["followers"]) for s in world.streamers], dtype=float)
    views = np.array([int(s["view_count"]) for s in world.streamers], dtype=float)
    top = np.sort(followers)[::-1][: max(1, len(followers) // 100)]
    assert top.sum() / followers.sum() > 0.15  # lognormal sigma 2 gives ~1/3; a uniform world ~1/100
    assert np.median(followers) < followers.mean() / 3
    rank_correlation = np.corrcoef(followers.argsort().argsort(), views.argsort().argsort())[0, 1]
    assert rank_correlation > 0.6


def test_languages_and_games_look_like_twitch(world: World) -> None:
    languages = Counter(s["language"] for s in world.streamers)
    games = Counter(s["game_name"] for s in world.streamers)
    assert languages.most_common(1)[0][0] == "en"
    assert len(languages) >= 10
    assert games.most_common(1)[0][0] == "Just Chatting"
    assert len(games) >= 30
    assert 0 < games[""] < 0.1 * len(world.streamers)


def test_non_ascii_display_names_exist(world: World) -> None:
    names = {s["user_login"]: s["user_name"] for s in world.streamers}
    local = [name for name in names.values() if not name.isascii()]
    assert local
    assert any("\uac00" <= ch <= "\ud7a3" for name in local for ch in name)  # Hangul
    # Every ASCII display name is its login with some capitalisation.
    assert all(name.lower() == login for login, name in names.items() if name.isascii())


def test_bots_moderate_many_channels(world: World) -> None:
    assert {"nightbot", "streamelements", "moobot", "fossabot", "streamlabs", "soundalerts"} <= BOT_LOGINS
    moderated = Counter(login for _, login in world.valid["moderators.csv"])
    assert moderated["nightbot"] > 0.2 * len(world.streamers)
    assert moderated["streamelements"] > 0.2 * len(world.streamers)
    assert moderated.most_common(1)[0][0] in BOT_LOGINS


def test_human_moderators_and_vips_mostly_chat_in_their_channel(world: World) -> None:
    chat = {tuple(row) for row in world.valid["chatters.csv"]}
    for name in ("moderators.csv", "vips.csv"):
        humans = [tuple(row) for row in world.valid[name] if row[1] not in BOT_LOGINS]
        per_channel = len(humans) / len(world.streamers)
        assert 1 <= per_channel <= 8, name
        assert sum(row in chat for row in humans) > 0.6 * len(humans), name


def test_nobody_is_both_moderator_and_vip_of_a_channel(world: World) -> None:
    mods = {tuple(row) for row in world.valid["moderators.csv"]}
    assert not mods & {tuple(row) for row in world.valid["vips.csv"]}


def test_some_streamers_chat_moderate_and_hold_vip_elsewhere(world: World) -> None:
    by_id = {s["user_id"]: s["user_login"] for s in world.streamers}
    for name in ("chatters.csv", "moderators.csv", "vips.csv"):
        visits = [(by_id[uid], login) for uid, login in world.valid[name] if login in by_id.values()]
        assert visits, name
        assert all(channel != login for channel, login in visits), name


def test_chatter_rows_are_about_three_per_chatter(world: World) -> None:
    chatters = 20_000
    logins = {login for _, login in world.valid["chatters.csv"]}
    # Every viewer account chats somewhere; streamers and bots chat on top of them.
    assert len(logins - {s["user_login"] for s in world.streamers} - BOT_LOGINS) == chatters
    assert 2.0 * chatters <= len(world.valid["chatters.csv"]) <= 4.5 * chatters
    per_chatter = np.array(list(Counter(login for _, login in world.valid["chatters.csv"]).values()))
    assert np.median(per_chatter) <= 2
    assert per_chatter.max() >= 30


def test_audiences_cluster_by_language(world: World) -> None:
    # Community detection needs structure: a chatter's channels mostly share a language. Compare with the
    # same rows after shuffling which channel each row points at.
    language = {s["user_id"]: s["language"] for s in world.streamers}
    rows = world.valid["chatters.csv"]
    channels = [uid for uid, _ in rows]
    shuffled = list(np.random.default_rng(0).permutation(channels))
    assert (
        modal_language_share(rows, language)
        > modal_language_share(
            [(uid, login) for uid, (_, login) in zip(shuffled, rows, strict=True)], language
        )
        + 0.1
    )


def modal_language_share(rows: list, language: dict[str, str]) -> float:
    by_chatter: dict[str, Counter[str]] = {}
    for uid, login in rows:
        by_chatter.setdefault(login, Counter())[language[uid]] += 1
    multi = [c for c in by_chatter.values() if c.total() >= 2]
    return sum(c.most_common(1)[0][1] for c in multi) / sum(c.total() for c in multi)


def test_bigger_channels_have_more_chatters(world: World) -> None:
    chatters = Counter(uid for uid, _ in world.valid["chatters.csv"])
    ranked = sorted(world.streamers, key=lambda s: int(s["followers"]), reverse=True)
    top = [chatters[s["user_id"]] for s in ranked[:40]]
    bottom = [chatters[s["user_id"]] for s in ranked[-40:]]
    assert np.mean(top) > 5 * np.mean(bottom)


def test_teams_are_mostly_single_language(world: World) -> None:
    language = {s["user_id"]: s["language"] for s in world.streamers}
    members: dict[str, list[str]] = {}
    for uid, team in world.valid["teams.csv"]:
        members.setdefault(team, []).append(language[uid])
    in_teams = {uid for uid, _ in world.valid["teams.csv"]}
    assert 0.08 <= len(in_teams) / len(world.streamers) <= 0.25
    sizes = sorted((len(m) for m in members.values()), reverse=True)
    assert sizes[0] >= 3 * np.median(sizes)
    big = [Counter(m).most_common(1)[0][1] / len(m) for m in members.values() if len(m) >= 3]
    assert np.mean(big) > 0.75


def test_progress_reports_every_file(world: World) -> None:
    for name in HEADERS:
        assert any(name in message for message in world.messages), name


def test_defaults_are_the_documented_world() -> None:
    assert (DEFAULT_STREAMERS, DEFAULT_CHATTERS, DEFAULT_SEED) == (1000, 50_000, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"streamers": 0}, "streamers must be at least 1"),
        ({"streamers": -5}, "streamers must be at least 1"),
        ({"chatters": -1}, "chatters must be 0 or more"),
        ({"streamers": 2.5}, "streamers must be an integer"),
        ({"seed": -1}, "seed must be 0 or more"),
        ({"live_share": 1.5}, "live_share must be between 0 and 1"),
        ({"live_share": -0.1}, "live_share must be between 0 and 1"),
    ],
)
def test_invalid_arguments_raise_value_error(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_demo_data(tmp_path / "never", **kwargs)
    assert not (tmp_path / "never").exists()


# --- the live share: rows held back for `serve --replay DIR/live` -----------------------------------------

LIVE_WORLD = {"streamers": 80, "chatters": 3_000, "seed": 3}


def live_rows(outdir: Path) -> list[list[str]]:
    return read_rows(outdir / LIVE_FOLDER / "chatters.csv")


def test_live_share_moves_valid_chatter_rows_out_of_the_folder(tmp_path: Path) -> None:
    whole = generate(tmp_path / "whole", **LIVE_WORLD)
    split = generate(tmp_path / "split", live_share=0.2, **LIVE_WORLD)
    live = live_rows(split.outdir)
    assert split.summary.live_rows == len(live) == round(0.2 * len(whole.valid["chatters.csv"]))
    assert any(LIVE_FOLDER in message for message in split.messages)
    assert f"{LIVE_FOLDER}/chatters.csv" in str(split.summary)
    # Every held-back row is a clean row of the whole world, in chatters.csv no more, and nothing is lost.
    kept = {tuple(row) for row in split.valid["chatters.csv"]}
    held = {tuple(row) for row in live}
    assert len(held) == len(live)
    assert not kept & held
    assert kept | held == {tuple(row) for row in whole.valid["chatters.csv"]}
    assert audit({**split.rows, "chatters.csv": live})[0]["chatters.csv"] == Counter()
    # The other files, and the planted garbage's share, are those of the whole world.
    for name in ("streamers.csv", "teams.csv", "vips.csv", "moderators.csv"):
        assert (split.outdir / name).read_bytes() == (whole.outdir / name).read_bytes(), name
    assert set(split.problems["chatters.csv"]) == ALL_CHATTER_GARBAGE


def test_live_rows_are_shuffled_across_channels(tmp_path: Path) -> None:
    # Grouped by channel, as chatters.csv is, a replay would move one channel at a time.
    write_demo_data(tmp_path, live_share=0.2, **LIVE_WORLD)
    channels = [user_id for user_id, _ in live_rows(tmp_path)]
    runs = 1 + sum(a != b for a, b in pairwise(channels))
    assert runs > 5 * len(set(channels))


def test_same_seed_holds_back_the_same_rows(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write_demo_data(tmp_path / name, live_share=0.2, **LIVE_WORLD)
    write_demo_data(tmp_path / "c", live_share=0.2, **{**LIVE_WORLD, "seed": 4})
    live = [(tmp_path / name / LIVE_FOLDER / "chatters.csv").read_bytes() for name in ("a", "b", "c")]
    assert live[0] == live[1] != live[2]
    assert (tmp_path / "a" / "chatters.csv").read_bytes() == (tmp_path / "b" / "chatters.csv").read_bytes()


def test_no_live_share_writes_no_live_folder_and_removes_a_former_one(tmp_path: Path) -> None:
    write_demo_data(tmp_path, live_share=0.2, **LIVE_WORLD)
    assert (tmp_path / LIVE_FOLDER / "chatters.csv").is_file()
    summary = write_demo_data(tmp_path, **LIVE_WORLD)
    assert summary.live_rows == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(HEADERS)


def test_the_demo_data_command_holds_back_a_share_by_default() -> None:
    from cli.graph import demo_data_command

    default = next(p.default for p in demo_data_command.params if p.name == "live_share")
    assert default == DEFAULT_LIVE_SHARE
    assert 0 < DEFAULT_LIVE_SHARE < 0.5


def test_loading_the_folder_ignores_its_live_subfolder(tmp_path: Path) -> None:
    write_demo_data(tmp_path, live_share=0.2, **LIVE_WORLD)
    loaded = read_folder(tmp_path)
    logins = {s.user_id: s.login for s in loaded.streamers}
    held = {(logins[user_id], login) for user_id, login in live_rows(tmp_path)}
    assert held
    assert not held & set(loaded.links["chatters.csv"])


def test_folder_then_live_replay_is_the_whole_world(
    tmp_path: Path, store: GraphStore, backend: dict[str, Any]
) -> None:
    whole, split = tmp_path / "whole", tmp_path / "split"
    write_demo_data(whole, **LIVE_WORLD)
    write_demo_data(split, live_share=0.2, **LIVE_WORLD)
    import_folder(store, read_folder(split))
    before = reads.count_edges(store)
    stats = run(InProcessReplay(split / LIVE_FOLDER), StreamWriter(store))  # the in-process consumer path
    assert (stats.messages, stats.dead_letters) == (len(live_rows(split)), 0)
    assert reads.count_edges(store) > before
    expected = open_graph(backend, "t_demo_whole_world")
    try:
        expected.clear()
        import_folder(expected, read_folder(whole))
        assert reads.count_nodes(store) == reads.count_nodes(expected)
        assert reads.count_edges(store) == reads.count_edges(expected)
        assert graph_edges(store) == graph_edges(expected)
    finally:
        expected.clear()
        expected.close()
