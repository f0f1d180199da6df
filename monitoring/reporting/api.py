"""The API of reporting: approved values to read; reports to write through the same services
as the browser."""

from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from monitoring.filtering import (
    PRIORITIES,
    country_filter,
    objective_filter,
    objective_q,
    period_filter,
    sdg_goal_filter,
    sdg_target_filter,
)
from monitoring.reporting import services
from monitoring.reporting.models import IndicatorValue, ProgressReport
from monitoring.reporting.selectors import report_get_for_viewer, reports_visible_to
from monitoring.roadmaps.models import (
    DIMENSION_CATEGORIES,
    ReportingPeriod,
    Roadmap,
    RoadmapIndicator,
)
from organizations.models import Organization
from vision.access import PUBLIC_READ, REPORT, REPORT_REOPEN, Access, Rule
from vision.rest import ConflictError, LanguageMixin, SaveSerializer, error_response, known
from vision.schema import (
    KnownIdFilter,
)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": {"type": "number"}},
        "description": 'By dimension and category, e.g. {"sex": {"female": 70, "male": 50}}.',
    }
)
class PartsField(serializers.JSONField):
    """Disaggregated parts as JSON numbers, as the value is: they are stored as decimal
    strings, to keep their four decimals exact in the JSON column."""

    def to_representation(self, value):
        return {
            dimension: {category: Decimal(number) for category, number in categories.items()}
            for dimension, categories in (value or {}).items()
        }


class ApprovedValueSerializer(serializers.ModelSerializer):
    roadmap = serializers.IntegerField(source="indicator.roadmap_id", read_only=True)
    organization = serializers.CharField(source="report.organization.slug", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    period = serializers.CharField(source="period.code", read_only=True)
    approved_at = serializers.DateTimeField(source="report.reviewed_at", read_only=True)
    disaggregation = PartsField(read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "roadmap",
            "organization",
            "country",
            "period",
            "value",
            "disaggregation",
            "approved_at",
        ]


class ApprovedValueFilter(django_filters.FilterSet):
    country = country_filter("country")
    roadmap = KnownIdFilter(Roadmap.objects.all(), "indicator__roadmap")
    indicator = KnownIdFilter(RoadmapIndicator.objects.all(), "indicator")
    organization = known(Organization.objects.all(), "slug", "report__organization")
    period = period_filter()
    level = django_filters.ChoiceFilter(
        field_name="indicator__roadmap__level", choices=Roadmap.Level.choices
    )
    priority = known(PRIORITIES, "number", "indicator__objectives__priority", distinct=True)
    objective = objective_filter()
    sdg_goal = sdg_goal_filter("indicator__sdg_targets__goal", distinct=True)
    sdg_target = sdg_target_filter("indicator__sdg_targets", distinct=True)
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="report__updated_at", lookup_expr="gte"
    )

    class Meta:
        model = IndicatorValue
        fields = ["country", "roadmap", "indicator", "organization", "period", "level"]

    def filter_objective(self, queryset, name, value):
        return queryset.filter(objective_q("indicator__objectives__", value)).distinct()


class ApprovedValueViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Approved values only: nothing in a draft, submitted or returned report is served."""

    access = PUBLIC_READ

    queryset = (
        IndicatorValue.objects.filter(is_approved=True)
        .exclude(value=None)
        .select_related("indicator", "report__organization", "country", "period")
        .order_by("pk")
    )
    serializer_class = ApprovedValueSerializer
    filterset_class = ApprovedValueFilter
    ordering_fields = ["id", "period__start"]


class RoundedNumberField(serializers.DecimalField):
    """A value as stored: up to 16 whole digits, rounded half up to four decimals. A JSON
    number is a binary float (0.1 + 0.2 arrives as 0.30000000000000004), so the digits past
    the fourth are rounded, not refused; too many whole digits are refused."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=20,
            decimal_places=4,
            rounding=ROUND_HALF_UP,
            coerce_to_string=False,
            **kwargs,
        )

    def validate_precision(self, value):
        _sign, digits, exponent = value.as_tuple()
        if len(digits) + exponent > self.max_whole_digits:
            self.fail("max_whole_digits", max_whole_digits=self.max_whole_digits)
        return value

    def quantize(self, value):
        return super().quantize(value) + 0  # + 0: no "-0.0000"


class ValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1)
    value = RoundedNumberField(allow_null=True, required=False)
    parts = serializers.DictField(
        child=serializers.DictField(child=RoundedNumberField()),
        required=False,
        help_text='By dimension and category, e.g. {"sex": {"female": 70, "male": 50}}. '
        f"Dimensions: {', '.join(DIMENSION_CATEGORIES)}.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReportValueSerializer(serializers.ModelSerializer):
    parts = PartsField(source="disaggregation", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "value", "parts", "note"]


class ReportSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.slug", read_only=True)
    period = serializers.CharField(source="period.code", read_only=True)
    values = ReportValueSerializer(many=True, read_only=True)
    status = serializers.ChoiceField(choices=ProgressReport.Status.choices, read_only=True)
    value_comments = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The reviewer's comments on single values, by indicator id (last return).",
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "organization",
            "roadmap",
            "period",
            "status",
            "narrative",
            "version",
            "review_comment",
            "value_comments",
            "submitted_at",
            "reviewed_at",
            "updated_at",
            "values",
        ]


class ReportStartSerializer(serializers.Serializer):
    organization = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all()
    )
    roadmap = serializers.PrimaryKeyRelatedField(queryset=Roadmap.objects.all())
    period = serializers.SlugRelatedField(slug_field="code", queryset=ReportingPeriod.objects.all())


class ReportSaveSerializer(SaveSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; a report changed since is refused (409)."
    )
    narrative = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    values = ValueSerializer(many=True, required=False)
    submit = serializers.BooleanField(default=False, help_text="Submit for review after saving.")


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="What needs to change.")
    value_comments = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        help_text='A comment on single values, by indicator id: {"12": "Check the parts."}.',
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProgressReport.Status.choices)
    period = period_filter()
    roadmap = KnownIdFilter(Roadmap.objects.all(), "roadmap")
    organization = known(Organization.objects.all(), "slug", "organization")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = ProgressReport
        fields = ["status", "period", "roadmap", "organization", "updated_since"]


