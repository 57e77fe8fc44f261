"""Every response /openapi.json declares, checked on real answers of the app.

EXAMPLES holds requests, each for one path, status and media type of the document. Each is sent to a real
app (the tiny fixture graph, the processed little world of test_profiles, an app whose database does not
answer, a built or missing explorer), and its body is validated with jsonschema against the schema the
document declares for that path, method, status and media type, `$ref`s resolved in the document itself.
The coverage test fails when the document declares a response no example checks (a new route or status)
or an example checks one it does not declare.
"""

import re
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis.specs.openapi.definitions import OPENAPI_31
from werkzeug.test import TestResponse

from backend.api import caching
from backend.api.openapi import spec
from backend.api.rankings import RANKINGS
from backend.app import create_app
from backend.graph import queries, reads
from backend.graph.store import QueryTimeoutError
from tests import test_web as web
from tests.api import test_profiles as profiles
from tests.conftest import changed_settings

JSON = "application/json"
HTML = "text/html"
EVENT_STREAM = "text/event-stream"
ANY = "*/*"
AUTH = tuple(profiles.AUTH.items())
BROWSER = tuple(web.BROWSER.items())
# The document's reusable 405, declared once for every path (backend/api/openapi.py says why).
METHOD_NOT_ALLOWED = ("*", "*", "405", JSON)
SPEC_URI = "urn:twitchgraph:openapi"

# The fixtures that answer the examples (below): the tiny graph's app is conftest's ``client``.
world_app = profiles.world_app  # the processed little world, set up as test_profiles does
built = web.built  # an explorer build in a temporary folder


class Example(NamedTuple):
    path: str  # the documented path ("*": components/responses/MethodNotAllowed)
    status: int
    url: str  # {viewer}, {day} and {channel} are filled from the processed world
    app: str = "client"  # the fixture giving the FlaskClient
    headers: tuple[tuple[str, str], ...] = ()
    media: str = JSON
    method: str = "get"


def _down(*pairs: tuple[str, str]) -> list[Example]:
    """503s from an app whose database does not answer, one per (path, url)."""
    return [Example(path, 503, url, "down", AUTH) for path, url in pairs]


def _ranking_examples() -> list[Example]:
    # Generated from the same list as the document's ranking paths, so a new ranking is checked too.
    examples = []
    for route in RANKINGS:
        path = f"/{route}/{{n}}"
        examples += [Example(path, 200, f"/{route}/3"), Example(path, 200, f"/{route}/1000")]
        examples += [Example(path, 400, f"/{route}/0"), *_down((path, f"/{route}/3"))]
    return examples


