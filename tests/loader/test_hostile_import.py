"""A folder of hostile rows through the real engine and the CLI: the database never crashes, every valid
row loads, each hostile row is named as file:line: reason, and no traceback reaches the user."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from cli import cli
from contracts.import_csv import MAX_DESCRIPTION_CHARS, MAX_FIELD_CHARS, MAX_NAME_CHARS, read_folder
from tests.loader.test_hostile_rows import streamer, with_rows

AT_LIMIT = "\U0001f600" * MAX_NAME_CHARS  # 1,024 bytes: a quarter of what crashes the engine
TINY_SIZE = (15, 25)  # nodes and relationships of the tiny folder
# file -> (row, the reason it is rejected, or None when it loads), inserted from line 3 on.
HOSTILE = {
    "streamers.csv": [
        (streamer(1077, "zulu", game="G" * 5000), "game_name longer than 256 characters"),
        (streamer(1078, "yankee", game="Ch\x00ess"), "game_name 'Ch\\x00ess' contains the control character"),
        (streamer(1079, "xray", description="a\x00b"), "description contains the control character"),
        (streamer(1080, "whiskey", game=AT_LIMIT, description="D" * 100_000), None),
    ],
    "teams.csv": [
        ("1002," + "T" * 5000, "team_name longer than 256 characters"),
        ("1002,T\x001", "team_name 'T\\x001' contains the control character '\\x00'"),
        ("1002,T\x011", "team_name 'T\\x011' contains the control character '\\x01'"),
        ("1080," + AT_LIMIT, None),
    ],
    "chatters.csv": [
        ("1001," + "x" * 200_000, f"a field longer than {MAX_FIELD_CHARS:,} characters"),
        ('1001,"viewer_x', "unclosed quote: the field it opens takes in lines 5-13, read again as rows"),
        ("1080,viewer_one", None),
    ],
}


def hostile_folder(tmp_path: Path) -> Path:
    for name, rows in HOSTILE.items():
        folder = with_rows(tmp_path, name, *(row for row, _reason in rows))
    return folder


def expected_rejections(folder: Path) -> list[str]:
    return [
        f"{folder / name}:{line}: {reason}"
        for name, rows in HOSTILE.items()
        for line, (_row, reason) in enumerate(rows, start=3)
        if reason
    ]


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("teams.csv", "1002," + "T" * 5000),  # the engine died: signal 11 in EnforceUniqueEntity
        ("teams.csv", "1002,T\x011"),  # the same
        ("streamers.csv", streamer(game="G" * 5000)),  # the same
        ("teams.csv", "1002,T\x001"),  # the import stopped: Failed to parse query parameter 'names'
        ("streamers.csv", streamer(name="Zu\x00lu")),  # the same, parameter 'rows'
        ("streamers.csv", streamer(description="a\x00b")),  # the same
    ],
    ids=[
        "long-team_name",
        "x01-team_name",
        "long-game_name",
        "nul-team_name",
        "nul-user_name",
        "nul-description",
    ],
)
def test_a_row_that_broke_the_engine_costs_that_row_alone(
    store: GraphStore, tmp_path: Path, name: str, row: str
) -> None:
    import_folder(store, read_folder(with_rows(tmp_path, name, row)))
    assert graph_size(store) == TINY_SIZE


def test_names_at_the_limit_and_cut_descriptions_reach_the_engine(store: GraphStore, tmp_path: Path) -> None:
    with_rows(tmp_path, "teams.csv", "1080," + AT_LIMIT)
    folder = with_rows(
        tmp_path, "streamers.csv", streamer(1080, "whiskey", game=AT_LIMIT, description="D" * 10**5)
    )
    import_folder(store, read_folder(folder))
    whiskey = """
    MATCH (t:Team)<-[:IS_PART_OF]-(s:Stream {login: 'whiskey'})-[:PLAYS]->(g:Game)
    RETURN t.name, g.name, size(s.description)
    """
    assert store.ro_query(whiskey).rows == [(AT_LIMIT, AT_LIMIT, MAX_DESCRIPTION_CHARS)]


def graph_size(store: GraphStore) -> tuple[int, int]:
    nodes = store.ro_query("MATCH (n) RETURN count(n)").single_value()
    return nodes, store.ro_query("MATCH ()-[r]->() RETURN count(r)").single_value()


@pytest.fixture
def env(backend: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment a user would set for the backend under test, with a graph of this test's own."""
    name = "hostile_" + re.sub(r"\W+", "_", request.node.name)[:40]
    return {**{key: str(value) for key, value in backend.items()}, "GRAPH_NAME": name}


def invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_load_names_every_hostile_row_and_loads_the_rest(env: dict[str, str], tmp_path: Path) -> None:
    folder, report = hostile_folder(tmp_path), tmp_path / "report.txt"
    result = invoke(env, "load", str(folder), "--replace", "--report", str(report))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    reported = report.read_text(encoding="utf-8")
    for rejection in expected_rejections(folder):
        assert rejection in reported
    # The tiny folder's 22 valid rows, and whiskey's row, team and chat.
    assert "loaded 25 rows" in result.output
    count = "MATCH (:User {login: 'viewer_one'})-[r:CHATTER]->() RETURN count(r) AS n"
    assert json.loads(invoke(env, "query", count).output) == {"n": 3}


def test_load_counts_the_duplicates_it_merged(env: dict[str, str], tmp_path: Path) -> None:
    # The tiny folder repeats echo's row, and viewer_two as Viewer_Two; one more repeat of a team row.
    folder = with_rows(tmp_path, "teams.csv", "1001,Knights")
    result = invoke(env, "load", str(folder), "--replace")
    assert result.exit_code == 0, result.output
    assert "; 3 duplicates merged" in result.output
