"""The dashboard engine: progress snapshots computed from approved values.

Method (docs/methodology.md, after UN ESCAP's SDG progress assessment): for an indicator
with baseline x0 and target xT, and its value x as of a period,
  current status       = (x − x0) / (xT − x0), clamped to [0, 1];
  anticipated progress = (x̂T − x0) / (xT − x0), where x̂T extends the least-squares line
                         through the reported points to the target date;
  status class         = achieved, on track (≥ 0.95), acceleration needed (≥ 0.5), limited
                         progress (≥ 0), regressing (< 0), or insufficient data (< 2 points).
Objectives, priorities, SDG goals and countries average their indicators; the region
averages its countries.

The values are aggregated in the database. On PostgreSQL the indicators' series are
computed there too (window functions, see _store_indicator_series) and the roll-ups from
sums the database adds up; on SQLite Python walks the (indicator × period) groups. Memory
follows the number of objectives, priorities, goals and periods, never the number of
values. Every recompute, whole or partial, runs in one transaction that ends by advancing
the dashboard generation.
"""

import datetime
import gc
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import itemgetter, or_

from django.db import connection, transaction
from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from priorities.models import Objective

from .models import (
    DashboardState,
    IndicatorValue,
    PendingRecompute,
    ProgressReport,
    ProgressSnapshot,
    ReportingPeriod,
    RoadmapIndicator,
    SdgTarget,
    StatusClass,
)

Scope = ProgressSnapshot.Scope
FOUR_PLACES = Decimal("0.0001")
ROLLUP_SCOPES = [
    (Scope.OBJECTIVE, "objective_id", "objective_ids"),
    (Scope.PRIORITY, "priority_id", "priority_ids"),
    (Scope.SDG_GOAL, "sdg_goal_id", "goal_ids"),
]
ROLLUP_KEYS = [Scope.OBJECTIVE, Scope.PRIORITY, Scope.SDG_GOAL, Scope.COUNTRY]


# The snapshot table's columns, in the order rows are written (COPY) and read back.
SNAPSHOT_COLUMNS = [
    "scope",
    "country_id",
    "period_id",
    "indicator_id",
    "objective_id",
    "priority_id",
    "sdg_goal_id",
    "value",
    "period_value",
    "current_status",
    "anticipated_progress",
    "status_class",
    "report_count",
    "organization_count",
    "indicator_count",
    "current_sum",
    "current_count",
    "anticipated_sum",
    "anticipated_count",
    "achieved_count",
    "computed_at",
]


# The method ----------------------------------------------------------------------------


def year_of(day: datetime.date) -> float:
    """A date as a fractional year, the time axis of the trend."""
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def trend_value(points: list[tuple[float, float]], at: float) -> float:
    """The least-squares line through the points, read at `at`."""
    n = len(points)
    mean_t = sum(t for t, _x in points) / n
    mean_x = sum(x for _t, x in points) / n
    spread = sum((t - mean_t) ** 2 for t, _x in points)
    slope = sum((t - mean_t) * (x - mean_x) for t, x in points) / spread if spread else 0.0
    return mean_x + slope * (at - mean_t)


def classify(anticipated: float | None, achieved: bool) -> str:
    if achieved:
        return StatusClass.ACHIEVED
    if anticipated is None:
        return StatusClass.INSUFFICIENT
    if anticipated >= 0.95:
        return StatusClass.ON_TRACK
    if anticipated >= 0.5:
        return StatusClass.ACCELERATION
    if anticipated >= 0:
        return StatusClass.LIMITED
    return StatusClass.REGRESSING


def indicator_status(
    *, baseline: float, target: float, target_date: datetime.date, value: float, points
) -> tuple[float, float | None, str]:
    """(current status, anticipated progress, status class) of one indicator."""
    trend = trend_value(points, year_of(target_date)) if len(points) >= 2 else None
    return status_from_trend(baseline=baseline, target=target, value=value, trend_at_target=trend)


def status_from_trend(
    *, baseline: float, target: float, value: float, trend_at_target: float | None
) -> tuple[float, float | None, str]:
    """indicator_status, given the trend already read at the target date."""
    span = target - baseline
    achieved = value >= target if span > 0 else value <= target
    if span == 0:
        return (1.0 if achieved else 0.0), None, classify(None, achieved)
    current = min(1.0, max(0.0, (value - baseline) / span))
    anticipated = None
    if trend_at_target is not None:
        anticipated = round((trend_at_target - baseline) / span, 6)
    return round(current, 6), anticipated, classify(anticipated, achieved)


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
        if self.n < 2:
            return None
        mean_t, mean_x = self.t / self.n, self.x / self.n
        spread = self.tt - self.n * mean_t * mean_t
        slope = (self.tx - self.n * mean_t * mean_x) / spread if spread > 1e-12 else 0.0
        return mean_x + slope * (when - self.origin - mean_t)


def rollup_status(members: list["Figure"]) -> tuple[float | None, float | None, str]:
    """Simple averages of the members' figures, so no single large reporter dominates. An
    achieved member counts as 1 in the anticipated average; members with too little data
    count only in the current status."""
    currents = [m.current for m in members if m.current is not None]
    expected = [1.0 if m.status_class == StatusClass.ACHIEVED else m.anticipated for m in members]
    expected = [a for a in expected if a is not None]
    current = round(sum(currents) / len(currents), 6) if currents else None
    anticipated = round(sum(expected) / len(expected), 6) if expected else None
    achieved = bool(members) and all(m.status_class == StatusClass.ACHIEVED for m in members)
    return current, anticipated, classify(anticipated, achieved)


# The data ------------------------------------------------------------------------------


@dataclass
class Rule:
    """What the engine needs to know about one roadmap indicator."""

    pk: int
    roadmap_id: int
    aggregation: str
    cumulative: bool
    baseline: float
    target: float
    target_date: datetime.date
    objective_ids: set = field(default_factory=set)
    priority_ids: set = field(default_factory=set)
    goal_ids: set = field(default_factory=set)


@dataclass
class Figure:
    """One snapshot before it is stored."""

    scope: str
    country_id: int | None
    period_id: int
    key: int | None
    current: float | None
    anticipated: float | None
    status_class: str
    value: Decimal | None = None
    period_value: Decimal | None = None
    reports: int = 0
    organizations: int = 0
    indicators: int = 0
    # A country's roll-ups: the sums their figures come from (Rollup.sums).
    sums: tuple | None = None

    def as_row(self, computed_at) -> tuple:
        """The snapshot's columns in SNAPSHOT_COLUMNS order."""
        scope = self.scope
        return (
            scope,
            self.country_id,
            self.period_id,
            self.key if scope == Scope.INDICATOR else None,
            self.key if scope == Scope.OBJECTIVE else None,
            self.key if scope == Scope.PRIORITY else None,
            self.key if scope == Scope.SDG_GOAL else None,
            self.value,
            self.period_value,
            self.current,
            self.anticipated,
            self.status_class,
            self.reports,
            self.organizations,
            self.indicators,
            *(self.sums or _NO_SUMS),
            computed_at,
        )

    def as_model(self, computed_at) -> ProgressSnapshot:
        keys = {
            "indicator_id": None,
            "objective_id": None,
            "priority_id": None,
            "sdg_goal_id": None,
        }
        key_field = {
            Scope.INDICATOR: "indicator_id",
            Scope.OBJECTIVE: "objective_id",
            Scope.PRIORITY: "priority_id",
            Scope.SDG_GOAL: "sdg_goal_id",
        }.get(self.scope)
        if key_field:
            keys[key_field] = self.key
        return ProgressSnapshot(
            scope=self.scope,
            country_id=self.country_id,
            period_id=self.period_id,
            value=self.value,
            period_value=self.period_value,
            current_status=self.current,
            anticipated_progress=self.anticipated,
            status_class=self.status_class,
            report_count=self.reports,
            organization_count=self.organizations,
            indicator_count=self.indicators,
            computed_at=computed_at,
            **dict(zip(_SUM_FIELDS, self.sums or _NO_SUMS, strict=True)),
            **keys,
        )


