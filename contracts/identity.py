"""Viewer identity: how a login is stored and recognised, pseudonymised or not.

- Identity is the Twitch login, case-insensitive: stored lowercased.
- With a pseudonymisation key, a viewer's login is stored as ``p_`` and 22 hex digits of
  HMAC-SHA256(key, lowercased login): a valid login itself, so nothing downstream needs to know.
- The do-not-track list holds HMAC-SHA256(privacy key, lowercased login), never a login.
"""

import hashlib
import hmac
import re

__all__ = [
    "KNOWN_BOTS",
    "LOGIN_RE",
    "PSEUDONYM_PREFIX",
    "do_not_track_hash",
    "identity",
    "is_login",
    "is_pseudonym",
    "pseudonym",
    "stored_as",
]

# Twitch logins: 1-25 letters, digits or underscores (Twitch's own rule; ASCII only).
LOGIN_RE = re.compile(r"[A-Za-z0-9_]{1,25}")
PSEUDONYM_PREFIX = "p_"
PSEUDONYM_HEX = 22  # 88 bits: no collision in any plausible audience, and 24 characters, a valid login
# Known chat bots: service accounts that sit in many channels' chats, left out of profiles and
# audiences alike. Lowercase logins.
KNOWN_BOTS = frozenset(
    {
        "nightbot",
        "streamelements",
        "moobot",
        "fossabot",
        "streamlabs",
        "soundalerts",
        "wizebot",
        "sery_bot",
        "kofistreambot",
        "botrixoficial",
        "commanderroot",
        "anotherttvviewer",
        "lurxx",
        "streamholics",
        "own3d",
        "pokemoncommunitygame",
        "blerp",
        "tangiabot",
        "creatisbot",
        "ssakdook",
    }
)


def is_login(text: object) -> bool:
    """Whether ``text`` is a Twitch login (any case)."""
    return isinstance(text, str) and LOGIN_RE.fullmatch(text) is not None


def pseudonym(login: str, key: str) -> str:
    """The pseudonym of ``login`` under ``key``: ``p_`` and 22 hex digits of HMAC-SHA256(lowercased login).

    >>> pseudonym("Alice", "k") == pseudonym("alice", "k")
    True
    """
    digest = hmac.new(key.encode(), login.lower().encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX]


def identity(login: str, key: str) -> str:
    """How ``login`` is stored: its pseudonym when a key is set, else the lowercased login."""
    return pseudonym(login, key) if key else login.lower()


def is_pseudonym(text: str) -> bool:
    rest = text.removeprefix(PSEUDONYM_PREFIX)
    return (
        text.startswith(PSEUDONYM_PREFIX)
        and len(rest) == PSEUDONYM_HEX
        and all(c in "0123456789abcdef" for c in rest)
    )


def stored_as(name: str, key: str) -> str:
    """How the person ``name`` designates is stored: ``name`` is a login, or a pseudonym as stored."""
    name = name.lower()
    return name if is_pseudonym(name) else identity(name, key)


def do_not_track_hash(login: str, key: bytes) -> str:
    """The do-not-track list's entry for ``login`` under the privacy key."""
    return hmac.new(key, login.lower().encode(), hashlib.sha256).hexdigest()
