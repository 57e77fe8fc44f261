"""Viewer profiles and the day pipeline: /viewers/<login>[/day/<date>], /viewers?prefix=, /operator/check
(operator only), /pipeline/*.

Viewer-level answers are personal data: they need ``Authorization: Bearer <OPERATOR_TOKEN>``, compared in
constant time, and answer 403 while no token is configured. The pipeline's aggregates are public.
"""

import hmac
import re
from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from backend.api.params import parse_count
from backend.db import get_settings, get_store
from backend.errors import ApiError
from backend.files.profile_folder import profile_dir
from backend.profiles import reads
from contracts.days import parse_day
from contracts.identity import identity, is_pseudonym

bp = Blueprint("profiles", __name__)

# Twitch logins are 1 to 25 letters, digits and underscores; pseudonyms fit too. Anything else is no one.
_LOGIN = re.compile(r"[A-Za-z0-9_]{1,25}")


MAX_LOGINS = 50  # an autocomplete's list, not an export of who is profiled
DEFAULT_LOGINS = 10


@bp.get("/operator/check")
def operator_check() -> Response:
    """Whether the bearer token is the operator's: 200 when it is, as the sign-in box asks before
    keeping it (operator only).

    :raise 401: no or a wrong bearer token. :raise 403: no operator token configured.
    """
    _require_operator()
    return jsonify({"operator": True})


@bp.get("/viewers")
def viewer_logins() -> Response:
    """The logins with a profile that start with ``prefix`` (any case), in order, at most ``limit``
    (operator only): the viewer page's autocomplete.

    :raise 400: no prefix, or one no login starts with; a bad limit. :raise 401, 403: as /viewers/<login>.
    """
    _require_operator()
    prefix = request.args.get("prefix", "")
    if not _LOGIN.fullmatch(prefix):
        raise ApiError(
            f"prefix must be 1 to 25 letters, digits or underscores (the start of a login), got {prefix!r}",
            400,
        )
    limit = parse_count(request.args.get("limit"), "limit", DEFAULT_LOGINS, high=MAX_LOGINS)
    return jsonify({"logins": reads.profiled_logins(get_store(), prefix.lower(), limit)})


@bp.get("/viewers/<login>")
def viewer(login: str) -> Response:
    """Everything the viewer page shows, as of the last processed day (operator only).

    :raise 401: no or a wrong bearer token. :raise 403: no operator token configured.
    :raise 404: no profile for that viewer.
    """
    _require_operator()
    stored = _stored_login(login)
    view = reads.profile_view(get_store(), _profile_dir(), stored) if stored else None
    if view is None:
        raise ApiError(f"no profile for the viewer {login!r}", 404)
    # Its days, hours and schedules are in the server's time zone: the page names it.
    return jsonify({**view, "timezone": get_settings().timezone})


@bp.get("/viewers/<login>/day/<date>")
def viewer_day(login: str, date: str) -> Response:
    """One viewer's windows of one day, ascending (operator only).

    :raise 400: a date that is not YYYY-MM-DD. :raise 401, 403: as /viewers/<login>.
    :raise 404: no record of that viewer on that day.
    """
    _require_operator()
    try:
        day = parse_day(date)
    except ValueError as exc:
        raise ApiError(str(exc), 400) from None
    stored = _stored_login(login)
    windows = reads.viewer_day(_profile_dir(), stored, day.isoformat()) if stored else []
    if not windows:
        raise ApiError(f"no record of the viewer {login!r} on {day}", 404)
    for window in windows:
        window["minutes"] = round(window["minutes"])
    return jsonify({"login": stored, "date": day.isoformat(), "windows": windows})


@bp.get("/pipeline/days")
def pipeline_days() -> Response:
    """Each processed day's counts, sanity and stage durations, ascending."""
    return jsonify({"days": reads.pipeline_days(get_store())})


@bp.get("/pipeline/health")
def pipeline_health() -> Response:
    """The database's sanity: the last day's, its viewers and their change, and every day's sanity."""
    return jsonify(reads.pipeline_health(get_store()))


def _require_operator() -> None:
    token = get_settings().operator_token
    if not token:
        raise ApiError("viewer pages are disabled: set TWITCHGRAPH_OPERATOR_TOKEN", 403)
    scheme, _sep, given = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError("a valid operator token is required (Authorization: Bearer <token>)", 401)


def _profile_dir() -> Path:
    settings = get_settings()
    return profile_dir(settings.data_dir, settings.graph_name)


def _stored_login(login: str) -> str | None:
    """How the graph stores this viewer: the pseudonym of a real login when pseudonymisation is on."""
    if not _LOGIN.fullmatch(login):
        return None
    login = login.lower()
    key = get_settings().pseudonymise_key
    return login if (is_pseudonym(login) or not key) else identity(login, key)
