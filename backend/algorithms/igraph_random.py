"""igraph's random numbers from a seed, for layouts and partitions that must repeat.

igraph draws from one process-wide generator (Python's ``random`` module unless set otherwise), so a
seeded call swaps in its own ``random.Random`` under a lock and puts the default back afterwards.
"""

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import igraph

__all__ = ["seeded"]

_lock = threading.Lock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's calls in the block draw from a generator seeded with ``seed``, one block at a time."""
    with _lock:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)
