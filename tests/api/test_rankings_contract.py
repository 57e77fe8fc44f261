"""The ranking kinds are defined twice, once per side: backend/api/rankings.py (RANKINGS, which also
generates /openapi.json's top-N paths) and frontend/src/api/rankings.js (RANKINGS, which the panels and the
fetch function read). These tests keep the two lists, and the statements behind them, the same."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from backend.api.rankings import RANKINGS
from backend.graph.reads import RANKING_STATEMENTS

FRONTEND_RANKINGS = Path(__file__).resolve().parents[2] / "frontend" / "src" / "api" / "rankings.js"
NODE_TIMEOUT_S = 60


def _frontend_rankings() -> list[dict[str, Any]]:
    """The front end's RANKINGS as Node evaluates the module (it imports nothing, so Node reads it as is)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip(
            "node not found on PATH: install Node.js to compare the front end's rankings with the API's"
        )
    script = (
        f"import({json.dumps(FRONTEND_RANKINGS.as_uri())}).then(m => console.log(JSON.stringify(m.RANKINGS)))"
    )
    finished = subprocess.run(
        [node, "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_S,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def test_the_front_end_asks_for_exactly_the_apis_ranking_routes() -> None:
    frontend = [ranking["route"] for ranking in _frontend_rankings()]
    assert len(frontend) == len(set(frontend)), f"a route listed twice: {frontend}"
    assert sorted(frontend) == sorted(RANKINGS)


def test_the_front_end_reads_the_keys_the_api_answers() -> None:
    # The body of /<route>/<n> is {names_key: [{name}], values_key: [{values_key: count}]}: a key spelt
    # differently on one side is an empty table in the browser, not an error.
    frontend = {r["route"]: (r["namesKey"], r["valuesKey"]) for r in _frontend_rankings()}
    backend = {route: (ranking.names_key, ranking.values_key) for route, ranking in RANKINGS.items()}
    assert frontend == backend


def test_every_ranking_route_has_exactly_one_statement() -> None:
    # The views name a kind; backend/graph/reads.py picks its Cypher. A kind without a statement would
    # be a 500 on the first request, and a statement without a route is dead code.
    kinds = [ranking.kind for ranking in RANKINGS.values()]
    assert len(kinds) == len(set(kinds))
    assert sorted(kinds) == sorted(RANKING_STATEMENTS)
