"""``twitchgraph demo-samples | archive | process-day | forget | retention``: viewer profiling."""

from pathlib import Path
from typing import Any

import click

from backend.config import Settings
from backend.pipeline.options import PipelineOptions
from cli.common import guarded, open_graph, parse_date, progress_bar, say, settings
from contracts.days import zone

__all__ = ["COMMANDS"]

_day = click.option("--day", "day_text", metavar="YYYY-MM-DD", help="The local day (TWITCHGRAPH_TIMEZONE).")
_sample_dir = click.argument("sampledir", type=click.Path(file_okay=False, path_type=Path))


@click.command("demo-samples")
@_sample_dir
@click.option(
    "--days", default=7, show_default=True, type=click.IntRange(1, 366), help="Local days to write."
)
@click.option(
    "--channels", default=100, show_default=True, type=click.IntRange(1), help="Channels per window."
)
@click.option(
    "--viewers",
    default=20_000,
    show_default=True,
    type=click.IntRange(1),
    help="Viewer accounts: the world's chatters of the sampled channels, then lurkers if it has fewer.",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Seed of the windows, and of the world without --world. Same world, seed, start and sizes: "
    "same files.",
)
@click.option("--start", "start_text", metavar="YYYY-MM-DD", help="First day [default: DAYS days ago].")
@click.option(
    "--world",
    "world_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The demo-data folder whose channels and chatters to sample (its live/ share included) "
    "[default: the world `demo-data --seed SEED` writes].",
)
@click.option(
    "--streamers",
    type=click.IntRange(1),
    help="Without --world: the generated world's channels [default: 1000].",
)
@click.option(
    "--chatters",
    type=click.IntRange(0),
    help="Without --world: the generated world's chatter accounts [default: 50000].",
)
def demo_samples_command(
    sampledir: Path,
    days: int,
    channels: int,
    viewers: int,
    seed: int,
    start_text: str | None,
    world_dir: Path | None,
    streamers: int | None,
    chatters: int | None,
) -> None:
    """Write synthetic 5-minute windows of the demo world's channels, in the collector's sample format, to
    SAMPLEDIR."""
    from backend.demo.samples import write_demo_samples
    from backend.demo.world import DEFAULT_CHATTERS, DEFAULT_STREAMERS, DemoWorld, demo_world
    from contracts.import_csv import FolderError

    if world_dir is not None and (streamers or chatters is not None):
        raise click.UsageError("--streamers and --chatters size a generated world: give them or --world")
    config = settings()
    options = _options(config)
    if world_dir is not None:
        say(f"reading the world in {world_dir}")
        try:
            world = DemoWorld.read(world_dir)
        except FolderError as exc:
            raise click.ClickException(f"--world: {exc}") from None
        source = f"the world in {world_dir}"
    else:
        streamers, chatters = (
            streamers or DEFAULT_STREAMERS,
            DEFAULT_CHATTERS if chatters is None else chatters,
        )
        sizes = (
            ""
            if (streamers, chatters) == (DEFAULT_STREAMERS, DEFAULT_CHATTERS)
            else (f" --streamers {streamers} --chatters {chatters}")
        )
        say(f"generating the world of `demo-data DIR{sizes} --seed {seed}`")
        world = demo_world(streamers=streamers, chatters=chatters, seed=seed)
        source = f"the world of `demo-data DIR{sizes} --seed {seed}`"
    try:
        summary = write_demo_samples(
            sampledir,
            days=days,
            channels=channels,
            viewers=viewers,
            seed=seed,
            start=parse_date(start_text, "--start") if start_text else None,
            timezone=options.timezone,
            world=world,
            bot_channels_per_window=config.bot_channels_per_window,
            progress=say,
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    _report_samples(sampledir, source, summary, config.bot_channels_per_window)
    if world_dir is None:
        say(
            "load that world before process-day (`twitchgraph demo-data`, then `twitchgraph load DIR`), "
            "or day processing makes its channels streams without game or language"
        )


def _report_samples(sampledir: Path, source: str, summary: Any, threshold: int) -> None:
    """What demo-samples wrote, per day in the numbers process-day will print for it."""
    people = summary.audience + summary.lurkers
    click.echo(
        f"{sampledir}: {summary.files} window files over {len(summary.days)} days "
        f"({summary.days[0]} to {summary.days[-1]}) of {summary.channels} channels of {source}; "
        f"{people:,} viewers: {summary.audience:,} who chat in those channels in the world"
        + (f", {summary.lurkers:,} lurkers who never chat" if summary.lurkers else "")
    )
    for i, day in enumerate(summary.days):
        click.echo(
            f"{day}: {summary.viewers_per_day[i]:,} viewers, {summary.presences_per_day[i]:,} presences "
            f"for process-day; it bans {summary.bots_per_day[i]} bots and leaves out their "
            f"{summary.bot_presences_per_day[i]:,} presences"
        )
    presences = sum(summary.presences_per_day)
    home = sum(summary.home_presences_per_day)
    click.echo(
        f"bots: known chat bots, and accounts in {threshold} or more channels of one window "
        "(BOT_CHANNELS_PER_WINDOW); "
        f"{home / max(presences, 1):.0%} of the viewers' presences are in channels they chat in in the "
        "world, the rest are visits as lurkers"
    )


@click.command("archive")
@_sample_dir
@_day
@click.option("--keep-raw", is_flag=True, help="Keep the raw window files after the check.")
def archive_command(sampledir: Path, day_text: str | None, keep_raw: bool) -> None:
    """Pack one day of SAMPLEDIR's windows into SAMPLEDIR/archive/YYYY-MM-DD.parquet, check it, remove
    the raw files."""
    from backend.pipeline.archive import ArchiveError, archive_day
    from backend.pipeline.privacy import enforce_retention

    options = _options()
    day = parse_date(day_text, "--day")
    with progress_bar("archiving", None, "windows") as bar:
        try:
            summary = archive_day(
                sampledir, day, timezone=options.timezone, remove_raw=not keep_raw, progress=bar.update
            )
        except ArchiveError as exc:
            raise click.ClickException(f"{exc}. Nothing was removed.") from None
    click.echo(
        f"{summary.path}: {summary.windows} windows, {summary.archive_bytes / 1e6:.1f} MB "
        f"(raw {summary.raw_bytes / 1e6:.1f} MB); read back identical; {summary.removed} raw files removed"
    )
    _report_retention(enforce_retention(options, [sampledir]))


@click.command("process-day")
@_sample_dir
@_day
@click.option("--all", "all_days", is_flag=True, help="Process every pending day, in order.")
def process_day_command(sampledir: Path, day_text: str | None, all_days: bool) -> None:
    """Process one day of SAMPLEDIR (its raw windows or its archive) into the graph's viewer profiles."""
    from backend.pipeline.day import DayNotOverError, DayOrderError, expected_day, process_day
    from backend.pipeline.day_input import InputError

    if bool(day_text) == all_days:
        raise click.UsageError("give either --day YYYY-MM-DD or --all")
    config = settings()
    options = _options(config)
    store = open_graph(config)
    failed = False
    while True:
        day = parse_date(day_text, "--day") if day_text else expected_day(store, sampledir, options.timezone)
        if day is None:
            click.echo("no pending day")
            break
        try:
            result = guarded(lambda d=day: process_day(store, options, sampledir, d, progress=say))
        except DayNotOverError as exc:
            if not all_days:
                raise click.ClickException(str(exc)) from None
            click.echo(str(exc))
            break
        except (DayOrderError, InputError, RuntimeError) as exc:
            raise click.ClickException(str(exc)) from None
        stats = result.stats
        if not result.processed:
            click.echo(f"{day} was processed already (sanity {stats['sanity']}); nothing changed")
        else:
            seconds = sum(stats["stage_seconds"])
            click.echo(
                f"{day}: {stats['viewers']:,} viewers, {stats['presences']:,} presences "
                f"(banned bots' left out), {stats['bots_banned']} bots newly banned, "
                f"sanity {stats['sanity']}, {seconds:.1f} s"
            )
            failed |= stats["sanity"] != "ok"
        if not all_days:
            break
    if failed:
        raise click.ClickException("sanity failed: see /pipeline/health and the day's verify_detail")


@click.command("forget")
@click.argument("login")
@click.option(
    "--samples",
    "sample_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A sample folder to erase the login from (raw files and archives). Repeatable.",
)
@click.confirmation_option(prompt="Erase this viewer everywhere, for good?")
def forget_command(login: str, sample_dirs: tuple[Path, ...]) -> None:
    """Erase LOGIN from the graph, the day schedules and the samples, and never track it again."""
    from backend.pipeline.privacy import forget

    config = settings()
    options = _options(config)
    store = open_graph(config)
    try:
        report = guarded(lambda: forget(store, options, login, list(sample_dirs), progress=say))
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"forgot {login}: {report.graph_nodes} graph node(s), {len(report.day_files)} day schedule files, "
        f"{len(report.sample_files)} window files and {len(report.archives)} archives rewritten; "
        "on the do-not-track list"
    )
    for note in report.notes:
        click.echo(note, err=True)


@click.command("retention")
@click.argument("sampledirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
def retention_command(sampledirs: tuple[Path, ...]) -> None:
    """Delete raw windows, archives and day schedules older than the retention settings allow."""
    from backend.pipeline.privacy import enforce_retention

    _report_retention(enforce_retention(_options(), list(sampledirs)))


COMMANDS = (demo_samples_command, archive_command, process_day_command, forget_command, retention_command)


def _report_retention(report: Any) -> None:
    if report.sample_files or report.archives or report.day_files:
        click.echo(
            f"retention: deleted {report.sample_files} window files, {len(report.archives)} archives, "
            f"{len(report.day_files)} day schedule files",
            err=True,
        )
    for day, count in report.kept_unarchived.items():
        click.echo(
            f"retention: kept {count} windows of {day}, past retention but not archived "
            f"(twitchgraph archive SAMPLEDIR --day {day})",
            err=True,
        )


def _options(config: Settings | None = None) -> PipelineOptions:
    """The pipeline's options from the settings (read now unless given), the time zone checked."""
    options = PipelineOptions.from_settings(config if config is not None else settings())
    try:
        zone(options.timezone)
    except ValueError as exc:
        raise click.ClickException(f"configuration: {exc}") from None
    return options
