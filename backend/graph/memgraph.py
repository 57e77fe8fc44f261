"""The production backend: Memgraph with MAGE, over Bolt through the official neo4j driver.

Kept thin on purpose: it cannot run on the development machines, so everything it shares with FalkorDB
lives elsewhere and is tested there; tests/graph/test_memgraph_store.py runs this module against a Bolt
stub. GQLAlchemy stays the OGM (models.py) and is not used here.
"""

import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from neo4j.graph import Node, Path, Relationship

from backend.graph import queries
from backend.graph.dialects import MEMGRAPH
from backend.graph.store import Results, StoreUnavailableError, query_error

log = logging.getLogger(__name__)

RETRY_EVERY_S = 1.0
# How long a write keeps retrying transient errors before it fails (the driver's default; it backs off
# 1 s, 2 s, 4 s... with jitter). Memgraph asks the loser of a write-write conflict to retry "when the
# conflicting transaction is finished", which can be a whole import batch later.
WRITE_RETRY_S = 30.0
# An unreachable address fails in seconds, not the driver's 30, so start-up's wait and 503s stay prompt.
CONNECT_TIMEOUT_S = 5.0
# Statements Memgraph refuses inside an explicit transaction ("Index manipulation not allowed in
# multicommand transactions", the same for constraints, snapshots and admin statements, which
# `twitchgraph query` may send): they run in auto-commit, outside the retry loop.
_AUTOCOMMIT_ONLY = re.compile(
    r"""\s*(?: (?:CREATE|DROP) \s+ (?:\w+\s+)? (?:INDEX|CONSTRAINT)  # also EDGE, TEXT... INDEX
           | CREATE \s+ SNAPSHOT | SHOW | STORAGE \s+ MODE | FREE \s+ MEMORY | ANALYZE \s+ GRAPH )\b""",
    re.IGNORECASE | re.VERBOSE,
)


class MemgraphStore:
    """A Memgraph database reached over Bolt: one neo4j driver, so one thread-safe connection pool.

    Writes are the driver's managed transactions, which retry transient errors with backoff: concurrent
    writers (stream consumer, day processing, imports) meet Memgraph's write-write conflicts, reported as
    ``Memgraph.TransientError.MemgraphError.MemgraphError`` "Cannot resolve conflicting transactions".
    Reads are auto-commit, never retried: under snapshot isolation they do not conflict, and a database
    that is down answers 503 at once rather than after the write retry budget.
    """

    kind = "memgraph"
    dialect = MEMGRAPH

    def __init__(
        self,
        host: str,
        port: int,
        username: str,
        password: str,
        encrypted: bool,
        *,
        retry_s: float = WRITE_RETRY_S,
    ) -> None:
        self._address = f"{host}:{port}"
        # bolt+ssc: TLS without checking the certificate (Memgraph's is usually self-signed), as
        # GQLAlchemy's sslmode=REQUIRE connection did before.
        scheme = "bolt+ssc" if encrypted else "bolt"
        self._driver = neo4j.GraphDatabase.driver(
            f"{scheme}://{self._address}",
            auth=(username, password) if username else None,
            max_transaction_retry_time=retry_s,
            connection_timeout=CONNECT_TIMEOUT_S,
        )

    @classmethod
    def connect(
        cls,
        *,
        host: str,
        port: int,
        username: str,
        password: str,
        encrypted: bool,
        wait_s: float,
        retry_s: float = WRITE_RETRY_S,
    ) -> "MemgraphStore":
        """Connect, waiting up to ``wait_s`` seconds for Memgraph to answer, and saying so.

        :raise StoreUnavailableError: Memgraph did not answer in time.
        """
        store = cls(host, port, username, password, encrypted, retry_s=retry_s)
        deadline = time.monotonic() + wait_s
        attempt = 0
        while True:
            attempt += 1
            try:
                store.ro_query("RETURN 1")
                return store
            except StoreUnavailableError as exc:
                if time.monotonic() >= deadline:
                    store.close()
                    raise StoreUnavailableError(
                        f"Memgraph at {host}:{port} did not answer within {wait_s:.0f} s: {exc}. "
                        "Is it running (docker compose up memgraph)? Are MG_HOST and MG_PORT right?"
                    ) from exc
                log.warning("waiting for Memgraph at %s:%s (attempt %d): %s", host, port, attempt, exc)
                time.sleep(RETRY_EVERY_S)
            except BaseException:
                store.close()
                raise

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        if _AUTOCOMMIT_ONLY.match(cypher):
            return self._session(cypher, params, lambda session: _fetch(session, cypher, params))
        return self._session(cypher, params, lambda session: session.execute_write(_fetch, cypher, params))

    def ro_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        return self._session(cypher, params, lambda session: _fetch(session, cypher, params))

    def derived_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        return self.query(cypher, params)  # version() does not count derived relationships

    def create_unique(self, label: str, prop: str) -> None:
        self.query(self.dialect.create_unique.format(label=label, prop=prop))  # type: ignore[union-attr]

    def clear(self) -> None:
        self.query("MATCH (n) DETACH DELETE n")

    def version(self) -> str:
        # Memgraph never reuses ids, so counts plus the highest ids change with any topology change.
        nodes = self.ro_query("MATCH (n) RETURN count(n) AS c, max(id(n)) AS m").first()
        edges = self.ro_query(queries.VERSIONED_EDGES).first()
        return f"{nodes}:{edges}"

    def persist(self) -> None:
        self.query("CREATE SNAPSHOT")

    def describe(self) -> str:
        return f"Memgraph at {self._address}"

    def close(self) -> None:
        self._driver.close()

    def _session(
        self, cypher: str, params: Mapping[str, Any] | None, work: Callable[[neo4j.Session], Results]
    ) -> Results:
        try:
            with self._driver.session() as session:
                return work(session)
        except (ServiceUnavailable, SessionExpired) as exc:  # also what a write's retries ended with
            raise StoreUnavailableError(f"cannot reach {self.describe()}: {exc}") from exc
        except (Neo4jError, DriverError) as exc:
            raise query_error(str(exc), cypher, params) from exc


def _fetch(
    runner: neo4j.Session | neo4j.ManagedTransaction, cypher: str, params: Mapping[str, Any] | None
) -> Results:
    """Run one statement and read all of it (a managed transaction's result dies with it)."""
    result = runner.run(cypher, dict(params or {}))
    columns = list(result.keys())
    return Results(columns, [tuple(_plain(v) for v in record.values()) for record in result])


def _plain(value: Any) -> Any:
    """The driver's graph objects as the same plain shapes FalkorStore returns.

    Ids are the integer ids Cypher's id() returns, which every Bolt version carries (``_id``: the public
    ``id`` is deprecated in favour of the textual ``element_id``).
    """
    if isinstance(value, Node):
        return {"id": value._id, "labels": sorted(value.labels), "properties": dict(value)}
    if isinstance(value, Relationship):
        start, end = value.nodes
        return {
            "id": value._id,
            "type": value.type,
            "start": start._id if start else None,
            "end": end._id if end else None,
            "properties": dict(value),
        }
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