_SUM_FIELDS = [
    "current_sum",
    "current_count",
    "anticipated_sum",
    "anticipated_count",
    "achieved_count",
]
_NO_SUMS = (None,) * len(_SUM_FIELDS)


def load_rules(indicator_ids=None, roadmap_ids=None) -> dict[int, Rule]:
    """The rules of every indicator, or of the given indicators, or of the indicators of
    the given roadmaps (ids or a subquery)."""
    indicators = RoadmapIndicator.objects.all()
    links = RoadmapIndicator.objectives.through.objects.all()
    targets = RoadmapIndicator.sdg_targets.through.objects.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
        links = links.filter(roadmapindicator_id__in=indicator_ids)
        targets = targets.filter(roadmapindicator_id__in=indicator_ids)
    if roadmap_ids is not None:
        indicators = indicators.filter(roadmap_id__in=roadmap_ids)
        links = links.filter(roadmapindicator__roadmap_id__in=roadmap_ids)
        targets = targets.filter(roadmapindicator__roadmap_id__in=roadmap_ids)
    columns = indicators.values_list(
        "pk",
        "roadmap_id",
        "aggregation",
        "cumulative",
        "baseline_value",
        "target_value",
        "target_date",
    )
    rules = {
        pk: Rule(pk, roadmap, aggregation, cumulative, float(baseline), float(target), target_date)
        for pk, roadmap, aggregation, cumulative, baseline, target, target_date in columns
    }
    priority_of = dict(Objective.objects.values_list("pk", "priority_id"))
    for indicator_id, objective_id in links.values_list("roadmapindicator_id", "objective_id"):
        rules[indicator_id].objective_ids.add(objective_id)
        rules[indicator_id].priority_ids.add(priority_of[objective_id])
    for indicator_id, goal_id in targets.values_list("roadmapindicator_id", "sdgtarget__goal_id"):
        rules[indicator_id].goal_ids.add(goal_id)
    return rules


def snapshot_periods() -> list[ReportingPeriod]:
    """The periods dashboards are computed for: every period that has begun."""
    return list(
        ReportingPeriod.objects.filter(start__lte=timezone.localdate()).order_by("start", "pk")
    )


def grouped_values(
    country_id: int, rules: dict[int, Rule], indicator_ids=None
) -> dict[int, dict[int, tuple[Decimal, int]]]:
    """Each indicator's combined value and number of reporting organisations per period,
    computed in the database from the country's approved values (grouped on the value
    table alone: each rule says whether its indicator sums, averages or takes the latest)."""
    values = IndicatorValue.objects.filter(is_approved=True, country_id=country_id).exclude(
        value=None
    )
    if indicator_ids is not None:
        values = values.filter(indicator_id__in=indicator_ids)
    rows = (
        values.values_list("indicator_id", "period_id")
        .annotate(total=Sum("value"), mean=Avg("value"), n=Count("id"))
        .order_by()
    )
    grouped: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    latest_groups = set()
    for indicator_id, period_id, total, mean, n in rows:
        aggregation = rules[indicator_id].aggregation
        grouped[indicator_id][period_id] = (total if aggregation == "sum" else mean, n)
        if aggregation == "latest":
            latest_groups.add(indicator_id)
    if latest_groups:
        # "Latest": the value of the report approved last in the period (ties: the newest row).
        newest = (
            IndicatorValue.objects.filter(
                is_approved=True,
                country_id=country_id,
                indicator_id=OuterRef("indicator_id"),
                period_id=OuterRef("period_id"),
            )
            .exclude(value=None)
            .order_by("-report__reviewed_at", "-pk")
            .values("value")[:1]
        )
        rows = (
            values.filter(indicator_id__in=latest_groups)
            .values("indicator_id", "period_id")
            .annotate(n=Count("id"), latest=Subquery(newest))
            .order_by()
        )
        for row in rows:
            grouped[row["indicator_id"]][row["period_id"]] = (row["latest"], row["n"])
    return grouped


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(FOUR_PLACES)


def indicator_figures(country_id, rules, grouped, periods) -> list[Figure]:
    """Snapshots of each indicator as of every period since it was first reported."""
    figures = []
    period_times = [(period, period.pk, year_of(period.end)) for period in periods]
    target_times: dict[datetime.date, float] = {}
    for indicator_id, by_period in grouped.items():
        rule = rules[indicator_id]
        reported = [p for p, pk, _t in period_times if pk in by_period]
        if not reported:
            continue
        if rule.target_date not in target_times:
            target_times[rule.target_date] = year_of(rule.target_date)
        target_time = target_times[rule.target_date]
        trend, value, stock = RunningTrend(), None, Decimal(str(rule.baseline))
        trend_at_target = None
        for period, period_id, period_time in period_times:
            if period.start < reported[0].start:
                continue
            period_value, n = None, 0
            if period_id in by_period:
                combined, n = by_period[period_id]
                period_value = _decimal(combined)
                if rule.cumulative:
                    stock += period_value
                    value = stock
                else:
                    value = period_value
                trend.add(period_time, float(value))
                trend_at_target = trend.at(target_time)
            current, anticipated, status_class = status_from_trend(
                baseline=rule.baseline,
                target=rule.target,
                value=float(value),
                trend_at_target=trend_at_target,
            )
            figures.append(
                Figure(
                    scope=Scope.INDICATOR,
                    country_id=country_id,
                    period_id=period_id,
                    key=indicator_id,
                    current=current,
                    anticipated=anticipated,
                    status_class=status_class,
                    value=_decimal(value),
                    period_value=period_value,
                    reports=n,
                    organizations=n,
                    indicators=1,
                )
            )
    return figures


MILLION = 1_000_000


class Rollup:
    """The running sums behind rollup_status: members are added one at a time, or as the
    sums of many at once (as the database returns them, or as a roll-up's snapshot keeps
    them). The figures are summed in whole millionths (they have six decimals), so that
    sums can be added and taken away exactly, in any order."""

    __slots__ = ("achieved", "current_sum", "currents", "expected_sum", "expecteds", "members")

    def __init__(self):
        self.current_sum = self.expected_sum = 0
        self.currents = self.expecteds = self.achieved = self.members = 0

    def add(self, figure: "Figure") -> None:
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
        """What a roll-up's snapshot keeps, in _SUM_FIELDS order (the members are its
        indicator count)."""
        return self.current_sum, self.currents, self.expected_sum, self.expecteds, self.achieved

    def status(self) -> tuple[float | None, float | None, str]:
        current = round(self.current_sum / self.currents / MILLION, 6) if self.currents else None
        anticipated = (
            round(self.expected_sum / self.expecteds / MILLION, 6) if self.expecteds else None
        )
        achieved = self.members > 0 and self.achieved == self.members
        return current, anticipated, classify(anticipated, achieved)


def scope_keys(rule: Rule):
    """The (scope, key) pairs an indicator counts in, the country included."""
    for scope, _field, attribute in ROLLUP_SCOPES:
        for key in getattr(rule, attribute):
            yield scope, key
    yield Scope.COUNTRY, None


def roadmap_scopes(rules) -> dict[int, set]:
    """The (scope, key) pairs each roadmap has an indicator in."""
    scopes: dict[int, set] = defaultdict(set)
    for rule in rules.values():
        scopes[rule.roadmap_id].update(scope_keys(rule))
    return scopes


def report_groups(country_id=None, periods=None) -> dict[int, dict]:
    """The approved reports of one country (None: every country), in the given periods
    (None: all), grouped for scope_activity: {country: {roadmap: {period: [reports,
    organisations]}}}, the organisations of a group being the bits of an integer (a bit
    per organisation of the country), so that the organisations of a scope are the union
    of a few integers, not of sets. Read as plain rows in one query."""
    return _group_reports(_report_rows(country_id, periods))


