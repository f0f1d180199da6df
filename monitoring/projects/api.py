"""The API of projects: the published ones to read, with the public list's filters; an
organisation's own to write (its editors, and those of the organisations it names as
implementing), through the same rules as the browser."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from monitoring.dashboards import geo
from monitoring.filtering import country_filter, sdg_goal_filter
from monitoring.opendata.projects import published_projects
from monitoring.permissions import editable_projects_q
from monitoring.roadmaps.models import RoadmapIndicator
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization
from priorities.models import Objective, Priority
from vision.access import PUBLIC_READ, Access, Rule
from vision.models import Country
from vision.rest import LanguageMixin, error_response, known
from vision.schema import NOT_BLANK, documented

from . import codelists, imports, services
from .codelists import ActivityStatus, Role
from .filters import ProjectFilter as PageFilter
from .models import Budget, Location, Participant, Project, Sector


class ParticipantSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.filter(status=Organization.Status.MEMBER),
        required=False,
        allow_null=True,
        help_text="A member organisation, by its slug; or give `name` for any other.",
    )
    role = serializers.ChoiceField(choices=Role.choices, help_text="IATI OrganisationRole.")
    organisation_type = serializers.ChoiceField(
        choices=list(codelists.organisation_types()), required=False, allow_blank=True
    )

    class Meta:
        model = Participant
        fields = ["role", "organization", "name", "iati_ref", "organisation_type"]

    def validate(self, data):
        if not data.get("organization") and not data.get("name", "").strip():
            raise ValidationError({"name": _("Choose a member organisation or give the name.")})
        return data


class LocationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.filter(is_vision_country=True)
    )

    class Meta:
        model = Location
        fields = ["name", "country", "latitude", "longitude"]

    def validate(self, data):
        if not geo.country_contains(data["country"].code, data["longitude"], data["latitude"]):
            raise ValidationError(
                {"latitude": _("This point is not in %(country)s.") % {"country": data["country"]}}
            )
        return data


class SectorSerializer(serializers.ModelSerializer):
    code = serializers.ChoiceField(choices=list(codelists.sectors()), help_text="OECD DAC 5-digit.")

    class Meta:
        model = Sector
        fields = ["code", "percentage"]


class BudgetSerializer(serializers.ModelSerializer):
    currency = serializers.ChoiceField(choices=list(codelists.currencies()), default="USD")
    funder = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The name of one of the project's funding participants.",
    )

    class Meta:
        model = Budget
        fields = ["year", "amount", "currency", "funder"]

    def to_representation(self, budget):
        data = super().to_representation(budget)
        data["funder"] = budget.funder.display_name if budget.funder_id else ""
        return data


class ProjectSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    objectives = serializers.SerializerMethodField(help_text="Vision objectives, e.g. 2.3")
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    indicators = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    locations = LocationSerializer(many=True, read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)
    iati_identifier = serializers.CharField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "iati_identifier",
            "organization",
            "title",
            "description",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "countries",
            "objectives",
            "sdg_targets",
            "indicators",
            "participants",
            "locations",
            "sectors",
            "budgets",
            "is_published",
            "is_demo",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_objectives(self, project) -> list[str]:
        return [objective.code for objective in project.objectives.all()]


class ProjectFilter(django_filters.FilterSet):
    country = country_filter("countries")
    priority = documented(
        known(Priority.objects.all(), "number", "objectives__priority", distinct=True),
        type="integer",
        minimum=1,
        maximum=9,
    )
    sdg_goal = sdg_goal_filter("sdg_targets__goal", distinct=True)
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices)
    organization = documented(
        known(
            Organization.objects.filter(status=Organization.Status.MEMBER),
            "slug",
            "organization",
            method="filter_organization",
            help_text="A member's slug: its projects and those it takes part in.",
        ),
        type="string",
    )
    # Not blank and no NUL character: the form field behind the filter refuses both (400).
    funder = documented(
        django_filters.CharFilter(method="filter_funder", help_text="A funder's name."),
        type="string",
        pattern=NOT_BLANK,
    )

    class Meta:
        model = Project
        fields = ["country", "priority", "sdg_goal", "status", "organization", "funder"]

    def filter_organization(self, queryset, name, value):
        return PageFilter.filter_organization(self, queryset, name, value)

    def filter_funder(self, queryset, name, value):
        return PageFilter.filter_funder(self, queryset, name, value)


@extend_schema_view(
    list=extend_schema(summary="Published projects"),
    retrieve=extend_schema(summary="One published project"),
)
class ProjectViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The network's published projects, with their participating organisations, places,
    sectors, budgets and links to the Vision and the SDGs."""

    access = PUBLIC_READ
    queryset = published_projects()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter


class ProjectWriteSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.filter(status=Organization.Status.MEMBER),
        help_text="The member organisation recording the project (on creation only).",
    )
    countries = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Country.objects.filter(is_vision_country=True)
    )
    objectives = serializers.ListField(
        child=serializers.RegexField(r"^[1-9]\.[0-9]{1,2}$"),
        required=False,
        help_text="Vision objective codes, e.g. 2.3",
    )
    sdg_targets = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=SdgTarget.objects.all(), required=False
    )
    indicators = serializers.PrimaryKeyRelatedField(
        many=True, queryset=RoadmapIndicator.objects.all(), required=False
    )
    participants = ParticipantSerializer(many=True, required=False)
    locations = LocationSerializer(many=True, required=False)
    sectors = SectorSerializer(many=True, required=False)
    budgets = BudgetSerializer(many=True, required=False)

    class Meta:
        model = Project
        fields = [
            "organization",
            "title",
            "description",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "countries",
            "objectives",
            "sdg_targets",
            "indicators",
            "participants",
            "locations",
            "sectors",
            "budgets",
        ]

    def validate_objectives(self, codes):
        found = {o.code: o for o in Objective.objects.select_related("priority")}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(
                _("Unknown objectives: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return [found[code] for code in codes]

    def validate(self, data):
        organization = data.get("organization") or getattr(self.instance, "organization", None)
        for indicator in data.get("indicators", []):
            if indicator.roadmap.country_id != organization.country_id:
                raise ValidationError(
                    {"indicators": _("Only indicators of the organisation's country's roadmaps.")}
                )
        codes = [s["code"] for s in data.get("sectors", [])]
        if len(codes) != len(set(codes)):
            raise ValidationError({"sectors": _("Each sector once.")})
        if message := Sector.shares_error([s.get("percentage") for s in data.get("sectors", [])]):
            raise ValidationError({"sectors": message})
        funders = {
            (p.get("organization").name if p.get("organization") else p.get("name", ""))
            for p in data.get("participants", self._current_participants())
            if p.get("role") == Role.FUNDING
        }
        for budget in data.get("budgets", []):
            if budget.get("funder") and budget["funder"] not in funders:
                raise ValidationError(
                    {"budgets": _("A budget's funder must be one of the funding participants.")}
                )
        return data

    def _current_participants(self):
        if self.instance is None:
            return []
        return [
            {"role": p.role, "organization": p.organization, "name": p.name}
            for p in self.instance.participants.select_related("organization")
        ]


def _write(project: Project, data: dict) -> Project:
    """Store the fields given, and replace each list of parts given."""
    parts = {
        name: data.pop(name)
        for name in ("participants", "locations", "sectors", "budgets")
        if name in data
    }
    links = {
        name: data.pop(name)
        for name in ("countries", "objectives", "sdg_targets", "indicators")
        if name in data
    }
    data.pop("organization", None)
    for field, value in data.items():
        setattr(project, field, value)
    try:
        project.full_clean(exclude=["countries"])
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from None
    project.save()
    for name, value in links.items():
        getattr(project, name).set(value)
    services.project_replace_parts(project, **parts)
    return project


@extend_schema_view(
    list=extend_schema(summary="Projects you may edit, published or not"),
    retrieve=extend_schema(summary="One project you may edit"),
)
class MyProjectViewSet(
    LanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisations' projects, drafts included: record one (a draft), change it
    (PATCH; a list of parts given replaces that list), publish or unpublish it."""

    access = {
        "list": Access(Rule.SIGNED_IN, Rule.ORGANIZATION_EDITORS),
        "detail": Access(
            Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS
        ),
        "publish": Access(None, Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS),
    }
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Project.objects.filter(editable_projects_q(self.request.user))
            .distinct()
            .select_related("organization")
            .prefetch_related(
                "countries",
                "objectives__priority",
                "sdg_targets",
                "indicators",
                "participants__organization",
                "locations__country",
                "sectors",
                "budgets__funder__organization",
            )
            .order_by("pk")
        )

    def get_serializer_class(self):
        return (
            ProjectWriteSerializer
            if self.action in ("create", "partial_update", "update")
            else ProjectSerializer
        )

    def _answer(self, pk, code=status.HTTP_200_OK):
        return Response(ProjectSerializer(self.get_queryset().get(pk=pk)).data, status=code)

    @extend_schema(
        request=ProjectWriteSerializer,
        responses={201: ProjectSerializer},
        summary="Record a project (a draft)",
    )
    def create(self, request, **kwargs):
        if not imports.organizations_for(request.user):
            raise PermissionDenied
        data = ProjectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = data.validated_data["organization"]
        if organization not in imports.organizations_for(request.user):
            raise ValidationError({"organization": _("You do not edit this organisation.")})
        with transaction.atomic():
            project = _write(Project(organization=organization), dict(data.validated_data))
        return self._answer(project.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProjectWriteSerializer,
        responses={200: ProjectSerializer},
        summary="Change a project",
    )
    def partial_update(self, request, pk=None, **kwargs):
        project = self.get_object()
        data = ProjectWriteSerializer(project, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        if "organization" in given and given["organization"] != project.organization:
            raise ValidationError({"organization": _("A project stays with its organisation.")})
        with transaction.atomic():
            _write(project, given)
            if project.is_published:
                problems = services.publication_problems(project)
                if problems:
                    transaction.set_rollback(True)
                    raise ValidationError({"non_field_errors": problems})
                services.refresh_published(project)
        return self._answer(project.pk)

    @extend_schema(
        request=None, responses={200: ProjectSerializer}, summary="Publish (or ?unpublish=1)"
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None, **kwargs):
        project = self.get_object()
        try:
            services.project_publish(
                project_id=project.pk,
                user=request.user,
                publish=request.query_params.get("unpublish") != "1",
            )
        except DjangoValidationError as error:
            return error_response(status.HTTP_409_CONFLICT, "incomplete", " ".join(error.messages))
        except PermissionDenied:
            raise NotFound from None
        return self._answer(project.pk)
