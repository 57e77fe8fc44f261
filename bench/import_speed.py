"""Benchmark the CSV import into the embedded FalkorDB: rate, phases, memory, and a per-row baseline.

Run ``python -m bench.import_speed`` from the repository root (``--quick`` for small sizes). Each figure
is printed as ``bench <name>: <value> <unit>``.

The demo-data generator writes about a million chatter rows; a child process then imports them end to
end the way ``twitchgraph load`` does (``read_folder``, then ``import_folder`` into a fresh
``FalkorStore``), so its peak RSS (``VmHWM``) is the importer's alone. A second child imports the same folder
again: the idempotent path, where every MERGE finds its match. The embedded redis-server is a
daemon, found by its working directory, which is the data folder.

A third child runs the command itself, ``python -m cli load FOLDER`` into a new data folder, timed from
start to exit: interpreter start-up, imports, validation, import, the save and the server's shutdown.

The baseline is the demo's way to load: GQLAlchemy OGM ``save()`` calls, one auto-commit statement per
node and per relationship, here as ``store.query`` calls on the same engine over a slice of the same
rows. It is timed from already validated rows, which favours the baseline.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.demo.world import write_demo_data
from backend.graph.falkordb import FalkorStore
from backend.graph.schema import ensure_schema
from backend.loader.importer import import_folder, streamer_row
from bench._output import emit, note
from bench._proc import server_status, status_mb
from contracts.import_csv import read_folder

ROOT = Path(__file__).resolve().parent.parent
GRAPH_NAME = "twitchgraph"
SEED = 1
# The goals; printed next to the measurements so a reader sees both.
GOAL_ROWS_PER_S = 100_000
GOAL_SPEEDUP = 50

# The demo's OGM save() calls, one statement each: a Stream node with its properties, a User node, and a
# relationship matched by login. Indexes exist (the OGM created them with index=True), so MERGE seeks.
PER_ROW_STREAMER = """
MERGE (s:User {login: $login})
SET s:Stream, s.id = $id, s.name = $name, s.url = $url, s.followers = $followers,
    s.createdAt = $created_at, s.totalViewCount = $view_count, s.description = $description
"""
PER_ROW_USER = "MERGE (u:User {login: $login}) ON CREATE SET u.name = $login"
PER_ROW_CHATTER = "MATCH (u:User {login: $chatter}), (s:User {login: $streamer}) MERGE (u)-[:CHATTER]->(s)"


@dataclass(frozen=True)
class Sizes:
    """Demo-data size of the bulk import, and the chatter rows the per-row baseline loads."""

    streamers: int
    chatters: int
    per_row_chatter_rows: int


# 330k chatter accounts give about a million chatter rows.
FULL = Sizes(streamers=3000, chatters=330_000, per_row_chatter_rows=5000)
QUICK = Sizes(streamers=100, chatters=3000, per_row_chatter_rows=300)


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    if args.child == "import":
        print(json.dumps(_import_child(args.folder, args.data_dir)))
        return
    if args.child == "per-row":
        print(json.dumps(_per_row_child(args.folder, args.data_dir, args.rows)))
        return
    sizes = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory(prefix="twitchgraph-bench-") as scratch:
        _bench(sizes, Path(scratch), args.quick)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    parser.add_argument("--child", choices=("import", "per-row"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _bench(sizes: Sizes, scratch: Path, quick: bool) -> None:
    folder = scratch / "csv"
    note(f"writing demo data: {sizes.streamers:,} streamers, {sizes.chatters:,} chatter accounts")
    summary = write_demo_data(folder, streamers=sizes.streamers, chatters=sizes.chatters, seed=SEED)
    emit("import_chatter_rows", summary.rows["chatters.csv"], "rows")
    emit("import_file_rows", summary.total_rows, "rows")

    note("bulk import in a child process")
    bulk = _run_child("import", folder, scratch / "bulk-data")
    _report_bulk(bulk, quick)
    note("`twitchgraph load` of the same folder into a new data folder, timed from start to exit")
    command = _load_command(folder, scratch / "cli-data")
    emit("import_command_wall", command, "s")
    emit("import_command_rows_per_s", bulk["rows"] / command, "rows/s")
    note(f"whole command: {bulk['rows'] / command:,.0f} rows/s (start-up, validation, import, save, exit)")
    note("second import of the same folder, in a new child process")
    again = _run_child("import", folder, scratch / "bulk-data")
    emit("import_second_wall", again["validation_s"] + again["database_s"], "s")
    emit("import_second_rows_per_s", again["rows"] / (again["validation_s"] + again["database_s"]), "rows/s")

    note(f"per-row baseline on {sizes.per_row_chatter_rows:,} chatter rows")
    per_row = _run_child("per-row", folder, scratch / "per-row-data", rows=sizes.per_row_chatter_rows)
    per_row_rate = per_row["rows"] / per_row["seconds"]
    emit("import_per_row_rows", per_row["rows"], "rows")
    emit("import_per_row_seconds", per_row["seconds"], "s")
    emit("import_per_row_rows_per_s", per_row_rate, "rows/s")
    speedup = bulk["rows"] / (bulk["validation_s"] + bulk["database_s"]) / per_row_rate
    emit("import_speedup_vs_per_row", speedup, "x")
    emit("import_command_speedup_vs_per_row", bulk["rows"] / command / per_row_rate, "x")
    emit("import_speedup_goal", GOAL_SPEEDUP, "x")
    note(f"speedup {speedup:.1f}x vs per-row: goal of {GOAL_SPEEDUP}x {_met(speedup >= GOAL_SPEEDUP, quick)}")


def _report_bulk(bulk: dict[str, Any], quick: bool) -> None:
    wall = bulk["validation_s"] + bulk["database_s"]
    rate = bulk["rows"] / wall
    emit("import_valid_rows", bulk["rows"], "rows")
    emit("import_wall", wall, "s")
    emit("import_rows_per_s", rate, "rows/s")
    emit("import_validation", bulk["validation_s"], "s")
    emit("import_database", bulk["database_s"], "s")
    emit("import_validation_share", 100 * bulk["validation_s"] / wall, "%")
    emit("import_database_share", 100 * bulk["database_s"] / wall, "%")
    emit("import_goal_rows_per_s", GOAL_ROWS_PER_S, "rows/s")
    emit("import_rate_over_goal", rate / GOAL_ROWS_PER_S, "x")
    note(f"{rate:,.0f} rows/s: goal of {GOAL_ROWS_PER_S:,} rows/s {_met(rate >= GOAL_ROWS_PER_S, quick)}")
    emit("import_peak_rss", bulk["peak_rss_mb"], "MB")
    emit("import_server_rss", bulk["server_rss_mb"], "MB")
    emit("import_server_peak_rss", bulk["server_peak_rss_mb"], "MB")


def _load_command(folder: Path, data_dir: Path) -> float:
    """Seconds from start to exit of ``python -m cli load FOLDER``, the server's shutdown included."""
    environment = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(data_dir), "GRAPH_BACKEND": "falkordb"}
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "cli", "load", str(folder)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        raise RuntimeError(f"twitchgraph load failed:\n{finished.stderr}")
    return seconds


