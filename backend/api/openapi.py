"""/openapi.json: the API described in OpenAPI 3.1, generated here and nowhere else.

How the document is organised:

- ``components/schemas``: one named JSON Schema (2020-12, OpenAPI 3.1's dialect) per response body, and
  per part that bodies repeat (a graph node, a neighbour group, a viewer's window). An object whose keys
  are fixed is closed (``additionalProperties: false``) and requires every key it always has; a value
  that may be null says so in its type. The top-N bodies are generated from ``rankings.RANKINGS``.
- ``paths``: one GET operation per route listing exactly the statuses the route can answer: 200 with its
  body's schema by ``$ref``, the errors with the shared ``Error`` schema (``/health``'s 503 has its own).
- ``components/responses/MethodNotAllowed``: the 405 of every route for a method other than GET, HEAD
  and OPTIONS. OpenAPI has no operation to hang it on (declaring POST operations would say they exist),
  so it is declared once.

tests/api/test_response_schemas.py validates a real response against each status of each path (and the
405), and fails on a status declared here without one; tests/api/test_openapi.py checks every route is here.
"""

from typing import Any

from flask import Blueprint, Response, jsonify

from backend import __version__
from backend.api.atlas import DEFAULT_DAYS, MAX_CARD_ROWS, MAX_CHANNELS, MAX_DAYS, SOURCES
from backend.api.params import MAX_N
from backend.api.profiles import DEFAULT_LOGINS, MAX_LOGINS
from backend.api.rankings import RANKINGS
from backend.atlas.maps import METRICS, WEIGHTS
from backend.graph.explorer_reads import KINDS
from backend.graph.models import RELATIONSHIP_TYPES
from backend.graph.reads import ATTRIBUTE_LABELS

bp = Blueprint("openapi", __name__)

JSON = "application/json"
HTML = "text/html"
EVENT_STREAM = "text/event-stream"
ERROR = {"$ref": "#/components/schemas/Error"}
# Why a route answers each error status (a route declares only those it can answer).
ERROR_REASONS = {
    400: "A parameter is out of range, not a number, or holds a NUL byte",
    401: "No or a wrong bearer token (WWW-Authenticate: Bearer)",
    403: "Viewer pages are disabled: no operator token is configured",
    404: "Not found",
    503: "The graph database is unreachable, or a statement ran past its time limit (then with Retry-After)",
}
COUNT = {"type": "integer", "minimum": 0}
DATE = {"type": "string", "format": "date"}
TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}


@bp.get("/openapi.json")
def openapi() -> Response:
    """This document."""
    return jsonify(spec())


def spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "twitchgraph",
            "version": __version__,
            "description": "Twitch audience-graph analytics: rankings, streamer graphs, influence. "
            "Every error is the Error schema; any method but GET on a route is a 405 "
            "(components/responses/MethodNotAllowed).",
        },
        "paths": {
            **_graph_paths(),
            **_live_paths(),
            **_ranking_paths(),
            **_atlas_paths(),
            **_profile_paths(),
            **_page_paths(),
        },
        "components": {
            "securitySchemes": {
                "operator": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The operator's token (TWITCHGRAPH_OPERATOR_TOKEN)",
                }
            },
            "schemas": {
                **_core_schemas(),
                **_graph_schemas(),
                **_ranking_schemas(),
                **_atlas_schemas(),
                **_explorer_schemas(),
                **_profile_schemas(),
                **_live_schemas(),
            },
            "responses": {
                "MethodNotAllowed": {
                    "description": "Any method but GET, HEAD and OPTIONS, on any route",
                    "headers": {
                        "Allow": {"description": "GET, HEAD, OPTIONS", "required": True, "schema": TEXT}
                    },
                    "content": {JSON: {"schema": ERROR}},
                }
            },
        },
    }


# --- paths ---------------------------------------------------------------------------------------------


