"""Bad input is the client's error (4xx), never a 500; a 405 says which methods the route allows."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.test_routes import assert_error

TOKEN = "operator-secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/streamer/abc%00", "path parameter 'name'"),
        ("/streamer/%00", "path parameter 'name'"),
        ("/streamers/en%00/Chess", "path parameter 'language'"),
        ("/streamers/en/Ch%00ess", "path parameter 'game'"),
        ("/neighbourhood/alpha%00", "path parameter 'node'"),
        ("/neighbourhood/Stream:alpha%00", "path parameter 'node'"),
        ("/neighbourhood/alpha?type=%00", "query parameter 'type'"),
        ("/search?q=%00", "query parameter 'q'"),
        ("/search?q=al%00pha", "query parameter 'q'"),
        ("/search?q=alpha&limit=5%00", "query parameter 'limit'"),
        ("/top-games/5%00", "path parameter 'n'"),
        ("/page-rank?limit=%00", "query parameter 'limit'"),
    ],
)
def test_a_nul_byte_in_a_parameter_is_a_400_naming_it(client: FlaskClient, path: str, parameter: str) -> None:
    # FalkorDB refuses a NUL inside a query parameter ("Failed to parse query parameter"): that was a 500.
    message = assert_error(client.get(path), 400)
    assert parameter in message and "NUL" in message


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/viewers/abc%00", "path parameter 'login'"),
        ("/viewers/abc/day/2026-05-07%00", "path parameter 'date'"),
        ("/viewers/a%00c/day/2026-05-07", "path parameter 'login'"),
    ],
)
def test_a_nul_byte_in_a_viewer_route_is_a_400_naming_it(
    tiny_app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, path: str, parameter: str
) -> None:
    monkeypatch.setitem(tiny_app.config, "OPERATOR_TOKEN", TOKEN)
    message = assert_error(client.get(path, headers=AUTH), 400)
    assert parameter in message and "NUL" in message


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/nodes"), ("delete", "/streamer/alpha"), ("put", "/search?q=a")]
)
def test_405_says_which_methods_are_allowed(client: FlaskClient, method: str, path: str) -> None:
    # RFC 9110, 15.5.6: a 405 MUST carry an Allow header listing the target's methods.
    response = getattr(client, method)(path)
    assert_error(response, 405)
    allowed = {name.strip() for name in response.headers["Allow"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}


def test_the_viewer_days_date_is_documented_as_a_date(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    parameters = spec["paths"]["/viewers/{login}/day/{date}"]["get"]["parameters"]
    date = next(parameter for parameter in parameters if parameter["name"] == "date")
    assert date["schema"] == {"type": "string", "format": "date"}


def test_a_database_timeout_is_a_503_saying_to_retry(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.graph import reads
    from backend.graph.store import QueryTimeoutError

    def too_slow(*_args: object) -> int:
        raise QueryTimeoutError(5, "MATCH (n) RETURN count(n)")

    monkeypatch.setattr(reads, "count_nodes", too_slow)
    response = client.get("/nodes")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json() == {
        "error": "the graph database did not answer in time; try again",
        "status": 503,
    }
