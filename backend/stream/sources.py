"""Where the consumer loop's messages come from: the ``Source`` seam, and an in-process replay.

The loop (``consumer.py``) only fetches, writes, hands back dead letters and commits; a source decides
what those mean. ``KafkaSource`` (``kafka.py``) is a consumer group member. ``InProcessReplay`` feeds the
same loop with an import folder's rows at a set rate and no broker, which is what ``make run`` shows
when no ``KAFKA_BOOTSTRAP_SERVERS`` is set.
"""

import logging
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from backend.stream.rows import FOLDER_FILES, count_rows, folder_messages
from backend.stream.writer import DeadLetter, RawMessage

__all__ = ["InProcessReplay", "Source", "SourceError"]

log = logging.getLogger(__name__)

_END = object()  # the end of the rows (None is a skipped row)
KEPT_DEAD_LETTERS = 100  # the in-process replay has no dead-letter topic: it keeps the last ones


class SourceError(Exception):
    """The source cannot do what was asked now (the broker is gone, say); the batch is fetched again."""


class Source(Protocol):
    """A stream of (key, value) messages, delivered at least once."""

    description: str  # for people and /stream/status: "kafka 127.0.0.1:9092 topic chatters ..."
    ready_at: float | None  # monotonic time it last became able to deliver (Kafka: partitions assigned)

    def fetch(self, max_messages: int, timeout_s: float) -> list[RawMessage]:
        """Up to ``max_messages``, waiting at most ``timeout_s`` for them."""
        ...

    def dead_letter(self, letters: Sequence[DeadLetter]) -> None:
        """Keep ``letters`` durably before returning. :raise SourceError: they could not be kept."""
        ...

    def commit(self) -> None:
        """Everything fetched so far is written: never deliver it again. Failing is allowed (it is
        delivered again, which the writer makes harmless); a later commit retries."""
        ...

    def rewind(self) -> None:
        """The last fetch was not written: deliver it again."""
        ...

    def problem(self) -> str | None:
        """Why nothing can arrive now (broker unavailable...), or None."""
        ...

    def lag(self) -> int | None:
        """Messages waiting to be fetched, if cheaply known."""
        ...

    @property
    def exhausted(self) -> bool:
        """Nothing will ever arrive again (a replay that is over; never for Kafka)."""
        ...

    def close(self) -> None: ...


class InProcessReplay:
    """An import folder's VIP, moderator and chatter rows as messages, ``rate`` a second (None: at once)."""

    def __init__(
        self,
        folder: Path,
        rate: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.description = f"in-process replay of {folder}" + (f" at {rate:g} messages/s" if rate else "")
        self.dead_letters: deque[DeadLetter] = deque(maxlen=KEPT_DEAD_LETTERS)
        self._rows: Iterator[RawMessage | None] = folder_messages(folder)
        self._total = count_rows([folder / name for name in FOLDER_FILES if (folder / name).is_file()])
        self._rate = rate
        self._clock = clock
        self._sleep = sleep
        self._started = clock()  # the rate counts from here
        self.ready_at: float | None = self._started
        self._served = 0  # rows taken from the files, messages or not
        self._pending: list[RawMessage] = []  # fetched, not committed yet
        self._again: list[RawMessage] = []  # rewound: the next fetch returns them
        self._done = False

    def fetch(self, max_messages: int, timeout_s: float) -> list[RawMessage]:
        if self._again:
            self._pending, self._again = self._again, []
            return self._pending
        due = self._wait_for_due(max_messages, timeout_s)
        batch: list[RawMessage] = []
        while len(batch) < due and not self._done:
            row = next(self._rows, _END)
            if row is _END:
                self._done = True
                break
            self._served += 1
            if row is not None:  # None: a row that is no message, skipped
                batch.append(row)
        self._pending = batch
        return batch

    def dead_letter(self, letters: Sequence[DeadLetter]) -> None:
        for letter in letters:
            log.debug("dead letter: %s", letter.reason)
        self.dead_letters.extend(letters)

    def commit(self) -> None:
        self._pending = []

    def rewind(self) -> None:
        self._again = self._pending

    def problem(self) -> str | None:
        return None

    def lag(self) -> int | None:
        return 0 if self._done else max(self._total - self._served, 0)

    @property
    def exhausted(self) -> bool:
        return self._done and not self._again

    def close(self) -> None:
        self._rows = iter(())

    def _wait_for_due(self, max_messages: int, timeout_s: float) -> int:
        """How many rows the rate allows now, waiting up to ``timeout_s`` for at least one."""
        if self._rate is None:
            return max_messages
        due = int((self._clock() - self._started) * self._rate) - self._served
        if due <= 0:
            self._sleep(min(timeout_s, (1 - due) / self._rate))
            due = int((self._clock() - self._started) * self._rate) - self._served
        return min(max(due, 0), max_messages)
