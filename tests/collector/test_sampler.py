"""`collect samples` against the fakes: every finished window on disk, whole, through faults and a SIGKILL."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from collector.config import CollectorConfig
from collector.fakes import FakeHelix, FakeIrc, World
from collector.sampler import FolderLockedError, Sampler, SamplerOptions
from contracts.samples import list_samples, read_sample
from tests.collector.conftest import LANGUAGE, config_for, helix_for, reader_factory

ROOT = Path(__file__).resolve().parents[2]
TOP = 6
FAULT_MARGIN_S = 0.5  # lines in flight when a connection is cut may be lost with it


def _start(sample: dict) -> float:
    return datetime.fromisoformat(sample["window_start"]).timestamp()


def _deliveries(irc: FakeIrc, faults: list[float]) -> dict[int, dict[str, set[str]]]:
    """Second-long window -> channel -> logins the fake delivered then, minus lines a fault may have cut."""
    by_window: dict[int, dict[str, set[str]]] = {}
    for moment, channel, login in list(irc.delivered):
        if any(t - FAULT_MARGIN_S <= moment <= t + FAULT_MARGIN_S for t in faults):
            continue
        by_window.setdefault(int(moment), {}).setdefault(channel, set()).add(login)
    return by_window


def check_windows(folder: Path, irc: FakeIrc, faults: list[float]) -> list[int]:
    """Every file whole and consistent with what the fake delivered; returns the windows' starts."""
    samples = [read_sample(path) for path in list_samples(folder)]
    starts = [int(_start(s)) for s in samples]
    delivered = _deliveries(irc, faults)
    chatters = {int(_start(s)): {c["login"]: set(c["chatters"]) for c in s["channels"]} for s in samples}
    for start, channels in chatters.items():
        if not any(start - 1 <= t < start + 2 for t in faults):  # a cut connection may silence a window
            assert any(channels.values()), f"window {start} saw nobody"
        for channel, seen in channels.items():
            # Lines are filed by arrival: one sent just before a boundary may land in the next window.
            sent = delivered.get(start, {}).get(channel, set()) | delivered.get(start - 1, {}).get(
                channel, set()
            )
            assert seen <= sent | _all_delivered(irc, channel, start), (start, channel)
            if start + 1 in chatters:
                must = delivered.get(start, {}).get(channel, set())
                assert must <= seen | chatters[start + 1].get(channel, set()), (start, channel)
    assert not [p for p in folder.iterdir() if p.name.startswith(".") and ".tmp-" in p.name]
    return starts


def _all_delivered(irc: FakeIrc, channel: str, start: int) -> set[str]:
    # Lines near a fault are left out of _deliveries; they still count as sent for "nothing invented".
    return {
        login
        for moment, ch, login in list(irc.delivered)
        if ch == channel and start - 1 <= moment < start + 1
    }


def _sampler(config: CollectorConfig, folder: Path, windows: int) -> Sampler:
    options = SamplerOptions(folder, LANGUAGE, TOP, every_s=1, max_windows=windows)
    return Sampler(options, helix_for(config), reader_factory(config, backoff_s=(0.05,)))


