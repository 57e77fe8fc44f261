"""Local days: which windows and files make a day of the deployment's time zone, and which days exist."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from collector.samples import NAME_FORMAT, SUFFIX, list_samples

__all__ = [
    "ARCHIVE_DIR",
    "archive_path",
    "day_bounds",
    "days_with_data",
    "local_date",
    "parse_day",
    "sample_files_of_day",
    "sample_start",
    "zone",
]

ARCHIVE_DIR = "archive"


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name`` (IANA).

    :raise ValueError: an unknown name.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (TWITCHGRAPH_TIMEZONE); e.g. Europe/Paris") from None


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` as a date.

    :raise ValueError: anything else.
    """
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD") from None


def day_bounds(day: date, tz: ZoneInfo) -> tuple[int, int]:
    """Unix seconds of the local day's first instant and of the next day's (23 to 25 hours apart)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return int(start.timestamp()), int(end.timestamp())


def local_date(timestamp: float, tz: ZoneInfo) -> date:
    return datetime.fromtimestamp(timestamp, tz).date()


def sample_start(path: Path) -> int | None:
    """A sample file's window start (Unix seconds) from its name, None for a foreign name."""
    name = path.name
    if not name.endswith(SUFFIX):
        return None
    try:
        moment = datetime.strptime(name.removesuffix(SUFFIX), NAME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return int(moment.timestamp())


def sample_files_of_day(folder: Path, day: date, tz: ZoneInfo) -> list[Path]:
    """The day's raw window files in ``folder``, oldest first."""
    start, end = day_bounds(day, tz)
    found = []
    for path in list_samples(folder):
        moment = sample_start(path)
        if moment is not None and start <= moment < end:
            found.append(path)
    return found


def archive_path(folder: Path, day: date) -> Path:
    return folder / ARCHIVE_DIR / f"{day.isoformat()}.parquet"


def days_with_data(folder: Path, tz: ZoneInfo) -> list[date]:
    """Local days that have raw window files or an archive in ``folder``, ascending."""
    days: set[date] = set()
    for path in list_samples(folder) if folder.is_dir() else []:
        moment = sample_start(path)
        if moment is not None:
            days.add(local_date(moment, tz))
    days.update(archived_days(folder))
    return sorted(days)


def archived_days(folder: Path) -> list[date]:
    archive = folder / ARCHIVE_DIR
    if not archive.is_dir():
        return []
    return sorted(_dates(p.name.removesuffix(".parquet") for p in archive.glob("*.parquet")))


def _dates(names: Iterable[str]) -> Iterable[date]:
    for name in names:
        try:
            yield parse_day(name)
        except ValueError:
            continue
