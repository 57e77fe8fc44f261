"""A viewer's stored profile state, as the graph holds it: what the read side serves and the day
pipeline's verification compares (both read it here, neither through the other)."""

from typing import Any

from backend.graph import queries
from backend.graph.store import GraphStore
from backend.profiles import core

__all__ = ["viewer_profile"]


def viewer_profile(store: GraphStore, login: str) -> dict[str, Any] | None:
    """A viewer's stored state as it is (no decay): None when the graph has no such user."""
    row = store.ro_query(queries.VIEWER_PROFILE, {"login": login}).dicts()
    if not row:
        return None
    found = row[0]
    watched: dict[tuple[str, str], tuple[float, float, int]] = {}
    for labels, target_login, name, minutes, score, score_day in store.ro_query(
        queries.VIEWER_WATCHED, {"login": login}
    ).rows:
        kind = "game" if "Game" in labels else "channel"
        watched[(kind, target_login if kind == "channel" else name)] = (
            float(minutes),
            float(score),
            int(score_day),
        )
    dates = found["heatmap_dates"] or []
    minutes = found["heatmap_minutes"] or []
    return {
        "login": found["login"],
        "profile_day": found["profile_day"],
        "watched": watched,
        "heatmap": {d: float(m) for d, m in zip(dates, minutes, strict=False)},
        "workday": (core.decode_hours([found["workday"]])[0], found["workday_n"]),
        "weekend": (core.decode_hours([found["weekend"]])[0], found["weekend_n"]),
    }
