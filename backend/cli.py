"""The ``twitchgraph`` command: thin wrappers that parse options, call the library and print."""

import errno
import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any

import click

from backend import __version__
from backend.config import load_settings
from backend.pipeline.commands import COMMANDS as PIPELINE_COMMANDS
from collector.cli import collect, fake_twitch_command

MAX_SHOWN_REJECTIONS = 10  # on the console; the report file has them all
BIG_FOLDER_ROWS = 50_000  # a progress bar below this would only flicker


@click.group()
@click.version_option(__version__, prog_name="twitchgraph")
def cli() -> None:
    """Twitch audience-graph analytics: load the demo CSV format, rank, and serve the API."""


@cli.command("load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Empty the graph before importing.")
@click.option(
    "--strict", is_flag=True, help="Exit with status 1 if any row was rejected (valid rows still load)."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write every rejected row [default: DATA_DIR/load-report.txt].",
)
def load_command(folder: Path, replace: bool, strict: bool, report: Path | None) -> None:
    """Import FOLDER's five CSVs (streamers, teams, vips, moderators, chatters) into the graph."""
    config = _settings()
    rejected = _load(config, folder, replace=replace, report=report)
    if strict and rejected:
        raise click.ClickException(f"{rejected} rows were rejected (--strict); the valid rows were loaded")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option(
    "--populate",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Import this CSV folder before serving.",
)
@click.option("--if-empty", is_flag=True, help="With --populate: import only when the graph is empty.")
@click.option("--debug", is_flag=True, help="Flask's debugger and reloader. Never on a reachable host.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256), help="Worker threads.")
def serve_command(
    host: str, port: int, populate: Path | None, if_empty: bool, debug: bool, threads: int
) -> None:
    """Serve the REST API (waitress; Flask's debug server only with --debug)."""
    from backend.app import create_app

    config = _settings()
    if populate is not None:
        if if_empty and _graph_size(config) > 0:
            click.echo(f"graph not empty: skipping the import of {populate}", err=True)
        else:
            _load(config, populate, replace=False, report=None)
    app = create_app(config)
    listening = f"twitchgraph API on http://{host}:{port}/ ({config['GRAPH_BACKEND']})"
    if debug:
        click.echo(listening, err=True)
        app.run(host=host, port=port, debug=True)
    else:
        _run_waitress(app, host, port, threads, listening)


@cli.command("query")
@click.argument("cypher")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=JSON",
    help="A query parameter; the value is JSON, or else taken as a string. Repeatable.",
)
@click.option(
    "--timeout",
    type=click.IntRange(0),
    metavar="SECONDS",
    help="How long the statement may run on the embedded FalkorDB; 0: no limit "
    "[default: FALKORDB_TIMEOUT_S, 5].",
)
def query_command(cypher: str, params: tuple[str, ...], timeout: int | None) -> None:
    """Run one CYPHER statement on the configured backend; print each row as a JSON line."""
    from backend.graph.store import QueryTimeoutError, StoreError

    store = _open(_settings({} if timeout is None else {"FALKORDB_TIMEOUT_S": timeout}))
    try:
        results = store.query(cypher, _parse_params(params))
    except QueryTimeoutError as exc:
        hint = "raise the limit with --timeout SECONDS or FALKORDB_TIMEOUT_S (0: none)"
        raise click.ClickException(f"{exc}: {hint}") from None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    for row in results.dicts():
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


@cli.command("demo-data")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--streamers", default=None, type=click.IntRange(1), help="Channels [default: 1000].")
@click.option("--chatters", default=None, type=click.IntRange(0), help="Chatter accounts [default: 50000].")
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same files.")
def demo_data_command(outdir: Path, streamers: int | None, chatters: int | None, seed: int) -> None:
    """Write a synthetic Twitch world in the import format to OUTDIR."""
    from backend.demo.world import DEFAULT_CHATTERS, DEFAULT_STREAMERS, write_demo_data

    summary = write_demo_data(
        outdir,
        streamers=streamers or DEFAULT_STREAMERS,
        chatters=DEFAULT_CHATTERS if chatters is None else chatters,
        seed=seed,
        progress=lambda message: click.echo(message, err=True),
    )
    for name, rows in summary.rows.items():
        click.echo(f"{outdir / name}: {rows} rows ({summary.malformed.get(name, 0)} malformed on purpose)")


