"""What the viewer and pipeline routes read: stored profiles brought to the last processed day."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from backend.files.day_schedules import day_file, days_with_schedule, read_day_schedule
from backend.graph import queries
from backend.graph.store import GraphStore
from backend.profiles import core
from backend.profiles.state import viewer_profile

__all__ = ["pipeline_days", "pipeline_health", "profile_view", "profiled_logins", "viewer_day"]

FAVOURITES = 10


# Above every character of a login (letters, digits, underscore): the end of a prefix's range.
_AFTER_LOGINS = "~"


def profiled_logins(store: GraphStore, prefix: str, limit: int) -> list[str]:
    """Up to ``limit`` logins starting with ``prefix`` (a lowercase login prefix) that have a viewer
    profile, in order."""
    params = {"low": prefix, "high": prefix + _AFTER_LOGINS, "limit": limit}
    return [row[0] for row in store.ro_query(queries.PROFILED_LOGINS, params).rows]


def viewer_day(profile_dir: Path, login: str, date_text: str) -> list[dict[str, Any]]:
    """One viewer's windows of one day, from the day schedules in ``profile_dir`` (empty when none)."""
    return read_day_schedule(day_file(profile_dir, date.fromisoformat(date_text)), login)


def last_processed_day(store: GraphStore) -> str | None:
    row = store.ro_query(queries.LAST_DAY).first()
    return row[0] if row else None


def profile_view(store: GraphStore, profile_dir: Path, login: str) -> dict[str, Any] | None:
    """Everything the viewer page shows, as of the last processed day (the contract of /viewers/<login>).

    ``profile_dir`` is the profile store's folder (``backend.files.profile_folder.profile_dir``), whose day
    schedules say which days have a day view.
    """
    state = viewer_profile(store, login)
    if state is None or not state["profile_day"]:
        return None
    as_of = date.fromisoformat(last_processed_day(store) or state["profile_day"])
    recent: dict[str, list[dict[str, Any]]] = {}
    all_time: dict[str, list[dict[str, Any]]] = {}
    for kind in ("channel", "game"):
        items = [(name, v) for (k, name), v in state["watched"].items() if k == kind]
        if items:
            scores = np.array([v[1] for _n, v in items])
            days = np.array([v[2] for _n, v in items])
            shares = core.score_shares(scores, days, core.day_number(as_of))
        else:
            shares = np.zeros(0)
        ranked = sorted(
            zip(shares.tolist(), (n for n, _v in items), strict=True), key=lambda x: (-x[0], x[1])
        )
        recent[kind] = [{"name": name, "score_pct": round(pct, 3)} for pct, name in ranked[:FAVOURITES]]
        by_minutes = sorted(items, key=lambda item: (-item[1][0], item[0]))
        all_time[kind] = [{"name": name, "minutes": round(v[0])} for name, v in by_minutes[:FAVOURITES]]
    schedules = {}
    for kind, number, rate in (
        ("workday", core.workday_number(as_of), core.WORKDAY_ALPHA),
        ("weekend", core.weekend_number(as_of), core.WEEKEND_ALPHA),
    ):
        hours, n = state[kind]
        current = core.decay(hours, n if n is not None else number, number, rate) if n is not None else hours
        schedules[kind] = [round(float(x), 4) for x in current]
    kept = days_with_schedule(profile_dir)
    heatmap = sorted(state["heatmap"].items())
    return {
        "login": state["login"],
        "last_analysed": as_of.isoformat(),
        "recent_channels": recent["channel"],
        "recent_games": recent["game"],
        "all_time_channels": all_time["channel"],
        "all_time_games": all_time["game"],
        "workday_schedule": schedules["workday"],
        "weekend_schedule": schedules["weekend"],
        "heatmap": [{"date": d, "minutes": round(m)} for d, m in heatmap],
        "days": [d for d, _m in heatmap if d in kept],
    }


def pipeline_days(store: GraphStore) -> list[dict[str, Any]]:
    """Every processed day's counts and stage timings, ascending."""
    days = []
    for row in store.ro_query(queries.DAYS).dicts():
        names, seconds = row.pop("stage_names") or [], row.pop("stage_seconds") or []
        days.append(
            {
                "date": row["date"],
                "viewers": int(row["viewers"] or 0),
                "channels": int(row["channels"] or 0),
                "windows": int(row["windows"] or 0),
                "presences": int(row["presences"] or 0),
                "bots_banned": int(row["bots_banned"] or 0),
                "sanity": row["sanity"],
                "stages": {n: float(s) for n, s in zip(names, seconds, strict=False)},
                "processed_at": row["processed_at"],
            }
        )
    return days


def pipeline_health(store: GraphStore) -> dict[str, Any]:
    """The overview's sanity: the last day's, the viewers then and their change since the same weekday a
    week earlier (weekends and workdays differ: the day before would show a normal Monday as a drop;
    null when that day was not processed), each day's sanity."""
    days = pipeline_days(store)
    last = days[-1] if days else None
    week_before = (date.fromisoformat(last["date"]) - timedelta(days=7)).isoformat() if last else None
    earlier = next((d for d in days if d["date"] == week_before), None)
    return {
        "sanity": last["sanity"] if last else "unknown",
        "last_day": last["date"] if last else None,
        "viewers_last_day": last["viewers"] if last else 0,
        "viewers_change": last["viewers"] - earlier["viewers"] if last and earlier else None,
        "compared_with": week_before,
        "days": [{"date": d["date"], "sanity": d["sanity"]} for d in days],
    }
