import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import SdgGoal
from priorities.models import Priority
from vision.models import Country

from .models import Organization
from .selectors import organization_search


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, city, words")}),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.filter(is_vision_country=True).order_by("name"),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organization.Kind.choices, empty_label=_("All kinds")
    )
    priority = django_filters.ModelChoiceFilter(
        label=_("Priority"),
        field_name="priorities",
        queryset=Priority.objects.order_by("number"),
        to_field_name="number",
        empty_label=_("All priorities"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG goal"),
        field_name="sdg_goals",
        queryset=SdgGoal.objects.order_by("number"),
        to_field_name="number",
        empty_label=_("All goals"),
    )

    class Meta:
        model = Organization
        fields = ["q", "country", "kind", "priority", "sdg"]

    def search(self, queryset, name, value):
        return organization_search(queryset, value)
