"""Settings: one list of (name, default, help) records, read from the environment in one place."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    env: str | None = None  # the environment variable, when it is not the setting's own name

    @property
    def variable(self) -> str:
        return self.env or self.name


# Names are UPPER_SNAKE so Flask's config accepts them; units are in the names.
SETTINGS: tuple[Setting, ...] = (
    Setting("GRAPH_BACKEND", "falkordb", "Graph database: 'falkordb' (embedded, default) or 'memgraph'."),
    Setting("TWITCHGRAPH_DATA_DIR", "./data", "Folder of the embedded database's files and load reports."),
    Setting("GRAPH_NAME", "twitchgraph", "Name of the graph inside the embedded FalkorDB."),
    Setting(
        "FALKORDB_TIMEOUT_S",
        5,
        "Seconds the embedded FalkorDB may take to answer one statement before it fails (0: no limit).",
    ),
    Setting("MG_HOST", "127.0.0.1", "Memgraph host."),
    Setting("MG_PORT", 7687, "Memgraph Bolt port."),
    Setting("MG_USERNAME", "", "Memgraph user name (empty: no authentication)."),
    Setting("MG_PASSWORD", "", "Memgraph password."),
    Setting("MG_ENCRYPTED", False, "Use TLS for the Bolt connection to Memgraph."),
    Setting("DB_WAIT_S", 30, "How long start-up waits for the database to answer before failing."),
    Setting("API_DEFAULT_LIMIT", 50, "Rows of /page-rank and /betweenness-centrality without ?limit=."),
    Setting(
        "FRONTEND_DIST",
        str(Path(__file__).resolve().parent.parent / "frontend" / "dist"),
        "Folder of the built browser explorer, served at / (make setup builds it).",
    ),
    # Viewer profiling (definitions in backend/profiles/core.py).
    Setting(
        "OPERATOR_TOKEN",
        "",
        "Bearer token of the viewer-level API routes (empty: those routes answer 403).",
        env="TWITCHGRAPH_OPERATOR_TOKEN",
    ),
    Setting(
        "TIMEZONE",
        "Europe/Paris",
        "IANA time zone of profile dates and hours (a day is a local day).",
        env="TWITCHGRAPH_TIMEZONE",
    ),
    Setting("BOT_CHANNELS_PER_WINDOW", 10, "A viewer in this many channels within one window is a bot."),
    Setting(
        "PSEUDONYMISE_KEY",
        "",
        "Key of the keyed hash that replaces viewer logins at ingest (empty: real logins are kept).",
        env="TWITCHGRAPH_PSEUDONYMISE_KEY",
    ),
    Setting("SAMPLE_RETENTION_DAYS", 30, "Raw sample files older than this many days are deleted (0: kept)."),
    Setting(
        "ARCHIVE_RETENTION_DAYS",
        365,
        "Day archives and day schedules older than this many days are deleted (0: kept).",
    ),
)

BACKENDS = ("falkordb", "memgraph")


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the settings present in the environment, converted to their default's type.

    :raise ValueError: a value that does not fit its setting, naming the variable.
    """
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.variable in environ:
            found[setting.name] = _convert(setting, environ[setting.variable])
    return found


def load_settings(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the environment, then explicit overrides (tests, CLI options)."""
    config = {s.name: s.default for s in SETTINGS}
    config.update(settings_from_env())
    if overrides:
        config.update(overrides)
    if config["GRAPH_BACKEND"] not in BACKENDS:
        raise ValueError(
            f"GRAPH_BACKEND={config['GRAPH_BACKEND']!r} is not a backend; use one of: {', '.join(BACKENDS)}"
        )
    return config


def _convert(setting: Setting, raw: str) -> Any:
    if isinstance(setting.default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{setting.variable}={raw!r}: expected true or false")
    if isinstance(setting.default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{setting.variable}={raw!r}: expected a whole number") from None
    return raw
