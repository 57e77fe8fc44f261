"""One JSON error shape for every failure: {"error": "...", "status": N}; never an empty 500."""

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from backend.graph.store import QueryTimeoutError, StoreUnavailableError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An answer for the client: raise it from a view with the status that fits."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def error_response(message: str, status: int) -> tuple[Response, int]:
    return jsonify({"error": message, "status": status}), status


def init_app(app: Flask) -> None:
    """Register the handlers that turn every exception into the JSON error shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> tuple[Response, int]:
        response, status = error_response(exc.message, exc.status)
        if status == 401:  # RFC 6750: say which scheme the route wants
            response.headers["WWW-Authenticate"] = 'Bearer realm="twitchgraph"'
        return response, status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Response, int]:
        response, status = error_response(exc.description or exc.name, exc.code or 500)
        # Keep the headers the status needs: Allow on a 405 (RFC 9110), WWW-Authenticate, Retry-After.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response, status

    @app.errorhandler(StoreUnavailableError)
    def _unavailable(exc: StoreUnavailableError) -> tuple[Response, int]:
        log.warning("graph database unavailable: %s", exc)
        return error_response(f"the graph database is unavailable: {exc}", 503)

    @app.errorhandler(QueryTimeoutError)
    def _timeout(exc: QueryTimeoutError) -> tuple[Response, int]:
        log.warning("graph database too slow: %s", exc)
        response, status = error_response("the graph database did not answer in time; try again", 503)
        response.headers["Retry-After"] = "5"
        return response, status

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("unexpected error")
        return error_response("internal error; the server log has the details", 500)
