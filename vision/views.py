from django.shortcuts import render

from priorities.selectors import priorities_with_objectives

from .models import VisionStatement
from .selectors import countries_of_vision, international_indexes, statements_by_kind

Kind = VisionStatement.Kind


def home(request):
    statements = statements_by_kind(kinds=[Kind.PURPOSE, Kind.VISION_2025, Kind.IMPACT])
    return render(
        request,
        "vision/home.html",
        {
            "purpose": statements[Kind.PURPOSE],
            "vision_2025": statements[Kind.VISION_2025],
            "impacts": statements[Kind.IMPACT],
            "priorities": priorities_with_objectives(),
            "countries": countries_of_vision(),
        },
    )


def vision_page(request):
    statements = statements_by_kind(
        kinds=[
            Kind.ROLE,
            Kind.DISTINGUISHING_FACTOR,
            Kind.PRINCIPLE,
            Kind.UNIFYING_FACTOR,
            Kind.SECTOR_STATE,
            Kind.PORTRAIT,
            Kind.VISION_2025,
        ]
    )
    return render(
        request,
        "vision/vision.html",
        {
            "roles": statements[Kind.ROLE],
            "distinguishing_factors": statements[Kind.DISTINGUISHING_FACTOR],
            "principles": statements[Kind.PRINCIPLE],
            "unifying_factors": statements[Kind.UNIFYING_FACTOR],
            "sector_states": statements[Kind.SECTOR_STATE],
            "portrait": statements[Kind.PORTRAIT],
            "vision_2025": statements[Kind.VISION_2025],
            "indexes": international_indexes(),
        },
    )