def _run_child(kind: str, folder: Path, data_dir: Path, *, rows: int | None = None) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.import_speed", "--child", kind]
    command += ["--folder", str(folder), "--data-dir", str(data_dir)]
    command += ["--rows", str(rows)] if rows is not None else []
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"child {kind} failed:\n{finished.stderr}")
    return json.loads(finished.stdout.splitlines()[-1])


def _import_child(folder: Path, data_dir: Path) -> dict[str, Any]:
    """Time and measure one end-to-end import, as one `twitchgraph load` process does it."""
    started = time.perf_counter()
    content = read_folder(folder)
    validated = time.perf_counter()
    store = FalkorStore.open(data_dir, GRAPH_NAME)  # counted with the database: `load` opens it too
    import_folder(store, content)
    imported = time.perf_counter()
    server = server_status(data_dir)
    result = {
        "rows": content.valid_rows,
        "validation_s": validated - started,
        "database_s": imported - validated,
        "peak_rss_mb": status_mb(Path("/proc/self/status"), "VmHWM"),
        "server_rss_mb": status_mb(server, "VmRSS"),
        "server_peak_rss_mb": status_mb(server, "VmHWM"),
    }
    store.close()
    return result


def _per_row_child(folder: Path, data_dir: Path, rows: int) -> dict[str, Any]:
    """Load the first ``rows`` chatter rows and their streamers one statement per node and relationship."""

    content = read_folder(folder)
    pairs = content.links["chatters.csv"][:rows]
    needed = {streamer for streamer, _chatter in pairs}
    streamers = [s for s in content.streamers if s.login in needed]
    store = FalkorStore.open(data_dir, GRAPH_NAME)
    ensure_schema(store)
    started = time.perf_counter()
    for s in streamers:
        store.query(PER_ROW_STREAMER, streamer_row(s))
    for streamer, chatter in pairs:
        store.query(PER_ROW_USER, {"login": chatter})
        store.query(PER_ROW_CHATTER, {"chatter": chatter, "streamer": streamer})
    seconds = time.perf_counter() - started
    store.close()
    return {"rows": len(streamers) + len(pairs), "seconds": seconds}


def _met(ok: bool, quick: bool) -> str:
    # Fixed costs dominate a quick run's small import, so its rates say nothing about the goals.
    return "not judged (--quick sizes)" if quick else "met" if ok else "NOT met"


if __name__ == "__main__":
    main()
