"""The API of roadmaps and their indicators (read only)."""

import django_filters
from django.db.models import Prefetch, Q
from rest_framework import serializers, viewsets

from monitoring.filtering import (
    PRIORITIES,
    country_filter,
    objective_filter,
    objective_q,
    sdg_goal_filter,
    sdg_target_filter,
)
from monitoring.roadmaps.models import (
    Roadmap,
    RoadmapIndicator,
)
from monitoring.sdg.models import SdgIndicator
from priorities.models import Objective
from vision.access import PUBLIC_READ
from vision.rest import LanguageMixin, known
from vision.schema import (
    SDG_INDICATOR_CODE,
    KnownIdFilter,
    documented,
)


class RoadmapSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    other_countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    owners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    objectives = serializers.SerializerMethodField()
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Roadmap
        fields = [
            "id",
            "title",
            "level",
            "country",
            "other_countries",
            "area_name",
            "description",
            "start",
            "end",
            "owners",
            "objectives",
            "sdg_targets",
            "updated_at",
        ]

    def get_objectives(self, roadmap) -> list[str]:
        return [o.code for o in roadmap.objectives.all()]


class RoadmapFilter(django_filters.FilterSet):
    country = country_filter("country", method="filter_country")
    level = django_filters.ChoiceFilter(choices=Roadmap.Level.choices)
    priority = known(PRIORITIES, "number", "objectives__priority", distinct=True)
    objective = objective_filter()
    sdg_goal = sdg_goal_filter("sdg_targets__goal", distinct=True)
    sdg_target = sdg_target_filter("sdg_targets", distinct=True)
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Roadmap
        fields = [
            "country",
            "level",
            "priority",
            "objective",
            "sdg_goal",
            "sdg_target",
            "updated_since",
        ]

    def filter_country(self, queryset, name, value):
        return queryset.filter(Q(country=value) | Q(other_countries=value)).distinct()

    def filter_objective(self, queryset, name, value):
        return queryset.filter(objective_q("objectives__", value)).distinct()


class RoadmapViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The SDG roadmaps: local, national and regional."""

    access = PUBLIC_READ

    queryset = (
        Roadmap.objects.select_related("country")
        .prefetch_related(
            "other_countries",
            "owners",
            Prefetch("objectives", queryset=Objective.objects.select_related("priority")),
            "sdg_targets",
        )
        .order_by("pk")
    )
    serializer_class = RoadmapSerializer
    filterset_class = RoadmapFilter
    ordering_fields = ["title", "start", "updated_at"]


class RoadmapIndicatorSerializer(serializers.ModelSerializer):
    sdg_indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    objectives = serializers.SerializerMethodField()
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = RoadmapIndicator
        fields = [
            "id",
            "roadmap",
            "position",
            "code",
            "title",
            "definition",
            "sdg_indicator",
            "unit",
            "currency",
            "direction",
            "aggregation",
            "cumulative",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "disaggregations",
            "objectives",
            "sdg_targets",
        ]

    def get_objectives(self, indicator) -> list[str]:
        return [o.code for o in indicator.objectives.all()]


class RoadmapIndicatorFilter(django_filters.FilterSet):
    roadmap = KnownIdFilter(Roadmap.objects.all(), "roadmap")
    country = country_filter("roadmap__country")
    level = django_filters.ChoiceFilter(field_name="roadmap__level", choices=Roadmap.Level.choices)
    unit = django_filters.ChoiceFilter(choices=RoadmapIndicator.Unit.choices)
    priority = known(PRIORITIES, "number", "objectives__priority", distinct=True)
    objective = objective_filter()
    sdg_goal = sdg_goal_filter("sdg_targets__goal", distinct=True)
    sdg_target = sdg_target_filter("sdg_targets", distinct=True)
    sdg_indicator = documented(
        known(SdgIndicator.objects.all(), "code", "sdg_indicator"), **SDG_INDICATOR_CODE
    )

    class Meta:
        model = RoadmapIndicator
        fields = [
            "roadmap",
            "country",
            "level",
            "unit",
            "priority",
            "objective",
            "sdg_goal",
            "sdg_target",
        ]

    def filter_objective(self, queryset, name, value):
        return queryset.filter(objective_q("objectives__", value)).distinct()


class RoadmapIndicatorViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The indicators of the roadmaps; each may serve several objectives and SDG targets."""

    access = PUBLIC_READ

    queryset = (
        RoadmapIndicator.objects.select_related("sdg_indicator")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.select_related("priority")),
            "sdg_targets",
        )
        .order_by("roadmap_id", "position", "pk")
    )
    serializer_class = RoadmapIndicatorSerializer
    filterset_class = RoadmapIndicatorFilter
    ordering_fields = ["roadmap", "position"]
