"""Shared fixtures. Every test that takes ``backend``, ``store`` or ``client`` runs on each reachable backend:
the embedded FalkorDB always (one server for the session, one graph per test), Memgraph when one answers at
MG_HOST:MG_PORT (one database, emptied before each test).
"""

import dataclasses
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backend.app import create_app
from backend.config import load_settings
from backend.graph.backends import open_store
from backend.graph.falkordb import FalkorStore
from backend.graph.falkordb_server import REGISTRY_FILENAME
from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from contracts.import_csv import read_folder

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"
BACKENDS = ("falkordb", "memgraph")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's embedded database folder, its server kept up by one connection until the end.

    Without it, each test closing the last connection would stop the server and the next would start it.
    """
    folder = tmp_path_factory.mktemp("graph-data")
    keeper = FalkorStore.open(folder, "keeper")
    yield folder
    keeper.close()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, data_dir: Path) -> dict[str, Any]:
    """Setting overrides that select one backend; Memgraph's address comes from the environment, as in
    production."""
    if request.param == "memgraph":
        overrides: dict[str, Any] = {"GRAPH_BACKEND": "memgraph", "DB_WAIT_S": 5}
        settings = load_settings(overrides)
        if not _answers(settings.mg_host, settings.mg_port):
            pytest.skip(f"Memgraph not reachable at {settings.mg_host}:{settings.mg_port}")
        return overrides
    return {"GRAPH_BACKEND": "falkordb", "TWITCHGRAPH_DATA_DIR": str(data_dir)}


def open_graph(overrides: dict[str, Any], name: str) -> GraphStore:
    """A store on the backend the setting ``overrides`` select; on FalkorDB, the graph called ``name``."""
    settings = load_settings(overrides)
    if settings.graph_backend == "falkordb":
        return FalkorStore.open(settings.data_dir, name)
    return open_store(settings)


@pytest.fixture
def store(backend: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """An empty graph for this test alone."""
    graph = open_graph(backend, "t_" + re.sub(r"\W+", "_", request.node.nodeid)[-80:])
    graph.clear()
    yield graph
    graph.clear()
    graph.close()


@pytest.fixture(scope="session")
def tiny_app(backend: dict[str, Any]) -> Flask:
    """The API over tests/fixtures/tiny (the API tests only read; ``client`` reloads it if it changed)."""
    return create_app({"TESTING": True, **backend, "GRAPH_NAME": "api_tiny"})


_loaded_versions: dict[str, str] = {}


@pytest.fixture
def client(tiny_app: Flask) -> FlaskClient:
    graph = tiny_app.extensions["twitchgraph"].get()
    if _loaded_versions.get(graph.kind) != graph.version():  # first use, or Memgraph emptied by a store test
        graph.clear()
        import_folder(graph, read_folder(TINY))
        _loaded_versions[graph.kind] = graph.version()
    return tiny_app.test_client()


@contextmanager
def changed_settings(app: Flask, **changes: Any) -> Iterator[None]:
    """``app``'s settings with ``changes`` (field names) for the duration of a block."""
    holder = app.extensions["twitchgraph"]
    saved = holder.settings
    holder.settings = dataclasses.replace(saved, **changes)
    try:
        yield
    finally:
        holder.settings = saved


def _answers(host: str, port: int) -> bool:
    if os.environ.get("TWITCHGRAPH_SKIP_MEMGRAPH"):
        return False
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def true_within(check: Callable[[], bool], timeout_s: float) -> bool:
    """Whether ``check()`` comes true within ``timeout_s``, looking every 50 ms."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def forgotten_within(data_dir: Path, timeout_s: float) -> bool:
    """Whether the folder's embedded server is forgotten (its registry file removed) within ``timeout_s``:
    whoever stops it removes the file just after the process ends, so a test that saw the process go
    must wait for this too."""
    return true_within(lambda: not (data_dir / REGISTRY_FILENAME).exists(), timeout_s)
