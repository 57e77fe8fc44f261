"""Parsing of path and query parameters; a bad value is a 400 that says which and why."""

import re

from flask import request

from backend.errors import ApiError

MAX_N = 1000
_WHOLE = re.compile(r"[0-9]{1,7}")
NUL = "\x00"


def parse_count(text: str | None, what: str, default: int | None = None, *, high: int = MAX_N) -> int:
    """A whole number from 1 to ``high`` (MAX_N), else ApiError(400) naming ``what``."""
    if text is None and default is not None:
        return default
    if text is None or not _WHOLE.fullmatch(text) or not 1 <= int(text) <= high:
        raise ApiError(f"{what} must be a whole number from 1 to {high}, got {text!r}", 400)
    return int(text)


def reject_nul_bytes() -> None:
    """Before every request: ApiError(400) naming the first path or query parameter that holds a NUL byte.

    No login, name, date or search text has one, and FalkorDB cannot take one in a query parameter (it
    answers "Failed to parse query parameter", a 500), nor the file system in a file name: one check here
    keeps every string parameter of every route, present and future, out of both.
    """
    path = (request.view_args or {}).items()
    query = request.args.items(multi=True)  # every value of a repeated parameter, not only the first
    for where, pairs in (("path", path), ("query", query)):
        for name, value in pairs:
            if isinstance(value, str) and NUL in value:
                raise ApiError(f"the {where} parameter {name!r} must not contain a NUL byte (%00)", 400)


def parse_flag(name: str) -> bool:
    """A query flag: 1 or true, 0 or false (the default when absent), else ApiError(400) naming it."""
    value = request.args.get(name, "0")
    if value not in ("0", "1", "true", "false"):
        raise ApiError(f"{name} must be 1 or 0, got {value!r}", 400)
    return value in ("1", "true")
