"""The filters of the public list of projects, shared by its page and the API."""

import django_filters
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from monitoring.sdg.models import SdgGoal
from organizations.models import Organization
from priorities.models import Priority
from vision.models import Country

from .codelists import ActivityStatus, Role
from .models import Participant, Project


def funder_names() -> list[str]:
    """Every funder of a published project, by the name it is shown under."""
    return sorted(
        set(
            Participant.objects.filter(role=Role.FUNDING, project__in=Project.objects.published())
            .annotate(shown=Coalesce("organization__name", "name"))
            .values_list("shown", flat=True)
        )
    )


class ProjectFilter(django_filters.FilterSet):
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(is_vision_country=True).order_by("name"),
        to_field_name="code",
        field_name="countries",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    priority = django_filters.ModelChoiceFilter(
        queryset=Priority.objects.order_by("number"),
        to_field_name="number",
        field_name="objectives__priority",
        distinct=True,
        label=_("Vision priority"),
        empty_label=_("All priorities"),
    )
    goal = django_filters.ModelChoiceFilter(
        queryset=SdgGoal.objects.order_by("number"),
        to_field_name="number",
        field_name="sdg_targets__goal",
        distinct=True,
        label=_("SDG goal"),
        empty_label=_("All goals"),
    )
    funder = django_filters.ChoiceFilter(
        choices=[], method="filter_funder", label=_("Funder"), empty_label=_("Any funder")
    )
    status = django_filters.ChoiceFilter(
        choices=ActivityStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.filter(status=Organization.Status.MEMBER),
        to_field_name="slug",
        method="filter_organization",
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )

    class Meta:
        model = Project
        fields = ["country", "priority", "goal", "funder", "status", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["funder"].extra["choices"] = [(name, name) for name in funder_names()]

    def filter_funder(self, queryset, name, value):
        return queryset.filter(
            pk__in=Participant.objects.filter(role=Role.FUNDING)
            .filter(Q(organization__name=value) | Q(organization=None, name=value))
            .values("project_id")
        )

    def filter_organization(self, queryset, name, value):
        """The projects it recorded and those it takes part in, in any role."""
        return queryset.filter(
            Q(organization=value)
            | Q(pk__in=Participant.objects.filter(organization=value).values("project_id"))
        )