EXAMPLES = [
    Example("/nodes", 200, "/nodes"),
    Example("/edges", 200, "/edges"),
    Example("/health", 200, "/health"),
    Example("/streamer/{name}", 200, "/streamer/alpha"),
    Example("/streamer/{name}", 200, "/streamer/브라보"),
    Example("/streamer/{name}", 200, "/streamer/{channel}", "world"),  # a channel only samples named
    Example("/streamer/{name}", 400, "/streamer/abc%00"),
    Example("/streamer/{name}", 404, "/streamer/nobody"),
    Example("/streamers/{language}/{game}", 200, "/streamers/EN/league of legends"),
    Example("/streamers/{language}/{game}", 200, "/streamers/ko/Chess"),  # no streamer: both nodes only
    Example("/streamers/{language}/{game}", 400, "/streamers/en%00/Chess"),
    Example("/streamers/{language}/{game}", 404, "/streamers/xx/Chess"),
    Example("/streamers", 200, "/streamers"),
    Example("/games", 200, "/games"),
    Example("/languages", 200, "/languages"),
    Example("/page-rank", 200, "/page-rank"),
    Example("/page-rank", 400, "/page-rank?limit=0"),
    Example("/betweenness-centrality", 200, "/betweenness-centrality?limit=3"),
    Example("/betweenness-centrality", 400, "/betweenness-centrality?limit=x"),
    Example("/openapi.json", 200, "/openapi.json"),
    Example("/neighbourhood/{node}", 200, "/neighbourhood/alpha"),
    Example("/neighbourhood/{node}", 200, "/neighbourhood/Game:Chess"),
    Example("/neighbourhood/{node}", 200, "/neighbourhood/nightbot?limit=1&page=2&type=moderator"),
    Example("/neighbourhood/{node}", 200, "/neighbourhood/User:{viewer}", "world"),
    Example("/neighbourhood/{node}", 400, "/neighbourhood/alpha?type=FOLLOWS"),
    Example("/neighbourhood/{node}", 404, "/neighbourhood/Team:Nobody"),
    Example("/search", 200, "/search?q=a&limit=2"),
    Example("/search", 200, "/search?q=zzz"),
    Example("/search", 400, "/search"),
    *_ranking_examples(),
    Example("/overlap/{streamer}", 200, "/overlap/alpha"),
    Example("/overlap/{streamer}", 200, "/overlap/ALPHA?metric=lift&include_bots=1&limit=1"),
    Example("/overlap/{streamer}", 400, "/overlap/alpha?metric=overlap"),
    Example("/overlap/{streamer}", 404, "/overlap/nobody"),
    Example("/atlas", 200, "/atlas"),
    Example("/atlas", 200, "/atlas?min_shared=2&weight=jaccard&limit=2"),  # no links: modularity null
    Example("/atlas", 200, "/atlas?source=watched&days=2", "world"),
    Example("/atlas", 400, "/atlas?weight=followers"),
    Example("/atlas", 400, "/atlas?source=watched&days=0"),
    Example("/communities/{community}", 200, "/communities/0"),
    Example("/communities/{community}", 400, "/communities/0?limit=0"),
    Example("/communities/{community}", 404, "/communities/99"),
    Example("/operator/check", 200, "/operator/check", "world", AUTH),
    Example("/operator/check", 401, "/operator/check", "world", (("Authorization", "Bearer x"),)),
    Example("/operator/check", 403, "/operator/check", "disabled", AUTH),
    Example("/viewers", 200, "/viewers?prefix={viewer}", "world", AUTH),
    Example("/viewers", 200, "/viewers?prefix=zzzz&limit=50", "world", AUTH),  # none: an empty list
    Example("/viewers", 400, "/viewers?prefix=a-b", "world", AUTH),
    Example("/viewers", 401, "/viewers?prefix=a", "world"),
    Example("/viewers", 403, "/viewers?prefix=a", "disabled", AUTH),
    Example("/viewers/{login}", 200, "/viewers/{viewer}", "world", AUTH),
    Example("/viewers/{login}", 400, "/viewers/a%00", "world", AUTH),
    Example("/viewers/{login}", 401, "/viewers/{viewer}", "world"),
    Example("/viewers/{login}", 403, "/viewers/someone", "disabled", AUTH),
    Example("/viewers/{login}", 404, "/viewers/nobody_here", "world", AUTH),
    Example("/viewers/{login}/day/{date}", 200, "/viewers/{viewer}/day/{day}", "world", AUTH),
    Example("/viewers/{login}/day/{date}", 400, "/viewers/{viewer}/day/yesterday", "world", AUTH),
    Example(
        "/viewers/{login}/day/{date}",
        401,
        "/viewers/{viewer}/day/{day}",
        "world",
        (("Authorization", "Bearer x"),),
    ),
    Example("/viewers/{login}/day/{date}", 403, "/viewers/someone/day/2026-05-07", "disabled", AUTH),
    Example("/viewers/{login}/day/{date}", 404, "/viewers/nobody_here/day/{day}", "world", AUTH),
    Example("/pipeline/days", 200, "/pipeline/days", "world"),
    Example("/pipeline/days", 200, "/pipeline/days"),  # nothing processed
    Example("/pipeline/health", 200, "/pipeline/health", "world"),
    Example("/pipeline/health", 200, "/pipeline/health"),  # nothing processed: unknown, nulls
    Example("/events", 200, "/events", "short_events", media=EVENT_STREAM),
    Example("/events", 503, "/events", "no_event_slot"),
    Example("/stream/status", 200, "/stream/status"),  # no consumer in this process: source none
    *_down(
        ("/nodes", "/nodes"),
        ("/edges", "/edges"),
        ("/health", "/health"),
        ("/streamer/{name}", "/streamer/alpha"),
        ("/streamers/{language}/{game}", "/streamers/en/Chess"),
        ("/streamers", "/streamers"),
        ("/games", "/games"),
        ("/languages", "/languages"),
        ("/page-rank", "/page-rank"),
        ("/betweenness-centrality", "/betweenness-centrality"),
        ("/neighbourhood/{node}", "/neighbourhood/alpha"),
        ("/search", "/search?q=a"),
        ("/overlap/{streamer}", "/overlap/alpha"),
        ("/atlas", "/atlas"),
        ("/communities/{community}", "/communities/0"),
        ("/viewers/{login}", "/viewers/someone"),
        ("/viewers", "/viewers?prefix=some"),
        ("/pipeline/days", "/pipeline/days"),
        ("/pipeline/health", "/pipeline/health"),
    ),
    Example("/nodes", 503, "/nodes", "slow"),  # reachable, but a statement ran past its time limit
    Example("/", 200, "/", "built", media=HTML),
    Example("/", 503, "/", "unbuilt"),
    Example("/", 503, "/", "unbuilt", BROWSER, HTML),
    Example("/{path}", 200, "/assets/app-1a2b.js", "built", media=ANY),
    Example("/{path}", 200, "/explorer", "built", BROWSER, ANY),
    Example("/{path}", 400, "/explorer%00", "built", BROWSER),
    Example("/{path}", 404, "/no-such-route", "built"),
    Example("/{path}", 503, "/explorer", "unbuilt", BROWSER, HTML),
    Example("*", 405, "/nodes", method="post"),
    Example("*", 405, "/streamer/alpha", method="delete"),
    Example("*", 405, "/", "built", method="put"),
]


