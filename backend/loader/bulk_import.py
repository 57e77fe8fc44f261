"""Building an empty graph from a validated folder in one pass with GRAPH.BULK (embedded FalkorDB only).

The result is the MERGE path's, node for node and edge for edge: streamers as ``Stream:User`` nodes with
the properties of MERGE_STREAMS, viewers seen for the first time as ``User {login, name: login}``, one
Language, Game and Team node per name, and the same edges; then the same indexes and constraints, which
are created after the data (FalkorDB builds them in the background, and the build is waited for).
"""

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

import numpy as np

from backend.graph import queries
from backend.graph.batches import Progress
from backend.graph.bulk import Blob, edge_blobs, node_blobs, schema_blob, string_node_blobs
from backend.graph.models import label
from backend.graph.schema import INDEXES, ensure_schema
from backend.graph.store import GraphStore, StoreError
from contracts.import_csv import Folder, StreamerRow

# Stream node property -> StreamerRow field, as MERGE_STREAMS sets them.
STREAM_PROPERTIES = {
    "login": "login",
    "id": "user_id",
    "name": "name",
    "url": "url",
    "followers": "followers",
    "createdAt": "created_at",
    "totalViewCount": "view_count",
    "description": "description",
}
NAMED_EDGES = (("Language", "SPEAKS"), ("Game", "PLAYS"), ("Team", "IS_PART_OF"))
SCHEMA_WAIT_S = 600.0  # building the User.login index of millions of users takes seconds, not minutes
SCHEMA_POLL_S = 0.02
READY_STATES = {"OPERATIONAL"}

Pair = tuple[str, str]


class BulkStore(GraphStore, Protocol):
    def build_anew(self, blobs: Iterable[Blob]) -> None: ...


def can_build_anew(store: GraphStore, *, replace: bool) -> bool:
    """Whether the import may build the graph anew: the store can, and the graph is empty or is replaced."""
    if not hasattr(store, "build_anew"):
        return False
    return replace or not store.ro_query(queries.ANY_NODE).rows


def build_anew(
    store: BulkStore,
    folder: Folder,
    teams: dict[str, list[str]],
    viewers: Sequence[str],
    links: dict[str, Sequence[Pair]],
    advance: Progress,
) -> None:
    """Replace the graph by the folder's, built by GRAPH.BULK; then its indexes and constraints.

    ``teams``: streamer login -> team names; ``viewers``: every login of ``links``, which maps a viewer
    relationship type to its (streamer login, viewer login) pairs.
    """
    catalogue = list(_catalogue(store))  # read before the old graph goes
    store.build_anew(_counted(_blobs(catalogue, folder, teams, viewers, links), advance))
    ensure_schema(store)
    wait_for_schema(store)


def wait_for_schema(store: GraphStore, timeout_s: float = SCHEMA_WAIT_S) -> None:
    """Return once every index and constraint is built.

    :raise StoreError: one failed (a uniqueness constraint the data breaks), or the build took too long.
    """
    deadline = time.monotonic() + timeout_s
    while pending := _unbuilt(store):
        failed = sorted(label for label, status in pending if status == "FAILED")
        if failed:
            raise StoreError(f"the uniqueness constraints of {', '.join(failed)} failed to build")
        if time.monotonic() > deadline:
            raise StoreError(f"the indexes and constraints were still being built after {timeout_s:g} s")
        time.sleep(SCHEMA_POLL_S)


def _unbuilt(store: GraphStore) -> list[tuple[str, str]]:
    rows = [*store.ro_query(queries.INDEX_STATES).rows, *store.ro_query(queries.CONSTRAINT_STATES).rows]
    return [(label, status) for label, status in rows if status not in READY_STATES]


