"""``twitchgraph stream produce | consume``: chatters through Kafka into the graph (docs/stream.md).

Also runnable alone: ``python -m cli.stream consume ...``.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from backend.graph.store import GraphStore
from backend.stream.consumer import ConsumerOptions, run, stop_on_signals
from backend.stream.kafka import DEFAULT_BOOTSTRAP, DEFAULT_GROUP, KafkaSource, broker_answers
from backend.stream.memgraph_attach import (
    DEFAULT_BATCH_INTERVAL_MS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MEMGRAPH_GROUP,
    DEFAULT_STREAM_NAME,
    AttachError,
    StreamOptions,
    attach,
    connect,
    detach,
)
from backend.stream.producer import ProduceResult, replay_file
from backend.stream.status import ConsumerStats
from backend.stream.writer import StreamWriter
from cli.common import guarded, open_graph, parse_pairs, say, settings
from contracts.stream import DEAD_LETTER_SUFFIX, TOPIC

__all__ = ["COMMANDS", "stream_group"]

PRODUCE_PROGRESS_EVERY = 50_000  # messages between two progress lines of a replay
BROKER_CHECK_S = 10.0  # how long produce waits for the broker's first answer

_bootstrap = click.option(
    "--bootstrap",
    envvar="KAFKA_BOOTSTRAP_SERVERS",
    default=DEFAULT_BOOTSTRAP,
    show_default=True,
    show_envvar=True,
    metavar="HOST:PORT",
    help="Kafka bootstrap servers (comma-separated).",
)
_topic = click.option("--topic", default=TOPIC, show_default=True, help="The chatters topic.")
_kafka_options = click.option(
    "--kafka-option",
    "-X",
    "kafka_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="A librdkafka property (security, timeouts...). Repeatable.",
)


@click.group("stream")
def stream_group() -> None:
    """Live ingestion: chatters through a Kafka topic into the graph."""


@stream_group.command("produce")
@click.option(
    "--replay",
    "replay",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A user_id,chatter_login file (header or not) to send, a message per row.",
)
@click.option(
    "--interval",
    default=0.0,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Pause between two messages.",
)
@_bootstrap
@_topic
@_kafka_options
def produce_command(
    replay: Path, interval: float, bootstrap: str, topic: str, kafka_options: tuple[str, ...]
) -> None:
    """Replay a chatters file to the topic.

    A message per row, keyed by the broadcaster's user id; done once the broker has acknowledged them all.
    """
    options = parse_pairs(kafka_options, "--kafka-option", "KEY=VALUE")
    if not broker_answers(bootstrap, options, BROKER_CHECK_S):
        raise click.ClickException(f"Kafka broker {bootstrap} unavailable (no answer in {BROKER_CHECK_S:g}s)")
    stop = threading.Event()
    with stop_on_signals(stop):
        result = replay_file(
            replay,
            bootstrap,
            topic=topic,
            interval_s=interval,
            options=options,
            stop=stop,
            progress=_every(PRODUCE_PROGRESS_EVERY, lambda sent: say(f"{sent:,} messages sent")),
        )
    click.echo(_produce_summary(replay, topic, bootstrap, result))
    if result.failed:
        raise click.ClickException(f"{result.failed} messages not delivered: {result.first_error}")


@stream_group.command("consume")
@_bootstrap
@_topic
@click.option("--group", default=DEFAULT_GROUP, show_default=True, help="Consumer group.")
@click.option(
    "--batch-size",
    default=ConsumerOptions.batch_size,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Messages written per batch, at most.",
)
@click.option(
    "--batch-interval-ms",
    default=int(ConsumerOptions.batch_interval_s * 1000),
    show_default=True,
    type=click.IntRange(1, 60_000),
    help="How long a batch waits to fill up.",
)
@click.option(
    "--until-idle",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Exit after this long without a message [default: run until SIGTERM or Ctrl-C].",
)
@_kafka_options
def consume_command(
    bootstrap: str,
    topic: str,
    group: str,
    batch_size: int,
    batch_interval_ms: int,
    until_idle: float | None,
    kafka_options: tuple[str, ...],
) -> None:
    """Write the topic's chatters into the configured graph.

    Each batch is committed once it is written. Poison messages go to TOPIC.dead with their reason; the
    stream never stops for them.
    """
    kafka = parse_pairs(kafka_options, "--kafka-option", "KEY=VALUE")
    store = _store()
    writer = guarded(lambda: StreamWriter(store))
    options = ConsumerOptions(batch_size, batch_interval_ms / 1000, until_idle)
    try:
        source = KafkaSource(bootstrap, topic, group, kafka)
    except Exception as exc:  # librdkafka refuses a configuration with a KafkaException or ValueError
        raise click.ClickException(f"Kafka consumer: {exc}") from None
    say(f"consuming {source.description} into {store.describe()}")
    stop = threading.Event()
    with stop_on_signals(stop), _notices_on_terminal():
        stats = run(source, writer, options, stop=stop, progress=_say_progress)
    click.echo(_consume_summary(stats, topic))


@stream_group.command("attach")
@click.option("--detach", "detach_", is_flag=True, help="Stop and drop the stream instead.")
@_bootstrap
@_topic
@click.option(
    "--group",
    default=DEFAULT_MEMGRAPH_GROUP,
    show_default=True,
    help="Memgraph's consumer group (not the Python consumers': they would split the partitions).",
)
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Messages per transaction, at most.",
)
@click.option(
    "--batch-interval-ms",
    default=DEFAULT_BATCH_INTERVAL_MS,
    show_default=True,
    type=click.IntRange(1, 60_000),
    help="How long a batch waits to fill up.",
)
@click.option("--name", default=DEFAULT_STREAM_NAME, show_default=True, help="The Memgraph stream's name.")
def attach_command(
    detach_: bool, bootstrap: str, topic: str, group: str, batch_size: int, batch_interval_ms: int, name: str
) -> None:
    """Have Memgraph consume the topic itself (CREATE KAFKA STREAM ... TRANSFORM twitchgraph_stream.chatters).

    Creates the stream unless it exists and starts it unless it runs; --detach stops and drops it.
    --bootstrap is Kafka's address as Memgraph reaches it (kafka:9092 in compose). Needs
    GRAPH_BACKEND=memgraph (MG_HOST, MG_PORT...) and the transformation module in Memgraph's image.
    """
    config = settings()
    if config.graph_backend != "memgraph":
        raise click.ClickException(
            f"attach needs Memgraph (GRAPH_BACKEND=memgraph), not {config.graph_backend}: "
            "use `twitchgraph stream consume` with the embedded backend"
        )
    try:
        memgraph = connect(config)
        if detach_:
            click.echo(detach(memgraph, name))
        else:
            options = StreamOptions(bootstrap, name, (topic,), group, batch_size, batch_interval_ms)
            click.echo(attach(memgraph, options))
    except AttachError as exc:
        raise click.ClickException(str(exc)) from None


COMMANDS = (stream_group,)


def _store() -> GraphStore:
    """The configured graph store (the one place that knows how the CLI opens it)."""
    return open_graph(settings())


def _every(step: int, action: Callable[[int], None]) -> Callable[[int], None]:
    return lambda count: action(count) if count % step == 0 else None


@contextmanager
def _notices_on_terminal() -> Iterator[None]:
    """The loop's one-line notices (broker away, back) on stderr, as plain lines, while the block runs."""
    logger = logging.getLogger("backend.stream")
    handler = _SayHandler()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _SayHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        say(record.getMessage())


