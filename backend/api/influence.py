"""PageRank and betweenness centrality of users and streamers (MAGE's definitions, whole graph).

Beside MAGE's fields each row says its position and its position at the previous recompute (null when it
was not ranked then, or there was none), and the answer says which graph version it was computed for, when,
and when the previous recompute was (null: none).
"""

from typing import Any

from flask import Blueprint, Response, jsonify, request

from backend.api.params import parse_count
from backend.db import get_scores, get_settings, get_store
from backend.scores.whole_graph import names_of

bp = Blueprint("influence", __name__)


@bp.get("/page-rank")
def page_rank() -> Response:
    """Top users and streamers by PageRank; ?limit= (default 50, at most 1000)."""
    return jsonify(_ranked("pagerank", "page_rank", "rank"))


@bp.get("/betweenness-centrality")
def betweenness() -> Response:
    """Top users and streamers by betweenness centrality; ?limit= (default 50, at most 1000)."""
    return jsonify(_ranked("betweenness_centrality", "bc", "betweenness_centrality"))


def _ranked(measure: str, list_key: str, score_key: str) -> dict[str, Any]:
    limit = parse_count(request.args.get("limit"), "limit", get_settings().api_default_limit)
    store = get_store()
    computation = get_scores().computation(store, measure)
    top = computation.top(limit)
    names = names_of(store, [row.node_id for row in top])
    rows = [
        {
            "name": names.get(row.node_id, ""),
            score_key: row.score,
            "position": row.position,
            "previous_position": row.previous_position,
        }
        for row in top
    ]
    return {
        list_key: rows,
        "version": computation.version,
        "computed_at": computation.computed_at,
        "previous_computed_at": computation.previous_computed_at,
    }