def _graph_paths() -> dict[str, Any]:
    """The demo's routes and the explorer's, all reading the graph."""
    found = (400, 404, 503)
    return {
        "/nodes": _get("Number of nodes", "NodeCount"),
        "/edges": _get("Number of relationships", "EdgeCount"),
        "/health": _health(),
        "/streamer/{name}": _get(
            "A streamer (login or display name, any case) with its Language, Game and Team nodes",
            "Graph",
            params=[_path("name", "login or display name")],
            errors=found,
        ),
        "/streamers/{language}/{game}": _get(
            "Streamers of a game in a language, with the game and language nodes",
            "Graph",
            params=[_path("language", "ISO 639-1 code, any case"), _path("game", "game name, any case")],
            errors=found,
        ),
        "/streamers": _get("Streamer display names for autocomplete", "StreamerNames"),
        "/games": _get("Game names for autocomplete", "GameNames"),
        "/languages": _get("Language codes for autocomplete", "LanguageNames"),
        "/page-rank": _get(
            "Top users and streamers by PageRank (MAGE's pagerank.get())",
            "PageRank",
            params=[_limit()],
            errors=(400, 503),
        ),
        "/betweenness-centrality": _get(
            "Top users and streamers by betweenness centrality (MAGE's betweenness_centrality.get())",
            "BetweennessCentrality",
            params=[_limit()],
            errors=(400, 503),
        ),
        "/openapi.json": _get("This document", "OpenApiDocument", errors=()),
        "/neighbourhood/{node}": _get(
            "A node's neighbours grouped by relationship type and direction: each group's total and one "
            "page of its nodes (biggest channels first, then by login or name), plus D3 nodes and links",
            "Neighbourhood",
            params=_neighbourhood_params(),
            errors=found,
        ),
        "/search": _get(
            "Streamers whose login or display name contains q (any case), prefix matches first",
            "SearchResults",
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
            errors=(400, 503),
        ),
    }


def _live_paths() -> dict[str, Any]:
    """Live events (backend/api/events.py, backend/live.py)."""
    events = (
        "Server-Sent Events, each `event: <name>` then `data: <JSON>` on one line: `counts` "
        "({nodes, edges}: when the graph changed, and at once on connecting), `stream` (the /stream/status "
        "body, when a consumer in this process changes state), `chatters` ({channel, user_id, logins, new, "
        "rate}: what a consumer in this process just wrote to one channel: `channel` its login (the "
        "broadcaster's id when only the message names it, as when Memgraph writes), `user_id` the "
        "broadcaster's Twitch id, `logins` one per message, `new` those whose edge to the channel did not "
        "exist before (absent when not known), `rate` chatters a second over ten seconds). A "
        "`: heartbeat` comment every EVENTS_HEARTBEAT_S when idle; the stream ends after EVENTS_MAX_S and "
        "the browser reconnects (`retry:` says when)."
    )
    full = _error(503, "Too many open event streams (EVENTS_MAX_CONNECTIONS), with Retry-After")
    return {
        "/events": {
            "get": {
                "summary": "Live events: graph counts, the stream's status, arriving chatters (SSE)",
                "parameters": [],
                "responses": {
                    "200": {"description": events, "content": {EVENT_STREAM: {"schema": TEXT}}},
                    "503": full,
                },
            }
        },
        "/stream/status": _get(
            "Where this process's stream consumer stands (source none when it runs none)",
            "StreamStatus",
            errors=(),
        ),
    }


def _ranking_paths() -> dict[str, Any]:
    n = _path("n", f"how many, 1 to {MAX_N}", {"type": "integer", "minimum": 1, "maximum": MAX_N})
    bots = _enum_query(
        "include_bots",
        "1: count bots too (default: the atlas's rule leaves out known chat bots, banned logins and "
        "accounts chatting in ATLAS_BOT_CHANNELS channels or more)",
        ("0", "1", "true", "false"),
    )
    return {
        f"/{route}/{{n}}": _get(
            f"Top n {ranking.names_key} by {ranking.values_key}; the two lists are parallel"
            + ("; bots left out unless include_bots=1" if ranking.people else ""),
            _ranking_schema_name(route),
            params=[n, bots] if ranking.people else [n],
            errors=(400, 503),
        )
        for route, ranking in RANKINGS.items()
    }


