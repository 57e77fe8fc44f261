"""One demo world: ``demo-samples`` windows are of the channels and chatters ``demo-data`` writes, day
processing keeps its Stream nodes whole, and the commands' counts add up (issue 13).

The commands run through click's runner, as a person types them; the windows are read back with the
collector's reader and checked against the world's CSVs, read with the loader's reader.
"""

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result

from backend.demo.world import LIVE_FOLDER, DemoWorld, demo_world
from cli import cli
from contracts.identity import KNOWN_BOTS
from contracts.samples import list_samples, read_sample
from tests.conftest import TINY

ROOT = Path(__file__).resolve().parents[1]
WORLD_SIZE = {"streamers": 80, "chatters": 3000, "seed": 3}
WORLD = ["--streamers", "80", "--chatters", "3000", "--seed", "3"]
START = "2026-05-08"  # a Friday, then a Saturday
SAMPLES = ["--days", "2", "--channels", "8", "--viewers", "400", "--start", START]
ZONE = {"TWITCHGRAPH_TIMEZONE": "Europe/Paris"}
SAMPLES_DAY = re.compile(
    r"^(\d{4}-\d\d-\d\d): ([\d,]+) viewers, ([\d,]+) presences for process-day; "
    r"it bans (\d+) bots and leaves out their ([\d,]+) presences$",
    re.M,
)
PROCESSED_DAY = re.compile(
    r"^(\d{4}-\d\d-\d\d): ([\d,]+) viewers, ([\d,]+) presences \(banned bots' left out\)", re.M
)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env={**ZONE, **(env or {})}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small world as `demo-data` writes it, its live share held back."""
    folder = tmp_path_factory.mktemp("world") / "demo"
    run("demo-data", str(folder), *WORLD)
    return folder


@pytest.fixture(scope="module")
def world(world_dir: Path) -> DemoWorld:
    return DemoWorld.read(world_dir)


@pytest.fixture(scope="module")
def samples(world_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Two days of windows of that world, and what the command said."""
    folder = tmp_path_factory.mktemp("samples") / "samples"
    return folder, run("demo-samples", str(folder), "--world", str(world_dir), "--seed", "3", *SAMPLES).stdout


def windows(folder: Path) -> list[dict[str, Any]]:
    return [read_sample(path) for path in list_samples(folder)]


def pairs(world: DemoWorld, name: str) -> set[tuple[str, str]]:
    return set(world.links[name])


def number(text: str) -> int:
    return int(text.replace(",", ""))


# --- one world ---------------------------------------------------------------------------------------


def test_the_generated_world_is_the_one_demo_data_writes(world: DemoWorld) -> None:
    generated = demo_world(**WORLD_SIZE)
    assert generated.logins == world.logins and generated.user_ids == world.user_ids
    assert generated.games == world.games and generated.languages == world.languages
    assert np.array_equal(generated.followers, world.followers)
    assert generated.links == world.links
    assert len(world.logins) == WORLD_SIZE["streamers"]


def test_the_world_read_from_a_folder_includes_its_live_share(world_dir: Path, world: DemoWorld) -> None:
    live = (world_dir / LIVE_FOLDER / "chatters.csv").read_text().splitlines()[1:]
    login_of = dict(zip(world.user_ids, world.logins, strict=True))
    held = {(login_of[user_id], login) for user_id, login in (line.split(",") for line in live)}
    assert held and held <= pairs(world, "chatters.csv")


