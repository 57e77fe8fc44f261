"""The one interface every graph backend implements, its results, its errors, and the factory."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from backend.graph.dialects import Dialect


class StoreError(Exception):
    """Base of the graph layer's errors."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached (not started, stopped, or the network is down)."""


class QueryError(StoreError):
    """The database refused a statement. Carries the statement and its parameters for the log."""

    def __init__(self, message: str, cypher: str, params: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.cypher = cypher
        self.params = dict(params or {})


class AlreadyExistsError(QueryError):
    """A schema statement (index, constraint) for one that exists already: success for ``ensure_schema``."""

    @staticmethod
    def describes(message: str) -> bool:
        # Both backends say "already" (FalkorDB: "already indexed", "Constraint already exists"; Memgraph:
        # "Index already exists"); the stores translate it to this type so that callers need no text.
        return "already" in message.lower()


def query_error(message: str, cypher: str, params: Mapping[str, Any] | None = None) -> QueryError:
    """The QueryError, or its AlreadyExistsError kind, for a backend's refusal of ``cypher``."""
    kind = AlreadyExistsError if AlreadyExistsError.describes(message) else QueryError
    return kind(message, cypher, params)


class QueryTimeoutError(QueryError):
    """A statement ran past the store's time limit (the database may still be running it)."""

    def __init__(self, timeout_s: float, cypher: str, params: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"the statement did not finish within {timeout_s:g} s", cypher, params)
        self.timeout_s = timeout_s


@dataclass
class Results:
    """Rows of one statement, with their column names."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def first(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def single_value(self) -> Any:
        """The one value of a one-row, one-column result."""
        if len(self.rows) != 1 or len(self.rows[0]) != 1:
            raise StoreError(f"expected one value, got {len(self.rows)} rows of {len(self.columns)} columns")
        return self.rows[0][0]


class GraphStore(Protocol):
    """What the rest of the project may ask of a graph database."""

    kind: str
    dialect: Dialect

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        """Run one statement that may write."""
        ...

    def ro_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        """Run one read-only statement."""
        ...

    def derived_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Results:
        """Write what the app derives from the graph (models.DERIVED_TYPES, the atlas's ``community``):
        ``version()`` stays as it was, since the data follows from that version and a new version would
        start its recomputation again."""
        ...

    def create_unique(self, label: str, prop: str) -> None:
        """A uniqueness constraint on one node property (labels come from models.py only)."""
        ...

    def clear(self) -> None:
        """Delete every node and relationship (indexes stay)."""
        ...

    def version(self) -> str:
        """A token that changes whenever the graph changes (for caches)."""
        ...

    def persist(self) -> None:
        """Make what was written durable now (after a big import)."""
        ...

    def describe(self) -> str:
        """Where the data lives, for people (no secrets)."""
        ...

    def close(self) -> None: ...