# The collector's commands live with the collector; they only need the command line here.
cli.add_command(collect)
cli.add_command(fake_twitch_command)
# Viewer profiling (issue 5): demo-samples, archive, process-day, forget, retention.
for _command in PIPELINE_COMMANDS:
    cli.add_command(_command)


def _load(config: dict[str, Any], folder: Path, *, replace: bool, report: Path | None) -> int:
    """Validate and import ``folder``; print a summary; return the number of rejected rows."""
    from backend.loader.csv_files import FolderError, read_folder
    from backend.loader.importer import import_folder

    started = time.perf_counter()
    try:
        content = read_folder(folder)
    except FolderError as exc:
        raise click.ClickException(f"{exc}. Nothing was imported.") from None
    store = _open(config)
    report = report or Path(config["TWITCHGRAPH_DATA_DIR"]) / "load-report.txt"
    _write_report(report, folder, content.rejections)
    for rejection in content.rejections[:MAX_SHOWN_REJECTIONS]:
        click.echo(f"rejected {folder / rejection.file}:{rejection.line}: {rejection.reason}", err=True)
    with _progress(content.valid_rows) as bar:
        stats = _guarded(lambda: import_folder(store, content, replace=replace, progress=bar.update))
    seconds = time.perf_counter() - started
    click.echo(
        f"loaded {content.valid_rows} rows from {folder} in {seconds:.1f} s "
        f"({content.valid_rows / max(seconds, 1e-9):,.0f} rows/s) into {store.describe()}: "
        f"{stats.streamers} streamers, {stats.users} viewers, "
        + ", ".join(f"{n} {t}" for t, n in stats.relationships.items())
        + f"; {sum(content.duplicates.values())} duplicates merged"
    )
    if content.rejections:
        click.echo(f"rejected {len(content.rejections)} rows; all of them are listed in {report}", err=True)
    return len(content.rejections)


def _run_waitress(app: Any, host: str, port: int, threads: int, listening: str) -> None:
    """Serve ``app`` until SIGTERM or Ctrl-C; a port that cannot be had is a message, not a traceback."""
    import waitress

    logging.basicConfig()  # as waitress.serve does, so that waitress's warnings reach the console
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="twitchgraph")
    except OSError as exc:
        raise click.ClickException(_listen_error(host, port, exc)) from None
    click.echo(listening, err=True)
    # A service manager stops us with SIGTERM: exit normally, so the store closes and the embedded
    # database saves and stops with its last client instead of outliving us.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    server.run()


def _listen_error(host: str, port: int, exc: OSError) -> str:
    """Why the API cannot listen, and what to do, in one line."""
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use (another twitchgraph serve?): stop it or pass --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def _write_report(report: Path, folder: Path, rejections: list[Any]) -> None:
    report.parent.mkdir(parents=True, exist_ok=True)
    with report.open("w", encoding="utf-8") as handle:
        handle.write(f"# rejected rows of {folder.resolve()}: {len(rejections)}\n")
        handle.writelines(f"{folder / r.file}:{r.line}: {r.reason}\n" for r in rejections)


def _progress(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit="rows",
        unit_scale=True,
        desc="importing",
        file=sys.stderr,
        disable=total < BIG_FOLDER_ROWS,
    )


def _graph_size(config: dict[str, Any]) -> int:
    from backend.graph import reads

    store = _open(config)
    return _guarded(lambda: reads.count_nodes(store))


def _open(config: dict[str, Any]) -> Any:
    from backend.graph.store import open_store

    return _guarded(lambda: open_store(config))


def _guarded(action: Any) -> Any:
    """Run ``action``, turning database failures into messages for people."""
    from backend.graph.store import QueryTimeoutError, StoreError

    try:
        return action()
    except QueryTimeoutError as exc:
        raise click.ClickException(
            f"{exc}: raise the limit with FALKORDB_TIMEOUT_S=SECONDS (0: none)"
        ) from None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    try:
        return load_settings(overrides)
    except ValueError as exc:
        raise click.ClickException(f"configuration: {exc}") from None


def _parse_params(params: tuple[str, ...]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        try:
            parsed[name] = json.loads(value)
        except json.JSONDecodeError:
            parsed[name] = value
    return parsed
