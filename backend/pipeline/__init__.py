"""Day pipeline: archives, day processing into the graph (its stages), privacy and retention."""
