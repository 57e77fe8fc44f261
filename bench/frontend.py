"""Benchmark the browser explorer: gzipped JavaScript of its production build, the time to the first
graph drawn in real Chromium on the default demo world, and the Atlas page's first map and frame rate.

Run ``python -m bench.frontend`` from the repository root (``--quick``: two measured page loads instead of
seven, no frame rate of the explorer). Each figure is printed as ``bench <name>: <value> <unit>``.

The bundle is ``npm run build``'s output (frontend/dist/assets/*.js), each file gzipped at level 9 as a
server would send it. The browser figures come from frontend/scripts/bench.mjs: ``twitchgraph serve`` on
``twitchgraph demo-data``'s default world (1,000 streamers, 50,000 chatters), Debian's Chromium driven by
playwright-core, a fresh profile for every page load (cold cache), one warm-up load not counted. The
first graph is the time from the start of navigation to the first frame of the explorer's canvas with the
biggest channel's neighbourhood on it (``performance.now()`` at that frame). The frame rate is measured
over 3 s with 2,000+ nodes on screen while the layout still runs.

The Atlas page (issue 12): its first map is the time from the start of navigation to the first frame of
the demo world's default atlas on the map (measured once the server has computed it; a fresh profile each
load, one warm-up load not counted); its frame rate is the frames the map draws per second while it is
dragged around for 3 s (d3-zoom's mouse gesture, one move per animation frame) with 2,000 channels and
20,000 links on it (a synthetic /atlas answer put in place of the server's: frontend/e2e/atlasScale.mjs).

Goals (issue 3): at most 250 KB of gzipped JavaScript, a first graph within 1.5 s; the ``_of_goal`` figures
are the measured value over the goal (below 1 meets it). Issue 12: the first map within 1 s on the demo
world, at least 30 frames/s while panning 2,000 channels; each printed as ``<name>_goal`` beside its
figure, and whether it is met in a note.
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
from typing import Any

from bench._output import emit, note

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
GOAL_BUNDLE_KB = 250
GOAL_FIRST_GRAPH_MS = 1500
GOAL_FIRST_MAP_MS = 1000
GOAL_PAN_FPS = 30
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
    _atlas_figures(measured["atlas"])
    return 0


def _atlas_figures(atlas: dict[str, Any]) -> None:
    """The Atlas page's first map on the demo world and its frame rate while panning 2,000 channels."""
    note(f"atlas of the demo world: {atlas['channels']:,} channels, {atlas['links']:,} links")
    first = statistics.median(atlas["firstMapMs"])
    emit("frontend_atlas_first_map", first, "ms")
    emit("frontend_atlas_first_map_worst", max(atlas["firstMapMs"]), "ms")
    _report_goal("frontend_atlas_first_map", first, GOAL_FIRST_MAP_MS, "ms", at_most=True)
    pan = atlas["pan"]
    note(f"panning: {pan['frames']} frames in {pan['seconds']:.1f} s, {pan['moves']} drag steps")
    name = f"frontend_atlas_pan_fps_{pan['channels'] // 1000}k_channels"
    emit(name, pan["framesPerSecond"], "frames/s")
    _report_goal(name, pan["framesPerSecond"], GOAL_PAN_FPS, "frames/s")
    emit("frontend_atlas_pan_draw_median", pan["drawMedianMs"], "ms")
    emit("frontend_atlas_pan_draw_p95", pan["drawP95Ms"], "ms")


def _report_goal(name: str, value: float, goal: float, unit: str, *, at_most: bool = False) -> None:
    """``<name>_goal`` beside the figure ``name``, and a note saying whether ``value`` meets it (at most
    or at least ``goal``) or by how much it misses."""
    emit(f"{name}_goal", goal, unit)
    short = value - goal if at_most else goal - value
    verdict = "met" if short <= 0 else f"NOT met by {short:.2f} {unit}"
    note(f"{name} {value:.2f} {unit}: goal of {'at most' if at_most else 'at least'} {goal} {unit} {verdict}")


def bundle_js_gzip_kb(dist: Path) -> float:
    """Kilobytes (1,000 bytes) of the build's JavaScript, each file gzipped at level 9."""
    files = sorted((dist / "assets").glob("*.js"))
    if not files:
        raise RuntimeError(f"no JavaScript in {dist / 'assets'}: build the frontend first (npm run build)")
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=9, mtime=0)) for f in files) / 1000


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.frontend", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="two measured page loads each, no explorer frame rate"
    )
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
