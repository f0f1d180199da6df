"""The progress methodology, checked against figures computed by hand."""

import datetime
import random

import pytest

from monitoring.dashboards.engine.figures import Figure
from monitoring.dashboards.engine.method import (
    Rollup,
    RunningTrend,
    indicator_status,
    rollup_status,
    trend_value,
    year_of,
)

TARGET_DATE = datetime.date(2030, 12, 31)
T = year_of(TARGET_DATE)


def test_year_of_is_a_fractional_year():
    assert year_of(datetime.date(2026, 1, 1)) == 2026.0
    assert year_of(datetime.date(2026, 7, 2)) == pytest.approx(2026.5, abs=0.002)


def test_the_trend_is_the_least_squares_line():
    # Points on x = 10 + 5 (t - 2025): read at 2030 the line gives 35.
    points = [(2025.0, 10.0), (2026.0, 15.0), (2027.0, 20.0)]
    assert trend_value(points, 2030.0) == pytest.approx(35.0)
    # Scattered points: slope 4.5 and mean (2026, 16) by hand.
    points = [(2025.0, 10.0), (2026.0, 19.0), (2027.0, 19.0)]
    assert trend_value(points, 2030.0) == pytest.approx(16 + 4.5 * 4)


def test_the_running_trend_the_engine_uses_is_the_same_line():
    rng = random.Random(5)
    quarters = [year_of(datetime.date(2021 + q // 4, 3 * (q % 4) + 1, 28)) for q in range(20)]
    running, points = RunningTrend(), []
    assert running.at(T) is None
    for t in quarters:
        x = rng.uniform(-1000, 5000)
        running.add(t, x)
        points.append((t, x))
        if len(points) >= 2:
            assert running.at(T) == pytest.approx(trend_value(points, T), rel=1e-9, abs=1e-9)


def test_an_increasing_indicator_on_track():
    # Baseline 20, target 80; 35 then 50 a year later: the line reaches 80 before 2030.
    points = [(T - 5, 35.0), (T - 4, 50.0)]
    current, anticipated, status = indicator_status(
        baseline=20, target=80, target_date=TARGET_DATE, value=50, points=points
    )
    assert current == pytest.approx(0.5)  # (50 − 20) / (80 − 20)
    assert anticipated == pytest.approx((50 + 15 * 4 - 20) / 60)  # x̂T = 110
    assert status == "on_track"


def test_a_decreasing_indicator_uses_the_same_formula():
    # Households without water: baseline 5000, target 1000; 4000 then 3600 a year later.
    points = [(T - 5, 4000.0), (T - 4, 3600.0)]
    current, anticipated, status = indicator_status(
        baseline=5000, target=1000, target_date=TARGET_DATE, value=3600, points=points
    )
    assert current == pytest.approx(0.35)  # (3600 − 5000) / (1000 − 5000)
    assert anticipated == pytest.approx((3600 - 400 * 4 - 5000) / -4000)  # x̂T = 2000: 0.75
    assert status == "acceleration"


def test_a_decreasing_indicator_moving_the_wrong_way_is_regressing():
    points = [(T - 5, 5200.0), (T - 4, 5600.0)]
    current, anticipated, status = indicator_status(
        baseline=5000, target=1000, target_date=TARGET_DATE, value=5600, points=points
    )
    assert current == 0.0  # clamped: worse than the baseline
    assert anticipated < 0
    assert status == "regressing"


def test_a_target_already_met_is_achieved_whatever_the_trend():
    points = [(T - 5, 90.0), (T - 4, 85.0)]
    current, _anticipated, status = indicator_status(
        baseline=20, target=80, target_date=TARGET_DATE, value=85, points=points
    )
    assert current == 1.0  # clamped to the target
    assert status == "achieved"


def test_one_data_point_is_insufficient_for_anticipated_progress():
    current, anticipated, status = indicator_status(
        baseline=0, target=100, target_date=TARGET_DATE, value=30, points=[(T - 5, 30.0)]
    )
    assert (current, anticipated, status) == (0.3, None, "insufficient")


def test_slow_progress_is_limited():
    points = [(T - 5, 22.0), (T - 4, 24.0)]
    _current, anticipated, status = indicator_status(
        baseline=20, target=80, target_date=TARGET_DATE, value=24, points=points
    )
    assert anticipated == pytest.approx((24 + 2 * 4 - 20) / 60)  # 0.2
    assert status == "limited"


def test_a_yes_no_indicator_reaching_yes_is_achieved():
    _current, _anticipated, status = indicator_status(
        baseline=0, target=1, target_date=TARGET_DATE, value=1, points=[(T - 5, 1.0)]
    )
    assert status == "achieved"


def figure(current, anticipated, status):
    return Figure("indicator", 1, 1, 1, current, anticipated, status)


def test_rollups_are_simple_averages_with_achieved_counting_as_one():
    members = [
        figure(1.0, 0.8, "achieved"),  # counts as 1.0 in the anticipated average
        figure(0.5, 0.6, "acceleration"),
        figure(0.2, None, "insufficient"),  # only in the current average
    ]
    current, anticipated, status = rollup_status(members)
    assert current == pytest.approx((1.0 + 0.5 + 0.2) / 3)
    assert anticipated == pytest.approx((1.0 + 0.6) / 2)
    assert status == "acceleration"


def test_a_rollup_is_achieved_only_when_every_member_is():
    assert rollup_status([figure(1, 1.2, "achieved"), figure(1, 1.0, "achieved")])[2] == "achieved"
    assert (
        rollup_status([figure(1, 1.2, "achieved"), figure(0.9, 1.0, "on_track")])[2] == "on_track"
    )


def test_a_rollup_of_members_without_a_trend_is_insufficient():
    assert rollup_status([figure(0.3, None, "insufficient")]) == (0.3, None, "insufficient")


def test_the_engines_running_sums_give_the_rollup_status():
    rng = random.Random(9)
    classes = ["achieved", "on_track", "acceleration", "limited", "regressing", "insufficient"]
    members = [
        Figure(
            "indicator",
            1,
            1,
            n,
            # Six decimals, as an indicator's figures have.
            rng.choice([None, round(rng.random(), 6)]),
            rng.choice([None, round(rng.uniform(-1, 2), 6)]),
            rng.choice(classes),
        )
        for n in range(30)
    ]
    rollup = Rollup()
    for member in members:
        rollup.add(member)
    assert rollup.status() == rollup_status(members)
