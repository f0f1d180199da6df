"""Requests bounded in size, visitors sent to their language, and a database that is down
answered with 503.

English pages have no prefix, so an unprefixed URL alone cannot tell whether the visitor
wants English. A visitor who chose a language in the menu (the language cookie) or whose
browser asks for one (Accept-Language, on a first visit) is sent on to that language's
version of the same page.
"""

from io import IOBase

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path, get_language_from_request
from django.utils.translation import gettext as _

from .views import service_unavailable


class RequestBodyTooLarge(RequestDataTooBig):
    """A body without Content-Length went past REQUEST_BODY_MAX_BYTES as it was read."""


class _BoundedStream(IOBase):
    """The request's body, read from the server's stream and refused (RequestBodyTooLarge)
    as soon as more than `limit` bytes have come: the rest is never read."""

    def __init__(self, stream, limit: int):
        super().__init__()
        self._stream = stream
        self._limit = limit
        self._count = 0
        self.exceeded = False

    def read(self, size=-1, /):
        return self._counted(self._stream.read(self._room(size)))

    def readline(self, size=-1, /):
        return self._counted(self._stream.readline(self._room(size)))

    def _room(self, size) -> int:
        # One byte past the bound is enough to tell a body that is too large.
        room = self._limit + 1 - self._count
        return room if size is None or size < 0 else min(size, room)

    def _counted(self, data: bytes) -> bytes:
        self._count += len(data)
        if self._count > self._limit:
            self.exceeded = True
            raise RequestBodyTooLarge(f"Request body over {self._limit} bytes")
        return data


class RequestSizeLimitMiddleware:
    """A request body larger than REQUEST_BODY_MAX_BYTES (the largest upload, plus its form)
    is answered 413 before it is read. Placed first, so that nothing reads it before.

    A declared Content-Length is checked at once. A body without one (chunked) is bounded
    as it is read, when the server says its stream ends with the body
    (wsgi.input_terminated, as gunicorn does; otherwise Django reads none of it): whoever
    reads past the bound gets an error, and the answer is 413 whatever the reader made of
    it. (Django itself reads such a body only through request.body, which stops sooner,
    at DATA_UPLOAD_MAX_MEMORY_SIZE; forms and the API read none of it.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_BYTES
        declared = request.META.get("CONTENT_LENGTH")
        if declared:
            try:
                too_large = int(declared) > limit
            except ValueError:
                # Django reads nothing of a body whose length it cannot parse.
                too_large = False
            if too_large:
                return request_too_large(request)
            return self.get_response(request)
        if not request.META.get("wsgi.input_terminated"):
            return self.get_response(request)
        stream = _BoundedStream(request.META["wsgi.input"], limit)
        request._stream = stream
        response = self.get_response(request)
        if stream.exceeded:
            return request_too_large(request)
        return response


def request_too_large(request):
    """413: the site's page in the visitor's language, or the API's JSON error."""
    limit = settings.REQUEST_BODY_MAX_BYTES
    if request.path.startswith("/api/"):
        message = _("The request is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        return JsonResponse(
            {"error": {"status": 413, "code": "request_too_large", "message": message}},
            status=413,
        )
    # The language middleware has not run yet (this one runs first): choose the language
    # as it would.
    LocaleMiddleware(lambda request: None).process_request(request)
    return render(request, "413.html", {"limit": limit}, status=413)


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
