"""A fake Twitch OAuth + Helix server on 127.0.0.1, over real HTTP, serving a :class:`World`.

It speaks the documented wire format: ``POST /oauth2/token`` (client credentials), ``GET /oauth2/validate``,
and under ``/helix`` the endpoints the collector uses, with ``{"data": [...], "pagination": {"cursor"}}``
pages, ``Ratelimit-Limit/Remaining/Reset`` headers on every answer from a token bucket per client id (and
user), Twitch's error bodies, and ``{"data": null}`` for a channel without teams.

Faults are queued with :meth:`FakeHelix.fail` and consumed by the next matching requests: ``429`` (empty
bucket, reset in ``reset_s``), ``5xx``, ``slow`` (answer after ``delay_s``), ``malformed`` (a 200 with cut
JSON), ``drop`` (close without answering). :meth:`FakeHelix.expire_tokens` makes every app token stale.
"""

import base64
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from collector.fakes.world import FakeChannel, FakeUser, World

__all__ = ["FakeHelix"]

FAKE_CLIENT_ID = "fake-client-id"
FAKE_CLIENT_SECRET = "fake-client-secret"
BUCKET_SIZE = 800  # Twitch's default: 800 points a minute per client id
BUCKET_WINDOW_S = 60.0
DEFAULT_PAGE = 20


@dataclass
class _Fault:
    kind: str
    path: str | None
    status: int = 503
    delay_s: float = 0.0
    reset_s: float = 1.0


