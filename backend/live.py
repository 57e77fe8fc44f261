"""Live events for ``/events``: one watcher thread per app, fanned out to every open stream.

The thread polls ``store.version()`` (cheap: a token that changes with the topology) every
``EVENTS_POLL_MS``, and counts nodes and edges only when it changed; it runs while at least one stream
is open and stops with the last one, so an app nobody watches never polls. Each open stream has a small
queue of its own; a slow reader loses its oldest events, never blocks the others.

A stream consumer running in the same process plugs in here (nothing here imports it): ``attach_stream``
hands over its status (an object whose ``snapshot()`` has ``as_dict()``, as
``backend.stream.status.StreamStatus``), which ``/stream/status`` reads and the watcher sends as ``stream``
events when it changes; ``publish_batch`` (or ``publish_chatters``) sends the chatters a written batch
brought, per channel, as ``chatters`` events: ``{channel: login, user_id, logins, new?, rate}``.
"""

import contextlib
import json
import logging
import queue
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from backend.graph import reads
from backend.graph.store import GraphStore, StoreError
from contracts.stream import ChatterEvent

__all__ = ["EventHub", "Subscription", "format_event", "stream_body"]

log = logging.getLogger(__name__)

QUEUE_SIZE = 100  # events waiting for one slow reader; older ones are dropped
RATE_WINDOW_S = 10.0  # a channel's chatter rate is over the last ten seconds
MAX_LOGINS = 50  # logins per chatters event: a feed, not a dump
SOURCES = ("kafka", "replay", "none")


