from django.shortcuts import render

from monitoring.commitments.models import Recommendation
from monitoring.commitments.selectors import counts_by_country
from vision.access import PUBLIC, declare

from .selectors import priorities_with_objectives, priority_get, priority_roadmaps


@declare(PUBLIC)
def priority_list(request):
    return render(
        request, "priorities/priority_list.html", {"priorities": priorities_with_objectives()}
    )


@declare(PUBLIC)
def priority_detail(request, number: int):
    priority = priority_get(number=number)
    return render(
        request,
        "priorities/priority_detail.html",
        {
            "priority": priority,
            "roadmaps": priority_roadmaps(priority=priority),
            "recommendation_counts": counts_by_country(
                Recommendation.objects.filter(objectives__priority=priority)
            ),
        },
    )
