import django_filters
from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from monitoring.models import SdgGoal, SdgTarget
from vision.access import PUBLIC_READ
from vision.rest import LanguageMixin, known
from vision.schema import SDG_GOAL_NUMBER, SDG_TARGET_CODE, documented

from .models import Objective, Priority


class ObjectiveSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="priority.position, e.g. 2.2")
    priority = serializers.IntegerField(source="priority.number", read_only=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "code", "priority", "position", "title", "description", "sdg_targets"]


class PrioritySerializer(serializers.ModelSerializer):
    objectives = serializers.SerializerMethodField()

    class Meta:
        model = Priority
        fields = ["number", "title", "goal", "objectives"]

    def get_objectives(self, priority) -> list[str]:
        return [objective.code for objective in priority.objectives.all()]


class PriorityFilter(django_filters.FilterSet):
    sdg_goal = documented(
        known(SdgGoal.objects.all(), "number", "objectives__sdg_targets__goal", distinct=True),
        **SDG_GOAL_NUMBER,
    )

    class Meta:
        model = Priority
        fields = ["sdg_goal"]


class PriorityViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The Vision's nine strategic priorities."""

    access = PUBLIC_READ

    queryset = Priority.objects.order_by("number").prefetch_related(
        Prefetch(
            "objectives", queryset=Objective.objects.select_related("priority").order_by("position")
        )
    )
    serializer_class = PrioritySerializer
    lookup_field = "number"
    filterset_class = PriorityFilter
    ordering_fields = ["number"]


class ObjectiveFilter(django_filters.FilterSet):
    priority = known(Priority.objects.all(), "number", "priority")
    sdg_target = documented(
        known(SdgTarget.objects.all(), "code", "sdg_targets", distinct=True), **SDG_TARGET_CODE
    )
    sdg_goal = documented(
        known(SdgGoal.objects.all(), "number", "sdg_targets__goal", distinct=True),
        **SDG_GOAL_NUMBER,
    )

    class Meta:
        model = Objective
        fields = ["priority", "sdg_target", "sdg_goal"]


class ObjectiveViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The 34 objectives of the priorities, with the SDG targets each serves."""

    access = PUBLIC_READ

    queryset = (
        Objective.objects.select_related("priority")
        .prefetch_related(
            Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("goal__number", "position"))
        )
        .order_by("priority__number", "position", "pk")
    )
    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter
    ordering_fields = ["priority__number", "position"]
