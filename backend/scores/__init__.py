"""Scores over the whole graph (PageRank, betweenness), computed from its edges and cached per version."""
