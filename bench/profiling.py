"""Viewer profiling at TwitchProfiler's size: one day of 288 windows x 100 channels, ~900,000 viewers.

Figures: day processing end to end (wall time and peak RSS of the process, in a subprocess; anchor:
more than 10 GB), the profile refresh rate of the pure core for 1M viewers (anchor: 400 viewers/s), and
the archive against 7z on the same day (anchor: 25-30 MB for a 300 MB day). ``--quick``: a small day.
The generated day is cached in ``$TMPDIR/twitchgraph-bench-profiling``.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from bench._output import emit, note

DAY = date(2026, 5, 8)
# The goals, printed beside the figures.
GOAL_WALL_S = 120
GOAL_PEAK_MB = 1500
GOAL_REFRESH = 50_000
FULL = {"channels": 100, "viewers": 1_800_000}  # about half the accounts watch on a given day
QUICK = {"channels": 20, "viewers": 20_000}
PROCESS = """
import json, sys, time
from datetime import date
from pathlib import Path
from backend.config import load_settings
from backend.graph.falkordb import FalkorStore
from backend.pipeline.day import process_day
from backend.pipeline.options import PipelineOptions
config = load_settings({"TWITCHGRAPH_DATA_DIR": sys.argv[2], "GRAPH_NAME": "bench",
                        "SAMPLE_RETENTION_DAYS": 0, "ARCHIVE_RETENTION_DAYS": 0})
store = FalkorStore.open(config.data_dir, "bench")
options = PipelineOptions.from_settings(config)
started = time.perf_counter()
result = process_day(store, options, Path(sys.argv[1]), date.fromisoformat(sys.argv[3]))
wall = time.perf_counter() - started
from bench._proc import server_status, status_mb
server = server_status(Path(sys.argv[2]))
print(json.dumps({"wall": wall, "peak_mb": status_mb(Path("/proc/self/status"), "VmHWM"),
                  "server_peak_mb": status_mb(server, "VmHWM"), **result.stats}))
store.close()
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profiling", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    folder = _day(size)
    with tempfile.TemporaryDirectory(prefix="twitchgraph-bench-") as scratch:
        work = Path(scratch)
        _archive_figures(folder, work)
        _process_figures(folder, work)
    _refresh_rate(20_000 if args.quick else 1_000_000)
    return 0


def _day(size: dict[str, int]) -> Path:
    from backend.demo.samples import write_demo_samples

    cache = (
        Path(tempfile.gettempdir()) / "twitchgraph-bench-profiling" / f"{size['channels']}x{size['viewers']}"
    )
    done = cache / ".complete"
    if not done.exists():
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        started = time.perf_counter()
        summary = write_demo_samples(cache, days=1, seed=1, start=DAY, **size)
        note(f"generated {summary.files} windows in {time.perf_counter() - started:.0f} s")
        done.write_text(str(summary.viewers_per_day[0]))
    emit("profiling_day_distinct_viewers", int(done.read_text()), "viewers")
    return cache


def _archive_figures(folder: Path, work: Path) -> None:
    from backend.pipeline.archive import archive_day

    raw = work / "raw"
    raw.mkdir()
    for path in folder.glob("*.json.gz"):
        (raw / path.name).symlink_to(path)
    raw_bytes = sum(p.stat().st_size for p in folder.glob("*.json.gz"))
    started = time.perf_counter()
    summary = archive_day(raw, DAY, timezone="Europe/Paris", remove_raw=False)
    seconds = time.perf_counter() - started
    emit("profiling_raw_size", raw_bytes / 1e6, "MB")
    emit("profiling_archive_size", summary.archive_bytes / 1e6, "MB")
    emit("profiling_archive_time", seconds, "s")
    # Kept for the next stage first: the 7z comparison after it is optional.
    shutil.move(str(summary.path), str(folder / "archive.parquet.bench"))
    _seven_zip_figures(folder, work, summary.archive_bytes, seconds)


