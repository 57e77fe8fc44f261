"""The REST API: one blueprint per resource, all JSON."""

from flask import Flask

from backend.api import counts, explorer, influence, openapi, profiles, rankings, streamers

BLUEPRINTS = (counts.bp, rankings.bp, streamers.bp, influence.bp, explorer.bp, profiles.bp, openapi.bp)


def init_app(app: Flask) -> None:
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
