"""The close after a load: the load ends with a save, so the server's shutdown does not save the same graph
again (a second save of a big graph doubled the end of ``twitchgraph load``); writes made after the last
save are still saved."""

from pathlib import Path

from backend.graph.falkordb import FalkorStore
from backend.graph.falkordb_server import DB_FILENAME
from backend.loader.importer import import_folder
from contracts.import_csv import read_folder
from tests.conftest import TINY

COUNT = "MATCH (n) RETURN count(n)"


def saved_file(folder: Path) -> tuple[int, int]:
    """The database file's identity and time: a save writes a new file and renames it over the old."""
    status = (folder / DB_FILENAME).stat()
    return status.st_ino, status.st_mtime_ns


def test_closing_after_a_load_keeps_the_saved_file_and_the_data(tmp_path: Path) -> None:
    store = FalkorStore.open(tmp_path, "g")
    import_folder(store, read_folder(TINY))
    nodes = store.ro_query(COUNT).single_value()
    after_load = saved_file(tmp_path)
    store.close()  # the last owner: the server stops
    assert saved_file(tmp_path) == after_load
    reopened = FalkorStore.open(tmp_path, "g")
    try:
        assert reopened.ro_query(COUNT).single_value() == nodes == 15
    finally:
        reopened.close()


def test_writes_after_the_last_save_are_saved_at_close(tmp_path: Path) -> None:
    store = FalkorStore.open(tmp_path, "g")
    import_folder(store, read_folder(TINY))
    store.query("CREATE (:User {login: 'late'})")
    store.close()
    reopened = FalkorStore.open(tmp_path, "g")
    try:
        assert reopened.ro_query("MATCH (u:User {login: 'late'}) RETURN count(u)").single_value() == 1
        assert reopened.ro_query(COUNT).single_value() == 16
    finally:
        reopened.close()
