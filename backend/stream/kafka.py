"""The Kafka side of the consumer loop: a consumer-group member as a ``Source`` (confluent-kafka).

Offsets are committed by hand, synchronously, only for messages written (``commit`` after the batch and
its dead letters are in): at-least-once delivery, which the writer's MERGEs make an exactly-once outcome.
A batch that could not be written is fetched again by seeking back to its first offsets.

librdkafka reconnects by itself and reports every failed attempt; the source turns them into one
``problem()`` line ("broker ... unavailable") that holds until messages flow or the broker answers again.
"""

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from backend.stream.sources import SourceError
from backend.stream.writer import DeadLetter, RawMessage
from contracts.stream import DEAD_LETTER_SUFFIX, TOPIC, dead_letter_value

__all__ = ["DEFAULT_BOOTSTRAP", "DEFAULT_GROUP", "KafkaSource", "broker_answers", "client_config"]

log = logging.getLogger(__name__)

DEFAULT_BOOTSTRAP = "127.0.0.1:9092"
DEFAULT_GROUP = "twitchgraph"
# librdkafka logs every reconnection attempt; its errors reach us through error_cb instead, once each.
_LIBRDKAFKA_LOG = logging.getLogger("backend.stream.librdkafka")
_LIBRDKAFKA_LOG.propagate = False
_LIBRDKAFKA_LOG.addHandler(logging.NullHandler())
# A broker that closes an idle connection also reports a transport error; only this one means that no
# broker answers at all. librdkafka keeps reconnecting by itself either way.
_UNREACHABLE = KafkaError._ALL_BROKERS_DOWN
_TRANSIENT = {KafkaError._TRANSPORT, KafkaError._RESOLVE}
PROBE_EVERY_S = 1.0  # while the broker is away, how often an idle fetch asks whether it is back
PROBE_TIMEOUT_S = 0.5
DEAD_LETTER_TIMEOUT_S = 10.0  # a dead letter not acknowledged by then fails its batch (fetched again)


