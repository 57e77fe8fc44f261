"""Writing a validated folder into the graph: batched UNWIND statements with parameters, idempotent."""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from backend.graph import queries
from backend.graph.batches import (
    Progress,
    ensure_users,
    merge_named_nodes,
    run_batches,
    user_ids,
    write_viewer_edges,
)
from backend.graph.schema import ensure_schema
from backend.graph.store import GraphStore
from backend.loader.bulk_import import BulkStore, build_anew, can_build_anew
from contracts.import_csv import Folder, StreamerRow, gc_paused

log = logging.getLogger(__name__)

# csv file -> relationship type, and whether the edge points from the second column to the streamer.
LINK_TYPES = {"vips.csv": "VIP", "moderators.csv": "MODERATOR", "chatters.csv": "CHATTER"}


@dataclass(frozen=True)
class ImportStats:
    streamers: int
    users: int
    relationships: dict[str, int]


def import_folder(
    store: GraphStore, folder: Folder, *, replace: bool = False, progress: Progress | None = None
) -> ImportStats:
    """Write ``folder`` into the graph; importing the same folder twice is a no-op.

    An empty graph (or one ``replace`` empties), on a store that can, is built in one pass by GRAPH.BULK
    (bulk_import.py), with the same result. Otherwise what may already exist is MERGEd; users this import
    creates, and their edges, are CREATEd.

    ``replace`` empties the graph first. ``progress`` is called with the number of rows just written.
    """
    with gc_paused():
        return _import(store, folder, replace=replace, advance=progress or (lambda _n: None))


def _import(store: GraphStore, folder: Folder, *, replace: bool, advance: Progress) -> ImportStats:
    teams = _teams_by_streamer(folder.links.get("teams.csv", []))
    links = {rel_type: folder.links.get(name, []) for name, rel_type in LINK_TYPES.items()}
    # In the order of the files: a sort of hundreds of thousands of logins is left to the MERGE path.
    viewers = list(dict.fromkeys(login for pairs in links.values() for _s, login in pairs))
    if can_build_anew(store, replace=replace):
        # An empty graph: built in one pass, with no MERGE to look for what cannot be there.
        build_anew(cast(BulkStore, store), folder, teams, viewers, links, advance)
    else:
        _merge(store, folder, teams, viewers, links, replace=replace, advance=advance)
    store.persist()
    counts = {
        "SPEAKS": sum(1 for s in folder.streamers if s.language),
        "PLAYS": sum(1 for s in folder.streamers if s.game),
        "IS_PART_OF": sum(len(t) for t in teams.values()),
    }
    counts.update({rel_type: len(pairs) for rel_type, pairs in links.items()})
    return ImportStats(len(folder.streamers), len(viewers), counts)


def _merge(
    store: GraphStore,
    folder: Folder,
    teams: dict[str, list[str]],
    viewers: list[str],
    links: dict[str, list[tuple[str, str]]],
    *,
    replace: bool,
    advance: Progress,
) -> None:
    """MERGE the folder into what the graph holds already."""
    ensure_schema(store)
    if replace:
        store.clear()
    _merge_streamers(store, folder.streamers, advance)
    _merge_attribute_edges(store, folder.streamers, teams, advance)
    # The streamers were MERGEd above, so the users this creates are viewers seen for the first time.
    node_ids, new_viewers = ensure_users(store, sorted(viewers) + [s.login for s in folder.streamers])
    for rel_type, pairs in links.items():
        _write_edges(store, rel_type, pairs, node_ids, new_viewers, advance)
    for statement in queries.DELETE_ORPHAN_NAMED_NODES.values():
        store.query(statement)


def _write_edges(
    store: GraphStore,
    rel_type: str,
    links: Sequence[tuple[str, str]],
    node_ids: dict[str, Any],
    created: set[str],
    advance: Progress,
) -> None:
    """(streamer, viewer) links as viewer -> streamer edges: CREATE from new viewers, MERGE the rest."""
    fresh: dict[Any, list[Any]] = {}
    existing: list[list[Any]] = []
    for streamer, viewer in links:
        if viewer in created:
            fresh.setdefault(node_ids[streamer], []).append(node_ids[viewer])
        else:
            existing.append([node_ids[viewer], node_ids[streamer]])
    write_viewer_edges(store, rel_type, fresh, existing, advance)


def streamer_row(streamer: StreamerRow) -> dict[str, Any]:
    """The parameters of MERGE_STREAMS for one streamer."""
    return {
        "login": streamer.login,
        "id": streamer.user_id,
        "name": streamer.name,
        "url": streamer.url,
        "followers": streamer.followers,
        "created_at": streamer.created_at,
        "view_count": streamer.view_count,
        "description": streamer.description,
    }


def _merge_streamers(store: GraphStore, streamers: Sequence[StreamerRow], advance: Progress) -> None:
    run_batches(store, queries.MERGE_STREAMS, "rows", [streamer_row(s) for s in streamers], advance)


def _merge_attribute_edges(
    store: GraphStore, streamers: Sequence[StreamerRow], teams: dict[str, list[str]], advance: Progress
) -> None:
    """SPEAKS, PLAYS, IS_PART_OF: the channel's current language, game and teams, and no others."""
    rows = [
        {"login": s.login, "language": s.language, "game": s.game, "teams": teams.get(s.login, [])}
        for s in streamers
    ]
    for statement in (queries.DROP_STALE_LANGUAGE, queries.DROP_STALE_GAME, queries.DROP_STALE_TEAMS):
        run_batches(store, statement, "rows", rows)
    wanted = {
        ("Language", "SPEAKS"): [(s.login, s.language) for s in streamers if s.language],
        ("Game", "PLAYS"): [(s.login, s.game) for s in streamers if s.game],
        ("Team", "IS_PART_OF"): [(login, team) for login, names in teams.items() for team in names],
    }
    stream_ids = user_ids(store, [s.login for s in streamers])
    for (node_label, rel_type), pairs in wanted.items():
        named_ids = merge_named_nodes(store, node_label, sorted({name for _login, name in pairs}))
        edges = [[stream_ids[login], named_ids[name]] for login, name in pairs]
        # Team rows are rows of the folder; language and game edges come with the streamer row.
        run_batches(
            store,
            queries.MERGE_EDGES_BY_ID[rel_type],
            "pairs",
            edges,
            advance if rel_type == "IS_PART_OF" else None,
        )


def _teams_by_streamer(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    teams: dict[str, list[str]] = {}
    for login, team in pairs:
        teams.setdefault(login, []).append(team)
    return teams
