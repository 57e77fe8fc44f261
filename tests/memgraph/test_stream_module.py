"""memgraph/query_modules/twitchgraph_stream.py through the mgp API (tests/memgraph/mgp_fake.py), its
statements run on the graph backends of tests/conftest.py: the same graph as a direct load of the rows
or as the Python consumer's writer, poison dropped with its reason logged, redelivery a no-op."""

import dataclasses
import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from backend.graph import queries
from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from backend.stream.writer import StreamWriter
from contracts.import_csv import Folder, read_folder
from contracts.stream import PoisonMessage, decode
from tests.memgraph import mgp_fake

REPO = Path(__file__).resolve().parents[2]
MODULE_PATH = REPO / "memgraph" / "query_modules" / "twitchgraph_stream.py"
TINY = REPO / "tests" / "fixtures" / "tiny"
LINK_KINDS = {"vips.csv": "vip", "moderators.csv": "moderator", "chatters.csv": "chatter"}


def _load(monkeypatch: pytest.MonkeyPatch, *, with_logger: bool = True) -> ModuleType:
    """The module as Memgraph loads it: ``mgp`` importable, the file imported by path."""
    monkeypatch.setitem(sys.modules, "mgp", mgp_fake.make_module(with_logger=with_logger))
    spec = importlib.util.spec_from_file_location("twitchgraph_stream", MODULE_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return _load(monkeypatch)


def _messages(values: list[bytes | None]) -> list[mgp_fake.Message]:
    return [mgp_fake.Message(value, _offset=i) for i, value in enumerate(values)]


def _run(module: ModuleType, store: GraphStore, values: list[bytes | None]) -> list[tuple[str, dict | None]]:
    emitted = mgp_fake.run(module.chatters, _messages(values))
    for query, parameters in emitted:  # Memgraph runs them in order, in the batch's transaction
        store.query(query, parameters or {})
    return emitted


def _graph(store: GraphStore) -> tuple[list, list]:
    """The whole graph, by keys: nodes (labels, login, name, id) and edges (start, type, end)."""
    nodes = store.query("MATCH (n) RETURN labels(n) AS labels, n.login AS login, n.name AS name, n.id AS id")
    edges = store.query(
        "MATCH (a)-[r]->(b) "
        "RETURN coalesce(a.login, a.name) AS a, type(r) AS type, coalesce(b.login, b.name) AS b"
    )
    return (
        sorted((sorted(labels), login, name, node_id) for labels, login, name, node_id in nodes.rows),
        sorted(tuple(row) for row in edges.rows),
    )


def _link_messages(folder: Folder) -> list[bytes]:
    """The folder's VIP, moderator and chatter rows as stream messages (the broadcaster by its user id)."""
    ids = {streamer.login: streamer.user_id for streamer in folder.streamers}
    return [
        json.dumps({"user_id": ids[login], "chatter_login": viewer, "kind": kind}).encode()
        for name, kind in LINK_KINDS.items()
        for login, viewer in folder.links.get(name, [])
    ]


def _streamers_only(folder: Folder) -> Folder:
    links = {name: pairs for name, pairs in folder.links.items() if name not in LINK_KINDS}
    return dataclasses.replace(folder, links={**links, **{name: [] for name in LINK_KINDS}})


# --- the module as Memgraph sees it -----------------------------------------------------------------


def test_module_registers_a_transformation_memgraph_accepts(module):
    assert mgp_fake.TRANSFORMATIONS["twitchgraph_stream.chatters"] is module.chatters


def test_cypher_is_the_catalogues(module):
    assert module.STREAM_MERGE_CHANNELS == queries.STREAM_MERGE_CHANNELS
    assert module.STREAM_MERGE_EDGES == queries.STREAM_MERGE_EDGES
    # One statement per relationship type a message can name.
    from contracts.stream import KINDS

    assert set(module.STREAM_MERGE_EDGES) == set(KINDS.values())


def test_a_batch_is_a_few_unwind_statements(module):
    values = [
        json.dumps({"user_id": str(1000 + i % 7), "chatter_login": f"v{i}", "kind": kind}).encode()
        for i in range(3_000)
        for kind in ("chatter", "vip", "moderator")
    ]
    values.append(b'{"user_id":"77","chatter_login":"x","streamer_login":"newchan"}')
    emitted = mgp_fake.run(module.chatters, _messages(values))
    assert [query for query, _ in emitted] == [
        queries.STREAM_MERGE_CHANNELS,
        *queries.STREAM_MERGE_EDGES.values(),
    ]
    assert all(query.lstrip().startswith("UNWIND $rows") for query, _ in emitted)
    assert emitted[0][1] == {"rows": [{"id": "77", "login": "newchan"}]}
    assert sum(len(parameters["rows"]) for _, parameters in emitted[1:]) == 9_001


def test_an_empty_or_all_poison_batch_emits_nothing(module):
    assert mgp_fake.run(module.chatters, []) == []
    assert mgp_fake.run(module.chatters, _messages([b"nope", None])) == []


# --- on the graph ------------------------------------------------------------------------------------


def test_graph_equals_a_direct_load_of_the_same_rows(module, store):
    full = read_folder(TINY)
    import_folder(store, full)
    direct = _graph(store)
    store.clear()
    import_folder(store, _streamers_only(full))
    _run(module, store, _link_messages(full))
    assert _graph(store) == direct
    assert direct[1], "the fixture has edges"


def test_graph_equals_the_python_consumers(module, store):
    """A mixed batch (known and unknown broadcasters, new channels, kinds, repeats, poison) gives the
    graph backend/stream/writer.py gives."""
    full = read_folder(TINY)
    ids = [streamer.user_id for streamer in full.streamers]
    rng = random.Random(11)
    values: list[bytes | None] = []
    for i in range(400):
        body: dict[str, str] = {"chatter_login": f"Viewer_{rng.randrange(60)}"}
        pick = rng.random()
        body["user_id"] = rng.choice(ids) if pick < 0.7 else str(900_000 + rng.randrange(5))
        if pick >= 0.85:
            body["streamer_login"] = f"newchan_{body['user_id']}"
        if rng.random() < 0.3:
            body["kind"] = rng.choice(["vip", "moderator", "chatter"])
        values.append(json.dumps(body).encode())
        if i % 37 == 0:
            values.append(values[rng.randrange(len(values))])  # a repeat
        if i % 53 == 0:
            values.append(rng.choice([b"{", b"[]", None, b'{"user_id":"x","chatter_login":"a"}']))
    import_folder(store, _streamers_only(full))
    StreamWriter(store).write([(None, value) for value in values])
    by_writer = _graph(store)
    store.clear()
    import_folder(store, _streamers_only(full))
    _run(module, store, values)
    assert _graph(store) == by_writer
    new_channels = {login for _labels, login, *_ in by_writer[0] if login and login.startswith("newchan_")}
    assert len(new_channels) == 5, "every unknown broadcaster named by a streamer_login was created"
    assert {edge[2] for edge in by_writer[1]} >= new_channels
    assert len(by_writer[1]) > 200


def test_unknown_broadcaster_without_streamer_login_writes_nothing(module, store):
    import_folder(store, _streamers_only(read_folder(TINY)))
    before = _graph(store)
    _run(module, store, [b'{"user_id":"999999","chatter_login":"ghost"}'])
    assert _graph(store) == before


def test_redelivered_messages_change_nothing(module, store):
    full = read_folder(TINY)
    import_folder(store, _streamers_only(full))
    values = [*_link_messages(full), b'{"user_id":"424242","chatter_login":"a","streamer_login":"fresh"}']
    _run(module, store, values)
    once = _graph(store)
    _run(module, store, values)  # the whole batch again, as after a crash before the commit
    _run(module, store, values[: len(values) // 2] * 2)  # part of it, twice in one batch
    assert _graph(store) == once


def test_poison_is_dropped_with_its_reason_logged(module, store):
    poison = [b"not json", b'{"user_id":"1001"}', b'{"user_id":"1001","chatter_login":"bad login!"}', b""]
    good = b'{"user_id":"1001","chatter_login":"Good_One"}'
    import_folder(store, _streamers_only(read_folder(TINY)))
    emitted = _run(module, store, [*poison, good])
    assert [parameters["rows"] for _, parameters in emitted] == [[["1001", "good_one"]]]
    warnings = [text for level, text in mgp_fake.Logger.LINES if level == "warning"]
    assert len(warnings) == len(poison)
    for offset, (value, line) in enumerate(zip(poison, warnings, strict=True)):
        with pytest.raises(PoisonMessage) as reason:
            decode(value)
        assert f"chatters offset {offset}" in line
        assert line.endswith(str(reason.value))
    assert ("good_one", "CHATTER", "alpha") in _graph(store)[1]


def test_without_mgp_logger_poison_goes_to_stderr(monkeypatch, capsys):
    module = _load(monkeypatch, with_logger=False)
    assert mgp_fake.run(module.chatters, _messages([b"[1]"])) == []
    assert "poison message dropped (chatters offset 0): not a JSON object" in capsys.readouterr().err
