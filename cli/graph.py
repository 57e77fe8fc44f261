"""``twitchgraph load | query | demo-data``: the import format in and out of the graph."""

import json
import time
from pathlib import Path
from typing import Any

import click

from backend.config import Settings
from backend.graph.store import QueryTimeoutError, StoreError
from cli.common import guarded, open_graph, parse_pairs, progress_bar, say, settings

MAX_SHOWN_REJECTIONS = 10  # on the console; the report file has them all
BIG_FOLDER_ROWS = 50_000  # a progress bar below this would only flicker


@click.command("load")
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
@click.option("--if-empty", is_flag=True, help="Import only when the graph is empty (else say so and stop).")
def load_command(folder: Path, replace: bool, strict: bool, report: Path | None, if_empty: bool) -> None:
    """Import FOLDER's five CSVs (streamers, teams, vips, moderators, chatters) into the graph."""
    if replace and if_empty:
        raise click.UsageError("--replace empties the graph, --if-empty leaves a graph alone: give one")
    config = settings()
    if if_empty and graph_size(config) > 0:
        say(f"graph not empty: skipping the import of {folder}")
        return
    rejected = load_folder(config, folder, replace=replace, report=report)
    if strict and rejected:
        raise click.ClickException(f"{rejected} rows were rejected (--strict); the valid rows were loaded")


@click.command("query")
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
    store = open_graph(settings({} if timeout is None else {"FALKORDB_TIMEOUT_S": timeout}))
    try:
        results = store.query(cypher, _parse_params(params))
    except QueryTimeoutError as exc:
        hint = "raise the limit with --timeout SECONDS or FALKORDB_TIMEOUT_S (0: none)"
        raise click.ClickException(f"{exc}: {hint}") from None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    for row in results.dicts():
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


@click.command("demo-data")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--streamers", default=None, type=click.IntRange(1), help="Channels [default: 1000].")
@click.option("--chatters", default=None, type=click.IntRange(0), help="Chatter accounts [default: 50000].")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(0), help="Same seed, same files.")
@click.option(
    "--live-share",
    default=0.2,  # backend.demo.world.DEFAULT_LIVE_SHARE, not imported here to keep --help fast
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of the chatter rows held back from OUTDIR/chatters.csv into OUTDIR/live/chatters.csv, "
    "for `serve --replay OUTDIR/live`; 0: no live folder.",
)
def demo_data_command(
    outdir: Path, streamers: int | None, chatters: int | None, seed: int, live_share: float
) -> None:
    """Write a synthetic Twitch world in the import format to OUTDIR (and its live share to OUTDIR/live)."""
    from backend.demo.world import DEFAULT_CHATTERS, DEFAULT_STREAMERS, LIVE_FOLDER, write_demo_data

    summary = write_demo_data(
        outdir,
        streamers=streamers or DEFAULT_STREAMERS,
        chatters=DEFAULT_CHATTERS if chatters is None else chatters,
        seed=seed,
        live_share=live_share,
        progress=say,
    )
    for name, rows in summary.rows.items():
        click.echo(
            f"{outdir / name}: {rows:,} rows, {_malformed(summary.malformed[name], summary.duplicates[name])}"
        )
    malformed, duplicates = sum(summary.malformed.values()), sum(summary.duplicates.values())
    click.echo(
        f"{summary.total_rows:,} rows, {_malformed(malformed, duplicates)}; "
        f"`load {outdir}` loads the other {summary.total_rows - malformed:,}"
    )
    if summary.live_rows:
        live = outdir / LIVE_FOLDER
        click.echo(f"{live / 'chatters.csv'}: {summary.live_rows:,} rows held back (serve --replay {live})")


def _malformed(malformed: int, duplicates: int) -> str:
    """How many rows were planted malformed, in the terms of load's summary (rejected, merged)."""
    if not malformed:
        return "none malformed"
    copies = "duplicate" if duplicates == 1 else "duplicates"
    rejected = malformed - duplicates
    return f"{malformed:,} malformed on purpose (load rejects {rejected:,}, merges {duplicates:,} {copies})"


COMMANDS = (load_command, query_command, demo_data_command)


def load_folder(config: Settings, folder: Path, *, replace: bool, report: Path | None) -> int:
    """Validate and import ``folder``; print a summary; return the number of rejected rows."""
    from backend.loader.importer import import_folder
    from contracts.import_csv import FolderError, read_folder

    started = time.perf_counter()
    try:
        content = read_folder(folder)
    except FolderError as exc:
        raise click.ClickException(f"{exc}. Nothing was imported.") from None
    store = open_graph(config)
    report = report or config.data_dir / "load-report.txt"
    _write_report(report, folder, content.rejections)
    for rejection in content.rejections[:MAX_SHOWN_REJECTIONS]:
        say(f"rejected {folder / rejection.file}:{rejection.line}: {rejection.reason}")
    total = content.valid_rows
    try:
        with progress_bar("importing", total, "rows", disable=total < BIG_FOLDER_ROWS) as bar:
            stats = guarded(lambda: import_folder(store, content, replace=replace, progress=bar.update))
    finally:
        store.close()  # now, not at exit: `serve --populate` forks its server's worker after this
    seconds = time.perf_counter() - started
    duplicates = sum(content.duplicates.values())
    click.echo(
        f"loaded {total} rows from {folder} in {seconds:.1f} s "
        f"({total / max(seconds, 1e-9):,.0f} rows/s) into {store.describe()}: "
        f"{stats.streamers} streamers, {stats.users} viewers, "
        + ", ".join(f"{n} {t}" for t, n in stats.relationships.items())
        + f"; {duplicates} duplicates merged"
    )
    click.echo(_row_count(content, duplicates))
    if content.rejections:
        say(f"rejected {len(content.rejections)} rows; all of them are listed in {report}")
    return len(content.rejections)


def _row_count(content: Any, duplicates: int) -> str:
    """The folder's data rows as the sum of what became of them."""
    parts = [f"{content.valid_rows:,} loaded", f"{duplicates:,} duplicates merged"]
    parts.append(f"{len(content.rejections):,} rejected")
    total = content.valid_rows + duplicates + len(content.rejections)
    # A row with an empty team name is no error and no edge (an unreadable record, which is rejected
    # without being read as a row, can only hide such rows from this count).
    skipped = sum(content.rows_read.values()) - total
    if skipped > 0:
        parts.append(f"{skipped:,} with an empty team name, skipped")
        total += skipped
    return f"{total:,} data rows: " + " + ".join(parts)


def graph_size(config: Settings) -> int:
    """The graph's node count; the store is closed again (before a server's worker process forks)."""
    from backend.graph import reads

    store = open_graph(config)
    try:
        return guarded(lambda: reads.count_nodes(store))
    finally:
        store.close()


def _write_report(report: Path, folder: Path, rejections: list[Any]) -> None:
    report.parent.mkdir(parents=True, exist_ok=True)
    with report.open("w", encoding="utf-8") as handle:
        handle.write(f"# rejected rows of {folder.resolve()}: {len(rejections)}\n")
        handle.writelines(f"{folder / r.file}:{r.line}: {r.reason}\n" for r in rejections)


def _parse_params(params: tuple[str, ...]) -> dict[str, Any]:
    """Each value as JSON, or else as the string it is."""
    parsed: dict[str, Any] = {}
    for name, value in parse_pairs(params, "--param").items():
        try:
            parsed[name] = json.loads(value)
        except json.JSONDecodeError:
            parsed[name] = value
    return parsed
