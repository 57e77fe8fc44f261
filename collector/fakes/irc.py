"""A fake Twitch chat server on 127.0.0.1, over real TCP (TLS when given a context), serving a :class:`World`.

Speaks Twitch's IRC dialect: ``CAP REQ``/``ACK``, anonymous ``justinfan`` logins (anything else without an
``oauth:`` password is refused with Twitch's NOTICE), the welcome numerics, ``JOIN`` with its echo,
``ROOMSTATE`` and the NAMES list (353/366, only for rooms under ``names_limit``), ``PART``, ``PING``/
``PONG``, tagged ``PRIVMSG`` lines with ``badges=`` and ``tmi-sent-ts=``, membership JOIN/PART of other
users, and ``RECONNECT``. It counts joins above the rate limit (``join_violations``) and ignores them.

Chat: every ``chat_cycle_s`` seconds each member of a joined room's roster says one line, spread over the
cycle. Tests script the rest (:meth:`say`, :meth:`user_join`, :meth:`drop_all`, :meth:`reconnect_all`,
:meth:`ping_all`) and read what was delivered to whom (``delivered``).
"""

import contextlib
import itertools
import math
import socket
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from collector.fakes.world import World

__all__ = ["FakeIrc"]

HOST = "tmi.twitch.tv"
NAMES_PER_LINE = 80
JOIN_WINDOW_S = 10.0


@dataclass
class _Client:
    sock: socket.socket
    nick: str = ""
    caps: set[str] = field(default_factory=set)
    rooms: dict[str, int] = field(default_factory=dict)  # channel -> position in its roster
    joins: deque[float] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)
    alive: bool = True

    def send(self, *lines: str) -> bool:
        data = "".join(line + "\r\n" for line in lines).encode("utf-8")
        with self.lock:
            if not self.alive:
                return False
            try:
                self.sock.sendall(data)
            except OSError:
                self.alive = False
                return False
        return True

    def close(self) -> None:
        with self.lock:
            self.alive = False
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()


