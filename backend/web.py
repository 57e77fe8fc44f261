"""The browser explorer: the built single-page app (``FRONTEND_DIST``, frontend/dist) served next to the API.

``/`` is the app's index.html. Other paths the API does not own are files of the build (``/assets/...``),
or, for a browser asking for a page, index.html again, so that a client-side route reloads. Everything
else keeps the API's JSON 404, so ``curl /no-such-route`` still gets JSON.
"""

from pathlib import Path

from flask import Blueprint, Flask, Response, request, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from backend.db import get_settings
from backend.errors import error_response

bp = Blueprint("web", __name__)

INDEX = "index.html"
# Vite names the files under assets/ after their content, so they never change: cache them for a year.
IMMUTABLE_DIR = "assets/"
ONE_YEAR_S = 365 * 24 * 3600
NOT_BUILT = (
    "The browser explorer is not built: run `make setup` (or `npm ci && npm run build` in frontend/), "
    "then reload. The API answers meanwhile; /openapi.json lists its routes."
)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/")
def index() -> Response | tuple[Response, int]:
    """The explorer's page (HTML); 503 with a message saying how to build it when it is not built."""
    return _index()


@bp.get("/<path:path>")
def asset_or_page(path: str) -> Response | tuple[Response, int]:
    """A file of the build, or the explorer's page for a browser's client-side route; else JSON 404."""
    dist = _dist()
    if _is_file(safe_join(str(dist), path)):
        max_age = ONE_YEAR_S if path.startswith(IMMUTABLE_DIR) else 0
        response = send_from_directory(dist, path, max_age=max_age)
        if max_age:
            response.cache_control.immutable = True
        return response
    if _wants_page(path):
        return _index()
    raise NotFound()


def _index() -> Response | tuple[Response, int]:
    dist = _dist()
    if not (dist / INDEX).is_file():
        if _prefers_html():
            page = (
                "<!doctype html><html lang=en><meta charset=utf-8>"
                "<title>twitchgraph: explorer not built</title>"
                f"<h1>twitchgraph</h1><p>{NOT_BUILT.replace('`', '')}</p></html>"
            )
            return Response(page, status=503, mimetype="text/html")
        return error_response(NOT_BUILT, 503)
    response = send_from_directory(dist, INDEX, max_age=0)
    response.cache_control.no_cache = True  # the security headers come from backend/headers.py
    return response


def _is_file(target: str | None) -> bool:
    """Whether ``target`` (None: outside the build) is a file; a name too long for the file system
    (ENAMETOOLONG, 256 bytes or more on Linux) is no file of the build either, not a 500."""
    if target is None:
        return False
    try:
        return Path(target).is_file()
    except OSError:
        return False


def _dist() -> Path:
    return get_settings().frontend_dist.resolve()


def _prefers_html() -> bool:
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "text/html" and accept["text/html"] > 0


def _wants_page(path: str) -> bool:
    # A missing file (a name with an extension) stays a 404, or a broken script tag would get HTML.
    return _prefers_html() and "." not in path.rsplit("/", 1)[-1]
