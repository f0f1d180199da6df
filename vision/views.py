import logging
import sys
from urllib.parse import urlsplit

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import translate_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from django.views.defaults import server_error as defaults_server_error
from drf_spectacular.views import SpectacularSwaggerSplitView

from monitoring.dashboards import selectors as dashboards
from monitoring.dashboards.views import cached_dashboard
from organizations.services import user_read_in
from priorities.selectors import priorities_with_objectives
from vision.access import PUBLIC, declare

from .health import health_checks, is_healthy
from .models import VisionStatement
from .selectors import international_indexes, statements_by_kind

Kind = VisionStatement.Kind
log = logging.getLogger(__name__)
# Seconds a client is asked to wait when the database is unreachable (a restart takes a few).
RETRY_AFTER_SECONDS = 30


@declare(PUBLIC)
def home(request):
    """The front door: the Vision in brief, the region's headline figures and its map. Cached
    like the dashboards (per language and dashboard generation), except for a visitor with a
    message waiting, which is theirs alone."""
    if len(messages.get_messages(request)):
        return _home(request)
    return _cached_home(request)


def _home(request):
    statements = statements_by_kind(kinds=[Kind.PURPOSE, Kind.VISION_2025, Kind.IMPACT])
    region = dashboards.region_dashboard()
    return render(
        request,
        "vision/home.html",
        {
            "purpose": statements[Kind.PURPOSE],
            "vision_2025": statements[Kind.VISION_2025],
            "impacts": statements[Kind.IMPACT],
            "priorities": priorities_with_objectives(),
            "region": region["region"],
            "period": region["period"],
            "period_reports": region["period_reports"],
            "headline": region["headline"],
            "map": region["map"],
            "map_countries": region["map_countries"],
            "countries": region["countries"],
            "computed_at": dashboards.dashboard_state().computed_at,
        },
    )


_cached_home = cached_dashboard(_home)


@declare(PUBLIC)
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


@declare(PUBLIC)
def ping(request):
    """The smallest answer the site gives: the floor the benchmark compares pages with."""
    return HttpResponse("ok", content_type="text/plain")


@declare(PUBLIC)
@never_cache
def healthz(request):
    """200 when every part the site depends on answers, else 503; JSON names each part."""
    checks = health_checks()
    healthy = is_healthy(checks)
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


@method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI. The split view serves its start-up script as a file, so the site's
    script policy holds here too; Swagger's page carries a <style> block and its widgets
    set style attributes, so inline styles (never scripts) are allowed on this page only."""

    access = PUBLIC


@declare(PUBLIC)
def switch_language(request, code: str):
    """The language menu: remember the choice and show the same page in that language.
    A plain link, so that pages with the menu stay cacheable and work without scripts."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    # Resolve `next` in its own language (this view's URL has no language prefix).
    with translation.override(
        get_language_from_path(urlsplit(target).path) or settings.LANGUAGE_CODE
    ):
        response = HttpResponseRedirect(translate_url(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    if request.user.is_authenticated:
        user_read_in(user=request.user, language=code)
    return response


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
    # A database failure outside a view (a middleware's query) reaches this handler
    # rather than DatabaseUnavailableMiddleware; it is called while the error is handled.
    exception = sys.exc_info()[1]
    if isinstance(exception, InterfaceError | OperationalError):
        return service_unavailable(request, exception)
    if request.path.startswith("/api/"):
        return _api_error(request, 500, "server_error", str(_("Something went wrong on our side.")))
    return defaults_server_error(request)


def service_unavailable(request, exception=None):
    """503 while the database is unreachable: a page that needs no database, and a hint
    to come back shortly."""
    log.warning("Database unavailable: %s", type(exception).__name__)
    if request.path.startswith("/api/"):
        response = _api_error(
            request,
            503,
            "service_unavailable",
            str(_("The service is briefly unavailable. Please try again in a minute.")),
        )
    else:
        # Rendered without the request: its context processors would query the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
