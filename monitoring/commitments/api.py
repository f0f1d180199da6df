"""The API of the commitments: instruments, each country's status under them, the
recommendations with their links, and the approved assessments of civil society to read;
assessments to write through the same services as the browser."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from monitoring.commitments import assessments
from monitoring.commitments.models import (
    Assessment,
    AssessmentEvidence,
    Instrument,
    Ratification,
    Recommendation,
)
from monitoring.commitments.selectors import assessment_get_for_viewer, assessments_visible_to
from monitoring.filtering import country_filter, sdg_goal_filter, sdg_target_filter
from monitoring.reporting.forms import WEB_LINK
from organizations.models import Organization
from vision.access import PUBLIC_READ, REPORT, Access, Rule
from vision.rest import ConflictError, LanguageMixin, SaveSerializer, error_response, known
from vision.schema import KnownIdFilter, StrictBooleanFilter


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


# Writing: the organisations' assessments in every state ---------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(help_text="The file's name; empty for a link.")
    link = serializers.URLField(source="url", read_only=True)

    class Meta:
        model = AssessmentEvidence
        fields = ["id", "file", "link", "description"]

    def get_file(self, evidence) -> str:
        return str(evidence) if evidence.file else ""


class AssessmentWorkSerializer(serializers.ModelSerializer):
    recommendation = serializers.PrimaryKeyRelatedField(read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.ChoiceField(choices=Assessment.Status.choices, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "recommendation",
            "organization",
            "status",
            "as_of",
            "implementation",
            "narrative",
            "sources",
            "version",
            "review_comment",
            "submitted_at",
            "reviewed_at",
            "updated_at",
            "evidence",
        ]


class AssessmentStartSerializer(serializers.Serializer):
    recommendation = serializers.PrimaryKeyRelatedField(
        queryset=Recommendation.objects.select_related("country")
    )
    organization = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all()
    )


class AssessmentSaveSerializer(SaveSerializer):
    """A save: what is left out keeps its stored value."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; an assessment changed since is refused (409)."
    )
    as_of = serializers.DateField(
        required=False,
        help_text="The day the assessment describes: from the recommendation's day to today.",
    )
    implementation = serializers.ChoiceField(
        choices=Assessment.Implementation.choices, required=False, allow_blank=True
    )
    narrative = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    sources = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    links = serializers.ListField(
        child=serializers.URLField(max_length=1000, validators=[WEB_LINK]),
        required=False,
        max_length=20,
        help_text="Links to add as evidence (http or https).",
    )
    submit = serializers.BooleanField(default=False, help_text="Submit for review after saving.")


class AssessmentReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=5000,
        help_text="What needs to change.",
        error_messages={
            "required": _("Say what needs to change."),
            "blank": _("Say what needs to change."),
        },
    )


class AssessmentWorkFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)
    country = country_filter("recommendation__country")
    recommendation = KnownIdFilter(Recommendation.objects.all(), "recommendation")
    organization = known(Organization.objects.all(), "slug", "organization")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Assessment
        fields = ["status", "country", "recommendation", "organization", "updated_since"]


@extend_schema_view(
    list=extend_schema(summary="Assessments of your organisations, and those you review"),
    retrieve=extend_schema(summary="One assessment, in any state"),
)
class AssessmentWorkViewSet(
    LanguageMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Assessments of recommendations in every state, through the same rules as the
    browser: editors start, save and submit their organisation's, for their country's
    recommendations; the country's coordinators approve or return them."""

    access = {
        "approve": Access(None, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE),
        "detail": REPORT,
        "list": Access(Rule.SIGNED_IN, Rule.REPORT_EDITORS),
        "return-assessment": Access(None, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE),
        "submit": Access(None, Rule.REPORT_EDITORS, Rule.ORGANIZATION_PEOPLE),
    }

    # As in ReportViewSet: every action takes **kwargs for the route's format suffix.
    permission_classes = [IsAuthenticated]
    serializer_class = AssessmentWorkSerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = AssessmentWorkFilter
    ordering_fields = ["id", "updated_at"]

    def get_queryset(self):
        return (
            assessments_visible_to(user=self.request.user)
            .select_related("organization")
            .prefetch_related("evidence")
            .order_by("pk")
        )

    def _assessment(self, pk) -> Assessment:
        return assessment_get_for_viewer(user=self.request.user, pk=pk)

    def _answer(self, assessment_id: int, code=status.HTTP_200_OK) -> Response:
        assessment = self.get_queryset().get(pk=assessment_id)
        return Response(
            AssessmentWorkSerializer(assessment, context=self.get_serializer_context()).data,
            status=code,
        )

    def _call(self, function, **kwargs):
        try:
            return function(**kwargs)
        except assessments.AssessmentConflictError as error:
            raise ConflictError(str(error)) from error

    @extend_schema(
        request=AssessmentStartSerializer,
        responses={201: AssessmentWorkSerializer},
        summary="Start an assessment",
        description="Your organisation's open assessment of the recommendation, or a new "
        "draft as of today. The organisation's country is the recommendation's.",
    )
    def create(self, request, **kwargs):
        data = AssessmentStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = self._call(
            assessments.assessment_start, user=request.user, **data.validated_data
        )
        return self._answer(assessment.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=AssessmentSaveSerializer,
        responses={200: AssessmentWorkSerializer},
        summary="Save a draft (and submit it)",
    )
    def partial_update(self, request, pk=None, **kwargs):
        assessment = self._assessment(pk)
        data = AssessmentSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        as_of = given.get("as_of", assessment.as_of)
        # The browser's form refuses such a day on every save; the service on a submit.
        if "as_of" in given and (
            error := assessments.as_of_error(as_of, assessment.recommendation)
        ):
            raise ValidationError({"as_of": error})
        self._call(
            assessments.assessment_save,
            assessment_id=assessment.pk,
            user=request.user,
            version=given["version"],
            as_of=as_of,
            implementation=given.get("implementation", assessment.implementation),
            narrative=given.get("narrative", assessment.narrative),
            sources=given.get("sources", assessment.sources),
            new_evidence=[assessments.EvidenceInput(url=link) for link in given.get("links", [])],
            submit=given["submit"],
        )
        return self._answer(assessment.pk)

    @extend_schema(
        request=None,
        responses={200: AssessmentWorkSerializer},
        summary="Submit for review",
        description="An assessment without its implementation, its explanation or a valid "
        "day is a 409, as an incomplete report is, with what is missing in `error.fields`.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        assessment = self._assessment(pk)
        try:
            self._call(
                assessments.assessment_submit, assessment_id=assessment.pk, user=request.user
            )
        except ValidationError as error:
            return error_response(
                status.HTTP_409_CONFLICT,
                "incomplete",
                _("The assessment cannot be submitted yet; see the fields."),
                error.message_dict,
            )
        return self._answer(assessment.pk)

    @extend_schema(request=None, responses={200: AssessmentWorkSerializer}, summary="Approve")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, **kwargs):
        assessment = self._assessment(pk)
        self._call(
            assessments.assessment_approve, assessment_id=assessment.pk, reviewer=request.user
        )
        return self._answer(assessment.pk)

    @extend_schema(
        request=AssessmentReturnSerializer,
        responses={200: AssessmentWorkSerializer},
        summary="Return for changes",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_assessment(self, request, pk=None, **kwargs):
        assessment = self._assessment(pk)
        data = AssessmentReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self._call(
            assessments.assessment_return,
            assessment_id=assessment.pk,
            reviewer=request.user,
            comment=data.validated_data["comment"],
        )
        return self._answer(assessment.pk)
