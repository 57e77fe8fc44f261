"""A sample folder's archives, ``SAMPLEDIR/archive/YYYY-MM-DD.parquet``, and the days a folder holds."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from contracts.days import parse_day, sample_days

__all__ = ["ARCHIVE_DIR", "archive_path", "archived_days", "days_with_data"]

ARCHIVE_DIR = "archive"


def archive_path(folder: Path, day: date) -> Path:
    """Where the archive of ``day`` lives in the sample folder ``folder``."""
    return folder / ARCHIVE_DIR / f"{day.isoformat()}.parquet"


def archived_days(folder: Path) -> list[date]:
    """The days that have an archive in ``folder``, ascending."""
    archive = folder / ARCHIVE_DIR
    if not archive.is_dir():
        return []
    return sorted(_dates(p.name.removesuffix(".parquet") for p in archive.glob("*.parquet")))


def days_with_data(folder: Path, tz: ZoneInfo) -> list[date]:
    """Local days that have raw window files or an archive in ``folder``, ascending."""
    return sorted(sample_days(folder, tz) | set(archived_days(folder)))


def _dates(names: Iterable[str]) -> Iterable[date]:
    for name in names:
        try:
            yield parse_day(name)
        except ValueError:
            continue
