"""Shared audiences: a channel's channels in common, the atlas of communities, one community.

For channels A and B, audience(A) is the distinct users seen chatting in A (``source=chatters``) or the
viewers seen in A in the last ``days`` processed days of viewer profiling (``source=watched``);
shared = |A n B|, jaccard = shared / |A u B|, share = shared / |A| (Twitch's "in common" percentage),
lift = shared * N / (|A| |B|), N the audience of all channels together. Bots are left out unless
``include_bots=1``. Every answer says the graph ``version`` it was computed for, when
(``computed_at``), and ``stale`` while the default atlas is being recomputed after a change.
"""

import re
from typing import Any

from flask import Blueprint, Response, jsonify, request

from backend.api.caching import cached
from backend.api.params import parse_flag
from backend.atlas.cache import Kept, Source
from backend.atlas.maps import METRICS, WEIGHTS, AtlasMap, AtlasOptions
from backend.db import get_atlas, get_scores, get_store
from backend.errors import ApiError

bp = Blueprint("atlas", __name__)

SOURCES = ("chatters", "watched")
MAX_DAYS = 90
DEFAULT_DAYS = 7
MAX_CHANNELS = 5000  # an atlas's limit
MAX_CARD_ROWS = 1000
_WHOLE = re.compile(r"[0-9]{1,9}")


def _atlas_version() -> str:
    """Answers change with the graph and with every computation kept (a stale one replaced)."""
    return f"{get_store().version()}|{get_atlas().generation}"


@bp.get("/overlap/<streamer>")
@cached(_atlas_version)
def overlap(streamer: str) -> Response:
    """The channels sharing the most viewers with ``streamer`` (login or display name, any case)."""
    limit = _whole("limit", 10, 1, MAX_CARD_ROWS)
    metric = _choice("metric", METRICS, "shared")
    kept = get_atlas().overlap(get_store(), _source())
    index = kept.value
    channel = index.audiences.channels.index_of(streamer)
    if channel is None:
        raise ApiError(f"no streamer has the login or display name {streamer!r}", 404)
    return jsonify(
        {
            "streamer": index.audiences.channels.logins[channel],
            "audience": int(index.overlap.audience[channel]),
            "metric": metric,
            "channels": index.channels_in_common(channel, metric, limit),
            **_when(kept),
        }
    )


@bp.get("/atlas")
@cached(_atlas_version)
def atlas() -> Response:
    """The map: the biggest channels, their links from min_shared shared viewers, their communities."""
    kept = _kept_atlas()
    return jsonify({**kept.value.answer(), **_when(kept)})


@bp.get("/communities/<community>")
@cached(_atlas_version)
def community(community: str) -> Response:
    """One community of the atlas asked with the same parameters: its channels, games, languages and
    the channels that bridge it to others."""
    kept = _kept_atlas()
    number = int(community) if _WHOLE.fullmatch(community) else -1
    if not 0 <= number < kept.value.community_count:
        raise ApiError(
            f"no community {community!r} in this atlas: ids go from 0 to {kept.value.community_count - 1}",
            404,
        )
    return jsonify({**kept.value.community(number), **_when(kept)})


def _kept_atlas() -> Kept[AtlasMap]:
    options = AtlasOptions(
        limit=_whole("limit", AtlasOptions.limit, 1, MAX_CHANNELS),
        min_shared=_whole("min_shared", None, 1, 10**9),
        weight=_choice("weight", WEIGHTS, "shared"),
    )
    source = _source()
    get_scores().start()  # the background job keeps the default atlas current
    return get_atlas().atlas(get_store(), source, options, stale_ok=(source, options) == _DEFAULT)


_DEFAULT = (Source(), AtlasOptions())


def _source() -> Source:
    """chatters, or watched over the last ``days`` processed days (``days`` is ignored for chatters)."""
    kind = _choice("source", SOURCES, "chatters")
    days = _whole("days", DEFAULT_DAYS, 1, MAX_DAYS) if kind == "watched" else None
    return Source(kind, days, parse_flag("include_bots"))


def _when(kept: Kept[Any]) -> dict[str, Any]:
    return {"version": kept.version, "computed_at": kept.computed_at, "stale": kept.stale}


def _whole(name: str, default: int | None, low: int, high: int) -> Any:
    text = request.args.get(name)
    if text is None:
        return default
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise ApiError(f"{name} must be a whole number from {low} to {high}, got {text!r}", 400)
    return int(text)


def _choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, default)
    if value not in choices:
        raise ApiError(f"{name} must be one of {', '.join(choices)}, got {value!r}", 400)
    return value
