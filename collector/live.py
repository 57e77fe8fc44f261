"""``stream produce --live``: what the chat reader sees in the top live channels, as chatter events.

:class:`LiveChatters` is the reader's sink. It counts what the sampler's window counts as seen: a chat line
(PRIVMSG, USERNOTICE) and membership (JOIN, the NAMES list, and everyone still in the room when a window
starts). The first sighting of a login in a channel in a window becomes a ``chatter`` event, and a
``vip`` or ``moderator`` one for each of those badges it wears (as ``collect snapshot`` lists a badged
chatter among the chatters and the VIPs or moderators). The broadcaster in their own chat is not their
audience and is skipped. Windows are aligned on multiples of their length since the Unix epoch, as
``collect samples`` aligns them, so a login comes again in each window it is seen in.

:class:`LiveCollector` wires Helix (the top live channels and their broadcaster ids, asked again at each
window boundary) to a chat reader and hands the events over as an iterator, until stopped.
"""

import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from collector.helix import HelixClient, HelixError
from collector.irc import ChatReader
from contracts.identity import is_login
from contracts.stream import ChatterEvent

__all__ = ["WINDOW_S", "LiveChatters", "LiveCollector", "LiveError", "LiveOptions"]

log = logging.getLogger(__name__)

WINDOW_S = 300  # the sampler's default window (`collect samples --every 5m`)
TICK_S = 0.2  # how often the event iterator looks at a stop request and at the window boundary
BADGE_KINDS = ("vip", "moderator")  # badges that are a kind of their own in the message format


class LiveError(RuntimeError):
    """Nothing to listen to (no live stream), said for people."""


@dataclass(frozen=True)
class LiveOptions:
    language: str | None
    top: int
    every_s: int = WINDOW_S


class LiveChatters:
    """A :class:`collector.irc.ChatSink` that queues a :class:`ChatterEvent` per first sighting per window.

    Thread-safe: the reader thread reports, another thread takes the events (:meth:`next_event`).
    Sightings in a channel whose broadcaster id is unknown (see :meth:`set_broadcasters`) are dropped.
    """

    def __init__(self, every_s: int = WINDOW_S, clock: Callable[[], float] = time.time) -> None:
        self._every_s, self._clock = every_s, clock
        self._lock = threading.Lock()
        self._events: queue.SimpleQueue[ChatterEvent] = queue.SimpleQueue()
        self._ids: dict[str, str] = {}  # channel login -> broadcaster's user id
        self._window = self._window_of(clock())
        self._sent: set[tuple[str, str, str]] = set()  # (channel, login, kind) of this window
        self._present: dict[str, set[str]] = {}  # membership: who is in the room now

    def set_broadcasters(self, ids: Mapping[str, str]) -> None:
        """Channel logins and their broadcasters' user ids (added to those known already)."""
        with self._lock:
            self._ids.update((login.lower(), user_id) for login, user_id in ids.items())

    # --- the sink (reader thread) ----------------------------------------------------------------------

    def chat(self, channel: str, login: str, badges: frozenset[str]) -> None:
        with self._lock:
            now = self._roll()
            for kind in ("chatter", *(kind for kind in BADGE_KINDS if kind in badges)):
                self._emit(channel, login, kind, now)

    def member_join(self, channel: str, login: str) -> None:
        self._arrive(channel, (login,))

    def member_part(self, channel: str, login: str) -> None:
        with self._lock:
            self._present.get(channel, set()).discard(login)

    def names(self, channel: str, logins: list[str]) -> None:
        self._arrive(channel, logins)

    def joined(self, channel: str) -> None:
        with self._lock:
            self._present[channel] = set()  # NAMES follows a join; what we knew before is stale

    def left(self, channel: str) -> None:
        with self._lock:
            self._present.pop(channel, None)

    # --- hand-over (any thread) ------------------------------------------------------------------------

    def next_event(self, timeout_s: float) -> ChatterEvent | None:
        """The next event, or None after ``timeout_s`` without one. Starts a due window first, so the
        people still in a room are sent again at a boundary even when chat is quiet."""
        with self._lock:
            self._roll()
        try:
            return self._events.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def pending(self) -> list[ChatterEvent]:
        """The events queued and not taken yet (once the reader has stopped: the last ones)."""
        events = []
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                return events

    # --- under the lock --------------------------------------------------------------------------------

    def _arrive(self, channel: str, logins: Iterable[str]) -> None:
        with self._lock:
            now = self._roll()
            present = self._present.setdefault(channel, set())
            for login in logins:
                present.add(login)
                self._emit(channel, login, "chatter", now)

    def _roll(self) -> float:
        """Start the window of now if it is a new one (everyone still in a room is seen in it); now."""
        now = self._clock()
        window = self._window_of(now)
        if window != self._window:
            self._window = window
            self._sent.clear()
            for channel, logins in self._present.items():
                for login in logins:
                    self._emit(channel, login, "chatter", now)
        return now

    def _emit(self, channel: str, login: str, kind: str, now: float) -> None:
        user_id = self._ids.get(channel)
        if user_id is None or login == channel or (channel, login, kind) in self._sent:
            return
        if not is_login(login):  # not a Twitch login: the consumer would only dead-letter it
            return
        self._sent.add((channel, login, kind))
        self._events.put(ChatterEvent(user_id, login, kind, datetime.fromtimestamp(now, UTC), channel))

    def _window_of(self, moment: float) -> int:
        return math.floor(moment / self._every_s)


