"""``twitchgraph serve``: the API and the explorer on waitress (Flask's debug server only when asked)."""

import errno
import logging
import signal
import sys
from pathlib import Path
from typing import Any

import click

from backend.config import Settings
from cli.common import guarded, open_graph, say, settings
from cli.graph import load_folder


@click.command("serve")
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

    config = settings()
    if populate is not None:
        if if_empty and _graph_size(config) > 0:
            say(f"graph not empty: skipping the import of {populate}")
        else:
            load_folder(config, populate, replace=False, report=None)
    app = create_app(config)
    listening = f"twitchgraph API on http://{host}:{port}/ ({config.graph_backend})"
    if debug:
        say(listening)
        app.run(host=host, port=port, debug=True)
    else:
        _run_waitress(app, host, port, threads, listening)


COMMANDS = (serve_command,)


def _run_waitress(app: Any, host: str, port: int, threads: int, listening: str) -> None:
    """Serve ``app`` until SIGTERM or Ctrl-C; a port that cannot be had is a message, not a traceback."""
    import waitress

    logging.basicConfig()  # as waitress.serve does, so that waitress's warnings reach the console
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="twitchgraph")
    except OSError as exc:
        raise click.ClickException(_listen_error(host, port, exc)) from None
    say(listening)
    # A service manager stops us with SIGTERM: exit normally, so the store closes and the embedded
    # database saves and stops with its last client instead of outliving us.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    server.run()


def _listen_error(host: str, port: int, exc: OSError) -> str:
    """Why the API cannot listen, and what to do, in one line."""
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use (another twitchgraph serve?): stop it or pass --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def _graph_size(config: Settings) -> int:
    from backend.graph import reads

    store = open_graph(config)
    return guarded(lambda: reads.count_nodes(store))
