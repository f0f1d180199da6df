from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from monitoring.models import SdgTarget

from .models import Objective, Priority


def priorities_with_objectives() -> QuerySet[Priority]:
    """The nine priorities in order, each with its objectives (one extra query in all)."""
    return (
        Priority.objects.order_by("number")
        .annotate(objective_count=Count("objectives"))
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("position")))
    )


def priority_get(*, number: int) -> Priority:
    """One priority with its objectives and the SDG targets each serves; 404 if unknown."""
    targets = SdgTarget.objects.select_related("goal").order_by("goal__number", "position")
    objectives = Objective.objects.order_by("position").prefetch_related(
        Prefetch("sdg_targets", queryset=targets)
    )
    queryset = Priority.objects.prefetch_related(Prefetch("objectives", queryset=objectives))
    return get_object_or_404(queryset, number=number)
