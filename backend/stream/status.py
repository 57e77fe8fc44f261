"""Where a consumer stands, for people and for ``/stream/status``: counts, rate, lag, the last error.

The loop records into a ``StreamStatus`` from its own thread; any other thread (an API route) reads a
``ConsumerStats`` snapshot, a frozen copy taken under a lock.
"""

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from backend.stream.writer import BatchResult

__all__ = ["ConsumerStats", "StreamStatus"]

RATE_WINDOW_S = 10.0  # the rate is over the last ten seconds: recent, yet not one batch's jitter
KEPT_REASONS = 10  # the last dead-letter reasons shown


@dataclass(frozen=True)
class ConsumerStats:
    source: str
    state: str  # starting, running, waiting (for the broker or the database), stopped
    messages: int = 0
    written: dict[str, int] = field(default_factory=dict)  # relationship type -> messages written
    dead_letters: int = 0
    recent_dead_letters: tuple[str, ...] = ()  # their reasons, newest last
    new_users: int = 0
    created_edges: int = 0  # edges certainly new (see BatchResult)
    batches: int = 0
    rate: float = 0.0  # messages a second over the last RATE_WINDOW_S
    lag: int | None = None  # messages waiting, when the source can tell cheaply
    last_error: str | None = None
    last_error_at: str | None = None  # ISO 8601 UTC
    started_at: str = ""
    last_message_at: str | None = None
    seconds: float = 0.0  # since start

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class StreamStatus:
    """The running totals of one consumer; thread-safe."""

    def __init__(self, source: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._started = clock()
        self._recent: deque[tuple[float, int]] = deque()  # (when, messages) of the last batches
        self._reasons: deque[str] = deque(maxlen=KEPT_REASONS)
        self._stats = ConsumerStats(source=source, state="starting", started_at=_now())

    def record(self, result: BatchResult, lag: int | None) -> None:
        """A batch was written and committed."""
        now = self._clock()
        with self._lock:
            self._recent.append((now, result.messages))
            self._reasons.extend(letter.reason for letter in result.dead_letters)
            written = dict(self._stats.written)
            for rel_type, count in result.written.items():
                written[rel_type] = written.get(rel_type, 0) + count
            self._update(
                state="running",
                messages=self._stats.messages + result.messages,
                written=written,
                dead_letters=self._stats.dead_letters + len(result.dead_letters),
                recent_dead_letters=tuple(self._reasons),
                new_users=self._stats.new_users + result.new_users,
                created_edges=self._stats.created_edges + result.created_edges,
                batches=self._stats.batches + 1,
                lag=lag,
                last_message_at=_now(),
            )

    def set_state(self, state: str) -> None:
        with self._lock:
            self._update(state=state)

    def set_lag(self, lag: int | None) -> None:
        with self._lock:
            self._update(lag=lag)

    def error(self, message: str) -> None:
        with self._lock:
            self._update(state="waiting", last_error=message, last_error_at=_now())

    def snapshot(self) -> ConsumerStats:
        with self._lock:
            now = self._clock()
            while self._recent and self._recent[0][0] < now - RATE_WINDOW_S:
                self._recent.popleft()
            window = min(RATE_WINDOW_S, max(now - self._started, 1e-9))
            rate = sum(count for _when, count in self._recent) / window
            return replace(self._stats, rate=rate, seconds=now - self._started)

    def _update(self, **changes: Any) -> None:
        self._stats = replace(self._stats, **changes)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
