"""The collector's commands through click, and the no-credentials demo: fake-twitch -> collect -> load."""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli as twitchgraph
from cli.collect import collect
from collector.fakes import FakeHelix, FakeIrc, FakeUser
from contracts.import_csv import read_folder
from contracts.samples import list_samples, read_sample
from tests.collector.conftest import LANGUAGE

ROOT = Path(__file__).resolve().parents[2]


def _env(helix: FakeHelix, irc: FakeIrc, **extra: str) -> dict[str, str]:
    return {
        "TWITCH_CLIENT_ID": helix.client_id,
        "TWITCH_CLIENT_SECRET": helix.client_secret,
        "TWITCH_USER_TOKEN": "",
        "TWITCH_HELIX_URL": helix.helix_url,
        "TWITCH_AUTH_URL": helix.auth_url,
        "TWITCH_IRC_URL": irc.url,
        "TWITCH_IRC_JOINS_PER_10S": str(irc.joins_per_10s),
        **extra,
    }


def _invoke(env: dict[str, str], *args: str):
    return CliRunner().invoke(
        collect, [*args, "--env-file", "/nonexistent.env"], env=env, catch_exceptions=False
    )


def test_snapshot_command_writes_a_loadable_folder(
    helix_server: FakeHelix, irc_server: FakeIrc, tmp_path: Path
) -> None:
    result = _invoke(
        _env(helix_server, irc_server),
        "snapshot",
        str(tmp_path),
        "--language",
        LANGUAGE,
        "--top",
        "5",
        "--window",
        "1s",
    )
    assert result.exit_code == 0, result.output
    assert "listening 1s to the top 5 channels" in result.output
    assert "5 of 5 chats joined" in result.output
    content = read_folder(tmp_path)
    assert len(content.streamers) == 5 and content.rejections == []


def test_samples_command_stops_after_its_windows(
    helix_server: FakeHelix, irc_server: FakeIrc, tmp_path: Path
) -> None:
    env = _env(helix_server, irc_server)
    args = ["samples", str(tmp_path), "--language", LANGUAGE, "--top", "3", "--every", "1s", "--windows", "2"]
    result = _invoke(env, *args)
    assert result.exit_code == 0, result.output
    assert "wrote 2 sample files" in result.output
    assert [len(read_sample(p)["channels"]) for p in list_samples(tmp_path)] == [3, 3]


@pytest.mark.parametrize("command", ["snapshot", "samples"])
def test_bad_credentials_are_a_plain_message(
    helix_server: FakeHelix, irc_server: FakeIrc, tmp_path: Path, command: str
) -> None:
    env = _env(helix_server, irc_server, TWITCH_CLIENT_SECRET="not-the-secret-42")
    result = _invoke(env, command, str(tmp_path), "--top", "3")
    assert result.exit_code == 1
    assert (
        "Error: Twitch refused the application credentials (HTTP 403 invalid client secret)" in result.output
    )
    assert "Traceback" not in result.output and "not-the-secret-42" not in result.output


def test_missing_credentials_say_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        collect,
        ["snapshot", str(tmp_path), "--env-file", "/nonexistent.env"],
        env={"TWITCH_CLIENT_ID": "", "TWITCH_CLIENT_SECRET": ""},
    )
    assert result.exit_code == 1
    assert (
        "TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET not set" in result.output
        and "fake-twitch" in result.output
    )


def test_bad_duration_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(collect, ["samples", str(tmp_path), "--every", "5 minutes"])
    assert result.exit_code == 2 and "is not a duration like 30s, 5m or 1h" in result.output


def test_secrets_never_reach_the_logs(
    helix_server: FakeHelix,
    irc_server: FakeIrc,
    broadcaster: FakeUser,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's included
    helix_server.fail("5xx", times=1, path="/streams")
    helix_server.expire_tokens()
    env = _env(helix_server, irc_server, TWITCH_USER_TOKEN=broadcaster.token)
    result = _invoke(
        env, "snapshot", str(tmp_path), "--language", LANGUAGE, "--top", "3", "--window", "1s", "-v"
    )
    assert result.exit_code == 0, result.output
    assert "retrying" in caplog.text  # the logs did see the faults
    secrets = [helix_server.client_secret, broadcaster.token, *helix_server.issued]
    for secret in secrets:
        assert secret not in caplog.text and secret not in result.output


def test_fake_twitch_then_collect_then_load(tmp_path: Path, data_dir: Path) -> None:
    """The README's demo without credentials, end to end."""
    env_file = tmp_path / "fake.env"
    args = [sys.executable, "-m", "cli", "fake-twitch", "--streamers", "40", "--chatters", "400"]
    args += ["--chat-cycle", "1s", "--write-env", str(env_file)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as fake:
        try:
            assert fake.stdout is not None
            exports = [fake.stdout.readline().strip() for _ in range(6)]
            assert exports[0].startswith("export TWITCH_CLIENT_ID=")
            assert any(line.startswith("export TWITCH_IRC_URL=irc://127.0.0.1:") for line in exports)
            out = tmp_path / "snapshot"
            result = CliRunner().invoke(
                collect,
                ["snapshot", str(out), "--top", "8", "--window", "2s", "--env-file", str(env_file)],
                env={},
            )
            assert result.exit_code == 0, result.output
        finally:
            fake.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            while fake.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            fake.kill()
        assert fake.returncode == 0
    graph = {
        "TWITCHGRAPH_DATA_DIR": str(data_dir),
        "GRAPH_NAME": "collector_demo",
        "GRAPH_BACKEND": "falkordb",
    }
    loaded = CliRunner().invoke(twitchgraph, ["load", str(out), "--replace", "--strict"], env=graph)
    assert loaded.exit_code == 0, loaded.output
    assert "loaded" in loaded.output and "8 streamers" in loaded.output
