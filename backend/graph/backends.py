"""Which graph store the settings name, opened: the one place that knows both backends."""

from backend.config import Settings
from backend.graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    """Open the backend ``settings`` name, waiting for it as configured.

    :raise StoreUnavailableError: the database did not answer in time.
    """
    # Imported here: each backend's client library is loaded only when that backend is used.
    if settings.graph_backend == "memgraph":
        from backend.graph.memgraph import MemgraphStore

        return MemgraphStore.connect(
            host=settings.mg_host,
            port=settings.mg_port,
            username=settings.mg_username,
            password=settings.mg_password,
            encrypted=settings.mg_encrypted,
            wait_s=float(settings.db_wait_s),
        )
    from backend.graph.falkordb import FalkorStore

    return FalkorStore.open(
        settings.data_dir, settings.graph_name, timeout_s=float(settings.falkordb_timeout_s)
    )
