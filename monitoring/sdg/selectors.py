"""Reads of the SDG framework."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from monitoring.sdg.models import SdgGoal, SdgIndicator, SdgTarget
from priorities.models import Objective


def sdg_goals() -> QuerySet[SdgGoal]:
    """The 17 goals with how many targets and indicators each has."""
    return SdgGoal.objects.order_by("number").annotate(
        target_count=Count("targets", distinct=True),
        indicator_count=Count("targets__indicators", distinct=True),
    )


def sdg_goal_get(*, number: int) -> SdgGoal:
    """One goal with its targets, their indicators and the Vision objectives serving them."""
    objectives = Objective.objects.select_related("priority").order_by(
        "priority__number", "position"
    )
    targets = SdgTarget.objects.order_by("position").prefetch_related(
        Prefetch("indicators", queryset=SdgIndicator.objects.order_by("position")),
        Prefetch("objectives", queryset=objectives),
    )
    queryset = SdgGoal.objects.prefetch_related(Prefetch("targets", queryset=targets))
    return get_object_or_404(queryset, number=number)