def _atlas_paths() -> dict[str, Any]:
    """Shared audiences (backend/api/atlas.py; the definitions in its docstring)."""
    metric = _enum_query("metric", "the order of the channels", METRICS)
    return {
        "/overlap/{streamer}": _get(
            "The channels sharing viewers with a streamer (login or display name), by the metric "
            "descending, then login: shared, jaccard, share = shared / the streamer's audience, lift",
            "Overlap",
            params=[
                _path("streamer", "login or display name, any case"),
                _bounded_query("limit", "how many channels (default 10)", 10, MAX_CARD_ROWS),
                metric,
                *_audience_params(),
            ],
            errors=(400, 404, 503),
        ),
        "/atlas": _get(
            "The atlas: the channels with the biggest audiences, the pairs of them sharing at least "
            "min_shared viewers, their Louvain communities (MAGE's semantics) and map positions",
            "Atlas",
            params=_atlas_params(),
            errors=(400, 503),
        ),
        "/communities/{community}": _get(
            "One community of the atlas asked with the same parameters: its channels, top games, "
            "languages, and the channels with the most link weight to other communities",
            "Community",
            params=[
                _path("community", "the community's id in that atlas", {"type": "integer", "minimum": 0}),
                *_atlas_params(),
            ],
            errors=(400, 404, 503),
        ),
    }


def _atlas_params() -> list[dict[str, Any]]:
    return [
        _bounded_query("limit", "channels kept, biggest audiences first (default 2000)", 2000, MAX_CHANNELS),
        {
            "name": "min_shared",
            "in": "query",
            "required": False,
            "description": "links from this many shared viewers (default: the lowest threshold that "
            "keeps at most 20,000 links); the answer says which was used",
            "schema": {"type": "integer", "minimum": 1},
        },
        _enum_query("weight", "the links' weight for the communities", WEIGHTS),
        *_audience_params(),
    ]


def _audience_params() -> list[dict[str, Any]]:
    return [
        _enum_query(
            "source",
            "whose audiences: chatters (CHATTER relationships) or watched (viewers seen in the last "
            "`days` processed days of viewer profiling)",
            SOURCES,
        ),
        _bounded_query(
            "days", f"source=watched: processed days counted (default {DEFAULT_DAYS})", DEFAULT_DAYS, MAX_DAYS
        ),
        _enum_query(
            "include_bots",
            "1: count bots too (default: known bots, banned logins and "
            "accounts in ATLAS_BOT_CHANNELS channels or more left out)",
            ("0", "1", "true", "false"),
        ),
    ]


def _enum_query(name: str, description: str, values: tuple[str, ...]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{description} (default {values[0]})",
        "schema": {"type": "string", "enum": list(values), "default": values[0]},
    }


def _bounded_query(name: str, description: str, default: int, maximum: int) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": maximum, "default": default},
    }


