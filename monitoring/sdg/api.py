"""The API of the SDG framework (read only)."""

import django_filters
from rest_framework import serializers, viewsets

from monitoring.filtering import sdg_goal_filter, sdg_target_filter
from monitoring.sdg.models import SdgGoal, SdgIndicator, SdgTarget
from vision.access import PUBLIC_READ
from vision.rest import LanguageMixin


class SdgGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = SdgGoal
        fields = ["number", "title", "colour"]


class SdgTargetSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal.number", read_only=True)

    class Meta:
        model = SdgTarget
        fields = ["code", "goal", "title"]


class SdgIndicatorSerializer(serializers.ModelSerializer):
    target = serializers.CharField(source="target.code", read_only=True)

    class Meta:
        model = SdgIndicator
        fields = ["code", "target", "title", "unsd_code"]


class SdgGoalFilter(django_filters.FilterSet):
    number = sdg_goal_filter("number", method="filter_number")

    class Meta:
        model = SdgGoal
        fields = ["number"]

    def filter_number(self, queryset, name, value):
        return queryset.filter(pk=value.pk)


class SdgGoalViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The 17 Sustainable Development Goals."""

    access = PUBLIC_READ

    queryset = SdgGoal.objects.order_by("number")
    serializer_class = SdgGoalSerializer
    lookup_field = "number"
    ordering_fields = ["number"]
    filterset_class = SdgGoalFilter


class SdgTargetFilter(django_filters.FilterSet):
    goal = sdg_goal_filter("goal")

    class Meta:
        model = SdgTarget
        fields = ["goal"]


class SdgTargetViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The 169 SDG targets."""

    access = PUBLIC_READ

    queryset = SdgTarget.objects.select_related("goal").order_by("goal__number", "position", "pk")
    serializer_class = SdgTargetSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]+\.[0-9a-z]+"
    filterset_class = SdgTargetFilter
    ordering_fields = ["position"]


class SdgIndicatorFilter(django_filters.FilterSet):
    goal = sdg_goal_filter("target__goal")
    target = sdg_target_filter("target")

    class Meta:
        model = SdgIndicator
        fields = ["goal", "target"]


class SdgIndicatorViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The UN global indicator framework (2023 refinement), one row per (code, target)."""

    access = PUBLIC_READ

    queryset = SdgIndicator.objects.select_related("target").order_by(
        "target__goal__number", "target__position", "position", "pk"
    )
    serializer_class = SdgIndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]+\.[0-9a-z]+\.[0-9]+"
    filterset_class = SdgIndicatorFilter
    ordering_fields = ["position"]