class _Bucket:
    def __init__(self, size: int, window_s: float) -> None:
        self.size, self.rate = size, size / window_s
        self.level, self.at = float(size), time.time()

    def take(self) -> bool:
        now = time.time()
        self.level = min(self.size, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level >= 1:
            self.level -= 1
            return True
        return False

    def headers(self) -> dict[str, str]:
        full_at = self.at + (self.size - self.level) / self.rate
        return {
            "Ratelimit-Limit": str(self.size),
            "Ratelimit-Remaining": str(int(self.level)),
            "Ratelimit-Reset": str(int(full_at + 0.999)),
        }


class FakeHelix:
    """Start with :meth:`start`; ``helix_url`` and ``auth_url`` point at it."""

    def __init__(
        self,
        world: World,
        *,
        client_id: str = FAKE_CLIENT_ID,
        client_secret: str = FAKE_CLIENT_SECRET,
        token_lifetime_s: int = 5_011_271,
        bucket_size: int = BUCKET_SIZE,
        bucket_window_s: float = BUCKET_WINDOW_S,
        users: Iterable[FakeUser] = (),
    ) -> None:
        self.world = world
        self.client_id, self.client_secret = client_id, client_secret
        self.token_lifetime_s = token_lifetime_s
        self.bucket_size, self.bucket_window_s = bucket_size, bucket_window_s
        self.users = {u.token: u for u in users}
        self.lock = threading.Lock()
        self.app_tokens: dict[str, float] = {}  # token -> expiry
        self.buckets: dict[str, _Bucket] = {}
        self.faults: deque[_Fault] = deque()
        self.log: deque[tuple[str, str, int]] = deque(maxlen=100_000)  # (method, path, status)
        self.issued: list[str] = []  # every app token ever handed out
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle -------------------------------------------------------------------------------------

    def start(self, port: int = 0) -> "FakeHelix":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        serve = self._server.serve_forever
        threading.Thread(target=serve, args=(0.05,), name="fake-helix", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def helix_url(self) -> str:
        return self.base_url + "/helix"

    @property
    def auth_url(self) -> str:
        return self.base_url + "/oauth2"

    # --- faults ----------------------------------------------------------------------------------------

    def fail(self, kind: str, times: int = 1, path: str | None = None, **options: Any) -> None:
        """Queue ``times`` faults of ``kind`` for the next Helix requests whose path starts with ``path``."""
        if kind not in ("429", "5xx", "slow", "malformed", "drop"):
            raise ValueError(f"unknown fault {kind!r}")
        with self.lock:
            self.faults.extend(_Fault(kind, path, **options) for _ in range(times))

    def expire_tokens(self) -> None:
        """Every app token issued so far stops working (401) as if it had expired."""
        with self.lock:
            self.app_tokens.clear()

    def requests_to(self, path: str) -> int:
        return sum(1 for _, p, _ in list(self.log) if p.startswith(path))

    def take_fault(self, path: str) -> _Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path is None or path.startswith(fault.path):
                    self.faults.remove(fault)
                    return fault
        return None

    def issue_token(self) -> str:
        with self.lock:
            token = "app" + secrets.token_hex(12)
            self.app_tokens[token] = time.time() + self.token_lifetime_s
            self.issued.append(token)
            return token

    def caller(self, token: str) -> tuple[str, FakeUser | None] | None:
        """("app", None) or ("user", who) for a valid token, else None."""
        if token in self.users:
            return "user", self.users[token]
        with self.lock:
            expiry = self.app_tokens.get(token)
        return ("app", None) if expiry is not None and expiry > time.time() else None

    def bucket(self, key: str) -> _Bucket:
        with self.lock:
            return self.buckets.setdefault(key, _Bucket(self.bucket_size, self.bucket_window_s))


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHelix
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # --- plumbing --------------------------------------------------------------------------------------

    def _reply(
        self, status: int, body: Any, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> None:
        payload = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
        self.fake.log.append((self.command, urlsplit(self.path).path, status))

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        names = {
            400: "Bad Request",
            401: "Unauthorized",
            403: "Forbidden",
            404: "Not Found",
            429: "Too Many Requests",
        }
        error = names.get(status, "Internal Server Error")
        self._reply(status, {"error": error, "status": status, "message": message}, headers)

    # --- OAuth -----------------------------------------------------------------------------------------

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if urlsplit(self.path).path != "/oauth2/token":
            return self._error(404, "")
        fake = self.fake
        if form.get("client_id") != fake.client_id:
            return self._reply(400, {"status": 400, "message": "invalid client"})
        if form.get("client_secret") != fake.client_secret:
            return self._reply(403, {"status": 403, "message": "invalid client secret"})
        if form.get("grant_type") != "client_credentials":
            return self._reply(400, {"status": 400, "message": "unsupported grant type"})
        token = fake.issue_token()
        self._reply(200, {"access_token": token, "expires_in": fake.token_lifetime_s, "token_type": "bearer"})

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/oauth2/validate":
            return self._validate()
        if not path.startswith("/helix/"):
            return self._error(404, "")
        fault = self.fake.take_fault(path[len("/helix") :])
        if fault is not None and self._apply(fault):
            return
        self._helix(path[len("/helix") :], query)

    def _validate(self) -> None:
        token = (self.headers.get("Authorization") or "").removeprefix("OAuth ").strip()
        caller = self.fake.caller(token)
        if caller is None:
            return self._reply(401, {"status": 401, "message": "invalid access token"})
        _kind, user = caller
        body: dict[str, Any] = {"client_id": self.fake.client_id, "scopes": [], "expires_in": 3600}
        if user is not None:
            body.update(login=user.login, user_id=user.user_id, scopes=list(user.scopes))
        self._reply(200, body)

    # --- Helix -----------------------------------------------------------------------------------------

    def _apply(self, fault: _Fault) -> bool:
        """Act out a fault; True when the request has been answered (or dropped) by it."""
        if fault.kind == "slow":
            time.sleep(fault.delay_s)
            return False
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.close()
            return True
        if fault.kind == "429":
            reset = str(int(time.time() + fault.reset_s + 0.999))
            headers = {
                "Ratelimit-Limit": str(self.fake.bucket_size),
                "Ratelimit-Remaining": "0",
                "Ratelimit-Reset": reset,
            }
            self._error(429, "Too Many Requests", headers)
        elif fault.kind == "5xx":
            self._error(fault.status, "")
        elif fault.kind == "malformed":
            self._reply(200, None, raw=b'{"data": [{"id": "1", "user_lo')
        return True

    def _helix(self, path: str, query: dict[str, list[str]]) -> None:
        fake = self.fake
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        caller = fake.caller(token)
        if self.headers.get("Client-Id") != fake.client_id:
            return self._error(401, "Client ID and OAuth token do not match")
        if caller is None:
            return self._error(401, "Invalid OAuth token")
        _kind, user = caller
        bucket = fake.bucket(fake.client_id + (":" + user.user_id if user else ""))
        if not bucket.take():
            return self._error(429, "Too Many Requests", bucket.headers())
        route = _ROUTES.get(path)
        if route is None:
            return self._error(404, "")
        status, body = route(fake.world, query, user)
        if status != 200:
            return self._error(status, body, bucket.headers())
        self._reply(200, body, bucket.headers())


# --- routes: (world, query, user or None) -> (status, body or error message) -----------------------------


def _page(
    items: list[Any], query: dict[str, list[str]], *, default: int = DEFAULT_PAGE, most: int = 100
) -> dict[str, Any]:
    first = min(most, max(1, int(query.get("first", [default])[0])))
    after = query.get("after", [""])[0]
    start = int(base64.b64decode(after)) if after else 0
    page = items[start : start + first]
    more = start + first < len(items)
    cursor = base64.b64encode(str(start + first).encode()).decode() if more else None
    return {"data": page, "pagination": {"cursor": cursor} if cursor else {}}


def _stream(c: FakeChannel) -> dict[str, Any]:
    return {
        "id": c.stream_id,
        "user_id": c.user_id,
        "user_login": c.login,
        "user_name": c.display_name,
        "game_id": c.game_id,
        "game_name": c.game_name,
        "type": "live",
        "title": c.title,
        "viewer_count": c.viewer_count,
        "started_at": "2026-01-01T00:00:00Z",
        "language": c.language,
        "thumbnail_url": c.thumbnail_url,
        "tags": [],
        "is_mature": False,
    }


def _streams(world: World, query: dict[str, list[str]], _user: FakeUser | None) -> tuple[int, Any]:
    channels = world.channels
    if "language" in query:
        channels = [c for c in channels if c.language in query["language"]]
    if "user_login" in query:
        channels = [c for c in channels if c.login in {v.lower() for v in query["user_login"]}]
    if "user_id" in query:
        channels = [c for c in channels if c.user_id in query["user_id"]]
    return 200, _page([_stream(c) for c in channels], query)


def _users(world: World, query: dict[str, list[str]], _user: FakeUser | None) -> tuple[int, Any]:
    wanted = [world.by_id[i].login for i in query.get("id", []) if i in world.by_id]
    wanted += [
        v.lower() for v in query.get("login", []) if v.lower() in world.by_login or v.lower() in world.viewers
    ]
    if len(query.get("id", [])) + len(query.get("login", [])) > 100:
        return 400, 'The parameter "id" and "login" combined may not exceed 100 values'
    return 200, {"data": [_user_item(world, login) for login in dict.fromkeys(wanted)]}


def _user_item(world: World, login: str) -> dict[str, Any]:
    c = world.by_login.get(login)
    return {
        "id": world.user_id_of(login),
        "login": login,
        "display_name": c.display_name if c else login,
        "type": "",
        "broadcaster_type": "partner" if c else "",
        "description": c.description if c else "",
        "profile_image_url": "",
        "offline_image_url": "",
        "view_count": c.view_count if c else 0,
        "created_at": c.created_at if c else "2020-01-01T00:00:00Z",
    }


def _channels(world: World, query: dict[str, list[str]], _user: FakeUser | None) -> tuple[int, Any]:
    found = [world.by_id[i] for i in query.get("broadcaster_id", []) if i in world.by_id]
    return 200, {
        "data": [
            {
                "broadcaster_id": c.user_id,
                "broadcaster_login": c.login,
                "broadcaster_name": c.display_name,
                "broadcaster_language": c.language,
                "game_id": c.game_id,
                "game_name": c.game_name,
                "title": c.title,
                "delay": 0,
                "tags": [],
            }
            for c in found
        ]
    }


def _channel_of(world: World, query: dict[str, list[str]]) -> FakeChannel | None:
    return world.by_id.get(query.get("broadcaster_id", [""])[0])


def _teams(world: World, query: dict[str, list[str]], _user: FakeUser | None) -> tuple[int, Any]:
    c = _channel_of(world, query)
    if c is None:
        return 500, "Internal Server Error"  # what Twitch answers for an unknown id (twitchdev/issues#826)
    teams = [
        {"broadcaster_id": c.user_id, "broadcaster_login": c.login, "broadcaster_name": c.display_name,
         "id": str(7000 + i), "team_name": name, "team_display_name": name.title(), "info": "",
         "thumbnail_url": None, "background_image_url": None, "banner": None,
         "created_at": "2019-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}
        for i, name in enumerate(c.teams)
    ]  # fmt: skip
    return 200, {"data": teams or None}  # Twitch says null, not [], for no team (twitchdev/issues#495)


def _followers(world: World, query: dict[str, list[str]], _user: FakeUser | None) -> tuple[int, Any]:
    c = _channel_of(world, query)
    if c is None:
        return 400, "Invalid broadcaster_id"
    return 200, {"data": [], "total": c.followers, "pagination": {}}


def _games(world: World, query: dict[str, list[str]], _user: FakeUser | None) -> tuple[int, Any]:
    ids = [i for i in query.get("id", []) if i in world.games]
    ids += [i for i, name in world.games.items() if name in query.get("name", [])]
    return 200, {
        "data": [
            {"id": i, "name": world.games[i], "box_art_url": "", "igdb_id": ""} for i in dict.fromkeys(ids)
        ]
    }


def _people(world: World, logins: list[str]) -> list[dict[str, str]]:
    return [{"user_id": world.user_id_of(login), "user_login": login, "user_name": login} for login in logins]


def _chatters(world: World, query: dict[str, list[str]], user: FakeUser | None) -> tuple[int, Any]:
    c = _channel_of(world, query)
    if user is None:
        return 401, "Missing User OAUTH Token"
    if c is None:
        return 400, "Invalid broadcaster_id"
    if query.get("moderator_id", [""])[0] != user.user_id:
        return 403, "The ID in moderator_id must match the user ID found in the request's OAuth token."
    if user.user_id != c.user_id and c.login not in user.moderates:
        return 403, "The user in moderator_id is not one of the broadcaster's moderators."
    body = _page(_people(world, [login for login, _ in c.roster]), query, default=100, most=1000)
    body["total"] = len(c.roster)
    return 200, body


def _own_list(attribute: str) -> Any:
    def route(world: World, query: dict[str, list[str]], user: FakeUser | None) -> tuple[int, Any]:
        c = _channel_of(world, query)
        if user is None:
            return 401, "Missing User OAUTH Token"
        if c is None or c.user_id != user.user_id:
            return 403, "The ID in broadcaster_id must match the user ID found in the request's OAuth token."
        return 200, _page(_people(world, sorted(getattr(c, attribute))), query)

    return route


_ROUTES = {
    "/streams": _streams,
    "/users": _users,
    "/channels": _channels,
    "/teams/channel": _teams,
    "/channels/followers": _followers,
    "/games": _games,
    "/chat/chatters": _chatters,
    "/channels/vips": _own_list("vips"),
    "/moderation/moderators": _own_list("moderators"),
}