def _profile_paths() -> dict[str, Any]:
    """Viewer profiles (operator only: bearer token) and the day pipeline's public aggregates."""
    login = _path("login", "the viewer's login (any case), or its pseudonym")
    viewer = _get(
        "Everything the viewer page shows, as of the last processed day (operator only)",
        "ViewerProfile",
        params=[login],
        errors=(400, 401, 403, 404, 503),
    )
    # The day view reads the profile folder's files only: no database, so no 503.
    viewer_day = _get(
        "One viewer's windows of one day, ascending (operator only)",
        "ViewerDay",
        params=[login, _path("date", "YYYY-MM-DD", DATE)],
        errors=(400, 401, 403, 404),
    )
    check = _get(
        "200 when the bearer token is the operator's: the sign-in box checks a token before keeping it",
        "OperatorCheck",
        errors=(401, 403),
    )
    logins = _get(
        "The logins with a profile starting with prefix (any case), ascending, at most limit "
        "(operator only): the viewer page's autocomplete",
        "ViewerLogins",
        params=[
            {
                "name": "prefix",
                "in": "query",
                "required": True,
                "description": "the start of a login: 1 to 25 letters, digits or underscores",
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_]{1,25}$"},
            },
            _bounded_query(
                "limit", f"how many logins (default {DEFAULT_LOGINS})", DEFAULT_LOGINS, MAX_LOGINS
            ),
        ],
        errors=(400, 401, 403, 503),
    )
    for operation in (viewer, viewer_day, check, logins):
        operation["get"]["security"] = [{"operator": []}]
    return {
        "/operator/check": check,
        "/viewers": logins,
        "/viewers/{login}": viewer,
        "/viewers/{login}/day/{date}": viewer_day,
        "/pipeline/days": _get(
            "Each processed day's counts, sanity and stage durations (seconds, pipeline order), ascending",
            "PipelineDays",
        ),
        "/pipeline/health": _get(
            "The database's sanity: the last day's, its viewers and their change, each day's sanity",
            "PipelineHealth",
        ),
    }


def _page_paths() -> dict[str, Any]:
    """The browser explorer's build (backend/web.py): HTML and files, JSON errors for API clients."""
    not_built = {
        "description": "The explorer is not built: how to build it, as HTML for a browser, else as JSON",
        "content": {HTML: {"schema": TEXT}, JSON: {"schema": ERROR}},
    }
    # Another path reaches the missing page only when a browser asks for a page: HTML then, never JSON.
    page_not_built = {
        "description": "The explorer is not built: how to build it",
        "content": {HTML: {"schema": TEXT}},
    }
    page = {"description": "The explorer's page", "content": {HTML: {"schema": TEXT}}}
    any_file = {"description": "The file, or the explorer's page for a browser", "content": {"*/*": {}}}
    return {
        "/": {
            "get": {
                "summary": "The browser explorer (HTML); 503 with how to build it when frontend/dist is "
                "missing",
                "parameters": [],
                "responses": {"200": page, "503": not_built},
            }
        },
        "/{path}": {
            "get": {
                "summary": "A file of the explorer's build; for a browser (Accept: text/html) asking for a "
                "page, the explorer again; otherwise the JSON 404",
                "parameters": [_path("path", "file of the build or client-side route")],
                "responses": {
                    "200": any_file,
                    "400": _error(400, "A NUL byte in the path"),
                    "404": _error(404, "No such file, and not a page a browser asks for"),
                    "503": page_not_built,
                },
            }
        },
    }


def _get(
    summary: str, schema: str, *, params: list[dict[str, Any]] | None = None, errors: tuple[int, ...] = (503,)
) -> dict[str, Any]:
    """A GET answering 200 with the body ``components/schemas/<schema>``, or one of ``errors``."""
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {JSON: {"schema": _ref(schema)}}}}
    for status in sorted(errors):
        responses[str(status)] = _error(status, ERROR_REASONS[status])
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}


def _health() -> dict[str, Any]:
    # The health check answers its own shape when the database is down, so that a probe sees which
    # backend it is and why, not the generic Error.
    operation = _get("Backend kind, reachability and size; 503 when unreachable", "Health")
    operation["get"]["responses"]["503"]["content"][JSON]["schema"] = _ref("HealthUnavailable")
    return operation


def _error(status: int, description: str) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {JSON: {"schema": ERROR}}}
    if status == 401:
        response["headers"] = {
            "WWW-Authenticate": {
                "description": 'Bearer realm="twitchgraph"',
                "required": True,
                "schema": TEXT,
            }
        }
    if status == 503:
        response["headers"] = {
            "Retry-After": {
                "description": "seconds to wait, when the database was only too slow (backend/errors.py)",
                "required": False,
                "schema": {"type": "integer", "minimum": 0},
            }
        }
    return response


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


