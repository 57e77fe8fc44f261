"""The few places where FalkorDB's and Memgraph's Cypher differ: DDL and procedure calls.

Everything else is in ``queries.py`` and runs unchanged on both.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str
    create_index: str  # formatted with label= and prop= taken from models.py, never from users
    create_unique: str | None  # None: the backend has no Cypher for it (see FalkorStore)
    # MAGE procedure calls, None where the backend has no procedure with MAGE's numbers.
    pagerank_call: str | None
    betweenness_call: str | None
    communities_call: str | None = None  # community_detection.get over the whole graph
    # The profile update of day processing inside the database (memgraph/query_modules/
    # twitchgraph_profiles.py, which wraps backend/profiles/core.py); None: it runs in-process.
    update_watched_call: str | None = None
    update_schedules_call: str | None = None


FALKORDB = Dialect(
    name="falkordb",
    create_index="CREATE INDEX FOR (n:{label}) ON (n.{prop})",
    create_unique=None,  # GRAPH.CONSTRAINT CREATE, a server command rather than Cypher
    # FalkorDB's algo.pageRank and algo.betweenness use other definitions (dangling mass, sampling),
    # so the numbers are computed in-process from the edges instead.
    pagerank_call=None,
    betweenness_call=None,
)

MEMGRAPH = Dialect(
    name="memgraph",
    create_index="CREATE INDEX ON :{label}({prop})",
    create_unique="CREATE CONSTRAINT ON (n:{label}) ASSERT n.{prop} IS UNIQUE",
    pagerank_call=(
        "CALL pagerank.get($max_iterations, $damping_factor, $stop_epsilon) YIELD node, rank "
        "RETURN id(node) AS node, rank AS score"
    ),
    betweenness_call=(
        "CALL betweenness_centrality.get($directed, $normalized) YIELD node, betweenness_centrality "
        "RETURN id(node) AS node, betweenness_centrality AS score"
    ),
    communities_call=(
        "CALL community_detection.get() YIELD node, community_id "
        "RETURN id(node) AS node, community_id AS community"
    ),
    update_watched_call=(
        "CALL twitchgraph_profiles.update_watched($rows, $n, $rate) YIELD created, updated "
        "RETURN created, updated"
    ),
    update_schedules_call=(
        "CALL twitchgraph_profiles.update_schedules($rows, $kind, $day, $n, $rate) YIELD updated "
        "RETURN updated"
    ),
)
