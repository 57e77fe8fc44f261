"""PageRank and betweenness centrality of users and streamers (MAGE's definitions, whole graph).

Beside MAGE's fields each row says whether it is a ``streamer`` (else a user who does not stream), its
position and its position at the previous recompute (null when it was not ranked then, or there was none),
and the answer says which graph version it was computed for, when, when the previous recompute was (null:
none), whether the graph has changed since (``stale``: the new scores are being computed in the
background) and how they were obtained (``exact``; for sampled betweenness the bound ``epsilon`` with
probability ``1 - delta`` and the number of ``samples``).
"""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request

from backend.api.caching import cached
from backend.api.params import parse_count
from backend.db import get_scores, get_settings, get_store
from backend.scores.whole_graph import ranked_nodes

bp = Blueprint("influence", __name__)


def _scores_version(measure: str) -> Callable[[], str]:
    """The answer changes with the graph (stale or not) and with each new computation."""

    def version() -> str:
        latest = get_scores().cache.latest(measure)
        return f"{get_store().version()}|{latest.computed_at if latest else ''}"

    return version


@bp.get("/page-rank")
@cached(_scores_version("pagerank"))
def page_rank() -> Response:
    """Top users and streamers by PageRank; ?limit= (default 50, at most 1000)."""
    return jsonify(_ranked("pagerank", "page_rank", "rank"))


@bp.get("/betweenness-centrality")
@cached(_scores_version("betweenness_centrality"))
def betweenness() -> Response:
    """Top users and streamers by betweenness centrality; ?limit= (default 50, at most 1000)."""
    return jsonify(_ranked("betweenness_centrality", "bc", "betweenness_centrality"))


def _ranked(measure: str, list_key: str, score_key: str) -> dict[str, Any]:
    limit = parse_count(request.args.get("limit"), "limit", get_settings().api_default_limit)
    store = get_store()
    served = get_scores().served(measure)
    computation = served.computation
    top = computation.top(limit)
    nodes = ranked_nodes(store, [row.node_id for row in top])
    rows = []
    for row in top:
        name, streamer = nodes.get(row.node_id, ("", False))
        rows.append(
            {
                "name": name,
                "streamer": streamer,
                score_key: row.score,
                "position": row.position,
                "previous_position": row.previous_position,
            }
        )
    return {
        list_key: rows,
        "version": computation.version,
        "computed_at": computation.computed_at,
        "previous_computed_at": computation.previous_computed_at,
        "stale": served.stale,
        **computation.method,
    }
