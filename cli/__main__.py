"""``python -m cli``: the ``twitchgraph`` command without its installed script."""

from cli import cli

cli()
