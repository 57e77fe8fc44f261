"""Parsing of path and query parameters; a bad value is a 400 that says which and why."""

import re

from backend.errors import ApiError

MAX_N = 1000
_WHOLE = re.compile(r"[0-9]{1,7}")


def parse_count(text: str | None, what: str, default: int | None = None) -> int:
    """A whole number from 1 to MAX_N, else ApiError(400) naming ``what``."""
    if text is None and default is not None:
        return default
    if text is None or not _WHOLE.fullmatch(text) or not 1 <= int(text) <= MAX_N:
        raise ApiError(f"{what} must be a whole number from 1 to {MAX_N}, got {text!r}", 400)
    return int(text)