def _seven_zip_figures(folder: Path, work: Path, archive_bytes: int, archive_seconds: float) -> None:
    """7z on the same day's JSON, the anchor TwitchProfiler used; skipped with a note where 7z is missing."""
    import gzip

    seven = shutil.which("7z")
    if seven is None:
        note("7z not found (Debian package p7zip-full): no 7z figures")
        return
    json_dir = work / "json"
    json_dir.mkdir()
    for path in folder.glob("*.json.gz"):
        (json_dir / path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))
    json_bytes = sum(p.stat().st_size for p in json_dir.iterdir())
    started = time.perf_counter()
    subprocess.run(
        [seven, "a", "-bd", "-mmt=2", str(work / "day.7z"), str(json_dir)], check=True, capture_output=True
    )
    seven_seconds = time.perf_counter() - started
    seven_bytes = (work / "day.7z").stat().st_size
    emit("profiling_json_size", json_bytes / 1e6, "MB")
    emit("profiling_7z_size", seven_bytes / 1e6, "MB")
    emit("profiling_7z_time", seven_seconds, "s")
    emit("profiling_archive_size_vs_7z", archive_bytes / seven_bytes, "x")
    emit("profiling_archive_time_vs_7z", archive_seconds / seven_seconds, "x")


def _process_figures(folder: Path, work: Path) -> None:
    import json

    day_dir = work / "day"
    day_dir.mkdir()
    for path in folder.glob("*.json.gz"):
        (day_dir / path.name).symlink_to(path)
    (day_dir / "archive").mkdir()
    shutil.move(str(folder / "archive.parquet.bench"), str(day_dir / "archive" / f"{DAY}.parquet"))
    command = [sys.executable, "-c", PROCESS, str(day_dir), str(work / "data"), DAY.isoformat()]
    finished = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1]
    )
    stats = json.loads(finished.stdout.strip().splitlines()[-1])
    emit("profiling_day_wall", stats["wall"], "s")
    emit("profiling_day_wall_goal", GOAL_WALL_S, "s")
    emit("profiling_day_peak_rss", stats["peak_mb"], "MB")
    emit("profiling_day_peak_rss_goal", GOAL_PEAK_MB, "MB")
    # The graph lives in the embedded server, a process of its own: its peak is reported beside ours.
    emit("profiling_day_server_peak_rss", stats["server_peak_mb"], "MB")
    emit("profiling_day_presences", stats["presences"], "presences")
    for name, seconds in zip(stats["stage_names"], stats["stage_seconds"], strict=True):
        emit(f"profiling_stage_{name}", seconds, "s")


def _refresh_rate(viewers: int) -> None:
    """The core's day update for ``viewers`` viewers: aggregation of their presences and every EMA."""
    from backend.profiles import core

    rng = np.random.default_rng(0)
    presences = viewers * 15
    viewer = np.sort(rng.integers(0, viewers, presences))
    channel = rng.integers(0, 100, presences)
    game = channel % 40
    hour = rng.integers(0, 24, presences)
    started = time.perf_counter()
    agg = core.aggregate_day(viewer, channel, game, hour, 5.0)
    for pairs in (agg.channel_pairs, agg.game_pairs):
        k = pairs[0].size
        core.refresh_pairs(
            rng.random(k) * 100, rng.random(k), rng.integers(700_000, 700_010, k), pairs[2], 700_010
        )
    old = rng.random((agg.viewers.size, 24))
    core.refresh_schedules(
        old, rng.integers(500_000, 500_010, agg.viewers.size), agg.hours, 500_010, core.WORKDAY_ALPHA
    )
    seconds = time.perf_counter() - started
    rate = agg.viewers.size / seconds
    emit("profiling_refresh_rate", rate, "viewers/s")
    emit("profiling_refresh_rate_goal", GOAL_REFRESH, "viewers/s")
    emit("profiling_refresh_vs_anchor", rate / 400, "x")


if __name__ == "__main__":
    sys.exit(main())
