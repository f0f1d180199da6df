"""The API of the dashboards' snapshots (read only)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from monitoring.dashboards.models import ProgressSnapshot, StatusClass
from monitoring.filtering import (
    PRIORITIES,
    objective_filter,
    objective_q,
    period_filter,
    sdg_goal_filter,
)
from monitoring.roadmaps.models import (
    RoadmapIndicator,
)
from vision.access import PUBLIC_READ
from vision.models import Country
from vision.rest import LanguageMixin, known
from vision.schema import (
    KnownIdFilter,
    documented,
)


class SnapshotSerializer(serializers.ModelSerializer):
    country = serializers.SerializerMethodField()
    period = serializers.CharField(source="period.code", read_only=True)
    objective = serializers.SerializerMethodField()
    priority = serializers.IntegerField(source="priority.number", read_only=True, allow_null=True)
    sdg_goal = serializers.IntegerField(source="sdg_goal.number", read_only=True, allow_null=True)

    class Meta:
        model = ProgressSnapshot
        fields = [
            "id",
            "scope",
            "country",
            "period",
            "indicator",
            "objective",
            "priority",
            "sdg_goal",
            "value",
            "period_value",
            "current_status",
            "anticipated_progress",
            "status_class",
            "report_count",
            "organization_count",
            "indicator_count",
            "computed_at",
        ]

    def get_country(self, snapshot) -> str | None:
        return snapshot.country.code if snapshot.country_id else None

    def get_objective(self, snapshot) -> str | None:
        return snapshot.objective.code if snapshot.objective_id else None


class SnapshotFilter(django_filters.FilterSet):
    country = documented(
        django_filters.CharFilter(
            method="filter_country", help_text="ISO code, or `region` for the region's figures"
        ),
        type="string",
        pattern="^([A-Z]{2}|region)$",
    )
    scope = django_filters.ChoiceFilter(choices=ProgressSnapshot.Scope.choices)
    period = period_filter()
    status_class = django_filters.ChoiceFilter(choices=StatusClass.choices)
    indicator = KnownIdFilter(RoadmapIndicator.objects.all(), "indicator")
    priority = known(PRIORITIES, "number", "priority")
    objective = objective_filter()
    sdg_goal = sdg_goal_filter("sdg_goal")
    updated_since = django_filters.IsoDateTimeFilter(field_name="computed_at", lookup_expr="gte")

    class Meta:
        model = ProgressSnapshot
        fields = ["country", "scope", "period", "status_class", "indicator", "priority", "sdg_goal"]

    def filter_country(self, queryset, name, value):
        if value == "region":
            return queryset.filter(country__isnull=True)
        if not Country.objects.filter(code=value).exists():
            raise serializers.ValidationError({"country": [_("Unknown country code.")]})
        return queryset.filter(country__code=value)

    def filter_objective(self, queryset, name, value):
        return queryset.filter(objective_q("objective__", value))


class SnapshotViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """What the dashboards show: progress per country (or region), period and scope."""

    access = PUBLIC_READ

    queryset = ProgressSnapshot.objects.select_related(
        "country", "period", "objective__priority", "priority", "sdg_goal"
    ).order_by("pk")
    serializer_class = SnapshotSerializer
    filterset_class = SnapshotFilter
    ordering_fields = ["id", "period__start", "current_status"]
