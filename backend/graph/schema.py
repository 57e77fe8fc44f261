"""Indexes and uniqueness constraints, created explicitly when a backend starts (never at import)."""

from collections.abc import Callable
from contextlib import suppress

from backend.graph.models import Banned, Day, DoNotTrack, Game, Language, Stream, Team, User, label
from backend.graph.store import AlreadyExistsError, GraphStore

# (model, property): unique, and so indexed, keys of what the writers MERGE on and the API looks up by.
UNIQUE = (
    (User, "login"),
    (Language, "name"),
    (Game, "name"),
    (Team, "name"),
    (Day, "date"),
    (Banned, "login"),
    (DoNotTrack, "hash"),
)
INDEXES = (*UNIQUE, (Stream, "id"), (Stream, "name"))


def ensure_schema(store: GraphStore) -> None:
    """Create the indexes and constraints the loader and the API rely on; safe to run again."""
    for model, prop in INDEXES:
        statement = store.dialect.create_index.format(label=label(model), prop=prop)
        _unless_exists(lambda s=statement: store.query(s))
    for model, prop in UNIQUE:
        _unless_exists(lambda m=model, p=prop: store.create_unique(label(m), p))


def _unless_exists(create: Callable[[], object]) -> None:
    with suppress(AlreadyExistsError):  # a repeated DDL: what we wanted is there
        create()
