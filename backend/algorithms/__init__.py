"""Graph algorithms with Memgraph MAGE's semantics, computed in-process on dense-index edge lists."""

from backend.algorithms.betweenness import betweenness_centrality
from backend.algorithms.pagerank import pagerank

__all__ = ["betweenness_centrality", "pagerank"]
