"""Reads of the commitments for the public pages: a constant number of queries each,
however many recommendations there are."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from monitoring.commitments import implementation, index_scores, joint_reports
from monitoring.commitments.models import (
    Assessment,
    Instrument,
    JointReport,
    Ratification,
    Recommendation,
    Signature,
    Theme,
)
from monitoring.commitments.position import Position, network_position, positions_from
from monitoring.permissions import can_assess_for, can_view_assessment, organization_people_q
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization
from organizations.permissions import reviewed_country_ids, roles_of
from priorities.models import Objective
from vision.models import Country, CountryIndexScore, InternationalIndex


@dataclass
class CountryCommitments:
    """One country's line on the region's page."""

    country: Country
    bound: int = 0
    signed: int = 0
    recommendations: int = 0
    responses: dict[str, int] = field(default_factory=dict)
    positions: Counter = field(default_factory=Counter)

    def by_response(self) -> list[tuple[str, int, float]]:
        """(response, count, share) for each response a state can give, in order."""
        return [
            (
                label,
                self.responses.get(value, 0),
                self.responses.get(value, 0) / self.recommendations if self.recommendations else 0,
            )
            for value, label in Recommendation.Response.choices
        ]

    def by_position(self) -> list[tuple[str, str, int, float]]:
        """(class, label, count, share) of the recommendations by the network's position."""
        return implementation.shares(self.recommendations, self.positions)


def instruments_to_ratify() -> list[Instrument]:
    return list(Instrument.objects.exclude(kind=Instrument.Kind.UPR).order_by("position"))


def region_commitments() -> list[CountryCommitments]:
    """Each Vision country: instruments it is bound by or has signed, and its
    recommendations by the state's response and by the network's position. Five queries."""
    lines = {
        country.pk: CountryCommitments(country)
        for country in Country.objects.filter(is_vision_country=True).order_by("name")
    }
    statuses = (
        Ratification.objects.filter(country__in=lines)
        .values("country_id")
        .annotate(
            bound=Count("pk", filter=Q(status__in=Ratification.BINDING)),
            signed=Count("pk", filter=Q(status=Ratification.Status.SIGNED)),
        )
        .order_by()
    )
    for row in statuses:
        lines[row["country_id"]].bound = row["bound"]
        lines[row["country_id"]].signed = row["signed"]
    responses = (
        Recommendation.objects.filter(country__in=lines)
        .values("country_id", "response")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in responses:
        line = lines[row["country_id"]]
        line.responses[row["response"]] = row["count"]
        line.recommendations += row["count"]
    for country_id, counts in implementation.count_positions(list(lines)).items():
        lines[country_id].positions = counts
    return list(lines.values())


@dataclass
class IndexSeries:
    """One international index's scores of a country over the years, with the themes of
    recommendations on what it measures and how many the country received on each."""

    index: InternationalIndex
    scores: list[CountryIndexScore]  # The oldest first.
    themes: list[tuple[Theme, int]]
    low: object = None
    high: object = None

    @property
    def figures(self) -> list[CountryIndexScore]:
        return [score for score in self.scores if score.value is not None]

    @property
    def latest(self) -> CountryIndexScore | None:
        return self.scores[-1] if self.scores else None

    @property
    def is_demo(self) -> bool:
        return any(score.is_demo for score in self.scores)


def country_indexes(country: Country) -> list[IndexSeries]:
    """Each index that scores the country or measures a theme of recommendations: its
    scores by year beside the recommendations on the freedoms it measures. Three queries."""
    scores = defaultdict(list)
    for score in CountryIndexScore.objects.filter(country=country).order_by("year"):
        scores[score.index_id].append(score)
    themes = defaultdict(list)
    counted = Theme.objects.annotate(
        received=Count("recommendations", filter=Q(recommendations__country=country))
    ).prefetch_related("indexes")
    for theme in counted:
        for index in theme.indexes.all():
            themes[index.pk].append((theme, theme.received))
    found = []
    for index in InternationalIndex.objects.filter(pk__in=[*scores, *themes]).order_by("position"):
        layout = index_scores.layout_of(index)
        found.append(
            IndexSeries(index, scores[index.pk], themes[index.pk], layout.low, layout.high)
        )
    return found


def ratification_table(countries: list[Country]) -> list[tuple[Instrument, list]]:
    """Instruments down, countries across: each cell the country's ratification or None."""
    found = {
        (r.instrument_id, r.country_id): r
        for r in Ratification.objects.filter(country__in=countries)
    }
    return [
        (instrument, [found.get((instrument.pk, country.pk)) for country in countries])
        for instrument in instruments_to_ratify()
    ]


def country_get(*, code: str) -> Country:
    return get_object_or_404(Country, code=code.upper(), is_vision_country=True)


def country_recommendations(country: Country) -> QuerySet[Recommendation]:
    """The country's recommendations with everything a list shows, in two plus four
    prefetching queries."""
    return (
        Recommendation.objects.filter(country=country)
        .select_related("mechanism")
        .prefetch_related("themes", "groups", "sdg_targets")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.select_related("priority"))
        )
        .order_by("-made_on", "mechanism__position", "reference", "pk")
    )


