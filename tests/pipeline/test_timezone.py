"""Dates and hours are local: a window at 23:55 UTC is the next day in Paris in summer."""

from datetime import date
from pathlib import Path
from typing import Any

from backend.graph.store import GraphStore
from backend.pipeline.day import process_day
from backend.profiles.reads import profile_view, viewer_day
from contracts.days import sample_files_of_day, zone
from contracts.samples import SAMPLE_FORMAT, sample_name, write_sample
from tests.pipeline.conftest import options, profiles


def window(start: str, viewers: list[str]) -> dict[str, Any]:
    channel = {
        "login": "somechannel", "user_id": "1", "live": True, "stream_id": "9", "viewer_count": 10,
        "title": "t", "game_id": "1", "game_name": "Chess", "language": "fr", "started_at": start,
        "observed_seconds": 300.0, "messages": 0, "chatters": [], "lurkers": viewers, "vips": [],
        "moderators": [],
    }  # fmt: skip
    return {
        "format": SAMPLE_FORMAT, "version": 1, "window_start": start, "window_end": start, "window": "5m",
        "window_seconds": 300, "language": "fr", "top": 1, "tracked": [], "metadata_at": None,
        "written_at": start, "totals": {}, "channels": [channel],
    }  # fmt: skip


def test_a_window_at_2355_utc_is_the_next_paris_day_at_one_in_the_morning(
    store: GraphStore, config: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "tz"
    folder.mkdir()
    from datetime import UTC, datetime

    for text in ("2026-06-10T21:55:00Z", "2026-06-10T23:55:00Z"):
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
        write_sample(folder, window(text, ["alice"]), sample_name(moment))
    paris = zone("Europe/Paris")
    assert [p.name for p in sample_files_of_day(folder, date(2026, 6, 10), paris)] == [
        "20260610T215500Z.json.gz"
    ]
    assert [p.name for p in sample_files_of_day(folder, date(2026, 6, 11), paris)] == [
        "20260610T235500Z.json.gz"
    ]
    process_day(store, options(config), folder, date(2026, 6, 10))
    process_day(store, options(config), folder, date(2026, 6, 11))
    view = profile_view(store, profiles(config), "alice")
    assert view["heatmap"] == [{"date": "2026-06-10", "minutes": 5}, {"date": "2026-06-11", "minutes": 5}]
    hours = [i for i, m in enumerate(view["workday_schedule"]) if m]
    assert hours == [1, 23]  # 21:55 UTC is 23:55 in Paris, 23:55 UTC is 01:55 the next day
    folder = profiles(config)
    assert [w["start"] for w in viewer_day(folder, "alice", "2026-06-11")] == ["2026-06-10T23:55:00Z"]