def _say_progress(stats: ConsumerStats) -> None:
    lag = f", lag {stats.lag:,}" if stats.lag is not None else ""
    say(
        f"{stats.messages:,} messages ({stats.rate:,.0f}/s): {sum(stats.written.values()):,} written, "
        f"{stats.dead_letters:,} dead letters{lag}"
    )


def _consume_summary(stats: ConsumerStats, topic: str) -> str:
    kinds = ", ".join(f"{count:,} {rel_type}" for rel_type, count in sorted(stats.written.items()))
    rate = stats.messages / max(stats.seconds, 1e-9)
    return (
        f"consumed {stats.messages:,} messages in {stats.seconds:.1f} s ({rate:,.0f}/s): "
        f"{sum(stats.written.values()):,} written ({kinds or 'none'}), {stats.new_users:,} new users, "
        f"{stats.dead_letters:,} dead letters to {topic}{DEAD_LETTER_SUFFIX}"
    )


def _produce_summary(path: Path, topic: str, bootstrap: str, result: ProduceResult) -> str:
    rate = result.delivered / max(result.seconds, 1e-9)
    skipped = f"; {result.skipped:,} lines skipped (not user_id,login)" if result.skipped else ""
    return (
        f"replayed {path} to {topic} at {bootstrap}: {result.delivered:,} of {result.sent:,} messages "
        f"delivered in {result.seconds:.1f} s ({rate:,.0f}/s){skipped}"
    )


if __name__ == "__main__":
    stream_group(prog_name="python -m cli.stream")
