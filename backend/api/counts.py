"""/nodes, /edges and /health."""

from flask import Blueprint, Response, jsonify

from backend.api.caching import cached
from backend.db import get_settings, get_store
from backend.graph import reads
from backend.graph.store import StoreError

bp = Blueprint("counts", __name__)


@bp.get("/nodes")
@cached()
def nodes() -> Response:
    """Number of nodes in the graph."""
    return jsonify({"nodes": reads.count_nodes(get_store())})


@bp.get("/edges")
@cached()
def edges() -> Response:
    """Number of relationships in the graph."""
    return jsonify({"edges": reads.count_edges(get_store())})


@bp.get("/health")
def health() -> tuple[Response, int]:
    """Which backend answers, whether it is reachable, and its size; 503 when it is not reachable."""
    backend = get_settings().graph_backend
    try:
        store = get_store()
        body = {
            "backend": backend,
            "reachable": True,
            "database": store.describe(),
            "nodes": reads.count_nodes(store),
            "edges": reads.count_edges(store),
        }
        return jsonify(body), 200
    except StoreError as exc:
        return jsonify({"backend": backend, "reachable": False, "error": str(exc), "status": 503}), 503
