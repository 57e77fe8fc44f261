"""Finished answers of graph reads, kept per graph version and served without touching the database.

A read's answer depends only on the graph (and the request), so while ``store.version()`` (one GET on the
embedded backend) says the graph is unchanged, the JSON built once is served again as bytes, already
gzipped for clients that accept it, with a content ETag so that a browser's revalidation is a 304.

An answer is built after its version is read, so it is never older than the version it is kept under: a
write in between makes it newer, and the next request, seeing the new version, builds it again. A write
bumps the version before it returns, so an answer reflects every write finished before its request.

``AnswerFront`` serves such an answer before Flask builds a request at all (a fifth of the CPU time of
the decorated view's own cache hit here, which is what bounds the throughput and the p99 of a 2-core
server); a miss, or anything else, goes on to Flask.
"""

import functools
import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.http import parse_accept_header, parse_etags

from backend.db import EXTENSION as STORE_EXTENSION
from backend.db import get_store
from backend.headers import RESPONSE_HEADERS

EXTENSION = "twitchgraph.responses"
MIN_GZIP_BYTES = 1024  # below this, gzip's header and the CPU cost more than they save
GZIP_LEVEL = 6
MAX_ENTRIES = 4096
MAX_BYTES = 64 * 1024 * 1024  # per process; a route keyed by login cannot grow the cache without bound
# Browsers keep the answer but ask again every time (with If-None-Match): a changed graph shows at once.
CACHE_CONTROL = "no-cache"
JSON = "application/json"

View = Callable[..., Any]


@dataclass(frozen=True)
class Answer:
    """One finished 200 answer: its body, gzipped body (None when too small to gain), ETag, and whether
    its version is the graph's alone (then ``AnswerFront`` may serve it)."""

    version: str
    body: bytes
    gzipped: bytes | None
    etag: str
    graph_version: bool = False

    @classmethod
    def of(cls, version: str, body: bytes, *, graph_version: bool = False) -> "Answer":
        gzipped = gzip.compress(body, GZIP_LEVEL, mtime=0) if len(body) >= MIN_GZIP_BYTES else None
        etag = hashlib.blake2b(body, digest_size=16).hexdigest()
        return cls(version, body, gzipped, etag, graph_version)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


class AnswerCache:
    """Answers by request key, least recently used first out, bounded in count and bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._lock = threading.Lock()
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._bytes = 0
        self._max_entries = max_entries
        self._max_bytes = max_bytes

    def get(self, key: str, version: str) -> Answer | None:
        answer = self.peek(key)
        return answer if answer is not None and answer.version == version else None

    def peek(self, key: str) -> Answer | None:
        """The answer kept for ``key``, whatever its version."""
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: str, answer: Answer) -> None:
        with self._lock:
            old = self._answers.pop(key, None)
            self._bytes += answer.size - (old.size if old else 0)
            self._answers[key] = answer
            while self._answers and (len(self._answers) > self._max_entries or self._bytes > self._max_bytes):
                _key, dropped = self._answers.popitem(last=False)
                self._bytes -= dropped.size

    def __len__(self) -> int:
        return len(self._answers)


class Negotiated:
    """An answer as one request wants it: status, headers (security headers included) and body."""

    def __init__(self, answer: Answer, if_none_match: str | None, accept_encoding: str | None) -> None:
        self.headers = {"ETag": f'"{answer.etag}"', "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
        if if_none_match and parse_etags(if_none_match).contains(answer.etag):
            self.status, self.body = 304, b""
            return
        self.status = 200
        self.headers["Content-Type"] = JSON
        if answer.gzipped is not None and accept_encoding and _accepts_gzip(accept_encoding):
            self.headers["Content-Encoding"] = "gzip"
            self.body = answer.gzipped
        else:
            self.body = answer.body


class AnswerFront:
    """WSGI middleware before Flask: a GET whose answer is kept at the graph's current version gets it
    here, with the same headers (security headers included) and 304s as through Flask."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self._extensions = app.extensions  # looked up per request: a test may swap the cache
        self._next = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET":
            answer = self._extensions[EXTENSION].peek(key_of(environ))
            if answer is not None and answer.graph_version and self._graph_version() == answer.version:
                negotiated = Negotiated(
                    answer, environ.get("HTTP_IF_NONE_MATCH"), environ.get("HTTP_ACCEPT_ENCODING")
                )
                headers = {**negotiated.headers, **RESPONSE_HEADERS}
                if negotiated.status == 200:
                    headers["Content-Length"] = str(len(negotiated.body))
                start_response(
                    "200 OK" if negotiated.status == 200 else "304 Not Modified", list(headers.items())
                )
                return [negotiated.body]
        return self._next(environ, start_response)

    def _graph_version(self) -> str | None:
        try:
            return self._extensions[STORE_EXTENSION].get().version()
        except Exception:  # the database is away: Flask's own path answers with the error
            return None


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = AnswerCache()
    app.after_request(revalidated_and_compressed)
    app.wsgi_app = AnswerFront(app, app.wsgi_app)  # type: ignore[method-assign]


def key_of(environ: dict[str, Any]) -> str:
    """The cache key of a request: its path and query string, as the WSGI server passed them."""
    return f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"


def graph_version() -> str:
    return get_store().version()


def cached(version_of: Callable[[], str] | None = None) -> Callable[[View], View]:
    """Serve the view's 200 answers from the cache while the graph's version holds; a view whose answer
    also depends on something else (a score computation) names a ``version_of`` that covers both, and
    is then served through Flask only. Other answers (errors) are never kept."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def serve(*args: Any, **kwargs: Any) -> Response:
            answers: AnswerCache = current_app.extensions[EXTENSION]
            version = (version_of or graph_version)()
            key = key_of(request.environ)
            answer = answers.get(key, version)
            if answer is None:
                built = current_app.make_response(view(*args, **kwargs))
                if built.status_code != 200 or built.mimetype != JSON:
                    return built
                answer = Answer.of(version, built.get_data(), graph_version=version_of is None)
                answers.put(key, answer)
            return respond(answer)

        return serve

    return decorate


def revalidated_and_compressed(response: Response) -> Response:
    """Every other JSON answer of a GET gets the same treatment, built per request: an ETag (a 304 when
    it matches) and gzip when accepted. Streams (/events) and files pass untouched."""
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.mimetype != JSON
        or response.is_streamed
        or response.direct_passthrough
        or "ETag" in response.headers  # a cached answer: done already
    ):
        return response
    return respond(Answer.of("", response.get_data()), response)


def respond(answer: Answer, response: Response | None = None) -> Response:
    """The answer as this request wants it, written into ``response`` (a view's own, keeping its
    headers) or a new one; a 304 is always a new one."""
    negotiated = Negotiated(
        answer, request.headers.get("If-None-Match"), request.headers.get("Accept-Encoding")
    )
    if negotiated.status == 304:
        return Response(status=304, headers=negotiated.headers)
    response = response or Response()
    response.headers.update(negotiated.headers)
    response.set_data(negotiated.body)
    return response


def _accepts_gzip(accept_encoding: str) -> bool:
    return parse_accept_header(accept_encoding).quality("gzip") > 0
