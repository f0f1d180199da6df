"""Indicator series in Python: each indicator's combined value per period (grouped in the
database), carried forward, cumulated where the indicator is cumulative, and judged by the
method. SQLite's path, and the reference the PostgreSQL statement is tested against."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Subquery, Sum
from django.utils import timezone

from monitoring.dashboards.engine.figures import Figure, Rule, Scope
from monitoring.dashboards.engine.method import (
    FOUR_PLACES,
    RunningTrend,
    status_from_trend,
    year_of,
)
from monitoring.reporting.models import IndicatorValue
from monitoring.roadmaps.models import ReportingPeriod, RoadmapIndicator
from priorities.models import Objective


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
