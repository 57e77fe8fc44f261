"""The built explorer served at / next to the API: files, client-side routes, and a missing build."""

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from backend.app import create_app
from backend.config import load_settings

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
INDEX = '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1a2b.js"></script></body>'


def make_app(dist: Path, tmp_path: Path) -> Flask:
    # No route here touches the graph: the data folder only keeps the default ./data out of the repo.
    return create_app({"TESTING": True, "FRONTEND_DIST": str(dist), "TWITCHGRAPH_DATA_DIR": str(tmp_path)})


def get(client: FlaskClient, path: str, headers: dict | None = None) -> TestResponse:
    """The response, read and closed (a served file stays open until its response is closed)."""
    response = client.get(path, headers=headers or {})
    response.get_data()
    response.close()
    return response


@pytest.fixture
def built(tmp_path: Path) -> FlaskClient:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX, encoding="utf-8")
    (dist / "assets" / "app-1a2b.js").write_text("console.log(1)", encoding="utf-8")
    (dist / "favicon.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the build", encoding="utf-8")
    return make_app(dist, tmp_path).test_client()


def test_root_serves_the_built_page(built: FlaskClient) -> None:
    response = get(built, "/", BROWSER)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == INDEX
    assert "no-cache" in response.headers["Cache-Control"]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_root_serves_the_page_whatever_the_client_accepts(built: FlaskClient) -> None:
    assert get(built, "/").get_data(as_text=True) == INDEX


def test_hashed_assets_are_cached_for_a_year(built: FlaskClient) -> None:
    response = get(built, "/assets/app-1a2b.js")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "console.log(1)"
    assert "javascript" in response.mimetype
    assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable


def test_other_files_of_the_build_are_served_uncached(built: FlaskClient) -> None:
    response = get(built, "/favicon.svg")
    assert response.status_code == 200 and response.get_data(as_text=True) == "<svg/>"
    assert response.cache_control.max_age == 0


@pytest.mark.parametrize("path", ["/explorer", "/explorer/alpha", "/some/client/route"])
def test_client_side_routes_fall_back_to_the_page_for_browsers(built: FlaskClient, path: str) -> None:
    response = get(built, path, BROWSER)
    assert response.status_code == 200 and response.get_data(as_text=True) == INDEX


@pytest.mark.parametrize("headers", [{}, {"Accept": "*/*"}, {"Accept": "application/json"}])
def test_unknown_paths_stay_json_404_for_api_clients(built: FlaskClient, headers: dict) -> None:
    response = get(built, "/no-such-route", headers)
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_a_missing_file_is_a_404_even_for_browsers(built: FlaskClient) -> None:
    # A script tag pointing at an old bundle must not get HTML back.
    response = get(built, "/assets/app-old.js", BROWSER)
    assert response.status_code == 404 and response.get_json()["status"] == 404


@pytest.mark.parametrize("path", ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"])
def test_no_file_outside_the_build_is_served(built: FlaskClient, path: str) -> None:
    response = get(built, path)
    assert b"outside the build" not in response.get_data()
    assert response.status_code == 404


def test_api_routes_win_over_the_page(built: FlaskClient) -> None:
    response = get(built, "/openapi.json", BROWSER)
    assert response.status_code == 200 and response.get_json()["openapi"].startswith("3.")
    response = get(built, "/top-games/abc", BROWSER)
    assert response.status_code == 400 and "n must be a whole number" in response.get_json()["error"]


def test_missing_build_says_how_to_build_it_in_html(tmp_path: Path) -> None:
    client = make_app(tmp_path / "no-dist", tmp_path).test_client()
    response = get(client, "/", BROWSER)
    assert response.status_code == 503 and response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "make setup" in text and "Traceback" not in text


def test_missing_build_says_how_to_build_it_in_json(tmp_path: Path) -> None:
    client = make_app(tmp_path / "no-dist", tmp_path).test_client()
    body = get(client, "/").get_json()
    assert body["status"] == 503 and "make setup" in body["error"]
    assert get(client, "/explorer", BROWSER).status_code == 503


def test_default_dist_is_the_repositorys_frontend_build() -> None:
    expected = Path(__file__).resolve().parents[1] / "frontend" / "dist"
    assert load_settings().frontend_dist == expected


def test_dist_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FRONTEND_DIST", str(tmp_path))
    assert load_settings().frontend_dist == tmp_path


LONG_NAME = "a" * 256  # one byte past NAME_MAX (255) on Linux file systems: stat() says ENAMETOOLONG


@pytest.mark.parametrize(
    "path", [f"/{LONG_NAME}", f"/assets/{LONG_NAME}.js", f"/{LONG_NAME}/x", f"/a/{LONG_NAME}"]
)
def test_a_name_too_long_for_the_file_system_is_a_404(built: FlaskClient, path: str) -> None:
    response = get(built, path)
    assert response.status_code == 404 and response.get_json()["status"] == 404


def test_a_name_too_long_for_the_file_system_is_a_client_side_route_for_browsers(built: FlaskClient) -> None:
    # As any other page path without an extension: the explorer's page, whose router says "not found".
    response = get(built, f"/{LONG_NAME}", BROWSER)
    assert response.status_code == 200 and response.get_data(as_text=True) == INDEX


def test_a_nul_byte_in_a_page_path_is_a_400(built: FlaskClient) -> None:
    response = get(built, "/explorer%00", BROWSER)
    assert response.status_code == 400 and "NUL" in response.get_json()["error"]


SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy")


def assert_security_headers(response: TestResponse) -> None:
    headers = response.headers
    assert all(name in headers for name in SECURITY_HEADERS), dict(headers)
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/", BROWSER, 200),
        ("/index.html", BROWSER, 200),  # the same page by its file name
        ("/index.html", {}, 200),
        ("/explorer/alpha", BROWSER, 200),
        ("/assets/app-1a2b.js", {}, 200),
        ("/favicon.svg", {}, 200),
        ("/openapi.json", {}, 200),
        ("/no-such-route", {}, 404),
        ("/assets/app-old.js", BROWSER, 404),
        ("/top-games/abc", {}, 400),
    ],
)
def test_every_response_carries_the_security_headers(
    built: FlaskClient, path: str, headers: dict, status: int
) -> None:
    response = get(built, path, headers)
    assert response.status_code == status
    assert_security_headers(response)


def test_405_and_500_answers_carry_the_security_headers(tmp_path: Path) -> None:
    app = make_app(tmp_path / "no-dist", tmp_path)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    client = app.test_client()
    response = get(client, "/boom")
    assert response.status_code == 500
    assert_security_headers(response)
    response = client.post("/openapi.json")
    assert response.status_code == 405
    assert_security_headers(response)


def test_a_missing_build_answers_with_the_security_headers(tmp_path: Path) -> None:
    client = make_app(tmp_path / "no-dist", tmp_path).test_client()
    for headers in (BROWSER, {}):
        response = get(client, "/", headers)
        assert response.status_code == 503
        assert_security_headers(response)
