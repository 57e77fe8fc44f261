"""/openapi.json: the API described in OpenAPI 3.1 (tests check every route is in it)."""

from typing import Any

from flask import Blueprint, Response, jsonify

from backend import __version__
from backend.api.params import MAX_N
from backend.api.rankings import RANKINGS
from backend.graph.models import RELATIONSHIP_TYPES

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
        "/neighbourhood/{node}": _get(
            "A node's neighbours grouped by relationship type and direction: each group's total and one "
            "page of its nodes (biggest channels first, then by login or name), plus D3 nodes and links",
            {"$ref": "#/components/schemas/Neighbourhood"},
            params=[
                _path(
                    "node",
                    "Stream:<login>, User:<login>, Game:<name>, Language:<code>, Team:<name>, "
                    "a streamer's login or display name, or a user's login",
                ),
                _query("limit", "neighbours per group (default 50)", 50),
                _query("page", "page of every group, from 1", 1),
                {
                    "name": "type",
                    "in": "query",
                    "required": False,
                    "description": "one relationship type only",
                    "schema": {"type": "string", "enum": list(RELATIONSHIP_TYPES)},
                },
            ],
            not_found=True,
        ),
        "/search": _get(
            "Streamers whose login or display name contains q (any case), prefix matches first",
            _object(
                streamers=_list(
                    _object(
                        id={"type": "string"},
                        login={"type": "string"},
                        name={"type": "string"},
                        followers={"type": ["integer", "null"]},
                    )
                )
            ),
            params=[
                {
                    "name": "q",
                    "in": "query",
                    "required": True,
                    "description": "text to look for, 1 to 100 characters",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 100},
                },
                _query("limit", "how many streamers (default 10)", 10),
            ],
        ),
        **_profile_paths(),
        "/": _page("The browser explorer (HTML); 503 with how to build it when frontend/dist is missing"),
        "/{path}": _page(
            "A file of the explorer's build; for a browser (Accept: text/html) asking for a page, the "
            "explorer again; otherwise the JSON 404",
            params=[_path("path", "file of the build or client-side route")],
        ),
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
            "securitySchemes": {
                "operator": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The operator's token (TWITCHGRAPH_OPERATOR_TOKEN)",
                }
            },
            "schemas": {
                "Error": _object(error={"type": "string"}, status={"type": "integer"}),
                "Neighbourhood": _neighbourhood(),
                "Graph": _object(
                    nodes=_list(
                        _object(id={"type": "string"}, label={"type": "string"}, name={"type": "string"})
                    ),
                    links=_list(_object(source={"type": "string"}, target={"type": "string"})),
                ),
            },
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
            "description": "A parameter is out of range, not a number, or holds a NUL byte",
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


def _query(name: str, description: str, default: int) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_N, "default": default},
    }


def _page(summary: str, params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    responses = {
        "200": {"description": "The page or file", "content": {"text/html": {"schema": {"type": "string"}}}},
        "404": {"description": "Not found", "content": {"application/json": {"schema": ERROR}}},
        "503": {
            "description": "The explorer is not built",
            "content": {"application/json": {"schema": ERROR}},
        },
    }
    if params:
        responses["400"] = {
            "description": "A NUL byte in the path",
            "content": {"application/json": {"schema": ERROR}},
        }
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}


def _neighbourhood() -> dict[str, Any]:
    node = _object(id={"type": "string"}, label={"type": "string"}, name={"type": "string"})
    node["properties"].update(login={"type": "string"}, followers={"type": "integer"})
    return _object(
        node=_object(
            id={"type": "string"},
            label={"type": "string"},
            name={"type": "string"},
            login={"type": ["string", "null"]},
            followers={"type": ["integer", "null"]},
            views={"type": ["integer", "null"]},
            url={"type": ["string", "null"]},
            description={"type": ["string", "null"]},
            created_at={"type": ["string", "null"]},
        ),
        groups=_list(
            _object(
                type={"type": "string", "enum": list(RELATIONSHIP_TYPES)},
                direction={"type": "string", "enum": ["out", "in"]},
                total={"type": "integer"},
                page={"type": "integer"},
                limit={"type": "integer"},
                nodes=_list(node),
            )
        ),
        nodes=_list(node),
        links=_list(_object(source={"type": "string"}, target={"type": "string"}, type={"type": "string"})),
    )


def _profile_paths() -> dict[str, Any]:
    """Viewer profiles (operator only: bearer token) and the day pipeline's public aggregates."""
    named = _list(_object(name={"type": "string"}, score_pct={"type": "number"}))
    timed = _list(_object(name={"type": "string"}, minutes={"type": "integer"}))
    hours = {"type": "array", "items": {"type": "number"}, "minItems": 24, "maxItems": 24}
    date = {"type": "string", "format": "date"}
    viewer = _get(
        "Everything the viewer page shows, as of the last processed day (operator only)",
        _object(
            login={"type": "string"},
            last_analysed=date,
            recent_channels=named,
            recent_games=named,
            all_time_channels=timed,
            all_time_games=timed,
            workday_schedule=hours,
            weekend_schedule=hours,
            heatmap=_list(_object(date=date, minutes={"type": "integer"})),
            days=_list(date),
        ),
        params=[_path("login", "the viewer's login (any case), or its pseudonym")],
        not_found=True,
    )
    viewer_day = _get(
        "One viewer's windows of one day, ascending (operator only)",
        _object(
            login={"type": "string"},
            date=date,
            windows=_list(
                _object(
                    start={"type": "string", "format": "date-time"},
                    channel={"type": "string"},
                    game={"type": ["string", "null"]},
                    minutes={"type": "integer"},
                )
            ),
        ),
        params=[
            _path("login", "the viewer's login (any case), or its pseudonym"),
            _path("date", "YYYY-MM-DD", date),
        ],
        not_found=True,
    )
    for operation in (viewer, viewer_day):
        get = operation["get"]
        get["security"] = [{"operator": []}]
        get["responses"]["401"] = {
            "description": "No or a wrong bearer token (WWW-Authenticate: Bearer)",
            "content": {"application/json": {"schema": ERROR}},
        }
        get["responses"]["403"] = {
            "description": "Viewer pages are disabled: no operator token is configured",
            "content": {"application/json": {"schema": ERROR}},
        }
    stages = {"type": "object", "additionalProperties": {"type": "number"}}
    sanity = {"type": "string", "enum": ["ok", "failed"]}
    return {
        "/viewers/{login}": viewer,
        "/viewers/{login}/day/{date}": viewer_day,
        "/pipeline/days": _get(
            "Each processed day's counts, sanity and stage durations (seconds, pipeline order), ascending",
            _object(
                days=_list(
                    _object(
                        date=date,
                        viewers={"type": "integer"},
                        channels={"type": "integer"},
                        windows={"type": "integer"},
                        presences={"type": "integer"},
                        bots_banned={"type": "integer"},
                        sanity=sanity,
                        stages=stages,
                        processed_at={"type": "string", "format": "date-time"},
                    )
                )
            ),
        ),
        "/pipeline/health": _get(
            "The database's sanity: the last day's, its viewers and their change, each day's sanity",
            _object(
                sanity={"type": "string", "enum": ["ok", "failed", "unknown"]},
                last_day={"type": ["string", "null"], "format": "date"},
                viewers_last_day={"type": "integer"},
                viewers_change={"type": ["integer", "null"]},
                days=_list(_object(date=date, sanity=sanity)),
            ),
        ),
    }
