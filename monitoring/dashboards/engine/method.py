"""The progress method, after UN ESCAP's SDG progress assessment (docs/methodology.md).

Everything here is arithmetic on plain numbers: no database. PostgreSQL computes the same
figures set-wise for speed (engine/sql.py reads its thresholds and precision from here),
and tests/monitoring/test_engine_sql_matches_method.py checks the two on generated series.

For an indicator with baseline x0, target xT and its value x as of a period:

  current status        (x − x0) / (xT − x0), clamped to [0, 1]
  anticipated progress  (x̂T − x0) / (xT − x0), where x̂T is the least-squares line through
                        the reported points read at the target date
  status class          achieved once x reaches xT (from either side: a target below the
                        baseline is reached by going down); otherwise by the anticipated
                        progress: on track ≥ 0.95, acceleration needed ≥ 0.5, limited
                        progress ≥ 0, regressing < 0; insufficient data with fewer than
                        two reported points.

Objectives, priorities, SDG goals and a country take the simple average of their
indicators; the region the simple average of its countries. In an average an achieved
member counts as 1 in the anticipated progress, and a member without a trend counts only in
the current status.
"""

import datetime
from decimal import Decimal

from monitoring.dashboards.models import StatusClass

# The status classes' thresholds on the anticipated progress.
ON_TRACK = 0.95
ACCELERATION_NEEDED = 0.5
LIMITED_PROGRESS = 0.0
# Indicators need two reported points for a trend.
MIN_POINTS = 2
# Statuses are kept to six decimals; values (and combined values) to four.
DECIMALS = 6
MILLION = 10**DECIMALS
# Times spread less than this have no slope (the trend is their mean).
FLAT = 1e-12
FOUR_PLACES = Decimal("0.0001")


def year_of(day: datetime.date) -> float:
    """A date as a fractional year, the time axis of the trend."""
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def trend_value(points: list[tuple[float, float]], at: float) -> float:
    """The least-squares line through the points (t, x), read at `at`."""
    n = len(points)
    mean_t = sum(t for t, _x in points) / n
    mean_x = sum(x for _t, x in points) / n
    spread = sum((t - mean_t) ** 2 for t, _x in points)
    slope = sum((t - mean_t) * (x - mean_x) for t, x in points) / spread if spread else 0.0
    return mean_x + slope * (at - mean_t)


def classify(anticipated: float | None, achieved: bool) -> str:
    """The status class of a figure."""
    if achieved:
        return StatusClass.ACHIEVED
    if anticipated is None:
        return StatusClass.INSUFFICIENT
    if anticipated >= ON_TRACK:
        return StatusClass.ON_TRACK
    if anticipated >= ACCELERATION_NEEDED:
        return StatusClass.ACCELERATION
    if anticipated >= LIMITED_PROGRESS:
        return StatusClass.LIMITED
    return StatusClass.REGRESSING


def is_achieved(*, baseline: float, target: float, value: float) -> bool:
    """The target reached, from whichever side the baseline lies."""
    return value >= target if target > baseline else value <= target


def indicator_status(
    *, baseline: float, target: float, target_date: datetime.date, value: float, points
) -> tuple[float, float | None, str]:
    """(current status, anticipated progress, status class) of one indicator, from its
    reported points (t, x)."""
    trend = trend_value(points, year_of(target_date)) if len(points) >= MIN_POINTS else None
    return status_from_trend(baseline=baseline, target=target, value=value, trend_at_target=trend)


def status_from_trend(
    *, baseline: float, target: float, value: float, trend_at_target: float | None
) -> tuple[float, float | None, str]:
    """indicator_status, given the trend already read at the target date (None: too few
    points)."""
    span = target - baseline
    achieved = is_achieved(baseline=baseline, target=target, value=value)
    if span == 0:
        return (1.0 if achieved else 0.0), None, classify(None, achieved)
    current = min(1.0, max(0.0, (value - baseline) / span))
    anticipated = None
    if trend_at_target is not None:
        anticipated = round((trend_at_target - baseline) / span, DECIMALS)
    return round(current, DECIMALS), anticipated, classify(anticipated, achieved)


class RunningTrend:
    """The least-squares line through points added one by one, in O(1) per point: the
    same line as trend_value, from running sums (time measured from the first point, so
    that the sums keep their precision)."""

    __slots__ = ("n", "origin", "t", "tt", "tx", "x")

    def __init__(self):
        self.origin = None
        self.n = 0
        self.t = self.x = self.tt = self.tx = 0.0

    def add(self, t: float, x: float) -> None:
        if self.origin is None:
            self.origin = t
        t -= self.origin
        self.n += 1
        self.t += t
        self.x += x
        self.tt += t * t
        self.tx += t * x

    def at(self, when: float) -> float | None:
        """The line read at `when`; None with fewer than two points."""
        if self.n < MIN_POINTS:
            return None
        mean_t, mean_x = self.t / self.n, self.x / self.n
        spread = self.tt - self.n * mean_t * mean_t
        slope = (self.tx - self.n * mean_t * mean_x) / spread if spread > FLAT else 0.0
        return mean_x + slope * (when - self.origin - mean_t)


def rollup_status(members) -> tuple[float | None, float | None, str]:
    """Simple averages of the members' figures (anything with current, anticipated and
    status_class), so that no single large reporter dominates."""
    currents = [m.current for m in members if m.current is not None]
    expected = [1.0 if m.status_class == StatusClass.ACHIEVED else m.anticipated for m in members]
    expected = [a for a in expected if a is not None]
    current = round(sum(currents) / len(currents), DECIMALS) if currents else None
    anticipated = round(sum(expected) / len(expected), DECIMALS) if expected else None
    achieved = bool(members) and all(m.status_class == StatusClass.ACHIEVED for m in members)
    return current, anticipated, classify(anticipated, achieved)


class Rollup:
    """rollup_status from running sums: members are added one at a time, or as the sums of
    many at once (as the database adds them up, or as a roll-up's snapshot keeps them). The
    figures are summed in whole millionths (they have six decimals), so that sums can be
    added and taken away exactly, in any order."""

    __slots__ = ("achieved", "current_sum", "currents", "expected_sum", "expecteds", "members")

    def __init__(self):
        self.current_sum = self.expected_sum = 0
        self.currents = self.expecteds = self.achieved = self.members = 0

    def add(self, figure) -> None:
        self.members += 1
        if figure.current is not None:
            self.current_sum += round(figure.current * MILLION)
            self.currents += 1
        if figure.status_class == StatusClass.ACHIEVED:
            self.achieved += 1
            self.expected_sum += MILLION
            self.expecteds += 1
        elif figure.anticipated is not None:
            self.expected_sum += round(figure.anticipated * MILLION)
            self.expecteds += 1

    def add_sums(self, current_sum, currents, expected_sum, expecteds, achieved, members):
        self.current_sum += current_sum or 0
        self.currents += currents
        self.expected_sum += expected_sum or 0
        self.expecteds += expecteds
        self.achieved += achieved
        self.members += members

    def sums(self) -> tuple:
        """What a roll-up's snapshot keeps, in SUM_FIELDS order (the members are its
        indicator count)."""
        return self.current_sum, self.currents, self.expected_sum, self.expecteds, self.achieved

    def status(self) -> tuple[float | None, float | None, str]:
        current = (
            round(self.current_sum / self.currents / MILLION, DECIMALS) if self.currents else None
        )
        anticipated = (
            round(self.expected_sum / self.expecteds / MILLION, DECIMALS)
            if self.expecteds
            else None
        )
        achieved = self.members > 0 and self.achieved == self.members
        return current, anticipated, classify(anticipated, achieved)
