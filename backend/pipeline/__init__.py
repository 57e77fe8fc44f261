"""Day pipeline: demo samples, archives, day processing into the graph, privacy."""
