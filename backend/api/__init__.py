"""The REST API: one blueprint per resource, all JSON."""

from flask import Flask

from backend.api import (
    atlas,
    caching,
    counts,
    events,
    explorer,
    influence,
    openapi,
    profiles,
    rankings,
    streamers,
)

BLUEPRINTS = (
    counts.bp,
    events.bp,
    rankings.bp,
    streamers.bp,
    influence.bp,
    atlas.bp,
    explorer.bp,
    profiles.bp,
    openapi.bp,
)


def init_app(app: Flask) -> None:
    caching.init_app(app)
    events.init_app(app)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
