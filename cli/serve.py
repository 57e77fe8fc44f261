"""``twitchgraph serve``: the API and the explorer on granian (Flask's debug server only when asked)."""

import errno
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import click

from backend.config import Settings
from backend.db import start_scores
from backend.stream.sources import Source
from backend.stream.writer import BatchResult, DeadLetter, RawMessage, StreamWriter, Writer
from cli.common import say, settings
from cli.graph import graph_size, load_folder
from contracts.stream import PoisonMessage, decode


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option(
    "--populate",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Import this CSV folder before serving.",
)
@click.option("--if-empty", is_flag=True, help="With --populate: import only when the graph is empty.")
@click.option(
    "--replay",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Feed this import folder's VIP, moderator and chatter rows to an in-process stream consumer, "
    "shown live at /events and /stream/status (no broker needed).",
)
@click.option(
    "--replay-rate",
    default=50.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    metavar="MESSAGES/S",
    help="With --replay: messages a second.",
)
@click.option("--debug", is_flag=True, help="Flask's debugger and reloader. Never on a reachable host.")
# The sweep of bench/api_latency.py (2 cores, 32 clients): cached answers are fastest on 2 threads (top-N
# 11,600 req/s, p99 6 ms; 8 threads: 4,900 req/s, p99 15 ms, still within the goals), answers computed in
# the database, as after each stream batch, on 8 (cold /neighbourhood p99 282 ms; 2 threads: 330 ms).
# 8 by default for the live graph; --threads 2 for a graph that stands still.
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Python threads of the API; EVENTS_MAX_CONNECTIONS more run the /events streams.",
)
def serve_command(
    host: str,
    port: int,
    populate: Path | None,
    if_empty: bool,
    replay: Path | None,
    replay_rate: float,
    debug: bool,
    threads: int,
) -> None:
    """Serve the REST API (granian; Flask's debug server only with --debug)."""
    config = settings()
    if populate is not None:
        if if_empty and graph_size(config) > 0:
            say(f"graph not empty: skipping the import of {populate}")
        else:
            load_folder(config, populate, replace=False, report=None)
    listening = f"twitchgraph API on http://{host}:{port}/ ({config.graph_backend})"
    if debug:
        app = serving_app(config, replay, replay_rate)
        say(listening)
        app.run(host=host, port=port, debug=True)
    else:
        app = partial(serving_app, config, replay, replay_rate)
        _run_granian(app, host, port, threads + config.events_max_connections, listening)


COMMANDS = (serve_command,)
PARENT_CHECK_S = 0.5


def serving_app(config: Settings, replay: Path | None, replay_rate: float, _target: str = "") -> Any:
    """The app as a serving process runs it: its stream consumer (the replay, or Kafka when a broker is
    set) and its score thread started, so the scores are computed before anyone asks."""
    from backend.app import create_app

    app = create_app(config)
    if replay is not None:
        _replay_in_process(app, replay, replay_rate)
    elif config.kafka_bootstrap_servers:
        _consume_kafka_in_process(app, config)
    start_scores(app)
    return app


def _run_granian(make_app: Callable[[str], Any], host: str, port: int, threads: int, listening: str) -> None:
    """Serve until SIGTERM or Ctrl-C in one granian worker process, which builds the app with
    ``make_app`` and runs it on ``threads`` Python threads; a port that cannot be had is a message, not a
    traceback.

    granian (HTTP in Rust, the app on Python threads) answers the cached routes at about twice waitress's
    rate with a third of its p99 here (bench/api_latency.py). An open /events stream holds a Python
    thread for its whole life, and there are at most EVENTS_MAX_CONNECTIONS of them: that many threads
    more than the API's own, so open streams never leave the API's requests waiting for a thread. One
    worker process: the scores, the answer cache and the stream consumer live in it, once.
    """
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    _check_port(host, port)
    server = Server(
        "twitchgraph",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=threads,
        log_level=LogLevels.error,  # its info lines repeat ours; its warning is about the threads above
    )
    say(listening)
    server.serve(target_loader=partial(_worker_app, make_app, os.getpid()))


