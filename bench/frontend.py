"""Benchmark the browser explorer: gzipped JavaScript of its production build, and the time to the first
graph drawn in real Chromium on the default demo world.

Run ``python -m bench.frontend`` from the repository root (``--quick``: two measured page loads instead of
seven, no frame rate). Each figure is printed as ``bench <name>: <value> <unit>``.

The bundle is ``npm run build``'s output (frontend/dist/assets/*.js), each file gzipped at level 9 as a
server would send it. The browser figures come from frontend/scripts/bench.mjs: ``twitchgraph serve`` on
``twitchgraph demo-data``'s default world (1,000 streamers, 50,000 chatters), Debian's Chromium driven by
playwright-core, a fresh profile for every page load (cold cache), one warm-up load not counted. The
first graph is the time from the start of navigation to the first frame of the explorer's canvas with the
biggest channel's neighbourhood on it (``performance.now()`` at that frame). The frame rate is measured
over 3 s with 2,000+ nodes on screen while the layout still runs.

Goals (issue 3): at most 250 KB of gzipped JavaScript, a first graph within 1.5 s; the ``_of_goal`` figures
are the measured value over the goal (below 1 meets it).
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench._output import emit, note

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
GOAL_BUNDLE_KB = 250
GOAL_FIRST_GRAPH_MS = 1500
RUNS, QUICK_RUNS = 7, 2
TIMEOUT_S = 1200


def main(argv: list[str] | None = None) -> int:
    """Build, measure, print the figures; raise RuntimeError when a step fails."""
    args = _parse_args(argv)
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: install Node.js (20.19 or newer) with npm")
    if not args.no_build:
        if not (FRONTEND / "node_modules").is_dir():
            _npm(npm, "ci", "--no-audit", "--no-fund")
        _npm(npm, "run", "build")

    kb = bundle_js_gzip_kb(FRONTEND / "dist")
    emit("frontend_bundle_js_gzip", kb, "KB")
    emit("frontend_bundle_js_gzip_of_goal", kb / GOAL_BUNDLE_KB, "ratio")

    if not CHROMIUM.exists():
        note(f"{CHROMIUM} not found (apt-get install -y chromium; make test installs it): no browser figures")
        return 0
    runs = QUICK_RUNS if args.quick else RUNS
    command = ["node", "scripts/bench.mjs", "--runs", str(runs)]
    if args.quick:
        command.append("--no-fps")
    result = _run(command, env={"TWITCHGRAPH_PYTHON": sys.executable})
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"scripts/bench.mjs printed no result:\n{result.stdout}\n{result.stderr}")
    measured = json.loads(line.removeprefix("BENCH "))
    first = statistics.median(measured["firstGraphMs"])
    emit("frontend_first_graph", first, "ms")
    emit("frontend_first_graph_worst", max(measured["firstGraphMs"]), "ms")
    emit("frontend_first_graph_of_goal", first / GOAL_FIRST_GRAPH_MS, "ratio")
    if measured["fps"]:
        fps = measured["fps"]
        print(f"frame rate measured with {fps['nodes']} nodes on screen", file=sys.stderr)
        emit("frontend_graph_fps_2k_nodes", fps["framesPerSecond"], "frames/s")
        emit("frontend_graph_frame_p95_2k_nodes", fps["p95FrameMs"], "ms")
    return 0


def bundle_js_gzip_kb(dist: Path) -> float:
    """Kilobytes (1,000 bytes) of the build's JavaScript, each file gzipped at level 9."""
    files = sorted((dist / "assets").glob("*.js"))
    if not files:
        raise RuntimeError(f"no JavaScript in {dist / 'assets'}: build the frontend first (npm run build)")
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=9, mtime=0)) for f in files) / 1000


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.frontend", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two measured page loads, no frame rate")
    parser.add_argument("--no-build", action="store_true", help="measure frontend/dist as it is")
    return parser.parse_args(argv)


def _npm(npm: str, *args: str) -> None:
    _run([npm, *args])


def _run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command,
        cwd=FRONTEND,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


if __name__ == "__main__":
    sys.exit(main())
