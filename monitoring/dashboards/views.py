"""The public dashboards: region, country, priority, SDG goal, indicator, and the methodology
page."""

import gzip
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from monitoring.dashboards import selectors as dashboards
from monitoring.dashboards import tables
from monitoring.projects import selectors as projects
from vision.access import PUBLIC, declare

# Pages larger than this (spreadsheet downloads) stay in the shared cache only.
LOCAL_PAGE_BYTES = 256 * 1024


def cached_dashboard(view):
    """Serve a dashboard page from the cache, keyed on the page, its language and the
    dashboard generation: a new generation makes every older entry unreachable. Pages
    are kept gzipped, so that a warm hit moves a fifth of the bytes and compresses
    nothing (the rare client without gzip gets it unpacked). Each process keeps the pages
    it served last in its own memory in front of the shared cache: a warm hit then costs
    the generation's query alone. Built on Django's cache framework (caches "pages" and
    "default"); Django's cache_page is not used because it keys on the address and
    headers, not on the dashboards' generation, so a recompute could not make its entries
    unreachable."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Signed-in people see their own menu in the page header: render it for them.
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        generation = dashboards.current_generation()
        page = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # v3: entries hold the page gzipped; older entries are never read.
        key = f"dashboard:v3:{generation}:{request.LANGUAGE_CODE}:{page}"
        local_pages = caches["pages"]
        cached = local_pages.get(key)
        if cached is None:
            cached = cache.get(key)
            if cached is not None and len(cached[0]) <= LOCAL_PAGE_BYTES:
                local_pages.set(key, cached)
        if cached is not None:
            body, is_gzipped, content_type, disposition = cached
            if is_gzipped and "gzip" in request.headers.get("Accept-Encoding", ""):
                response = HttpResponse(body, content_type=content_type)
                response["Content-Encoding"] = "gzip"
            else:
                response = HttpResponse(
                    gzip.decompress(body) if is_gzipped else body, content_type=content_type
                )
            patch_vary_headers(response, ("Accept-Encoding",))
            if disposition:
                response["Content-Disposition"] = disposition
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            body = response.content
            # As GZipMiddleware would: only where compressing pays.
            packed = compress_string(body) if len(body) >= 200 else body
            is_gzipped = len(packed) < len(body)
            entry = (
                packed if is_gzipped else body,
                is_gzipped,
                response["Content-Type"],
                response.get("Content-Disposition"),
            )
            cache.set(key, entry, timeout=settings.DASHBOARD_CACHE_SECONDS)
            if len(entry[0]) <= LOCAL_PAGE_BYTES:
                local_pages.set(key, entry)
        return response

    return wrapper


def _dashboard(request, template: str, context: dict):
    fmt = request.GET.get("format")
    if fmt:
        return tables.download(context["table"], fmt)
    state = dashboards.dashboard_state()
    return render(request, template, {**context, "computed_at": state.computed_at})


@declare(PUBLIC)
@cached_dashboard
def dashboard_region(request):
    context = dashboards.region_dashboard(with_rates=True)
    return _dashboard(request, "monitoring/dashboard_region.html", context)


@declare(PUBLIC)
@cached_dashboard
def dashboard_country(request, code: str):
    context = dashboards.country_dashboard(code=code, page_number=request.GET.get("page"))
    if not request.GET.get("format"):
        context["projects"] = projects.dashboard_section(
            country=context["country"], query=f"country={context['country'].code}"
        )
    return _dashboard(request, "monitoring/dashboard_country.html", context)


@declare(PUBLIC)
@cached_dashboard
def dashboard_priority(request, number: int):
    context = dashboards.priority_dashboard(number=number)
    if not request.GET.get("format"):
        context["projects"] = projects.dashboard_section(
            priority=context["priority"], query=f"priority={number}"
        )
    return _dashboard(request, "monitoring/dashboard_priority.html", context)


@declare(PUBLIC)
@cached_dashboard
def dashboard_sdg(request, number: int):
    context = dashboards.sdg_dashboard(number=number, page_number=request.GET.get("page"))
    if not request.GET.get("format"):
        context["projects"] = projects.dashboard_section(
            goal=context["goal"], query=f"goal={number}"
        )
    return _dashboard(request, "monitoring/dashboard_sdg.html", context)


@declare(PUBLIC)
@cached_dashboard
def dashboard_indicator(request, pk: int):
    context = dashboards.indicator_dashboard(pk=pk)
    return _dashboard(request, "monitoring/dashboard_indicator.html", context)


@declare(PUBLIC)
def dashboard_methodology(request):
    return render(request, "monitoring/dashboard_methodology.html")
