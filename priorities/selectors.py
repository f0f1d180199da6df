from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from monitoring.models import ProgressSnapshot, Roadmap, RoadmapIndicator, SdgTarget

from .models import Objective, Priority


def priorities_with_objectives() -> QuerySet[Priority]:
    """The nine priorities in order, each with its objectives (one extra query in all)."""
    return (
        Priority.objects.order_by("number")
        .annotate(objective_count=Count("objectives"))
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("position")))
    )


def priority_get(*, number: int) -> Priority:
    """One priority with its objectives, the SDG targets each serves and the roadmap
    indicators that measure each, with their roadmaps; 404 if unknown. An indicator's
    `has_figures` says whether the dashboards have figures for it (its dashboard is a 404
    until a value of it is approved)."""
    targets = SdgTarget.objects.select_related("goal").order_by("goal__number", "position")
    indicators = (
        RoadmapIndicator.objects.select_related("roadmap__country")
        .annotate(
            has_figures=Exists(
                ProgressSnapshot.objects.filter(
                    scope=ProgressSnapshot.Scope.INDICATOR, indicator=OuterRef("pk")
                )
            )
        )
        .order_by("roadmap__country__name", "roadmap__level", "roadmap__title", "position", "pk")
    )
    objectives = Objective.objects.order_by("position").prefetch_related(
        Prefetch("sdg_targets", queryset=targets), Prefetch("indicators", queryset=indicators)
    )
    queryset = Priority.objects.prefetch_related(Prefetch("objectives", queryset=objectives))
    return get_object_or_404(queryset, number=number)


def priority_roadmaps(*, priority: Priority) -> list[Roadmap]:
    """The roadmaps whose indicators measure the priority's objectives, in the order of
    their indicators: read from what priority_get fetched, without a query of its own."""
    roadmaps: dict[int, Roadmap] = {}
    for objective in priority.objectives.all():
        for indicator in objective.indicators.all():
            roadmaps.setdefault(indicator.roadmap_id, indicator.roadmap)
    return sorted(roadmaps.values(), key=lambda r: (r.country.name, r.level, r.title, r.pk))