def _query(name: str, description: str, default: int) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_N, "default": default},
    }


def _neighbourhood_params() -> list[dict[str, Any]]:
    return [
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
    ]


# --- schemas -------------------------------------------------------------------------------------------


def _core_schemas() -> dict[str, Any]:
    backend = {"type": "string", "enum": ["falkordb", "memgraph"]}
    return {
        "Error": _object(
            error={"type": "string", "minLength": 1},
            status={"type": "integer", "minimum": 400, "maximum": 599},
        ),
        "NodeCount": _object(nodes=COUNT),
        "EdgeCount": _object(edges=COUNT),
        "Health": _object(
            backend=backend, reachable={"const": True}, database=TEXT, nodes=COUNT, edges=COUNT
        ),
        "HealthUnavailable": _object(
            backend=backend, reachable={"const": False}, error=TEXT, status={"const": 503}
        ),
        # The document itself: only its frame is checked here; OpenAPI's own schema describes the rest.
        "OpenApiDocument": {
            "type": "object",
            "properties": {"openapi": {"type": "string", "pattern": r"^3\.1\.\d+$"}},
            "required": ["openapi", "info", "paths", "components"],
        },
    }


def _graph_schemas() -> dict[str, Any]:
    """/streamer, /streamers/<language>/<game>, the autocomplete lists and the influence rankings."""
    return {
        # A Stream node's id is the streamer's Twitch user id; the others are "<Label>:<name>".
        # /streamers/{language}/{game} gives each streamer its followers too (null: unknown).
        "GraphNode": {
            **_object(
                id=TEXT,
                label={"type": "string", "enum": ["Stream", *ATTRIBUTE_LABELS.values()]},
                name=TEXT,
                followers={"type": ["integer", "null"], "minimum": 0},
            ),
            "required": ["id", "label", "name"],
        },
        "GraphLink": _object(source=TEXT, target=TEXT),
        "Graph": _object(nodes=_list(_ref("GraphNode")), links=_list(_ref("GraphLink"))),
        "Title": _object(title=TEXT),
        "StreamerNames": _object(streamers=_list(_ref("Title"))),
        "GameNames": _object(games=_list(_ref("Title"))),
        "LanguageNames": _object(languages=_list(_ref("Title"))),
        # A node without a name (none in an import) is ranked with an empty one.
        "PageRank": _scored("page_rank", "rank"),
        "BetweennessCentrality": _scored("bc", "betweenness_centrality"),
    }