def _worker_app(make_app: Callable[[str], Any], parent: int, target: str) -> Any:
    """In the worker process: the app, and a thread that stops the worker when ``parent`` is gone (a
    SIGKILL leaves no time to stop the worker, which would serve on and keep the database running)."""

    def follow_parent() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os.kill(os.getpid(), signal.SIGTERM)  # granian's own clean stop: the store closes at exit

    threading.Thread(target=follow_parent, name="follow-parent", daemon=True).start()
    return make_app(target)


def _check_port(host: str, port: int) -> None:
    """:raise click.ClickException: ``host:port`` cannot be listened on, saying why in one line."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise click.ClickException(_listen_error(host, port, exc)) from None


def _replay_in_process(app: Any, folder: Path, rate: float) -> None:
    """``folder``'s rows at ``rate`` a second, through the in-process consumer into the graph."""
    from backend.stream.sources import InProcessReplay

    _consume_in_process(app, InProcessReplay(folder, rate), _GraphWriter(app))


def _consume_kafka_in_process(app: Any, config: Settings) -> None:
    """The topic, read by this process's own consumer group. On the embedded backend it writes the
    batches; on Memgraph, Memgraph's own stream (``twitchgraph stream attach``) writes them, so this
    consumer only publishes them to /events. A broker that is not there yet is waited for: the server
    serves meanwhile, and /stream/status says so."""
    from backend.stream.kafka import KafkaSource

    bootstrap = config.kafka_bootstrap_servers
    try:
        source = KafkaSource(bootstrap, config.kafka_topic, config.kafka_api_group)
    except Exception as exc:  # librdkafka refuses a configuration with a KafkaException or ValueError
        raise click.ClickException(f"Kafka consumer (KAFKA_BOOTSTRAP_SERVERS={bootstrap}): {exc}") from None
    writer = EventsOnlyWriter() if config.graph_backend == "memgraph" else _GraphWriter(app)
    _consume_in_process(app, source, writer)


def _consume_in_process(app: Any, source: Source, writer: Writer) -> None:
    """A stream consumer in a thread of this process: ``source`` into ``writer``, its status to
    /stream/status and /events, each batch's chatters to /events. It stops (finishing its batch, then
    committing it) when the process exits."""
    import atexit
    import threading

    from backend.api.events import hub_of
    from backend.stream.consumer import run
    from backend.stream.status import StreamStatus

    hub = hub_of(app)
    status = StreamStatus(source.description)
    hub.attach_stream(status)
    stop = threading.Event()

    def consume() -> None:
        run(source, _PublishingWriter(writer, hub), stop=stop, status=status)

    thread = threading.Thread(target=consume, name="stream-consumer", daemon=True)
    thread.start()
    atexit.register(lambda: (stop.set(), thread.join(5)))
    say(f"consuming {source.description} in this process")


class _GraphWriter:
    """The stream writer on the app's store, made at the first batch: the store opens then (the
    database may still be starting, a StoreError the consumer loop waits out as any failed write)."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._writer: Writer | None = None

    def write(self, messages: Sequence[RawMessage]) -> BatchResult:
        if self._writer is None:
            self._writer = StreamWriter(self._app.extensions["twitchgraph"].get())
        return self._writer.write(messages)


class EventsOnlyWriter:
    """A writer that writes nothing: the batch's valid messages become its events (for /events), poison
    its dead letters. For a graph that another consumer fills: Memgraph's own stream, whose
    transformation only logs poison, so these dead letters are the ones ``<topic>.dead`` gets."""

    def write(self, messages: Sequence[RawMessage]) -> BatchResult:
        result = BatchResult(messages=len(messages))
        for key, value in messages:
            try:
                result.events.append(decode(value))
            except PoisonMessage as exc:
                result.dead_letters.append(DeadLetter(key, value, str(exc)))
        return result


class _PublishingWriter:
    """A stream writer whose batches' chatters are also sent to /events."""

    def __init__(self, writer: Writer, hub: Any) -> None:
        self._writer, self._hub = writer, hub

    def write(self, messages: Sequence[RawMessage]) -> BatchResult:
        result = self._writer.write(messages)
        self._hub.publish_batch(result.events, result.created)
        return result


def _listen_error(host: str, port: int, exc: OSError) -> str:
    """Why the API cannot listen, and what to do, in one line."""
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use (another twitchgraph serve?): stop it or pass --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
