"""Benchmark the sampler: chat lines in, sample files out, at 100 channels x 10,000 chatters per window.

Run ``python -m bench.sampler`` from the repository root (``--quick``: 20 channels x 2,000 chatters).
Each figure is printed as ``bench <name>: <value> <unit>``.

The parent process runs the fake chat server on 127.0.0.1 and pre-builds every window's chat: each
chatter of each channel says one tagged ``PRIVMSG`` line (Twitch's real tag set, ~300 bytes), channels
interleaved, consecutive windows sharing half their chatters. A child process runs the sampler's own parts,
the chat reader (socket, parsing, badges) feeding a ``ChatWindow``, then ``build_sample`` and
``write_sample`` (gzip, fsync, link) for each window, and reports its time and its own peak RSS
(``VmHWM``), so the fake's memory never counts. A window closes when all its lines have arrived, not on
the clock, so the figures measure throughput rather than waiting.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench._output import emit

ROOT = Path(__file__).resolve().parent.parent
LINES_PER_CHUNK = 100  # lines of one channel before the next channel's turn


@dataclass(frozen=True)
class Sizes:
    channels: int
    chatters: int  # per channel and window
    windows: int


FULL = Sizes(100, 10_000, 3)
QUICK = Sizes(20, 2_000, 3)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.child:
        return _child(args.child, sizes)
    from collector.fakes import FakeIrc

    server = FakeIrc(None, joins_per_10s=10_000).start()
    try:
        payloads = [_window_payload(sizes, k) for k in range(sizes.windows)]
        result = _run_child(server, sizes, payloads, args.quick)
    finally:
        server.stop()
    label = f"{sizes.channels}x{sizes.chatters}"
    per_window = sizes.channels * sizes.chatters
    emit(f"sampler_throughput_{label}", per_window * sizes.windows / result["seconds"], "chatters/s")
    emit(f"sampler_windows_per_s_{label}", sizes.windows / result["seconds"], "windows/s")
    emit(f"sampler_window_write_{label}", result["write_s"], "s")
    emit(f"sampler_sample_file_{label}", result["file_mb"], "MB")
    emit(f"sampler_peak_rss_{label}", result["peak_rss_mb"], "MB")
    emit(f"sampler_baseline_rss_{label}", result["baseline_rss_mb"], "MB")
    return 0


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.sampler", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 channels x 2,000 chatters per window")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the chat URL, in the measured process
    return parser.parse_args(argv)


def _channel(i: int) -> str:
    return f"bench_channel_{i:03d}"


def _window_payload(sizes: Sizes, window: int) -> list[bytes]:
    """The window's chat as chunks of lines; chatter logins shift by half a window each time."""
    first = window * sizes.chatters // 2
    chunks = []
    for start in range(0, sizes.chatters, LINES_PER_CHUNK):
        for c in range(sizes.channels):
            channel = _channel(c)
            lines = [
                _line(channel, c, f"viewer_{c:03d}_{n:07d}", n)
                for n in range(first + start, first + min(start + LINES_PER_CHUNK, sizes.chatters))
            ]
            chunks.append("".join(lines).encode())
    return chunks


def _line(channel: str, room: int, login: str, n: int) -> str:
    badges = "moderator/1" if n % 500 == 0 else "vip/1" if n % 300 == 0 else "subscriber/12"
    return (
        f"@badge-info=subscriber/14;badges={badges};client-nonce=3f2a8c;color=#1E90FF;display-name={login};"
        f"emotes=;first-msg=0;flags=;id=6a1c1a8e-0000-4000-8000-{n:012d};mod={int(n % 500 == 0)};"
        f"returning-chatter=0;room-id={1000 + room};subscriber=1;tmi-sent-ts=1778311500000;turbo=0;"
        f"user-id={3000000 + n};user-type= :{login}!{login}@{login}.tmi.twitch.tv PRIVMSG #{channel} "
        ":gg that was a great play\r\n"
    )


def _run_child(server: object, sizes: Sizes, payloads: list[list[bytes]], quick: bool) -> dict[str, float]:
    args = [sys.executable, "-m", "bench.sampler", "--child", server.url]  # type: ignore[attr-defined]
    if quick:
        args.append("--quick")
    with subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        ready = child.stdout.readline().strip()
        if ready != "ready":
            child.kill()
            raise RuntimeError(f"the sampler child did not start: {ready!r}")
        sender = threading.Thread(target=_send, args=(server, payloads), daemon=True)
        sender.start()
        output = child.stdout.read()
        child.wait(timeout=600)
        sender.join(timeout=60)
    if child.returncode != 0:
        raise RuntimeError(f"the sampler child failed with status {child.returncode}")
    return json.loads(output.strip().splitlines()[-1])


def _send(server: object, payloads: list[list[bytes]]) -> None:
    for payload in payloads:
        for chunk in payload:
            server.send_raw(chunk)  # type: ignore[attr-defined]


# --- the measured process ---------------------------------------------------------------------------------


def _child(url: str, sizes: Sizes) -> int:
    from collector.irc import ChatReader
    from collector.samples import build_sample
    from collector.window import ChatWindow
    from contracts.samples import sample_name, write_sample

    window = ChatWindow()
    reader = ChatReader(url, window, joins_per_10s=10_000)
    reader.set_channels([_channel(c) for c in range(sizes.channels)])
    reader.start()
    if not reader.wait_settled(60):
        print("not joined", flush=True)
        return 1
    baseline = _peak_rss_mb()
    print("ready", flush=True)
    per_window = sizes.channels * sizes.chatters
    writes, sizes_mb = [], []
    started = None
    with tempfile.TemporaryDirectory(prefix="bench-samples-") as folder:
        for k in range(1, sizes.windows + 1):
            deadline = time.monotonic() + 600
            while reader.stats["messages"] < k * per_window and time.monotonic() < deadline:
                if started is None and reader.stats["messages"]:
                    started = time.perf_counter()
                time.sleep(0.002)
            began = time.perf_counter()
            data = window.rotate()
            sample = build_sample(data, {}, every_s=300, language="fr", top=sizes.channels)
            path = write_sample(Path(folder), sample, sample_name(1_778_311_500 + 300 * k))
            writes.append(time.perf_counter() - began)
            sizes_mb.append(path.stat().st_size / 2**20)
        seconds = time.perf_counter() - (started or time.perf_counter())
    reader.stop()
    result = {
        "seconds": seconds,
        "write_s": sum(writes) / len(writes),
        "file_mb": sum(sizes_mb) / len(sizes_mb),
        "peak_rss_mb": _peak_rss_mb(),
        "baseline_rss_mb": baseline,
        "messages": reader.stats["messages"],
    }
    print(json.dumps(result), flush=True)
    return 0


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MiB; ru_maxrss where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
