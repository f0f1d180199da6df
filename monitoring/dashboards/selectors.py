"""Selectors of the public dashboards: they read snapshots only, in a fixed number of
queries whatever the amount of data."""

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from monitoring.commitments import implementation
from monitoring.commitments.models import ImplementationSnapshot
from monitoring.dashboards.geo import country_shapes
from monitoring.dashboards.models import DashboardState, ProgressSnapshot, StatusClass
from monitoring.dashboards.tables import Table, percent
from monitoring.enterprises import figures as rating_figures
from monitoring.reporting.completeness import country_rate, rates
from monitoring.reporting.models import IndicatorValue, ProgressReport
from monitoring.reporting.selectors import indicator_parts
from monitoring.reporting.values import format_share, format_value
from monitoring.roadmaps.models import (
    DIMENSION_CATEGORIES,
    Dimension,
    IndicatorMilestone,
    ReportingPeriod,
    Roadmap,
    RoadmapIndicator,
)
from monitoring.sdg.models import SdgGoal
from organizations.models import Organization
from priorities.models import Objective, Priority
from vision.models import Country, CountryIndexScore

Scope = ProgressSnapshot.Scope


PAGE_SIZE = 50


def dashboard_state() -> DashboardState:
    return DashboardState.objects.filter(pk=1).first() or DashboardState(generation=0)


def current_generation() -> str:
    """The dashboard generation and when it was computed, as a cache key part: read on
    every cached page, so one small query without the ORM's machinery (it costs more than
    the query itself). The time keeps a database restored to an older generation from
    meeting pages cached after it."""
    with connection.cursor() as cursor:
        cursor.execute(GENERATION_SQL)
        row = cursor.fetchone()
    return f"{row[0]}.{row[1].timestamp() if row[1] else 0}" if row else "0"


GENERATION_SQL = f"SELECT generation, computed_at FROM {DashboardState._meta.db_table} WHERE id = 1"  # noqa: S608 - a table name  # nosec B608


def latest_period() -> ReportingPeriod | None:
    """The newest period the region has figures for."""
    snapshot = (
        ProgressSnapshot.objects.filter(scope=Scope.COUNTRY, country__isnull=True)
        .select_related("period")
        .order_by("-period__start")
        .first()
    )
    return snapshot.period if snapshot else None


class Point:
    """One period of an indicator's small chart."""

    __slots__ = ("period_code", "report_count", "value")

    def __init__(self, period_code, value, report_count=0):
        self.period_code = period_code
        self.value = value
        self.report_count = report_count


def coverage(reported: int, owed: int) -> str:
    """How many of the organisations that owe a report for a figure have one approved."""
    return _("%(reported)s of %(owed)s organisations") % {"reported": reported, "owed": owed}


def owners_per_roadmap(roadmap_ids, country=None) -> tuple[dict[int, int], int]:
    """How many organisations own (and so owe reports on) each roadmap, and how many own
    any of the country's roadmaps: one query."""
    links = Roadmap.owners.through.objects.filter(roadmap_id__in=set(roadmap_ids))
    if country is not None:
        links = links | Roadmap.owners.through.objects.filter(roadmap__country=country)
    owed: dict[int, int] = {}
    in_country = set()
    for roadmap_id, organization_id, country_id in links.values_list(
        "roadmap_id", "organization_id", "roadmap__country_id"
    ):
        owed[roadmap_id] = owed.get(roadmap_id, 0) + 1
        if country is not None and country_id == country.pk:
            in_country.add(organization_id)
    return owed, len(in_country)


def _series(snapshots) -> dict:
    """Snapshots grouped by their scope key, each list in period order."""
    grouped: dict = {}
    for snapshot in snapshots:
        grouped.setdefault(snapshot.scope_key, []).append(snapshot)
    return grouped


def _with_key(queryset, key_field: str):
    for snapshot in queryset:
        snapshot.scope_key = getattr(snapshot, key_field)
        yield snapshot


