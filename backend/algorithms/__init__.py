"""Graph algorithms with Memgraph MAGE's semantics, computed in-process on dense-index edge lists."""

from backend.algorithms.betweenness import betweenness_centrality
from backend.algorithms.betweenness_any_size import (
    EXACT_UP_TO_S,
    betweenness_any_size,
    estimated_exact_seconds,
)
from backend.algorithms.betweenness_parallel import betweenness_centrality_parallel
from backend.algorithms.betweenness_sampled import BetweennessResult, betweenness_centrality_sampled
from backend.algorithms.communities import communities, modularity
from backend.algorithms.layout import community_layout
from backend.algorithms.overlap import Overlap, audience_overlap
from backend.algorithms.pagerank import pagerank

__all__ = [
    "EXACT_UP_TO_S",
    "BetweennessResult",
    "Overlap",
    "audience_overlap",
    "betweenness_any_size",
    "betweenness_centrality",
    "betweenness_centrality_parallel",
    "betweenness_centrality_sampled",
    "communities",
    "community_layout",
    "estimated_exact_seconds",
    "modularity",
    "pagerank",
]
