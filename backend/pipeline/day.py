"""``twitchgraph process-day``: one local day of windows into the graph's profiles, timed, verified.

Stages, each timed: ``read`` (raw files or archive into integer codes, ``day_input``), ``restructure``
(ingest identity: lowercase, pseudonym, do-not-track; local hours), ``bots`` (the per-window rule and known
names; bans and erasure), ``profiles`` (the stored state of the day's viewers and the core's update),
``graph`` (WATCHED, profiles, CHATTER), ``schedules`` (the day file of day schedules) and ``verify`` (one
random viewer's raw day, kept aside, against what the store then says). Days go in order, once: the next
day is the earliest day with data after the last processed one; a processed day is left as it is.
"""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from backend.files.day_schedules import day_file, write_day_schedules
from backend.files.profile_folder import exclusive
from backend.files.sample_folders import days_with_data
from backend.graph import queries
from backend.graph.schema import ensure_schema
from backend.graph.store import GraphStore
from backend.pipeline.day_input import read_day
from backend.pipeline.ingest import ban_bots, day_schedules, ingest_rules, restructure
from backend.pipeline.options import PipelineOptions
from backend.pipeline.privacy import enforce_retention
from backend.pipeline.update import profile_update, write_graph
from backend.pipeline.verify import Verification
from backend.profiles.state import viewer_profile
from contracts.days import parse_day, zone
from contracts.samples import format_time

__all__ = ["STAGES", "DayOrderError", "DayResult", "expected_day", "process_day"]

log = logging.getLogger(__name__)

STAGES = ("read", "restructure", "bots", "profiles", "graph", "schedules", "verify")


class DayOrderError(Exception):
    """The day cannot be processed now: out of order, not over, or nothing to process."""


class DayNotOverError(DayOrderError):
    """The day has not ended yet in the profiles' time zone (``--all`` stops there, without failing)."""


@dataclass
class DayResult:
    day: date
    processed: bool  # False: it had been processed already, nothing changed
    stats: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[str], None]


def expected_day(store: GraphStore, folder: Path, timezone: str) -> date | None:
    """The next day to process: the earliest day with data after the last processed one."""
    last = _last_day(store)
    pending = [d for d in days_with_data(folder, zone(timezone)) if last is None or d > last]
    return pending[0] if pending else None


def process_day(
    store: GraphStore,
    options: PipelineOptions,
    folder: Path,
    day: date,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> DayResult:
    """Process ``day`` of ``folder`` into the graph (see the module's docstring).

    :raise DayOrderError: the day is out of order or not over yet.
    :raise InputError: the day has no readable windows.
    """
    say = progress or (lambda _m: None)
    tz = options.tz
    ensure_schema(store)
    with exclusive(options.profile_dir):
        status = store.ro_query(queries.DAY_STATUS, {"date": day.isoformat()}).first()
        if status is not None:
            return DayResult(day, False, {"sanity": status[1]})
        _check_order(store, folder, day, options.timezone, (now or datetime.now(tz)).astimezone(tz).date())
        result = _run(store, options, folder, day, _Timer(day, say))
        store.persist()
    enforce_retention(options, [folder], today=(now or datetime.now(tz)).astimezone(tz).date())
    return result


def _check_order(store: GraphStore, folder: Path, day: date, timezone: str, today: date) -> None:
    if day >= today:
        raise DayNotOverError(f"{day} is not over yet in {timezone}: a day is processed once it has ended")
    last = _last_day(store)
    if last is not None and day < last:
        raise DayOrderError(
            f"{day} comes before the last processed day, {last}: profiles move forward one day at a time, "
            "so a day that was skipped cannot be added later"
        )
    wanted = expected_day(store, folder, timezone)
    if wanted is None:
        raise DayOrderError(f"no unprocessed day with samples in {folder}")
    if day != wanted:
        raise DayOrderError(
            f"{day} is out of order: the next day to process is {wanted} "
            f"(the earliest day with samples after {last or 'none'}); process it first"
        )


def _last_day(store: GraphStore) -> date | None:
    row = store.ro_query(queries.LAST_DAY).first()
    return parse_day(row[0]) if row else None


class _Timer:
    """Times the stages of one day, saying each one's seconds as it ends."""

    def __init__(self, day: date, say: Progress) -> None:
        self.day, self.say = day, say
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - started, 3)
        self.say(f"{self.day}: {name} {self.seconds[name]:.1f} s")


def _run(store: GraphStore, options: PipelineOptions, folder: Path, day: date, stage: _Timer) -> DayResult:
    """The stages in order, then the day's record (counts, timings, the verification's outcome)."""
    with stage("read"):
        raw = read_day(folder, day, timezone=options.timezone)
    with stage("restructure"):
        ingested = restructure(raw, ingest_rules(store, options))
    windows, source = int(raw.window_starts.size), raw.source
    del raw  # the day's codes live on in ``ingested``; the raw arrays are as big
    with stage("bots"):
        bots_banned = ban_bots(
            store,
            ingested,
            day,
            threshold=options.bot_channels_per_window,
            profile_dir=options.profile_dir,
            say=stage.say,
        )
    check = Verification.pick(ingested, day)  # the raw day, kept aside before anything is written
    with stage("profiles"):
        update = profile_update(store, ingested, day)
    if check is not None:
        check.before = viewer_profile(store, check.viewer)
    with stage("graph"):
        write_graph(store, update)
    del update  # hundreds of MB of per-viewer and per-pair arrays; the schedules need only ``ingested``
    with stage("schedules"):
        write_day_schedules(day_file(options.profile_dir, day), day_schedules(ingested))
    with stage("verify"):
        sanity, detail = (
            check.run(store, options.profile_dir, options.tz) if check else ("ok", "no viewer that day")
        )
    stats = {
        "date": day.isoformat(),
        "viewers": int(ingested.viewers.size),
        "channels": int(np.unique(ingested.channel).size),
        "windows": windows,
        "presences": int(ingested.viewer.size),
        "bots_banned": bots_banned,
        "source": source,
        "sanity": sanity,
        "stage_names": list(stage.seconds),
        "stage_seconds": list(stage.seconds.values()),
        "processed_at": format_time(int(time.time())),
        "verify_viewer": check.viewer if check else None,
        "verify_windows": len(check.raw_windows) if check else None,
        "verify_detail": detail,
    }
    store.query(queries.MERGE_DAY, stats)
    log.info("processed %s: %s", day, stats)
    return DayResult(day, True, stats)
