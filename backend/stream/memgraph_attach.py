"""Memgraph consuming the chatters topic itself: its Kafka stream, created and started, stopped and dropped.

The stream runs memgraph/query_modules/twitchgraph_stream.py's ``chatters`` transformation on each batch
(GQLAlchemy's ``MemgraphKafkaStream`` writes the CREATE KAFKA STREAM statement). DDL cannot take
parameters, so every name and address that goes into it is checked against a strict pattern first.

Memgraph commits a batch's offsets with the batch's transaction; the transformation drops poison instead
of failing, so a bad message never stops the stream. Memgraph's consumer group must differ from the
Python consumers' (``twitchgraph``): in one group they would share the partitions, each seeing part.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gqlalchemy import Memgraph, MemgraphKafkaStream

from backend.config import Settings
from contracts.stream import TOPIC

__all__ = [
    "DEFAULT_BATCH_INTERVAL_MS",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MEMGRAPH_GROUP",
    "DEFAULT_STREAM_NAME",
    "TRANSFORM",
    "AttachError",
    "StreamOptions",
    "attach",
    "connect",
    "detach",
    "kafka_stream",
]

DEFAULT_STREAM_NAME = "twitchgraph_chatters"
DEFAULT_MEMGRAPH_GROUP = "twitchgraph_memgraph"
TRANSFORM = "twitchgraph_stream.chatters"  # module.transformation in memgraph/query_modules
DEFAULT_BATCH_SIZE = 1_000  # Memgraph's own defaults
DEFAULT_BATCH_INTERVAL_MS = 100
MAX_BATCH_SIZE = 100_000
MAX_BATCH_INTERVAL_MS = 60_000

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")  # a stream name: a Cypher symbolic name
# Topics and consumer groups: Kafka's characters, starting with a letter (Memgraph's grammar).
_KAFKA_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,248}")
_TRANSFORM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*")
_SERVER = r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\]):[0-9]{1,5}"
_SERVERS = re.compile(rf"{_SERVER}(?:,{_SERVER})*")


class AttachError(Exception):
    """The stream could not be created, started, stopped or dropped; ``str()`` is a one-line reason."""


@dataclass(frozen=True, slots=True)
class StreamOptions:
    """What ``attach`` creates: validated on construction, so the statement never carries bad text."""

    bootstrap_servers: str
    name: str = DEFAULT_STREAM_NAME
    topics: tuple[str, ...] = (TOPIC,)
    consumer_group: str = DEFAULT_MEMGRAPH_GROUP
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_interval_ms: int = DEFAULT_BATCH_INTERVAL_MS
    transform: str = TRANSFORM

    def __post_init__(self) -> None:
        _check(_NAME, self.name, "stream name", "letters, digits and _, not starting with a digit")
        if not self.topics:
            raise AttachError("at least one topic is needed")
        for topic in self.topics:
            _check(_KAFKA_NAME, topic, "topic", "letters, digits, '.', '_' and '-', starting with a letter")
        _check(
            _KAFKA_NAME,
            self.consumer_group,
            "consumer group",
            "letters, digits, '.', '_' and '-', starting with a letter",
        )
        _check(_TRANSFORM, self.transform, "transformation", "module.function")
        _check(_SERVERS, self.bootstrap_servers, "bootstrap servers", "HOST:PORT[,HOST:PORT...]")
        if any(int(port) > 65_535 for port in re.findall(r":([0-9]+)(?:,|$)", self.bootstrap_servers)):
            raise AttachError(f"bootstrap servers {self.bootstrap_servers!r}: a port is over 65535")
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            raise AttachError(f"batch size must be 1 to {MAX_BATCH_SIZE:,}, got {self.batch_size}")
        if not 1 <= self.batch_interval_ms <= MAX_BATCH_INTERVAL_MS:
            raise AttachError(
                f"batch interval must be 1 to {MAX_BATCH_INTERVAL_MS:,} ms, got {self.batch_interval_ms}"
            )


def kafka_stream(options: StreamOptions) -> MemgraphKafkaStream:
    """GQLAlchemy's description of the stream (``.to_cypher()`` is the CREATE KAFKA STREAM statement)."""
    return MemgraphKafkaStream(
        name=options.name,
        topics=list(options.topics),
        transform=options.transform,
        consumer_group=options.consumer_group,
        batch_interval=str(options.batch_interval_ms),
        batch_size=str(options.batch_size),
        bootstrap_servers=options.bootstrap_servers,
    )