# --- the apps --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def down_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """An app whose database refuses connections: Memgraph at a port nothing listens on, no waiting."""
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = {
        "TESTING": True,
        "GRAPH_BACKEND": "memgraph",
        "MG_HOST": "127.0.0.1",
        "MG_PORT": port,
        "DB_WAIT_S": 0,
        "OPERATOR_TOKEN": profiles.TOKEN,
        "TWITCHGRAPH_DATA_DIR": str(tmp_path_factory.mktemp("down")),
    }
    return create_app(config)


@pytest.fixture
def down(down_app: Flask) -> FlaskClient:
    return down_app.test_client()


@pytest.fixture
def slow(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    """The tiny graph's app whose node count runs past the database's time limit."""

    def too_slow(*_args: object) -> int:
        raise QueryTimeoutError(5, queries.COUNT_NODES)

    monkeypatch.setattr(reads, "count_nodes", too_slow)
    # An empty answer cache of its own: the count answered before must not be served instead.
    monkeypatch.setitem(client.application.extensions, caching.EXTENSION, caching.AnswerCache())
    return client


@pytest.fixture
def world(world_app: Flask) -> FlaskClient:
    return world_app.test_client()


@pytest.fixture
def disabled(tiny_app: Flask) -> Iterator[FlaskClient]:
    """The tiny graph's app with no operator token: the viewer routes are off."""
    with changed_settings(tiny_app, operator_token=""):
        yield tiny_app.test_client()


@pytest.fixture
def short_events(tiny_app: Flask) -> Iterator[FlaskClient]:
    """The tiny graph's app whose event streams end after a second, so that the body can be read."""
    with changed_settings(tiny_app, events_max_s=1):
        yield tiny_app.test_client()


@pytest.fixture
def no_event_slot(tiny_app: Flask) -> Iterator[FlaskClient]:
    """The tiny graph's app with every event stream slot taken (none at all)."""
    with changed_settings(tiny_app, events_max_connections=0):
        yield tiny_app.test_client()


@pytest.fixture
def unbuilt(tmp_path: Path) -> FlaskClient:
    return web.make_app(tmp_path / "no-dist", tmp_path).test_client()


# --- the tests -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=lambda e: f"{e.method.upper()} {e.url} {e.status} {e.media} ({e.app})"
)
def test_a_real_response_matches_its_documented_schema(
    example: Example, backend: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    # ``backend`` runs the examples once per reachable backend, the fixtures above on the same one.
    client: FlaskClient = request.getfixturevalue(example.app)
    url = _filled(example.url, client) if "{" in example.url else example.url
    document = spec()
    if example.path != "*":
        assert _documented_path(client.application, url) == example.path
    response = getattr(client, example.method)(url, headers=dict(example.headers))
    body = response.get_data()
    response.close()  # a served file stays open until then
    assert response.status_code == example.status, body[:500]
    pointer = _response_pointer(example)
    declared = _resolve(document, pointer)
    assert _media_matches(example.media, response.mimetype), response.mimetype
    for header, declared_header in declared.get("headers", {}).items():
        assert header in response.headers or not declared_header.get("required"), header
    instance = _decoded(response, body, example.media)
    if instance is not None:
        validator = _validator(document, f"{pointer}/content/{_escape(example.media)}/schema")
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)
        ]
        assert errors == [], instance


