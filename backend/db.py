"""The app's settings and graph store: the store opened on first use, shared by all requests, closed with
the app."""

import atexit
import threading

from flask import Flask, current_app

from backend.config import Settings
from backend.graph.backends import open_store
from backend.graph.schema import ensure_schema
from backend.graph.store import GraphStore
from backend.scores.whole_graph import ScoreCache

EXTENSION = "twitchgraph"


class StoreHolder:
    """Opens the store lazily, so an app can be created while the database is still starting."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: GraphStore | None = None
        self.scores = ScoreCache()

    def get(self) -> GraphStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    store = open_store(self.settings)
                    ensure_schema(store)
                    self._store = store
        return self._store

    def close(self) -> None:
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


def get_scores() -> ScoreCache:
    return current_app.extensions[EXTENSION].scores