def connect(settings: Settings) -> Memgraph:
    """A GQLAlchemy connection to the configured Memgraph (it connects on the first statement)."""
    return Memgraph(
        host=settings.mg_host,
        port=settings.mg_port,
        username=settings.mg_username,
        password=settings.mg_password,
        encrypted=settings.mg_encrypted,
    )


def attach(memgraph: Memgraph, options: StreamOptions) -> str:
    """Create the stream unless it exists, and start it unless it runs; says what it did.

    Safe to run again (compose runs it on every ``up``). A stream that exists keeps its settings: detach
    it first to change them.

    :raise AttachError: Memgraph is unreachable or refused (unknown topic, no transformation module...).
    """
    existing = _streams(memgraph)
    if options.name not in existing:
        _run(lambda: memgraph.create_stream(kafka_stream(options)), f"create stream {options.name}")
        created = True
    else:
        created = False
    if existing.get(options.name):
        return f"stream {options.name} already attached and running"
    _run(lambda: memgraph.start_stream(kafka_stream(options)), f"start stream {options.name}")
    what = "created and started" if created else "started (it existed, stopped)"
    return (
        f"stream {options.name} {what}: topics {', '.join(options.topics)} at {options.bootstrap_servers} "
        f"-> {options.transform}, group {options.consumer_group}, batches of {options.batch_size:,} "
        f"or {options.batch_interval_ms} ms"
    )


def detach(memgraph: Memgraph, name: str = DEFAULT_STREAM_NAME) -> str:
    """Stop the stream if it runs and drop it; says what it did (nothing when there is no such stream).

    :raise AttachError: Memgraph is unreachable or refused.
    """
    _check(_NAME, name, "stream name", "letters, digits and _, not starting with a digit")
    existing = _streams(memgraph)
    if name not in existing:
        return f"no stream {name}: nothing to detach"
    if existing[name]:
        _run(lambda: memgraph.execute(f"STOP STREAM {name};"), f"stop stream {name}")
    _run(lambda: memgraph.drop_stream(_named(name)), f"drop stream {name}")
    return f"stream {name} stopped and dropped"


def _streams(memgraph: Memgraph) -> dict[str, bool]:
    """Name -> running, of the streams Memgraph has."""
    where = f"{getattr(memgraph, '_host', '?')}:{getattr(memgraph, '_port', '?')}"
    rows = _run(lambda: list(memgraph.execute_and_fetch("SHOW STREAMS;")), f"list streams at {where}")
    return {str(row.get("name")): _running(row) for row in rows}


def _running(row: dict[str, Any]) -> bool:
    """SHOW STREAMS's running flag (the column is ``is running`` in Memgraph 2 and 3)."""
    for key, value in row.items():
        if "running" in key.lower():
            return bool(value)
    return False


def _named(name: str) -> MemgraphKafkaStream:
    """A stream object for DROP STREAM, which only reads the name."""
    return MemgraphKafkaStream(name=name, topics=[TOPIC], transform=TRANSFORM)


def _run[T](action: Callable[[], T], what: str) -> T:
    try:
        return action()
    except AttachError:
        raise
    except Exception as exc:  # pymgclient's DatabaseError, OperationalError, GQLAlchemy's errors, OSError
        text = " ".join(str(exc).split())
        if not text or "Connection" in type(exc).__name__:
            text = f"unreachable ({type(exc).__name__}{': ' + text if text else ''})"
        raise AttachError(f"Memgraph: {what}: {text}") from None


def _check(pattern: re.Pattern[str], value: object, what: str, rule: str) -> None:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise AttachError(f"{what} {value!r} is not valid ({rule})")
