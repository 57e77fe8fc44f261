"""PageRank and betweenness centrality of users and streamers (MAGE's definitions, whole graph)."""

from flask import Blueprint, Response, jsonify, request

from backend.api.params import parse_count
from backend.db import get_scores, get_settings, get_store
from backend.scores.whole_graph import names_of

bp = Blueprint("influence", __name__)


@bp.get("/page-rank")
def page_rank() -> Response:
    """Top users and streamers by PageRank; ?limit= (default 50, at most 1000)."""
    return jsonify({"page_rank": [{"name": name, "rank": score} for name, score in _top("pagerank")]})


@bp.get("/betweenness-centrality")
def betweenness() -> Response:
    """Top users and streamers by betweenness centrality; ?limit= (default 50, at most 1000)."""
    rows = _top("betweenness_centrality")
    return jsonify({"bc": [{"name": name, "betweenness_centrality": score} for name, score in rows]})


def _top(measure: str) -> list[tuple[str, float]]:
    limit = parse_count(request.args.get("limit"), "limit", get_settings().api_default_limit)
    store = get_store()
    top = get_scores().ranking(store, measure).top(limit)
    names = names_of(store, [node for node, _ in top])
    return [(names.get(node, ""), score) for node, score in top]
