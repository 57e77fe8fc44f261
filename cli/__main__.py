"""``python -m cli``: the ``twitchgraph`` command without its installed script."""

from cli import cli

if __name__ == "__main__":  # not when a worker process (multiprocessing) imports this module again
    cli()
