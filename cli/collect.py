"""``twitchgraph collect snapshot|samples`` and ``twitchgraph fake-twitch``: the collector's commands.

``fake-twitch`` serves the world it is given (an import folder), or a demo world that this command writes
first: the collector itself never imports the backend.
"""

import logging
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from collector.config import CollectorConfig, ConfigError, RedactingFilter, load_config
from contracts.durations import format_duration, parse_duration

__all__ = ["COMMANDS"]

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class DurationType(click.ParamType):
    """``30s``, ``5m``, ``1h`` (or ``1h30m``) as whole seconds."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_duration(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DURATION = DurationType()

_env_file = click.option(
    "--env-file",
    default=".env",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this file when it exists; the environment wins over it.",
)
_language = click.option(
    "--language", default=None, help="ISO 639-1 code of the streams (e.g. fr) [default: all]."
)
_top = click.option(
    "--top",
    default=100,
    show_default=True,
    type=click.IntRange(0, 10_000),
    help="Top live channels by viewers.",
)
_verbose = click.option("--verbose", "-v", is_flag=True, help="Log at debug level.")


@click.group("collect")
def collect() -> None:
    """Collect from Twitch: a snapshot in the import format, or samples every 5 minutes."""


@collect.command("snapshot")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@_language
@_top
@click.option(
    "--window",
    default="5m",
    show_default=True,
    type=DURATION,
    help="How long to listen to chat (30s, 5m, 1h).",
)
@_env_file
@_verbose
def snapshot_command(
    outdir: Path, language: str | None, top: int, window: int, env_file: Path, verbose: bool
) -> None:
    """Write OUTDIR's five CSVs (the import format) from one pass over the top live channels."""
    from collector.helix import HelixClient, HelixError
    from collector.snapshot import SnapshotError, take_snapshot

    if top < 1:
        raise click.BadParameter("must be at least 1", param_hint="--top")
    config = _config(env_file)
    with _logging(config, verbose):
        click.echo(
            f"listening {format_duration(window)} to the top {top} channels after joining them", err=True
        )
        try:
            summary = take_snapshot(
                HelixClient(config),
                _reader_factory(config),
                outdir,
                language=language,
                top=top,
                window_s=window,
                joins_per_10s=config.joins_per_10s,
            )
        except (HelixError, SnapshotError) as exc:
            raise click.ClickException(str(exc)) from None
    for name, rows in summary.rows.items():
        click.echo(f"{outdir / name}: {rows} rows")
    click.echo(
        f"{summary.joined} of {summary.channels} chats joined, {summary.viewers} distinct viewers seen"
    )
    if summary.failures:
        click.echo(f"{len(summary.failures)} Helix calls failed and were skipped (see the log)", err=True)


@collect.command("samples")
@click.argument("sampledir", type=click.Path(file_okay=False, path_type=Path))
@_language
@_top
@click.option("--every", default="5m", show_default=True, type=DURATION, help="Window length (30s, 5m, 1h).")
@click.option("--track", default="", metavar="LOGIN,...", help="Channels to follow as well, live or not.")
@click.option("--windows", default=None, type=click.IntRange(1), help="Stop after writing this many windows.")
@_env_file
@_verbose
def samples_command(
    sampledir: Path,
    language: str | None,
    top: int,
    every: int,
    track: str,
    windows: int | None,
    env_file: Path,
    verbose: bool,
) -> None:
    """Write one sample file per window into SAMPLEDIR until stopped (Ctrl-C or SIGTERM)."""
    from collector.helix import HelixClient, HelixError
    from collector.sampler import FolderLockedError, Sampler, SamplerOptions

    tracked = tuple(dict.fromkeys(t.strip().lower().lstrip("#") for t in track.split(",") if t.strip()))
    if not top and not tracked:
        raise click.UsageError("nothing to sample: give --top above 0 or --track")
    config = _config(env_file)
    options = SamplerOptions(sampledir, language, top, every, tracked, windows)
    with _logging(config, verbose):
        helix = HelixClient(config)
        try:
            helix.check_credentials()
        except HelixError as exc:
            raise click.ClickException(str(exc)) from None
        sampler = Sampler(options, helix, _reader_factory(config))
        with _stop_on_signals(sampler.stop):
            try:
                written = sampler.run()
            except FolderLockedError as exc:
                raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {len(written)} sample files to {sampledir}", err=True)


