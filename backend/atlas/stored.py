"""Communities of the stored graph itself, as MAGE's ``community_detection.get()`` answers them.

On Memgraph the procedure answers; elsewhere the edges and their ``weight`` property (1.0 when absent)
are read once and ``backend.algorithms.communities`` runs in-process, so both backends give MAGE's
numbers (its e2e cases replay on the embedded database in the tests).
"""

from typing import Any

import numpy as np

from backend.algorithms import communities
from backend.graph import queries
from backend.graph.store import GraphStore

__all__ = ["graph_communities"]


def graph_communities(store: GraphStore) -> dict[Any, int]:
    """Internal node id -> community id for every node (-1: no relationship); no rows without any
    relationship, as MAGE."""
    call = store.dialect.communities_call
    if call is not None:
        return {node: int(community) for node, community in store.ro_query(call).rows}
    node_ids = np.array(sorted(row[0] for row in store.ro_query(queries.NODE_IDS).rows), dtype=np.int64)
    rows = store.ro_query(queries.WEIGHTED_EDGE_ENDPOINTS).rows
    if not rows:
        return {}
    ends = np.array([row[:2] for row in rows], dtype=np.int64)
    weights = np.array([row[2] for row in rows], dtype=np.float64)
    membership = communities(
        node_ids.size, np.searchsorted(node_ids, ends[:, 0]), np.searchsorted(node_ids, ends[:, 1]), weights
    )
    return dict(zip(node_ids.tolist(), membership.tolist(), strict=True))
