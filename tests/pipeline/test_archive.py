"""Archives: the day in one Parquet file, read back identical before the raw files go."""

import gzip
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from backend.graph.store import GraphStore
from backend.pipeline.archive import ArchiveError, archive_day, read_archive_documents
from backend.pipeline.day_input import read_day
from contracts.days import sample_files_of_day, zone
from contracts.samples import read_sample
from tests.pipeline.conftest import START, TIMEZONE, process_all, profiles


def test_archive_reads_back_every_window_and_removes_the_raw_files(samples: Path) -> None:
    files = sample_files_of_day(samples, START, zone(TIMEZONE))
    originals = [read_sample(p) for p in files]
    summary = archive_day(samples, START, timezone=TIMEZONE)
    assert summary.windows == len(files) == 288 and summary.removed == 288
    assert not any(p.exists() for p in files)
    assert list(read_archive_documents(summary.path)) == originals
    assert summary.archive_bytes < summary.raw_bytes / 3


def test_a_raw_file_that_changes_during_the_check_keeps_the_raw_files(
    samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.pipeline import archive

    files = sample_files_of_day(samples, START, zone(TIMEZONE))
    real = archive._read
    calls = {"n": 0}

    def read_then_tamper(path: Path) -> dict[str, Any]:
        calls["n"] += 1
        document = real(path)
        if calls["n"] > len(files) and path == files[5]:  # the check's read of window 5
            document["channels"][0]["lurkers"].append("zzz_not_archived")
        return document

    monkeypatch.setattr(archive, "_read", read_then_tamper)
    with pytest.raises(ArchiveError, match="differs"):
        archive_day(samples, START, timezone=TIMEZONE)
    assert all(p.exists() for p in files)
    assert not (samples / "archive" / f"{START}.parquet").exists()


def test_a_damaged_raw_file_stops_the_archive(samples: Path) -> None:
    files = sample_files_of_day(samples, START, zone(TIMEZONE))
    files[3].write_bytes(gzip.compress(b"{not json"))
    with pytest.raises(ArchiveError, match="not a readable sample"):
        archive_day(samples, START, timezone=TIMEZONE)
    assert all(p.exists() for p in files)


def test_processing_reads_the_archive_as_it_reads_the_raw_files(samples: Path) -> None:
    raw = read_day(samples, START, timezone=TIMEZONE)
    archive_day(samples, START, timezone=TIMEZONE)
    packed = read_day(samples, START, timezone=TIMEZONE)
    assert (raw.source, packed.source) == ("raw files", "archive")

    def presences(day: Any) -> set[tuple[Any, ...]]:
        return {
            (day.logins[v], int(day.window_starts[w]), day.channels[c], day.games[g] if g >= 0 else None)
            for v, w, c, g in zip(day.viewer, day.window, day.channel, day.game, strict=True)
        }

    assert presences(raw) == presences(packed) and len(presences(raw)) == raw.presences


def test_profiles_from_archives_equal_profiles_from_raw_files(
    store: GraphStore, config: dict[str, Any], samples: Path, tmp_path: Path
) -> None:
    from backend.profiles.reads import profile_view

    process_all(store, config, samples, days=2)
    from_raw = {row[0]: row[1] for row in store.ro_query("MATCH (u:User) RETURN u.login, u.workday").rows}
    store.clear()
    other = {**config, "GRAPH_NAME": config["GRAPH_NAME"] + "_archived"}
    for offset in range(2):
        archive_day(samples, START + timedelta(days=offset), timezone=TIMEZONE)
    process_all(store, other, samples, days=2)
    from_archive = {row[0]: row[1] for row in store.ro_query("MATCH (u:User) RETURN u.login, u.workday").rows}
    assert from_archive == from_raw
    some = sorted(login for login, hours in from_raw.items() if hours)[0]
    assert json.dumps(profile_view(store, profiles(other), some))