def region_dashboard(*, with_rates: bool = False) -> dict:
    """The region's figures; with_rates adds each country's reporting rate for the period
    (one query more: the region page shows them, the home page does not)."""
    period = latest_period()
    countries = list(Country.objects.filter(is_vision_country=True).order_by("name"))
    priorities = list(Priority.objects.order_by("number"))
    region_series = list(
        ProgressSnapshot.objects.filter(scope=Scope.COUNTRY, country__isnull=True)
        .select_related("period")
        .order_by("period__start")
    )
    by_country, matrix = {}, {}
    if period:
        for snapshot in ProgressSnapshot.objects.filter(
            period=period, country__isnull=False, scope__in=[Scope.COUNTRY, Scope.PRIORITY]
        ):
            if snapshot.scope == Scope.COUNTRY:
                by_country[snapshot.country_id] = snapshot
            else:
                matrix[(snapshot.priority_id, snapshot.country_id)] = snapshot
    rows = []
    for priority in priorities:
        cells = [matrix.get((priority.pk, c.pk)) for c in countries]
        rows.append({"priority": priority, "cells": cells})
    table = Table(
        "region-priorities",
        _("Status of each priority in each country"),
        [_("Priority"), *[c.name for c in countries]],
        [
            [f"{r['priority'].number}. {r['priority'].title}"]
            + [c.get_status_class_display() if c else "" for c in r["cells"]]
            for r in rows
        ],
    )
    country_rows = [(c, by_country.get(c.pk)) for c in countries]
    country_rates = rates(period=period) if with_rates and period else {}
    shapes = country_shapes()
    return {
        "country_list": [(c, snapshot, country_rates.get(c.pk)) for c, snapshot in country_rows],
        "map": shapes,
        "map_countries": [
            (c, s, shapes["paths"][c.code], shapes["labels"][c.code])
            for c, s in country_rows
            if c.code in shapes["paths"]
        ],
        "goal_numbers": range(1, 18),
        "period": period,
        "period_reports": region_series[-1].report_count if region_series else None,
        "region": region_series[-1] if region_series else None,
        "region_series": region_series,
        "countries": country_rows,
        "matrix": rows,
        "matrix_countries": countries,
        "table": table,
        "headline": {
            "members": Organization.objects.filter(status=Organization.Status.MEMBER).count(),
            "roadmaps": Roadmap.objects.count(),
            "approved_reports": ProgressReport.objects.filter(status="approved").count(),
        },
    }


