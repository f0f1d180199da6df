from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.defaults import page_not_found
from django.views.defaults import server_error as defaults_server_error

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


def _api_error(request, status_code: int, code: str, message: str):
    return JsonResponse(
        {"error": {"status": status_code, "code": code, "message": message}}, status=status_code
    )


def not_found(request, exception=None):
    """404: JSON in the error shape for the API, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return _api_error(request, 404, "not_found", str(_("Not found.")))
    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return _api_error(request, 500, "server_error", str(_("Something went wrong on our side.")))
    return defaults_server_error(request)
