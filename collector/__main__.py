"""``python -m collector``: the collector's commands without the rest of twitchgraph."""

import click

from collector.cli import collect, fake_twitch_command


@click.group()
def main() -> None:
    """The twitchgraph collector (also available as `twitchgraph collect` and `twitchgraph fake-twitch`)."""


main.add_command(collect)
main.add_command(fake_twitch_command)

if __name__ == "__main__":
    main()
