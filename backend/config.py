"""Settings: one typed, frozen record, built once from the environment and passed down.

Each field names its environment variable and says what it is for; the README's configuration tables
list the same variables. Functions take the settings, or the few values they need, never a dict.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from contracts.stream import TOPIC

BACKENDS = ("falkordb", "memgraph")
_FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


def _setting(variable: str, default: Any, help: str, *, secret: bool = False) -> Any:
    return field(default=default, repr=not secret, metadata={"variable": variable, "help": help})


@dataclass(frozen=True)
class Settings:
    """Every setting of the backend and the CLI; units are in the names."""

    graph_backend: str = _setting(
        "GRAPH_BACKEND", "falkordb", "Graph database: 'falkordb' (embedded, default) or 'memgraph'."
    )
    data_dir: Path = _setting(
        "TWITCHGRAPH_DATA_DIR", Path("./data"), "Folder of the embedded database's files and load reports."
    )
    graph_name: str = _setting("GRAPH_NAME", "twitchgraph", "Name of the graph inside the embedded FalkorDB.")
    falkordb_timeout_s: int = _setting(
        "FALKORDB_TIMEOUT_S",
        5,
        "Seconds the embedded FalkorDB may take to answer one statement before it fails (0: no limit).",
    )
    mg_host: str = _setting("MG_HOST", "127.0.0.1", "Memgraph host.")
    mg_port: int = _setting("MG_PORT", 7687, "Memgraph Bolt port.")
    mg_username: str = _setting("MG_USERNAME", "", "Memgraph user name (empty: no authentication).")
    mg_password: str = _setting("MG_PASSWORD", "", "Memgraph password.", secret=True)
    mg_encrypted: bool = _setting("MG_ENCRYPTED", False, "Use TLS for the Bolt connection to Memgraph.")
    db_wait_s: int = _setting(
        "DB_WAIT_S", 30, "How long start-up waits for the database to answer before failing."
    )
    api_default_limit: int = _setting(
        "API_DEFAULT_LIMIT", 50, "Rows of /page-rank and /betweenness-centrality without ?limit=."
    )
    frontend_dist: Path = _setting(
        "FRONTEND_DIST",
        _FRONTEND_DIST,
        "Folder of the built browser explorer, served at / (make setup builds it).",
    )
    # Live events (/events, backend/live.py): each open stream holds one of the server's worker threads.
    events_max_connections: int = _setting(
        "EVENTS_MAX_CONNECTIONS",
        50,
        "Open /events streams at most; one more is answered 503 (twitchgraph serve adds as many threads).",
    )
    events_max_s: int = _setting(
        "EVENTS_MAX_S", 300, "Seconds an /events stream stays open; the browser reconnects by itself."
    )
    events_heartbeat_s: int = _setting(
        "EVENTS_HEARTBEAT_S", 15, "Seconds between two heartbeat comments on an idle /events stream."
    )
    events_poll_ms: int = _setting(
        "EVENTS_POLL_MS", 500, "How often one thread per app checks the graph's version for /events."
    )
    # The live stream (docs/stream.md): `twitchgraph serve` consumes it for /events when a broker is set.
    kafka_bootstrap_servers: str = _setting(
        "KAFKA_BOOTSTRAP_SERVERS",
        "",
        "Kafka bootstrap servers (HOST:PORT, comma-separated) whose chatters `serve` shows at /events "
        "(empty: no Kafka); the default broker of the stream commands.",
    )
    kafka_topic: str = _setting("KAFKA_TOPIC", TOPIC, "The chatters topic `serve` consumes.")
    kafka_api_group: str = _setting(
        "KAFKA_API_GROUP",
        "twitchgraph-api",
        "Consumer group of `serve`'s consumer: its own, so it reads every message beside the writers.",
    )
    # Scores (backend/scores/): recomputed in the background when the graph changes, never per request.
    scores_poll_ms: int = _setting(
        "SCORES_POLL_MS", 500, "How often the score thread checks whether the graph has changed."
    )
    scores_debounce_ms: int = _setting(
        "SCORES_DEBOUNCE_MS",
        2000,
        "How long the graph must be still before PageRank and betweenness are recomputed.",
    )
    scores_max_delay_s: int = _setting(
        "SCORES_MAX_DELAY_S",
        30,
        "Longest a recompute waits for the graph to be still (a stream keeps changing it).",
    )
    scores_first_wait_s: int = _setting(
        "SCORES_FIRST_WAIT_S",
        60,
        "How long a request waits for the very first scores before a 503 with Retry-After.",
    )
    betweenness_exact_up_to_s: int = _setting(
        "BETWEENNESS_EXACT_UP_TO_S",
        30,
        "Longest estimated exact betweenness (seconds on the cores at hand); costlier graphs sampled.",
    )
    betweenness_epsilon: float = _setting(
        "BETWEENNESS_EPSILON",
        0.02,
        "Sampled betweenness: the error bound on every normalised score.",
    )
    betweenness_delta: float = _setting(
        "BETWEENNESS_DELTA",
        0.1,
        "Sampled betweenness: the probability that the bound fails (1 - confidence).",
    )
    # The atlas (backend/atlas/): shared audiences and communities of channels.
    atlas_bot_channels: int = _setting(
        "ATLAS_BOT_CHANNELS",
        100,
        "An account chatting in at least this many channels is a bot, left out of audiences by default.",
    )
    # Viewer profiling (definitions in backend/profiles/core.py).
    operator_token: str = _setting(
        "TWITCHGRAPH_OPERATOR_TOKEN",
        "",
        "Bearer token of the viewer-level API routes (empty: those routes answer 403).",
        secret=True,
    )
    timezone: str = _setting(
        "TWITCHGRAPH_TIMEZONE",
        "Europe/Paris",
        "IANA time zone of profile dates and hours (a day is a local day).",
    )
    bot_channels_per_window: int = _setting(
        "BOT_CHANNELS_PER_WINDOW", 10, "A viewer in this many channels within one window is a bot."
    )
    pseudonymise_key: str = _setting(
        "TWITCHGRAPH_PSEUDONYMISE_KEY",
        "",
        "Key of the keyed hash that replaces viewer logins at ingest (empty: real logins are kept).",
        secret=True,
    )
    sample_retention_days: int = _setting(
        "SAMPLE_RETENTION_DAYS", 30, "Raw sample files older than this many days are deleted (0: kept)."
    )
    archive_retention_days: int = _setting(
        "ARCHIVE_RETENTION_DAYS",
        365,
        "Day archives and day schedules older than this many days are deleted (0: kept).",
    )

    def __post_init__(self) -> None:
        if self.graph_backend not in BACKENDS:
            raise ValueError(
                f"GRAPH_BACKEND={self.graph_backend!r} is not a backend; use one of: {', '.join(BACKENDS)}"
            )
        for variable, value in (
            ("BETWEENNESS_EPSILON", self.betweenness_epsilon),
            ("BETWEENNESS_DELTA", self.betweenness_delta),
        ):
            if not 0 < value < 1:
                raise ValueError(f"{variable}={value}: expected a number between 0 and 1, both excluded")


VARIABLES = {f.metadata["variable"]: f for f in fields(Settings)}
# Overrides may also use a field's own name in capitals (TIMEZONE for TWITCHGRAPH_TIMEZONE).
_NAMES = {**{f.name.upper(): f for f in fields(Settings)}, **VARIABLES}


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then the environment, then ``overrides`` (tests, CLI options), keyed by variable name.

    :raise ValueError: a value that does not fit its setting, or an unknown name, naming the variable.
    The overrides' names are the variables, or the fields' names in capitals.
    """
    environ = os.environ if environ is None else environ
    values = {f.name: _convert(f, environ[v]) for v, f in VARIABLES.items() if v in environ}
    for name, value in (overrides or {}).items():
        if name not in _NAMES:
            raise ValueError(f"{name} is not a setting; the settings are: {', '.join(VARIABLES)}")
        values[_NAMES[name].name] = _convert(_NAMES[name], value)
    return Settings(**values)


def _convert(setting: Any, raw: Any) -> Any:
    """``raw`` (text from the environment, or a value from code) as the setting's type."""
    variable, kind = setting.metadata["variable"], type(setting.default)
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw)
    if kind is bool:
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{variable}={text!r}: expected true or false")
    if kind is int:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{variable}={text!r}: expected a whole number") from None
    if kind is float:
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{variable}={text!r}: expected a number") from None
    return Path(text) if issubclass(kind, Path) else text