def test_every_documented_response_has_a_checked_example() -> None:
    document = spec()
    declared = {
        (path, method, status, media)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for status, response in operation["responses"].items()
        for media in response["content"]
    }
    assert "MethodNotAllowed" in document["components"]["responses"]
    declared.add(METHOD_NOT_ALLOWED)
    checked = {_key(example) for example in EXAMPLES}
    assert sorted(declared - checked) == [], "documented, never checked: add an example"
    assert sorted(checked - declared) == [], "checked, never documented: document it"


def test_the_document_is_valid_openapi_3_1() -> None:
    # OpenAPI's own schema for 3.1 documents, as schemathesis (the fuzzing tests) ships it.
    validator = Draft202012Validator(OPENAPI_31)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(spec())]
    assert errors == []


def test_every_schema_of_the_document_is_valid_json_schema() -> None:
    for name, schema in spec()["components"]["schemas"].items():
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            pytest.fail(f"{name}: {exc.message}")


def test_the_schemas_reject_a_wrong_shape() -> None:
    # The checks above would pass with schemas that accept anything: these bodies must fail.
    document = spec()
    wrong = [
        ("/nodes", {"nodes": "15"}),
        ("/nodes", {"nodes": 15, "extra": 1}),
        ("/streamer/{name}", {"nodes": [{"id": "1", "label": "Stream"}], "links": []}),
        ("/top-games/{n}", {"games": [{"name": "Chess"}], "players": [{"players": 1.5}]}),
        ("/search", {"streamers": [{"id": "Stream:a", "login": "a", "name": "A"}]}),
        (
            "/pipeline/health",
            {
                "sanity": "ok",
                "last_day": "7 May",
                "viewers_last_day": 1,
                "viewers_change": None,
                "compared_with": None,
                "days": [],
            },
        ),
    ]
    for path, body in wrong:
        pointer = f"/paths/{_escape(path)}/get/responses/200/content/{_escape(JSON)}/schema"
        assert list(_validator(document, pointer).iter_errors(body)), (path, body)
    error = f"/paths/{_escape('/nodes')}/get/responses/503/content/{_escape(JSON)}/schema"
    assert list(_validator(document, error).iter_errors({"error": "x", "status": "503"}))


# --- helpers ---------------------------------------------------------------------------------------------


def _key(example: Example) -> tuple[str, str, str, str]:
    if example.path == "*":
        return METHOD_NOT_ALLOWED
    return (example.path, example.method, str(example.status), example.media)


def _response_pointer(example: Example) -> str:
    if example.path == "*":
        return "/components/responses/MethodNotAllowed"
    return f"/paths/{_escape(example.path)}/{example.method}/responses/{example.status}"


def _escape(token: str) -> str:
    """A JSON pointer's reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _resolve(document: dict[str, Any], pointer: str) -> dict[str, Any]:
    node: Any = document
    for token in pointer.lstrip("/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _validator(document: dict[str, Any], pointer: str) -> Draft202012Validator:
    """A validator of the schema at ``pointer`` in the document, its `$ref`s resolved in the document."""
    registry = Registry().with_resource(
        SPEC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=registry, format_checker=FORMATS)


def _documented_path(app: Flask, url: str) -> str:
    """The document's path for the route ``url`` reaches (the rule, written as OpenAPI writes it)."""
    endpoint, _args = app.url_map.bind("localhost").match(unquote(urlsplit(url).path), method="GET")
    rule = next(iter(app.url_map.iter_rules(endpoint)))
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)


def _media_matches(declared: str, served: str) -> bool:
    return declared in (ANY, served)


def _decoded(response: TestResponse, body: bytes, media: str) -> Any:
    """The body as the schema sees it: JSON parsed, text as a string; None when it is any file."""
    if media == JSON:
        return response.get_json()
    if media.startswith("text/"):
        return body.decode(response.mimetype_params.get("charset", "utf-8"))
    return None


def _filled(url: str, client: FlaskClient) -> str:
    """``url`` with the processed world's busiest viewer, that viewer's first day and a channel."""
    viewer = profiles.busy_viewer(client)
    day = client.get(f"/viewers/{viewer}", headers=profiles.AUTH).get_json()["days"][0]
    store = client.application.extensions["twitchgraph"].get()
    channel = store.ro_query("MATCH (s:Stream) RETURN s.login AS login ORDER BY login LIMIT 1").first()[0]
    return url.format(viewer=viewer, day=day, channel=channel)


FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    # jsonschema checks date-time only with the optional rfc3339-validator; RFC 3339 here, as the API
    # writes it (contracts.samples.format_time: 2026-05-09T07:35:00Z).
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time")
    datetime.fromisoformat(value)
    return True
