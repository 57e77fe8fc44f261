"""The production backend: Memgraph with MAGE, through GQLAlchemy.

Kept thin on purpose: it cannot run on the development machines, so everything it shares with FalkorDB
lives elsewhere and is tested there.
"""

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from gqlalchemy import Memgraph
from gqlalchemy.exceptions import GQLAlchemyDatabaseError, GQLAlchemyError, GQLAlchemyTimeoutError
from gqlalchemy.models import Node, Path, Relationship

from backend.graph.dialects import MEMGRAPH
from backend.graph.store import QueryError, Results, StoreUnavailableError

log = logging.getLogger(__name__)

RETRY_EVERY_S = 1.0


class MemgraphStore:
    """A Memgraph database reached over Bolt; one connection per thread (mgclient's are not shared)."""

    kind = "memgraph"
    dialect = MEMGRAPH

    def __init__(self, host: str, port: int, username: str, password: str, encrypted: bool) -> None:
        self._params = {
            "host": host,
            "port": port,
            "username": username,
            "password": password,
            "encrypted": encrypted,
        }
        self._local = threading.local()

    @classmethod
    def connect(
        cls, *, host: str, port: int, username: str, password: str, encrypted: bool, wait_s: float
    ) -> "MemgraphStore":
        """Connect, waiting up to ``wait_s`` seconds for Memgraph to answer, and saying so.

        :raise StoreUnavailableError: Memgraph did not answer in time.
        """
        store = cls(host, port, username, password, encrypted)
        deadline = time.monotonic() + wait_s
        attempt = 0
        while True:
            attempt += 1
            try:
                store.ro_query("RETURN 1")
                return store
            except StoreUnavailableError as exc:
                if time.monotonic() >= deadline:
                    raise StoreUnavailableError(
                        f"Memgraph at {host}:{port} did not answer within {wait_s:.0f} s: {exc}. "
                        "Is it running (docker compose up memgraph)? Are MG_HOST and MG_PORT right?"
                    ) from exc
                log.warning("waiting for Memgraph at %s:%s (attempt %d): %s", host, port, attempt, exc)
                time.sleep(RETRY_EVERY_S)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        try:
            rows = list(self._db().execute_and_fetch(cypher, dict(params or {})))
        except GQLAlchemyTimeoutError as exc:  # GQLAlchemy's own wait for a connection ran out
            self._local.db = None
            raise StoreUnavailableError(f"cannot connect to {self.describe()}") from exc
        except (GQLAlchemyDatabaseError, GQLAlchemyError) as exc:
            if _is_connection_error(exc):
                self._local.db = None
                raise StoreUnavailableError(f"lost the connection to {self.describe()}: {exc}") from exc
            raise QueryError(str(exc), cypher, params) from exc
        columns = list(rows[0].keys()) if rows else []
        return Results(columns, [tuple(_plain(row[c]) for c in columns) for row in rows])

    # Memgraph decides read-only-ness per transaction itself; one path keeps the layer thin.
    ro_query = query

    def create_unique(self, label: str, prop: str) -> None:
        self.query(self.dialect.create_unique.format(label=label, prop=prop))  # type: ignore[union-attr]

    def clear(self) -> None:
        self.query("MATCH (n) DETACH DELETE n")

    def version(self) -> str:
        # Memgraph never reuses ids, so counts plus the highest ids change with any topology change.
        nodes = self.query("MATCH (n) RETURN count(n) AS c, max(id(n)) AS m").first()
        edges = self.query("MATCH ()-[r]->() RETURN count(r) AS c, max(id(r)) AS m").first()
        return f"{nodes}:{edges}"

    def persist(self) -> None:
        self.query("CREATE SNAPSHOT")

    def describe(self) -> str:
        return f"Memgraph at {self._params['host']}:{self._params['port']}"

    def close(self) -> None:
        self._local.db = None

    def _db(self) -> Memgraph:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = Memgraph(**self._params)
        return db


def _is_connection_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(word in text for word in ("connect", "socket", "refused", "closed", "timed out"))


def _plain(value: Any) -> Any:
    """GQLAlchemy's objects as the same plain shapes FalkorStore returns."""
    if isinstance(value, Node):
        props = value._properties if hasattr(value, "_properties") else {}
        return {"id": value._id, "labels": sorted(value._labels), "properties": dict(props)}
    if isinstance(value, Relationship):
        props = value._properties if hasattr(value, "_properties") else {}
        return {
            "id": value._id,
            "type": value._type,
            "start": value._start_node_id,
            "end": value._end_node_id,
            "properties": dict(props),
        }
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value._nodes],
            "relationships": [_plain(r) for r in value._relationships],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
