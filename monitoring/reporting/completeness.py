"""Completeness (DHIS2's reporting rate): for a period, how many reports are expected of
the member organisations on the roadmaps they own, and how many are submitted, approved
and overdue, by country, roadmap and organisation. Two queries, whatever the size; the
dashboards' rates alone are counted by the database in one (`rates`)."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from monitoring.reporting.models import ProgressReport
from monitoring.roadmaps.models import ReportingPeriod, Roadmap
from organizations.models import Organization

Status = ProgressReport.Status
HANDED_IN = (Status.SUBMITTED, Status.APPROVED)


@dataclass
class Rate:
    expected: int = 0
    submitted: int = 0  # submitted or approved: handed in
    approved: int = 0
    overdue: int = 0  # expected, deadline passed, not handed in

    @property
    def share(self) -> float | None:
        """Approved of expected, 0 to 1; None when nothing is expected."""
        return self.approved / self.expected if self.expected else None

    def count(self, expected: "Expected") -> None:
        self.expected += 1
        self.submitted += expected.status in HANDED_IN
        self.approved += expected.status == Status.APPROVED
        self.overdue += expected.overdue


@dataclass
class Expected:
    organization: Organization
    status: str | None  # None: not started
    overdue: bool


@dataclass
class RoadmapCompleteness:
    roadmap: Roadmap
    rate: Rate = field(default_factory=Rate)
    organizations: list[Expected] = field(default_factory=list)


@dataclass
class CountryCompleteness:
    country: object
    rate: Rate = field(default_factory=Rate)
    roadmaps: dict[int, RoadmapCompleteness] = field(default_factory=dict)


def _expected(period: ReportingPeriod, country_ids) -> QuerySet:
    """What is expected for the period: a report of each member organisation on each
    roadmap it owns that runs during the period (the organisations of `country_ids`, or
    all)."""
    owners = Roadmap.owners.through.objects.filter(
        roadmap__start__lte=period.end,
        roadmap__end__gte=period.start,
        organization__status=Organization.Status.MEMBER,
    )
    if country_ids is not None:
        owners = owners.filter(organization__country_id__in=country_ids)
    return owners


def completeness(*, period: ReportingPeriod, country_ids=None) -> list[CountryCompleteness]:
    """Per country of the organisations (all, or those of `country_ids`), per roadmap and
    organisation: what was expected for the period and where each report stands."""
    owners = _expected(period, country_ids).select_related("roadmap", "organization__country")
    statuses = {
        (organization, roadmap): status
        for organization, roadmap, status in ProgressReport.objects.filter(
            period=period
        ).values_list("organization_id", "roadmap_id", "status")
    }
    late = period.deadline < timezone.localdate()
    countries: dict[int, CountryCompleteness] = {}
    for owner in owners.order_by("organization__country__name", "roadmap__title", "pk"):
        organization, roadmap = owner.organization, owner.roadmap
        status = statuses.get((organization.pk, roadmap.pk))
        # Overdue: the deadline has passed and the report is not handed in.
        expected = Expected(organization, status, overdue=late and status not in HANDED_IN)
        country = countries.setdefault(
            organization.country_id, CountryCompleteness(organization.country)
        )
        row = country.roadmaps.setdefault(roadmap.pk, RoadmapCompleteness(roadmap))
        row.organizations.append(expected)
        row.rate.count(expected)
        country.rate.count(expected)
    return list(countries.values())


def rates(*, period: ReportingPeriod, country_ids=None) -> dict[int, Rate]:
    """Each country's rate for the period, by country id, as `completeness` counts it but
    counted by the database: one query, and no row per expected report in Python (the
    public dashboards show the rates of every organisation of the region)."""
    status = ProgressReport.objects.filter(
        period=period, organization=OuterRef("organization_id"), roadmap=OuterRef("roadmap_id")
    ).values("status")
    counted = (
        _expected(period, country_ids)
        .annotate(status=Subquery(status))
        .values("organization__country_id")
        .annotate(
            expected=Count("pk"),
            submitted=Count("pk", filter=Q(status__in=HANDED_IN)),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
        )
        .order_by()
    )
    late = period.deadline < timezone.localdate()
    return {
        row["organization__country_id"]: Rate(
            expected=row["expected"],
            submitted=row["submitted"],
            approved=row["approved"],
            overdue=row["expected"] - row["submitted"] if late else 0,
        )
        for row in counted
    }


def country_rate(*, period: ReportingPeriod | None, country_id: int) -> Rate | None:
    """The country's reporting rate for the period, as the coordinators' page counts it."""
    if period is None:
        return None
    return rates(period=period, country_ids=[country_id]).get(country_id)


def default_period() -> ReportingPeriod | None:
    """The period a completeness page opens on: the latest whose deadline has passed, or
    else the latest that has begun."""
    today = timezone.localdate()
    periods = ReportingPeriod.objects.order_by("-start")
    return periods.filter(deadline__lt=today).first() or periods.filter(start__lte=today).first()
