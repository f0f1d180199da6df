"""The filters of a country's recommendations (django-filter): mechanism, cycle, the
state's response, the network's position on its implementation, theme, affected group,
SDG goal and Vision priority, and words of the text. Each list of choices holds what
occurs among the country's recommendations."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from monitoring.commitments.models import AffectedGroup, Instrument, Recommendation, Theme
from monitoring.commitments.position import KEYS, key_labels
from monitoring.commitments.selectors import assessed_positions
from monitoring.sdg.models import SdgGoal, SdgTarget
from priorities.models import Priority


class RecommendationFilter(django_filters.FilterSet):
    mechanism = django_filters.ModelChoiceFilter(
        queryset=Instrument.objects.all(),
        to_field_name="code",
        label=_("Mechanism"),
        empty_label=_("All mechanisms"),
    )
    cycle = django_filters.ChoiceFilter(
        choices=[], label=_("Cycle or session"), empty_label=_("All cycles and sessions")
    )
    response = django_filters.ChoiceFilter(
        choices=Recommendation.Response.choices,
        label=_("State’s response"),
        empty_label=_("Any response"),
    )
    status = django_filters.ChoiceFilter(
        choices=lambda: [(key, key_labels()[key]) for key in KEYS],
        method="filter_status",
        label=_("Implementation"),
        empty_label=_("Any assessment"),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="code",
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    group = django_filters.ModelChoiceFilter(
        field_name="groups",
        queryset=AffectedGroup.objects.all(),
        to_field_name="code",
        label=_("Affected group"),
        empty_label=_("All groups"),
    )
    goal = django_filters.ModelChoiceFilter(
        field_name="sdg_targets__goal",
        queryset=SdgGoal.objects.all(),
        to_field_name="number",
        label=_("SDG goal"),
        empty_label=_("All SDG goals"),
        distinct=True,
    )
    target = django_filters.ModelChoiceFilter(
        field_name="sdg_targets",
        queryset=SdgTarget.objects.all(),
        to_field_name="code",
        label=_("SDG target"),
        empty_label=_("All SDG targets"),
    )
    priority = django_filters.ModelChoiceFilter(
        field_name="objectives__priority",
        queryset=Priority.objects.all(),
        to_field_name="number",
        label=_("Vision priority"),
        empty_label=_("All priorities"),
        distinct=True,
    )
    q = django_filters.CharFilter(
        method="filter_words",
        label=_("Words"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, queryset=recommendations, **kwargs)
        present = recommendations.order_by()
        self.filters["mechanism"].queryset = Instrument.objects.filter(
            pk__in=present.values("mechanism")
        )
        cycles = present.values_list("mechanism__abbreviation", "cycle").distinct()
        self.filters["cycle"].extra["choices"] = sorted(
            {(cycle, cycle) for _abbreviation, cycle in cycles}
        )
        self.filters["theme"].queryset = Theme.objects.filter(
            recommendations__in=present
        ).distinct()
        self.filters["group"].queryset = AffectedGroup.objects.filter(
            recommendations__in=present
        ).distinct()
        self.filters["target"].queryset = SdgTarget.objects.filter(
            recommendations__in=present
        ).distinct()

    def filter_words(self, queryset, name, value):
        words = [w for w in value.split() if w][:8]
        for word in words:
            queryset = queryset.filter(
                Q(text__icontains=word) | Q(recommending_state__icontains=word)
            )
        return queryset

    def filter_status(self, queryset, name, value):
        """The recommendations on which the network's position is `value`."""
        keys = {
            pk: position.key
            for pk, position in assessed_positions(queryset.order_by().values("pk")).items()
        }
        if value == "unassessed":
            return queryset.exclude(pk__in=list(keys))
        return queryset.filter(pk__in=[pk for pk, key in keys.items() if key == value])
