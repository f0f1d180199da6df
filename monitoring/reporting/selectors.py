"""Reads of reports that carry a rule: what a person owes, may see, or reviews."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from monitoring.permissions import can_report_for, can_view_report, organization_people_q
from monitoring.reporting.models import Evidence, IndicatorValue, ProgressReport, ReportEvent
from monitoring.reporting.values import combine_parts
from monitoring.roadmaps.models import ReportingPeriod, Roadmap, RoadmapIndicator
from organizations.models import Organization
from organizations.permissions import coordinated_country_ids, is_network_admin, roles_of


@dataclass
class OwedReport:
    organization: Organization
    roadmap: Roadmap
    period: ReportingPeriod
    report: ProgressReport | None
    can_write: bool
    today: date

    # What the organisation still has to do, most urgent first (the to-do page's order).
    STATES = ("overdue", "returned", "draft", "due", "submitted", "approved")

    @property
    def state(self) -> str:
        status = self.report.status if self.report else None
        if status in ("submitted", "approved", "returned"):
            return status
        if self.days_left < 0:
            return "overdue"
        return "draft" if status == "draft" else "due"

    @property
    def days_left(self) -> int:
        """Days until the deadline; negative once it has passed."""
        return (self.period.deadline - self.today).days

    @property
    def days_late(self) -> int:
        return -self.days_left

    @property
    def is_done(self) -> bool:
        return self.state in ("submitted", "approved")

    def sort_key(self):
        return (self.STATES.index(self.state), self.period.deadline, self.roadmap.title)


def reports_owed(*, user) -> list[OwedReport]:
    """For each of the user's member organisations: every roadmap it owns × every open
    period within the roadmap's span, with the report if one was started."""
    roles = roles_of(user)
    today = timezone.localdate()
    organizations = Organization.objects.filter(pk__in=roles, status=Organization.Status.MEMBER)
    periods = list(ReportingPeriod.objects.filter(is_open=True).order_by("start"))
    roadmaps = (
        Roadmap.objects.filter(owners__in=organizations)
        .annotate(owner_id=F("owners__id"))
        .order_by("title")
    )
    by_organization = {o.pk: o for o in organizations.select_related("country")}
    reports = {
        (r.organization_id, r.roadmap_id, r.period_id): r
        for r in ProgressReport.objects.filter(organization__in=organizations, period__in=periods)
    }
    owed = []
    for roadmap in roadmaps:
        organization = by_organization[roadmap.owner_id]
        for period in periods:
            if period.start <= roadmap.end and period.end >= roadmap.start:
                owed.append(
                    OwedReport(
                        organization=organization,
                        roadmap=roadmap,
                        period=period,
                        report=reports.get((organization.pk, roadmap.pk, period.pk)),
                        can_write=can_report_for(user, organization),
                        today=today,
                    )
                )
    return owed


def todo_of(*, user) -> list[OwedReport]:
    """What the user's organisations owe, most urgent first: overdue, returned, drafts,
    due (nearest deadline first), then those already submitted or approved."""
    return sorted(reports_owed(user=user), key=OwedReport.sort_key)


def reports_of_user(*, user) -> QuerySet[ProgressReport]:
    """Every report of the user's organisations, newest period first."""
    return (
        ProgressReport.objects.filter(organization__in=list(roles_of(user)))
        .select_related("organization", "roadmap", "period")
        .order_by("-period__start", "organization__name", "roadmap__title")
    )


