"""The issue's check: every profile value of a few viewers, after several days (workdays, a weekend, bots),
against a direct plain-Python computation from the raw windows: all-time minutes per channel and game,
recent scores, workday and weekend schedules, heatmap and day schedules.

The reference updates every viewer every day (eager EMAs with zero days), as TwitchProfiler did; the
pipeline decays lazily. Equal numbers are the proof that lazy decay is exact.
"""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backend.graph.store import GraphStore
from backend.profiles.reads import profile_view, viewer_day
from tests.pipeline.conftest import DAYS, KNOWN_BOTS, START, process_all, profiles, raw_windows

RECENT, WORKDAY, WEEKEND = 2 / 29, 2 / 21, 2 / 9


def reference(folder: Path, threshold: int = 10) -> dict[str, Any]:
    """Profiles computed directly from the windows, day by day, with dicts and loops only."""
    days: dict[Any, list[tuple[Any, dict[str, Any]]]] = {}
    for local, sample in raw_windows(folder):
        days.setdefault(local.date(), []).append((local, sample))
    banned: set[str] = set()
    minutes: dict[str, dict[tuple[str, str], float]] = {}
    scores: dict[str, dict[tuple[str, str], float]] = {}
    workday: dict[str, list[float]] = {}
    weekend: dict[str, list[float]] = {}
    heatmap: dict[str, dict[str, float]] = {}
    schedule: dict[tuple[str, str], list[tuple[str, str, str | None, int]]] = {}
    for day in sorted(days):
        seen: dict[str, dict[tuple[str, str], float]] = {}
        hours: dict[str, list[float]] = {}
        for _local, sample in days[day]:
            in_window: dict[str, int] = {}
            for channel in sample["channels"]:
                for login in channel["chatters"] + channel["lurkers"]:
                    in_window[login] = in_window.get(login, 0) + 1
            banned |= {login for login, n in in_window.items() if n >= threshold or login in KNOWN_BOTS}
        for local, sample in days[day]:
            worth = sample["window_seconds"] / 60
            for channel in sample["channels"]:
                for login in channel["chatters"] + channel["lurkers"]:
                    if login in banned:
                        continue
                    mine = seen.setdefault(login, {})
                    targets = [("channel", channel["login"])]
                    if channel["game_name"]:
                        targets.append(("game", channel["game_name"]))
                    for target in targets:
                        mine[target] = mine.get(target, 0) + worth
                    hours.setdefault(login, [0.0] * 24)[local.hour] += worth
                    schedule.setdefault((login, day.isoformat()), []).append(
                        (sample["window_start"], channel["login"], channel["game_name"], round(worth))
                    )
        for login in banned:
            for table in (minutes, scores, workday, weekend, heatmap):
                table.pop(login, None)
        everyone = set(scores) | set(seen)
        for login in everyone:  # eager: every viewer ever seen, every day
            today = seen.get(login, {})
            old = scores.setdefault(login, {})
            for target in set(old) | set(today):
                old[target] = RECENT * today.get(target, 0) + (1 - RECENT) * old.get(target, 0)
                minutes.setdefault(login, {})[target] = minutes.get(login, {}).get(target, 0) + today.get(
                    target, 0
                )
            table, rate = (workday, WORKDAY) if day.weekday() < 5 else (weekend, WEEKEND)
            mine = table.setdefault(login, [0.0] * 24)
            now = hours.get(login, [0.0] * 24)
            table[login] = [rate * x + (1 - rate) * s for x, s in zip(now, mine, strict=True)]
            if login in seen:
                heatmap.setdefault(login, {})[day.isoformat()] = sum(
                    seen[login].get(t, 0) for t in seen[login] if t[0] == "channel"
                )
    return {
        "banned": banned,
        "minutes": minutes,
        "scores": scores,
        "workday": workday,
        "weekend": weekend,
        "heatmap": heatmap,
        "schedule": schedule,
        "last": max(days).isoformat(),
    }


@pytest.fixture
def processed(store: GraphStore, config: dict[str, Any], samples: Path) -> dict[str, Any]:
    results = process_all(store, config, samples)
    assert [r.stats["sanity"] for r in results] == ["ok"] * DAYS
    return reference(samples)