def recommendation_get(*, pk: int) -> Recommendation:
    targets = SdgTarget.objects.select_related("goal").order_by("goal__number", "position")
    objectives = Objective.objects.select_related("priority")
    queryset = Recommendation.objects.select_related("country", "mechanism").prefetch_related(
        "themes__indexes",
        "groups",
        Prefetch("sdg_targets", queryset=targets),
        Prefetch("objectives", queryset=objectives),
    )
    return get_object_or_404(queryset, pk=pk)


def counts_by_country(recommendations: QuerySet[Recommendation]) -> list[tuple[Country, int]]:
    """How many of these recommendations each Vision country received (one query), for the
    priority pages."""
    countries = (
        Country.objects.filter(
            is_vision_country=True, recommendations__in=recommendations.order_by().values("pk")
        )
        .annotate(received=Count("recommendations", distinct=True))
        .order_by("name")
    )
    return [(country, country.received) for country in countries]


def counts_by_target(goal) -> dict[int, list[tuple[Country, int]]]:
    """For each target of the goal, how many recommendations each Vision country received
    that touch it (one query), for the goal's page."""
    countries = (
        Country.objects.filter(is_vision_country=True, recommendations__sdg_targets__goal=goal)
        .annotate(
            target_id=F("recommendations__sdg_targets"),
            received=Count("recommendations", distinct=True),
        )
        .order_by("name")
    )
    counted: dict[int, list[tuple[Country, int]]] = defaultdict(list)
    for country in countries:
        counted[country.target_id].append((country, country.received))
    return dict(counted)


# Assessments --------------------------------------------------------------------------


def assessed_positions(recommendations) -> dict[int, Position]:
    """The network's position on each of these recommendations (ids, or a queryset of
    them) that has an approved assessment, in one query."""
    rows: dict[int, list] = defaultdict(list)
    for recommendation_id, *row in Assessment.objects.filter(
        recommendation_id__in=recommendations, status=Assessment.Status.APPROVED
    ).values_list("recommendation_id", "organization_id", "as_of", "implementation"):
        rows[recommendation_id].append(row)
    return positions_from(rows)


def positions_of(recommendation_ids: list[int]) -> dict[int, Position]:
    """The network's position on each recommendation, assessed or not (one query)."""
    assessed = assessed_positions(recommendation_ids)
    return {pk: assessed.get(pk) or network_position([]) for pk in recommendation_ids}


def organizations_assessing(user, recommendation: Recommendation) -> list[Organization]:
    """The organisations for which the person may assess this recommendation (one query)."""
    if not user.is_authenticated:
        return []
    found = Organization.objects.filter(
        pk__in=list(roles_of(user)), country_id=recommendation.country_id
    ).order_by("name")
    return [org for org in found if can_assess_for(user, org, recommendation)]


