"""The embedded FalkorDB's watchdog: stops the folder's server, saving, once no process uses it any more.

A client that exits cleanly stops the server itself when it is the last; this covers the ones that cannot
(killed with SIGKILL, crashed). One watchdog per data folder, started by the opener that found none running
(``falkordb_server.ensure_watchdog``), which hands it the folder's watchdog lock, already taken, as a file
descriptor. It runs in a session of its own, so a Ctrl-C or a kill of its starter's process group spares it.

    python -m backend.graph.falkordb_watchdog DATA_DIR LOCK_FD
"""

import fcntl
import logging
import sys
import time
from pathlib import Path

from backend.graph.falkordb_server import START_LOCK, exclusive, registered_server, stop_if_unused
from backend.graph.store import StoreError

log = logging.getLogger("twitchgraph.watchdog")

POLL_S = 0.5  # how long a server may outlive its last user
RETRY_S = 60.0  # after a failed save, which a full disk makes likely to fail again at once


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s watchdog %(process)d: %(message)s")
    data_dir, lock_fd = Path(argv[1]), int(argv[2])
    while True:
        time.sleep(POLL_S)
        try:
            if _look(data_dir, lock_fd):
                return 0
        except StoreError as exc:
            log.error("%s; trying again in %.0f s", exc, RETRY_S)
            time.sleep(RETRY_S)


def _look(data_dir: Path, lock_fd: int) -> bool:
    """One look at the folder; True once there is nothing left to watch, the watchdog lock released."""
    if not data_dir.is_dir():
        return True  # the folder was deleted, its server's files with it
    # With the start lock, no opener can join the server or start one while we decide.
    with exclusive(data_dir / START_LOCK):
        server = registered_server(data_dir)
        if server is not None:
            if not stop_if_unused(data_dir):
                return False
            log.info("no process used the server (pid %d) any more: saved and stopped it", server.pid)
        # Released before the start lock is, so that the next opener starts a new watchdog for its server.
        fcntl.flock(lock_fd, fcntl.LOCK_UN)
        return True


if __name__ == "__main__":
    sys.exit(main(sys.argv))