def country_dashboard(*, code: str, page_number) -> dict:
    country = get_object_or_404(Country, code=code.upper(), is_vision_country=True)
    period = latest_period()
    country_series = list(
        ProgressSnapshot.objects.filter(scope=Scope.COUNTRY, country=country)
        .select_related("period")
        .order_by("period__start")
    )
    priority_series = _series(
        _with_key(
            ProgressSnapshot.objects.filter(scope=Scope.PRIORITY, country=country)
            .select_related("period")
            .order_by("period__start"),
            "priority_id",
        )
    )
    objective_latest = {
        s.objective_id: s
        for s in ProgressSnapshot.objects.filter(
            scope=Scope.OBJECTIVE, country=country, period=period
        )
    }
    priorities = []
    for priority in Priority.objects.order_by("number").prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("position"))
    ):
        series = priority_series.get(priority.pk, [])
        priorities.append(
            {
                "priority": priority,
                "latest": series[-1] if series else None,
                "series": series,
                "objectives": [(o, objective_latest.get(o.pk)) for o in priority.objectives.all()],
            }
        )

    latest_indicators = (
        ProgressSnapshot.objects.filter(scope=Scope.INDICATOR, country=country, period=period)
        .select_related("indicator__roadmap")
        .order_by("indicator__roadmap__title", "indicator__position", "indicator_id")
    )
    page = Paginator(latest_indicators, PAGE_SIZE).get_page(page_number)
    on_page = [s.indicator_id for s in page.object_list]
    # The small charts need the values alone: plain rows, not model instances.
    indicator_series: dict[int, list] = {}
    for indicator_id, code, value, reports in (
        ProgressSnapshot.objects.filter(
            scope=Scope.INDICATOR, country=country, indicator_id__in=on_page
        )
        .order_by("period__start")
        .values_list("indicator_id", "period__code", "value", "report_count")
    ):
        indicator_series.setdefault(indicator_id, []).append(Point(code, value, reports))
    owed, owing = owners_per_roadmap(
        [s.indicator.roadmap_id for s in page.object_list], country=country
    )
    indicators = []
    for s in page.object_list:
        series = indicator_series.get(s.indicator_id, [])
        reported_in = [p.period_code for p in series if p.report_count]
        indicators.append(
            {
                "snapshot": s,
                "indicator": s.indicator,
                "series": series,
                "coverage": coverage(s.report_count, owed.get(s.indicator.roadmap_id, 0)),
                "last_reported": reported_in[-1] if reported_in else None,
            }
        )
    table = Table(
        f"{country.code.lower()}-indicators",
        _("Indicators of %(country)s") % {"country": country.name},
        [
            _("Indicator"),
            _("Roadmap"),
            _("Latest value"),
            _("Baseline"),
            _("Target"),
            _("Current status (%)"),
            _("Anticipated progress (%)"),
            _("Status"),
            _("Reporting organisations"),
        ],
        [
            [
                str(row["indicator"]),
                row["indicator"].roadmap.title,
                row["snapshot"].value,
                row["indicator"].baseline_value,
                row["indicator"].target_value,
                percent(row["snapshot"].current_status),
                percent(row["snapshot"].anticipated_progress),
                row["snapshot"].get_status_class_display(),
                row["snapshot"].report_count,
            ]
            for row in indicators
        ],
        shown=[
            [
                str(row["indicator"]),
                row["indicator"].roadmap.title,
                format_value(row["indicator"], row["snapshot"].value) or "–",
                format_value(row["indicator"], row["indicator"].baseline_value),
                format_value(row["indicator"], row["indicator"].target_value),
                format_share(row["snapshot"].current_status),
                format_share(row["snapshot"].anticipated_progress),
                row["snapshot"].get_status_class_display(),
                row["coverage"],
            ]
            for row in indicators
        ],
    )
    latest = country_series[-1] if country_series else None
    return {
        "country": country,
        "period": period,
        "period_reports": latest.report_count if latest else None,
        "owing": owing,
        # The reporting rate, as the coordinators' completeness page counts it.
        "rate": country_rate(period=period, country_id=country.pk),
        "latest": latest,
        "series": country_series,
        "priorities": priorities,
        "indicators": indicators,
        "page": page,
        "table": table,
        "implementation": country_implementation(country),
        "scores": latest_index_scores(country),
        "members": Organization.objects.filter(country=country, status=Organization.Status.MEMBER)
        .order_by("name")
        .only("name", "slug")[:24],
        "member_count": Organization.objects.filter(
            country=country, status=Organization.Status.MEMBER
        ).count(),
        "reports": ProgressReport.objects.filter(
            status=ProgressReport.Status.APPROVED, organization__country=country
        )
        .select_related("organization", "roadmap", "period")
        .order_by("-reviewed_at", "-pk")[:10],
    }


def latest_index_scores(country) -> list[CountryIndexScore]:
    """The latest score of the country on each international index (one query); the
    series over the years is on the country's commitments page."""
    latest = {}
    for score in (
        CountryIndexScore.objects.filter(country=country)
        .select_related("index")
        .order_by("index__position", "index_id", "-year")
    ):
        latest.setdefault(score.index_id, score)
    return list(latest.values())


def country_implementation(country) -> dict | None:
    """The country's recommendations by the network's position on their implementation,
    as the engine last counted them (one query); None before it has."""
    snapshot = ImplementationSnapshot.objects.filter(country=country).first()
    if snapshot is None or not snapshot.recommendations:
        return None
    return {
        "recommendations": snapshot.recommendations,
        "assessed": snapshot.recommendations - snapshot.counts.get("unassessed", 0),
        "shares": implementation.shares(snapshot.recommendations, snapshot.counts),
        "computed_at": snapshot.computed_at,
    }