def _scored(list_key: str, score_key: str) -> dict[str, Any]:
    """A whole-graph measure: MAGE's rows plus whether the row is a streamer, its position now and at the
    previous recompute (null: not ranked then, or no recompute before), the graph version and moment it
    was computed, the moment of the recompute before (null: none), whether the graph has changed since
    (stale), and how the scores were obtained (exact; else the bound epsilon, its failure probability
    delta, samples)."""
    position = {"type": "integer", "minimum": 1}
    row = _object(
        name=TEXT,
        streamer={"type": "boolean"},
        **{score_key: {"type": "number", "minimum": 0}},
        position=position,
        previous_position={"type": ["integer", "null"], "minimum": 1},
    )
    moment = {"type": "string", "format": "date-time"}
    return _object(
        **{list_key: _list(row)},
        version=TEXT,
        computed_at=moment,
        previous_computed_at={"type": ["string", "null"], "format": "date-time"},
        stale={"type": "boolean"},
        exact={"type": "boolean"},
        epsilon={"type": ["number", "null"], "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        delta={"type": ["number", "null"], "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        samples={"type": ["integer", "null"], "minimum": 1},
    )


def _ranking_schemas() -> dict[str, Any]:
    return {
        _ranking_schema_name(route): _object(
            **{
                ranking.names_key: _list(_object(name=TEXT)),
                ranking.values_key: _list(_object(**{ranking.values_key: COUNT})),
            }
        )
        for route, ranking in RANKINGS.items()
    }


def _atlas_schemas() -> dict[str, Any]:
    """/overlap, /atlas, /communities (backend/atlas/maps.py)."""
    ratio = {"type": "number", "minimum": 0, "maximum": 1}
    when = {
        "version": TEXT,
        "computed_at": {"type": "string", "format": "date-time"},
        "stale": {"type": "boolean"},
    }
    facet = _list(_object(name=TEXT, channels={"type": "integer", "minimum": 1}))
    summary = {
        "id": COUNT,
        "size": {"type": "integer", "minimum": 1},
        "label": TEXT,
        "top_games": facet,
        "languages": facet,
    }
    channel = {
        "login": TEXT,
        "name": TEXT,
        "audience": COUNT,
        "game": NULLABLE_TEXT,
        "language": NULLABLE_TEXT,
    }
    return {
        "Overlap": _object(
            streamer=TEXT,
            audience=COUNT,
            metric={"type": "string", "enum": list(METRICS)},
            channels=_list(
                _object(
                    login=TEXT,
                    name=TEXT,
                    shared={"type": "integer", "minimum": 1},
                    jaccard=ratio,
                    share=ratio,
                    lift={"type": "number", "exclusiveMinimum": 0},
                )
            ),
            **when,
        ),
        "Atlas": _object(
            nodes=_list(
                _object(
                    **channel,
                    community={"type": "integer", "minimum": -1},
                    x={"type": "number", "minimum": -1, "maximum": 1},
                    y={"type": "number", "minimum": -1, "maximum": 1},
                )
            ),
            links=_list(
                _object(
                    source=TEXT,
                    target=TEXT,
                    shared={"type": "integer", "minimum": 1},
                    jaccard=ratio,
                    weight={"type": "number", "exclusiveMinimum": 0},
                )
            ),
            communities=_list(_object(**summary)),
            modularity={"type": ["number", "null"], "minimum": -0.5, "maximum": 1},
            min_shared={"type": "integer", "minimum": 1},
            **when,
        ),
        "Community": _object(
            **summary,
            channels=_list(_object(**channel)),
            bridges=_list(
                _object(
                    login=TEXT,
                    name=TEXT,
                    weight={"type": "number", "exclusiveMinimum": 0},
                    communities=_list({"type": "integer", "minimum": 0}),
                )
            ),
            **when,
        ),
    }


def _ranking_schema_name(route: str) -> str:
    """``top-streamers-by-views`` -> ``TopStreamersByViews``."""
    return "".join(part.capitalize() for part in route.split("-"))


def _explorer_schemas() -> dict[str, Any]:
    """/neighbourhood/<node> and /search (backend/graph/explorer_reads.py)."""
    label = {"type": "string", "enum": list(KINDS)}
    # A neighbour has a login when it is a person and followers when it is a channel that has a count.
    neighbour = _object(id=TEXT, label=label, name=TEXT, login=TEXT, followers=COUNT)
    neighbour["required"] = ["id", "label", "name"]
    return {
        "NeighbourhoodNode": _object(
            id=TEXT,
            label=label,
            name=TEXT,
            login=NULLABLE_TEXT,
            followers={"type": ["integer", "null"], "minimum": 0},
            views={"type": ["integer", "null"], "minimum": 0},
            url=NULLABLE_TEXT,
            description=NULLABLE_TEXT,
            created_at=NULLABLE_TEXT,
        ),
        "Neighbour": neighbour,
        "NeighbourGroup": _object(
            type={"type": "string", "enum": list(RELATIONSHIP_TYPES)},
            direction={"type": "string", "enum": ["out", "in"]},
            total={"type": "integer", "minimum": 1},  # a type without neighbours has no group
            page={"type": "integer", "minimum": 1},
            limit={"type": "integer", "minimum": 1, "maximum": MAX_N},
            nodes=_list(_ref("Neighbour")),
        ),
        "NeighbourLink": _object(
            source=TEXT, target=TEXT, type={"type": "string", "enum": list(RELATIONSHIP_TYPES)}
        ),
        "Neighbourhood": _object(
            node=_ref("NeighbourhoodNode"),
            groups=_list(_ref("NeighbourGroup")),
            nodes=_list(_ref("Neighbour")),
            links=_list(_ref("NeighbourLink")),
        ),
        "SearchHit": _object(
            id={"type": "string", "pattern": "^Stream:"},
            login=TEXT,
            name=TEXT,
            followers={"type": ["integer", "null"], "minimum": 0},
        ),
        "SearchResults": _object(streamers=_list(_ref("SearchHit"))),
    }


def _profile_schemas() -> dict[str, Any]:
    """/viewers/* and /pipeline/* (backend/profiles/reads.py)."""
    named = _list(_object(name=TEXT, score_pct={"type": "number", "minimum": 0, "maximum": 100}))
    timed = _list(_object(name=TEXT, minutes=COUNT))
    hours = {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 24, "maxItems": 24}
    sanity = {"type": "string", "enum": ["ok", "failed"]}
    date_time = {"type": "string", "format": "date-time"}
    return {
        "ViewerProfile": _object(
            login=TEXT,
            last_analysed=DATE,
            recent_channels=named,
            recent_games=named,
            all_time_channels=timed,
            all_time_games=timed,
            workday_schedule=hours,
            weekend_schedule=hours,
            heatmap=_list(_object(date=DATE, minutes=COUNT)),
            days=_list(DATE),
            # the IANA zone (TWITCHGRAPH_TIMEZONE) of its dates and hours
            timezone=TEXT,
        ),
        "OperatorCheck": _object(operator={"const": True}),
        "ViewerLogins": _object(logins=_list(TEXT)),
        "ViewerWindow": _object(start=date_time, channel=TEXT, game=NULLABLE_TEXT, minutes=COUNT),
        "ViewerDay": _object(login=TEXT, date=DATE, windows=_list(_ref("ViewerWindow"))),
        "PipelineDay": _object(
            date=DATE,
            viewers=COUNT,
            channels=COUNT,
            windows=COUNT,
            presences=COUNT,
            bots_banned=COUNT,
            sanity=sanity,
            # stage name -> seconds, in pipeline order
            stages={"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
            processed_at=date_time,
        ),
        "PipelineDays": _object(days=_list(_ref("PipelineDay"))),
        "PipelineHealth": _object(
            sanity={"type": "string", "enum": ["ok", "failed", "unknown"]},
            last_day={"type": ["string", "null"], "format": "date"},
            viewers_last_day=COUNT,
            # since the same weekday a week earlier (compared_with); null when that day was not processed
            viewers_change={"type": ["integer", "null"]},
            compared_with={"type": ["string", "null"], "format": "date"},
            days=_list(_object(date=DATE, sanity=sanity)),
        ),
    }


def _live_schemas() -> dict[str, Any]:
    """/stream/status, and the data of /events' events (documented for clients; the stream is text)."""
    return {
        "StreamStatus": _object(
            source={"type": "string", "enum": ["kafka", "replay", "none"]},
            state={"type": "string", "enum": ["starting", "running", "waiting", "stopped"]},
            description=NULLABLE_TEXT,
            messages=COUNT,
            written=COUNT,
            dead_letters=COUNT,
            rate={"type": "number", "minimum": 0},
            lag={"type": ["integer", "null"], "minimum": 0},
            last_error=NULLABLE_TEXT,
        ),
        "CountsEvent": _object(nodes=COUNT, edges=COUNT),
        "ChattersEvent": _object(channel=TEXT, logins=_list(TEXT), rate={"type": "number", "minimum": 0}),
    }


def _object(**properties: Any) -> dict[str, Any]:
    """A closed object whose every key is required (the common case; callers loosen ``required``)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _list(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}
