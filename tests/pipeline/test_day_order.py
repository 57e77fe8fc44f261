"""Days go in order, once; running a day again, whole or after a crash, changes nothing."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backend.graph.store import GraphStore
from backend.pipeline.day import DayOrderError, process_day
from tests.pipeline.conftest import START, options, process_all

SNAPSHOT = """
MATCH (u:User) OPTIONAL MATCH (u)-[r]->(t)
RETURN u.login AS login, u.workday AS workday, u.weekend AS weekend, u.heatmap_dates AS dates,
       u.heatmap_minutes AS minutes, type(r) AS type, coalesce(t.login, t.name) AS target,
       r.minutes AS watched, r.score AS score, r.score_day AS day
ORDER BY login, type, target
"""


def snapshot(store: GraphStore) -> list[tuple[Any, ...]]:
    return store.ro_query(SNAPSHOT).rows


def test_processing_a_day_again_changes_nothing(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    process_all(store, config, samples, days=2)
    before = snapshot(store)
    days = store.ro_query("MATCH (d:Day) RETURN d.date, d.processed_at ORDER BY d.date").rows
    again = process_day(store, options(config), samples, START + timedelta(days=1))
    assert not again.processed and again.stats == {"sanity": "ok"}
    assert snapshot(store) == before
    assert store.ro_query("MATCH (d:Day) RETURN d.date, d.processed_at ORDER BY d.date").rows == days


def test_a_day_interrupted_after_its_writes_completes_without_counting_twice(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    process_all(store, config, samples, days=2)
    before = snapshot(store)
    # A crash after every write but the day's record: the run is repeated from the start.
    store.query("MATCH (d:Day {date: $date}) DELETE d", {"date": (START + timedelta(days=1)).isoformat()})
    result = process_day(store, options(config), samples, START + timedelta(days=1))
    assert result.processed and result.stats["sanity"] == "ok"
    assert snapshot(store) == before


def test_a_day_out_of_order_is_refused_naming_the_expected_day(
    store: GraphStore, config: dict[str, Any], samples: Path
) -> None:
    with pytest.raises(DayOrderError, match=f"the next day to process is {START}"):
        process_day(store, options(config), samples, START + timedelta(days=2))
    process_all(store, config, samples, days=2)
    with pytest.raises(DayOrderError, match=f"the next day to process is {START + timedelta(days=2)}"):
        process_day(store, options(config), samples, START + timedelta(days=3))
    store.query("MATCH (d:Day {date: $date}) DELETE d", {"date": START.isoformat()})
    with pytest.raises(DayOrderError, match="comes before the last processed day"):
        process_day(store, options(config), samples, START)


def test_a_day_that_is_not_over_is_refused(store: GraphStore, config: dict[str, Any], samples: Path) -> None:
    with pytest.raises(DayOrderError, match="not over yet"):
        process_day(store, options(config), samples, START, now=datetime(2026, 5, 7, 20, 0, tzinfo=UTC))
