"""The consumer loop: fetch a batch, write it, keep its dead letters, then commit; until told to stop.

Order is what makes the guarantees. A batch is committed only once it is written and its dead letters are
kept, so a crash at any point delivers it again (at least once), and the writer's MERGEs make the second
delivery change nothing (exactly-once outcome). A batch that fails (database or broker away) is fetched
again after a pause, saying so once; the loop never stops on a bad message or an outage.
"""

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from backend.graph.store import StoreError
from backend.stream.sources import Source, SourceError
from backend.stream.status import ConsumerStats, StreamStatus
from backend.stream.writer import RawMessage, Writer

__all__ = ["ConsumerOptions", "run", "stop_on_signals"]

log = logging.getLogger(__name__)

Progress = Callable[[ConsumerStats], None]


@dataclass(frozen=True)
class ConsumerOptions:
    # Memgraph's Kafka stream defaults: a batch is 1,000 messages or what 100 ms brought, whichever first.
    batch_size: int = 1_000
    batch_interval_s: float = 0.1
    until_idle_s: float | None = None  # return after this long without a message (None: never)
    retry_s: float = 1.0  # pause before fetching a failed batch again
    progress_every_s: float = 5.0  # how often ``progress`` hears from the loop


def run(
    source: Source,
    writer: Writer,
    options: ConsumerOptions = ConsumerOptions(),
    *,
    stop: threading.Event | None = None,
    status: StreamStatus | None = None,
    progress: Progress | None = None,
) -> ConsumerStats:
    """Consume ``source`` into ``writer`` until ``stop`` is set, the source is over, or it has been idle
    for ``options.until_idle_s``; the current batch is always finished and committed first. The source is
    closed on return."""
    stop = stop or threading.Event()
    status = status or StreamStatus(source.description)
    loop = _Loop(source, writer, options, stop, status, progress)
    try:
        loop.run()
    finally:
        source.close()
        status.set_state("stopped")
    return status.snapshot()


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set ``stop`` (the batch in hand is finished and committed); a second one stops
    at once, as usual. Main thread only."""
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def handle(signum: int, _frame: FrameType | None) -> None:
        log.info("%s: finishing the batch in hand", signal.Signals(signum).name)
        stop.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    for sig in previous:
        signal.signal(sig, handle)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Loop:
    def __init__(
        self,
        source: Source,
        writer: Writer,
        options: ConsumerOptions,
        stop: threading.Event,
        status: StreamStatus,
        progress: Progress | None,
    ) -> None:
        self.source, self.writer, self.options = source, writer, options
        self.stop, self.status, self.progress = stop, status, progress
        # What is being waited out, by where it comes from ("source", "write"); each said once.
        self.problems: dict[str, str] = {}
        self.last_progress = time.monotonic()

    def run(self) -> None:
        self.status.set_state("running")
        idle_since = time.monotonic()
        while not self.stop.is_set():
            messages = self.source.fetch(self.options.batch_size, self.options.batch_interval_s)
            self._note("source", self.source.problem())
            now = time.monotonic()
            if messages:
                self._deliver(messages)
                idle_since = time.monotonic()
            elif self.source.exhausted:
                return
            elif self._idle_for(now, idle_since) >= (self.options.until_idle_s or float("inf")):
                log.info("no message for %g s: stopping", self.options.until_idle_s)
                return
            else:
                self.source.commit()  # retries a commit that failed, if any; nothing otherwise
            self._tick(now)

    def _deliver(self, messages: list[RawMessage]) -> None:
        """Write, keep the dead letters, commit; or, on failure, fetch the same batch again later."""
        try:
            result = self.writer.write(messages)
            self.source.dead_letter(result.dead_letters)
        except (StoreError, SourceError) as exc:
            self.source.rewind()
            self._note("write", f"batch not written ({exc}); trying again every {self.options.retry_s:g} s")
            self.stop.wait(self.options.retry_s)
            return
        self.source.commit()
        self._note("write", None)
        self.status.record(result, self.source.lag())

    def _idle_for(self, now: float, idle_since: float) -> float:
        """Idle time counts from the last message or from when the source got ready, whichever is later;
        not before: a consumer group takes seconds to hand out partitions, and that is no idleness."""
        if self.source.ready_at is None:
            return 0.0
        return now - max(idle_since, self.source.ready_at)

    def _note(self, where: str, problem: str | None) -> None:
        """Say a problem once when it starts and once when it is over; the status keeps the last one."""
        before = self.problems.get(where)
        if problem == before:
            return
        if problem is not None:
            log.warning("%s: waiting", problem)
            self.problems[where] = problem
            self.status.error(problem)
            return
        log.warning("resumed (%s)", before)
        del self.problems[where]
        if not self.problems:
            self.status.set_state("running")

    def _tick(self, now: float) -> None:
        if now - self.last_progress < self.options.progress_every_s:
            return
        self.last_progress = now
        self.status.set_lag(self.source.lag())
        if self.progress:
            self.progress(self.status.snapshot())