def client_config(bootstrap: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What every client of ours sets, then ``options`` (any librdkafka property) over it."""
    return {
        "bootstrap.servers": bootstrap,
        "client.id": "twitchgraph",
        "logger": _LIBRDKAFKA_LOG,
        "log.connection.close": False,
        **(options or {}),
    }


def consumer_config(bootstrap: str, group: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return client_config(
        bootstrap,
        {
            "group.id": group,
            "enable.auto.commit": False,  # committed by hand, after the batch is written
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",  # a new group reads the topic from its start, as a replay
            "allow.auto.create.topics": True,  # a consumer may start before the first producer
            # A killed member holds its partitions this long: 10 s, not Kafka's 45, so that a restarted
            # consumer resumes soon; heartbeats at a third of it, as Kafka advises.
            "session.timeout.ms": 10_000,
            "heartbeat.interval.ms": 3_000,
            "topic.metadata.refresh.interval.ms": 10_000,  # a topic created later is seen within 10 s
            # A broker holds a fetch this long when it has nothing: librdkafka's 500 ms made a message wait
            # 160 ms (p50) between produce and consume at 5,000 messages/s; 100, a batch's wait, 80.
            "fetch.wait.max.ms": 100,
            **(options or {}),
        },
    )


def broker_answers(bootstrap: str, options: Mapping[str, Any] | None = None, timeout_s: float = 5.0) -> bool:
    """Whether a broker at ``bootstrap`` answers a metadata request within ``timeout_s``."""
    try:
        AdminClient(client_config(bootstrap, options)).list_topics(timeout=timeout_s)
    except KafkaException:
        return False
    return True


class KafkaSource:
    """A member of consumer group ``group`` on ``topic``; dead letters go to ``topic`` + ``.dead``."""

    def __init__(
        self,
        bootstrap: str,
        topic: str = TOPIC,
        group: str = DEFAULT_GROUP,
        options: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.description = f"kafka {bootstrap} topic {topic} group {group}"
        self.ready_at: float | None = None
        self._bootstrap = bootstrap
        self._topic = topic
        self._options = dict(options or {})
        self._clock = clock
        self._problem: str | None = None
        self._last_probe = 0.0
        self._batch: dict[int, tuple[int, int]] = {}  # partition -> first and last offset of the last fetch
        self._pending: dict[int, int] = {}  # partition -> next offset, written but not committed yet
        self._dead: Producer | None = None
        config = consumer_config(bootstrap, group, {**self._options, "error_cb": self._on_error})
        self._consumer = Consumer(config)
        self._consumer.subscribe([topic], on_assign=self._on_assign, on_revoke=self._on_revoke)

    # --- Source -------------------------------------------------------------------------------------

    def fetch(self, max_messages: int, timeout_s: float) -> list[RawMessage]:
        messages = self._consumer.consume(max_messages, timeout_s)
        batch: dict[int, tuple[int, int]] = {}
        out: list[RawMessage] = []
        for message in messages:
            if error := message.error():
                self._on_message_error(error)
                continue
            partition, offset = message.partition(), message.offset()
            batch[partition] = (batch.get(partition, (offset, offset))[0], offset)
            out.append((message.key(), message.value()))
        self._batch = batch
        if out:
            self._problem = None  # the broker is clearly there
        elif self._problem:
            self._probe()
        return out

    def dead_letter(self, letters: Sequence[DeadLetter]) -> None:
        if not letters:
            return
        producer = self._dead_letter_producer()
        failures: list[str] = []

        def delivered(error: KafkaError | None, _message: Message) -> None:
            if error is not None:
                failures.append(error.str())

        for letter in letters:
            value = dead_letter_value(letter.value, letter.reason)
            producer.produce(self._topic + DEAD_LETTER_SUFFIX, value, letter.key, on_delivery=delivered)
        if producer.flush(DEAD_LETTER_TIMEOUT_S) or failures:
            producer.purge()  # the batch is fetched again and its letters sent again: none twice
            producer.flush(0)
            reason = failures[0] if failures else f"not acknowledged within {DEAD_LETTER_TIMEOUT_S:g} s"
            raise SourceError(f"dead letters not delivered to {self._topic}{DEAD_LETTER_SUFFIX}: {reason}")

    def commit(self) -> None:
        for partition, (_first, last) in self._batch.items():
            self._pending[partition] = last + 1
        self._batch = {}
        self._commit_pending()

    def rewind(self) -> None:
        for partition, (first, _last) in self._batch.items():
            with suppress(KafkaException):  # no longer ours: its new owner starts from the last commit
                self._consumer.seek(TopicPartition(self._topic, partition, first))
        self._batch = {}

    def problem(self) -> str | None:
        return self._problem

    def lag(self) -> int | None:
        """Messages between each assigned partition's position and its end, from librdkafka's cache."""
        try:
            assigned = self._consumer.assignment()
            if not assigned:
                return None
            total = 0
            for position in self._consumer.position(assigned):
                _low, high = self._consumer.get_watermark_offsets(position, cached=True)
                if high >= 0 and position.offset >= 0:
                    total += max(high - position.offset, 0)
            return total
        except KafkaException:
            return None

    @property
    def exhausted(self) -> bool:
        return False  # a topic has no end

    def close(self) -> None:
        """Commit what was written, leave the group (its partitions go to others at once), close."""
        self._commit_pending()
        self._consumer.close()
        if self._dead is not None:
            self._dead.flush(DEAD_LETTER_TIMEOUT_S)

    # --- librdkafka callbacks and helpers --------------------------------------------------------------

    def _commit_pending(self) -> None:
        if not self._pending:
            return
        offsets = [TopicPartition(self._topic, p, offset) for p, offset in self._pending.items()]
        try:
            self._consumer.commit(offsets=offsets, asynchronous=False)
        except KafkaException as exc:
            # Kept: the next commit carries them. Until then a restart would fetch them again, harmlessly.
            log.debug("commit failed, retried with the next batch: %s", exc)
            return
        self._pending = {}

    def _on_assign(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self.ready_at = self._clock()
        log.info("assigned %s partitions %s", self._topic, sorted(p.partition for p in partitions))

    def _on_revoke(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        """Before partitions go to another member: commit what was written of them, then forget them."""
        self._commit_pending()
        for partition in partitions:
            self._pending.pop(partition.partition, None)
            self._batch.pop(partition.partition, None)

    def _on_error(self, error: KafkaError) -> None:
        if error.code() == _UNREACHABLE:
            self._problem = f"Kafka broker {self._bootstrap} unavailable"
        elif error.code() in _TRANSIENT:
            log.debug("%s", error.str())
        else:
            self._problem = f"Kafka at {self._bootstrap}: {error.str()}"

    def _on_message_error(self, error: KafkaError) -> None:
        if error.code() == KafkaError._PARTITION_EOF:
            return
        if error.code() == KafkaError.UNKNOWN_TOPIC_OR_PART:
            self._problem = f"topic {self._topic} does not exist on {self._bootstrap} yet"
        else:
            self._problem = f"Kafka at {self._bootstrap}: {error.str()}"

    def _probe(self) -> None:
        """While in trouble and idle, ask for the topic's metadata now and then: an answer ends it."""
        now = self._clock()
        if now - self._last_probe < PROBE_EVERY_S:
            return
        self._last_probe = now
        try:
            metadata = self._consumer.list_topics(self._topic, timeout=PROBE_TIMEOUT_S)
        except KafkaException:
            return
        topic = metadata.topics.get(self._topic)
        if topic is not None and topic.error is None:
            self._problem = None

    def _dead_letter_producer(self) -> Producer:
        if self._dead is None:
            config = client_config(self._bootstrap, {"linger.ms": 5, **_connection_options(self._options)})
            config["message.timeout.ms"] = int(DEAD_LETTER_TIMEOUT_S * 1000)
            self._dead = Producer(config)
        return self._dead


def _connection_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """Of a consumer's options, those a producer to the same cluster needs too (how to connect)."""
    shared = ("security.", "sasl.", "ssl.", "socket.", "client.", "broker.")
    return {key: value for key, value in options.items() if key.startswith(shared)}
