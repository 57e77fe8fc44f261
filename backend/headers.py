"""Security headers on every response, API and pages alike.

One policy for all: whatever path a browser takes to a response (``/``, ``/index.html``, a client-side
route, a file of the build, a JSON answer or error), it is framed by no other site, never content-sniffed
into something else, and the page's URL, which holds the explorer's state, is sent to no one.
"""

from flask import Flask, Response

# The page loads only its own scripts and styles and calls only this origin; JSON needs even less.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Every response of the app: the security headers, and a Server header naming the app, not the server
# software and its version (nginx says that with server_tokens off instead).
RESPONSE_HEADERS = {**SECURITY_HEADERS, "Server": "twitchgraph"}


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Flask runs this after every view and error handler, 404, 405 and 500 included."""
    for name, value in RESPONSE_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