def report_get_for_viewer(*, user, pk: int) -> ProgressReport:
    report = (
        ProgressReport.objects.select_related(
            "organization__country", "roadmap__country", "period", "reviewed_by", "updated_by"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_report(user, report):
        raise Http404
    return report


def report_indicators(*, report: ProgressReport) -> list[RoadmapIndicator]:
    return list(
        report.roadmap.indicators.select_related("sdg_indicator").order_by("position", "pk")
    )


def report_values(*, report: ProgressReport) -> dict[int, IndicatorValue]:
    return {v.indicator_id: v for v in report.values.all()}


def report_evidence(*, report: ProgressReport) -> dict[int | None, list[Evidence]]:
    grouped: dict[int | None, list[Evidence]] = {}
    for item in report.evidence.all():
        grouped.setdefault(item.indicator_id, []).append(item)
    return grouped


def report_timeline(*, report: ProgressReport) -> QuerySet[ReportEvent]:
    return report.events.select_related("actor").order_by("at", "pk")


def _earlier_approved(report: ProgressReport) -> QuerySet[IndicatorValue]:
    """The organisation's approved values on the report's roadmap before its period, oldest
    first."""
    return (
        IndicatorValue.objects.filter(
            report__organization_id=report.organization_id,
            report__roadmap_id=report.roadmap_id,
            is_approved=True,
            period__start__lt=report.period.start,
        )
        .exclude(value=None)
        .order_by("period__start")
    )


def earlier_approved_values(*, report: ProgressReport) -> dict[int, list[Decimal]]:
    """The organisation's approved values of each indicator in earlier periods, in order."""
    rows = _earlier_approved(report).values_list("indicator_id", "value")
    earlier: dict[int, list[Decimal]] = {}
    for indicator_id, value in rows:
        earlier.setdefault(indicator_id, []).append(value)
    return earlier


def value_versions(*, report: ProgressReport) -> dict[int, list]:
    """Every stored version of each of the report's values (django-simple-history), oldest
    first, with who saved it: one query."""
    versions: dict[int, list] = {}
    rows = (
        IndicatorValue.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for version in rows:
        versions.setdefault(version.indicator_id, []).append(version)
    return versions


def last_approved_values(*, report: ProgressReport) -> dict[int, IndicatorValue]:
    """Each indicator's latest approved value of the organisation before the report's
    period (with its period), to show beside the input: one query."""
    latest: dict[int, IndicatorValue] = {}
    rows = (
        _earlier_approved(report)
        .select_related("period")
        .only("indicator_id", "value", "period__code", "period__start")
    )
    for value in rows:
        latest[value.indicator_id] = value
    return latest


def reports_visible_to(*, user) -> QuerySet[ProgressReport]:
    """Reports the user may read: their organisations', their countries' (coordinators), or
    all of them (network admins); the same rule as can_view_report, as a query."""
    return ProgressReport.objects.filter(organization_people_q(user))


def reports_for_review(*, user) -> QuerySet[ProgressReport]:
    """Submitted reports of the user's countries (all for network admins), oldest first."""
    reports = ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
    if not is_network_admin(user):
        reports = reports.filter(organization__country_id__in=coordinated_country_ids(user))
    return reports.select_related("organization__country", "roadmap", "period").order_by(
        "submitted_at", "pk"
    )


def indicator_parts(
    *, indicator_ids=None
) -> Iterator[tuple[int, int, dict[int, dict[tuple[str, str], Decimal]]]]:
    """Each disaggregated indicator's parts in each country as of every period that has
    begun, combined as its headline figure is (values.combine_parts): yields
    (indicator id, country id, {period id: {(dimension, category): number}}), one indicator
    and country at a time, so that memory stays flat however many values there are."""
    indicators = RoadmapIndicator.objects.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
    rules = {
        pk: (aggregation, cumulative)
        for pk, aggregation, cumulative, dimensions in indicators.values_list(
            "pk", "aggregation", "cumulative", "disaggregations"
        )
        if dimensions
    }
    if not rules:
        return
    # The dashboard engine's periods (engine.snapshot_periods), in its order.
    periods = list(
        ReportingPeriod.objects.filter(start__lte=timezone.localdate())
        .order_by("start", "pk")
        .values_list("pk", flat=True)
    )
    rows = (
        IndicatorValue.objects.filter(is_approved=True, indicator_id__in=list(rules))
        .exclude(value=None)
        .order_by("indicator_id", "country_id", "report__reviewed_at", "pk")
        .values_list("indicator_id", "country_id", "period_id", "disaggregation")
        .iterator(chunk_size=5000)
    )
    for (indicator_id, country_id), group in groupby(rows, key=lambda row: row[:2]):
        reported: dict[int, list[dict]] = {}
        for _indicator, _country, period_id, parts in group:
            reported.setdefault(period_id, []).append(parts)
        aggregation, cumulative = rules[indicator_id]
        yield (
            indicator_id,
            country_id,
            combine_parts(
                aggregation=aggregation,
                cumulative=cumulative,
                periods=periods,
                reported=reported,
            ),
        )
