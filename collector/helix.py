"""Helix client: app token by client credentials, optional user token, rate limits, retries.

One :class:`HelixClient` is shared by a run. Every call honours the ``Ratelimit-*`` headers (on 429 it
waits until ``Ratelimit-Reset``), retries 5xx answers, timeouts, dropped connections and malformed JSON
with exponential backoff, and renews the app token before it expires and once on a 401. Whatever still
fails raises :class:`HelixError` for that call alone, so a caller looping over channels can log it and go
on. Wrong credentials raise :class:`CredentialsError` with a message meant for people.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import requests

from collector.config import CollectorConfig

__all__ = ["CredentialsError", "ForbiddenError", "HelixClient", "HelixError", "UserIdentity"]

log = logging.getLogger(__name__)

# Retries: attempts for 5xx, timeouts and malformed answers; 429s wait for the bucket and count apart.
MAX_ATTEMPTS = 5
MAX_RATE_LIMITED = 20
BACKOFF_S = 0.5
MAX_BACKOFF_S = 30.0
MAX_RESET_WAIT_S = 65.0  # Twitch's bucket refills within a minute; a later reset is a clock problem
# Renew the app token when less than this share of its lifetime is left (capped at 5 minutes).
RENEW_SHARE = 0.1
MAX_RENEW_MARGIN_S = 300.0
# Helix's page and batch sizes.
PAGE_SIZE = 100
BATCH_SIZE = 100
CHATTERS_PAGE_SIZE = 1000
MAX_PAGES = 1000  # 100,000 streams or a million chatters: far beyond any top-N run


class HelixError(Exception):
    """A Helix call that failed for good; ``status`` is the last HTTP status (None: no answer)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CredentialsError(HelixError):
    """Twitch refused the client id, the client secret or the user token."""


class ForbiddenError(HelixError):
    """403: the token may not read this (not the broadcaster, not a moderator, missing scope)."""


@dataclass(frozen=True)
class UserIdentity:
    """Whose user token this is, from ``/oauth2/validate``."""

    user_id: str
    login: str
    scopes: tuple[str, ...]


@dataclass
class _Bucket:
    remaining: int | None = None
    reset_at: float | None = None


class _AppToken:
    """The client-credentials token, fetched lazily and renewed before it expires."""

    def __init__(self, client: "HelixClient") -> None:
        self._client = client
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        self.fetches = 0

    def get(self) -> str:
        with self._lock:
            if self._token is None or self._client.clock() >= self._renew_at:
                self._token, lifetime = self._client.fetch_app_token()
                margin = min(MAX_RENEW_MARGIN_S, lifetime * RENEW_SHARE)
                self._renew_at = self._client.clock() + lifetime - margin
                self.fetches += 1
            return self._token

    def invalidate(self, token: str) -> None:
        with self._lock:
            if self._token == token:
                self._token = None


