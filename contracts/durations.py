"""Durations as the command line reads them and the sample format writes them: ``30s``, ``5m``, ``1h``."""

import re

__all__ = ["DURATION_UNITS", "format_duration", "parse_duration"]

DURATION_UNITS = {"h": 3600, "m": 60, "s": 1}
_DURATION_RE = re.compile(r"(\d+)([hms])")


def parse_duration(text: str) -> int:
    """Seconds in ``30s``, ``5m``, ``1h`` or combinations like ``1h30m``; a bare number is seconds.

    :raise ValueError: for anything else, or a duration of zero.
    """
    text = text.strip().lower()
    if text.isdigit():
        seconds = int(text)
    else:
        parts = _DURATION_RE.findall(text)
        if not parts or "".join(n + u for n, u in parts) != text:
            raise ValueError(f"{text!r} is not a duration like 30s, 5m or 1h")
        seconds = sum(int(n) * DURATION_UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r}: a duration must be longer than zero")
    return seconds


def format_duration(seconds: float) -> str:
    """``30s``, ``5m``, ``1h``, ``1h30m``: whole seconds in the largest units that divide them."""
    rest = round(seconds)
    if rest <= 0:
        return "0s"
    parts = []
    for unit, size in DURATION_UNITS.items():
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return "".join(parts)
