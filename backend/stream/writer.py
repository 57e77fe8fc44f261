"""A batch of stream messages into the graph: decode, resolve broadcasters, MERGE users and edges.

The writes are the loader's (``backend/graph/batches.py``): users looked up by login and CREATEd when
missing, then viewer -> streamer edges CREATEd from the users this batch created (they cannot have edges)
and MERGEd from the others. Every write is idempotent, so a redelivered message changes nothing: that is
what turns Kafka's at-least-once delivery into an exactly-once outcome.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from backend.graph import batches, queries
from backend.graph.schema import ensure_schema
from backend.graph.store import GraphStore
from backend.stream.id_cache import IdCache
from contracts.stream import KINDS, ChatterEvent, PoisonMessage, decode

__all__ = ["BatchResult", "DeadLetter", "RawMessage", "StreamWriter", "Writer"]

RawMessage = tuple[bytes | None, bytes | None]  # (key, value) as Kafka delivers them

STREAM_CACHE_LIMIT = 100_000  # channels: Twitch has about 100,000 live at its peak
USER_CACHE_LIMIT = 500_000  # people: about 100 MB of cache at most


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message that cannot be written, and why (the reason goes to the dead-letter topic)."""

    key: bytes | None
    value: bytes | None
    reason: str


@dataclass
class BatchResult:
    """What one batch did."""

    messages: int = 0
    written: dict[str, int] = field(default_factory=dict)  # relationship type -> messages written
    dead_letters: list[DeadLetter] = field(default_factory=list)
    new_users: int = 0
    new_streamers: int = 0  # broadcasters MERGEd from a message's streamer_login
    # Edges from users this batch created, hence certainly new. An edge MERGEd from a user who existed
    # may be new too; telling would cost a read per edge, so it is not counted.
    created_edges: int = 0
    events: list[ChatterEvent] = field(default_factory=list)  # the messages written, for live views


class Writer(Protocol):
    """What the consumer loop needs of a writer (the benchmark swaps in the demo's per-message way)."""

    def write(self, messages: Sequence[RawMessage]) -> BatchResult: ...


class StreamWriter:
    """Writes batches into one store, keeping the node ids of channels and people between batches."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._streams = IdCache(queries.STREAMS_STILL_AT, STREAM_CACHE_LIMIT)  # Twitch user id -> node
        self._users = IdCache(queries.USERS_STILL_AT, USER_CACHE_LIMIT)  # login -> node
        ensure_schema(store)  # a fresh graph gets the indexes the lookups below rely on

    def write(self, messages: Sequence[RawMessage]) -> BatchResult:
        """Write ``messages``; poison comes back as dead letters, never as an exception.

        :raise StoreError: the graph failed; nothing may be assumed written, and writing the same batch
            again is safe.
        """
        result = BatchResult(messages=len(messages))
        events, sources = _decode_all(messages, result.dead_letters)
        streams = self._stream_nodes(events, result)
        for event, (key, value) in zip(events, sources, strict=True):
            if event.user_id in streams:
                result.events.append(event)
            else:
                reason = f"unknown broadcaster user_id {event.user_id} and no streamer_login"
                result.dead_letters.append(DeadLetter(key, value, reason))
        if result.events:
            self._write_edges(result.events, streams, result)
        return result

    def forget(self) -> None:
        """Drop the cached ids (after the graph was replaced, say); the next batch looks them up."""
        self._streams.forget()
        self._users.forget()

    def _stream_nodes(self, events: Sequence[ChatterEvent], result: BatchResult) -> dict[str, Any]:
        """Twitch user id -> Stream node of every broadcaster the batch names that is or can be known."""
        wanted = {event.user_id for event in events}
        streams = self._streams.known(self._store, wanted)
        if missing := sorted(wanted - streams.keys()):
            found = batches.lookup_ids(self._store, queries.STREAM_IDS, "ids", missing)
            if unknown := set(missing) - found.keys():
                merged = self._merge_streams(events, unknown)
                result.new_streamers = len(merged)
                found.update(merged)
            self._streams.add(found)
            streams.update(found)
        return streams

    def _merge_streams(self, events: Sequence[ChatterEvent], unknown: set[str]) -> dict[str, Any]:
        """Twitch user id -> node of the unknown broadcasters a message names by login, MERGEd."""
        rows: dict[str, dict[str, str]] = {}
        for event in events:
            if event.user_id in unknown and event.streamer_login and event.user_id not in rows:
                rows[event.user_id] = {"login": event.streamer_login, "id": event.user_id}
        if not rows:
            return {}
        nodes = batches.write_ids(self._store, queries.MERGE_CHANNELS, "rows", list(rows.values()))
        return {twitch_id: nodes[row["login"]] for twitch_id, row in rows.items()}

    def _write_edges(
        self, events: Sequence[ChatterEvent], streams: dict[str, Any], result: BatchResult
    ) -> None:
        """Users (cached, else looked up or created), then viewer -> streamer edges by relationship type."""
        logins = {event.chatter_login for event in events}
        users = self._users.known(self._store, logins)
        found, created = batches.ensure_users(self._store, [login for login in logins if login not in users])
        self._users.add(found)
        users.update(found)
        result.new_users = len(created)
        pairs: dict[str, set[tuple[Any, Any]]] = {}
        for event in events:
            rel_type = KINDS[event.kind]
            pairs.setdefault(rel_type, set()).add((users[event.chatter_login], streams[event.user_id]))
            result.written[rel_type] = result.written.get(rel_type, 0) + 1
        new_ids = {found[login] for login in created}
        for rel_type, edges in pairs.items():
            fresh, existing = _split(edges, new_ids)
            batches.write_viewer_edges(self._store, rel_type, fresh, existing)
            result.created_edges += sum(len(viewers) for viewers in fresh.values())


def _decode_all(
    messages: Iterable[RawMessage], dead: list[DeadLetter]
) -> tuple[list[ChatterEvent], list[RawMessage]]:
    """The events of the valid messages, with the messages they came from; poison goes to ``dead``."""
    events: list[ChatterEvent] = []
    sources: list[RawMessage] = []
    for key, value in messages:
        try:
            events.append(decode(value))
        except PoisonMessage as exc:
            dead.append(DeadLetter(key, value, str(exc)))
        else:
            sources.append((key, value))
    return events, sources


def _split(edges: set[tuple[Any, Any]], new_ids: set[Any]) -> tuple[dict[Any, list[Any]], list[list[Any]]]:
    """(viewer, streamer) edges as batches.write_viewer_edges takes them: streamer -> viewers created by
    this batch (CREATE), and [viewer, streamer] pairs to MERGE. ``edges`` is a set: a message repeated
    within the batch must not be CREATEd twice."""
    fresh: dict[Any, list[Any]] = {}
    existing: list[list[Any]] = []
    for viewer, streamer in edges:
        if viewer in new_ids:
            fresh.setdefault(streamer, []).append(viewer)
        else:
            existing.append([viewer, streamer])
    return fresh, existing
