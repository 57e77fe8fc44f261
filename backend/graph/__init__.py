"""The graph layer: models (schema), the Cypher catalogue, and the backends behind one interface."""
