"""Privacy: pseudonymised logins, erasure of one person everywhere, and the retention of raw data.

- Pseudonymisation (``PSEUDONYMISE_KEY`` set) happens at ingest, when day processing reads the samples:
  a viewer's login becomes its pseudonym (``contracts.identity``), so the graph, the day schedules and
  the API never hold the real one. Channel logins (broadcasters, the public side) stay as they are. Raw
  samples and archives keep real logins until retention removes them.
- ``forget`` erases a person from the graph (node, edges, profile, ban entry, verification record), from
  the day schedules, and from every raw sample file and archive (each rewritten atomically), then puts
  HMAC-SHA256(privacy key, login) on the do-not-track list, which day processing skips from then on,
  as a viewer and as a channel. The privacy key is a secret kept beside the graph's files.
- Retention: raw window files older than ``SAMPLE_RETENTION_DAYS`` and archives and day schedules older
  than ``ARCHIVE_RETENTION_DAYS`` (local days before today) are deleted, each deletion logged.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq

from backend.files.day_schedules import day_file, days_with_schedule, erase_from_day_file
from backend.files.profile_folder import exclusive, privacy_key
from backend.files.sample_folders import archive_path, archived_days
from backend.graph import queries
from backend.graph.schema import ensure_schema
from backend.graph.store import GraphStore
from backend.pipeline import archive as archives
from backend.pipeline.options import PipelineOptions
from contracts.days import local_date, parse_day
from contracts.identity import do_not_track_hash, is_pseudonym, stored_as
from contracts.samples import list_samples, read_sample, replace_sample, sample_start

__all__ = ["ForgetReport", "RetentionReport", "enforce_retention", "forget"]

log = logging.getLogger(__name__)


@dataclass
class ForgetReport:
    login: str
    stored_as: str
    graph_nodes: int = 0
    day_files: list[str] = field(default_factory=list)
    sample_files: list[str] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def forget(
    store: GraphStore,
    options: PipelineOptions,
    login: str,
    sample_dirs: list[Path],
    progress: Callable[[str], None] | None = None,
) -> ForgetReport:
    """Erase ``login`` (a real login, or a pseudonym as stored) everywhere and stop tracking it."""
    say = progress or (lambda _m: None)
    login = login.strip().lower()
    key = options.pseudonymise_key
    stored = stored_as(login, key)
    report = ForgetReport(login, stored)
    ensure_schema(store)
    with exclusive(options.profile_dir):
        secret = privacy_key(options.profile_dir)
        since = datetime.now(options.tz).date().isoformat()
        for name in {login, stored}:
            store.query(queries.MERGE_DO_NOT_TRACK, {"hash": do_not_track_hash(name, secret), "since": since})
        report.graph_nodes = int(store.ro_query(queries.USER_EXISTS, {"login": stored}).single_value())
        store.query(queries.FORGET_USER, {"login": stored})
        store.query(queries.FORGET_BANNED, {"login": stored})
        store.query(queries.FORGET_VERIFICATION, {"login": stored})
        for day in sorted(days_with_schedule(options.profile_dir)):
            if erase_from_day_file(day_file(options.profile_dir, parse_day(day)), {stored}):
                report.day_files.append(day)
        say(f"graph and day schedules: {stored} erased ({len(report.day_files)} day files rewritten)")
        if is_pseudonym(login) and key:
            report.notes.append(
                "raw samples and archives hold real logins: forget the real login to erase them"
            )
            return report
        for folder in sample_dirs:
            report.sample_files += [str(p) for p in _erase_from_samples(folder, login)]
            report.archives += [str(p) for p in _erase_from_archives(folder, login)]
        say(
            f"raw data: {len(report.sample_files)} window files and {len(report.archives)} archives rewritten"
        )
    store.persist()
    log.info("forgot a viewer: %d day files, %d window files, %d archives rewritten",
             len(report.day_files), len(report.sample_files), len(report.archives))  # fmt: skip
    return report


# Every list of a window's channel entry that names people.
PEOPLE_KEYS = ("chatters", "lurkers", *archives.LIST_KEYS)


def _without(document: dict[str, Any], login: str) -> dict[str, Any]:
    for channel in document.get("channels", []):
        for key in PEOPLE_KEYS:
            channel[key] = [x for x in channel[key] if x.lower() != login]
    return document


def _mentions(document: dict[str, Any], login: str) -> bool:
    return any(
        login == x.lower()
        for channel in document.get("channels", [])
        for key in PEOPLE_KEYS
        for x in channel[key]
    )


def _erase_from_samples(folder: Path, login: str) -> list[Path]:
    rewritten = []
    for path in list_samples(folder) if folder.is_dir() else []:
        document = read_sample(path)
        if not _mentions(document, login):
            continue
        _rewrite_sample(path, _without(document, login))
        rewritten.append(path)
    return rewritten


def _rewrite_sample(path: Path, document: dict[str, Any]) -> None:
    """Rewrite one window file with its totals recounted, atomically."""
    document["totals"] = {
        **document.get("totals", {}),
        "viewers": len({x for c in document["channels"] for k in ("chatters", "lurkers") for x in c[k]}),
        "chatters": sum(len(c["chatters"]) for c in document["channels"]),
        "lurkers": sum(len(c["lurkers"]) for c in document["channels"]),
    }
    replace_sample(path, document)


def _erase_from_archives(folder: Path, login: str) -> list[Path]:
    rewritten = []
    for day in archived_days(folder):
        path = archive_path(folder, day)
        if not _archive_mentions(path, login):
            continue
        documents = [_without(d, login) for d in archives.read_archive_documents(path)]
        for document in documents:
            if "totals" in document:
                document["totals"] = {
                    **document["totals"],
                    "chatters": sum(len(c["chatters"]) for c in document.get("channels", [])),
                    "lurkers": sum(len(c["lurkers"]) for c in document.get("channels", [])),
                }
        archives.write_archive(path, iter(documents), verify=lambda docs=documents: iter(docs))
        rewritten.append(path)
    return rewritten


def _archive_mentions(path: Path, login: str) -> bool:
    """Whether an archive names ``login``: among its viewers, or only as a VIP or moderator."""
    if login in {x.lower() for x in archives.read_runs(path).logins}:
        return True
    table = pq.read_table(path, columns=list(archives.LIST_KEYS))
    return any(
        login == x.lower()
        for key in archives.LIST_KEYS
        for names in table[key].to_pylist()
        for x in names or ()
    )


@dataclass
class RetentionReport:
    sample_files: int = 0
    kept_unarchived: dict[str, int] = field(default_factory=dict)  # day -> old windows kept: not archived
    archives: list[str] = field(default_factory=list)
    day_files: list[str] = field(default_factory=list)


def enforce_retention(
    options: PipelineOptions, sample_dirs: list[Path], today: date | None = None
) -> RetentionReport:
    """Delete what is older than the retention settings allow; every deletion is logged."""
    tz = options.tz
    today = today or datetime.now(tz).date()
    report = RetentionReport()
    sample_days, archive_days = options.sample_retention_days, options.archive_retention_days
    for folder in sample_dirs:
        if sample_days > 0 and folder.is_dir():
            _delete_old_windows(folder, today, sample_days, tz, report)
            for day, count in report.kept_unarchived.items():
                log.warning("retention: kept %d old windows of %s: archive that day first", count, day)
        if archive_days > 0:
            for day in archived_days(folder):
                if day < today - timedelta(days=archive_days):
                    path = archive_path(folder, day)
                    path.unlink()
                    report.archives.append(str(path))
                    log.info("retention: deleted %s (older than %d days)", path, archive_days)
    if archive_days > 0 and (options.profile_dir / "days").is_dir():
        oldest = today - timedelta(days=archive_days)
        for name in sorted(days_with_schedule(options.profile_dir)):
            if parse_day(name) < oldest:
                day_file(options.profile_dir, parse_day(name)).unlink()
                report.day_files.append(name)
                log.info(
                    "retention: deleted the day schedules of %s (older than %d days)", name, archive_days
                )
    return report


def _delete_old_windows(folder: Path, today: date, days: int, tz: ZoneInfo, report: RetentionReport) -> None:
    """Delete the window files older than ``days``, but only those of archived days: the archive holds
    everything day processing needs, so retention never destroys a day that was not processed or packed."""
    oldest = today - timedelta(days=days)
    archived = set(archived_days(folder))
    for path in list_samples(folder):
        moment = sample_start(path)
        if moment is None or (day := local_date(moment, tz)) >= oldest:
            continue
        if day not in archived:
            report.kept_unarchived[str(day)] = report.kept_unarchived.get(str(day), 0) + 1
            continue
        path.unlink()
        report.sample_files += 1
        log.info("retention: deleted %s (older than %d days)", path, days)
