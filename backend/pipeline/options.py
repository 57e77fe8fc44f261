"""The few settings the day pipeline, erasure and retention use, typed: :class:`PipelineOptions`."""

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from backend.config import Settings
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
    def from_settings(cls, settings: Settings) -> "PipelineOptions":
        """From the settings: the profile folder is the graph's in the data folder."""
        return cls(
            timezone=settings.timezone,
            profile_dir=profile_dir(settings.data_dir, settings.graph_name),
            bot_channels_per_window=settings.bot_channels_per_window,
            pseudonymise_key=settings.pseudonymise_key,
            sample_retention_days=settings.sample_retention_days,
            archive_retention_days=settings.archive_retention_days,
        )

    @property
    def tz(self) -> ZoneInfo:
        """The time zone (:raise ValueError: an unknown name)."""
        return zone(self.timezone)
