"""A batch of stream messages into the graph: decode, resolve broadcasters, MERGE users and edges.

The writes are the loader's (``backend/graph/batches.py``): users looked up by login and CREATEd when
missing, then viewer -> streamer edges CREATEd from the users this batch created (they cannot have edges)
and MERGEd from the others. Every write is idempotent, so a redelivered message changes nothing: that is
what turns Kafka's at-least-once delivery into an exactly-once outcome.

For live views the batch's written messages come back naming their channel by the graph's login (a
message may name it by Twitch id only), with the pairs whose edge did not exist before.
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
    created_edges: int = 0  # edges that did not exist before the batch
    # The messages written, for live views: each names its channel's login.
    events: list[ChatterEvent] = field(default_factory=list)
    # The (broadcaster's Twitch id, chatter login) pairs whose edge (of the message's kind) the batch
    # created; None when not known, as from a writer that writes nothing.
    created: set[tuple[str, str]] | None = None


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
        written = result.events
        events, sources = _decode_all(messages, result.dead_letters)
        streams, logins = self._stream_nodes(events, result)
        for event, (key, value) in zip(events, sources, strict=True):
            if event.user_id in streams:
                login = logins.get(event.user_id, event.streamer_login)
                written.append(
                    event if login == event.streamer_login else event._replace(streamer_login=login)
                )
            else:
                reason = f"unknown broadcaster user_id {event.user_id} and no streamer_login"
                result.dead_letters.append(DeadLetter(key, value, reason))
        if written:
            result.created = self._write_edges(written, streams, result)
        return result

    def forget(self) -> None:
        """Drop the cached ids (after the graph was replaced, say); the next batch looks them up."""
        self._streams.forget()
        self._users.forget()

    def _stream_nodes(
        self, events: Sequence[ChatterEvent], result: BatchResult
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """Twitch user id -> Stream node of every broadcaster the batch names that is or can be known, and
        Twitch user id -> the channel's login."""
        wanted = {event.user_id for event in events}
        streams = self._streams.known(self._store, wanted)
        logins = self._streams.names(streams.keys())
        if missing := sorted(wanted - streams.keys()):
            found, found_logins = self._lookup_streams(missing)
            if unknown := set(missing) - found.keys():
                merged = self._merge_streams(events, unknown)
                result.new_streamers = len(merged)
                found.update({twitch_id: node for twitch_id, (node, _login) in merged.items()})
                found_logins.update({twitch_id: login for twitch_id, (_node, login) in merged.items()})
            self._streams.add(found, found_logins)
            streams.update(found)
            logins.update(found_logins)
        return streams, logins

    def _lookup_streams(self, ids: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
        """Twitch user id -> node, and -> login, of the Stream nodes the graph has for ``ids``."""
        nodes: dict[str, Any] = {}
        logins: dict[str, str] = {}
        for batch in batches.chunks(ids):
            for twitch_id, node, login in self._store.ro_query(queries.STREAM_IDS, {"ids": batch}).rows:
                nodes[twitch_id] = node
                if login is not None:
                    logins[twitch_id] = login
        return nodes, logins

    def _merge_streams(self, events: Sequence[ChatterEvent], unknown: set[str]) -> dict[str, tuple[Any, str]]:
        """Twitch user id -> (node, login) of the unknown broadcasters a message names by login, MERGEd."""
        rows: dict[str, dict[str, str]] = {}
        for event in events:
            if event.user_id in unknown and event.streamer_login and event.user_id not in rows:
                rows[event.user_id] = {"login": event.streamer_login, "id": event.user_id}
        if not rows:
            return {}
        nodes = batches.write_ids(self._store, queries.MERGE_CHANNELS, "rows", list(rows.values()))
        return {twitch_id: (nodes[row["login"]], row["login"]) for twitch_id, row in rows.items()}

    def _write_edges(
        self, events: Sequence[ChatterEvent], streams: dict[str, Any], result: BatchResult
    ) -> set[tuple[str, str]]:
        """Users (cached, else looked up or created), then viewer -> streamer edges by relationship type;
        the (broadcaster's Twitch id, chatter login) pairs whose edge was created."""
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
        new_edges: list[tuple[Any, Any]] = []
        for rel_type, edges in pairs.items():
            fresh, existing = _split(edges, new_ids)
            batches.write_viewer_edges(self._store, rel_type, fresh, [])
            new_edges += [(viewer, streamer) for streamer, viewers in fresh.items() for viewer in viewers]
            new_edges += self._merge_edges(rel_type, existing)
        result.created_edges = len(new_edges)
        return _named_pairs(new_edges, users, streams)

    def _merge_edges(self, rel_type: str, pairs: list[list[Any]]) -> list[tuple[Any, Any]]:
        """MERGE the [viewer id, streamer id] ``pairs``; the (viewer, streamer) ids whose edge was new."""
        created: list[tuple[Any, Any]] = []
        for batch in batches.chunks(pairs):
            rows = self._store.query(queries.MERGE_EDGES_BY_ID_CREATED[rel_type], {"pairs": batch}).rows
            created += [(viewer, streamer) for viewer, streamer in rows]
        return created


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


def _named_pairs(
    edges: list[tuple[Any, Any]], users: dict[str, Any], streams: dict[str, Any]
) -> set[tuple[str, str]]:
    """(viewer id, streamer id) edges as (broadcaster's Twitch id, chatter login) pairs."""
    if not edges:
        return set()
    login_of = {node: login for login, node in users.items()}
    twitch_id_of = {node: twitch_id for twitch_id, node in streams.items()}
    return {(twitch_id_of[streamer], login_of[viewer]) for viewer, streamer in edges}


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
