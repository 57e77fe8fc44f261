"""Overlaps and atlases kept per graph version, the default atlas recomputed in the background.

A request is answered from what is kept for the graph's version now. The default atlas (chatters, bots
left out, the default options) is a background job of the score refresher: after a change it is
recomputed once the graph is still (and stored in the graph: ``backend.atlas.stored``), and meanwhile
the previous one is served marked stale. Any other
combination is computed on its first request and kept (least recently used out).
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from backend.algorithms import audience_overlap
from backend.atlas.audiences import Audiences, bot_logins, read_chatter_audiences, read_watched_audiences
from backend.atlas.maps import AtlasMap, AtlasOptions, OverlapIndex, build_atlas
from backend.atlas.stored import store_atlas
from backend.graph.store import GraphStore
from contracts.samples import format_time

__all__ = ["AtlasCache", "Kept", "Source"]

MAX_OVERLAPS = 4  # each holds every pair of channels: the biggest thing kept
MAX_ATLASES = 16


@dataclass(frozen=True)
class Source:
    """Whose audiences: ``chatters`` (CHATTER relationships) or ``watched`` (viewers seen in the last
    ``days`` processed days), bots left out unless ``include_bots``."""

    kind: str = "chatters"
    days: int | None = None  # watched only
    include_bots: bool = False


@dataclass(frozen=True)
class Kept[Value]:
    """A value as computed for a graph version, when, and whether the graph has moved on since."""

    value: Value
    version: str
    computed_at: str
    stale: bool = False


class _Lru[Value]:
    """The newest value per key, with its version; the least recently used key goes past ``size``."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[object, Kept[Value]] = OrderedDict()

    def get(self, key: object) -> Kept[Value] | None:
        kept = self._items.get(key)
        if kept is not None:
            self._items.move_to_end(key)
        return kept

    def put(self, key: object, kept: Kept[Value]) -> None:
        self._items[key] = kept
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


class AtlasCache:
    """Overlap indexes per (source) and atlases per (source, options), each at its graph version."""

    name = "atlas"  # as a background job of the score refresher

    def __init__(self, bot_channels: int, profile_dir: Path) -> None:
        self.bot_channels = bot_channels
        self.profile_dir = profile_dir
        self._lock = threading.Lock()  # one computation at a time: each takes both cores' memory bandwidth
        self._overlaps: _Lru[OverlapIndex] = _Lru(MAX_OVERLAPS)
        self._atlases: _Lru[AtlasMap] = _Lru(MAX_ATLASES)
        self.generation = 0  # counts the values kept: an answer built from one changes with it
        self._bots: Kept[frozenset[str]] | None = None

    def overlap(self, store: GraphStore, source: Source) -> Kept[OverlapIndex]:
        """The overlap of ``source``'s audiences at the graph's version, computed now if not kept."""
        return self._current(self._overlaps, store, source, lambda v: self._compute_overlap(store, source, v))

    def atlas(
        self, store: GraphStore, source: Source, options: AtlasOptions, *, stale_ok: bool
    ) -> Kept[AtlasMap]:
        """The atlas at the graph's version; with ``stale_ok`` an older one while the background job
        recomputes it (only the default atlas has one)."""
        key = (source, options)
        if stale_ok:
            kept = self._atlases.get(key)
            version = store.version()
            if kept is not None and kept.version != version:
                return Kept(kept.value, kept.version, kept.computed_at, stale=True)
        return self._current(
            self._atlases, store, key, lambda v: self._compute_atlas(store, source, options, v)
        )

    def bots(self, store: GraphStore) -> frozenset[str]:
        """The logins the bot rule leaves out (``audiences.bot_logins``) at the graph's version, for the
        rankings of people."""
        version = store.version()  # read first: the set is never older than the version it is kept at
        kept = self._bots
        if kept is None or kept.version != version:
            kept = Kept(frozenset(bot_logins(store, self.bot_channels)), version, format_time(time.time()))
            self._bots = kept
        return kept.value

    # The background job's side: the default atlas.

    def done_for(self, version: str) -> bool:
        kept = self._atlases.get((Source(), AtlasOptions()))
        return kept is not None and kept.version == version

    def run(self, store: GraphStore, version: str) -> None:
        """Compute the default atlas for ``version`` and store it in the graph, unless the graph has
        moved on meanwhile (the next run stores the newer one)."""
        with self._lock:
            if self.done_for(version):
                return
            atlas = self._compute_atlas(store, Source(), AtlasOptions(), version)
            if store.version() == version:
                store_atlas(store, atlas)

    def _current[Value](
        self, lru: _Lru[Value], store: GraphStore, key: object, compute: Callable[[str], object]
    ) -> Kept[Value]:
        version = store.version()  # read before the graph is: a value is never older than its version
        kept = lru.get(key)
        if kept is not None and kept.version == version:
            return kept
        with self._lock:
            kept = lru.get(key)
            if kept is not None and kept.version == version:
                return kept
            compute(version)
            kept = lru.get(key)
            assert kept is not None
            return kept

    def _compute_overlap(self, store: GraphStore, source: Source, version: str) -> OverlapIndex:
        kept = self._overlaps.get(source)
        if kept is not None and kept.version == version:
            return kept.value
        audiences = self._audiences(store, source)
        index = OverlapIndex(
            audiences, audience_overlap(len(audiences.channels), audiences.channel, audiences.viewer)
        )
        self._overlaps.put(source, Kept(index, version, format_time(time.time())))
        self.generation += 1
        return index

    def _audiences(self, store: GraphStore, source: Source) -> Audiences:
        if source.kind == "watched":
            return read_watched_audiences(
                store,
                self.profile_dir,
                days=source.days or 1,
                include_bots=source.include_bots,
                bot_channels=self.bot_channels,
            )
        return read_chatter_audiences(store, include_bots=source.include_bots, bot_channels=self.bot_channels)

    def _compute_atlas(
        self, store: GraphStore, source: Source, options: AtlasOptions, version: str
    ) -> AtlasMap:
        atlas = build_atlas(self._compute_overlap(store, source, version), options)
        self._atlases.put((source, options), Kept(atlas, version, format_time(time.time())))
        self.generation += 1
        return atlas
