"""The few settings the day pipeline, erasure and retention use, typed: :class:`PipelineOptions`."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from backend.files.profile_folder import profile_dir
from contracts.days import zone

__all__ = ["PipelineOptions"]


@dataclass(frozen=True)
class PipelineOptions:
    timezone: str  # IANA name: profile dates and hours are local to it
    profile_dir: Path  # the profile store's folder (day schedules, privacy key, lock)
    bot_channels_per_window: int  # a viewer in this many channels within one window is a bot
    pseudonymise_key: str  # empty: real logins are kept
    sample_retention_days: int  # 0: raw window files are kept
    archive_retention_days: int  # 0: archives and day schedules are kept

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "PipelineOptions":
        """From the settings (``backend.config``): the profile folder is the graph's in the data folder."""
        return cls(
            timezone=settings["TIMEZONE"],
            profile_dir=profile_dir(settings["TWITCHGRAPH_DATA_DIR"], settings["GRAPH_NAME"]),
            bot_channels_per_window=int(settings["BOT_CHANNELS_PER_WINDOW"]),
            pseudonymise_key=settings["PSEUDONYMISE_KEY"],
            sample_retention_days=int(settings["SAMPLE_RETENTION_DAYS"]),
            archive_retention_days=int(settings["ARCHIVE_RETENTION_DAYS"]),
        )

    @property
    def tz(self) -> ZoneInfo:
        """The time zone (:raise ValueError: an unknown name)."""
        return zone(self.timezone)
