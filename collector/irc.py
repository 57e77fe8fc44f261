"""Chat reader: one anonymous IRC connection to Twitch chat, many channels, events to a sink.

A thread, not asyncio: the connection is one socket read in a loop, the rest of the collector is
blocking ``requests`` code, and a thread needs no event loop to bridge the two (``recv`` releases the GIL,
so the reader keeps up while the main thread writes samples). All socket writes happen on the reader's own
thread; other threads only change the wanted channel list.

Twitch's chat protocol (IRC with IRCv3 tags, dev.twitch.tv/docs/chat/irc): ``CAP REQ`` for tags, commands and
membership, ``PASS``/``NICK justinfan<digits>``, then ``JOIN #login``. ``PRIVMSG`` and ``USERNOTICE`` name
chatters and carry their badges; JOIN/PART and the NAMES list (353/366) name lurkers in small rooms. The
reader answers ``PING``, pings an idle server itself, reconnects with backoff on a dropped connection and
at once on ``RECONNECT``, rejoins every channel, and keeps under the join rate limit.
"""

import contextlib
import functools
import logging
import random
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

__all__ = ["ChatReader", "ChatSink", "IrcMessage", "JoinLimiter", "badges_of", "parse"]

log = logging.getLogger(__name__)

CAPABILITIES = "twitch.tv/tags twitch.tv/commands twitch.tv/membership"
JOIN_WINDOW_S = 10.0
JOIN_WINDOW_MARGIN_S = 0.25  # our clock and the server's may start a 10 s window a little apart
JOIN_TIMEOUT_S = 30.0  # a JOIN not echoed by then is sent again
MAX_JOIN_LINE = 500  # bytes; IRC lines are at most 512 with CRLF
READ_TICK_S = 0.2  # how often the loop looks at stop requests and pending joins
IDLE_PING_S = 360.0  # Twitch pings every ~5 minutes; silence longer than this gets our own PING
PONG_TIMEOUT_S = 15.0
CONNECT_TIMEOUT_S = 10.0
BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
MAX_BUFFER = 1 << 20  # a "line" longer than this is a broken server
# NOTICE msg-ids that mean the channel cannot be joined at all: stop trying.
UNJOINABLE = {"msg_channel_suspended", "msg_banned", "msg_room_not_found", "tos_ban", "invalid_user"}


class ChatSink(Protocol):
    """What the reader reports; called on the reader's thread."""

    def chat(self, channel: str, login: str, badges: frozenset[str]) -> None: ...
    def member_join(self, channel: str, login: str) -> None: ...
    def member_part(self, channel: str, login: str) -> None: ...
    def names(self, channel: str, logins: list[str]) -> None: ...
    def joined(self, channel: str) -> None: ...
    def left(self, channel: str) -> None: ...


@dataclass(frozen=True, slots=True)
class IrcMessage:
    tags: str  # raw, unparsed: most lines need one tag at most
    prefix: str
    command: str
    params: list[str]

    @property
    def nick(self) -> str:
        return self.prefix.split("!", 1)[0].lower()

    def tag(self, name: str) -> str:
        """The value of tag ``name`` (unescaped), or "" when absent."""
        key = name + "="
        if self.tags.startswith(key):
            start = len(key)
        else:
            found = self.tags.find(";" + key)
            if found < 0:
                return ""
            start = found + 1 + len(key)
        end = self.tags.find(";", start)
        return _unescape(self.tags[start : end if end >= 0 else len(self.tags)])


def parse(line: str) -> IrcMessage:
    """One IRC line (without CRLF) with IRCv3 tags: ``@tags :prefix COMMAND params :trailing``."""
    tags = prefix = ""
    if line.startswith("@"):
        tags, _, line = line[1:].partition(" ")
    line = line.lstrip(" ")
    if line.startswith(":"):
        prefix, _, line = line[1:].partition(" ")
    head, sep, trailing = line.partition(" :")
    if not sep and head.startswith(":"):  # no middle params: "CMD :trailing" lost its space
        head, trailing, sep = "", head[1:], " :"
    parts = head.split()
    params = parts[1:]
    if sep:
        params.append(trailing)
    return IrcMessage(tags, prefix, parts[0].upper() if parts else "", params)


def badges_of(message: IrcMessage) -> frozenset[str]:
    """Badge names of a tagged line: ``badges=moderator/1,vip/1`` -> {"moderator", "vip"}."""
    return _badge_set(message.tag("badges"))


@functools.lru_cache(maxsize=4096)
def _badge_set(raw: str) -> frozenset[str]:
    # A few hundred distinct badge strings cover a whole chat: parse each once.
    return frozenset(b.split("/", 1)[0] for b in raw.split(",") if b)


