"""The atlas in the graph itself, and communities of the stored graph as MAGE computes them.

The default atlas is written into the graph for Memgraph Lab and Cypher users: its links as
``(:Stream)-[:SHARES_AUDIENCE {shared, jaccard, share_ab, share_ba, lift}]->(:Stream)`` (from the channel
with the bigger audience) and ``community`` on its Stream nodes. It is derived data: replaced as a whole
for each graph version, written without changing the version, left out of the counts and the scores.

``graph_communities`` answers as MAGE's ``community_detection.get()``: on Memgraph the procedure;
elsewhere the edges and their ``weight`` property (1.0 when absent) are read once and
``backend.algorithms.communities`` runs in-process (MAGE's e2e cases replay on the embedded database).
"""

from typing import Any

import numpy as np

from backend.algorithms import communities
from backend.atlas.maps import AtlasMap
from backend.graph import batches, queries
from backend.graph.store import GraphStore

__all__ = ["graph_communities", "store_atlas"]

DELETE_BATCH = 10_000


def store_atlas(store: GraphStore, atlas: AtlasMap) -> None:
    """Replace the stored SHARES_AUDIENCE relationships and communities by ``atlas``'s."""
    while store.derived_query(queries.DELETE_SHARES_AUDIENCE, {"limit": DELETE_BATCH}).single_value():
        pass
    store.derived_query(queries.CLEAR_COMMUNITIES)
    node_ids = atlas.index.audiences.channels.node_ids[atlas.nodes]
    audience = atlas.index.overlap.audience[atlas.nodes].astype(np.float64)
    a, b = atlas.first, atlas.second
    columns = (
        node_ids[a],
        node_ids[b],
        atlas.shared,
        atlas.jaccard,
        atlas.shared / audience[a],
        atlas.shared / audience[b],
        atlas.shared * float(atlas.index.overlap.viewers) / (audience[a] * audience[b]),
    )
    rows = [list(row) for row in zip(*(column.tolist() for column in columns), strict=True)]
    for span in batches.spans(len(rows)):
        store.derived_query(queries.CREATE_SHARES_AUDIENCE, {"rows": rows[span]})
    linked = atlas.membership >= 0
    memberships = [[int(n), int(c)] for n, c in zip(node_ids[linked], atlas.membership[linked], strict=True)]
    for span in batches.spans(len(memberships)):
        store.derived_query(queries.SET_COMMUNITIES, {"rows": memberships[span]})


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
