"""MemgraphStore over real Bolt, against tests/graph/bolt_stub.py (no Memgraph runs here).

Covers what the stub can show faithfully: retries of Memgraph's write conflicts through the driver's
managed transactions, errors that are not retried, auto-commit where Memgraph demands it, the mapping of
failures to StoreUnavailableError and QueryError, and the plain shapes of nodes and relationships.
"""

import socket
import time
from typing import Any

import pytest

from backend.graph.memgraph import MemgraphStore
from backend.graph.store import QueryError, StoreUnavailableError
from tests.graph.bolt_stub import CLIENT_ERROR, BoltStub, Fault, node, relationship

WRITE = "MERGE (u:User {login: $login}) RETURN u.login AS login"


def login_of(query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    return ["login"], [[params.get("login")]]


def open_store(stub: BoltStub, retry_s: float = 10.0, username: str = "") -> MemgraphStore:
    return MemgraphStore.connect(
        host="127.0.0.1",
        port=stub.port,
        username=username,
        password="secret" if username else "",
        encrypted=False,
        wait_s=0,
        retry_s=retry_s,
    )


@pytest.fixture
def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]  # nothing listens there once the block ends


@pytest.mark.parametrize("at", ["RUN", "PULL", "COMMIT"])
def test_a_write_conflict_is_retried_until_it_succeeds(at: str) -> None:
    # Memgraph reports a write-write conflict while running the statement or at commit.
    with BoltStub(answer=login_of, fault=Fault(at=at, times=2)) as stub:
        store = open_store(stub)
        try:
            results = store.query(WRITE, {"login": "ana"})
        finally:
            store.close()
    assert (results.columns, results.rows) == (["login"], [("ana",)])
    assert (stub.transactions, stub.commits) == (3, 1)  # two conflicts, then the attempt that commits
    assert [run.params for run in stub.runs if run.in_transaction] == [{"login": "ana"}] * 3
    assert stub.versions and set(stub.versions) == {(5, 2)}  # what the driver and Memgraph agree on


def test_an_error_that_is_not_transient_is_not_retried() -> None:
    syntax = Fault(at="RUN", times=1, code=CLIENT_ERROR, message="line 1:1 mismatched input 'MERGEE'")
    with BoltStub(fault=syntax) as stub:
        store = open_store(stub)
        try:
            with pytest.raises(QueryError, match="mismatched input") as error:
                store.query("MERGEE (u:User {login: $login})", {"login": "ana"})
        finally:
            store.close()
    assert stub.transactions == 1  # a second attempt would have succeeded
    assert (error.value.cypher, error.value.params) == ("MERGEE (u:User {login: $login})", {"login": "ana"})


def test_a_conflict_that_outlasts_the_retry_budget_becomes_a_query_error() -> None:
    with BoltStub(fault=Fault(at="PULL", times=1000)) as stub:
        store = open_store(stub, retry_s=0.5)
        started = time.monotonic()
        try:
            with pytest.raises(QueryError, match="Cannot resolve conflicting transactions"):
                store.query(WRITE, {"login": "ana"})
        finally:
            store.close()
    assert stub.transactions == 2  # the first failure starts the clock; one retry, ~1 s later, ends it
    assert time.monotonic() - started < 5


def test_reads_and_the_statements_memgraph_refuses_in_a_transaction_run_in_auto_commit() -> None:
    # The stub, like Memgraph, fails index, constraint and snapshot statements inside BEGIN ... COMMIT.
    with BoltStub() as stub:
        store = open_store(stub)
        try:
            store.query("CREATE INDEX ON :User(login)")
            store.create_unique("User", "login")
            store.persist()
            store.query("SHOW INDEX INFO")
            store.ro_query("MATCH (u:User) RETURN count(u) AS n")
            store.version()
        finally:
            store.close()
    assert stub.transactions == 0
    assert [run.query for run in stub.runs][1:5] == [
        "CREATE INDEX ON :User(login)",
        "CREATE CONSTRAINT ON (n:User) ASSERT n.login IS UNIQUE",
        "CREATE SNAPSHOT",
        "SHOW INDEX INFO",
    ]
    assert not any(run.in_transaction for run in stub.runs)


def test_nodes_relationships_and_empty_results_come_back_as_plain_values() -> None:
    def graph(query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        if "nothing" in query:
            return ["s"], []
        stream = node(7, ["Stream", "User"], {"name": "ana", "followers": 2**40})
        game = node(9, ["Game"], {"name": "Chess"})
        return ["s", "r", "g", "n"], [[stream, relationship(11, 7, 9, "PLAYS", {}), game, None]]

    with BoltStub(answer=graph) as stub:
        store = open_store(stub)
        try:
            row = store.ro_query("MATCH (s:Stream)-[r:PLAYS]->(g:Game) RETURN s, r, g, null AS n").dicts()
            empty = store.query("MATCH (s:Stream {name: 'nothing'}) RETURN s")
        finally:
            store.close()
    assert row == [
        {
            "s": {"id": 7, "labels": ["Stream", "User"], "properties": {"name": "ana", "followers": 2**40}},
            "r": {"id": 11, "type": "PLAYS", "start": 7, "end": 9, "properties": {}},
            "g": {"id": 9, "labels": ["Game"], "properties": {"name": "Chess"}},
            "n": None,
        }
    ]
    assert (empty.columns, empty.rows) == (["s"], [])


def test_credentials_are_sent_only_when_a_username_is_set() -> None:
    with BoltStub() as stub:
        for username in ("", "operator"):
            open_store(stub, username=username).close()
    # Without a scheme, Memgraph authenticates as scheme "none" (no users configured).
    assert stub.logons == [{}, {"scheme": "basic", "principal": "operator"}]


def test_a_closed_port_is_store_unavailable(closed_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=f"127.0.0.1:{closed_port} did not answer"):
        MemgraphStore.connect(
            host="127.0.0.1", port=closed_port, username="", password="", encrypted=False, wait_s=0
        )
    store = MemgraphStore("127.0.0.1", closed_port, "", "", False, retry_s=0.5)
    try:
        with pytest.raises(StoreUnavailableError):
            store.ro_query("RETURN 1")
        with pytest.raises(StoreUnavailableError):  # a write retries, then gives up
            store.query(WRITE, {"login": "ana"})
    finally:
        store.close()
    assert time.monotonic() - started < 10