SAVE_EXAMPLE = OpenApiExample(
    "Save two values and submit",
    value={
        "version": 3,
        "narrative": "Three hearings in three districts.",
        "values": [
            {"indicator": 12, "value": 120, "parts": {"sex": {"female": 70, "male": 50}}},
            {"indicator": 13, "value": 40.5, "note": "From the district budgets."},
        ],
        "submit": True,
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Reports of your organisations, and those you review"),
    retrieve=extend_schema(summary="One report with its values"),
)
class ReportViewSet(
    LanguageMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Progress reports, through the same rules as the browser: editors start, save and
    submit; coordinators of the country approve or return; network admins reopen."""

    access = {
        "approve": Access(None, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE),
        "detail": REPORT,
        "list": Access(Rule.SIGNED_IN, Rule.REPORT_EDITORS),
        "reopen": REPORT_REOPEN,
        "return-report": Access(None, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE),
        "submit": Access(None, Rule.REPORT_EDITORS, Rule.ORGANIZATION_PEOPLE),
    }

    # The router also serves each route with a format suffix (`/reports/3.json`) and
    # passes it on as `format`: every action takes **kwargs for it.
    permission_classes = [IsAuthenticated]
    serializer_class = ReportSerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = ReportFilter
    ordering_fields = ["id", "updated_at"]

    def get_queryset(self):
        return (
            reports_visible_to(user=self.request.user)
            .select_related("organization__country", "period")
            .prefetch_related("values")
            .order_by("pk")
        )

    def _report(self, pk) -> ProgressReport:
        return report_get_for_viewer(user=self.request.user, pk=pk)

    def _answer(self, report_id: int, code=status.HTTP_200_OK) -> Response:
        report = self.get_queryset().get(pk=report_id)
        return Response(
            ReportSerializer(report, context=self.get_serializer_context()).data, status=code
        )

    def _call(self, function, **kwargs):
        try:
            return function(**kwargs)
        except services.ReportConflictError as error:
            raise ConflictError(str(error)) from error

    @extend_schema(
        request=ReportStartSerializer, responses={201: ReportSerializer}, summary="Start a report"
    )
    def create(self, request, **kwargs):
        data = ReportStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = self._call(services.report_start, user=request.user, **data.validated_data)
        return self._answer(report.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=ReportSaveSerializer,
        responses={200: ReportSerializer},
        examples=[SAVE_EXAMPLE],
        summary="Save a draft (and submit it)",
    )
    def partial_update(self, request, pk=None, **kwargs):
        report = self._report(pk)
        data = ReportSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = [
            services.ValueInput(
                indicator_id=item["indicator"],
                value=item.get("value"),
                parts={d: dict(c) for d, c in item.get("parts", {}).items()},
                note=item.get("note", ""),
            )
            for item in data.validated_data.get("values", [])
        ]
        try:
            self._call(
                services.report_save,
                report_id=report.pk,
                user=request.user,
                version=data.validated_data["version"],
                narrative=data.validated_data.get("narrative", report.narrative),
                values=values,
                submit=data.validated_data["submit"],
            )
        except ValidationError as error:
            raise _indexed(error, values) from error
        return self._answer(report.pk)

    @extend_schema(
        request=None,
        responses={200: ReportSerializer},
        summary="Submit for review",
        description="A report with an indicator still empty is a 409 (the request has no "
        "body to correct: the report's state is what refuses it), with the empty indicators "
        "in `error.fields`.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        report = self._report(pk)
        try:
            self._call(services.report_submit, report_id=report.pk, user=request.user)
        except ValidationError as error:
            fields = _indexed(error, []).message_dict
            return error_response(
                status.HTTP_409_CONFLICT,
                "incomplete",
                _("The report cannot be submitted yet; see the fields."),
                fields,
            )
        return self._answer(report.pk)

    @extend_schema(request=None, responses={200: ReportSerializer}, summary="Approve")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, **kwargs):
        report = self._report(pk)
        self._call(services.report_approve, report_id=report.pk, reviewer=request.user)
        return self._answer(report.pk)

    @extend_schema(
        request=ReturnSerializer, responses={200: ReportSerializer}, summary="Return for changes"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None, **kwargs):
        report = self._report(pk)
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            self._call(
                services.report_return,
                report_id=report.pk,
                reviewer=request.user,
                comment=data.validated_data["comment"],
                value_comments=data.validated_data.get("value_comments", {}),
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    f"value_comments.{key.partition(':')[0]}": messages
                    for key, messages in error.message_dict.items()
                }
            ) from error
        return self._answer(report.pk)

    @extend_schema(
        request=ReopenSerializer,
        responses={200: ReportSerializer},
        summary="Reopen (network admins)",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None, **kwargs):
        report = self._report(pk)
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self._call(
            services.report_reopen,
            report_id=report.pk,
            admin=request.user,
            reason=data.validated_data["reason"],
        )
        return self._answer(report.pk)


def _indexed(error, values):
    """The service names a value's error `<indicator id>:<field>`; the API names it after
    its place in the request, `values.<n>.<field>`, with the same message."""
    position = {item.indicator_id: n for n, item in enumerate(values)}
    fields = {}
    for key, messages in error.message_dict.items():
        indicator, _sep, field = key.partition(":")
        if indicator.isdecimal() and int(indicator) in position:
            name = "value" if field == "value" else f"parts.{field.replace(':', '.')}"
            fields[f"values.{position[int(indicator)]}.{name}"] = messages
        elif indicator.isdecimal():
            fields[f"indicators.{indicator}.{field or 'value'}"] = messages
        else:
            fields[key] = messages
    return ValidationError(fields)
