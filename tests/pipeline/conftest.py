"""A small multi-day world of windows (Thursday to Sunday, with bots), and an independent reading of it."""

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backend.config import load_settings
from backend.demo.samples import write_demo_samples
from backend.graph.store import GraphStore
from backend.pipeline.options import PipelineOptions
from contracts.samples import list_samples, read_sample

START = date(2026, 5, 7)  # a Thursday: two workdays, then a weekend
DAYS = 4
TIMEZONE = "Europe/Paris"
# The known chat bots day processing bans; the demo world's bots (nightbot, streamelements...) chat in
# the channels they moderate.
KNOWN_BOTS = {
    "nightbot", "streamelements", "moobot", "fossabot", "streamlabs", "soundalerts", "wizebot", "sery_bot",
    "kofistreambot", "botrixoficial", "commanderroot", "anotherttvviewer", "lurxx", "streamholics", "own3d",
    "pokemoncommunitygame", "blerp", "tangiabot", "creatisbot", "ssakdook",
}  # fmt: skip


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four local days of 12 channels per window and 600 viewer accounts (never modified by tests)."""
    folder = tmp_path_factory.mktemp("world")
    write_demo_samples(folder, days=DAYS, channels=12, viewers=600, seed=5, start=START, timezone=TIMEZONE)
    return folder


@pytest.fixture
def samples(world: Path, tmp_path: Path) -> Path:
    """A copy of the world this test may change."""
    copy = tmp_path / "samples"
    copy.mkdir()
    for path in list_samples(world):
        (copy / path.name).write_bytes(path.read_bytes())
    return copy


@pytest.fixture
def config(backend: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """Settings of a test: its own profile folder, no retention, Paris time."""
    return {
        **backend,
        "TWITCHGRAPH_DATA_DIR": str(tmp_path / "data"),
        "GRAPH_NAME": "p_" + re.sub(r"\W+", "_", request.node.name)[-60:],
        "TIMEZONE": TIMEZONE,
        "BOT_CHANNELS_PER_WINDOW": 10,
        "PSEUDONYMISE_KEY": "",
        "OPERATOR_TOKEN": "",
        "SAMPLE_RETENTION_DAYS": 0,
        "ARCHIVE_RETENTION_DAYS": 0,
    }


def options(config: dict[str, Any]) -> PipelineOptions:
    """The pipeline's options of a test's settings."""
    return PipelineOptions.from_settings(load_settings(config))


def profiles(config: dict[str, Any]) -> Path:
    """The profile folder (day schedules) of a test's settings."""
    return options(config).profile_dir


def process_all(store: GraphStore, config: dict[str, Any], folder: Path, days: int = DAYS) -> list[Any]:
    from datetime import timedelta

    from backend.pipeline.day import process_day

    return [process_day(store, options(config), folder, START + timedelta(days=i)) for i in range(days)]


def raw_windows(folder: Path) -> list[tuple[datetime, dict[str, Any]]]:
    """Every window of the folder, read with the collector's reader, with its local start."""
    paris = ZoneInfo(TIMEZONE)
    found = []
    for path in list_samples(folder):
        sample = read_sample(path)
        start = datetime.strptime(sample["window_start"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=ZoneInfo("UTC")
        )
        found.append((start.astimezone(paris), sample))
    return found
