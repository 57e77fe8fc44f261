"""Requests generated from /openapi.json, valid and invalid, against the API over tests/fixtures/tiny: no 5xx.

Schemathesis builds one test per documented operation and feeds it the schema's boundary and negative
values (its coverage phase) and random ones (its fuzzing phase). It never puts a NUL byte in a path
parameter and rarely makes a long one, so each generated request is also sent again with every string
parameter replaced by a hostile text (a NUL byte, a name too long for the file system, control characters).
The operator-only routes (/viewers/*) are sent without a token, with the right one and with a wrong one.
Examples are few and derandomised: the module takes seconds and a failure is the same on every run.
"""

from collections.abc import Iterable, Iterator
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import Case

from backend.api.openapi import spec
from tests.conftest import changed_settings

TOKEN = "operator-secret"
EXAMPLES_PER_OPERATION = 25
# What broke the API before (a NUL byte: FalkorDB refuses it; 256 bytes: ENAMETOOLONG from the file
# system) and its kin, inside ordinary text.
HOSTILE_PARTS = ["\x00", "a" * 256, "é" * 128, "\r\n", "\t", "\x7f", "%", "%00", "\\", "'", '"', "..", "*"]
HOSTILE = st.tuples(st.text(max_size=8), st.sampled_from(HOSTILE_PARTS), st.text(max_size=8)).map("".join)

# The document /openapi.json serves (a test below checks), loaded at import: schemathesis's lazy loader
# (schemathesis.pytest.from_fixture) writes pytest's private Node._nodeid, which pytest 9 no longer has.
schema = schemathesis.openapi.from_dict(spec())


@pytest.fixture
def operator_app(tiny_app: Flask, client: FlaskClient) -> Iterator[Flask]:
    """The tiny app (``client`` loads its graph) with an operator token, so /viewers/* go past the 401,
    and event streams that end at once (the body of an /events answer is read to its end)."""
    with changed_settings(tiny_app, operator_token=TOKEN, events_max_s=0):
        yield tiny_app


@schema.parametrize()
@schema.given(hostile=HOSTILE)
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,  # the first request of an operation may open the store
    derandomize=True,
    database=None,  # no failing examples kept between runs: derandomised, each run is the same
    # operator_app is set up once per operation, not per example: the examples only read.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_request_is_a_server_error(case: Case, hostile: str, operator_app: Flask) -> None:
    app = _closing(operator_app)
    hostile_case = _with_strings_replaced(case, hostile)
    for sent in (case, hostile_case) if hostile_case else (case,):
        for headers in _auth_variants(sent):
            response = sent.call(app=app, headers=headers)
            assert response.status_code < 500, (sent.as_curl_command(headers), response.text)


def test_the_fuzzed_document_is_the_served_one(client: FlaskClient) -> None:
    assert client.get("/openapi.json").get_json() == spec()


def _with_strings_replaced(case: Case, text: str) -> Case | None:
    """A copy of ``case`` whose every string path and query parameter is ``text``; None if it has none."""
    quoted = quote(text, safe="")  # path parameters go out as they are, so quoted here
    path = {name: quoted for name, value in case.path_parameters.items() if isinstance(value, str)}
    query = {name: text for name, value in case.query.items() if isinstance(value, str)}
    hostile = case.derive()
    hostile.path_parameters.update(path)
    hostile.query.update(query)
    return hostile if path or query else None


def _auth_variants(case: Case) -> list[dict[str, str]]:
    """Every operation without a token; the operator's routes also with it, and with a wrong one."""
    if not case.operation.path.startswith("/viewers/"):
        return [{}]
    return [{}, {"Authorization": f"Bearer {TOKEN}"}, {"Authorization": "Bearer wrong"}]


def _closing(app: Flask) -> WSGIApplication:
    """``app`` answering with its whole body read and the response closed: schemathesis's WSGI transport
    reads a served file (send_from_directory) but leaves it open, a ResourceWarning, which is an error here.
    """

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi
