import django_filters
from rest_framework import serializers, viewsets

from monitoring.models import SdgGoal
from priorities.models import Priority
from vision.access import PUBLIC_READ
from vision.models import Country
from vision.rest import LanguageMixin, known
from vision.schema import COUNTRY_CODE, SDG_GOAL_NUMBER, documented

from .models import Organization
from .selectors import member_organizations


class OrganizationSerializer(serializers.ModelSerializer):
    """A member organisation's public profile; nothing else about it is ever served."""

    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    priorities = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    sdg_goals = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    logo = serializers.ImageField(read_only=True, allow_null=True)
    year_founded = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "country",
            "city",
            "kind",
            "year_founded",
            "description",
            "website",
            "contact_email",
            "logo",
            "priorities",
            "sdg_goals",
            "member_since",
            "updated_at",
        ]


class OrganizationFilter(django_filters.FilterSet):
    country = documented(
        known(Country.objects.all(), "code", "country", help_text="ISO code, e.g. KG"),
        **COUNTRY_CODE,
    )
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    priority = known(Priority.objects.all(), "number", "priorities")
    sdg_goal = documented(known(SdgGoal.objects.all(), "number", "sdg_goals"), **SDG_GOAL_NUMBER)
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Organization
        fields = ["country", "kind", "priority", "sdg_goal", "updated_since"]


class OrganizationViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Member organisations (members only, public fields only)."""

    access = PUBLIC_READ

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"
    ordering_fields = ["name", "updated_at", "member_since"]

    def get_queryset(self):
        return member_organizations().order_by("name", "pk")
