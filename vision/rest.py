"""What every endpoint of the API shares: pagination, errors, language and throttling."""

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

MAX_PAGE_SIZE = 500


class StablePagination(PageNumberPagination):
    """Pages of 50 by default; `page_size` up to 500. Every list is ordered by a unique key,
    so that walking the pages sees every row once."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # `page` is a whole number, as the schema says: no `page=last`.
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdecimal() or not raw.isascii() or int(raw) < 1:
            raise exceptions.ValidationError({"page": [_("Give a whole number from 1.")]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        # The bounds the server checks, so that a client (or a fuzzer) knows them.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
        return parameters

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdecimal() or not raw.isascii() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise exceptions.ValidationError(
                {
                    "page_size": [
                        _("Give a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}
                    ]
                }
            )
        return int(raw)


class LanguageMixin:
    """`?lang=ru` chooses the language of titles and messages for one request."""

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language is None:
            # API paths carry no language prefix, so Django would stay in English: honour
            # the client's Accept-Language instead.
            language = translation.get_language_from_request(request._request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        else:
            if language not in dict(settings.LANGUAGES):
                raise exceptions.ValidationError(
                    {
                        "lang": [
                            _("Choose one of: %(codes)s.")
                            % {"codes": ", ".join(dict(settings.LANGUAGES))}
                        ]
                    }
                )
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)


class SaveSerializer(serializers.Serializer):
    """A save of a report or an assessment: its `version` is required, whatever the method."""

    @property
    def partial(self):
        return False

    @partial.setter
    def partial(self, value):
        # REST framework and drf-spectacular make a PATCH's serializer partial; this one
        # never is (a save without its version could overwrite someone else's).
        pass


class ErrorSerializer(serializers.Serializer):
    """Every error answer has this shape."""

    status = serializers.IntegerField(help_text="The HTTP status.")
    code = serializers.CharField(help_text="A stable, machine-readable reason.")
    message = serializers.CharField(help_text="What went wrong, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400, and a 409 of an incomplete report or assessment: each field with "
        "its messages.",
    )


class ErrorResponseSerializer(serializers.Serializer):
    error = ErrorSerializer()


def error_response(status_code: int, code: str, message: str, fields=None) -> Response:
    error = {"status": status_code, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return Response({"error": error}, status=status_code)


def _flatten(detail, prefix="") -> dict[str, list[str]]:
    """DRF's nested error details as {"field" or "values.0.value": [messages]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
        return flat
    if isinstance(detail, list) and detail and not all(isinstance(d, str) for d in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = [str(d) for d in detail] if isinstance(detail, list) else [str(detail)]
    return {prefix or "_": messages} if messages else {}


def handle_exception(exc, context):
    """Errors as {"error": {status, code, message, fields}}: the same shape for 400, 401,
    403, 404, 405, 409, 415, 429; the same messages as the browser forms."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"_": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        return error_response(
            400, "invalid", _("Some values are not valid; see the fields."), fields
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    wrapped = error_response(response.status_code, str(code), str(detail))
    for header in ("Retry-After", "WWW-Authenticate", "Allow"):
        if header in response:
            wrapped[header] = response[header]
    return wrapped


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The object is not in a state that allows this.")
    default_code = "conflict"


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, except that a filter given with no value (`?year=`) is a 400
    that says so, not a filter silently left out: the schema's numbers, dates and codes
    have no empty value."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        names = filterset_class.base_filters if filterset_class else {}
        empty = {
            name: [_("Give a value, or leave this filter out.")]
            for name in names
            if name in request.query_params and not request.query_params[name].strip()
        }
        if empty:
            raise exceptions.ValidationError(empty)
        return super().filter_queryset(request, queryset, view)


def known(queryset, to_field_name: str, field_name: str, **kwargs):
    """A filter on a code, number or slug that must exist: an unknown value is a 400 that
    says so, not an empty list."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset, to_field_name=to_field_name, field_name=field_name, **kwargs
    )
