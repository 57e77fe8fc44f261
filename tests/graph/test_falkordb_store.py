"""The embedded backend as users meet it: a real server, shared by processes, kept across restarts."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from backend.app import create_app
from backend.graph.falkordb import FalkorStore
from backend.graph.store import QueryError, StoreUnavailableError

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_data_survives_a_restart(tmp_path: Path) -> None:
    opened = f"from backend.graph.falkordb import FalkorStore; s = FalkorStore.open({str(tmp_path)!r}, 'g'); "
    run_python(opened + "s.query(\"CREATE (:User {login: 'kept'})\"); s.close()")
    count = run_python(
        opened + "print(s.ro_query(\"MATCH (u:User {login: 'kept'}) RETURN count(u)\").single_value())"
    )
    assert count == "1"


def test_two_processes_share_one_database(tmp_path: Path) -> None:
    mine = FalkorStore.open(tmp_path, "g")
    try:
        run_python(
            f"from backend.graph.falkordb import FalkorStore; s = FalkorStore.open({str(tmp_path)!r}, 'g'); "
            "s.query(\"CREATE (:User {login: 'from_other_process'})\")"
        )
        # The other process exited; the server stayed up for this one and shows its write.
        assert mine.ro_query("MATCH (u:User) RETURN u.login").rows == [("from_other_process",)]
    finally:
        mine.close()


def test_closing_a_store_used_by_many_threads_stops_its_server_and_keeps_the_data(tmp_path: Path) -> None:
    # The API server queries from many threads, so its pool holds many connections when it stops.
    store = FalkorStore.open(tmp_path, "g")
    pid = store._db.client.pid
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: store.query("CREATE (:User {login: $l})", {"l": f"u{i}"}), range(32)))
    store.close()
    assert not _running(pid), "the embedded server outlived its last client"
    assert _users_after_reopening(tmp_path) == 32


def test_a_process_that_exits_without_closing_still_stops_its_server(tmp_path: Path) -> None:
    # As `twitchgraph serve` ends: the store is left to the exit hooks, its pool full of connections.
    pid = run_python(
        "from concurrent.futures import ThreadPoolExecutor\n"
        f"from backend.graph.falkordb import FalkorStore; s = FalkorStore.open({str(tmp_path)!r}, 'g')\n"
        "with ThreadPoolExecutor(8) as pool:\n"
        "    list(pool.map(lambda i: s.query('CREATE (:User {login: $l})', {'l': str(i)}), range(32)))\n"
        "print(s._db.client.pid)"
    )
    assert not _running(int(pid)), "the embedded server outlived the process"
    assert _users_after_reopening(tmp_path) == 32


def _users_after_reopening(data_dir: Path) -> int:
    reopened = FalkorStore.open(data_dir, "g")
    try:
        return reopened.ro_query("MATCH (u:User) RETURN count(u)").single_value()
    finally:
        reopened.close()


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE  # PID 1 here may never reap it
    except psutil.NoSuchProcess:
        return False


def test_a_new_graph_reads_as_empty(tmp_path: Path) -> None:
    fresh = FalkorStore.open(tmp_path, "never_written")
    try:
        assert fresh.ro_query("MATCH (n) RETURN count(n)").single_value() == 0
    finally:
        fresh.close()


def test_bad_cypher_is_a_query_error_with_the_statement(store: FalkorStore) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("MATCH (n RETURN n")
    assert caught.value.cypher == "MATCH (n RETURN n"
    assert "errCtx" not in str(caught.value)


def test_parameters_are_values_never_query_text(store: FalkorStore) -> None:
    hostile = "x'}) DETACH DELETE n RETURN ('"
    store.query("CREATE (:User {login: $login})", {"login": hostile})
    assert store.ro_query("MATCH (u:User) RETURN u.login").rows == [(hostile,)]


def test_version_changes_with_topology_only(store: FalkorStore) -> None:
    start = store.version()
    store.query("MERGE (:User {login: 'a'})")
    created = store.version()
    store.query("MERGE (:User {login: 'a'})")  # found, not created
    assert store.version() == created != start


def test_stopped_database_gives_503_and_health_says_unreachable(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "TWITCHGRAPH_DATA_DIR": str(tmp_path), "GRAPH_NAME": "g"})
    client = app.test_client()
    assert client.get("/health").status_code == 200
    store = app.extensions["twitchgraph"].get()
    with pytest.raises(StoreUnavailableError):  # the server goes away under the app
        store._call("SHUTDOWN", "NOSAVE")
    response = client.get("/nodes")
    assert response.status_code == 503
    assert "graph database is unavailable" in response.get_json()["error"]
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["reachable"] is False


def test_unwritable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailableError, match="cannot create the data folder"):
        FalkorStore.open(blocker / "data")
