"""The Flask application factory."""

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from backend import api, db, errors, headers, web
from backend.api.params import reject_nul_bytes
from backend.config import Settings, load_settings

FLASK_KEYS = ("TESTING",)  # what callers may set in Flask's own config beside the settings


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Settings (given, or defaults, environment, then the overrides ``config``), the graph store, error
    handlers, security headers, the API.

    Nothing connects here: the store opens on the first request, so the app starts while the
    database is still coming up and answers 503 until it does.
    """
    app = Flask(__name__)
    app.json.sort_keys = False  # keep the contract's key order
    app.json.ensure_ascii = False  # display names are often Korean, Japanese, Cyrillic
    overrides = dict(config or {}) if not isinstance(config, Settings) else {}
    app.config.update({key: overrides.pop(key) for key in FLASK_KEYS if key in overrides})
    settings = config if isinstance(config, Settings) else load_settings(overrides)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db.init_app(app, settings)
    errors.init_app(app)
    headers.init_app(app)
    # Before any view, the explorer's included: a NUL byte in a parameter is a 400, not a database error.
    app.before_request(reject_nul_bytes)
    api.init_app(app)
    web.init_app(app)
    return app
