"""The app's settings and graph store: the store opened on first use, shared by all requests, closed with
the app."""

import atexit
import threading

from flask import Flask, current_app

from backend.atlas.cache import AtlasCache
from backend.config import Settings
from backend.files.profile_folder import profile_dir
from backend.graph.backends import open_store
from backend.graph.schema import ensure_schema
from backend.graph.store import GraphStore
from backend.scores.refresher import ScoreRefresher, Timing
from backend.scores.whole_graph import Sampling, ScoreCache

EXTENSION = "twitchgraph"


class StoreHolder:
    """Opens the store lazily, so an app can be created while the database is still starting."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: GraphStore | None = None
        sampling = Sampling(
            settings.betweenness_exact_up_to_s, settings.betweenness_epsilon, settings.betweenness_delta
        )
        timing = Timing(
            poll_s=settings.scores_poll_ms / 1000,
            debounce_s=settings.scores_debounce_ms / 1000,
            max_delay_s=settings.scores_max_delay_s,
            first_wait_s=settings.scores_first_wait_s,
        )
        self.atlas = AtlasCache(
            settings.atlas_bot_channels, profile_dir(settings.data_dir, settings.graph_name)
        )
        self.scores = ScoreRefresher(self.get, ScoreCache(sampling), timing, jobs=[self.atlas])

    def get(self) -> GraphStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    store = open_store(self.settings)
                    ensure_schema(store)
                    self._store = store
        return self._store

    def close(self) -> None:
        self.scores.stop()
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def init_app(app: Flask, settings: Settings) -> None:
    holder = StoreHolder(settings)
    app.extensions[EXTENSION] = holder
    atexit.register(holder.close)


def get_store() -> GraphStore:
    return current_app.extensions[EXTENSION].get()


def get_settings() -> Settings:
    return current_app.extensions[EXTENSION].settings


def get_scores() -> ScoreRefresher:
    return current_app.extensions[EXTENSION].scores


def get_atlas() -> AtlasCache:
    return current_app.extensions[EXTENSION].atlas


def start_scores(app: Flask) -> None:
    """Keep the scores current from now on, not only once asked (what a server wants; a test's app
    starts them on the first request and lets them stop when idle)."""
    app.extensions[EXTENSION].scores.start(pinned=True)