@click.command("fake-twitch")
@click.argument("world", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--streamers",
    default=200,
    show_default=True,
    type=click.IntRange(1),
    help="Without WORLD: demo channels.",
)
@click.option(
    "--chatters",
    default=5000,
    show_default=True,
    type=click.IntRange(0),
    help="Without WORLD: demo chatters.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Without WORLD: the demo world's seed.")
@click.option(
    "--helix-port",
    default=0,
    type=click.IntRange(0, 65535),
    help="Port of the fake Helix [default: any free].",
)
@click.option(
    "--irc-port", default=0, type=click.IntRange(0, 65535), help="Port of the fake chat [default: any free]."
)
@click.option(
    "--chat-cycle",
    default="10s",
    show_default=True,
    type=DURATION,
    help="Every member of a room chats once per cycle.",
)
@click.option(
    "--write-env",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the settings to this .env file.",
)
def fake_twitch_command(
    world: Path | None,
    streamers: int,
    chatters: int,
    seed: int,
    helix_port: int,
    irc_port: int,
    chat_cycle: int,
    write_env: Path | None,
) -> None:
    """Serve a demo world (WORLD, an import folder, or a new demo-data world) as fake Twitch on 127.0.0.1."""
    from collector.fakes import FakeTwitch

    with tempfile.TemporaryDirectory(prefix="fake-twitch-") as scratch:
        if world is None:
            from backend.demo.world import write_demo_data

            world = Path(scratch)
            write_demo_data(world, streamers=streamers, chatters=chatters, seed=seed)
        fake = FakeTwitch.from_folder(world, chat_cycle_s=chat_cycle).start(helix_port, irc_port)
    env = fake.env()
    lines = [f"export {name}={value}" for name, value in env.items()]
    if write_env is not None:
        write_env.write_text("".join(f"{name}={value}\n" for name, value in env.items()), encoding="utf-8")
        click.echo(f"wrote {write_env}; use it with --env-file {write_env}", err=True)
    languages = sorted({c.language for c in fake.world.channels})
    click.echo(
        f"fake Twitch: {len(fake.world.channels)} live channels ({', '.join(languages)}); Ctrl-C stops it",
        err=True,
    )
    click.echo("\n".join(lines), nl=True)
    sys.stdout.flush()
    stopped = threading.Event()
    with _stop_on_signals(stopped.set):
        while not stopped.wait(3600):
            pass
    fake.stop()


COMMANDS = (collect, fake_twitch_command)


def _config(env_file: Path) -> CollectorConfig:
    try:
        config = load_config(env_file)
        config.require_app_credentials()
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None
    return config


def _reader_factory(config: CollectorConfig) -> Any:
    from collector.irc import ChatReader

    return lambda sink: ChatReader(config.irc_url, sink, joins_per_10s=config.joins_per_10s)


@contextmanager
def _logging(config: CollectorConfig, verbose: bool) -> Iterator[None]:
    """Log to stderr with every secret of ``config`` redacted, for the duration of a command."""
    handler = logging.StreamHandler(sys.stderr)  # looked up now: CliRunner swaps it
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter(config.secrets()))
    logger = logging.getLogger("collector")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


@contextmanager
def _stop_on_signals(stop: Any) -> Iterator[None]:
    """SIGINT and SIGTERM call ``stop`` instead of raising, so the loop ends cleanly (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in handlers:
        signal.signal(sig, lambda _signum, _frame: stop())
    try:
        yield
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
