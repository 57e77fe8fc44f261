"""What the API reads from the graph, as plain Python values; the views hold no Cypher."""

from collections.abc import Iterable
from typing import Any

from backend.graph import queries
from backend.graph.store import GraphStore

# Contract shape of /streamer and /streamers/<language>/<game>: relationship type -> neighbour label.
ATTRIBUTE_LABELS = {"SPEAKS": "Language", "PLAYS": "Game", "IS_PART_OF": "Team"}

# The rankings by kind, each a statement answering (name, count) rows for its top $n, ties by name. The
# API names a kind and never a statement: which Cypher answers a route is decided here, next to the rest.
RANKING_STATEMENTS = {
    "games": queries.TOP_GAMES,
    "teams": queries.TOP_TEAMS,
    "vips": queries.TOP_VIPS,
    "moderators": queries.TOP_MODERATORS,
    "streamers_by_views": queries.TOP_STREAMERS_BY_VIEWS,
    "streamers_by_followers": queries.TOP_STREAMERS_BY_FOLLOWERS,
    "streamers_by_chatters": queries.TOP_STREAMERS_BY_CHATTERS,
}
# The kinds that rank or count people, whose statements leave out the logins in $bots.
PEOPLE_RANKINGS = frozenset({"vips", "moderators", "streamers_by_chatters"})


def count_nodes(store: GraphStore) -> int:
    return int(store.ro_query(queries.COUNT_NODES).single_value())


def count_edges(store: GraphStore) -> int:
    return int(store.ro_query(queries.COUNT_EDGES).single_value())


def ranking(store: GraphStore, kind: str, n: int, *, bots: Iterable[str] = ()) -> list[tuple[str, int]]:
    """The top ``n`` (name, count) rows of a ranking kind from RANKING_STATEMENTS, highest first; a kind
    of PEOPLE_RANKINGS leaves out the logins in ``bots`` (lowercase), passed as a parameter.

    :raise KeyError: an unknown kind (a programming error: the API only asks for the kinds it serves).
    """
    params: dict[str, Any] = {"n": n}
    if kind in PEOPLE_RANKINGS:
        params["bots"] = sorted(bots)
    rows = store.ro_query(RANKING_STATEMENTS[kind], params).rows
    return [(name, int(value)) for name, value in rows]


def find_streamer(store: GraphStore, key: str) -> dict[str, Any] | None:
    """The streamer whose login or display name is ``key`` (case-insensitive), login first."""
    wanted = key.strip().lower()
    for statement, param in (
        (queries.STREAMER_BY_LOGIN, "login"),
        (queries.STREAMER_BY_DISPLAY_NAME, "name"),
    ):
        found = store.ro_query(statement, {param: wanted}).dicts()
        if found:
            return found[0]
    return None


def streamer_graph(store: GraphStore, streamer: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The streamer and its Language, Game and Team neighbours as D3 nodes and links."""
    center = _stream_node(streamer["id"], streamer["name"])
    nodes, links = [center], []
    for rel_type, name in store.ro_query(queries.STREAMER_ATTRIBUTES, {"login": streamer["login"]}).rows:
        neighbour = _named_node(ATTRIBUTE_LABELS[rel_type], name)
        nodes.append(neighbour)
        links.append({"source": center["id"], "target": neighbour["id"]})
    return {"nodes": nodes, "links": links}


def find_language(store: GraphStore, text: str) -> str | None:
    """The stored spelling of the language code ``text`` (any case), or None."""
    return _stored_name(store, queries.LANGUAGE_NAME, "language", text)


def find_game(store: GraphStore, text: str) -> str | None:
    """The stored spelling of the game name ``text`` (any case), or None."""
    return _stored_name(store, queries.GAME_NAME, "game", text)


def streamers_playing(store: GraphStore, language: str, game: str) -> dict[str, list[dict[str, Any]]]:
    """Streamers of ``game`` in ``language`` (stored spellings), with the game and language nodes; each
    streamer with its followers (null: unknown)."""
    rows = store.ro_query(queries.STREAMERS_BY_LANGUAGE_AND_GAME, {"language": language, "game": game}).rows
    language_node, game_node = _named_node("Language", language), _named_node("Game", game)
    nodes, links = [language_node, game_node], []
    for stream_id, name, followers in rows:
        stream = {**_stream_node(stream_id, name), "followers": None if followers is None else int(followers)}
        nodes.append(stream)
        links.append({"source": stream["id"], "target": language_node["id"]})
        links.append({"source": stream["id"], "target": game_node["id"]})
    return {"nodes": nodes, "links": links}


def streamer_names(store: GraphStore) -> list[str]:
    """Every streamer's display name, sorted (autocomplete)."""
    return _column(store, queries.STREAMER_NAMES)


def game_names(store: GraphStore) -> list[str]:
    """Every game's name, sorted (autocomplete)."""
    return _column(store, queries.GAME_NAMES)


def language_names(store: GraphStore) -> list[str]:
    """Every language code, sorted (autocomplete)."""
    return _column(store, queries.LANGUAGE_NAMES)


def _stored_name(store: GraphStore, statement: str, param: str, text: str) -> str | None:
    row = store.ro_query(statement, {param: text.strip().lower()}).first()
    return row[0] if row else None


def _column(store: GraphStore, statement: str) -> list[str]:
    return [row[0] for row in store.ro_query(statement).rows]


def _stream_node(stream_id: str, name: str) -> dict[str, Any]:
    return {"id": stream_id, "label": "Stream", "name": name}


def _named_node(label: str, name: str) -> dict[str, Any]:
    # The demo used the bare name as id; a Game and a Team of the same name would then collide.
    return {"id": f"{label}:{name}", "label": label, "name": name}