def _report_rows(country_id=None, periods=None) -> list[tuple]:
    """report_groups' rows: (country, roadmap, period, organisation) of each report."""
    reports = ProgressReport._meta.db_table
    organizations = ProgressReport._meta.get_field("organization").related_model._meta.db_table
    where, params = ["r.status = %s"], [ProgressReport.Status.APPROVED]
    if country_id is not None:
        where.append("o.country_id = %s")
        params.append(country_id)
    if periods is not None:
        where.append(f"r.period_id IN ({', '.join(['%s'] * len(periods)) or 'NULL'})")
        params.extend(periods)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.country_id, r.roadmap_id, r.period_id, r.organization_id "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"FROM {reports} r JOIN {organizations} o ON o.id = r.organization_id "
            f"WHERE {' AND '.join(where)}",
            params,
        )
        return cursor.fetchall()


def _group_reports(rows) -> dict[int, dict]:
    """report_groups from its rows (country, roadmap, period, organisation)."""
    countries: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    bits: dict[int, dict[int, int]] = defaultdict(dict)
    for country, roadmap_id, period_id, organization_id in rows:
        bit_of = bits[country]
        bit = bit_of.get(organization_id)
        if bit is None:
            bit = bit_of[organization_id] = 1 << len(bit_of)
        by_period = countries[country][roadmap_id]
        group = by_period.get(period_id)
        if group is None:
            by_period[period_id] = [1, bit]
        else:
            group[0] += 1
            group[1] |= bit
    return countries


def scope_activity(country_id, scopes, wanted, periods=None, groups=None) -> dict[tuple, tuple]:
    """(reports, organisations) behind each wanted (scope, key, period): the country's
    approved reports on roadmaps with an indicator in the scope. Reports are first grouped
    by roadmap and period (report_groups, or `groups` when the caller read them), so the
    work follows roadmaps × periods, not reports × scopes; each roadmap's groups become a
    row per period, and a scope's rows are added (and their organisations united) column
    by column in C (zip, sum, reduce), not one period at a time in Python."""
    if groups is None:
        groups = report_groups(country_id, periods).get(country_id, {})
    period_ids = sorted({period_id for by_period in groups.values() for period_id in by_period})
    rows_of: dict[tuple, list] = defaultdict(list)
    for roadmap_id, by_period in groups.items():
        row = [by_period.get(period_id, _NO_REPORTS) for period_id in period_ids]
        for scope, key in scopes.get(roadmap_id, ()):
            if _is_wanted(wanted, scope, key):
                rows_of[(scope, key)].append(row)
    activity = {}
    for (scope, key), rows in rows_of.items():
        for period_id, column in zip(period_ids, zip(*rows, strict=True), strict=True):
            count = sum(map(_first, column))
            if count:
                organizations = reduce(or_, map(_second, column)).bit_count()
                activity[(scope, key, period_id)] = (count, organizations)
    return activity


_NO_REPORTS = (0, 0)
_first, _second = itemgetter(0), itemgetter(1)


def _is_wanted(wanted, scope, key) -> bool:
    return wanted[scope] is None or key in wanted[scope]


def rollup_figures(
    country_id,
    rules,
    indicator_figures_,
    wanted: dict[str, set | None],
    partial_sums=None,
    scopes=None,
    activity=None,
) -> list[Figure]:
    """Objectives, priorities, SDG goals and the country, averaged from their indicators.

    `wanted` names the keys to compute for each scope (None: all of them).
    `partial_sums` adds indicators that are not among the figures, already summed:
    {(scope, key, period_id): (current_sum, currents, expected_sum, expecteds, achieved,
    members)}. `scopes` is roadmap_scopes(rules), when the caller already has it.
    """
    rollups: dict[tuple, Rollup] = defaultdict(Rollup)
    for group, sums in (partial_sums or {}).items():
        rollups[group].add_sums(*sums)
    keys_of: dict[int, list] = {}
    for figure in indicator_figures_:
        keys = keys_of.get(figure.key)
        if keys is None:
            keys = keys_of[figure.key] = [
                (scope, key)
                for scope, key in scope_keys(rules[figure.key])
                if _is_wanted(wanted, scope, key)
            ]
        for scope, key in keys:
            rollups[(scope, key, figure.period_id)].add(figure)

    if activity is None:
        activity = scope_activity(country_id, scopes or roadmap_scopes(rules), wanted)
    figures = []
    for (scope, key, period_id), rollup in rollups.items():
        current, anticipated, status_class = rollup.status()
        reports, organizations = activity.get((scope, key, period_id), (0, 0))
        figures.append(
            Figure(
                scope=scope,
                country_id=country_id,
                period_id=period_id,
                key=key,
                current=current,
                anticipated=anticipated,
                status_class=status_class,
                reports=reports,
                organizations=organizations,
                indicators=rollup.members,
                sums=rollup.sums(),
            )
        )
    return figures


def region_figures(country_figures: list[Figure]) -> list[Figure]:
    """The region: for the country as a whole, each priority and each SDG goal, the simple
    average of the countries."""
    members: dict[tuple, list[Figure]] = defaultdict(list)
    for figure in country_figures:
        if figure.scope in (Scope.COUNTRY, Scope.PRIORITY, Scope.SDG_GOAL):
            members[(figure.scope, figure.key, figure.period_id)].append(figure)
    figures = []
    for (scope, key, period_id), group in members.items():
        current, anticipated, status_class = rollup_status(group)
        figures.append(
            Figure(
                scope=scope,
                country_id=None,
                period_id=period_id,
                key=key,
                current=current,
                anticipated=anticipated,
                status_class=status_class,
                reports=sum(f.reports for f in group),
                organizations=sum(f.organizations for f in group),
                indicators=sum(f.indicators for f in group),
            )
        )
    return figures


def _stored_figures(queryset) -> list[Figure]:
    """Stored snapshots back as figures, read as plain rows (tens of thousands of them in
    a large country: building model instances would cost more than the rest)."""
    key_position = {
        Scope.INDICATOR: 3,
        Scope.OBJECTIVE: 4,
        Scope.PRIORITY: 5,
        Scope.SDG_GOAL: 6,
    }
    figures = []
    for row in queryset.values_list(*SNAPSHOT_COLUMNS[:-1]).iterator(chunk_size=5000):
        scope = row[0]
        figures.append(
            Figure(
                scope=scope,
                country_id=row[1],
                period_id=row[2],
                key=row[key_position[scope]] if scope in key_position else None,
                value=row[7],
                period_value=row[8],
                current=row[9],
                anticipated=row[10],
                status_class=row[11],
                reports=row[12],
                organizations=row[13],
                indicators=row[14],
                sums=None if row[15] is None else row[15:20],
            )
        )
    return figures


# Recomputes ----------------------------------------------------------------------------


def _lock_state() -> DashboardState:
    if connection.vendor == "postgresql":
        # Compiling the recompute's queries to machine code (JIT) costs more than it saves
        # on queries of this size.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    DashboardState.objects.get_or_create(pk=1)
    return DashboardState.objects.select_for_update().get(pk=1)


def _advance(state: DashboardState, now) -> int:
    state.generation += 1
    state.computed_at = now
    state.save()
    return state.generation


def _store(figures: list[Figure], now) -> None:
    if connection.vendor != "postgresql":
        ProgressSnapshot.objects.bulk_create((f.as_model(now) for f in figures), batch_size=2000)
        return
    # COPY writes tens of thousands of snapshots an order of magnitude faster than INSERT;
    # the rows are written as COPY's text format directly (numbers, codes and a timestamp:
    # nothing that needs escaping), in large blocks.
    table = ProgressSnapshot._meta.db_table
    stamp = now.isoformat()
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(SNAPSHOT_COLUMNS)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            lines = []
            for figure in figures:
                lines.append(
                    "\t".join(["\\N" if v is None else str(v) for v in figure.as_row(stamp)])
                )
                if len(lines) == 10000:
                    copy.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                copy.write("\n".join(lines) + "\n")


_KEY_COLUMNS = 7  # scope, country, period and the scope's own key
_FIGURE_COLUMNS = len(SNAPSHOT_COLUMNS) - 1  # computed_at aside