def _when(
    condition: Callable[[], bool], action: Callable[[], object], timeout: float = 20
) -> threading.Thread:
    def run() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not condition():
            time.sleep(0.02)
        action()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_sampling_through_faults_loses_no_window(
    helix_server: FakeHelix, irc_server: FakeIrc, config: CollectorConfig, tmp_path: Path
) -> None:
    sampler = _sampler(config, tmp_path, windows=7)
    faults: list[float] = []

    def fault(action: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            faults.append(time.time())
            action()

        return run

    def helix_storm() -> None:
        helix_server.fail("429", times=2, path="/streams")
        helix_server.fail("5xx", times=2, path="/streams")
        helix_server.fail("malformed", times=1, path="/streams")
        helix_server.fail("slow", times=1, path="/streams", delay_s=2.5)  # past the 2 s client timeout
        helix_server.expire_tokens()

    threads = [
        _when(lambda: len(sampler.written) >= 1, fault(irc_server.drop_all)),
        _when(lambda: len(sampler.written) >= 2, helix_storm),
        _when(lambda: len(sampler.written) >= 4, fault(irc_server.reconnect_all)),
    ]
    written = sampler.run()
    for thread in threads:
        thread.join(timeout=5)
    starts = check_windows(tmp_path, irc_server, faults)
    assert len(written) == 7 and starts == list(range(starts[0], starts[0] + 7))  # contiguous: none lost
    assert irc_server.connections >= 3 and helix_server.requests_to("/helix/streams") >= 7
    samples = [read_sample(p) for p in written]
    assert {c["login"] for c in samples[-1]["channels"]} == {c.login for c in _top(irc_server.world)}
    assert all(s["totals"]["observed_channels"] == TOP for s in (samples[0], samples[-1]))


def _top(world: World | None) -> list:
    assert world is not None
    return [c for c in world.channels if c.language == LANGUAGE][:TOP]


def test_a_second_sampler_on_the_same_folder_is_refused(config: CollectorConfig, tmp_path: Path) -> None:
    first = _sampler(config, tmp_path, windows=2)
    thread = threading.Thread(target=first.run, daemon=True)
    thread.start()
    try:
        lock, deadline = tmp_path / ".sampler.lock", time.monotonic() + 5
        while time.monotonic() < deadline and not (lock.exists() and lock.read_text() == str(os.getpid())):
            time.sleep(0.01)  # the pid is written once the lock is held
        with pytest.raises(FolderLockedError, match=f"pid {os.getpid()}"):
            _sampler(config, tmp_path, windows=1).run()
    finally:
        first.stop()
        thread.join(timeout=5)


def _collect(env_file: Path, folder: Path, log: Path, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "cli", "collect", "samples", str(folder), "--language", LANGUAGE]
    args += ["--top", str(TOP), "--every", "1s", "--env-file", str(env_file), *extra]
    env = {name: value for name, value in os.environ.items() if not name.startswith("TWITCH_")}
    env["PYTHONPATH"] = str(ROOT)
    with log.open("w") as stderr:  # the child has its own copy of the descriptor
        return subprocess.Popen(args, cwd=ROOT, env=env, stderr=stderr, stdout=subprocess.DEVNULL)


def _wait_for_files(folder: Path, count: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while len(list_samples(folder)) < count:
        assert proc.poll() is None, "the sampler died"
        assert time.monotonic() < deadline, "no sample files came"
        time.sleep(0.05)


def test_a_killed_sampler_restarts_without_losing_a_finished_window(
    helix_server: FakeHelix, irc_server: FakeIrc, tmp_path: Path
) -> None:
    config = config_for(helix_server, irc_server, TWITCH_USER_TOKEN="")
    env_file = tmp_path / "fake.env"
    env_file.write_text(
        "".join(
            f"{name}={value}\n"
            for name, value in {
                "TWITCH_CLIENT_ID": config.client_id,
                "TWITCH_CLIENT_SECRET": config.client_secret.reveal(),
                "TWITCH_HELIX_URL": config.helix_url,
                "TWITCH_AUTH_URL": config.auth_url,
                "TWITCH_IRC_URL": config.irc_url,
                "TWITCH_IRC_JOINS_PER_10S": config.joins_per_10s,
            }.items()
        )
    )
    folder, faults = tmp_path / "samples", []
    first = _collect(env_file, folder, tmp_path / "first.log")
    try:
        _wait_for_files(folder, 2, first)
        faults.append(time.time())
        irc_server.drop_all()
        helix_server.fail("5xx", times=2, path="/streams")
        _wait_for_files(folder, 4, first)
        time.sleep(1.5 - time.time() % 1)  # the middle of a window
        killed_at = time.time()
        first.send_signal(signal.SIGKILL)
    finally:
        first.kill()
        first.wait(timeout=10)
    before = [int(_start(read_sample(p))) for p in list_samples(folder)]
    assert all(start + 1 <= killed_at for start in before)  # only finished windows are on disk
    second = _collect(env_file, folder, tmp_path / "second.log", "--windows", "3")
    try:
        assert second.wait(timeout=30) == 0
    finally:
        second.kill()
    starts = check_windows(folder, irc_server, faults)
    after = starts[len(before) :]
    assert starts[: len(before)] == before == list(range(before[0], before[0] + len(before)))
    assert len(after) == 3 and after == list(range(after[0], after[0] + 3))
    assert after[0] >= int(killed_at) + 1  # the killed window and the restart's partial one are absent
    log = (tmp_path / "first.log").read_text() + (tmp_path / "second.log").read_text()
    assert log.count(f"channels ({TOP} observed)") >= len(starts) - 2
    assert config.client_secret.reveal() not in log
