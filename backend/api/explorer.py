"""What the browser's graph explorer needs beyond the demo's routes: neighbourhoods and streamer search."""

from flask import Blueprint, Response, jsonify, request

from backend.api.caching import cached
from backend.api.params import parse_count
from backend.db import get_store
from backend.errors import ApiError
from backend.graph import explorer_reads, reads
from backend.graph.models import RELATIONSHIP_TYPES

bp = Blueprint("explorer", __name__)

# A page of 50 neighbours per relationship keeps a first graph readable and small; the client asks for
# more pages of the groups it wants.
DEFAULT_NEIGHBOURS = 50
DEFAULT_SEARCH_RESULTS = 10
MAX_SEARCH_CHARS = 100


@bp.get("/neighbourhood/<path:node>")
@cached()
def neighbourhood(node: str) -> Response:
    """A node's neighbours grouped by relationship type and direction, each group with its total count
    and one page of nodes (biggest channels first; a channel's chatters by how many other channels they
    chat in, most first); ``?limit=`` per group (default 50), ``?page=`` (from 1), ``?type=`` one
    relationship type only.

    ``node`` is an id the explorer hands out (``Stream:<login>``, ``User:<login>``, ``Game:<name>``,
    ``Language:<code>``, ``Team:<name>``), a streamer's login or display name, or a user's login.

    :raise 400: a limit, page or type out of range.
    :raise 404: no such node.
    """
    limit = parse_count(request.args.get("limit"), "limit", DEFAULT_NEIGHBOURS)
    page = parse_count(request.args.get("page"), "page", 1)
    rel_type = _parse_type(request.args.get("type"))
    store = get_store()
    ref = explorer_reads.parse_node_ref(node)
    if ref is None:
        # A bare key: a streamer's login or display name, else any user's login.
        streamer = reads.find_streamer(store, node)
        ref = explorer_reads.NodeRef(
            "Stream" if streamer else "User", streamer["login"] if streamer else node
        )
    found = explorer_reads.find_node(store, ref)
    if found is None:
        if explorer_reads.parse_node_ref(node) is None:
            raise ApiError(f"no streamer or user has the login or display name {node!r}", 404)
        raise ApiError(f"no {ref.kind} node is called {ref.key!r}", 404)
    return jsonify(explorer_reads.neighbourhood(store, found, limit=limit, page=page, rel_type=rel_type))


@bp.get("/search")
@cached()
def search() -> Response:
    """Streamers whose login or display name contains ``?q=`` (any case), prefix matches first, then
    the biggest channels; ``?limit=`` (default 10).

    :raise 400: an empty or too long ``q``, a bad limit.
    """
    text = (request.args.get("q") or "").strip()
    if not text or len(text) > MAX_SEARCH_CHARS:
        raise ApiError(f"q must be 1 to {MAX_SEARCH_CHARS} characters", 400)
    limit = parse_count(request.args.get("limit"), "limit", DEFAULT_SEARCH_RESULTS)
    return jsonify({"streamers": explorer_reads.search_streamers(get_store(), text, limit)})


def _parse_type(text: str | None) -> str | None:
    if text is None:
        return None
    if text.upper() not in RELATIONSHIP_TYPES:
        raise ApiError(f"type must be one of {', '.join(RELATIONSHIP_TYPES)}, got {text!r}", 400)
    return text.upper()
