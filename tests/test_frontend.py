"""The browser explorer's own suites, run here so that `make test` runs them too.

- Vitest: the React components, against a fake API (``npm test`` in frontend/).
- End to end: the real app (``twitchgraph serve`` on a demo world) in Debian's headless Chromium, driven by
  playwright-core (``npm run e2e``); it saves a screenshot of every panel in test-output/screenshots/.
  The overview and viewer pages' suite runs on processed demo samples; it may skip only while the
  backend has no ``demo-samples``/``process-day`` command.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SUITE_TIMEOUT_S = 900
SHOWN_OUTPUT_CHARS = 6000
PROFILE_COMMANDS = ("demo-samples", "process-day")
PROFILE_SCREENSHOTS = ("overview", "viewer", "viewer-sign-in", "phone-overview", "phone-viewer")


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm not found: install Node.js (20.19 or newer) with npm to test the explorer")
    return npm


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_npm(), *args],
        cwd=FRONTEND,
        env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0", **(env or {})},
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT_S,
        check=False,
    )


def _assert_passed(result: subprocess.CompletedProcess[str], what: str) -> None:
    output = (result.stdout + result.stderr)[-SHOWN_OUTPUT_CHARS:]
    assert result.returncode == 0, f"{what} failed (exit {result.returncode}):\n{output}"


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """frontend/node_modules as package-lock.json pins it (``npm ci`` when it is missing or older)."""
    installed = FRONTEND / "node_modules" / ".package-lock.json"
    lock = FRONTEND / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        _assert_passed(_run("ci", "--no-audit", "--no-fund"), "npm ci")
    return installed.parent


def test_component_tests_pass(node_modules: Path) -> None:
    result = _run("test")
    _assert_passed(result, "Vitest")
    # Vitest's summary lines ("Tests  114 passed (114)"); a test's own name may contain "failed".
    assert re.search(r"Tests\s+\d+ passed", result.stdout)
    assert not re.search(r"\d+ failed", result.stdout)


def test_end_to_end_in_headless_chromium(node_modules: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: `apt-get install -y chromium` (make test installs it)")
    result = _run("run", "e2e", env={"TWITCHGRAPH_PYTHON": sys.executable})
    _assert_passed(result, "the end-to-end tests")
    assert "# fail 0" in result.stdout
    screenshots = ROOT / "test-output" / "screenshots"
    panels = ["explorer-graph", "explorer-expanded", "rankings", "finder", "influence", "phone-explorer"]
    if _backend_has(*PROFILE_COMMANDS):
        assert "# SKIP" not in result.stdout, "the overview and viewer pages' tests were skipped"
        panels += PROFILE_SCREENSHOTS
    for panel in panels:
        assert (screenshots / f"{panel}.png").stat().st_size > 10_000, f"no screenshot of {panel}"


def _backend_has(*commands: str) -> bool:
    """Whether ``python -m cli --help`` lists every one of these commands."""
    result = subprocess.run(
        [sys.executable, "-m", "cli", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[-1].splitlines() if line.strip()}
    return result.returncode == 0 and set(commands) <= listed