def priority_dashboard(*, number: int) -> dict:
    priority = get_object_or_404(Priority, number=number)
    period = latest_period()
    countries = list(Country.objects.filter(is_vision_country=True).order_by("name"))
    objectives = list(priority.objectives.order_by("position"))
    cells, totals = {}, {}
    for snapshot in ProgressSnapshot.objects.filter(period=period).filter(
        objective__priority=priority, scope=Scope.OBJECTIVE
    ) | ProgressSnapshot.objects.filter(period=period, scope=Scope.PRIORITY, priority=priority):
        if snapshot.scope == Scope.OBJECTIVE:
            cells[(snapshot.objective_id, snapshot.country_id)] = snapshot
        else:
            totals[snapshot.country_id] = snapshot
    rows = [
        {"objective": o, "cells": [cells.get((o.pk, c.pk)) for c in countries]} for o in objectives
    ]
    table = Table(
        f"priority-{priority.number}",
        _("Priority %(number)s by objective and country") % {"number": priority.number},
        [_("Objective"), *[c.name for c in countries]],
        [
            [f"{priority.number}.{r['objective'].position} {r['objective'].title}"]
            + [c.get_status_class_display() if c else "" for c in r["cells"]]
            for r in rows
        ],
    )
    region = totals.get(None)
    return {
        "priority": priority,
        "period": period,
        "period_reports": region.report_count if region else None,
        "countries": countries,
        "rows": rows,
        "totals": [totals.get(c.pk) for c in countries],
        "region": region,
        "region_series": ProgressSnapshot.objects.filter(
            scope=Scope.PRIORITY, priority=priority, country__isnull=True
        )
        .select_related("period")
        .order_by("period__start"),
        "table": table,
        "ratings": rating_figures.dashboard_rows(countries)
        if priority.number == rating_figures.PRIORITY
        else None,
    }


def sdg_dashboard(*, number: int, page_number) -> dict:
    goal = get_object_or_404(SdgGoal, number=number)
    period = latest_period()
    by_country = {
        s.country_id: s
        for s in ProgressSnapshot.objects.filter(scope=Scope.SDG_GOAL, sdg_goal=goal, period=period)
    }
    countries = list(Country.objects.filter(is_vision_country=True).order_by("name"))
    snapshots = (
        ProgressSnapshot.objects.filter(
            scope=Scope.INDICATOR, period=period, indicator__sdg_targets__goal=goal
        )
        .select_related("indicator__roadmap", "indicator__sdg_indicator", "country")
        .distinct()
        .order_by("country__name", "indicator__roadmap__title", "indicator__position", "pk")
    )
    page = Paginator(snapshots, PAGE_SIZE).get_page(page_number)
    table = Table(
        f"sdg-{goal.number}",
        _("Localised indicators of SDG %(number)s") % {"number": goal.number},
        [
            _("Country"),
            _("Indicator"),
            _("UN indicator"),
            _("Latest value"),
            _("Target"),
            _("Status"),
        ],
        [
            [
                s.country.name,
                str(s.indicator),
                s.indicator.sdg_indicator.code if s.indicator.sdg_indicator else "",
                s.value,
                s.indicator.target_value,
                s.get_status_class_display(),
            ]
            for s in page.object_list
        ],
        shown=[
            [
                s.country.name,
                str(s.indicator),
                s.indicator.sdg_indicator.code if s.indicator.sdg_indicator else "–",
                format_value(s.indicator, s.value) or "–",
                format_value(s.indicator, s.indicator.target_value),
                s.get_status_class_display(),
            ]
            for s in page.object_list
        ],
    )
    region = by_country.get(None)
    return {
        "goal": goal,
        "period": period,
        "period_reports": region.report_count if region else None,
        "countries": [(c, by_country.get(c.pk)) for c in countries],
        "region": region,
        "region_series": ProgressSnapshot.objects.filter(
            scope=Scope.SDG_GOAL, sdg_goal=goal, country__isnull=True
        )
        .select_related("period")
        .order_by("period__start"),
        "page": page,
        "table": table,
    }