class FakeIrc:
    """Start with :meth:`start`; ``url`` points at it."""

    def __init__(
        self,
        world: World | None = None,
        *,
        joins_per_10s: int = 20,
        join_window_s: float = JOIN_WINDOW_S,
        names_limit: int = 1000,
        chat_cycle_s: float = 1.0,
        tick_s: float = 0.05,
        record: bool = True,
        chat: bool = True,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.world = world
        self.joins_per_10s, self.join_window_s = joins_per_10s, join_window_s
        self.names_limit = names_limit
        self.chat_cycle_s, self.tick_s = chat_cycle_s, tick_s
        self.record, self.chat = record, chat
        self.ssl_context = ssl_context
        self.clients: list[_Client] = []
        self.lock = threading.Lock()
        self.delivered: list[tuple[float, str, str]] = []  # (unix time, channel, login) of chat lines sent
        self.join_violations = 0
        self.pongs = 0
        self.client_pings = 0
        self.connections = 0
        self._msg_ids = itertools.count(1)
        self._stop = threading.Event()
        self._listener: socket.socket | None = None

    # --- lifecycle -------------------------------------------------------------------------------------

    def start(self, port: int = 0) -> "FakeIrc":
        self._listener = socket.create_server(("127.0.0.1", port))
        self._listener.settimeout(0.2)
        threading.Thread(target=self._accept_loop, name="fake-irc-accept", daemon=True).start()
        if self.world is not None and self.chat:
            threading.Thread(target=self._chat_loop, name="fake-irc-chat", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for client in self._clients():
            client.close()
        if self._listener is not None:
            self._listener.close()

    @property
    def port(self) -> int:
        assert self._listener is not None, "start() first"
        return self._listener.getsockname()[1]

    @property
    def url(self) -> str:
        return f"{'ircs' if self.ssl_context else 'irc'}://127.0.0.1:{self.port}"

    # --- scripted events -------------------------------------------------------------------------------

    def say(self, channel: str, login: str, text: str = "hello", badges: str = "") -> int:
        """``login`` chats in ``channel``; returns how many connections got the line."""
        return sum(self._chat_line(c, channel, login, badges, text) for c in self._in_room(channel))

    def user_join(self, channel: str, login: str) -> None:
        for client in self._in_room(channel):
            client.send(f":{login}!{login}@{login}.{HOST} JOIN #{channel}")

    def user_part(self, channel: str, login: str) -> None:
        for client in self._in_room(channel):
            client.send(f":{login}!{login}@{login}.{HOST} PART #{channel}")

    def drop_all(self) -> None:
        """Cut every connection at once, as a network fault would."""
        for client in self._clients():
            client.close()

    def reconnect_all(self) -> None:
        """Tell every client to reconnect, then close its connection a moment later (as Twitch does)."""
        clients = self._clients()
        for client in clients:
            client.send(f":{HOST} RECONNECT")
        time.sleep(0.2)
        for client in clients:
            client.close()

    def ping_all(self) -> None:
        for client in self._clients():
            client.send(f"PING :{HOST}")

    def send_raw(self, data: bytes) -> None:
        """Bytes to every connection as they are (benchmarks)."""
        for client in self._clients():
            with client.lock:
                client.sock.sendall(data)

    def joined_rooms(self) -> set[str]:
        return {room for client in self._clients() for room in client.rooms}

    def _clients(self) -> list[_Client]:
        with self.lock:
            self.clients = [c for c in self.clients if c.alive]
            return list(self.clients)

    def _in_room(self, channel: str) -> list[_Client]:
        return [c for c in self._clients() if channel in c.rooms]

    # --- connections -----------------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), name="fake-irc-client", daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            if self.ssl_context is not None:
                sock = self.ssl_context.wrap_socket(sock, server_side=True)
        except (OSError, ssl.SSLError):
            sock.close()
            return
        client = _Client(sock)
        with self.lock:
            self.clients.append(client)
            self.connections += 1
        password, buffer = "", b""
        try:
            for _ in range(10**9):
                data = sock.recv(4096)
                if not data:
                    break
                *lines, buffer = (buffer + data).split(b"\r\n")
                for line in lines:
                    password = self._handle(client, line.decode("utf-8", "replace"), password)
        except OSError:
            pass
        finally:
            client.close()

    def _handle(self, client: _Client, line: str, password: str) -> str:
        command, _, rest = line.partition(" ")
        command = command.upper()
        if command == "CAP" and rest.startswith("REQ"):
            caps = rest.partition(":")[2]
            client.caps.update(caps.split())
            client.send(f":{HOST} CAP * ACK :{caps}")
        elif command == "PASS":
            return rest
        elif command == "NICK":
            self._login(client, rest.strip().lower(), password)
        elif command == "JOIN":
            self._join(client, [c.lstrip("#").lower() for c in rest.split(",") if c.strip()])
        elif command == "PART":
            channel = rest.strip().lstrip("#").lower()
            client.rooms.pop(channel, None)
            client.send(f":{client.nick}!{client.nick}@{client.nick}.{HOST} PART #{channel}")
        elif command == "PING":
            with self.lock:
                self.client_pings += 1
            client.send(f":{HOST} PONG {HOST} {rest.partition(' ')[0] or ':' + HOST}")
        elif command == "PONG":
            with self.lock:
                self.pongs += 1
        return password

    def _login(self, client: _Client, nick: str, password: str) -> None:
        anonymous = nick.startswith("justinfan") and nick[len("justinfan") :].isdigit()
        if not anonymous and not password.startswith("oauth:"):
            client.send(f":{HOST} NOTICE * :Login authentication failed")
            client.close()
            return
        client.nick = nick
        welcome = [
            f":{HOST} 001 {nick} :Welcome, GLHF!",
            f":{HOST} 002 {nick} :Your host is {HOST}",
            f":{HOST} 003 {nick} :This server is rather new",
            f":{HOST} 004 {nick} :-",
            f":{HOST} 375 {nick} :-",
            f":{HOST} 372 {nick} :You are in a maze of twisty passages, all alike.",
            f":{HOST} 376 {nick} :>",
        ]
        client.send(*welcome)

    def _join(self, client: _Client, channels: list[str]) -> None:
        now = time.monotonic()
        for channel in channels:
            while client.joins and client.joins[0] <= now - self.join_window_s:
                client.joins.popleft()
            if len(client.joins) >= self.joins_per_10s:
                with self.lock:
                    self.join_violations += 1
                continue
            client.joins.append(now)
            self._join_one(client, channel)

    def _join_one(self, client: _Client, channel: str) -> None:
        nick = client.nick
        known = self.world is None or channel in self.world.by_login or channel in self.world.viewers
        if not known:
            tags = "@msg-id=msg_channel_suspended " if "twitch.tv/tags" in client.caps else ""
            client.send(
                f"{tags}:{HOST} NOTICE #{channel} :This channel does not exist or has been suspended."
            )
            return
        lines = [f":{nick}!{nick}@{nick}.{HOST} JOIN #{channel}"]
        if "twitch.tv/tags" in client.caps:
            room_id = self.world.user_id_of(channel) if self.world else "1"
            lines.append(
                f"@emote-only=0;followers-only=-1;r9k=0;room-id={room_id};slow=0;subs-only=0 "
                f":{HOST} ROOMSTATE #{channel}"
            )
        members = self._roster_logins(channel)
        names = [nick, *members] if len(members) < self.names_limit else [nick]
        if "twitch.tv/membership" in client.caps or names == [nick]:
            for start in range(0, len(names), NAMES_PER_LINE):
                chunk = " ".join(names[start : start + NAMES_PER_LINE])
                lines.append(f":{nick}.{HOST} 353 {nick} = #{channel} :{chunk}")
            lines.append(f":{nick}.{HOST} 366 {nick} #{channel} :End of /NAMES list")
        client.send(*lines)
        client.rooms[channel] = 0

    def _roster_logins(self, channel: str) -> list[str]:
        if self.world is None or channel not in self.world.by_login:
            return []
        return [login for login, _ in self.world.by_login[channel].roster]

    # --- chat ------------------------------------------------------------------------------------------

    def _chat_loop(self) -> None:
        assert self.world is not None
        while not self._stop.wait(self.tick_s):
            for client in self._clients():
                for channel in list(client.rooms):
                    self._chat_tick(client, channel)

    def _chat_tick(self, client: _Client, channel: str) -> None:
        assert self.world is not None
        fake_channel = self.world.by_login.get(channel)
        if fake_channel is None:
            return
        roster = fake_channel.roster
        if not roster:
            return
        per_tick = max(1, math.ceil(len(roster) * self.tick_s / self.chat_cycle_s))
        position = client.rooms.get(channel)
        if position is None:
            return
        for offset in range(per_tick):
            login, badges = roster[(position + offset) % len(roster)]
            if not self._chat_line(client, channel, login, badges, "hello chat"):
                return
        if channel in client.rooms:  # not parted meanwhile
            client.rooms[channel] = (position + per_tick) % len(roster)

    def _chat_line(self, client: _Client, channel: str, login: str, badges: str, text: str) -> bool:
        now = time.time()
        room_id = self.world.user_id_of(channel) if self.world else "1"
        user_id = self.world.user_id_of(login) if self.world else "2"
        prefix = f":{login}!{login}@{login}.{HOST} PRIVMSG #{channel} :{text}"
        if "twitch.tv/tags" in client.caps:
            mod = int("moderator/" in badges)
            tags = (
                f"@badge-info=;badges={badges};client-nonce=;color=#1E90FF;display-name={login};emotes=;"
                f"first-msg=0;flags=;id=00000000-0000-0000-0000-{next(self._msg_ids):012d};mod={mod};"
                f"returning-chatter=0;room-id={room_id};subscriber=0;tmi-sent-ts={int(now * 1000)};"
                f"turbo=0;user-id={user_id};user-type={'mod' if mod else ''}"
            )
            prefix = f"{tags} {prefix}"
        if not client.send(prefix):
            return False
        if self.record:
            with self.lock:
                self.delivered.append((now, channel, login))
        return True
