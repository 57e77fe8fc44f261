"""The twitchgraph command through click's runner, against the real embedded database."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import TINY


@pytest.fixture
def env(backend: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment a user would set for the backend under test, with a graph of this test's own."""
    name = "cli_" + re.sub(r"\W+", "_", request.node.name)[:40]
    return {**{key: str(value) for key, value in backend.items()}, "GRAPH_NAME": name}


def invoke(env: dict[str, str], *args: str):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_load_reports_rejections_and_loads_the_rest(env: dict[str, str], tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    result = invoke(env, "load", str(TINY), "--replace", "--report", str(report))
    assert result.exit_code == 0, result.output
    assert "loaded 22 rows" in result.output
    assert "rejected 5 rows; all of them are listed in" in result.output
    assert f"rejected {TINY}/vips.csv:5: vip_login '1.00E+12'" in result.output
    lines = report.read_text().splitlines()
    assert lines[0].startswith("# rejected rows of") and len(lines) == 6
    assert json.loads(invoke(env, "query", "MATCH (n) RETURN count(n) AS n").output) == {"n": 15}


def test_load_strict_fails_after_loading_valid_rows(env: dict[str, str]) -> None:
    result = invoke(env, "load", str(TINY), "--replace", "--strict")
    assert result.exit_code == 1
    assert "5 rows were rejected (--strict)" in result.output
    assert json.loads(invoke(env, "query", "MATCH ()-[r]->() RETURN count(r) AS n").output) == {"n": 25}


def test_load_twice_changes_nothing(env: dict[str, str]) -> None:
    invoke(env, "load", str(TINY), "--replace")
    count = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS edges"
    before = invoke(env, "query", count).output
    assert invoke(env, "load", str(TINY)).exit_code == 0
    assert invoke(env, "query", count).output == before


def test_load_missing_file_is_an_error_that_changes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    invoke(env, "load", str(TINY), "--replace")
    broken = tmp_path / "broken"
    shutil.copytree(TINY, broken)
    (broken / "moderators.csv").unlink()
    (broken / "chatters.csv").write_text("user_id,chatter_login\n1001,newcomer\n")
    result = invoke(env, "load", str(broken))
    assert result.exit_code == 1
    assert (
        "moderators.csv: file missing; it must exist with the header: user_id,moderator_login"
        in result.output
    )
    assert "Nothing was imported" in result.output and "Traceback" not in result.output
    found = invoke(env, "query", "MATCH (u:User {login: 'newcomer'}) RETURN count(u) AS n").output
    assert json.loads(found) == {"n": 0}


def test_query_prints_json_lines_and_takes_parameters(env: dict[str, str]) -> None:
    invoke(env, "load", str(TINY), "--replace")
    result = invoke(
        env,
        "query",
        "MATCH (s:Stream) WHERE s.followers > $min RETURN s.login AS login, "
        "s.followers AS followers ORDER BY followers DESC",
        "-p",
        "min=10000",
    )
    assert [json.loads(line) for line in result.output.splitlines()] == [
        {"login": "bravo", "followers": 90000},
        {"login": "echo", "followers": 12000},
    ]
    nodes = invoke(env, "query", "MATCH (s:Stream {login: $l}) RETURN s", "-p", "l=alpha").output
    assert json.loads(nodes)["s"]["labels"] == ["Stream", "User"]


def test_query_error_is_a_message_not_a_traceback(env: dict[str, str]) -> None:
    result = invoke(env, "query", "MATCH (n RETURN n")
    assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output


def test_a_slow_query_says_its_time_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    # A process of its own, on a server of its own: the server goes on with the statement until it stops.
    env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(tmp_path), "GRAPH_BACKEND": "falkordb"}
    slow = "UNWIND range(1, 100000000) AS x RETURN count(x) AS n"
    done = subprocess.run(
        [sys.executable, "-m", "cli", "query", "--timeout", "1", slow],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "Error: the statement did not finish within 1 s: "
        "raise the limit with --timeout SECONDS or FALKORDB_TIMEOUT_S (0: none)\n"
    )


def test_bad_configuration_is_a_message(env: dict[str, str]) -> None:
    result = invoke({**env, "GRAPH_BACKEND": "neo5j"}, "query", "RETURN 1")
    assert result.exit_code == 1 and "GRAPH_BACKEND='neo5j' is not a backend" in result.output


def test_unreachable_memgraph_says_what_it_waited_for(env: dict[str, str]) -> None:
    settings = {**env, "GRAPH_BACKEND": "memgraph", "MG_HOST": "127.0.0.1", "MG_PORT": "1", "DB_WAIT_S": "1"}
    result = invoke(settings, "query", "RETURN 1")
    assert result.exit_code == 1
    assert "Memgraph at 127.0.0.1:1 did not answer within 1 s" in result.output


def test_demo_data_same_seed_same_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = CliRunner().invoke(
            cli, ["demo-data", str(tmp_path / name), "--streamers", "30", "--chatters", "300", "--seed", "7"]
        )
        assert result.exit_code == 0, result.output
    for csv_name in ("streamers.csv", "teams.csv", "vips.csv", "moderators.csv", "chatters.csv"):
        assert (tmp_path / "a" / csv_name).read_bytes() == (tmp_path / "b" / csv_name).read_bytes()


def test_demo_data_loads(env: dict[str, str], tmp_path: Path) -> None:
    invoke(env, "demo-data", str(tmp_path / "demo"), "--streamers", "60", "--chatters", "2000")
    result = invoke(env, "load", str(tmp_path / "demo"), "--replace")
    assert result.exit_code == 0, result.output
    assert "rejected" in result.output  # the demo plants a few malformed rows on purpose
