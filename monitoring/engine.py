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

The values are aggregated in the database (one grouped query per country); Python only
walks the (indicator × period) groups, so memory follows the number of indicators and
periods, not the number of values. Every recompute, whole or partial, runs in one
transaction that ends by advancing the dashboard generation.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Avg, Count, OuterRef, Subquery, Sum
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
    StatusClass,
)

Scope = ProgressSnapshot.Scope
FOUR_PLACES = Decimal("0.0001")
ROLLUP_SCOPES = [
    (Scope.OBJECTIVE, "objective_id", "objective_ids"),
    (Scope.PRIORITY, "priority_id", "priority_ids"),
    (Scope.SDG_GOAL, "sdg_goal_id", "goal_ids"),
]


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
    span = target - baseline
    achieved = value >= target if span > 0 else value <= target
    if span == 0:
        return (1.0 if achieved else 0.0), None, classify(None, achieved)
    current = min(1.0, max(0.0, (value - baseline) / span))
    anticipated = None
    if len(points) >= 2:
        anticipated = round((trend_value(points, year_of(target_date)) - baseline) / span, 6)
    return round(current, 6), anticipated, classify(anticipated, achieved)


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
            **keys,
        )


def load_rules(indicator_ids=None) -> dict[int, Rule]:
    indicators = RoadmapIndicator.objects.all()
    links = RoadmapIndicator.objectives.through.objects.all()
    targets = RoadmapIndicator.sdg_targets.through.objects.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
        links = links.filter(roadmapindicator_id__in=indicator_ids)
        targets = targets.filter(roadmapindicator_id__in=indicator_ids)
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
    country_id: int, indicator_ids=None
) -> dict[int, dict[int, tuple[Decimal, int]]]:
    """Each indicator's combined value and number of reporting organisations per period,
    computed in the database from the country's approved values."""
    values = IndicatorValue.objects.filter(is_approved=True, country_id=country_id).exclude(
        value=None
    )
    if indicator_ids is not None:
        values = values.filter(indicator_id__in=indicator_ids)
    rows = (
        values.values("indicator_id", "period_id", "indicator__aggregation")
        .annotate(total=Sum("value"), mean=Avg("value"), n=Count("id"))
        .order_by()
    )
    grouped: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    latest_groups = []
    for row in rows:
        combined = {"sum": row["total"], "mean": row["mean"]}.get(row["indicator__aggregation"])
        grouped[row["indicator_id"]][row["period_id"]] = (combined, row["n"])
        if row["indicator__aggregation"] == "latest":
            latest_groups.append(row["indicator_id"])
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
            values.filter(indicator_id__in=set(latest_groups))
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
    for indicator_id, by_period in grouped.items():
        rule = rules[indicator_id]
        reported = [p for p in periods if p.pk in by_period]
        if not reported:
            continue
        points, value, stock = [], None, Decimal(str(rule.baseline))
        for period in periods:
            if period.start < reported[0].start:
                continue
            period_value, n = None, 0
            if period.pk in by_period:
                combined, n = by_period[period.pk]
                period_value = _decimal(combined)
                if rule.cumulative:
                    stock += period_value
                    value = stock
                else:
                    value = period_value
                points.append((year_of(period.end), float(value)))
            current, anticipated, status_class = indicator_status(
                baseline=rule.baseline,
                target=rule.target,
                target_date=rule.target_date,
                value=float(value),
                points=points,
            )
            figures.append(
                Figure(
                    scope=Scope.INDICATOR,
                    country_id=country_id,
                    period_id=period.pk,
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


def rollup_figures(
    country_id, rules, indicator_figures_, wanted: dict[str, set | None]
) -> list[Figure]:
    """Objectives, priorities, SDG goals and the country, averaged from their indicators.

    `wanted` names the keys to compute for each scope (None: all of them).
    """
    members: dict[tuple, list[Figure]] = defaultdict(list)
    for figure in indicator_figures_:
        rule = rules[figure.key]
        for scope, _field, attribute in ROLLUP_SCOPES:
            for key in getattr(rule, attribute):
                if wanted[scope] is None or key in wanted[scope]:
                    members[(scope, key, figure.period_id)].append(figure)
        if wanted[Scope.COUNTRY] is None or wanted[Scope.COUNTRY]:
            members[(Scope.COUNTRY, None, figure.period_id)].append(figure)

    # Reports and organisations behind a scope in a period: the country's approved reports
    # on roadmaps with an indicator in the scope.
    scopes_of_roadmap: dict[int, set] = defaultdict(set)
    for rule in rules.values():
        for scope, _field, attribute in ROLLUP_SCOPES:
            scopes_of_roadmap[rule.roadmap_id].update(
                (scope, key) for key in getattr(rule, attribute)
            )
        scopes_of_roadmap[rule.roadmap_id].add((Scope.COUNTRY, None))
    reports: dict[tuple, set] = defaultdict(set)
    organizations: dict[tuple, set] = defaultdict(set)
    for report_id, roadmap_id, organization_id, period_id in ProgressReport.objects.filter(
        status=ProgressReport.Status.APPROVED, organization__country_id=country_id
    ).values_list("pk", "roadmap_id", "organization_id", "period_id"):
        for scope, key in scopes_of_roadmap.get(roadmap_id, ()):
            reports[(scope, key, period_id)].add(report_id)
            organizations[(scope, key, period_id)].add(organization_id)

    figures = []
    for (scope, key, period_id), group in members.items():
        current, anticipated, status_class = rollup_status(group)
        figures.append(
            Figure(
                scope=scope,
                country_id=country_id,
                period_id=period_id,
                key=key,
                current=current,
                anticipated=anticipated,
                status_class=status_class,
                reports=len(reports[(scope, key, period_id)]),
                organizations=len(organizations[(scope, key, period_id)]),
                indicators=len(group),
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
            )
        )
    return figures


# Recomputes ----------------------------------------------------------------------------


def _lock_state() -> DashboardState:
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
    # COPY writes tens of thousands of snapshots an order of magnitude faster than INSERT.
    table = ProgressSnapshot._meta.db_table
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(SNAPSHOT_COLUMNS)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for figure in figures:
                copy.write_row(figure.as_row(now))


def _countries_with_data() -> list[int]:
    from vision.models import Country

    return list(Country.objects.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def recompute_all() -> int:
    """Rebuild every snapshot of every country and the region; drain every pending request
    seen at the start. Returns the new generation."""
    state = _lock_state()
    pending = list(PendingRecompute.objects.select_for_update().values_list("pk", flat=True))
    now = timezone.now()
    periods = snapshot_periods()
    rules = load_rules()
    everything = {
        Scope.OBJECTIVE: None,
        Scope.PRIORITY: None,
        Scope.SDG_GOAL: None,
        Scope.COUNTRY: None,
    }
    ProgressSnapshot.objects.all().delete()
    country_level = []
    for country_id in _countries_with_data():
        indicators = indicator_figures(country_id, rules, grouped_values(country_id), periods)
        rollups = rollup_figures(country_id, rules, indicators, everything)
        _store(indicators, now)
        _store(rollups, now)
        country_level.extend(rollups)
    _store(region_figures(country_level), now)
    PendingRecompute.objects.filter(pk__in=pending).delete()
    return _advance(state, now)


@transaction.atomic
def recompute_country(*, country_id: int, indicator_ids=None) -> int:
    """Recompute what an approval touched in one country: the given indicators' snapshots,
    the objectives, priorities and SDG goals above them, the country and the region.
    With no indicators given, the whole country. Returns the new generation."""
    state = _lock_state()
    _recompute_country(country_id, indicator_ids)
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
    _recompute_country(country_id, indicator_ids)
    PendingRecompute.objects.filter(pk__in=[r.pk for r in pending]).delete()
    return _advance(state, timezone.now())


def _recompute_country(country_id: int, indicator_ids) -> None:
    now = timezone.now()
    touched = None if indicator_ids is None else set(indicator_ids)
    stored = ProgressSnapshot.objects.filter(country_id=country_id)

    # The other indicators of the country keep their stored snapshots; the rollups above
    # the touched ones average them together with the new ones.
    others = []
    if touched is not None:
        others = _stored_figures(
            stored.filter(scope=Scope.INDICATOR).exclude(indicator_id__in=touched)
        )
    grouped = grouped_values(country_id, touched)
    rules = load_rules({f.key for f in others} | set(grouped) | (touched or set()))
    new = indicator_figures(country_id, rules, grouped, snapshot_periods())

    everything = {
        Scope.OBJECTIVE: None,
        Scope.PRIORITY: None,
        Scope.SDG_GOAL: None,
        Scope.COUNTRY: None,
    }
    if touched is None:
        wanted = everything
        stored.delete()
    else:
        wanted = {
            scope: {key for pk in touched if pk in rules for key in getattr(rules[pk], attribute)}
            for scope, _field, attribute in ROLLUP_SCOPES
        }
        wanted[Scope.COUNTRY] = {None}
        stored.filter(scope=Scope.INDICATOR, indicator_id__in=touched).delete()
        stored.filter(scope=Scope.COUNTRY).delete()
        for scope, key_field, _attribute in ROLLUP_SCOPES:
            stored.filter(scope=scope, **{f"{key_field}__in": wanted[scope]}).delete()
    _store(new, now)
    _store(rollup_figures(country_id, rules, others + new, wanted), now)

    country_level = _stored_figures(
        ProgressSnapshot.objects.filter(
            country__isnull=False, scope__in=[Scope.COUNTRY, Scope.PRIORITY, Scope.SDG_GOAL]
        )
    )
    ProgressSnapshot.objects.filter(country__isnull=True).delete()
    _store(region_figures(country_level), now)
