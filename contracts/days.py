"""Local days: a deployment counts days and hours in its own time zone; which window files make a day.

A local day runs from its midnight to the next (23 to 25 hours across a change of summer time); a window
belongs to the local day of its start.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from contracts.samples import list_samples, sample_start

__all__ = [
    "day_bounds",
    "local_date",
    "local_hours",
    "parse_day",
    "sample_days",
    "sample_files_of_day",
    "zone",
]


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


def local_hours(timestamps: Iterable[int], tz: ZoneInfo) -> list[int]:
    """The local hour (0 to 23) of each Unix time."""
    return [datetime.fromtimestamp(int(t), tz).hour for t in timestamps]


def sample_files_of_day(folder: Path, day: date, tz: ZoneInfo) -> list[Path]:
    """The day's window files in ``folder``, oldest first."""
    start, end = day_bounds(day, tz)
    found = []
    for path in list_samples(folder):
        moment = sample_start(path)
        if moment is not None and start <= moment < end:
            found.append(path)
    return found


def sample_days(folder: Path, tz: ZoneInfo) -> set[date]:
    """The local days that have window files in ``folder`` (none when there is no such folder)."""
    days: set[date] = set()
    for path in list_samples(folder) if folder.is_dir() else []:
        moment = sample_start(path)
        if moment is not None:
            days.add(local_date(moment, tz))
    return days
