"""Collector settings: one list of (name, default, help) records, read from the environment or a .env file.

Secrets are wrapped in :class:`Secret`, whose ``repr`` and ``str`` never show the value, and
:class:`RedactingFilter` scrubs any secret that still reaches a log record.
"""

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "SETTINGS",
    "CollectorConfig",
    "ConfigError",
    "RedactingFilter",
    "Secret",
    "load_config",
    "read_env_file",
]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    secret: bool = False


# Endpoints default to Twitch's; the fakes (`twitchgraph fake-twitch`) print the values that point at them.
SETTINGS: tuple[Setting, ...] = (
    Setting("TWITCH_CLIENT_ID", "", "Client id of your Twitch application (dev.twitch.tv/console)."),
    Setting("TWITCH_CLIENT_SECRET", "", "Client secret of that application.", secret=True),
    Setting("TWITCH_USER_TOKEN", "", "Optional user access token (Helix chatters, VIPs, moderators).", True),
    Setting("TWITCH_HELIX_URL", "https://api.twitch.tv/helix", "Helix API base URL."),
    Setting("TWITCH_AUTH_URL", "https://id.twitch.tv/oauth2", "OAuth base URL (/token, /validate)."),
    Setting("TWITCH_IRC_URL", "ircs://irc.chat.twitch.tv:6697", "Chat server: ircs:// (TLS) or irc://."),
    Setting("TWITCH_IRC_JOINS_PER_10S", 20, "Channel joins allowed per 10 seconds on one chat connection."),
    Setting("TWITCH_HTTP_TIMEOUT_S", 10.0, "Timeout of one Helix or OAuth request, in seconds."),
)

_ENV_LINE_RE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable and the fix."""


class Secret:
    """A string that never shows itself in ``repr``, ``str`` or f-strings; ``reveal()`` gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class CollectorConfig:
    """Everything the collector needs to reach Twitch (or the fakes)."""

    client_id: str
    client_secret: Secret
    user_token: Secret
    helix_url: str
    auth_url: str
    irc_url: str
    joins_per_10s: int = 20
    http_timeout_s: float = 10.0

    def secrets(self) -> list[str]:
        """Values a log must never contain."""
        return [s.reveal() for s in (self.client_secret, self.user_token) if s]

    def require_app_credentials(self) -> None:
        """:raise ConfigError: when the client id or secret is missing, saying where to set them."""
        missing = [
            name
            for name, value in (
                ("TWITCH_CLIENT_ID", self.client_id),
                ("TWITCH_CLIENT_SECRET", self.client_secret),
            )
            if not value
        ]
        if missing:
            raise ConfigError(
                f"{' and '.join(missing)} not set: put them in the environment or a .env file "
                "(or run `twitchgraph fake-twitch` for a demo without credentials)"
            )


def load_config(
    env_file: Path | None = Path(".env"),
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> CollectorConfig:
    """Defaults, then ``env_file`` (when it exists), then the environment, then ``overrides``.

    :raise ConfigError: a malformed value or URL, naming the variable.
    """
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    if env_file is not None and env_file.is_file():
        values.update(_known(read_env_file(env_file)))
    values.update(_known(os.environ if environ is None else environ))
    values.update(overrides or {})
    typed = {s.name: _convert(s, values[s.name]) for s in SETTINGS}
    for name in ("TWITCH_HELIX_URL", "TWITCH_AUTH_URL"):
        _check_url(name, typed[name], ("http", "https"))
    _check_url("TWITCH_IRC_URL", typed["TWITCH_IRC_URL"], ("irc", "ircs"))
    if typed["TWITCH_IRC_JOINS_PER_10S"] < 1:
        raise ConfigError("TWITCH_IRC_JOINS_PER_10S must be at least 1")
    return CollectorConfig(
        client_id=typed["TWITCH_CLIENT_ID"].strip(),
        client_secret=Secret(typed["TWITCH_CLIENT_SECRET"].strip()),
        user_token=Secret(_strip_oauth(typed["TWITCH_USER_TOKEN"].strip())),
        helix_url=typed["TWITCH_HELIX_URL"].rstrip("/"),
        auth_url=typed["TWITCH_AUTH_URL"].rstrip("/"),
        irc_url=typed["TWITCH_IRC_URL"],
        joins_per_10s=typed["TWITCH_IRC_JOINS_PER_10S"],
        http_timeout_s=typed["TWITCH_HTTP_TIMEOUT_S"],
    )


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines (``export`` allowed, ``#`` comments, single or double quotes); no interpolation."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ENV_LINE_RE.fullmatch(line)
        if match is None:
            continue
        name, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        found[name] = value
    return found


class RedactingFilter(logging.Filter):
    """Replaces every known secret in a record's message with ``***`` (attach it to handlers)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self._secrets:
            redacted = redacted.replace(secret, "***")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def _known(source: Mapping[str, str]) -> dict[str, str]:
    names = {s.name for s in SETTINGS}
    return {k: v for k, v in source.items() if k in names}


def _convert(setting: Setting, raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    kind = type(setting.default)
    if kind is str:
        return raw
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{setting.name}={raw!r}: expected a number") from None


def _check_url(name: str, url: str, schemes: tuple[str, ...]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in schemes or not parts.hostname:
        raise ConfigError(
            f"{name}={url!r}: expected a URL starting with {' or '.join(s + '://' for s in schemes)}"
        )


def _strip_oauth(token: str) -> str:
    # Chat tools hand out tokens as "oauth:abc..."; Helix wants the bare token.
    return token.removeprefix("oauth:")
