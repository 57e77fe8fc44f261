"""Internal node ids kept between batches, checked in bulk before each use.

A stream names the same channels and many of the same people batch after batch; looking them up again by
login or Twitch id each time would be a third of the consumer's work. But an internal id is only a
position: a node deleted meanwhile (``load --replace``, ``forget``) leaves its id to the next node
created, so an id from an earlier batch could address edges to somebody else. One count per batch tells
whether every cached node still carries its key; if one does not, the whole cache goes. A cache may
also keep a name per key (a channel's login), which goes with its id.
"""

from collections.abc import Collection, Mapping
from typing import Any

from backend.graph.store import GraphStore

__all__ = ["IdCache"]


class IdCache:
    """key -> internal id, with the statement that counts how many [key, id] pairs still hold."""

    def __init__(self, check: str, limit: int) -> None:
        self._check = check  # takes $pairs of [key, id]; returns one count
        self._limit = limit  # entries; past it the cache starts again, which bounds its memory
        self._ids: dict[str, Any] = {}
        self._names: dict[str, str] = {}  # key -> name, for the keys whose name was added

    def known(self, store: GraphStore, keys: Collection[str]) -> dict[str, Any]:
        """The cached ids of ``keys`` after checking them against the graph (missing keys absent)."""
        found = {key: self._ids[key] for key in keys if key in self._ids}
        if found and not self._still_hold(store, found):
            self.forget()
            return {}
        return found

    def add(self, ids: dict[str, Any], names: Mapping[str, str] | None = None) -> None:
        if len(self._ids) + len(ids) > self._limit:
            self.forget()
        self._ids.update(ids)
        if names:
            self._names.update(names)

    def names(self, keys: Collection[str]) -> dict[str, str]:
        """The names added with ``keys`` (keys without one absent); call after ``known``."""
        return {key: self._names[key] for key in keys if key in self._names}

    def forget(self) -> None:
        self._ids.clear()
        self._names.clear()

    def __len__(self) -> int:
        return len(self._ids)

    def _still_hold(self, store: GraphStore, found: dict[str, Any]) -> bool:
        pairs = [[key, node] for key, node in found.items()]
        return store.ro_query(self._check, {"pairs": pairs}).single_value() == len(pairs)
