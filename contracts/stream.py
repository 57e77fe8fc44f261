"""The live stream's message format: one JSON object per Kafka message on the ``chatters`` topic.

Compatible with Memgraph's Twitch demo, whose messages are ``{"user_id": ..., "chatter_login": ...}``:

- ``user_id`` (required): the broadcaster's Twitch user id, 1 to 20 digits (a JSON string, or a number).
- ``chatter_login`` (required): the login of the person seen in the channel's chat, a Twitch login (1-25
  letters, digits or _, any case: stored lowercased).
- ``kind`` (optional, default ``chatter``): ``chatter``, ``vip`` or ``moderator``: the relationship written.
- ``at`` (optional): when it was seen, ISO 8601 in UTC (``2026-05-09T07:35:12Z``).
- ``streamer_login`` (optional): the broadcaster's login, so a channel the graph does not know yet can
  be created; without it, a message for an unknown ``user_id`` is poison.

Messages are keyed by ``user_id`` so that one channel's messages stay in order in one partition, and are
at most 4,096 bytes. A message that breaks these rules is poison: it goes to the dead-letter topic
(``chatters.dead``) with the reason, never stops a stream. A dead letter is the JSON object
``{"reason": ..., "value": ...}``, the value being the original message as text, cut to 4,096 bytes.
"""

import json
import re
from datetime import UTC, datetime
from typing import NamedTuple

from contracts.identity import LOGIN_RE, is_login
from contracts.import_csv import USER_ID_RE  # ASCII digits: str.isdigit takes "²"

__all__ = [
    "DEAD_LETTER_SUFFIX",
    "KINDS",
    "MAX_MESSAGE_BYTES",
    "TOPIC",
    "ChatterEvent",
    "PoisonMessage",
    "dead_letter_value",
    "decode",
    "encode",
]

TOPIC = "chatters"
DEAD_LETTER_SUFFIX = ".dead"  # chatters -> chatters.dead
KINDS = {"chatter": "CHATTER", "vip": "VIP", "moderator": "MODERATOR"}  # kind -> relationship type
MAX_MESSAGE_BYTES = 4_096  # a valid message is under 200 bytes; anything far larger is not one of ours
# The common message, a chatter as ``encode`` writes it (JSON's optional spaces allowed): read by one
# match, four times faster than json.loads and the checks; any other shape goes the long way. Both ways
# accept and reject the same messages (tests/stream/test_contract.py).
_JSON_SPACE = r"[ \t\n\r]*"
_PLAIN_CHATTER = re.compile(
    _JSON_SPACE.join(
        (
            *("", r"\{", '"user_id"', ":", f'"({USER_ID_RE.pattern})"', ","),
            *('"chatter_login"', ":", f'"({LOGIN_RE.pattern})"', r"\}", ""),
        )
    ).encode()
)


class PoisonMessage(ValueError):
    """A message that is not a valid chatter event; ``str()`` is the reason, for the dead-letter topic."""


class ChatterEvent(NamedTuple):
    """One message's content. A named tuple: immutable, and four times cheaper to make than a frozen
    dataclass, which counts at tens of thousands of messages a second."""

    user_id: str
    chatter_login: str  # lowercased: identity is the login, case-insensitive
    kind: str = "chatter"
    at: datetime | None = None
    streamer_login: str | None = None  # lowercased

    @property
    def relationship(self) -> str:
        return KINDS[self.kind]

    @property
    def key(self) -> bytes:
        return self.user_id.encode()


def encode(event: ChatterEvent) -> bytes:
    """The message value of ``event`` (optional fields only when set)."""
    body: dict[str, str] = {"user_id": event.user_id, "chatter_login": event.chatter_login}
    if event.kind != "chatter":
        body["kind"] = event.kind
    if event.at is not None:
        body["at"] = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if event.streamer_login:
        body["streamer_login"] = event.streamer_login
    return json.dumps(body, separators=(",", ":")).encode()


def decode(value: bytes | None) -> ChatterEvent:
    """The event a message value carries.

    :raise PoisonMessage: the value is not a valid chatter event; the message says why.
    """
    if value is not None and len(value) <= MAX_MESSAGE_BYTES and (plain := _PLAIN_CHATTER.fullmatch(value)):
        return ChatterEvent(plain[1].decode(), plain[2].decode().lower())
    body = _json_object(value)
    user_id = body.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)  # the demo's producer may send numbers
    if not isinstance(user_id, str) or not USER_ID_RE.fullmatch(user_id):
        raise PoisonMessage("user_id missing or not a Twitch user id (digits)")
    login = body.get("chatter_login")
    if not is_login(login):
        raise PoisonMessage("chatter_login missing or not a Twitch login (1-25 letters, digits or _)")
    kind = body.get("kind", "chatter")
    if kind not in KINDS:
        raise PoisonMessage(f"kind must be one of {', '.join(KINDS)}")
    streamer = body.get("streamer_login")
    if streamer is not None and not is_login(streamer):
        raise PoisonMessage("streamer_login is not a Twitch login")
    return ChatterEvent(
        user_id, login.lower(), kind, _time(body.get("at")), streamer.lower() if streamer else None
    )


def dead_letter_value(value: bytes | None, reason: str) -> bytes:
    """What the dead-letter topic keeps: the reason and the original value (as text, cut to the limit)."""
    original = (value or b"")[:MAX_MESSAGE_BYTES].decode("utf-8", errors="replace")
    return json.dumps({"reason": reason, "value": original}, ensure_ascii=False).encode()


def _json_object(value: bytes | None) -> dict[str, object]:
    if value is None:
        raise PoisonMessage("empty message")
    if len(value) > MAX_MESSAGE_BYTES:
        raise PoisonMessage(f"message of {len(value)} bytes, over the {MAX_MESSAGE_BYTES}-byte limit")
    try:
        body = json.loads(value)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PoisonMessage(f"not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise PoisonMessage("not a JSON object")
    return body


def _time(text: object) -> datetime | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise PoisonMessage("at is not an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise PoisonMessage("at is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise PoisonMessage("at has no time zone (UTC expected, e.g. 2026-05-09T07:35:12Z)")
    return moment.astimezone(UTC)
