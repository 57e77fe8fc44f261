"""Batched writes shared by every writer (the importer, the day pipeline, the stream consumer).

Each statement takes a list parameter and UNWINDs it, so a round trip carries up to ``BATCH_ROWS`` rows.
Nodes are looked up once by login or name; edges then address them by internal id, which is what keeps
a million-row write fast. What may exist already is MERGEd; what a write has just created is CREATEd.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from backend.graph import queries
from backend.graph.store import GraphStore

BATCH_ROWS = 20_000  # big enough to amortise a round trip, small enough to keep each statement quick

Progress = Callable[[int], None]


def chunks(items: Iterable[Any], size: int = BATCH_ROWS) -> Iterator[list[Any]]:
    """``items`` as lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def spans(total: int, size: int = BATCH_ROWS) -> Iterator[slice]:
    """Slices of ``size`` over ``total`` rows: for numpy columns turned into rows a batch at a time, since
    Python lists of millions of rows would take more memory than the arrays."""
    for start in range(0, total, size):
        yield slice(start, start + size)


def grouped_batches(
    groups: Iterable[tuple[Any, Sequence[Any]]], size: int = BATCH_ROWS
) -> Iterator[tuple[list[Any], int]]:
    """[key, members] lists of about ``size`` members in all, big groups split; with the member count."""
    batch: list[Any] = []
    count = 0
    for key, members in groups:
        for start in range(0, len(members), size):
            part = list(members[start : start + size])
            batch.append([key, part])
            count += len(part)
            if count >= size:
                yield batch, count
                batch, count = [], 0
    if batch:
        yield batch, count


def run_batches(
    store: GraphStore, statement: str, param: str, items: Iterable[Any], advance: Progress | None = None
) -> None:
    """``statement`` once per batch of ``items``, passed as ``$param``; ``advance`` told each batch's size."""
    for batch in chunks(items):
        store.query(statement, {param: batch})
        if advance:
            advance(len(batch))


def lookup_ids(store: GraphStore, statement: str, param: str, keys: Iterable[str]) -> dict[str, Any]:
    """key -> internal id of the nodes ``statement`` finds (it returns key, id rows); missing keys absent."""
    return _ids(store.ro_query, statement, param, keys)


def user_ids(store: GraphStore, logins: Iterable[str]) -> dict[str, Any]:
    """login -> internal id of the User nodes that exist."""
    return lookup_ids(store, queries.USER_IDS, "logins", sorted(set(logins)))


def write_ids(store: GraphStore, statement: str, param: str, items: Iterable[Any]) -> dict[str, Any]:
    """key -> internal id of the nodes a writing ``statement`` returns (key, id rows), a batch at a time."""
    return _ids(store.query, statement, param, items)


def create_users(store: GraphStore, logins: Sequence[str]) -> dict[str, Any]:
    """CREATE a User node per login (the caller knows none exists) -> login -> internal id."""
    return write_ids(store, queries.CREATE_USERS, "logins", logins)


def merge_named_nodes(store: GraphStore, label: str, names: Sequence[str]) -> dict[str, Any]:
    """MERGE the ``label`` nodes (Game, Language, Team) of ``names`` -> name -> internal id."""
    run_batches(store, queries.MERGE_NAMED_NODES[label], "names", names)
    return lookup_ids(store, queries.NAMED_NODE_IDS[label], "names", names)


def ensure_users(store: GraphStore, logins: Sequence[str]) -> tuple[dict[str, Any], set[str]]:
    """login -> internal id for every login, creating the missing users; and the set created."""
    ids = user_ids(store, logins)
    missing = sorted({login for login in logins if login not in ids})
    ids.update(create_users(store, missing))
    return ids, set(missing)


def write_viewer_edges(
    store: GraphStore,
    rel_type: str,
    fresh: Mapping[Any, Sequence[Any]],
    existing: Sequence[Sequence[Any]],
    advance: Progress | None = None,
) -> None:
    """Viewer -> streamer edges of ``rel_type``: ``fresh`` maps a streamer id to viewer ids created by this
    write (their edges cannot exist: CREATE), ``existing`` holds [viewer id, streamer id] pairs to MERGE."""
    for batch, rows in grouped_batches(fresh.items()):
        store.query(queries.CREATE_EDGES_TO_STREAMER[rel_type], {"groups": batch})
        if advance:
            advance(rows)
    run_batches(store, queries.MERGE_EDGES_BY_ID[rel_type], "pairs", existing, advance)


def _ids(run: Callable[..., Any], statement: str, param: str, items: Iterable[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for batch in chunks(items):
        found.update(run(statement, {param: batch}).rows)
    return found
