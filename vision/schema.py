"""The OpenAPI schema's shared parts (kept apart from vision/rest.py, which REST framework
imports while it starts, before drf-spectacular may be imported)."""

from django.conf import settings
from django_filters import ModelChoiceFilter, TypedChoiceFilter
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

from .rest import ErrorResponseSerializer

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description="Language of titles and messages; otherwise Accept-Language, then English.",
)

NO_NUL = r"^[^\x00]*$"
# What Python's str.strip() takes away, which REST framework strips: a regex's \s differs
# (ECMAScript's leaves out \x1c-\x1f and \x85, which Python strips).
PYTHON_SPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = rf"^[^\x00]*[^{PYTHON_SPACE}\x00][^\x00]*$"

ERROR_STATUSES = {
    "400": "Invalid input: a field, filter, page or page size (see `error.fields`).",
    "401": "Authentication needed, or the token is unknown or revoked.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "No such object, or not visible to you.",
    "405": "This method is not allowed here.",
    "406": "Cannot answer in the media type asked for.",
    "409": "The object is not in a state that allows this (e.g. an approved report).",
    "414": "The address is too long (refused by the web server in front).",
    "415": "The request body is not JSON.",
    "429": "Too many requests; see Retry-After.",
}


class VisionAutoSchema(AutoSchema):
    """Documents `?lang=` and the error answers every operation may give, in their shape."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANGUAGE_PARAMETER]

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # REST framework refuses a NUL character in any text, and a text that is only
        # whitespace where a blank one is refused (it strips it first).
        if type(field) is serializers.CharField and direction == "request":
            schema["pattern"] = NO_NUL if field.allow_blank else NOT_BLANK
        return schema

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, description in ERROR_STATUSES.items():
            if code not in bodies:
                response = self._get_response_for_code(
                    ErrorResponseSerializer, code, direction=direction
                )
                response["description"] = description
                bodies[code] = response
        return bodies


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "organizations.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: make a key on your account page (/accounts/tokens/).",
        }


def documented(filter_, **schema):
    """The filter, with the schema of the values the server accepts (its bounds, pattern or
    enum), in place of the one drf-spectacular guesses from the model field."""
    return extend_schema_field(schema)(filter_)


# A filter given with no value (`?country=`) is a 400 (vision.rest.StrictFilterBackend).
SDG_GOAL_NUMBER = {"type": "integer", "minimum": 1, "maximum": 17}
COUNTRY_CODE = {"type": "string", "pattern": "^[A-Z]{2}$"}
SDG_TARGET_CODE = {"type": "string", "pattern": "^[0-9]{1,2}\\.[0-9a-z]{1,2}$"}
SDG_INDICATOR_CODE = {"type": "string", "pattern": "^[0-9]{1,2}\\.[0-9a-z]{1,2}\\.[0-9]{1,2}$"}
PERIOD_CODE = {"type": "string", "pattern": "^[0-9]{4}-(Q[1-4]|H[12])$"}
OBJECTIVE_CODE = {"type": "string", "pattern": "^[0-9]+\\.[0-9]+$"}


@extend_schema_field({"type": "integer", "minimum": 1})
class KnownIdFilter(ModelChoiceFilter):
    """A filter on an object's id that must exist (an unknown id is a 400)."""

    def __init__(self, queryset, field_name, **kwargs):
        super().__init__(queryset=queryset, field_name=field_name, to_field_name="pk", **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(TypedChoiceFilter):
    """`true` or `false`; anything else is a 400 (django-filter's BooleanFilter would ignore
    it and answer every row)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[("true", "true"), ("false", "false")],
            coerce=lambda value: value == "true",
            **kwargs,
        )