class LiveCollector:
    """The top live channels' chat as an iterator of events: :meth:`start`, then :meth:`events`."""

    def __init__(
        self,
        options: LiveOptions,
        helix: HelixClient,
        reader_factory: Callable[[LiveChatters], ChatReader],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.options, self.helix, self.clock = options, helix, clock
        self.chatters = LiveChatters(options.every_s, clock)
        self.reader = reader_factory(self.chatters)
        self._stop = threading.Event()
        self._refresher: threading.Thread | None = None

    def start(self) -> int:
        """Check the credentials, ask for the top live channels and start joining them; how many.

        :raise CredentialsError: Twitch refused the credentials.
        :raise HelixError: Twitch could not be reached.
        :raise LiveError: no live stream matched.
        """
        self.helix.check_credentials()
        channels = self._fetch()
        if not channels:
            language = self.options.language
            raise LiveError(f"no live stream{' in language ' + language if language else ''} right now")
        self._follow(channels)
        self.reader.start()
        self._refresher = threading.Thread(target=self._refresh_loop, name="helix-refresher", daemon=True)
        self._refresher.start()
        return len(channels)

    def events(self, stop: threading.Event) -> Iterator[ChatterEvent]:
        """Each event as it comes, until ``stop`` is set; then the reader stops and the events it had
        queued come last. Closes the collector when done or dropped."""
        try:
            while not stop.is_set():
                event = self.chatters.next_event(TICK_S)
                if event is not None:
                    yield event
            self.close()
            yield from self.chatters.pending()
        finally:
            self.close()

    def close(self) -> None:
        self._stop.set()
        self.reader.stop()
        if self._refresher is not None:
            self._refresher.join(timeout=5)

    def _fetch(self) -> dict[str, str]:
        streams = self.helix.top_streams(self.options.language, self.options.top)
        return {s["user_login"].lower(): s["user_id"] for s in streams}

    def _follow(self, channels: dict[str, str]) -> None:
        self.chatters.set_broadcasters(channels)
        self.reader.set_channels(channels)

    def _refresh_loop(self) -> None:
        """At each window boundary, the top channels again (Helix trouble keeps the previous list)."""
        every = self.options.every_s
        while not self._stop.wait(max(0.0, (math.floor(self.clock() / every) + 1) * every - self.clock())):
            try:
                channels = self._fetch()
            except HelixError as exc:
                log.warning("could not refresh the channel list (%s); keeping the previous one", exc)
                continue
            if channels:
                self._follow(channels)
