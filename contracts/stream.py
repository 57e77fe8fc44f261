"""The live stream's message format: one JSON object per Kafka message on the ``chatters`` topic.

Compatible with Memgraph's Twitch demo, whose messages are ``{"user_id": ..., "chatter_login": ...}``:

- ``user_id`` (required): the broadcaster's Twitch user id, digits.
- ``chatter_login`` (required): the login of the person seen in the channel's chat.
- ``kind`` (optional, default ``chatter``): ``chatter``, ``vip`` or ``moderator``: the relationship written.
- ``at`` (optional): when it was seen, ISO 8601 in UTC (``2026-05-09T07:35:12Z``).
- ``streamer_login`` (optional): the broadcaster's login, so a channel the graph does not know yet can
  be created; without it, a message for an unknown ``user_id`` is poison.

Messages are keyed by ``user_id`` so that one channel's messages stay in order in one partition. A message
that breaks these rules is poison: it goes to the dead-letter topic with the reason, never stops a stream.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.identity import is_login

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
MAX_USER_ID_DIGITS = 20


class PoisonMessage(ValueError):
    """A message that is not a valid chatter event; ``str()`` is the reason, for the dead-letter topic."""


@dataclass(frozen=True, slots=True)
class ChatterEvent:
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
    body = _json_object(value)
    user_id = body.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)  # the demo's producer may send numbers
    if not isinstance(user_id, str) or not user_id.isdigit() or len(user_id) > MAX_USER_ID_DIGITS:
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
