"""`collect snapshot` end to end against the fakes: the five CSVs equal the world the fakes served."""

from pathlib import Path

import pytest

from collector.config import CollectorConfig
from collector.fakes import FakeHelix, FakeIrc, FakeUser, World
from collector.snapshot import SnapshotError, take_snapshot
from contracts.import_csv import read_folder
from tests.collector.conftest import LANGUAGE, config_for, helix_for, reader_factory
from tests.collector.worlds import comparable, served

TOP = 10
WINDOW_S = 1.0  # the fake's chat cycle is 0.4 s: everyone speaks at least twice


def _snapshot(config: CollectorConfig, outdir: Path, top: int = TOP):
    return take_snapshot(
        helix_for(config),
        reader_factory(config),
        outdir,
        language=LANGUAGE,
        top=top,
        window_s=WINDOW_S,
        joins_per_10s=config.joins_per_10s,
    )


def _top(world: World, n: int = TOP) -> set[str]:
    return {c.login for c in [c for c in world.channels if c.language == LANGUAGE][:n]}


def test_snapshot_equals_the_served_world(
    config: CollectorConfig, world: World, world_dir: Path, tmp_path: Path
) -> None:
    summary = _snapshot(config, tmp_path)
    content = read_folder(tmp_path)
    assert content.rejections == [] and sum(content.duplicates.values()) == 0
    logins = _top(world)
    assert comparable(content, logins) == served(world_dir, logins)
    assert {row.login for row in content.streamers} == logins
    assert summary.channels == summary.joined == TOP and summary.failures == []
    assert summary.rows["chatters.csv"] == len(content.links["chatters.csv"]) > 0


def test_helix_lists_complete_what_chat_does_not_show(
    helix_server: FakeHelix, broadcaster: FakeUser, world: World, world_dir: Path, tmp_path: Path
) -> None:
    silent = FakeIrc(world, joins_per_10s=200, chat=False, names_limit=0).start()  # chat shows nobody
    try:
        config = config_for(helix_server, silent, TWITCH_USER_TOKEN=broadcaster.token)
        _snapshot(config, tmp_path)
    finally:
        silent.stop()
    content = read_folder(tmp_path)
    own, moderated = broadcaster.login, next(iter(broadcaster.moderates))
    expected = served(world_dir, {own, moderated})
    assert {p for p in content.links["chatters.csv"]} == expected["chatters.csv"]  # the token may read both
    assert set(content.links["vips.csv"]) == {p for p in expected["vips.csv"] if p[0] == own}  # type: ignore[attr-defined]
    assert set(content.links["moderators.csv"]) == {p for p in expected["moderators.csv"] if p[0] == own}  # type: ignore[attr-defined]


def test_one_failing_channel_does_not_stop_the_snapshot(
    helix_server: FakeHelix, config: CollectorConfig, world: World, world_dir: Path, tmp_path: Path
) -> None:
    first = next(c for c in world.channels if c.language == LANGUAGE)
    helix_server.fail("5xx", times=5, path="/teams/channel")  # five attempts: exactly the first channel's
    summary = _snapshot(config, tmp_path)
    assert len(summary.failures) == 1 and summary.failures[0].startswith(f"{first.login}: teams")
    content = read_folder(tmp_path)
    expected = served(world_dir, _top(world))
    expected["teams.csv"] = {p for p in expected["teams.csv"] if p[0] != first.login}  # type: ignore[attr-defined]
    assert comparable(content, _top(world)) == expected


def test_faults_on_the_way_change_nothing(
    helix_server: FakeHelix, config: CollectorConfig, world: World, world_dir: Path, tmp_path: Path
) -> None:
    helix_server.fail("429", times=2, path="/streams")
    helix_server.fail("malformed", times=1, path="/users")
    helix_server.fail("5xx", times=2, path="/channels/followers")
    helix_server.fail("drop", times=1, path="/teams/channel")
    helix_server.expire_tokens()
    _snapshot(config, tmp_path)
    assert comparable(read_folder(tmp_path), _top(world)) == served(world_dir, _top(world))


def test_no_live_stream_is_said_plainly(config: CollectorConfig, tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="no live stream in language xx"):
        take_snapshot(helix_for(config), reader_factory(config), tmp_path, language="xx", top=5, window_s=1)