class HelixClient:
    """Calls Helix with the app token (or the user token for the calls that need one).

    Parameters
    ----------
    config : CollectorConfig
        Credentials and endpoints.
    session : requests.Session, optional
        Shared connection pool; a new one by default.
    sleep, clock : callable, optional
        ``time.sleep`` and ``time.time`` unless a test passes its own.
    """

    def __init__(
        self,
        config: CollectorConfig,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.session = session or requests.Session()
        self.sleep, self.clock = sleep, clock
        self._app = _AppToken(self)
        self._buckets = {"app": _Bucket(), "user": _Bucket()}
        self._user: UserIdentity | None = None
        self._user_token = config.user_token.reveal()
        self.stats = {"requests": 0, "retries": 0, "rate_limited": 0}

    # --- credentials ---------------------------------------------------------------------------------

    @property
    def token_fetches(self) -> int:
        return self._app.fetches

    @property
    def user(self) -> UserIdentity | None:
        """The user token's owner once :meth:`check_credentials` accepted it, else None."""
        return self._user

    def check_credentials(self) -> None:
        """Get an app token now, and validate the user token if one is set.

        :raise CredentialsError: a refused client id, secret or user token, said plainly.
        :raise HelixError: the OAuth server could not be reached.
        """
        self.config.require_app_credentials()
        self._app.get()
        if self._user_token:
            self._user = self._validate_user_token()
            log.info("user token of %s (scopes: %s)", self._user.login, " ".join(self._user.scopes) or "none")

    def fetch_app_token(self) -> tuple[str, float]:
        """POST the client credentials; returns (token, lifetime in seconds)."""
        data = {
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret.reveal(),
            "grant_type": "client_credentials",
        }
        body = self._auth_call("POST", "/token", data=data)
        token, lifetime = body.get("access_token"), body.get("expires_in")
        if not isinstance(token, str) or not isinstance(lifetime, int | float):
            raise HelixError("the OAuth server's token answer has no access_token or expires_in")
        return token, float(lifetime)

    def _validate_user_token(self) -> UserIdentity:
        headers = {"Authorization": f"OAuth {self._user_token}"}
        body = self._auth_call("GET", "/validate", headers=headers, user=True)
        if body.get("client_id") and body["client_id"] != self.config.client_id:
            raise CredentialsError(
                "TWITCH_USER_TOKEN belongs to another application than TWITCH_CLIENT_ID: "
                "create the user token with this client id, or unset it"
            )
        return UserIdentity(
            str(body.get("user_id", "")), str(body.get("login", "")), tuple(body.get("scopes") or ())
        )

    def _auth_call(self, method: str, path: str, *, user: bool = False, **kwargs: Any) -> dict[str, Any]:
        url = self.config.auth_url + path
        last = "no answer"
        for attempt in range(MAX_ATTEMPTS):
            try:
                resp = self.session.request(method, url, timeout=self.config.http_timeout_s, **kwargs)
            except requests.RequestException as exc:
                last = type(exc).__name__
                self._backoff(attempt, f"{method} {url}", last)
                continue
            if resp.status_code in (400, 401, 403):
                raise CredentialsError(_refusal(resp, user))
            body = _json(resp)
            if resp.status_code >= 500 or body is None:
                last = f"HTTP {resp.status_code}" if body is not None else "malformed JSON"
                self._backoff(attempt, f"{method} {url}", last)
                continue
            if resp.status_code != 200:
                raise HelixError(f"{method} {url}: HTTP {resp.status_code}", resp.status_code)
            return body
        raise HelixError(f"could not reach Twitch's OAuth server at {url} ({last})")

    # --- one call --------------------------------------------------------------------------------------

    def get(self, path: str, params: Any = None, *, user: bool = False) -> dict[str, Any]:
        """One Helix GET with retries; ``user=True`` sends the user token instead of the app token.

        :raise ForbiddenError: 403.
        :raise CredentialsError: the user token was refused (it is then dropped for the rest of the run).
        :raise HelixError: any other failure, after the retries.
        """
        if user and not self._user_token:
            raise ForbiddenError(f"GET {path}: needs TWITCH_USER_TOKEN", 403)
        bucket = self._buckets["user" if user else "app"]
        failures = limited = renewed = 0
        last = "no answer"
        for _ in range(MAX_ATTEMPTS + MAX_RATE_LIMITED + 1):
            if failures >= MAX_ATTEMPTS or limited > MAX_RATE_LIMITED:
                break
            self._wait_for(bucket)
            token = self._user_token if user else self._app.get()
            try:
                resp = self._send(path, params, token)
            except requests.RequestException as exc:
                last = type(exc).__name__
                self._backoff(failures, f"GET {path}", last)
                failures += 1
                continue
            _update(bucket, resp.headers)
            status = resp.status_code
            if status == 429:
                limited += 1
                self.stats["rate_limited"] += 1
                self._wait_reset(bucket, path)
                continue
            if status == 401:
                if user:
                    self._drop_user_token(resp)
                    raise CredentialsError(_refusal(resp, True), 401)
                if renewed:
                    raise CredentialsError(_refusal(resp, False), 401)
                renewed += 1
                log.info("GET %s: app token refused (401); renewing it", path)
                self._app.invalidate(token)
                continue
            if status >= 500:
                last = f"HTTP {status}"
                self._backoff(failures, f"GET {path}", last)
                failures += 1
                continue
            if status >= 400:
                error = ForbiddenError if status == 403 else HelixError
                raise error(f"GET {path}: HTTP {status} {_message(resp)}", status)
            body = _json(resp)
            if body is None:
                last = "malformed JSON"
                self._backoff(failures, f"GET {path}", last)
                failures += 1
                continue
            return body
        raise HelixError(f"GET {path}: gave up after {failures} failures and {limited} rate limits ({last})")

    def _send(self, path: str, params: Any, token: str) -> requests.Response:
        self.stats["requests"] += 1
        headers = {"Authorization": f"Bearer {token}", "Client-Id": self.config.client_id}
        return self.session.get(
            self.config.helix_url + path, params=params, headers=headers, timeout=self.config.http_timeout_s
        )

    def _wait_for(self, bucket: _Bucket) -> None:
        if bucket.remaining is not None and bucket.remaining <= 0 and bucket.reset_at:
            self._sleep_until(bucket.reset_at)
            bucket.remaining = None

    def _wait_reset(self, bucket: _Bucket, path: str) -> None:
        reset = bucket.reset_at or self.clock() + BACKOFF_S
        log.warning(
            "GET %s: rate limited (429); waiting %.1f s for the bucket", path, max(0, reset - self.clock())
        )
        self._sleep_until(reset)
        bucket.remaining = None

    def _sleep_until(self, when: float) -> None:
        self.sleep(min(MAX_RESET_WAIT_S, max(0.05, when - self.clock() + 0.05)))

    def _backoff(self, attempt: int, what: str, why: str) -> None:
        self.stats["retries"] += 1
        delay = min(MAX_BACKOFF_S, BACKOFF_S * 2**attempt)
        log.warning("%s: %s; retrying in %.1f s", what, why, delay)
        self.sleep(delay)

    def _drop_user_token(self, resp: requests.Response) -> None:
        log.warning("the user token was refused (%s); going on without it", _message(resp))
        self._user_token, self._user = "", None

    # --- lists -----------------------------------------------------------------------------------------

    def paginate(
        self, path: str, params: dict[str, Any], *, limit: int, page_size: int = PAGE_SIZE, user: bool = False
    ) -> Iterator[dict[str, Any]]:
        """The ``data`` items of successive pages, following ``pagination.cursor``, up to ``limit`` items."""
        cursor, given = None, 0
        for _ in range(MAX_PAGES):
            query = {**params, "first": min(page_size, limit - given)}
            if cursor:
                query["after"] = cursor
            body = self.get(path, query, user=user)
            items = body.get("data") or []
            yield from items[: limit - given]
            given += min(len(items), limit - given)
            cursor = (body.get("pagination") or {}).get("cursor")
            if not cursor or not items or given >= limit:
                return

    def _batched(self, path: str, key: str, values: Iterable[str]) -> list[dict[str, Any]]:
        values = list(dict.fromkeys(values))
        found: list[dict[str, Any]] = []
        for start in range(0, len(values), BATCH_SIZE):
            body = self.get(path, [(key, v) for v in values[start : start + BATCH_SIZE]])
            found.extend(body.get("data") or [])
        return found

    # --- endpoints -------------------------------------------------------------------------------------

    def top_streams(self, language: str | None, top: int) -> list[dict[str, Any]]:
        """The ``top`` live streams by viewers (in ``language`` if given), one per broadcaster."""
        params = {"language": language} if language else {}
        unique: dict[str, dict[str, Any]] = {}
        # Pages shift while viewer counts change, so a stream can come twice: ask for a few more.
        for stream in self.paginate("/streams", params, limit=top + top // 10 + 5):
            unique.setdefault(stream["user_id"], stream)
            if len(unique) >= top:
                break
        return list(unique.values())

    def streams_of(self, logins: Iterable[str]) -> list[dict[str, Any]]:
        """Live streams of these logins (offline ones are simply absent)."""
        return self._batched("/streams", "user_login", logins)

    def users(self, ids: Iterable[str] = (), logins: Iterable[str] = ()) -> list[dict[str, Any]]:
        return self._batched("/users", "id", ids) + self._batched("/users", "login", logins)

    def channels(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._batched("/channels", "broadcaster_id", ids)

    def games(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._batched("/games", "id", ids)

    def channel_teams(self, broadcaster_id: str) -> list[dict[str, Any]]:
        """The broadcaster's teams; Twitch answers ``{"data": null}`` (or 404) for none."""
        try:
            return self.get("/teams/channel", {"broadcaster_id": broadcaster_id}).get("data") or []
        except HelixError as exc:
            if exc.status == 404:
                return []
            raise

    def follower_total(self, broadcaster_id: str) -> int | None:
        """``total`` of /channels/followers (in every answer; the list itself needs a moderator)."""
        body = self.get(
            "/channels/followers", {"broadcaster_id": broadcaster_id, "first": 1}, user=self.has_user
        )
        total = body.get("total")
        return total if isinstance(total, int) else None

    @property
    def has_user(self) -> bool:
        return bool(self._user_token)

    def chatters(self, broadcaster_id: str) -> list[str] | None:
        """Logins in the channel's chat, when the user token is its broadcaster or a moderator, else None."""
        if self._user is None:
            return None
        params = {"broadcaster_id": broadcaster_id, "moderator_id": self._user.user_id}
        items = self.paginate("/chat/chatters", params, limit=10**7, page_size=CHATTERS_PAGE_SIZE, user=True)
        return self._logins_or_none(items)

    def vips(self, broadcaster_id: str) -> list[str] | None:
        """The channel's VIPs when the user token is the broadcaster's, else None."""
        return self._own_channel_list("/channels/vips", broadcaster_id)

    def moderators(self, broadcaster_id: str) -> list[str] | None:
        """The channel's moderators when the user token is the broadcaster's, else None."""
        return self._own_channel_list("/moderation/moderators", broadcaster_id)

    def _own_channel_list(self, path: str, broadcaster_id: str) -> list[str] | None:
        if self._user is None or self._user.user_id != broadcaster_id:
            return None
        items = self.paginate(path, {"broadcaster_id": broadcaster_id}, limit=10**6, user=True)
        return self._logins_or_none(items)

    @staticmethod
    def _logins_or_none(items: Iterator[dict[str, Any]]) -> list[str] | None:
        try:
            return [item["user_login"].lower() for item in items]
        except ForbiddenError:
            return None


def _update(bucket: _Bucket, headers: Any) -> None:
    try:
        if "Ratelimit-Remaining" in headers:
            bucket.remaining = int(headers["Ratelimit-Remaining"])
        if "Ratelimit-Reset" in headers:
            bucket.reset_at = float(headers["Ratelimit-Reset"])
    except ValueError:
        pass  # a garbled header: keep going on the previous values


def _json(resp: requests.Response) -> dict[str, Any] | None:
    try:
        body = resp.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _message(resp: requests.Response) -> str:
    body = _json(resp) or {}
    return str(body.get("message") or body.get("error") or resp.reason or "")


def _refusal(resp: requests.Response, user: bool) -> str:
    said = f"HTTP {resp.status_code} {_message(resp)}".strip()
    if user:
        return f"Twitch refused TWITCH_USER_TOKEN ({said}): create a new user token, or unset it"
    return (
        f"Twitch refused the application credentials ({said}): check TWITCH_CLIENT_ID and "
        "TWITCH_CLIENT_SECRET (dev.twitch.tv/console)"
    )
