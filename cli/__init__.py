"""The ``twitchgraph`` command: one click group, a module per command family.

The CLI is the one place that sees both sides (``backend`` and ``collector``); each command parses its
options, calls the library and prints, and expected failures are one-line messages, never tracebacks.
"""

import click

from backend import __version__
from cli import collect, graph, profiles, serve, stream

__all__ = ["cli"]


@click.group()
@click.version_option(__version__, prog_name="twitchgraph")
def cli() -> None:
    """Twitch audience-graph analytics: collect, load, profile, rank and serve."""


for _family in (graph, serve, profiles, collect, stream):
    for _command in _family.COMMANDS:
        cli.add_command(_command)
