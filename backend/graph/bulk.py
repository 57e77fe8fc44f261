"""FalkorDB's GRAPH.BULK wire format: nodes and edges encoded as the binary blobs that build a new graph.

GRAPH.BULK builds a graph that does not exist yet in one pass, with no Cypher parsing, no MERGE lookups and
no per-row index updates: what ``falkordb-bulk-loader`` sends after reading its CSV files. The encoding is
done here from rows the contract has already validated, so the types are ours rather than guessed from
CSV text (a Twitch user id stays a string).

A blob holds one label set (``"Stream:User"``) or one relationship type: a header (name, property count,
property names, each NUL-terminated), then each entity's properties as a type byte and a value. Node ids
are given by the server in creation order, from 0; edges name their endpoints by those ids.
"""

import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# The server's type bytes (bulk_insert.c: BI_NULL, BI_BOOL, BI_DOUBLE, BI_STRING, BI_LONG).
NULL, STRING, LONG = b"\x00", b"\x03", b"\x04"
# Entities per blob, and so per GRAPH.BULK command: each command stays far below Redis's 512 MB argument
# limit and quick enough for the store's statement time limit.
BLOB_ENTITIES = 100_000
EDGE_DTYPE = np.dtype("<u8")


@dataclass(frozen=True)
class Blob:
    """One GRAPH.BULK token: ``count`` nodes (or edges, when ``edges``) encoded in ``data``."""

    data: bytes
    count: int
    edges: bool


def node_blobs(labels: Sequence[str], props: Sequence[str], rows: Sequence[Sequence[Any]]) -> Iterator[Blob]:
    """Blobs of nodes carrying all of ``labels``, one per row; a row's values are in ``props`` order.

    Values are str, int or None (no property, as a Cypher SET of null leaves none).
    """
    header = _header(":".join(labels), props)
    for start in range(0, len(rows), BLOB_ENTITIES):
        part = rows[start : start + BLOB_ENTITIES]
        body = b"".join(_value(v) for row in part for v in row)
        yield Blob(header + body, len(part), edges=False)


def string_node_blobs(
    labels: Sequence[str], props: Sequence[str], rows: Sequence[Sequence[str]]
) -> Iterator[Blob]:
    """``node_blobs`` for rows of strings only (user logins, names): formatted as text and encoded once,
    several times faster than a value at a time."""
    header = _header(":".join(labels), props)
    row_format = "\x03{}\x00" * len(props)  # STRING, the value, its NUL terminator
    for start in range(0, len(rows), BLOB_ENTITIES):
        part = rows[start : start + BLOB_ENTITIES]
        text = "".join([row_format.format(*row) for row in part])
        if text.count("\x00") != len(part) * len(props):  # one of the values holds a NUL of its own
            raise ValueError("a NUL character cannot be sent through GRAPH.BULK")
        yield Blob(header + text.encode("utf-8"), len(part), edges=False)


def schema_blob(labels: Sequence[str], props: Sequence[str], *, edges: bool = False) -> Blob:
    """A blob of no entities: it only creates ``labels`` (or, for ``edges``, the one relationship type)
    and ``props`` in the graph's catalogue, in order."""
    return Blob(_header(":".join(labels), props), 0, edges=edges)


def edge_blobs(rel_type: str, sources: np.ndarray, targets: np.ndarray) -> Iterator[Blob]:
    """Blobs of property-less ``rel_type`` edges from ``sources[i]`` to ``targets[i]`` (node ids)."""
    header = _header(rel_type, ())
    for start in range(0, len(sources), BLOB_ENTITIES):
        pairs = np.empty((min(BLOB_ENTITIES, len(sources) - start), 2), dtype=EDGE_DTYPE)
        pairs[:, 0] = sources[start : start + BLOB_ENTITIES]
        pairs[:, 1] = targets[start : start + BLOB_ENTITIES]
        yield Blob(header + pairs.tobytes(), len(pairs), edges=True)


def bulk_arguments(graph: str, blob: Blob, *, first: bool) -> list[Any]:
    """The GRAPH.BULK command carrying one blob; the ``first`` of a build says BEGIN (the graph must not
    exist), the others extend the graph it began."""
    nodes, edges = (0, blob.count) if blob.edges else (blob.count, 0)
    begin = ["BEGIN"] if first else []
    return ["GRAPH.BULK", graph, *begin, nodes, edges, int(not blob.edges), int(blob.edges), blob.data]


def _header(name: str, props: Sequence[str]) -> bytes:
    return b"".join([_cstring(name), struct.pack("<I", len(props)), *(_cstring(p) for p in props)])


def _value(value: Any) -> bytes:
    if value is None:
        return NULL
    if isinstance(value, str):
        return STRING + _cstring(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return LONG + struct.pack("<q", value)
    raise TypeError(f"GRAPH.BULK values here are str, int or None, not {type(value).__name__}")


def _cstring(text: str) -> bytes:
    data = text.encode("utf-8")
    if b"\x00" in data:  # the contract rejects these rows; a NUL would shift every value after it
        raise ValueError("a NUL character cannot be sent through GRAPH.BULK")
    return data + b"\x00"
