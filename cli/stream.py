"""``twitchgraph stream produce | consume``: chatters through Kafka into the graph (docs/stream.md).

Also runnable alone: ``python -m cli.stream consume ...``.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from click.core import ParameterSource
from confluent_kafka import KafkaException

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
from backend.stream.producer import ProduceResult, publish_live, replay_file
from backend.stream.status import ConsumerStats
from backend.stream.writer import StreamWriter
from cli.collect import DURATION, _config, _env_file, _language, _logging, _reader_factory, _top
from cli.common import guarded, open_graph, parse_pairs, say, settings
from collector.config import CollectorConfig
from collector.helix import HelixClient, HelixError
from collector.live import LiveCollector, LiveError, LiveOptions
from contracts.durations import format_duration
from contracts.stream import DEAD_LETTER_SUFFIX, TOPIC, ChatterEvent

__all__ = ["COMMANDS", "stream_group"]

PRODUCE_PROGRESS_EVERY = 50_000  # messages between two progress lines of a replay
LIVE_PROGRESS_S = 10.0  # seconds between two progress lines of --live, at most one per message
LIVE_ONLY = ("language", "top", "every", "env_file")  # options that mean nothing to a replay
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
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A user_id,chatter_login file (header or not) to send, a message per row.",
)
@click.option(
    "--live",
    is_flag=True,
    help="Instead: what the collector's chat reader sees in the top live channels, until SIGTERM or Ctrl-C.",
)
@click.option(
    "--interval",
    default=0.0,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="With --replay: pause between two messages.",
)
@_language
@_top
@click.option(
    "--every",
    default="5m",
    show_default=True,
    type=DURATION,
    help="With --live: window length; a login is sent once per channel and kind per window (30s, 5m, 1h).",
)
@_env_file
@_bootstrap
@_topic
@_kafka_options
@click.pass_context
def produce_command(
    ctx: click.Context,
    replay: Path | None,
    live: bool,
    interval: float,
    language: str | None,
    top: int,
    every: int,
    env_file: Path,
    bootstrap: str,
    topic: str,
    kafka_options: tuple[str, ...],
) -> None:
    """Replay a chatters file to the topic (--replay FILE), or publish live chat as it is seen (--live).

    A message per row, or per first sighting of a login in a channel per window (VIP and moderator
    badges as kinds of their own), keyed by the broadcaster's user id. Done once the broker has
    acknowledged them all. --live reads the Twitch settings as `twitchgraph collect` does.
    """
    _check_mode(ctx, replay, live)
    options = parse_pairs(kafka_options, "--kafka-option", "KEY=VALUE")
    if replay is None:
        if top < 1:
            raise click.BadParameter("must be at least 1", param_hint="--top")
        config = _config(env_file)
        _require_broker(bootstrap, options)
        with _logging(config, verbose=False):
            _produce_live(config, LiveOptions(language, top, every), bootstrap, topic, options)
        return
    _require_broker(bootstrap, options)
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
    _fail_undelivered(result)


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


def _check_mode(ctx: click.Context, replay: Path | None, live: bool) -> None:
    """Exactly one of --replay and --live, and no option of the other one."""
    if (replay is None) == (not live):
        raise click.UsageError("give exactly one of --replay FILE or --live")
    given = {
        name
        for name in ("interval", *LIVE_ONLY)
        if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)
    }
    misplaced = given & (set(LIVE_ONLY) if live is False else {"interval"})
    if misplaced:
        names = ", ".join("--" + name.replace("_", "-") for name in sorted(misplaced))
        raise click.UsageError(f"{names} only with {'--live' if replay is not None else '--replay'}")


def _require_broker(bootstrap: str, options: dict[str, str]) -> None:
    if not broker_answers(bootstrap, options, BROKER_CHECK_S):
        raise click.ClickException(f"Kafka broker {bootstrap} unavailable (no answer in {BROKER_CHECK_S:g}s)")


def _produce_live(
    config: CollectorConfig, live: LiveOptions, bootstrap: str, topic: str, options: dict[str, str]
) -> None:
    """Publish the top live channels' chat until SIGTERM or Ctrl-C, then say what was delivered."""
    collector = LiveCollector(live, HelixClient(config), _reader_factory(config))
    try:
        channels = collector.start()
    except (HelixError, LiveError) as exc:
        collector.close()
        raise click.ClickException(str(exc)) from None
    say(
        f"publishing the chat of {channels} live channels to {topic} at {bootstrap}, each login once per "
        f"channel per {format_duration(live.every_s)}; Ctrl-C or SIGTERM stops"
    )
    stop = threading.Event()
    try:
        with stop_on_signals(stop):
            result = publish_live(_said(collector.events(stop)), bootstrap, topic=topic, options=options)
    except (KafkaException, ValueError) as exc:  # librdkafka refuses a configuration with one of those
        raise click.ClickException(f"Kafka producer: {exc}") from None
    finally:
        collector.close()
    rate = result.delivered / max(result.seconds, 1e-9)
    click.echo(
        f"published the live chat of {channels} channels to {topic} at {bootstrap}: "
        f"{result.delivered:,} of {result.sent:,} messages delivered, {result.failed:,} failed, "
        f"in {result.seconds:.1f} s ({rate:,.1f}/s)"
    )
    _fail_undelivered(result)


def _said(events: Iterable[ChatterEvent]) -> Iterator[ChatterEvent]:
    """``events``, with a progress line at most every LIVE_PROGRESS_S seconds while they come."""
    last = time.monotonic()
    for sent, event in enumerate(events, 1):
        yield event
        if time.monotonic() - last >= LIVE_PROGRESS_S:
            last = time.monotonic()
            say(f"{sent:,} messages sent")


def _fail_undelivered(result: ProduceResult) -> None:
    if result.failed:
        raise click.ClickException(f"{result.failed} messages not delivered: {result.first_error}")


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
