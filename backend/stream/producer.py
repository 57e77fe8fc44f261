"""Messages onto the topic: a replay of a ``user_id,chatter_login`` file, or live chatter events.

Each message is keyed by the broadcaster's user id, so one channel's messages stay in order in one
partition. A replay reports done only once the broker has acknowledged every message (or the delivery
timeout has passed): its counts are deliveries, not attempts.
"""

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confluent_kafka import KafkaError, Message, Producer

from backend.stream.kafka import client_config
from backend.stream.rows import file_messages
from contracts.stream import TOPIC, ChatterEvent, encode

__all__ = ["ProduceResult", "publish_live", "replay_file"]

DELIVERY_TIMEOUT_S = 30.0  # a message the broker has not acknowledged by then counts as failed
POLL_EVERY = 1_000  # messages between two polls for delivery reports (callbacks run in poll)
QUEUE_FULL_WAIT_S = 0.1

Progress = Callable[[int], None]  # told the number of messages sent so far


@dataclass(frozen=True)
class ProduceResult:
    sent: int
    delivered: int
    failed: int
    skipped: int  # rows that are no message (not two fields)
    first_error: str | None
    seconds: float


def replay_file(
    path: Path,
    bootstrap: str,
    *,
    topic: str = TOPIC,
    kind: str = "chatter",
    interval_s: float = 0.0,
    options: Mapping[str, Any] | None = None,
    stop: threading.Event | None = None,
    progress: Progress | None = None,
) -> ProduceResult:
    """Send a message per row of ``path`` (header or not) as ``kind``, ``interval_s`` apart; wait for the
    broker's acknowledgements before returning. ``stop`` ends the replay early (what was sent is still
    awaited)."""
    publisher = _Publisher(bootstrap, topic, options)
    skipped = 0
    for row in file_messages(path, kind):
        if stop is not None and stop.is_set():
            break
        if row is None:
            skipped += 1
            continue
        publisher.send(*row)
        if progress and publisher.sent % POLL_EVERY == 0:
            progress(publisher.sent)
        if interval_s:
            _pause(interval_s, stop)
    return publisher.finish(skipped)


def publish_live(
    events: Iterable[ChatterEvent],
    bootstrap: str,
    *,
    topic: str = TOPIC,
    options: Mapping[str, Any] | None = None,
) -> ProduceResult:
    """Send each event as it comes (a queue's ``iter(queue.get, None)`` works), then wait for the
    acknowledgements. Messages go out within ``linger.ms`` of their event, not at the end."""
    publisher = _Publisher(bootstrap, topic, {"linger.ms": 20, **(options or {})})
    for event in events:
        publisher.send(event.key, encode(event))
    return publisher.finish(0)


class _Publisher:
    """A producer that counts acknowledgements and failures, and survives a full local queue."""

    def __init__(self, bootstrap: str, topic: str, options: Mapping[str, Any] | None) -> None:
        config = client_config(bootstrap, options)
        config.setdefault("message.timeout.ms", int(DELIVERY_TIMEOUT_S * 1000))
        self._producer = Producer(config)
        self._topic = topic
        self._started = time.perf_counter()
        self.sent = self.delivered = self.failed = 0
        self.first_error: str | None = None

    def send(self, key: bytes | None, value: bytes) -> None:
        while True:
            try:
                self._producer.produce(self._topic, value, key, on_delivery=self._delivered)
                break
            except BufferError:  # librdkafka's queue is full: let it drain
                self._producer.poll(QUEUE_FULL_WAIT_S)
        self.sent += 1
        if self.sent % POLL_EVERY == 0:
            self._producer.poll(0)

    def finish(self, skipped: int) -> ProduceResult:
        """Wait for every acknowledgement (up to the delivery timeout, which fails what is left)."""
        left = self._producer.flush(DELIVERY_TIMEOUT_S + 5)
        if left:
            self.failed += left
            self.first_error = self.first_error or f"{left} messages never acknowledged"
        seconds = time.perf_counter() - self._started
        return ProduceResult(self.sent, self.delivered, self.failed, skipped, self.first_error, seconds)

    def _delivered(self, error: KafkaError | None, _message: Message) -> None:
        if error is None:
            self.delivered += 1
            return
        self.failed += 1
        self.first_error = self.first_error or error.str()


def _pause(seconds: float, stop: threading.Event | None) -> None:
    if stop is not None:
        stop.wait(seconds)
    else:
        time.sleep(seconds)
