"""forget erases a viewer everywhere and for good; pseudonymised ingest; retention."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backend.files.day_schedules import day_file, read_day_schedule
from backend.graph.store import GraphStore
from backend.pipeline.archive import archive_day, read_archive_documents
from backend.pipeline.privacy import PEOPLE_KEYS, enforce_retention, forget
from backend.profiles.reads import profile_view
from contracts.identity import pseudonym
from contracts.samples import list_samples, read_sample, replace_sample
from tests.pipeline.conftest import START, TIMEZONE, options, process_all, profiles


def everywhere(store: GraphStore, config: dict[str, Any], samples: Path, login: str) -> list[str]:
    """Where ``login`` still appears."""
    found = []
    if store.ro_query("MATCH (u:User {login: $l}) RETURN count(u)", {"l": login}).single_value():
        found.append("graph")
    if store.ro_query("MATCH (d:Day {verify_viewer: $l}) RETURN count(d)", {"l": login}).single_value():
        found.append("day records")
    for offset in range(4):
        if read_day_schedule(day_file(profiles(config), START + timedelta(days=offset)), login):
            found.append(f"day schedule {offset}")
    for path in list_samples(samples):
        if any(
            login in c["chatters"] + c["lurkers"] + c["vips"] + c["moderators"]
            for c in read_sample(path)["channels"]
        ):
            found.append("samples")
            break
    for path in (samples / "archive").glob("*.parquet"):
        named = {
            x for d in read_archive_documents(path) for c in d["channels"] for k in PEOPLE_KEYS for x in c[k]
        }
        if login in named:
            found.append(f"archive {path.name}")
    return found


def test_forget_erases_a_viewer_everywhere_and_for_good(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    archive_day(samples, START, timezone=TIMEZONE)
    process_all(store, config, samples, days=2)
    verified = store.ro_query(
        "MATCH (d:Day {date: $d}) RETURN d.verify_viewer", {"d": str(START)}
    ).single_value()
    assert {"graph", "day records", "samples", f"archive {START}.parquet"} <= set(
        everywhere(store, config, samples, verified)
    )
    report = forget(store, options(config), verified.upper(), [samples])
    assert report.graph_nodes == 1 and report.archives and report.sample_files
    assert everywhere(store, config, samples, verified) == []
    assert all(
        d["channels"] is not None for d in read_archive_documents(samples / "archive" / f"{START}.parquet")
    )
    process_all_rest(store, config, samples)
    assert everywhere(store, config, samples, verified) == []
    assert profile_view(store, profiles(config), verified) is None


def test_forget_erases_a_login_named_only_as_vip_or_moderator(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    first, second = sorted(samples.glob("*.json.gz"))[:2]  # in the first day
    for path, key in ((first, "vips"), (second, "moderators")):
        document = read_sample(path)
        document["channels"][0][key].append("onlyrole")
        replace_sample(path, document)
    archive_day(samples, START, timezone=TIMEZONE)
    late = sorted(samples.glob("*.json.gz"))[-1]  # a later day, still raw
    document = read_sample(late)
    document["channels"][0]["vips"].append("onlyrole")
    replace_sample(late, document)
    assert {"samples", f"archive {START}.parquet"} <= set(everywhere(store, config, samples, "onlyrole"))
    forget(store, options(config), "onlyrole", [samples])
    assert everywhere(store, config, samples, "onlyrole") == []


def process_all_rest(store: GraphStore, config: dict[str, Any], samples: Path, first: int = 2) -> None:
    from backend.pipeline.day import process_day

    for offset in range(first, 4):
        assert (
            process_day(store, options(config), samples, START + timedelta(days=offset)).stats["sanity"]
            == "ok"
        )


def test_forgotten_viewers_are_skipped_when_their_windows_come_later(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    process_all(store, config, samples, days=1)
    regular = store.ro_query(
        "MATCH (u:User)-[:WATCHED]->(:Stream) RETURN u.login AS l, count(*) AS n ORDER BY n DESC, l LIMIT 1"
    ).first()[0]
    forget(store, options(config), regular, [])  # the raw samples are kept here: later days still name them
    process_all_rest(store, config, samples, first=1)
    assert store.ro_query("MATCH (u:User {login: $l}) RETURN count(u)", {"l": regular}).single_value() == 0


def test_pseudonymised_ingest_keeps_no_real_login(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    config = {**config, "PSEUDONYMISE_KEY": "s3cret"}
    process_all(store, config, samples, days=1)
    viewers = [row[0] for row in store.ro_query("MATCH (u:User) WHERE NOT u:Stream RETURN u.login").rows]
    assert viewers and all(v.startswith("p_") and len(v) == 24 for v in viewers)
    real = read_sample(list_samples(samples)[150])["channels"][0]["lurkers"][0]
    assert pseudonym(real, "s3cret") in viewers and real not in viewers
    banned = {row[0] for row in store.ro_query("MATCH (b:Banned) RETURN b.login").rows}
    assert pseudonym("nightbot", "s3cret") in banned


def test_retention_deletes_old_raw_files_archives_and_day_schedules(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    process_all(store, config, samples, days=2)
    archive_day(samples, START, timezone=TIMEZONE)
    config = {**config, "SAMPLE_RETENTION_DAYS": 3, "ARCHIVE_RETENTION_DAYS": 4}
    archive_day(samples, START + timedelta(days=1), timezone=TIMEZONE, remove_raw=False)
    report = enforce_retention(options(config), [samples], today=date(2026, 5, 12))
    # Raw windows before 9 May go once archived (8 May: 288 windows); archives and schedules before
    # 8 May (7 May) go.
    assert report.sample_files == 288 and len(report.archives) == 1 and report.day_files == [str(START)]
    folder = profiles(config)
    assert not day_file(folder, START).exists() and day_file(folder, START + timedelta(days=1)).exists()
    assert len(list_samples(samples)) == 2 * 288
    assert report.kept_unarchived == {}


def test_retention_keeps_old_windows_of_days_not_archived(config: dict[str, Any], samples: Path) -> None:
    windows = len(list_samples(samples))
    report = enforce_retention(
        options({**config, "SAMPLE_RETENTION_DAYS": 1}), [samples], today=date(2026, 6, 30)
    )
    assert report.sample_files == 0 and len(list_samples(samples)) == windows
    assert sum(report.kept_unarchived.values()) == windows and str(START) in report.kept_unarchived
    assert (
        enforce_retention(
            options({**config, "SAMPLE_RETENTION_DAYS": 0, "ARCHIVE_RETENTION_DAYS": 0}), [samples]
        ).sample_files
        == 0
    )