def indicator_dashboard(*, pk: int) -> dict:
    indicator = get_object_or_404(
        RoadmapIndicator.objects.select_related("roadmap__country", "sdg_indicator"), pk=pk
    )
    snapshots = list(
        ProgressSnapshot.objects.filter(scope=Scope.INDICATOR, indicator=indicator)
        .select_related("period", "country")
        .order_by("country__name", "period__start")
    )
    if not snapshots:
        raise Http404
    milestones = list(
        IndicatorMilestone.objects.filter(indicator=indicator)
        .select_related("period")
        .order_by("period__start")
    )
    values = list(
        IndicatorValue.objects.filter(indicator=indicator, is_approved=True)
        .exclude(value=None)
        .select_related("report__organization", "period", "country")
        .order_by("period__start", "report__organization__name")
    )
    owed = owners_per_roadmap([indicator.roadmap_id])[0].get(indicator.roadmap_id, 0)
    by_country: dict = {}
    for snapshot in snapshots:
        by_country.setdefault(snapshot.country, []).append(snapshot)
    behind: dict = {}
    for value in values:
        behind.setdefault((value.country_id, value.period_id), []).append(value)
    series = [
        {
            "country": country,
            "snapshots": items,
            "latest": items[-1],
            "coverage": coverage(items[-1].report_count, owed),
            "points": [
                {
                    "snapshot": s,
                    "values": behind.get((s.country_id, s.period_id), []),
                    "coverage": coverage(s.report_count, owed),
                }
                for s in items
            ],
        }
        for country, items in by_country.items()
    ]
    table = Table(
        f"indicator-{indicator.pk}",
        str(indicator),
        [
            _("Country"),
            _("Period"),
            _("Reported in the period"),
            _("Value"),
            _("Current status (%)"),
            _("Anticipated progress (%)"),
            _("Status"),
            _("Reporting organisations"),
        ],
        [
            [
                s.country.name,
                s.period.code,
                s.period_value,
                s.value,
                percent(s.current_status),
                percent(s.anticipated_progress),
                s.get_status_class_display(),
                s.report_count,
            ]
            for s in snapshots
        ],
        shown=[
            [
                s.country.name,
                s.period.code,
                format_value(indicator, s.period_value) or "–",
                format_value(indicator, s.value) or "–",
                format_share(s.current_status),
                format_share(s.anticipated_progress),
                s.get_status_class_display(),
                coverage(s.report_count, owed),
            ]
            for s in snapshots
        ],
    )
    labels = {
        (dimension, code): (Dimension(dimension).label, label)
        for dimension, categories in DIMENSION_CATEGORIES.items()
        for code, label in categories
    }
    # The parts as of each period, combined as the headline is (a cumulative indicator's
    # parts cumulated too), in each country the indicator has figures for.
    known = {(s.country_id, s.period_id): s for s in snapshots}
    disaggregation = []
    for _indicator, country_id, by_period in indicator_parts(indicator_ids=[indicator.pk]):
        for period_id, parts in by_period.items():
            snapshot = known.get((country_id, period_id))
            if snapshot is None:
                continue
            for (dimension, category), number in parts.items():
                disaggregation.append(
                    (
                        snapshot.country.name,
                        snapshot.period.start,
                        snapshot.period.code,
                        *labels.get((dimension, category), (dimension, category)),
                        number,
                    )
                )
    disaggregation.sort(key=lambda row: row[:3])
    return {
        "indicator": indicator,
        "series": series,
        "milestones": milestones,
        "disaggregation": [(row[0], *row[2:]) for row in disaggregation],
        "table": table,
    }


STATUS_ORDER = [c for c, _label in StatusClass.choices]
