"""memgraph/query_modules/twitchgraph_profiles.py wires the pure core: run through a tiny fake ``mgp``.

mgp exists only inside Memgraph; the fake gives the few objects the module touches (vertices by id,
out-edges with a type, properties with get/set, edge creation) and the decorators as no-ops.
"""

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backend.profiles import core

MODULE = Path(__file__).resolve().parents[2] / "memgraph" / "query_modules" / "twitchgraph_profiles.py"


class Props(dict):
    def set(self, key: str, value: Any) -> None:
        self[key] = value


class Vertex:
    def __init__(self, vid: int) -> None:
        self.id, self.properties, self.out_edges = vid, Props(), []


class Edge:
    def __init__(self, start: Vertex, end: Vertex, kind: str) -> None:
        self.type, self.to_vertex, self.properties = types.SimpleNamespace(name=kind), end, Props()
        start.out_edges.append(self)


class Graph:
    def __init__(self, count: int) -> None:
        self.vertices = {i: Vertex(i) for i in range(count)}

    def get_vertex_by_id(self, vid: int) -> Vertex:
        return self.vertices[vid]

    def create_edge(self, start: Vertex, end: Vertex, kind: Any) -> Edge:
        return Edge(start, end, kind.name)


@pytest.fixture(scope="module")
def module() -> Any:
    fake = types.ModuleType("mgp")
    fake.write_proc = lambda f: f
    fake.read_proc = lambda f: f
    fake.Record = lambda **fields: fields
    fake.EdgeType = lambda name: types.SimpleNamespace(name=name)
    fake.List = _Subscriptable()
    fake.Any = Any
    fake.ProcCtx = object
    sys.modules["mgp"] = fake
    try:
        spec = importlib.util.spec_from_file_location("twitchgraph_profiles", MODULE)
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)  # type: ignore[union-attr]
    finally:
        del sys.modules["mgp"]
    return loaded


class _Subscriptable:
    def __getitem__(self, _item: Any) -> type:
        return list


def test_update_watched_creates_then_updates_with_the_core(module: Any) -> None:
    graph = Graph(3)
    ctx = types.SimpleNamespace(graph=graph)
    assert module.update_watched(ctx, [[0, 2, 10.0]], 100, core.RECENT_ALPHA) == {"created": 1, "updated": 0}
    assert module.update_watched(ctx, [[0, 2, 10.0]], 100, core.RECENT_ALPHA) == {"created": 0, "updated": 0}
    assert module.update_watched(ctx, [[0, 2, 5.0]], 103, core.RECENT_ALPHA) == {"created": 0, "updated": 1}
    edge = graph.vertices[0].out_edges[0]
    expected = core.refresh_pairs(
        np.array([10.0]), np.array([core.RECENT_ALPHA * 10]), np.array([100]), np.array([5.0]), 103
    )
    assert edge.properties == {"minutes": 15.0, "score": pytest.approx(expected.scores[0]), "score_day": 103}


def test_update_schedules_keeps_the_stored_form_and_the_day_guard(module: Any) -> None:
    graph = Graph(1)
    ctx = types.SimpleNamespace(graph=graph)
    hours = [0.0] * 24
    hours[20] = 10.0
    assert module.update_schedules(
        ctx, [[0, hours, 10.0]], "workday", "2026-05-07", 50, core.WORKDAY_ALPHA
    ) == {"updated": 1}
    assert module.update_schedules(
        ctx, [[0, hours, 10.0]], "workday", "2026-05-07", 50, core.WORKDAY_ALPHA
    ) == {"updated": 0}
    props = graph.vertices[0].properties
    assert core.decode_hours([props["workday"]])[0][20] == pytest.approx(core.WORKDAY_ALPHA * 10)
    assert props["heatmap_dates"] == ["2026-05-07"] and props["heatmap_minutes"] == [10.0]
    assert props["profile_day"] == "2026-05-07" and props["workday_n"] == 50
