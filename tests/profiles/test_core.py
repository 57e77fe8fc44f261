"""The pure profile math: lazy decay equals a daily update, day numbers, group-bys, bots, stored form."""

from datetime import date, timedelta

import numpy as np
import pytest

from backend.profiles import core


def test_lazy_decay_equals_an_update_every_day() -> None:
    rng = np.random.default_rng(0)
    watched = rng.random(60) < 0.3
    minutes = np.where(watched, rng.integers(5, 200, 60), 0).astype(float)
    eager = 0.0
    for x in minutes:
        eager = core.RECENT_ALPHA * x + (1 - core.RECENT_ALPHA) * eager
    lazy, lazy_day = np.zeros(1), np.zeros(1, np.int64)
    for day in np.flatnonzero(watched):
        lazy = core.ema_update(lazy, lazy_day, np.array([minutes[day]]), int(day), core.RECENT_ALPHA)
        lazy_day = np.array([day])
    assert core.decay(lazy, lazy_day, 59, core.RECENT_ALPHA)[0] == pytest.approx(eager, rel=1e-12)


def test_alphas_follow_the_definitions() -> None:
    assert (core.RECENT_ALPHA, core.WORKDAY_ALPHA, core.WEEKEND_ALPHA) == (2 / 29, 2 / 21, 2 / 9)


def test_workday_and_weekend_numbers_count_their_days() -> None:
    start = date(2026, 3, 1)
    for offset in range(40):
        day = start + timedelta(days=offset)
        span = [start + timedelta(days=i) for i in range(1, offset + 1)]
        assert core.workday_number(day) - core.workday_number(start) == sum(d.weekday() < 5 for d in span)
        assert core.weekend_number(day) - core.weekend_number(start) == sum(d.weekday() >= 5 for d in span)


def test_decay_refuses_to_go_back_in_time() -> None:
    with pytest.raises(ValueError):
        core.decay(np.ones(1), 10, 9, 0.5)


def test_aggregate_day_sums_minutes_per_viewer_target_and_hour() -> None:
    viewer = np.array([4, 4, 4, 9])
    agg = core.aggregate_day(
        viewer, np.array([1, 1, 2, 1]), np.array([0, -1, 0, 3]), np.array([20, 21, 21, 3]), 5.0
    )
    assert agg.viewers.tolist() == [4, 9] and agg.minutes.tolist() == [15.0, 5.0]
    assert [a.tolist() for a in agg.channel_pairs] == [[4, 4, 9], [1, 2, 1], [10.0, 5.0, 5.0]]
    assert [a.tolist() for a in agg.game_pairs] == [[4, 9], [0, 3], [10.0, 5.0]]
    assert agg.hours[0, 20] == 5.0 and agg.hours[0, 21] == 10.0 and agg.hours[1, 3] == 5.0
    assert agg.hours.sum() == 20.0


def test_score_shares_sum_to_100_and_do_not_depend_on_the_reference_day() -> None:
    scores, days = np.array([3.0, 1.0, 2.0]), np.array([10, 12, 11])
    shares = core.score_shares(scores, days, 12)
    assert shares.sum() == pytest.approx(100)
    assert core.score_shares(scores, days, 40) == pytest.approx(shares)
    assert core.score_shares(np.zeros(2), np.array([1, 1]), 2).tolist() == [0.0, 0.0]


def test_find_bots_counts_channels_within_one_window() -> None:
    viewer = np.array([1] * 10 + [2] * 10)
    window = np.array([0] * 10 + list(range(10)))
    assert core.find_bots(viewer, window, 10).tolist() == [1]
    assert core.is_known_bot("NightBot") and not core.is_known_bot("alice")


def test_hours_round_trip_through_the_stored_form() -> None:
    hours = np.random.default_rng(1).random((3, 24)) * 60
    assert core.decode_hours(core.encode_hours(hours)) == pytest.approx(hours, rel=1e-9)
    assert core.decode_hours([None, ""]).tolist() == [[0.0] * 24] * 2
    with pytest.raises(ValueError):
        core.decode_hours(["1 2 3"])
