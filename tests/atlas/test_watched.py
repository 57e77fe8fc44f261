"""source=watched: the audiences of the last D processed days of viewer profiling, checked against sets
read straight from the day files the pipeline wrote."""

from datetime import date
from typing import Any

import pyarrow.parquet as pq
import pytest
from flask import Flask

from backend.config import load_settings
from backend.files.day_schedules import day_file
from backend.files.profile_folder import profile_dir
from contracts.identity import KNOWN_BOTS
from tests.api import test_profiles

world_app = test_profiles.world_app  # two processed days of the little world


def watched_sets(app: Flask, days: int, bot_channels: int) -> dict[str, set[str]]:
    store = app.extensions["twitchgraph"].get()
    settings = app.extensions["twitchgraph"].settings
    folder = profile_dir(settings.data_dir, settings.graph_name)
    processed = sorted(row[0] for row in store.ro_query("MATCH (d:Day) RETURN d.date").rows)[-days:]
    audience: dict[str, set[str]] = {}
    for day in processed:
        for row in pq.read_table(
            day_file(folder, date.fromisoformat(day)), columns=["viewer", "channel"]
        ).to_pylist():
            audience.setdefault(row["channel"], set()).add(row["viewer"])
    banned = {row[0] for row in store.ro_query("MATCH (b:Banned) RETURN b.login").rows}
    seen: dict[str, int] = {}
    for viewers in audience.values():
        for viewer in viewers:
            seen[viewer] = seen.get(viewer, 0) + 1
    bots = KNOWN_BOTS | banned | {viewer for viewer, n in seen.items() if n >= bot_channels}
    return {channel: viewers - bots for channel, viewers in audience.items()}


@pytest.mark.parametrize("days", [1, 2])
def test_watched_overlap_equals_the_day_files(world_app: Any, days: int) -> None:
    client = world_app.test_client()
    bot_channels = load_settings({}).atlas_bot_channels
    sets = watched_sets(world_app, days, bot_channels)
    assert sum(len(v) for v in sets.values()) > 100
    checked = 0
    for channel, viewers in sets.items():
        body = client.get(f"/overlap/{channel}?source=watched&days={days}&limit=1000").get_json()
        assert body["audience"] == len(viewers), channel
        got = {row["login"]: row["shared"] for row in body["channels"]}
        expected = {other: len(viewers & theirs) for other, theirs in sets.items() if other != channel}
        assert got == {other: shared for other, shared in expected.items() if shared}, channel
        checked += len(got)
    assert checked > 10


def test_watched_days_are_checked(world_app: Any) -> None:
    client = world_app.test_client()
    assert client.get("/atlas?source=watched&days=0").status_code == 400
    assert client.get("/atlas?source=watched&days=91").status_code == 400
    assert client.get("/atlas?source=heard").status_code == 400
    atlas = client.get("/atlas?source=watched&days=2").get_json()
    assert atlas["nodes"] and not atlas["stale"]