def _stored_rows(stored) -> list[tuple]:
    """The id and columns (computed_at aside) of the stored snapshots (a queryset)."""
    return list(stored.values_list("pk", *SNAPSHOT_COLUMNS[:_FIGURE_COLUMNS]))


def _index_stored(rows) -> tuple[dict, list]:
    """_stored_rows by their keys, for _replace: ({key: (id, figures)}, [ids of twins])."""
    existing: dict[tuple, tuple] = {}
    twins = []
    for pk, *row in rows:
        key = tuple(row[:_KEY_COLUMNS])
        if key in existing:
            twins.append(pk)  # One of them is enough.
        else:
            existing[key] = (pk, tuple(row[_KEY_COLUMNS:]))
    return existing, twins


def _replace(figures: list[Figure], stored: tuple[dict, list], now) -> None:
    """Put the figures in place of the stored snapshots (_index_stored's): a snapshot that
    came out the same is left as it is (its computed_at says when its figures last
    changed), a changed one is written anew, and a stored one that is not among the
    figures goes. A full recompute over values that did not change writes nothing."""
    columns, keys = _FIGURE_COLUMNS, _KEY_COLUMNS
    existing, twins = stored
    existing, gone = dict(existing), list(twins)
    fresh = []
    for figure in figures:
        row = figure.as_row(now)
        key = row[:keys]
        pk, figures_then = existing.pop(key, (None, None))
        if figures_then != row[keys:columns]:
            fresh.append(figure)
            if pk is not None:
                gone.append(pk)
    gone.extend(pk for pk, _figures in existing.values())
    for start in range(0, len(gone), 5000):
        ProgressSnapshot.objects.filter(pk__in=gone[start : start + 5000]).delete()
    _store(fresh, now)


def _countries_with_data() -> list[int]:
    from vision.models import Country

    return list(Country.objects.order_by("pk").values_list("pk", flat=True))


def recompute_all() -> int:
    """Rebuild every snapshot of every country and the region; drain every pending request
    seen at the start. Returns the new generation."""
    with _collector_paused():
        generation = _recompute_all()
    tidy_snapshots()
    return generation


@contextmanager
def _collector_paused():
    """Python's cycle collector paused for a while (reference counting still frees what
    is not in a cycle, and the collector catches up once resumed). A full recompute holds
    a few hundred thousand objects until it ends (report rows and groups, stored
    roll-ups, sums), and each full collection the allocations trigger walks all of them:
    at large scale, one or two pauses of 50 ms each."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _period_statistics(cursor) -> tuple | None:
    """What the planner's statistics say of the snapshots' periods: (the periods they list,
    their number, negative for a share of the rows), or None before any statistics."""
    cursor.execute(
        "SELECT most_common_vals::text::bigint[], n_distinct FROM pg_stats "
        "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'period_id'",
        [ProgressSnapshot._meta.db_table],
    )
    return cursor.fetchone()


def _analyze_if_unknown(period_ids) -> None:
    """Refresh the snapshot table's statistics when they do not know one of these periods
    although they list every period they know (a quarter that began since the last full
    recompute): the planner would expect one snapshot of that period where a country has
    hundreds, and pick a nested loop that takes seconds for an approval's roll-up sums."""
    if connection.vendor != "postgresql" or not period_ids:
        return
    table = ProgressSnapshot._meta.db_table
    with connection.cursor() as cursor:
        row = _period_statistics(cursor)
        if row is not None:
            listed, distinct = row
            if listed is None or distinct < 0 or len(listed) < distinct:
                return  # Periods beyond the list are estimated from their number.
            if set(period_ids) <= set(listed):
                return
        cursor.execute(f"ANALYZE {table}")