class StatsLike(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


class StatusLike(Protocol):
    def snapshot(self) -> StatsLike: ...


class Subscription:
    """One open stream's queue of (event, data) pairs."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=QUEUE_SIZE)

    def offer(self, event: str, data: Any) -> None:
        while True:
            try:
                self.queue.put_nowait((event, data))
                return
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self.queue.get_nowait()  # the oldest goes: the newest counts matter more


class EventHub:
    """The app's live events: subscriptions, the watcher thread, the stream hooks. Thread-safe."""

    def __init__(self, store: Callable[[], GraphStore], poll_s: float) -> None:
        self._store = store
        self._poll_s = poll_s
        self._lock = threading.Lock()
        self._subscribers: set[Subscription] = set()
        self._thread: threading.Thread | None = None
        self._version: str | None = None
        self._counts: dict[str, int] | None = None
        self._stream_status: StatusLike | None = None
        self._stream_body: dict[str, Any] | None = None
        self._recent: dict[str, deque[tuple[float, int]]] = defaultdict(deque)

    # --- streams ------------------------------------------------------------------------------------

    def subscribe(self, limit: int) -> Subscription | None:
        """A new subscription with the last known counts and stream status in it; None when ``limit``
        streams are open already."""
        with self._lock:
            if len(self._subscribers) >= limit:
                return None
            subscription = Subscription()
            if self._counts is not None:
                subscription.offer("counts", self._counts)
            if self._stream_body is not None:
                subscription.offer("stream", self._stream_body)
            self._subscribers.add(subscription)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="events-watcher", daemon=True)
                self._thread.start()
            return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    @property
    def open_streams(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def publish(self, event: str, data: Any) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscription in subscribers:
            subscription.offer(event, data)

    # --- the in-process stream consumer's hooks ----------------------------------------------------

    def attach_stream(self, status: StatusLike | None) -> None:
        """The status of the consumer this process runs (None: it stopped)."""
        with self._lock:
            self._stream_status = status
            self._stream_body = None

    def stream_status(self) -> dict[str, Any]:
        """The ``/stream/status`` body: the attached consumer's figures, or source ``none``."""
        with self._lock:
            status = self._stream_status
        return stream_body(status.snapshot().as_dict() if status is not None else None)

    def publish_chatters(
        self, channel: str, user_id: str, logins: list[str], rate: float, new: list[str] | None = None
    ) -> None:
        """One ``chatters`` event; ``new`` (the logins whose edge did not exist) only when known."""
        data: dict[str, Any] = {"channel": channel, "user_id": user_id, "logins": logins[:MAX_LOGINS]}
        if new is not None:
            data["new"] = new[:MAX_LOGINS]
        data["rate"] = round(rate, 2)
        self.publish("chatters", data)

    def publish_batch(
        self, events: Iterable[ChatterEvent], created: set[tuple[str, str]] | None = None
    ) -> None:
        """A written batch's chatters as one ``chatters`` event per channel, named by its login (the
        stream writer gives every message its channel's; a message without one is named by the
        broadcaster's id), with the channel's rate over the last ten seconds, and which chatters are new
        there when ``created`` says (the (broadcaster id, login) pairs whose edge the batch created)."""
        by_channel: dict[tuple[str, str], list[str]] = defaultdict(list)
        for event in events:
            by_channel[(event.user_id, event.streamer_login or event.user_id)].append(event.chatter_login)
        now = time.monotonic()
        for (user_id, channel), logins in by_channel.items():  # logins: one per message, as they came
            new = None
            if created is not None:
                new = [login for login in dict.fromkeys(logins) if (user_id, login) in created]
            self.publish_chatters(channel, user_id, logins, self._rate(channel, len(logins), now), new)

    def _rate(self, channel: str, arrived: int, now: float) -> float:
        """``channel``'s chatters a second over the last RATE_WINDOW_S, ``arrived`` just now included."""
        with self._lock:
            recent = self._recent[channel]
            recent.append((now, arrived))
            while recent and recent[0][0] < now - RATE_WINDOW_S:
                recent.popleft()
            return sum(count for _when, count in recent) / RATE_WINDOW_S

    # --- the watcher --------------------------------------------------------------------------------

    def _watch(self) -> None:
        """Until the last stream closes: counts when the version changed, the stream status when it did."""
        while True:
            with self._lock:
                if not self._subscribers:
                    self._thread = None
                    return
            try:
                self._check_counts()
                self._check_stream()
            except Exception:  # the watcher must outlive any one failure; the next poll tries again
                log.exception("live events: polling failed")
            time.sleep(self._poll_s)

    def _check_counts(self) -> None:
        try:
            store = self._store()
            version = store.version()
            if version == self._version and self._counts is not None:
                return
            counts = {"nodes": reads.count_nodes(store), "edges": reads.count_edges(store)}
        except StoreError as exc:  # the database is away: say nothing, poll again
            log.debug("live events: %s", exc)
            return
        self._version = version
        if counts != self._counts:
            with self._lock:
                self._counts = counts
            self.publish("counts", counts)

    def _check_stream(self) -> None:
        with self._lock:
            status = self._stream_status
        if status is None:
            return
        body = stream_body(status.snapshot().as_dict())
        changed = {k: v for k, v in body.items() if k != "rate"}
        with self._lock:
            before = self._stream_body
            self._stream_body = body
        if before is None or {k: v for k, v in before.items() if k != "rate"} != changed:
            self.publish("stream", body)


def stream_body(stats: dict[str, Any] | None) -> dict[str, Any]:
    """A consumer's figures (``ConsumerStats.as_dict()``) as ``/stream/status`` says them."""
    if stats is None:
        return {
            "source": "none",
            "state": "stopped",
            "description": None,
            "messages": 0,
            "written": 0,
            "dead_letters": 0,
            "rate": 0.0,
            "lag": None,
            "last_error": None,
        }
    description = str(stats.get("source", ""))
    written = stats.get("written", 0)
    return {
        "source": "replay" if "replay" in description.lower() else "kafka",
        "state": str(stats.get("state", "running")),
        "description": description,
        "messages": int(stats.get("messages", 0)),
        "written": sum(written.values()) if isinstance(written, dict) else int(written),
        "dead_letters": int(stats.get("dead_letters", 0)),
        "rate": round(float(stats.get("rate", 0.0)), 2),
        "lag": stats.get("lag"),
        "last_error": stats.get("last_error"),
    }


def format_event(event: str, data: Any) -> str:
    """One Server-Sent Event: its name and its JSON data on one line each."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


def event_lines(
    subscription: Subscription, max_s: float, heartbeat_s: float, clock: Callable[[], float] = time.monotonic
) -> Iterator[str]:
    """What one stream sends: a reconnection delay, then events as they come and a heartbeat comment
    when idle, until ``max_s`` is over (the browser's EventSource reconnects by itself)."""
    yield "retry: 3000\n\n"
    deadline = clock() + max_s
    next_beat = clock() + heartbeat_s
    while (now := clock()) < deadline:
        try:
            event, data = subscription.queue.get(timeout=max(min(deadline, next_beat) - now, 0.0))
        except queue.Empty:
            if clock() >= next_beat:
                yield ": heartbeat\n\n"
                next_beat = clock() + heartbeat_s
            continue
        yield format_event(event, data)
