"""Reads of the commitments for the public pages: a constant number of queries each,
however many recommendations there are."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from monitoring.commitments.models import Instrument, Ratification, Recommendation
from monitoring.sdg.models import SdgTarget
from priorities.models import Objective
from vision.models import Country


@dataclass
class CountryCommitments:
    """One country's line on the region's page."""

    country: Country
    bound: int = 0
    signed: int = 0
    recommendations: int = 0
    responses: dict[str, int] = field(default_factory=dict)

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


def instruments_to_ratify() -> list[Instrument]:
    return list(Instrument.objects.exclude(kind=Instrument.Kind.UPR).order_by("position"))


def region_commitments() -> list[CountryCommitments]:
    """Each Vision country: instruments it is bound by or has signed, and its
    recommendations by the state's response. Three queries."""
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
    return list(lines.values())


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
