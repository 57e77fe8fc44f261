"""twitchgraph's Kafka transformation inside Memgraph (a Python transformation module).

Memgraph consumes the ``chatters`` topic itself once ``twitchgraph stream attach`` has created the stream:

    CREATE KAFKA STREAM twitchgraph_chatters TOPICS chatters TRANSFORM twitchgraph_stream.chatters ...

For each batch, ``chatters`` decodes the messages with the project's own rules (``contracts/stream.py``,
copied beside this file by memgraph/Dockerfile as the package ``contracts``) and returns a few
parameterised statements, one UNWIND per kind of write, that Memgraph runs in the batch's transaction:

- the Stream node of a broadcaster named by ``streamer_login`` that the graph does not know yet;
- one MERGE statement per relationship type (CHATTER, MODERATOR, VIP): users MERGEd by login, edges
  MERGEd, so a redelivered message changes nothing (Kafka delivers at least once).

Poison (not JSON, missing or invalid fields, oversized) is dropped with a log line: an exception here
would fail the batch, which Memgraph then never commits, and the stream would stop on it. A message for a
broadcaster the graph does not know, without a ``streamer_login``, writes nothing: a transformation only
returns statements and cannot look the broadcaster up first, so the edge statement is guarded by a MATCH
on the Stream's id instead (the Python consumer, which can look it up, dead-letters such messages).

The statements are a copy of ``STREAM_MERGE_CHANNELS`` and ``STREAM_MERGE_EDGES`` in
backend/graph/queries.py (the image has no ``backend`` package); tests/memgraph checks they are equal.
"""

import sys
from collections.abc import Iterable

import mgp

from contracts.stream import PoisonMessage, decode

STREAM_MERGE_CHANNELS = """
UNWIND $rows AS row
OPTIONAL MATCH (known:Stream {id: row.id})
WITH row, known WHERE known IS NULL
MERGE (s:User {login: row.login})
ON CREATE SET s.name = row.login
SET s:Stream, s.id = coalesce(s.id, row.id)
"""
STREAM_MERGE_EDGES = {
    rel_type: (
        "UNWIND $rows AS row MATCH (s:Stream {id: row[0]}) "
        "WITH row[0] AS channel, row[1] AS login, min(id(s)) AS node "
        "MATCH (s) WHERE id(s) = node MERGE (u:User {login: login}) ON CREATE SET u.name = login "
        f"MERGE (u)-[:{rel_type}]->(s)"
    )
    for rel_type in ("CHATTER", "MODERATOR", "VIP")
}

# Memgraph's own log (its --log-level applies) when this Memgraph has the Logger API, else stderr.
_LOGGER = mgp.Logger() if hasattr(mgp, "Logger") else None


@mgp.transformation
def chatters(messages: mgp.Messages) -> mgp.Record(query=str, parameters=mgp.Nullable[mgp.Map]):
    """The batch's statements: new channels first, then the edges of each relationship type."""
    payloads = []
    for i in range(messages.total_messages()):
        message = messages.message_at(i)
        payloads.append((_where(message), message.payload()))
    return [mgp.Record(query=query, parameters=parameters) for query, parameters in statements(payloads)]


def statements(payloads: Iterable[tuple[str, bytes | None]]) -> list[tuple[str, dict]]:
    """(query, parameters) for messages given as (where it came from, value); poison is logged, dropped."""
    channels: dict[str, dict[str, str]] = {}  # broadcaster id -> {id, login}: its first streamer_login
    edges: dict[str, dict[tuple[str, str], None]] = {rel_type: {} for rel_type in STREAM_MERGE_EDGES}
    dropped = 0
    for where, value in payloads:
        try:
            event = decode(value)
        except PoisonMessage as exc:
            dropped += 1
            _warn(f"twitchgraph_stream: poison message dropped ({where}): {exc}")
            continue
        if event.streamer_login and event.user_id not in channels:
            channels[event.user_id] = {"id": event.user_id, "login": event.streamer_login}
        edges[event.relationship][(event.user_id, event.chatter_login)] = None
    result: list[tuple[str, dict]] = []
    if channels:
        result.append((STREAM_MERGE_CHANNELS, {"rows": list(channels.values())}))
    for rel_type, pairs in edges.items():
        if pairs:
            result.append((STREAM_MERGE_EDGES[rel_type], {"rows": [list(pair) for pair in pairs]}))
    return result


def _where(message: mgp.Message) -> str:
    """Topic and offset of a message, for the log line (offsets are Kafka's; other sources have none)."""
    try:
        return f"{message.topic_name()} offset {message.offset()}"
    except Exception:  # not a Kafka message: no offset
        return message.topic_name()


def _warn(text: str) -> None:
    if _LOGGER is not None:
        _LOGGER.warning(text)
    else:
        print(text, file=sys.stderr)
