"""The profile store's folder, ``TWITCHGRAPH_DATA_DIR/profiles/<GRAPH_NAME>/``: its lock and privacy key.

It also holds the day schedules (``days/``, :mod:`backend.files.day_schedules`).
"""

import fcntl
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from contracts.files import write_atomically

__all__ = ["exclusive", "privacy_key", "profile_dir"]


def profile_dir(data_dir: Path | str, graph_name: str) -> Path:
    """The profile store's folder of the graph ``graph_name`` in the data folder ``data_dir``."""
    return Path(data_dir) / "profiles" / graph_name


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """One day processing (or erasure) at a time per profile folder, across processes.

    :raise RuntimeError: another one holds the lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"another day processing or erasure is running on {folder}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def privacy_key(folder: Path) -> bytes:
    """The secret key of the do-not-track hashes, created on first use (readable by its owner only)."""
    path = folder / "privacy.key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        with suppress(FileExistsError):  # a concurrent creator's key wins; ours is dropped
            write_atomically(path, lambda temp: temp.write_text(key), replace=False, mode=0o600)
    return bytes.fromhex(path.read_text().strip())
