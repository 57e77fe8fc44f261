"""What a collector should find in the served world: the import rows of the channels it was asked for."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from contracts.import_csv import Folder, StreamerRow, read_folder


def comparable(folder: Folder, logins: set[str]) -> dict[str, object]:
    """Streamer rows and link pairs of ``logins``' channels, as sets that compare across two folders."""
    return {
        "streamers": {_normal(row) for row in folder.streamers if row.login in logins},
        **{name: {pair for pair in pairs if pair[0] in logins} for name, pairs in folder.links.items()},
    }


def served(world_dir: Path, logins: set[str]) -> dict[str, object]:
    """The world as the fakes serve it: VIPs and moderators chat too, so they are among the chatters."""
    expected = comparable(read_folder(world_dir), logins)
    expected["chatters.csv"] = expected["chatters.csv"] | expected["vips.csv"] | expected["moderators.csv"]  # type: ignore[operator]
    return expected


def _normal(row: StreamerRow) -> StreamerRow:
    created = row.created_at and datetime.fromisoformat(row.created_at).isoformat()
    return replace(row, created_at=created)