def approved_assessments(recommendation: Recommendation) -> list[Assessment]:
    """The recommendation's approved assessments, newest first, with their organisations
    and evidence (two queries)."""
    return list(
        recommendation.assessments.filter(status=Assessment.Status.APPROVED)
        .select_related("organization")
        .prefetch_related("evidence")
        .order_by("-as_of", "organization__name")
    )


def assessment_get_for_viewer(*, user, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related(
            "organization__country",
            "recommendation__country",
            "recommendation__mechanism",
            "reviewed_by",
            "updated_by",
        )
        .filter(pk=pk)
        .first()
    )
    if assessment is None or not can_view_assessment(user, assessment):
        raise Http404
    return assessment


def assessments_visible_to(*, user) -> QuerySet[Assessment]:
    """Assessments the person sees in every state: their organisations', their countries'
    (coordinators), or all of them (network admins); the rule of can_view_assessment for
    what is not yet approved, as a query."""
    return Assessment.objects.filter(organization_people_q(user))


def assessments_of_user(*, user) -> QuerySet[Assessment]:
    """The assessments of the organisations the person belongs to, not yet approved first."""
    return (
        Assessment.objects.filter(organization_id__in=list(roles_of(user)))
        .select_related("organization", "recommendation__country", "recommendation__mechanism")
        .order_by("status", "-updated_at")
    )


def assessments_for_review(*, user) -> QuerySet[Assessment]:
    """Submitted assessments of the countries the person reviews, oldest first."""
    waiting = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    countries = reviewed_country_ids(user)
    if countries is not None:
        waiting = waiting.filter(organization__country_id__in=countries)
    return waiting.select_related(
        "organization", "recommendation__country", "recommendation__mechanism"
    ).order_by("submitted_at", "pk")


# Joint reports --------------------------------------------------------------------------


@dataclass
class ThemeSection:
    """A theme of a joint report: its recommendations, each with its approved assessments
    and the network's position."""

    theme: Theme | None
    items: list = field(default_factory=list)


def joint_report_get(*, user, pk: int) -> JointReport:
    report = (
        JointReport.objects.select_related("country", "mechanism")
        .prefetch_related(
            Prefetch("signatures", queryset=Signature.objects.select_related("organization"))
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not joint_reports.can_view(user, report):
        raise Http404
    return report


def joint_report_sections(report: JointReport) -> list[ThemeSection]:
    """The report's recommendations grouped by their first theme (in the themes' order;
    those without a theme last), each with its approved assessments, newest first, and the
    network's position. Four queries."""
    recommendations = list(
        report.recommendations.select_related("mechanism")
        .prefetch_related(
            "themes",
            Prefetch(
                "assessments",
                queryset=Assessment.objects.filter(status=Assessment.Status.APPROVED)
                .select_related("organization")
                .order_by("-as_of", "organization__name"),
                to_attr="approved",
            ),
        )
        .order_by("made_on", "reference", "pk")
    )
    positions = positions_of([r.pk for r in recommendations])
    sections: dict[int | None, ThemeSection] = {}
    for recommendation in recommendations:
        themes = sorted(recommendation.themes.all(), key=lambda t: t.position)
        theme = themes[0] if themes else None
        section = sections.setdefault(theme.pk if theme else None, ThemeSection(theme))
        section.items.append((recommendation, positions[recommendation.pk]))
    return sorted(
        sections.values(),
        key=lambda s: (s.theme is None, s.theme.position if s.theme else 0),
    )


def joint_reports_for(user) -> tuple[list[JointReport], list[JointReport]]:
    """(published reports, drafts the person may see), newest first."""
    found = JointReport.objects.select_related("country", "mechanism").order_by(
        "-published_at", "-created_at"
    )
    published = list(found.filter(status=JointReport.Status.PUBLISHED)[:200])
    drafts = []
    if user.is_authenticated:
        drafts = [
            r
            for r in found.filter(status=JointReport.Status.DRAFT).prefetch_related("signatures")[
                :200
            ]
            if joint_reports.can_view(user, r)
        ]
    return published, drafts
