"""Shared fixtures: one embedded FalkorDB server for the session, one graph per test that writes."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backend.app import create_app
from backend.graph.falkordb import FalkorStore
from backend.loader.csv_files import read_folder
from backend.loader.importer import import_folder

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("graph-data")


@pytest.fixture
def store(data_dir: Path, request: pytest.FixtureRequest) -> Iterator[FalkorStore]:
    """An empty graph of this test's own in the session's server."""
    name = "t_" + re.sub(r"\W+", "_", request.node.nodeid)[-80:]
    graph = FalkorStore.open(data_dir, name)
    graph.clear()
    yield graph
    graph.clear()


@pytest.fixture(scope="session")
def tiny_app(data_dir: Path) -> Flask:
    """The API over tests/fixtures/tiny, loaded once (the API tests only read)."""
    config = {"TWITCHGRAPH_DATA_DIR": str(data_dir), "GRAPH_NAME": "api_tiny", "GRAPH_BACKEND": "falkordb"}
    graph = FalkorStore.open(data_dir, "api_tiny")
    graph.clear()
    import_folder(graph, read_folder(TINY))
    return create_app({"TESTING": True, **config})


@pytest.fixture
def client(tiny_app: Flask) -> FlaskClient:
    return tiny_app.test_client()
