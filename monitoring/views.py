from django.shortcuts import render

from .selectors import sdg_goal_get, sdg_goals


def sdg_goal_list(request):
    return render(request, "monitoring/sdg_goal_list.html", {"goals": sdg_goals()})


def sdg_goal_detail(request, number: int):
    return render(request, "monitoring/sdg_goal_detail.html", {"goal": sdg_goal_get(number=number)})
