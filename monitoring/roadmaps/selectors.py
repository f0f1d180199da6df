"""Reads of roadmaps, with who may see and keep them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from monitoring.permissions import can_manage_roadmap
from monitoring.roadmaps.models import Roadmap, RoadmapIndicator
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization
from priorities.models import Objective


def roadmaps_list(*, country: str = "", level: str = "") -> QuerySet[Roadmap]:
    """Public list of roadmaps, filtered by country code and level."""
    roadmaps = (
        Roadmap.objects.select_related("country")
        .annotate(indicator_count=Count("indicators", distinct=True))
        .order_by("country__name", "level", "title", "pk")
    )
    if country:
        roadmaps = roadmaps.filter(
            Q(country__code=country) | Q(other_countries__code=country)
        ).distinct()
    if level:
        roadmaps = roadmaps.filter(level=level)
    return roadmaps


def roadmap_get(*, pk: int) -> Roadmap:
    indicators = RoadmapIndicator.objects.select_related("sdg_indicator").prefetch_related(
        Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("goal__number", "position")),
        Prefetch("objectives", queryset=Objective.objects.select_related("priority")),
    )
    queryset = Roadmap.objects.select_related("country").prefetch_related(
        "other_countries",
        Prefetch(
            "owners", queryset=Organization.objects.select_related("country").order_by("name")
        ),
        Prefetch("objectives", queryset=Objective.objects.select_related("priority")),
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
        Prefetch("indicators", queryset=indicators.order_by("position", "pk")),
    )
    return get_object_or_404(queryset, pk=pk)


def roadmap_get_for_manager(*, user, pk: int) -> Roadmap:
    roadmap = get_object_or_404(Roadmap.objects.select_related("country"), pk=pk)
    if not can_manage_roadmap(user, roadmap):
        raise PermissionDenied
    return roadmap