def _blobs(
    catalogue: list[Blob],
    folder: Folder,
    teams: dict[str, list[str]],
    viewers: Sequence[str],
    links: dict[str, Sequence[Pair]],
) -> Iterator[tuple[Blob, int]]:
    """Every node blob, then every edge blob; each with the folder rows it writes (for the progress bar)."""
    streamers = folder.streamers
    yield from ((blob, 0) for blob in catalogue)
    stream_logins = {s.login for s in streamers}
    new_viewers = [login for login in viewers if login not in stream_logins]
    ids = {login: number for number, login in enumerate([*(s.login for s in streamers), *new_viewers])}
    for blob in node_blobs(("Stream", "User"), tuple(STREAM_PROPERTIES), [_stream(s) for s in streamers]):
        yield blob, blob.count
    users = string_node_blobs(("User",), ("login", "name"), [(v, v) for v in new_viewers])
    yield from ((blob, 0) for blob in users)
    named = {
        "SPEAKS": [(s.login, s.language) for s in streamers if s.language],
        "PLAYS": [(s.login, s.game) for s in streamers if s.game],
        "IS_PART_OF": [(login, team) for login, names in teams.items() for team in names],
    }
    named_ids: dict[str, dict[str, int]] = {}
    next_id = len(ids)
    for node_label, rel_type in NAMED_EDGES:
        names = sorted({name for _login, name in named[rel_type]})
        named_ids[rel_type] = {name: next_id + i for i, name in enumerate(names)}
        next_id += len(names)
        yield from (
            (blob, 0) for blob in string_node_blobs((node_label,), ("name",), [(name,) for name in names])
        )
    for _label, rel_type in NAMED_EDGES:
        # Team rows are rows of the folder; a language or game edge comes with its streamer row.
        rows = rel_type == "IS_PART_OF"
        for blob in edge_blobs(rel_type, *_endpoints(named[rel_type], ids, named_ids[rel_type])):
            yield blob, blob.count if rows else 0
    for rel_type, pairs in links.items():
        # (streamer, viewer) links as viewer -> streamer edges.
        targets, sources = _endpoints(pairs, ids, ids)
        yield from ((blob, blob.count) for blob in edge_blobs(rel_type, sources, targets))


def _catalogue(store: GraphStore) -> Iterator[Blob]:
    """The graph's labels, property keys and relationship types as they are, then those the MERGE path
    would create (its ensure_schema, then MERGE_STREAMS), in that order: catalogue ids stay what they were,
    so a client that cached them before the build (another process's) still reads them right."""

    def ordered(statement: str, *more: str) -> list[str]:
        known = [row[0] for row in store.ro_query(statement).rows]
        return known + [name for name in dict.fromkeys(more) if name not in known]

    labels = ordered(queries.LABELS, *(label(model) for model, _prop in INDEXES), "Stream")
    keys = ordered(queries.PROPERTY_KEYS, *(prop for _model, prop in INDEXES), *STREAM_PROPERTIES)
    yield schema_blob((labels[0],), keys)
    yield from (schema_blob((name,), ()) for name in labels[1:])
    for rel_type in ordered(queries.RELATIONSHIP_TYPES_IN_USE):
        yield schema_blob((rel_type,), (), edges=True)


def _endpoints(
    pairs: Sequence[Pair], first_ids: dict[str, int], second_ids: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The node ids of each pair's first and of its second member, as two arrays."""
    if not pairs:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.uint64)
    firsts, seconds = zip(*pairs, strict=True)
    # map over a bound method: a third of the time of a generator over a million rows
    return (
        np.fromiter(map(first_ids.__getitem__, firsts), dtype=np.uint64, count=len(pairs)),
        np.fromiter(map(second_ids.__getitem__, seconds), dtype=np.uint64, count=len(pairs)),
    )


def _stream(streamer: StreamerRow) -> tuple[Any, ...]:
    return tuple(getattr(streamer, field) for field in STREAM_PROPERTIES.values())


def _counted(blobs: Iterable[tuple[Blob, int]], advance: Callable[[int], None]) -> Iterator[Blob]:
    """The blobs, telling ``advance`` each one's rows once it has been sent."""
    for blob, rows in blobs:
        yield blob
        if rows:
            advance(rows)
