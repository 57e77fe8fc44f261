"""Writing a file atomically: on disk it is whole or absent, whatever happens to the writer.

The content goes to a temporary ``.NAME.tmp-PID`` in the file's own folder and is flushed to disk; the file
then takes its name by a rename (which replaces a file of that name) or a hard link (which never does), and
the folder is flushed so that the name itself survives a crash. A killed writer leaves at most a temporary
file: its name starts with a dot, so readers skip it, and :func:`clean_temp_files` removes it.
"""

import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["TEMP_MARK", "clean_temp_files", "fsync_folder", "write_atomically"]

TEMP_MARK = ".tmp-"


def write_atomically(
    path: Path, write: Callable[[Path], None], *, replace: bool = True, mode: int = 0o666
) -> Path:
    """Give ``path`` what ``write`` puts in a temporary file beside it, atomically; returns ``path``.

    ``write`` gets the temporary file's path, created empty with ``mode`` (less the umask) so that a
    secret is never readable by others, fills it and may read it back to check it. With
    ``replace=False`` the file is hard-linked to its name, which never overwrites.

    :raise FileExistsError: ``replace`` is false and ``path`` exists (it is left untouched).
    """
    temp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode))
        write(temp)
        _fsync(temp)
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    fsync_folder(path.parent)
    return path


def fsync_folder(folder: Path) -> None:
    """Make a rename, link or unlink in ``folder`` durable: the entry itself must reach the disk."""
    _fsync(folder)


def clean_temp_files(folder: Path) -> int:
    """Remove the temporary files killed writers left in ``folder``; returns how many."""
    removed = 0
    for temp in folder.glob(f".*{TEMP_MARK}*"):
        temp.unlink(missing_ok=True)
        removed += 1
    return removed


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