def tidy_snapshots() -> None:
    """After a full recompute: the old versions of the snapshots cleared (autovacuum would
    come to them minutes later, or never where it is off), and the table's statistics
    refreshed when the planner's picture of it is out of date: no statistics yet (a new
    database), a size that moved by more than a tenth (a network that grew), or a period
    that the statistics do not know (a quarter that began: without it the planner expects
    one snapshot of that period where a country has hundreds, and an approval's sums take
    seconds instead of milliseconds). Snapshots are updated in place, so otherwise their
    spread does not change from one recompute to the next, and sampling the table each time
    would cost more than the rest of the tidying. Outside any transaction only."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    table = ProgressSnapshot._meta.db_table
    with connection.cursor() as cursor:
        # Read before VACUUM, which sets the size estimate to the table's new size. The
        # periods with snapshots are those of the region's own figures (a few rows, read
        # through the country index).
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {table}), "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"(SELECT COUNT(*) FROM {table} WHERE country_id IS NULL AND scope = %s), "
            "reltuples FROM pg_class WHERE oid = %s::regclass",
            [Scope.COUNTRY, table],
        )
        rows, periods, estimated = cursor.fetchone()
        statistics = _period_statistics(cursor)
        known_periods = statistics[1] if statistics else None
        # Every page, not only those with old versions: a VACUUM that skips pages estimates
        # the row count from the ones it read, and the estimate drifts run after run.
        cursor.execute(f"VACUUM (DISABLE_PAGE_SKIPPING) {table}")
        if known_periods is not None and known_periods < 0:
            known_periods = -known_periods * estimated  # A share of the rows.
        if (
            known_periods is None
            or round(known_periods) != periods
            or abs(rows - estimated) > rows / 10
        ):
            cursor.execute(f"ANALYZE {table}")


@transaction.atomic
def _recompute_all() -> int:
    state = _lock_state()
    pending = list(PendingRecompute.objects.select_for_update().values_list("pk", flat=True))
    now = timezone.now()
    everything = dict.fromkeys(ROLLUP_KEYS)
    countries = _countries_with_data()
    # The database computes the indicators on PostgreSQL: the roll-ups need the scopes of
    # each roadmap only, not every indicator's rules.
    postgresql = connection.vendor == "postgresql"
    rules = {} if postgresql else load_rules()
    # What the roll-ups need besides their indicators' sums is read first, and worked out
    # by a second thread while the database computes the indicators (the thread never
    # touches the database; the statement leaves the roll-ups' rows alone). The machine's
    # second core does in the meantime what would otherwise follow.
    scope_rows = _scope_rows(None) if postgresql else None
    report_rows = _report_rows()
    stored = _stored_rows(ProgressSnapshot.objects.exclude(scope=Scope.INDICATOR))

    def prepare():
        scopes = (
            _scopes_of_roadmaps(scope_rows, everything) if postgresql else roadmap_scopes(rules)
        )
        groups = _group_reports(report_rows)
        activity = {
            country_id: scope_activity(country_id, scopes, everything, groups=groups[country_id])
            for country_id in countries
        }
        return activity, _index_stored(stored)

    activity, stored = _store_indicator_snapshots(
        None, rules, snapshot_periods(), now, meanwhile=prepare
    )
    sums = _by_country(stored_sums())
    country_level = []
    for country_id in countries:
        country_level.extend(
            rollup_figures(
                country_id,
                rules,
                [],
                everything,
                partial_sums=sums[country_id],
                activity=activity[country_id],
            )
        )
    _replace([*country_level, *region_figures(country_level)], stored, now)
    PendingRecompute.objects.filter(pk__in=pending).delete()
    return _advance(state, now)


@transaction.atomic
def recompute_country(*, country_id: int, indicator_ids=None, since=None) -> int:
    """Recompute what an approval touched in one country: the given indicators' snapshots,
    the objectives, priorities and SDG goals above them, the country and the region, in
    the periods from the one starting on `since` on (figures of a period depend on the
    values up to it only). With no indicators given, the whole country. Returns the new
    generation."""
    state = _lock_state()
    _recompute_country(country_id, indicator_ids, since)
    return _advance(state, timezone.now())


@transaction.atomic
def drain_pending(*, country_id: int) -> int | None:
    """Recompute a country for every request recorded for it, in one go, and forget the
    requests. Returns the new generation, or None when another run already drained them."""
    state = _lock_state()
    pending = list(PendingRecompute.objects.select_for_update().filter(country_id=country_id))
    if not pending:
        return None
    indicator_ids: set | None = set()
    for request in pending:
        if not request.indicator_ids:
            indicator_ids = None  # An empty list asks for the whole country.
            break
        indicator_ids.update(request.indicator_ids)
    starts = [request.since for request in pending]
    since = None if None in starts else min(starts)
    _recompute_country(country_id, indicator_ids, since)
    PendingRecompute.objects.filter(pk__in=[r.pk for r in pending]).delete()
    return _advance(state, timezone.now())


# The SQL below is assembled from the models' table names and placeholders only; every
# value travels as a query parameter.


def _objective_links(among: str = "") -> str:
    """SQL for the CTE `linked` that _mappings reads: (indicator_id, objective_id,
    priority_id) of each objective link of the indicators `among` selects (SQL selecting
    indicator_id; every indicator if empty). The link table is read once for both the
    objectives' and the priorities' pairs."""
    objectives = RoadmapIndicator.objectives.through._meta.db_table
    only = f" WHERE l.roadmapindicator_id IN ({among})" if among else ""
    return (
        "SELECT l.roadmapindicator_id AS indicator_id, l.objective_id, o.priority_id "  # noqa: S608 - table names and placeholders only  # nosec B608
        f"FROM {objectives} l JOIN {Objective._meta.db_table} o ON o.id = l.objective_id{only}"
    )


def _mappings(among: str = "") -> dict[str, str]:
    """For each rollup scope, SQL giving (indicator_id, key) once per pair; for the
    indicators `among` selects only, when given (SQL selecting indicator_id). The
    objectives and priorities read the CTE `linked` (_objective_links, with the same
    `among`)."""
    targets = RoadmapIndicator.sdg_targets.through._meta.db_table
    only = f" WHERE l.roadmapindicator_id IN ({among})" if among else ""
    return {
        Scope.OBJECTIVE: "SELECT indicator_id, objective_id AS key FROM linked",
        Scope.PRIORITY: "SELECT DISTINCT indicator_id, priority_id AS key FROM linked",
        Scope.SDG_GOAL: "SELECT DISTINCT l.roadmapindicator_id AS indicator_id, "  # noqa: S608 - table names and placeholders only  # nosec B608
        f"t.goal_id AS key FROM {targets} l "
        f"JOIN {SdgTarget._meta.db_table} t ON t.id = l.sdgtarget_id{only}",
    }


def _wanted_pairs(wanted, among: str) -> tuple[str, list]:
    """SQL giving (scope, indicator_id, key) for every wanted objective, priority and SDG
    goal of the indicators that `among` selects, and its parameters. The scope is its
    position in ROLLUP_KEYS (a number groups faster than a name)."""
    branches, params = [], []
    for scope, mapping in _mappings(among).items():
        keys = wanted[scope]
        if keys is not None and not keys:
            continue
        branch = f"SELECT %s AS scope, indicator_id, key FROM ({mapping}) m"  # noqa: S608 - table names and placeholders only  # nosec B608
        params.append(ROLLUP_KEYS.index(scope))
        if keys is not None:
            branch += f" WHERE key IN ({', '.join(['%s'] * len(keys))})"
            params.extend(sorted(keys))
        branches.append(branch)
    return " UNION ALL ".join(branches), params


def reported_scopes(roadmap_ids, wanted) -> dict[int, set]:
    """roadmap_scopes for the given roadmaps (None: all), limited to the wanted pairs:
    found by the database, without reading their rules (a row per roadmap and objective,
    and per roadmap and SDG goal; the priorities follow from the objectives)."""
    return _scopes_of_roadmaps(_scope_rows(roadmap_ids), wanted)


def _scope_rows(roadmap_ids) -> list[tuple]:
    """reported_scopes' rows: (roadmap, objective, priority, None) and (roadmap, None,
    None, SDG goal)."""
    if roadmap_ids is not None and not roadmap_ids:
        return []
    indicators = RoadmapIndicator._meta.db_table
    objectives = RoadmapIndicator.objectives.through._meta.db_table
    targets = RoadmapIndicator.sdg_targets.through._meta.db_table
    roadmaps, params = "", []
    if roadmap_ids is not None:
        roadmaps = f"WHERE i.roadmap_id IN ({', '.join(['%s'] * len(roadmap_ids))}) "
        params = [*roadmap_ids, *roadmap_ids]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT i.roadmap_id, o.id, o.priority_id, CAST(NULL AS BIGINT) FROM "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"{indicators} i LEFT JOIN {objectives} l ON l.roadmapindicator_id = i.id "
            f"LEFT JOIN {Objective._meta.db_table} o ON o.id = l.objective_id {roadmaps}"
            "UNION SELECT DISTINCT i.roadmap_id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), "
            "t.goal_id FROM "
            f"{indicators} i JOIN {targets} l ON l.roadmapindicator_id = i.id "
            f"JOIN {SdgTarget._meta.db_table} t ON t.id = l.sdgtarget_id {roadmaps}",
            params,
        )
        return cursor.fetchall()


def _scopes_of_roadmaps(rows, wanted) -> dict[int, set]:
    """reported_scopes from its rows (roadmap, objective, priority, SDG goal). (A large
    country's roadmaps give over a thousand rows: the wanted keys are looked up in their
    sets directly, not through _is_wanted four times a row.)"""
    objective, priority, goal = Scope.OBJECTIVE, Scope.PRIORITY, Scope.SDG_GOAL
    country = Scope.COUNTRY
    objectives, priorities, goals = wanted[objective], wanted[priority], wanted[goal]
    # Every roadmap with an indicator counts in its country.
    in_country = _is_wanted(wanted, country, None)
    scopes: dict[int, set] = defaultdict(set)
    for roadmap_id, objective_id, priority_id, goal_id in rows:
        found = scopes[roadmap_id]
        if objective_id is not None and (objectives is None or objective_id in objectives):
            found.add((objective, objective_id))
        if priority_id is not None and (priorities is None or priority_id in priorities):
            found.add((priority, priority_id))
        if goal_id is not None and (goals is None or goal_id in goals):
            found.add((goal, goal_id))
        if in_country:
            found.add((country, None))
    return scopes


@contextmanager
def _hash_joins(cursor, when: bool = True):
    """Statements run inside join by hashing (PostgreSQL, when `when`): for the
    network-wide and whole-series statements, whose nested loops re-run their inner side
    once per row of the outer, and whose merge joins first sort a hundred thousand wide
    rows."""
    if when:
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
    yield
    if when:
        cursor.execute("RESET enable_nestloop")
        cursor.execute("RESET enable_mergejoin")


def stored_sums(country_id=None, wanted=None, periods=None, indicators=None) -> dict[tuple, tuple]:
    """The Rollup sums of the stored indicator snapshots of one country (or of every
    country), for each wanted (country, scope, key, period) (wanted None: every key), in
    the given periods (None: all), of the given indicators (None: all, which needs a
    country): added up by the database in one pass, so that snapshots are never read into
    Python one by one."""
    snapshots = ProgressSnapshot._meta.db_table
    wanted = wanted or dict.fromkeys(ROLLUP_KEYS)
    where, where_params = ["s.scope = %s"], [Scope.INDICATOR]
    if country_id is not None:
        where.append("s.country_id = %s")
        where_params.append(country_id)
    if indicators is not None:
        where.append(f"s.indicator_id IN ({', '.join(['%s'] * len(indicators)) or 'NULL'})")
        where_params.extend(sorted(indicators))
    if periods is not None:
        where.append(f"s.period_id IN ({', '.join(['%s'] * len(periods)) or 'NULL'})")
        where_params.extend(periods)
    where = " AND ".join(where)
    if country_id is None:
        # The whole network: the snapshots read where they are, and the mappings built
        # for every indicator (or for those with snapshots in the periods).
        source, source_params = "", []
        read_from, filtered, filtered_params = snapshots, f"WHERE {where}", where_params
        measured, measured_params = (
            f"SELECT DISTINCT s.indicator_id FROM {snapshots} s WHERE {where}",  # noqa: S608 - table names and placeholders only  # nosec B608
            where_params,
        )
        if periods is None:
            measured = f"SELECT id AS indicator_id FROM {RoadmapIndicator._meta.db_table}"  # noqa: S608 - table names and placeholders only  # nosec B608
            measured_params = []
    else:
        # One country: its snapshots in question (hundreds) read once, for the indicators
        # whose mappings are built and for each part's sums (a CTE read more than once is
        # materialized).
        source = (
            "snap AS (SELECT s.indicator_id, s.country_id, s.period_id, "  # noqa: S608 - table names and placeholders only  # nosec B608
            "s.current_status, s.status_class, s.anticipated_progress "
            f"FROM {snapshots} s WHERE {where}), "
        )
        source_params = where_params
        read_from, filtered, filtered_params = "snap", "", []
        measured, measured_params = "SELECT DISTINCT indicator_id FROM snap", []
    # In whole millionths (Rollup); the integers' sum cast back to an integer (PostgreSQL
    # sums big integers as numeric).
    sums = (
        "CAST(SUM(CAST(ROUND(s.current_status * %s) AS BIGINT)) AS BIGINT), "
        "COUNT(s.current_status), "
        "CAST(SUM(CASE WHEN s.status_class = %s THEN %s "
        "ELSE CAST(ROUND(s.anticipated_progress * %s) AS BIGINT) END) AS BIGINT), "
        "COUNT(CASE WHEN s.status_class = %s THEN 1.0 ELSE s.anticipated_progress END), "
        "SUM(CASE WHEN s.status_class = %s THEN 1 ELSE 0 END), COUNT(*)"
    )
    achieved = StatusClass.ACHIEVED
    sums_params = [MILLION, achieved, MILLION, MILLION, achieved, achieved]
    parts, params = [], []
    among = "SELECT indicator_id FROM measured"
    pairs, pairs_params = _wanted_pairs(wanted, among)
    if pairs:
        parts.append(
            f"SELECT s.country_id, m.scope, m.key, s.period_id, {sums} "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"FROM {read_from} s JOIN ({pairs}) m ON m.indicator_id = s.indicator_id "
            f"{filtered} GROUP BY s.country_id, m.scope, m.key, s.period_id"
        )
        params.extend([*sums_params, *pairs_params, *filtered_params])
    if _is_wanted(wanted, Scope.COUNTRY, None):
        # Every indicator counts in its country: no mapping to join.
        parts.append(
            f"SELECT s.country_id, %s, NULL, s.period_id, {sums} FROM {read_from} s "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"{filtered} GROUP BY s.country_id, s.period_id"
        )
        params.extend([ROLLUP_KEYS.index(Scope.COUNTRY), *sums_params, *filtered_params])
    if not parts:
        return {}
    # Hash joins for the whole network: a nested loop there re-runs the mappings once per
    # snapshot. (One country's sums follow the planner, which knows their periods:
    # _analyze_if_unknown.)
    hashed = connection.vendor == "postgresql" and country_id is None
    with connection.cursor() as cursor, _hash_joins(cursor, hashed):
        cursor.execute(
            f"WITH {source}measured AS ({measured}), linked AS ({_objective_links(among)}) "
            f"{' UNION ALL '.join(parts)}",
            [*source_params, *measured_params, *params],
        )
        rows = cursor.fetchall()
    return {
        (country, ROLLUP_KEYS[scope], key, period): tuple(row)
        for country, scope, key, period, *row in rows
    }


def _store_indicator_snapshots(
    country_id, rules, periods, now, indicator_ids=None, since=None, meanwhile=None
):
    """Compute the indicator snapshots of one country (None: every country), of the given
    indicators only if any are given, for the periods starting on `since` or later (the
    series still start from the first report), and put them in place of the stored ones.
    `meanwhile` (Python that never touches the database) runs in a second thread while
    the database computes them; its result is returned."""
    if connection.vendor == "postgresql":
        return _store_indicator_series(periods, now, country_id, indicator_ids, since, meanwhile)
    kept = {p.pk for p in periods if since is None or p.start >= since}
    _indicator_snapshots(country_id, indicator_ids, kept).delete()
    for country in _countries_with_data() if country_id is None else [country_id]:
        grouped = grouped_values(country, rules, indicator_ids)
        figures = indicator_figures(country, rules, grouped, periods)
        _store([f for f in figures if f.period_id in kept], now)
    return meanwhile() if meanwhile else None


def _by_country(sums: dict[tuple, tuple]) -> dict[int, dict[tuple, tuple]]:
    """stored_sums' groups, per country and keyed without it (rollup_figures' partial_sums)."""
    countries: dict[int, dict[tuple, tuple]] = defaultdict(dict)
    for (country_id, *group), row in sums.items():
        countries[country_id][tuple(group)] = row
    return countries


def _kept_sums(rollups) -> dict[tuple, tuple] | None:
    """The sums the roll-up snapshots (a queryset) kept, as stored_sums gives them for one
    country: {(scope, key, period): sums}; None when one of them kept none (stored before
    roll-ups kept their sums)."""
    kept = {}
    key_fields = [key_field for _scope, key_field, _attribute in ROLLUP_SCOPES]
    for row in rollups.values_list(
        "scope", "period_id", *key_fields, *_SUM_FIELDS, "indicator_count"
    ):
        scope, period_id, *keys = row[: 2 + len(key_fields)]
        sums = row[2 + len(key_fields) :]
        if sums[0] is None:
            return None
        key = next((k for k in keys if k is not None), None)
        kept[(scope, key, period_id)] = sums
    return kept


def _moved_sums(kept, before, after) -> dict[tuple, tuple] | None:
    """The roll-ups' sums after an approval: those they kept, less the touched indicators'
    sums before it, plus theirs after it (each as stored_sums gives them for one country).
    A roll-up left with no indicator goes. None when the kept sums cannot have included
    what the indicators added before (a link changed without a recompute of the country):
    the caller sums the country's indicators afresh."""
    sums = dict(kept)
    for group, row in after.items():
        sums[group] = tuple(a + (b or 0) for a, b in zip(sums.get(group, _ZERO), row, strict=True))
    for group, row in before.items():
        sums[group] = tuple(a - (b or 0) for a, b in zip(sums.get(group, _ZERO), row, strict=True))
    # (The sums themselves may be below zero: an indicator falling back anticipates less
    # than nothing. Its counts may not.)
    if any(min(row[1], row[3], row[4], row[5]) < 0 for row in sums.values()):
        return None
    return {group: row for group, row in sums.items() if row[-1]}


