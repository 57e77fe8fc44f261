"""/openapi.json: the API described in OpenAPI 3.1 (tests check every route is in it)."""

from typing import Any

from flask import Blueprint, Response, jsonify

from backend import __version__
from backend.api.params import MAX_N
from backend.api.rankings import RANKINGS

bp = Blueprint("openapi", __name__)

ERROR = {"$ref": "#/components/schemas/Error"}
GRAPH = {"$ref": "#/components/schemas/Graph"}


@bp.get("/openapi.json")
def openapi() -> Response:
    """This document."""
    return jsonify(spec())


def spec() -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/nodes": _get("Number of nodes", _object(nodes={"type": "integer"})),
        "/edges": _get("Number of relationships", _object(edges={"type": "integer"})),
        "/health": _get(
            "Backend kind, reachability and size; 503 when unreachable",
            _object(
                backend={"type": "string", "enum": ["falkordb", "memgraph"]},
                reachable={"type": "boolean"},
                database={"type": "string"},
                nodes={"type": "integer"},
                edges={"type": "integer"},
            ),
        ),
        "/streamer/{name}": _get(
            "A streamer (login or display name, any case) with its Language, Game and Team nodes",
            GRAPH,
            params=[_path("name", "login or display name")],
            not_found=True,
        ),
        "/streamers/{language}/{game}": _get(
            "Streamers of a game in a language, with the game and language nodes",
            GRAPH,
            params=[_path("language", "ISO 639-1 code, any case"), _path("game", "game name, any case")],
            not_found=True,
        ),
        "/streamers": _get("Streamer display names for autocomplete", _titles("streamers")),
        "/games": _get("Game names for autocomplete", _titles("games")),
        "/languages": _get("Language codes for autocomplete", _titles("languages")),
        "/page-rank": _get(
            "Top users and streamers by PageRank (MAGE's pagerank.get())",
            _scored("page_rank", "rank"),
            params=[_limit()],
        ),
        "/betweenness-centrality": _get(
            "Top users and streamers by betweenness centrality (MAGE's betweenness_centrality.get())",
            _scored("bc", "betweenness_centrality"),
            params=[_limit()],
        ),
        "/openapi.json": _get("This document", {"type": "object"}),
    }
    for route, (_statement, names_key, values_key) in RANKINGS.items():
        paths[f"/{route}/{{n}}"] = _get(
            f"Top n {names_key} by {values_key}; the two lists are parallel",
            _object(
                **{
                    names_key: _list(_object(name={"type": "string"})),
                    values_key: _list(_object(**{values_key: {"type": "integer"}})),
                }
            ),
            params=[
                _path("n", f"how many, 1 to {MAX_N}", {"type": "integer", "minimum": 1, "maximum": MAX_N})
            ],
        )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "twitchgraph",
            "version": __version__,
            "description": "Twitch audience-graph analytics: rankings, streamer graphs, influence.",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Error": _object(error={"type": "string"}, status={"type": "integer"}),
                "Graph": _object(
                    nodes=_list(
                        _object(id={"type": "string"}, label={"type": "string"}, name={"type": "string"})
                    ),
                    links=_list(_object(source={"type": "string"}, target={"type": "string"})),
                ),
            }
        },
    }


def _get(
    summary: str, schema: dict[str, Any], params: list[dict[str, Any]] | None = None, not_found: bool = False
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
        "503": {
            "description": "The graph database is unreachable",
            "content": {"application/json": {"schema": ERROR}},
        },
    }
    if params:
        responses["400"] = {
            "description": "A parameter is out of range or not a number",
            "content": {"application/json": {"schema": ERROR}},
        }
    if not_found:
        responses["404"] = {"description": "Not found", "content": {"application/json": {"schema": ERROR}}}
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}


def _path(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _limit() -> dict[str, Any]:
    return {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "how many rows (default 50)",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_N, "default": 50},
    }


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties)}


def _list(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _titles(key: str) -> dict[str, Any]:
    return _object(**{key: _list(_object(title={"type": "string"}))})


def _scored(key: str, field: str) -> dict[str, Any]:
    return _object(**{key: _list(_object(name={"type": "string"}, **{field: {"type": "number"}}))})