def test_samples_without_world_are_those_of_the_world_demo_data_writes(
    samples: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _said = samples
    run("demo-samples", str(tmp_path), *WORLD, *SAMPLES)
    mine = {path.name: path.read_bytes() for path in list_samples(tmp_path)}
    assert mine == {path.name: path.read_bytes() for path in list_samples(folder)}
    assert len(mine) == 2 * 288


def test_windows_list_the_worlds_channels_with_their_ids_languages_and_games(
    samples: tuple[Path, str], world: DemoWorld
) -> None:
    channel = {login: i for i, login in enumerate(world.logins)}
    games: dict[str, set[str]] = {}
    for sample in windows(samples[0]):
        assert sample["language"] is None  # the top channels of all languages
        for entry in sample["channels"]:
            i = channel[entry["login"]]  # a KeyError is a channel the world does not have
            assert entry["user_id"] == world.user_ids[i]
            assert entry["language"] == world.languages[i]
            games.setdefault(entry["login"], set()).add(entry["game_name"])
    assert len(games) > 8  # the top 8 changes over the day
    for login, played in games.items():
        game = world.games[channel[login]]
        assert game in played if game else played == {""}, login


def test_viewers_chat_and_wear_badges_only_where_the_world_says(
    samples: tuple[Path, str], world: DemoWorld
) -> None:
    chat, mods, vips = (pairs(world, name) for name in ("chatters.csv", "moderators.csv", "vips.csv"))
    people = {login for _channel, login in chat}
    presences = Counter[str]()
    for sample in windows(samples[0]):
        for entry in sample["channels"]:
            c = entry["login"]
            for login in entry["chatters"]:
                assert login in KNOWN_BOTS or (c, login) in chat, (c, login)
            assert {(c, login) for login in entry["moderators"]} <= mods | {(c, bot) for bot in KNOWN_BOTS}
            assert {(c, login) for login in entry["vips"]} <= vips
            for login in entry["chatters"] + entry["lurkers"]:
                if login in KNOWN_BOTS or login.startswith("viewerbot_"):
                    continue
                assert login in people  # 400 viewers, fewer than the channels' audience: no lurker account
                presences["home" if (c, login) in chat else "visit"] += 1
    assert presences["home"] > 0.75 * presences.total()
    assert presences["visit"] > 0  # some visits as lurkers


def test_more_viewers_than_the_audience_are_lurkers_who_never_chat(
    world: DemoWorld, world_dir: Path, tmp_path: Path
) -> None:
    said = run(
        "demo-samples", str(tmp_path), "--world", str(world_dir), "--days", "1", "--channels", "8",
        "--viewers", "6000", "--start", START,
    ).stdout  # fmt: skip
    lurkers = int(re.search(r"([\d,]+) lurkers who never chat", said)[1].replace(",", ""))
    audience = int(re.search(r"([\d,]+) who chat in those channels", said)[1].replace(",", ""))
    assert audience + lurkers == 6000 and lurkers > 0
    known = {login for _channel, login in pairs(world, "chatters.csv")} | set(world.logins)
    strangers = set()
    for sample in windows(tmp_path):
        for entry in sample["channels"]:
            assert not {x for x in entry["chatters"] if x not in KNOWN_BOTS} - known
            strangers |= {x for x in entry["lurkers"] if x not in known and not x.startswith("viewerbot_")}
    assert strangers  # the lurkers watch


def test_demo_samples_takes_a_world_or_the_sizes_of_one(world_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["demo-samples", str(tmp_path / "s"), "--world", str(world_dir), "--streamers", "10"]
    )
    assert result.exit_code == 2 and "give them or --world" in result.output
    result = CliRunner().invoke(cli, ["demo-samples", str(tmp_path / "s"), "--seed", "-1"])
    assert result.exit_code == 2 and "'--seed': -1 is not in the range x>=0" in result.output
    broken = tmp_path / "broken"
    shutil.copytree(world_dir, broken)
    (broken / "chatters.csv").unlink()
    result = CliRunner().invoke(cli, ["demo-samples", str(tmp_path / "s"), "--world", str(broken)])
    assert (
        result.exit_code == 1
        and "--world:" in result.output
        and "chatters.csv: file missing" in result.output
    )
    assert "Traceback" not in result.output


# --- day processing on the world's graph ------------------------------------------------------------


@pytest.fixture
def env(backend: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment of a person running the commands, on a graph of this test's own."""
    name = "demo_" + re.sub(r"\W+", "_", request.node.name)[:40]
    return {**{key: str(value) for key, value in backend.items()}, "GRAPH_NAME": name, **ZONE}


@pytest.mark.parametrize("threshold", [10, 3])
def test_process_day_counts_what_demo_samples_said_and_keeps_streams_whole(
    env: dict[str, str], world_dir: Path, world: DemoWorld, tmp_path: Path, threshold: int
) -> None:
    # 8 channels a window: viewer bots reach 3 channels at once, never 10 (then they count as viewers).
    env = {**env, "BOT_CHANNELS_PER_WINDOW": str(threshold)}
    said = run("demo-samples", str(tmp_path), "--world", str(world_dir), *SAMPLES, env=env).stdout
    run("load", str(world_dir), "--replace", env=env)
    processed = run("process-day", str(tmp_path), "--all", env=env).stdout
    expected = {day: (number(v), number(p)) for day, v, p, _bots, _left in SAMPLES_DAY.findall(said)}
    found = {day: (number(v), number(p)) for day, v, p in PROCESSED_DAY.findall(processed)}
    assert len(expected) == 2 and found == expected

    def query(cypher: str) -> Any:
        return json.loads(run("query", cypher, env=env).stdout)

    # Banned (no node) at 3 channels at once; at 10, viewers that day processing profiles like others.
    viewer_bots = query("MATCH (u:User) WHERE u.login STARTS WITH 'viewerbot_' RETURN count(u) AS n")
    assert viewer_bots == {"n": 0 if threshold == 3 else 2}

    assert query("MATCH (s:Stream) RETURN count(s) AS n") == {"n": len(world.logins)}
    assert query("MATCH (s:Stream) WHERE NOT (s)-[:SPEAKS]->(:Language) RETURN count(s) AS n") == {"n": 0}
    sampled = {entry["login"] for sample in windows(tmp_path) for entry in sample["channels"]}
    rows = run(
        "query",
        "MATCH (s:Stream)-[:PLAYS]->(g:Game) WHERE s.login IN $logins "
        "RETURN s.login AS login, g.name AS game",
        "-p",
        f"logins={json.dumps(sorted(sampled))}",
        env=env,
    ).stdout
    plays = {row["login"]: row["game"] for row in map(json.loads, rows.splitlines())}
    assert plays == {
        login: world.games[world.logins.index(login)]
        for login in sampled
        if world.games[world.logins.index(login)]
    }


# --- the import's counts -------------------------------------------------------------------------------

DEMO_TOTAL = re.compile(
    r"^([\d,]+) rows, ([\d,]+) malformed on purpose \(load rejects ([\d,]+), merges ([\d,]+) duplicates?\); "
    r"`load .*` loads the other ([\d,]+)$",
    re.M,
)
LOAD_SUM = re.compile(
    r"^([\d,]+) data rows: ([\d,]+) loaded \+ ([\d,]+) duplicates merged \+ ([\d,]+) rejected$", re.M
)


@pytest.mark.parametrize("live_share", ["0.2", "0"])
def test_demo_data_says_what_load_will_reject_and_merge(
    env: dict[str, str], tmp_path: Path, live_share: str
) -> None:
    said = run("demo-data", str(tmp_path), *WORLD, "--live-share", live_share).stdout
    rows, malformed, rejects, merges, loads = map(number, DEMO_TOTAL.search(said).groups())
    assert rows - malformed == loads and rejects + merges == malformed and merges > 0 and rejects > 0
    per_file = re.findall(r"\.csv: ([\d,]+) rows, (none|[\d,]+) malformed", said)
    assert len(per_file) == 5 and sum(number(n) for n, _m in per_file) == rows
    assert sum(number(m) for _n, m in per_file if m != "none") == malformed
    loaded = run("load", str(tmp_path), "--replace", env=env)
    assert LOAD_SUM.search(loaded.stdout).groups() == tuple(f"{n:,}" for n in (rows, loads, merges, rejects))
    assert f"loaded {loads} rows" in loaded.stdout and f"; {merges} duplicates merged" in loaded.stdout
    assert f"rejected {rejects} rows; all of them are listed in" in loaded.output


def test_load_if_empty_leaves_a_graph_alone(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["load", str(TINY), "--replace", "--if-empty"], env=env)
    assert result.exit_code == 2 and "give one" in result.output
    run("query", "MATCH (n) DETACH DELETE n", env=env)
    assert "loaded 22 rows" in run("load", str(TINY), "--if-empty", env=env).stdout
    run("query", "MATCH (n:User {login: 'alpha'}) SET n.followers = 1", env=env)
    again = run("load", str(TINY), "--if-empty", env=env)
    assert "graph not empty: skipping the import" in again.output and "loaded" not in again.output
    followers = json.loads(
        run("query", "MATCH (n:User {login: 'alpha'}) RETURN n.followers AS f", env=env).stdout
    )
    assert followers == {"f": 1}  # not imported again


# --- make run ------------------------------------------------------------------------------------------


def test_make_run_sets_up_one_world_before_serving() -> None:
    if shutil.which("make") is None:
        pytest.skip("make not found")
    plan = subprocess.run(
        ["make", "-n", "-o", "setup", "run", "DEMO=W", "DEMO_SAMPLES=S", "DEMO_DAYS=8"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    steps = [
        "twitchgraph demo-data W",
        "twitchgraph demo-samples S.partial --world W --days 8",
        "mv S.partial S",
        "twitchgraph load W --if-empty",
        "twitchgraph process-day S --all",
        "twitchgraph serve --replay W/live",
    ]
    at = [plan.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), plan
    assert "--populate" not in plan  # loaded before the days are processed, not by serve
