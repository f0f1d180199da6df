"""The public pages of the SDG framework."""

from django.shortcuts import render

from monitoring.sdg.selectors import sdg_goal_get, sdg_goals
from vision.access import PUBLIC, declare


@declare(PUBLIC)
def sdg_goal_list(request):
    return render(request, "monitoring/sdg_goal_list.html", {"goals": sdg_goals()})


@declare(PUBLIC)
def sdg_goal_detail(request, number: int):
    return render(request, "monitoring/sdg_goal_detail.html", {"goal": sdg_goal_get(number=number)})