def chosen_viewers(ref: dict[str, Any]) -> list[str]:
    """A few viewers: the busiest, one seen on the weekend only or the week only, and one seen once."""
    by_days = sorted(
        ref["heatmap"], key=lambda v: (-len(ref["heatmap"][v]), -sum(ref["heatmap"][v].values()), v)
    )
    weekend_only = [
        v for v in by_days if all(d >= (START + timedelta(days=2)).isoformat() for d in ref["heatmap"][v])
    ]
    once = [v for v in by_days if len(ref["heatmap"][v]) == 1]
    return [by_days[0], by_days[1], weekend_only[0], once[-1]]


def test_every_profile_value_matches_a_direct_computation(
    processed: dict[str, Any], store: GraphStore, config: dict[str, Any]
) -> None:
    ref = processed
    for login in chosen_viewers(ref):
        view = profile_view(store, profiles(config), login)
        assert view is not None, login
        assert view["last_analysed"] == ref["last"]
        for kind, key in (("channel", "channels"), ("game", "games")):
            expected = {name: m for (k, name), m in ref["minutes"][login].items() if k == kind}
            ranked = sorted(expected.items(), key=lambda x: (-x[1], x[0]))[:10]
            assert view[f"all_time_{key}"] == [{"name": n, "minutes": round(m)} for n, m in ranked]
            total = sum(s for (k, _n), s in ref["scores"][login].items() if k == kind)
            shares = {name: 100 * s / total for (k, name), s in ref["scores"][login].items() if k == kind}
            assert len(view[f"recent_{key}"]) == min(10, len(shares))
            for item in view[f"recent_{key}"]:
                assert item["score_pct"] == pytest.approx(shares[item["name"]], abs=1e-3)
            top = sorted(shares.values(), reverse=True)[:10]
            assert [i["score_pct"] for i in view[f"recent_{key}"]] == pytest.approx(top, abs=1e-3)
        assert view["workday_schedule"] == pytest.approx(ref["workday"].get(login, [0.0] * 24), abs=1e-4)
        assert view["weekend_schedule"] == pytest.approx(ref["weekend"].get(login, [0.0] * 24), abs=1e-4)
        assert view["heatmap"] == [
            {"date": d, "minutes": round(m)} for d, m in sorted(ref["heatmap"][login].items())
        ]
        assert view["days"] == sorted(ref["heatmap"][login])
        for day in view["days"]:
            stored = [
                (w["start"], w["channel"], w["game"], round(w["minutes"]))
                for w in viewer_day(profiles(config), login, day)
            ]
            assert stored == sorted(ref["schedule"][(login, day)])


def test_bots_are_banned_and_their_data_removed(
    processed: dict[str, Any], store: GraphStore, world: Path
) -> None:
    banned = {row[0] for row in store.ro_query("MATCH (b:Banned) RETURN b.login").rows}
    assert banned == processed["banned"]
    seen = {
        login for _local, sample in raw_windows(world) for c in sample["channels"] for login in c["chatters"]
    }
    assert seen & KNOWN_BOTS and seen & KNOWN_BOTS <= banned  # the demo world's chat bots
    assert any(login.startswith("viewerbot_") for login in banned)
    left = store.ro_query(
        "MATCH (u:User)-[r:WATCHED|CHATTER]->() WHERE u.login IN $logins RETURN count(r)",
        {"logins": sorted(banned)},
    ).single_value()
    assert left == 0


def test_day_stats_are_recorded_in_pipeline_order(processed: dict[str, Any], store: GraphStore) -> None:
    from backend.profiles.reads import pipeline_days, pipeline_health

    days = pipeline_days(store)
    assert [d["date"] for d in days] == [(START + timedelta(days=i)).isoformat() for i in range(DAYS)]
    assert list(days[0]["stages"]) == [
        "read",
        "restructure",
        "bots",
        "profiles",
        "graph",
        "schedules",
        "verify",
    ]
    for day in days:
        expected = {v for (v, d) in processed["schedule"] if d == day["date"]}
        assert day["viewers"] == len(expected)
        assert day["sanity"] == "ok" and day["windows"] == 288 and day["channels"] > 10
    health = pipeline_health(store)
    assert health["sanity"] == "ok" and health["last_day"] == days[-1]["date"]
    # Four days: none a week before the last, so nothing to compare with (the same weekday is).
    assert health["viewers_change"] is None
    assert health["compared_with"] == (date.fromisoformat(days[-1]["date"]) - timedelta(days=7)).isoformat()
