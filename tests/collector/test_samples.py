"""The sample format: building, atomic writing, reading back, and what a killed writer leaves."""

import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collector.samples import ChannelMeta, build_sample
from collector.window import ChannelSeen, WindowData
from contracts.files import clean_temp_files
from contracts.samples import (
    SAMPLE_VERSION,
    SampleError,
    list_samples,
    read_sample,
    sample_name,
    write_sample,
)

START = 1_778_311_500.0  # 2026-05-09T07:25:00Z


def _window() -> WindowData:
    seen = ChannelSeen(
        chatters=frozenset({"bob", "mod1", "streamer"}),
        lurkers=frozenset({"quiet"}),
        vips=frozenset({"bob"}),
        moderators=frozenset({"mod1"}),
        messages=7,
        observed_s=300.0,
    )
    return WindowData(START, START + 300, {"streamer": seen})


def _sample() -> dict:
    meta = {
        "streamer": ChannelMeta(
            "streamer", "42", True, "9", 1234, "hi", "1", "Chess", "en", "2026-05-09T06:00:00Z"
        )
    }
    return build_sample(_window(), meta, every_s=300, language="en", top=10, wanted=["streamer", "offline"])


def test_sample_name_is_the_window_start_in_utc() -> None:
    assert sample_name(START) == "20260509T072500Z.json.gz"


def test_build_sample_holds_what_day_processing_needs() -> None:
    sample = _sample()
    assert sample["version"] == SAMPLE_VERSION and sample["window"] == "5m"
    assert (sample["window_start"], sample["window_end"]) == ("2026-05-09T07:25:00Z", "2026-05-09T07:30:00Z")
    first, second = sample["channels"]
    assert first["login"] == "streamer" and first["viewer_count"] == 1234 and first["game_name"] == "Chess"
    assert first["chatters"] == ["bob", "mod1"]  # the broadcaster is not their own audience
    assert first["lurkers"] == ["quiet"] and first["vips"] == ["bob"] and first["moderators"] == ["mod1"]
    assert second == {**second, "login": "offline", "observed_seconds": 0.0, "chatters": [], "live": False}
    assert sample["totals"] == {
        "channels": 2,
        "observed_channels": 1,
        "viewers": 3,
        "chatters": 2,
        "lurkers": 1,
        "messages": 7,
    }


def test_write_then_read_gives_the_same_sample(tmp_path: Path) -> None:
    sample = _sample()
    path = write_sample(tmp_path, sample, sample_name(START))
    assert read_sample(path) == sample
    assert list_samples(tmp_path) == [path]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_write_never_replaces_a_finished_window(tmp_path: Path) -> None:
    name = sample_name(START)
    write_sample(tmp_path, _sample(), name)
    before = (tmp_path / name).read_bytes()
    with pytest.raises(FileExistsError):
        write_sample(tmp_path, {**_sample(), "top": 99}, name)
    assert (tmp_path / name).read_bytes() == before
    assert len(list(tmp_path.iterdir())) == 1


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("contracts.files.os.fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        write_sample(tmp_path, _sample(), sample_name(START))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not gzip", "not a readable sample"),
        (gzip.compress(b'{"format": "twitchgraph.sample", "vers'), "not a readable sample"),
        (gzip.compress(json.dumps({"format": "other"}).encode()), "not a twitchgraph.sample"),
        (gzip.compress(json.dumps({"format": "twitchgraph.sample", "version": 99}).encode()), "version 99"),
        (
            gzip.compress(
                json.dumps({"format": "twitchgraph.sample", "version": 1, "channels": [{}]}).encode()
            ),
            "lacks login",
        ),
    ],
)
def test_read_sample_refuses_what_is_not_a_sample(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.json.gz"
    path.write_bytes(content)
    with pytest.raises(SampleError, match=reason):
        read_sample(path)


# A writer of big samples, killed at random moments: every finished name must read back whole.
_WRITER = """
import sys
from pathlib import Path
from contracts.samples import write_sample
folder = Path(sys.argv[1])
sample = {"format": "twitchgraph.sample", "version": 1, "channels": [],
          "padding": [f"viewer_{i:08d}" for i in range(400_000)]}
for i in range(200):
    write_sample(folder, sample, f"w{i:04d}.json.gz")
    print(i, flush=True)
"""


def test_a_writer_killed_mid_write_leaves_only_whole_files(tmp_path: Path) -> None:
    for delay in (0.3, 0.55, 0.8):
        folder = tmp_path / f"kill-{delay}"
        folder.mkdir()
        with subprocess.Popen([sys.executable, "-c", _WRITER, str(folder)], stdout=subprocess.PIPE) as proc:
            assert proc.stdout is not None
            proc.stdout.readline()  # one file done: the interpreter is up and writing
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finished = list_samples(folder)
        assert finished, "the writer finished at least one file"
        for path in finished:
            assert len(read_sample(path)["padding"]) == 400_000
        clean_temp_files(folder)
        assert sorted(folder.iterdir()) == finished