class JoinLimiter:
    """At most ``limit`` channel joins in any ``window_s`` seconds (a sliding window of send times)."""

    def __init__(self, limit: int, window_s: float = JOIN_WINDOW_S + JOIN_WINDOW_MARGIN_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._sent: deque[float] = deque()

    def available(self, now: float) -> int:
        while self._sent and self._sent[0] <= now - self.window_s:
            self._sent.popleft()
        return self.limit - len(self._sent)

    def spend(self, now: float, count: int) -> None:
        self._sent.extend([now] * count)


class _Reconnect(Exception):
    """The server asked us to reconnect (RECONNECT): do it now, without backoff."""


class ChatReader:
    """Reads Twitch chat for a changing set of channels until :meth:`stop`.

    Parameters
    ----------
    url : str
        ``ircs://host:port`` (TLS) or ``irc://host:port``.
    sink : ChatSink
        Receives every event, on the reader's thread.
    joins_per_10s : int
        Join rate limit of the account (Twitch: 20 for a normal or anonymous connection).
    join_window_s : float
        The limit's window: 10 s on Twitch (tests shorten it).
    ssl_context : ssl.SSLContext, optional
        For ``ircs://``; the system's trusted CAs by default.
    """

    def __init__(
        self,
        url: str,
        sink: ChatSink,
        *,
        joins_per_10s: int = 20,
        join_window_s: float = JOIN_WINDOW_S,
        ssl_context: ssl.SSLContext | None = None,
        idle_ping_s: float = IDLE_PING_S,
        join_timeout_s: float = JOIN_TIMEOUT_S,
        backoff_s: tuple[float, ...] = BACKOFF_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or ""
        self.tls = parts.scheme == "ircs"
        self.port = parts.port or (6697 if self.tls else 6667)
        self.sink = sink
        self.nick = f"justinfan{random.randint(10000, 99999)}"
        self.limiter = JoinLimiter(joins_per_10s, join_window_s + JOIN_WINDOW_MARGIN_S)
        self._ssl = ssl_context
        self._idle_ping_s, self._join_timeout_s, self._backoff_s = idle_ping_s, join_timeout_s, backoff_s
        self._clock = clock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wanted: dict[str, None] = {}
        self._joined: set[str] = set()
        self._pending: dict[str, float] = {}
        self._unjoinable: set[str] = set()
        self._names: dict[str, list[str]] = {}
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self.stats = {"connections": 0, "lines": 0, "messages": 0, "joins_sent": 0, "reconnects": 0}

    # --- control (any thread) --------------------------------------------------------------------------

    def set_channels(self, logins: Iterable[str]) -> None:
        """Channels to be in, most important first (joins follow this order); others are parted."""
        with self._lock:
            self._wanted = dict.fromkeys(login.lower().lstrip("#") for login in logins)

    def start(self) -> "ChatReader":
        self._thread = threading.Thread(target=self._run, name="chat-reader", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def joined(self) -> set[str]:
        with self._lock:
            return set(self._joined)

    def settled(self) -> bool:
        """Every wanted channel is joined or known to be unjoinable."""
        with self._lock:
            return all(c in self._joined or c in self._unjoinable for c in self._wanted)

    def wait_settled(self, timeout: float) -> bool:
        """Wait until :meth:`settled` (True) or ``timeout`` seconds (False)."""
        deadline = self._clock() + timeout
        while not self.settled():
            if self._clock() >= deadline or self._stop.wait(0.05):
                return False
        return True

    # --- the connection loop (reader thread) -----------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            welcomed = False
            try:
                welcomed = self._session()
                reason, immediate = "closed", False
            except _Reconnect:
                reason, immediate = "the server asked to reconnect", True
            except (OSError, ConnectionError) as exc:
                reason, immediate = f"{type(exc).__name__}: {exc}", False
            self._lost_connection()
            if self._stop.is_set():
                break
            failures = 0 if welcomed else failures + 1
            delay = 0.0 if immediate else self._backoff_s[min(failures, len(self._backoff_s) - 1)]
            delay *= random.uniform(0.8, 1.2)
            self.stats["reconnects"] += 1
            log.warning("chat connection lost (%s); reconnecting in %.1f s", reason, delay)
            self._stop.wait(delay)

    def _session(self) -> bool:
        """One connection, read until it drops or we stop; True if the server welcomed us."""
        self._sock = sock = self._connect()
        self.stats["connections"] += 1
        welcomed = [False]
        try:
            self._send(f"CAP REQ :{CAPABILITIES}", "PASS SCHMOOPIIE", f"NICK {self.nick}")
            self._read_loop(sock, welcomed)
        finally:
            self._sock = None
            _close(sock)
        return welcomed[0]

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT_S)
        if self.tls:
            context = self._ssl or ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=self.host)
        sock.settimeout(READ_TICK_S)
        return sock

    def _read_loop(self, sock: socket.socket, welcomed: list[bool]) -> None:
        buffer = b""
        last_heard = self._clock()
        ping_sent: float | None = None
        pumped = 0.0
        while not self._stop.is_set():
            if welcomed[0] and self._clock() - pumped >= READ_TICK_S:
                pumped = self._clock()
                self._pump_joins()
            try:
                data = sock.recv(1 << 16)
            except TimeoutError:
                ping_sent = self._check_idle(last_heard, ping_sent)
                continue
            if not data:
                raise ConnectionError("the server closed the connection")
            last_heard, ping_sent = self._clock(), None
            lines = (buffer + data).split(b"\n")
            buffer = lines.pop()
            if len(buffer) > MAX_BUFFER:
                raise ConnectionError("a line longer than 1 MiB")
            for raw in lines:
                if self._handle(raw.rstrip(b"\r").decode("utf-8", "replace")):
                    welcomed[0] = True

    def _check_idle(self, last_heard: float, ping_sent: float | None) -> float | None:
        now = self._clock()
        if ping_sent is not None and now - ping_sent > PONG_TIMEOUT_S:
            raise ConnectionError(f"no answer to PING in {PONG_TIMEOUT_S:.0f} s")
        if ping_sent is None and now - last_heard > self._idle_ping_s:
            self._send("PING :tmi.twitch.tv")
            return now
        return ping_sent

    def _lost_connection(self) -> None:
        with self._lock:
            channels = sorted(self._joined)
            self._joined.clear()
            self._pending.clear()
            self._names.clear()
        for channel in channels:
            self.sink.left(channel)

    def _send(self, *lines: str) -> None:
        sock = self._sock
        if sock is None:
            raise ConnectionError("not connected")
        sock.sendall("".join(line + "\r\n" for line in lines).encode("utf-8"))

    # --- joins -----------------------------------------------------------------------------------------

    def _pump_joins(self) -> None:
        now = self._clock()
        with self._lock:
            for channel, sent in list(self._pending.items()):
                if now - sent > self._join_timeout_s:
                    del self._pending[channel]  # never echoed: try again
            busy = self._joined | self._pending.keys()
            to_part = [c for c in busy if c not in self._wanted]
            to_join = [c for c in self._wanted if c not in busy and c not in self._unjoinable]
            budget = self.limiter.available(now) if to_join else 0
            to_join = to_join[: max(0, budget)]
            for channel in to_part:
                self._joined.discard(channel)
                self._pending.pop(channel, None)
            for channel in to_join:
                self._pending[channel] = now
        for channel in to_part:
            self._send(f"PART #{channel}")
            self.sink.left(channel)
        if to_join:
            self.limiter.spend(now, len(to_join))
            self.stats["joins_sent"] += len(to_join)
            self._send(*_join_lines(to_join))

    # --- incoming lines --------------------------------------------------------------------------------

    def _handle(self, line: str) -> bool:
        """Handle one line; True when it is the server's welcome (001)."""
        if not line:
            return False
        self.stats["lines"] += 1
        message = parse(line)
        command = message.command
        if command == "PRIVMSG" or command == "USERNOTICE":
            self._on_chat(message)
        elif command in ("JOIN", "PART"):
            self._on_membership(message)
        elif command == "353" and len(message.params) >= 4:
            self._names.setdefault(_channel(message.params[2]), []).extend(message.params[3].lower().split())
        elif command == "366" and len(message.params) >= 2:
            channel = _channel(message.params[1])
            self.sink.names(channel, [n for n in self._names.pop(channel, []) if n != self.nick])
        elif command == "PING":
            self._send("PONG :" + (message.params[-1] if message.params else "tmi.twitch.tv"))
        elif command == "RECONNECT":
            raise _Reconnect()
        elif command == "NOTICE":
            self._on_notice(message)
        return command == "001"

    def _on_chat(self, message: IrcMessage) -> None:
        if not message.params:
            return
        login = message.tag("login") if message.command == "USERNOTICE" else message.nick
        if login:
            self.stats["messages"] += 1
            self.sink.chat(_channel(message.params[0]), login.lower(), badges_of(message))

    def _on_membership(self, message: IrcMessage) -> None:
        if not message.params:
            return
        channel, who = _channel(message.params[0]), message.nick
        if who != self.nick:
            (self.sink.member_join if message.command == "JOIN" else self.sink.member_part)(channel, who)
            return
        with self._lock:
            self._pending.pop(channel, None)
            was_in = channel in self._joined
            if message.command == "JOIN":
                self._joined.add(channel)
            else:
                self._joined.discard(channel)
        if message.command == "JOIN":
            self.sink.joined(channel)
        elif was_in:
            self.sink.left(channel)

    def _on_notice(self, message: IrcMessage) -> None:
        msg_id = message.tag("msg-id")
        channel = _channel(message.params[0]) if message.params else ""
        if msg_id in UNJOINABLE and channel:
            with self._lock:
                self._unjoinable.add(channel)
                self._pending.pop(channel, None)
            log.warning("chat of %s cannot be joined (%s)", channel, msg_id)
        elif message.params and "login authentication failed" in message.params[-1].lower():
            raise ConnectionError("the chat server refused the anonymous login")


def _channel(param: str) -> str:
    return param.lstrip("#").lower()


def _join_lines(channels: list[str]) -> list[str]:
    lines, current = [], ""
    for channel in channels:
        item = "#" + channel
        if current and len(current) + len(item) + 1 > MAX_JOIN_LINE:
            lines.append("JOIN " + current)
            current = ""
        current = f"{current},{item}" if current else item
    if current:
        lines.append("JOIN " + current)
    return lines


_ESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append(_ESCAPES.get(nxt, nxt))
        else:
            out.append(char)
    return "".join(out)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()
