"""Scores before anyone asks: one background thread keeps PageRank and betweenness at the graph's version.

The thread polls ``store.version()`` (one GET). When the graph changes (a load, a processed day, a
stream batch, from this process or another) it waits until the graph has been still for the debounce
time, or changes have gone on for the longest delay (a stream never stops), then computes each measure
in turn, then the jobs it was given (the default atlas). A change during the computation cancels the
work not yet started: the thread starts over with the newer graph. Requests never compute: they get the
newest computation, marked stale when the graph has moved on since; only the very first one waits, up to
a limit, for the first computation.
"""

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from werkzeug.exceptions import ServiceUnavailable

from backend.graph.store import GraphStore, StoreError
from backend.scores.whole_graph import MEASURES, Computation, ScoreCache

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5


@dataclass(frozen=True)
class Timing:
    """How often the graph is looked at, how long it must be still, how long changes may defer a
    recompute, how long the first request waits for the first scores, and how long an unpinned thread
    lives without a request (an app made for a test, say)."""

    poll_s: float = 0.5
    debounce_s: float = 2.0
    max_delay_s: float = 30.0
    first_wait_s: float = 60.0
    idle_s: float = 300.0


class BackgroundJob(Protocol):
    """More whole-graph work kept at the graph's version after the scores (the atlas, say)."""

    name: str

    def done_for(self, version: str) -> bool: ...

    def run(self, store: GraphStore, version: str) -> None: ...


class Served:
    """What a request gets: a computation and whether the graph has changed since it was made."""

    def __init__(self, computation: Computation, stale: bool) -> None:
        self.computation = computation
        self.stale = stale


class ScoreRefresher:
    """Keeps ``cache`` at the version of the store that ``store_of()`` opens."""

    def __init__(
        self,
        store_of: Callable[[], GraphStore],
        cache: ScoreCache,
        timing: Timing,
        jobs: Sequence[BackgroundJob] = (),
    ) -> None:
        self._store_of = store_of
        self.cache = cache
        self._jobs = tuple(jobs)
        self._timing = timing
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._pinned = False
        self._last_asked = time.monotonic()
        self._seen: str | None = None  # the last version the thread saw
        self._changed_at = 0.0  # when it saw it change
        self._pending_since: float | None = None  # when the scores first fell behind

    def start(self, *, pinned: bool = False) -> None:
        """Run the thread if it is not running; a pinned one runs until stop(), not only while asked."""
        with self._lock:
            self._pinned = self._pinned or pinned
            self._last_asked = time.monotonic()
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="score-refresher", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def served(self, measure: str) -> Served:
        """The newest computation of ``measure``, marked stale when the graph changed since; never
        computed here. Before the first computation: waits for it, then a 503 with Retry-After."""
        self.start()
        computation = self.cache.latest(measure) or self.cache.wait_for_first(
            measure, self._timing.first_wait_s
        )
        if computation is None:
            raise ServiceUnavailable(
                f"{measure} is being computed for the first time; try again in a few seconds",
                retry_after=RETRY_AFTER_S,
            )
        return Served(computation, computation.version != self._store_of().version())

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._pinned and time.monotonic() - self._last_asked > self._timing.idle_s:
                with self._lock:
                    self._thread = None
                return
            try:
                self._step()
            except StoreError as exc:  # the database is away or slow: try again at the next poll
                log.warning("scores: %s", exc)
            except Exception:  # the thread must outlive any one failure
                log.exception("scores: the recomputation failed")
            self._stop.wait(self._timing.poll_s)

    def _step(self) -> None:
        store = self._store_of()
        version = store.version()
        behind = [m for m in MEASURES if (c := self.cache.latest(m)) is None or c.version != version]
        behind += [job.name for job in self._jobs if not job.done_for(version)]
        now = time.monotonic()
        if not behind:
            self._pending_since = None
            return
        if version != self._seen:
            self._seen, self._changed_at = version, now
            self._pending_since = self._pending_since or now
        first = any(self.cache.latest(m) is None for m in MEASURES)
        still = now - self._changed_at >= self._timing.debounce_s
        overdue = now - (self._pending_since or now) >= self._timing.max_delay_s
        if first or still or overdue:
            self._recompute(store, version, behind)

    def _recompute(self, store: GraphStore, version: str, measures: list[str]) -> None:
        started = time.monotonic()
        jobs = {job.name: job for job in self._jobs}
        for measure in measures:
            if store.version() != version or self._stop.is_set():
                log.info("scores: the graph changed again; recomputing from the new version")
                return
            if measure in jobs:
                jobs[measure].run(store, version)
            else:
                self.cache.compute(store, measure, version)
        self._pending_since = None
        log.info(
            "scores: %s computed for version %s in %.1f s",
            ", ".join(measures),
            version,
            time.monotonic() - started,
        )
