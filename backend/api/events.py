"""/events (Server-Sent Events: the graph's counts, the stream's status, arriving chatters) and
/stream/status.

An open stream holds one of the server's worker threads for its whole life, so streams are capped
(``EVENTS_MAX_CONNECTIONS``: one more is answered 503; ``twitchgraph serve`` runs that many threads more
than the API's own), each ends after ``EVENTS_MAX_S`` (the browser reconnects by itself), and a client
that went away is noticed at the next write (a heartbeat at most ``EVENTS_HEARTBEAT_S`` later), which
ends the stream and frees its thread and its slot.
"""

from collections.abc import Iterator

from flask import Blueprint, Flask, Response, current_app, jsonify

from backend.db import EXTENSION, get_settings
from backend.errors import error_response
from backend.live import EventHub, Subscription, event_lines

bp = Blueprint("events", __name__)

HUB = "twitchgraph.live"
RETRY_AFTER_S = 5


def init_app(app: Flask) -> None:
    holder = app.extensions[EXTENSION]
    app.extensions[HUB] = EventHub(holder.get, holder.settings.events_poll_ms / 1000)


def hub_of(app: Flask) -> EventHub:
    """The app's live events: where an in-process consumer attaches its status and publishes chatters."""
    return app.extensions[HUB]


@bp.get("/events")
def events() -> Response | tuple[Response, int]:
    """Server-Sent Events: ``counts`` when the graph changes, ``stream`` and ``chatters`` from a
    consumer running in this process, a heartbeat comment when idle; 503 when too many are open."""
    settings = get_settings()
    subscription = hub_of(current_app).subscribe(settings.events_max_connections)
    if subscription is None:
        response, status = error_response(
            f"too many open event streams ({settings.events_max_connections}); try again later", 503
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response, status
    body = _Stream(hub_of(current_app), subscription, settings.events_max_s, settings.events_heartbeat_s)
    response = Response(body, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # nginx in front: pass each event on at once
    return response


@bp.get("/stream/status")
def stream_status() -> Response:
    """Where the live stream stands in this process: source, counts, rate, lag, last error."""
    return jsonify(hub_of(current_app).stream_status())


class _Stream:
    """The response body: its slot is given back when the server closes it, even if never iterated
    (a generator's ``finally`` would not run then)."""

    def __init__(self, hub: EventHub, subscription: Subscription, max_s: float, heartbeat_s: float) -> None:
        self._hub = hub
        self._subscription = subscription
        self._lines = event_lines(subscription, max_s, heartbeat_s)

    def __iter__(self) -> Iterator[bytes]:
        for line in self._lines:
            yield line.encode()

    def close(self) -> None:
        self._lines.close()
        self._hub.unsubscribe(self._subscription)
