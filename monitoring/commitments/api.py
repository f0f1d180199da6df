"""The API of the commitments (read only): instruments, each country's status under them,
the recommendations with their links, and the approved assessments of civil society."""

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from monitoring.commitments.models import Assessment, Instrument, Ratification, Recommendation
from monitoring.filtering import country_filter, sdg_goal_filter, sdg_target_filter
from vision.access import PUBLIC_READ
from vision.rest import LanguageMixin, known
from vision.schema import StrictBooleanFilter


class InstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instrument
        fields = ["code", "kind", "abbreviation", "name", "body", "adopted_year", "url", "source"]


class InstrumentViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The nine core UN human-rights treaties, the UPR and the ILO's fundamental conventions."""

    access = PUBLIC_READ

    queryset = Instrument.objects.order_by("position", "pk")
    serializer_class = InstrumentSerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9]+"
    filterset_fields = ["kind"]


class RatificationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Ratification
        fields = [
            "id",
            "country",
            "instrument",
            "status",
            "signed_on",
            "party_on",
            "reservations",
            "source",
            "is_demo",
        ]


class RatificationFilter(django_filters.FilterSet):
    country = country_filter("country")
    instrument = known(Instrument.objects.all(), "code", "instrument", help_text="e.g. CCPR")

    class Meta:
        model = Ratification
        fields = ["country", "instrument", "status"]


class RatificationViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Each country's status under each treaty and ILO convention, as OHCHR lists it."""

    access = PUBLIC_READ

    queryset = Ratification.objects.select_related("country", "instrument").order_by(
        "country__code", "instrument__position", "pk"
    )
    serializer_class = RatificationSerializer
    filterset_class = RatificationFilter


class RecommendationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    objectives = serializers.SerializerMethodField(help_text="Vision objectives, e.g. 2.3")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "country",
            "mechanism",
            "cycle",
            "reference",
            "document",
            "made_on",
            "text",
            "recommending_state",
            "response",
            "themes",
            "groups",
            "sdg_targets",
            "objectives",
            "source_url",
            "is_demo",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_objectives(self, recommendation) -> list[str]:
        return [objective.code for objective in recommendation.objectives.all()]


class RecommendationFilter(django_filters.FilterSet):
    country = country_filter("country")
    mechanism = known(Instrument.objects.all(), "code", "mechanism", help_text="e.g. UPR")
    sdg_goal = sdg_goal_filter("sdg_targets__goal", distinct=True)
    sdg_target = sdg_target_filter("sdg_targets", distinct=True)
    is_demo = StrictBooleanFilter()

    class Meta:
        model = Recommendation
        fields = ["country", "mechanism", "response", "sdg_goal", "sdg_target", "is_demo"]


class RecommendationViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The recommendations the UN mechanisms made to each state, linked to SDG targets and
    to the Vision's objectives (an objective's code is priority.position, e.g. 2.3)."""

    access = PUBLIC_READ

    queryset = (
        Recommendation.objects.select_related("country", "mechanism")
        .prefetch_related("themes", "groups", "sdg_targets", "objectives__priority")
        .order_by("country__code", "-made_on", "mechanism__position", "reference", "pk")
    )
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter


class AssessmentSerializer(serializers.ModelSerializer):
    recommendation = serializers.PrimaryKeyRelatedField(read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "recommendation",
            "organization",
            "as_of",
            "implementation",
            "narrative",
            "sources",
            "reviewed_at",
            "is_demo",
        ]


class AssessmentFilter(django_filters.FilterSet):
    country = country_filter("recommendation__country")

    class Meta:
        model = Assessment
        fields = ["country", "implementation"]


class AssessmentViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Civil society's approved assessments of how far each recommendation is implemented."""

    access = PUBLIC_READ

    queryset = (
        Assessment.objects.filter(status=Assessment.Status.APPROVED)
        .select_related("organization")
        .order_by("recommendation_id", "-as_of", "pk")
    )
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
