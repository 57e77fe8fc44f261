"""/openapi.json documents every route the app serves."""

import re

from flask import Flask
from flask.testing import FlaskClient


def test_every_route_is_documented(tiny_app: Flask, client: FlaskClient) -> None:
    documented = set(client.get("/openapi.json").get_json()["paths"])
    served = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in tiny_app.url_map.iter_rules()
        if rule.endpoint != "static"
    }
    assert served == documented


def test_document_is_openapi_3_with_error_schema(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["paths"]["/top-games/{n}"]["get"]["responses"]["400"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/Error"}
    assert "404" in spec["paths"]["/streamer/{name}"]["get"]["responses"]
