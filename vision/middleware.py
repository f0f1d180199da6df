"""Sending a visitor to their language.

English pages have no prefix, so an unprefixed URL alone cannot tell whether the visitor
wants English. A visitor who chose a language in the menu (the language cookie) or whose
browser asks for one (Accept-Language, on a first visit) is sent on to that language's
version of the same page.
"""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path, get_language_from_request

from .views import service_unavailable


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not get_language_from_path(request.path_info):
            preferred = get_language_from_request(request)
            if preferred != settings.LANGUAGE_CODE:
                url = request.get_full_path()
                translated = translate_url(url, preferred)
                # Only pages inside i18n_patterns have another language's URL.
                if translated != url:
                    response = HttpResponseRedirect(translated)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that is down or restarting answers 503 with Retry-After: the site's page,
    or the API's JSON error, instead of a server error. The connection that failed is
    dropped at the end of the request and the next one reconnects (CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InterfaceError | OperationalError):
            return service_unavailable(request, exception)
        return None