_ZERO = (0,) * (len(_SUM_FIELDS) + 1)


def _recompute_country(country_id: int, indicator_ids, since=None) -> None:
    now = timezone.now()
    stored = ProgressSnapshot.objects.filter(country_id=country_id)
    periods = snapshot_periods()
    if indicator_ids is None:
        since = None  # The whole country, every period.
    affected = [p.pk for p in periods if since is None or p.start >= since]
    kept = None
    if indicator_ids is None:
        rules = load_rules()
        wanted = dict.fromkeys(ROLLUP_KEYS)
        stored.exclude(scope=Scope.INDICATOR).delete()
        _store_indicator_snapshots(country_id, rules, periods, now)
    else:
        # What the approval touched: its indicators, and the objectives, priorities, SDG
        # goals and country above them, in the periods from its own on. Their roll-ups'
        # sums are those they kept, less what the touched indicators' snapshots added to
        # them before, plus what they add now: the country's other indicators are not
        # read at all.
        touched = set(indicator_ids)
        rules = load_rules(touched)
        wanted = {
            scope: {key for rule in rules.values() for key in getattr(rule, attribute)}
            for scope, _field, attribute in ROLLUP_SCOPES
        }
        wanted[Scope.COUNTRY] = {None}
        above = [
            Q(scope=scope, **{f"{key_field}__in": wanted[scope]})
            for scope, key_field, _attribute in ROLLUP_SCOPES
        ]
        rollups = stored.filter(reduce(or_, above, Q(scope=Scope.COUNTRY)), period_id__in=affected)
        kept = _kept_sums(rollups)
        if kept is not None:
            before = _by_country(stored_sums(country_id, wanted, affected, touched))[country_id]
        rollups.delete()
        _store_indicator_snapshots(country_id, rules, periods, now, touched, since)
    # The reports behind the scopes, on every roadmap the country reported on.
    groups = report_groups(country_id, affected)[country_id]
    scopes = (
        roadmap_scopes(rules) if indicator_ids is None else reported_scopes(list(groups), wanted)
    )
    _analyze_if_unknown(affected)
    sums = None
    if kept is not None:
        after = _by_country(stored_sums(country_id, wanted, affected, touched))[country_id]
        sums = _moved_sums(kept, before, after)
    if sums is None:
        sums = _by_country(stored_sums(country_id, wanted, periods=affected))[country_id]
    activity = scope_activity(country_id, scopes, wanted, groups=groups)
    _store(rollup_figures(country_id, rules, [], wanted, partial_sums=sums, activity=activity), now)

    # The region, from every country's figures (read through the country index).
    country_level = _stored_figures(
        ProgressSnapshot.objects.filter(
            country_id__in=_countries_with_data(),
            scope__in=[Scope.COUNTRY, Scope.PRIORITY, Scope.SDG_GOAL],
            period_id__in=affected,
        )
    )
    ProgressSnapshot.objects.filter(country__isnull=True, period_id__in=affected).delete()
    _store(region_figures(country_level), now)


