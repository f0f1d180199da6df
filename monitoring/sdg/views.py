"""The public pages of the SDG framework."""

from django.shortcuts import render

from monitoring.commitments.selectors import counts_by_target
from monitoring.sdg.selectors import sdg_goal_get, sdg_goals
from vision.access import PUBLIC, declare


@declare(PUBLIC)
def sdg_goal_list(request):
    return render(request, "monitoring/sdg_goal_list.html", {"goals": sdg_goals()})


@declare(PUBLIC)
def sdg_goal_detail(request, number: int):
    goal = sdg_goal_get(number=number)
    counts = counts_by_target(goal)
    for target in goal.targets.all():
        target.recommendation_counts = counts.get(target.pk, [])
    return render(request, "monitoring/sdg_goal_detail.html", {"goal": goal})
