"""One window of chat: who was seen in which channel, gathered from the chat reader's events.

:class:`ChatWindow` is the reader's sink. It is thread-safe: the reader thread adds events while another
thread calls :meth:`ChatWindow.rotate`, which hands over the finished window and starts the next one
without losing an event in between. Membership (NAMES, JOIN, PART) is state that outlives a window: a
lurker who joined an hour ago and is still in the room is seen in every window since.
"""

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

__all__ = ["NOTHING_SEEN", "ChannelSeen", "ChatWindow", "WindowData"]


@dataclass(frozen=True)
class ChannelSeen:
    """What one channel's chat showed during one window; ``lurkers`` excludes ``chatters``."""

    chatters: frozenset[str]
    lurkers: frozenset[str]
    vips: frozenset[str]
    moderators: frozenset[str]
    messages: int
    observed_s: float  # seconds of the window during which the reader was in this channel's chat

    @property
    def viewers(self) -> frozenset[str]:
        return self.chatters | self.lurkers


# A channel whose chat showed nobody in a window (or was never joined).
NOTHING_SEEN = ChannelSeen(frozenset(), frozenset(), frozenset(), frozenset(), 0, 0.0)


@dataclass(frozen=True)
class WindowData:
    start: float  # Unix seconds
    end: float
    channels: dict[str, ChannelSeen]


@dataclass
class _Gathering:
    chatters: set[str] = field(default_factory=set)
    lurkers: set[str] = field(default_factory=set)
    vips: set[str] = field(default_factory=set)
    moderators: set[str] = field(default_factory=set)
    messages: int = 0
    observed_s: float = 0.0

    def freeze(self) -> ChannelSeen:
        return ChannelSeen(
            chatters=frozenset(self.chatters),
            lurkers=frozenset(self.lurkers - self.chatters),
            vips=frozenset(self.vips),
            moderators=frozenset(self.moderators),
            messages=self.messages,
            observed_s=round(self.observed_s, 3),
        )


class ChatWindow:
    """A :class:`collector.irc.ChatSink` that gathers the current window."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._start = clock()
        self._current: dict[str, _Gathering] = {}
        self._present: dict[str, set[str]] = {}  # membership: who is in the room now
        self._joined_at: dict[str, float] = {}  # channels the reader is in, since when

    # --- the sink (reader thread) ----------------------------------------------------------------------

    def chat(self, channel: str, login: str, badges: frozenset[str]) -> None:
        with self._lock:
            seen = self._gathering(channel)
            seen.chatters.add(login)
            seen.messages += 1
            if badges:
                if "vip" in badges:
                    seen.vips.add(login)
                if "moderator" in badges:
                    seen.moderators.add(login)

    def member_join(self, channel: str, login: str) -> None:
        with self._lock:
            self._present.setdefault(channel, set()).add(login)
            self._gathering(channel).lurkers.add(login)

    def member_part(self, channel: str, login: str) -> None:
        with self._lock:
            self._present.get(channel, set()).discard(login)

    def names(self, channel: str, logins: list[str]) -> None:
        with self._lock:
            self._present.setdefault(channel, set()).update(logins)
            self._gathering(channel).lurkers.update(logins)

    def joined(self, channel: str) -> None:
        with self._lock:
            self._joined_at.setdefault(channel, self._clock())
            self._present[channel] = set()  # NAMES follows a join; what we knew before is stale
            self._gathering(channel)

    def left(self, channel: str) -> None:
        with self._lock:
            since = self._joined_at.pop(channel, None)
            if since is not None:
                self._gathering(channel).observed_s += max(0.0, self._clock() - max(since, self._start))
            self._present.pop(channel, None)

    # --- other sources ---------------------------------------------------------------------------------

    def add_present(self, channel: str, logins: Iterable[str]) -> None:
        """Viewers known to be in the room from elsewhere (Helix's chatters list)."""
        with self._lock:
            self._gathering(channel).lurkers.update(login.lower() for login in logins)

    # --- hand-over (any thread) ------------------------------------------------------------------------

    def peek(self, channel: str) -> ChannelSeen | None:
        """What the current window holds for ``channel`` so far (the window stays open)."""
        with self._lock:
            seen = self._current.get(channel)
            return None if seen is None else seen.freeze()

    def rotate(self, at: float | None = None) -> WindowData:
        """Close the current window at ``at`` (now by default) and start the next one there."""
        with self._lock:
            end = self._clock() if at is None else at
            for channel, since in self._joined_at.items():
                self._gathering(channel).observed_s += max(0.0, end - max(since, self._start))
            finished = WindowData(
                start=self._start,
                end=end,
                channels={channel: seen.freeze() for channel, seen in self._current.items()},
            )
            self._start = end
            self._current = {}
            for channel in self._joined_at:
                self._gathering(channel).lurkers.update(self._present.get(channel, ()))
        return finished

    def _gathering(self, channel: str) -> _Gathering:
        seen = self._current.get(channel)
        if seen is None:
            seen = self._current[channel] = _Gathering()
        return seen
