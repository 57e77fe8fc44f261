"""Streamer lookups and the autocomplete name lists."""

from flask import Blueprint, Response, jsonify

from backend.api.caching import cached
from backend.db import get_store
from backend.errors import ApiError
from backend.graph import reads

bp = Blueprint("streamers", __name__)


@bp.get("/streamer/<name>")
@cached()
def streamer(name: str) -> Response:
    """The streamer (by login or display name, any case) with its Language, Game and Team nodes."""
    store = get_store()
    found = reads.find_streamer(store, name)
    if found is None:
        raise ApiError(f"no streamer has the login or display name {name!r}", 404)
    return jsonify(reads.streamer_graph(store, found))


@bp.get("/streamers/<language>/<path:game>")  # game names may hold a slash
@cached()
def streamers_by_language_and_game(language: str, game: str) -> Response:
    """Streamers playing ``game`` in ``language``, with the game and language nodes."""
    store = get_store()
    stored_language = reads.find_language(store, language)
    if stored_language is None:
        raise ApiError(f"no streamer speaks the language {language!r}", 404)
    stored_game = reads.find_game(store, game)
    if stored_game is None:
        raise ApiError(f"no streamer plays the game {game!r}", 404)
    return jsonify(reads.streamers_playing(store, stored_language, stored_game))


@bp.get("/streamers")
@cached()
def streamer_names() -> Response:
    """Every streamer's display name, for autocomplete."""
    return jsonify({"streamers": _titles(reads.streamer_names(get_store()))})


@bp.get("/games")
@cached()
def game_names() -> Response:
    """Every game's name, for autocomplete."""
    return jsonify({"games": _titles(reads.game_names(get_store()))})


@bp.get("/languages")
@cached()
def language_names() -> Response:
    """Every language code, for autocomplete."""
    return jsonify({"languages": _titles(reads.language_names(get_store()))})


def _titles(names: list[str]) -> list[dict[str, str]]:
    return [{"title": name} for name in names]
