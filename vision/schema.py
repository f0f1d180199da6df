"""The OpenAPI schema's shared parts (kept apart from vision/rest.py, which REST framework
imports while it starts, before drf-spectacular may be imported)."""

from django.conf import settings
from django_filters import ModelChoiceFilter
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field

from .rest import ErrorResponseSerializer

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description="Language of titles and messages; otherwise Accept-Language, then English.",
)

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


@extend_schema_field(OpenApiTypes.INT)
class KnownIdFilter(ModelChoiceFilter):
    """A filter on an object's id that must exist (an unknown id is a 400)."""

    def __init__(self, queryset, field_name, **kwargs):
        super().__init__(queryset=queryset, field_name=field_name, to_field_name="pk", **kwargs)
