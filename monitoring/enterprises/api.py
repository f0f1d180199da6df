"""The API of the social enterprises, to read: the registry and the approved assessments of
the rating (never a draft, submitted or returned one)."""

from decimal import Decimal

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from monitoring.enterprises.models import (
    EnterpriseAssessment,
    RatingLevel,
    Sector,
    Size,
    SocialEnterprise,
)
from monitoring.enterprises.selectors import approved_assessments
from monitoring.filtering import country_filter, sdg_goal_filter
from vision.access import PUBLIC_READ
from vision.api import YearFilter
from vision.rest import LanguageMixin
from vision.schema import documented

LEVEL_CODE = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}


class EnterpriseSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    objectives = serializers.SerializerMethodField(help_text="Vision objectives, e.g. 2.3")
    beneficiaries = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Affected group codes."
    )

    class Meta:
        model = SocialEnterprise
        fields = [
            "slug",
            "name",
            "country",
            "city",
            "legal_form",
            "sector",
            "size",
            "founded",
            "website",
            "sdg_targets",
            "objectives",
            "beneficiaries",
            "is_demo",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_objectives(self, enterprise) -> list[str]:
        return [objective.code for objective in enterprise.objectives.all()]


class EnterpriseFilter(django_filters.FilterSet):
    country = country_filter("country")
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    size = django_filters.ChoiceFilter(choices=Size.choices)
    sdg_goal = sdg_goal_filter("sdg_targets__goal", distinct=True)

    class Meta:
        model = SocialEnterprise
        fields = ["country", "sector", "size", "sdg_goal"]


class EnterpriseViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The registry of social enterprises: what they are and whom they serve (the SDG
    targets, Vision objectives and beneficiary groups, by their codes)."""

    access = PUBLIC_READ

    queryset = (
        SocialEnterprise.objects.select_related("country")
        .prefetch_related("sdg_targets", "objectives__priority", "beneficiaries")
        .order_by("slug")
    )
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    lookup_field = "slug"


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {"points": {"type": "number"}, "most": {"type": "number"}},
            "required": ["points", "most"],
        },
        "description": 'By impact area code, e.g. {"governance": {"points": 4, "most": 6}}.',
    }
)
class AreaScoresField(serializers.JSONField):
    """The points of each impact area and the most it could earn, as JSON numbers: they are
    stored as decimal strings."""

    def to_representation(self, value):
        return {
            area: {"points": Decimal(points), "most": Decimal(most)}
            for area, (points, most) in (value or {}).items()
        }


class RatingSerializer(serializers.ModelSerializer):
    enterprise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="enterprise.country.code", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    methodology_version = serializers.IntegerField(source="methodology.version", read_only=True)
    track = serializers.CharField(source="track.code", read_only=True)
    total = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    maximum = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    level = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    area_scores = AreaScoresField(read_only=True)

    class Meta:
        model = EnterpriseAssessment
        fields = [
            "id",
            "enterprise",
            "country",
            "year",
            "methodology_version",
            "track",
            "total",
            "maximum",
            "percent",
            "level",
            "area_scores",
            "scored_at",
            "is_demo",
        ]
        read_only_fields = fields


class RatingFilter(django_filters.FilterSet):
    country = country_filter("enterprise__country")
    sector = django_filters.ChoiceFilter(field_name="enterprise__sector", choices=Sector.choices)
    year = YearFilter(field_name="round__year")
    level = documented(
        django_filters.CharFilter(
            method="filter_level", help_text="A level's code in the methodology, e.g. leading"
        ),
        **LEVEL_CODE,
    )

    class Meta:
        model = EnterpriseAssessment
        fields = ["country", "sector", "year", "level"]

    def filter_level(self, queryset, name, value):
        if not RatingLevel.objects.filter(code=value).exists():
            raise serializers.ValidationError({"level": [_("No rating level has this code.")]})
        return queryset.filter(level__code=value)


class RatingViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The rating: every approved assessment of a social enterprise, with its total, the
    most its track could earn, its share, its level and the points of each impact area
    (computed as the methodology version it names states, from the verified answers)."""

    access = PUBLIC_READ

    queryset = (
        approved_assessments()
        .select_related("enterprise__country", "round", "methodology", "track", "level")
        .order_by("-round__year", "enterprise__slug", "pk")
    )
    serializer_class = RatingSerializer
    filterset_class = RatingFilter