# The indicator series on PostgreSQL ---------------------------------------------------
#
# The same method as indicator_figures and rollup_figures, written as SQL so that the
# database does the walking: every indicator's series (values carried forward, cumulative
# stocks, the running least-squares sums) comes from window functions over the grouped
# values and is merged into the table without passing through Python; Python only turns
# the sums of each objective, priority, SDG goal and country into statuses. The
# arithmetic is the same, in the same order, as the Python path, which remains the
# reference (SQLite): tests compare the two.

# Decimal.quantize rounds half to even; round() in PostgreSQL rounds half away from zero.
# At a tie, twice the rounded half is the even neighbour.
_HALF_EVEN_4 = """
    CASE WHEN abs({x} * 10000 - trunc({x} * 10000)) = 0.5
         THEN round(2 * round({x} * 5000) / 10000, 4)
         ELSE round({x}, 4) END"""


def _store_indicator_series(
    periods, now, country_id=None, indicator_ids=None, since=None, meanwhile=None
):
    """The indicator snapshots of one country or all, of some indicators or all, computed
    by the database and merged into the stored ones in one statement: a snapshot whose
    figures changed is updated in place (no indexed column changes, so with the table's
    free space PostgreSQL rewrites the row on its own page without touching the indexes: a
    heap-only update), a new one is inserted, one that no series reaches any more is
    deleted, and one that came out the same is left as it is (its computed_at says when
    its figures last changed). Writing is what costs most: a full recompute over values
    that did not change writes no indicator snapshot at all. `meanwhile`: as for
    _store_indicator_snapshots (its thread starts once the statement is ready to go, so
    that the two do not take turns at the interpreter while it is prepared)."""
    values = IndicatorValue._meta.db_table
    reports = ProgressReport._meta.db_table
    indicators = RoadmapIndicator._meta.db_table
    snapshots = ProgressSnapshot._meta.db_table
    if not periods:
        _indicator_snapshots(country_id, indicator_ids, None).delete()
        return meanwhile() if meanwhile else None
    period_rows = ", ".join(["(%s::bigint, %s::int, %s::date, %s::float8)"] * len(periods))
    period_params = [
        item
        for number, period in enumerate(periods)
        for item in (period.pk, number, period.start, year_of(period.end))
    ]
    where, where_params = "v.is_approved AND v.value IS NOT NULL", []
    if country_id is not None:
        where += " AND v.country_id = %s"
        where_params.append(country_id)
    if indicator_ids is not None:
        where += f" AND v.indicator_id IN ({', '.join(['%s'] * len(indicator_ids)) or 'NULL'})"
        where_params.extend(indicator_ids)
    # Values have four decimals: a sum or a single value needs no rounding, a mean does.
    # (The mean is AVG's own division, without AVG's second running sum.)
    combined = (
        "CASE i.aggregation WHEN 'sum' THEN g.total "
        f"WHEN 'mean' THEN {_HALF_EVEN_4.format(x='g.mean')} ELSE l.value END"
    )
    only_rules = only_latest = ""
    if indicator_ids is not None:
        only = f"i.id IN ({', '.join(['%s'] * len(indicator_ids)) or 'NULL'})"
        only_rules, only_latest = f"WHERE {only}", f" AND {only}"
    target_year = "EXTRACT(YEAR FROM i.target_date)::int"
    # Snapshots are written from this period on (the series still start from the first
    # report): earlier periods' figures do not depend on what changed.
    first_kept = next(
        (n for n, period in enumerate(periods) if since is None or period.start >= since),
        len(periods),
    )
    kept = [period.pk for period in periods[first_kept:]] if first_kept else None
    # The stored snapshots the computed ones replace (_indicator_snapshots' filters).
    stored_where, stored_params = "s.scope = %s", [Scope.INDICATOR]
    if country_id is not None:
        stored_where += " AND s.country_id = %s"
        stored_params.append(country_id)
    if indicator_ids is not None:
        placeholders = ", ".join(["%s"] * len(indicator_ids)) or "NULL"
        stored_where += f" AND s.indicator_id IN ({placeholders})"
        stored_params.extend(indicator_ids)
    if kept is not None:
        stored_where += f" AND s.period_id IN ({', '.join(['%s'] * len(kept)) or 'NULL'})"
        stored_params.extend(kept)
    period_ids = [period.pk for period in periods]
    classes = [
        StatusClass.ACHIEVED,
        StatusClass.INSUFFICIENT,
        StatusClass.ON_TRACK,
        StatusClass.ACCELERATION,
        StatusClass.LIMITED,
        StatusClass.REGRESSING,
    ]
    with connection.cursor() as cursor:
        # Sorts of a few hundred thousand rows stay in memory instead of spilling to disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        # (The CTEs whose columns are read several times are MATERIALIZED: inlined, their
        # expressions would be evaluated once per reference.)
        # Everything is computed on the reported (indicator, period) rows; each row then
        # stands for itself and for the periods after it until the next report (values,
        # stocks and trends are carried forward unchanged).
        # Whole series merge into the table by hash joins. Planned as a nested loop, the
        # merge rescans the table once per computed row, and where the table starts empty
        # (a new database: the planner trusts its zero pages) every rescan also reads the
        # rows this statement has inserted so far: the first full recompute of a large
        # network took minutes instead of seconds.
        with _hash_joins(cursor, indicator_ids is None), ThreadPoolExecutor(1) as beside:
            meanwhile_done = beside.submit(meanwhile) if meanwhile else None
            cursor.execute(
                f"""
                WITH periods (id, ord, start, t) AS (VALUES {period_rows}),
                grouped AS (
                    SELECT v.country_id, v.indicator_id, v.period_id, SUM(v.value) AS total,
                           SUM(v.value) / COUNT(*) AS mean, COUNT(*) AS n
                    FROM {values} v WHERE {where} GROUP BY 1, 2, 3
                ),
                -- "Latest": the value of the report approved last in the period (ties: the
                -- newest row).
                latest AS (
                    SELECT DISTINCT ON (v.country_id, v.indicator_id, v.period_id) v.country_id,
                           v.indicator_id, v.period_id, v.value
                    FROM {values} v
                    -- (The touched indicators named here too: otherwise the planner reads
                    -- every indicator of the network to find the few that take the latest.)
                    JOIN {indicators} i ON i.id = v.indicator_id AND i.aggregation = 'latest'
                         {only_latest}
                    JOIN {reports} r ON r.id = v.report_id
                    WHERE {where}
                    ORDER BY v.country_id, v.indicator_id, v.period_id, r.reviewed_at DESC,
                             v.id DESC
                ),
                rules AS MATERIALIZED (
                    SELECT i.id, i.aggregation, i.cumulative, i.baseline_value,
                           i.baseline_value::float8 AS baseline, i.target_value::float8 AS target,
                           {target_year} + (i.target_date - make_date({target_year}, 1, 1))::float8
                             / (make_date({target_year} + 1, 1, 1)
                                - make_date({target_year}, 1, 1))::float8 AS target_time
                    FROM {indicators} i {only_rules}
                ),
                reported AS MATERIALIZED (
                    SELECT g.country_id, g.indicator_id, p.ord, p.t, {combined} AS combined, g.n,
                           i.cumulative, i.baseline_value, i.baseline, i.target, i.target_time
                    FROM grouped g
                    JOIN periods p ON p.id = g.period_id
                    JOIN rules i ON i.id = g.indicator_id
                    LEFT JOIN latest l ON l.country_id = g.country_id
                         AND l.indicator_id = g.indicator_id AND l.period_id = g.period_id
                ),
                valued AS (
                    SELECT r.*, first_value(r.t) OVER w AS origin,
                           lead(r.ord) OVER w AS next_ord,
                           CASE WHEN r.cumulative
                                THEN r.baseline_value + SUM(r.combined) OVER w
                                ELSE r.combined END AS value
                    FROM reported r
                    WINDOW w AS (PARTITION BY r.country_id, r.indicator_id ORDER BY r.ord
                                 ROWS UNBOUNDED PRECEDING)
                ),
                pointed AS (
                    SELECT v.*, v.value::float8 AS x, v.t - v.origin AS dt FROM valued v
                ),
                -- RunningTrend's sums, in the same order.
                summed AS (
                    SELECT p.*, COUNT(*) OVER w AS tn, SUM(p.dt) OVER w AS st,
                           SUM(p.x) OVER w AS sx, SUM(p.dt * p.dt) OVER w AS stt,
                           SUM(p.dt * p.x) OVER w AS stx
                    FROM pointed p
                    WINDOW w AS (PARTITION BY p.country_id, p.indicator_id ORDER BY p.ord
                                 ROWS UNBOUNDED PRECEDING)
                ),
                means AS (
                    SELECT s.*, s.st / s.tn AS mean_t, s.sx / s.tn AS mean_x,
                           s.stt - s.tn * (s.st / s.tn) * (s.st / s.tn) AS spread,
                           s.target - s.baseline AS span
                    FROM summed s
                ),
                -- (OFFSET 0 keeps each row's figures computed once, without storing the rows
                -- for a second reader as MATERIALIZED would.)
                judged AS (
                    SELECT m.country_id, m.indicator_id, m.ord, m.next_ord,
                           m.combined, m.n,
                           m.value, m.x, m.baseline, m.span,
                           CASE WHEN m.span > 0 THEN m.x >= m.target ELSE m.x <= m.target END
                               AS achieved,
                           CASE WHEN m.span <> 0 AND m.tn >= 2 THEN round(
                             (m.mean_x + CASE WHEN m.spread > 1e-12
                                              THEN (m.stx - m.tn * m.mean_t * m.mean_x) / m.spread
                                              ELSE 0.0 END
                                       * (m.target_time - m.origin - m.mean_t)
                              - m.baseline) / m.span * 1e6) / 1e6
                           END AS anticipated
                    FROM means m OFFSET 0
                ),
                -- Where each series starts.
                firsts AS (
                    SELECT r.country_id, r.indicator_id, MIN(r.ord) AS first_ord
                    FROM reported r GROUP BY 1, 2
                ),
                -- The stored snapshots no series reaches any more (a value withdrawn, an
                -- indicator removed): each series covers the periods from its first report on.
                stale AS (
                    DELETE FROM {snapshots} s WHERE {stored_where} AND NOT EXISTS (
                        SELECT 1 FROM firsts f
                        WHERE f.country_id = s.country_id AND f.indicator_id = s.indicator_id
                          AND array_position(%s::bigint[], s.period_id) > f.first_ord
                    )
                )
                MERGE INTO {snapshots} s USING (
                SELECT j.country_id, (%s::bigint[])[p.ord + 1] AS period_id, j.indicator_id,
                       j.value, CASE WHEN p.ord = j.ord THEN j.combined END AS period_value,
                       CASE WHEN j.span = 0 THEN CASE WHEN j.achieved THEN 1.0 ELSE 0.0 END
                            ELSE round(LEAST(1.0, GREATEST(0.0, (j.x - j.baseline) / j.span)) * 1e6)
                                 / 1e6 END AS current_status,
                       j.anticipated,
                       CASE WHEN j.achieved THEN %s WHEN j.anticipated IS NULL THEN %s
                            WHEN j.anticipated >= 0.95 THEN %s WHEN j.anticipated >= 0.5 THEN %s
                            WHEN j.anticipated >= 0 THEN %s ELSE %s END AS status_class,
                       CASE WHEN p.ord = j.ord THEN j.n ELSE 0 END AS reports
                -- (A set-returning function in the select list yields its rows one by one; in
                -- FROM, it would store them for each row first.)
                FROM (
                    SELECT j.*, generate_series(j.ord, COALESCE(j.next_ord, %s) - 1) AS reach
                    FROM judged j
                ) j
                CROSS JOIN LATERAL (SELECT j.reach AS ord) p
                WHERE p.ord >= %s AND p.ord < %s
                ) n
                ON s.scope = %s AND s.indicator_id = n.indicator_id AND s.country_id = n.country_id
                   AND s.period_id = n.period_id
                WHEN MATCHED AND (s.value, s.period_value, s.current_status,
                    s.anticipated_progress, s.status_class, s.report_count)
                    IS DISTINCT FROM (n.value, n.period_value, n.current_status, n.anticipated,
                    n.status_class, n.reports)
                  THEN UPDATE SET value = n.value, period_value = n.period_value,
                    current_status = n.current_status, anticipated_progress = n.anticipated,
                    status_class = n.status_class, report_count = n.reports,
                    organization_count = n.reports, indicator_count = 1, computed_at = %s
                WHEN NOT MATCHED THEN INSERT (scope, country_id, period_id, indicator_id, value,
                    period_value, current_status, anticipated_progress, status_class,
                    report_count, organization_count, indicator_count, computed_at)
                  VALUES (%s, n.country_id, n.period_id, n.indicator_id, n.value, n.period_value,
                    n.current_status, n.anticipated, n.status_class, n.reports, n.reports, 1, %s)
                """,  # noqa: S608 - table names and placeholders only  # nosec B608
                [
                    *period_params,
                    *where_params,
                    *(indicator_ids or ()),
                    *where_params,
                    *(indicator_ids or ()),
                    *stored_params,
                    period_ids,
                    period_ids,
                    *classes,
                    len(periods),
                    # (The bound p.ord < n is always true: with it, the planner expects a few
                    # periods per reported row, not a thousand, and chooses its join by the
                    # number of rows that are really computed.)
                    first_kept,
                    len(periods),
                    Scope.INDICATOR,
                    now,
                    Scope.INDICATOR,
                    now,
                ],
            )
    return meanwhile_done.result() if meanwhile_done else None


def _indicator_snapshots(country_id, indicator_ids, period_ids):
    """The stored indicator snapshots of the country (None: all), of the indicators (None:
    all), in the periods (None: all): what a recompute of that scope replaces."""
    stored = ProgressSnapshot.objects.filter(scope=Scope.INDICATOR)
    if country_id is not None:
        stored = stored.filter(country_id=country_id)
    if indicator_ids is not None:
        stored = stored.filter(indicator_id__in=indicator_ids)
    if period_ids is not None:
        stored = stored.filter(period_id__in=period_ids)
    return stored
