"""The filters of the social enterprises' directory (django-filter): country, sector, size,
SDG goal served and rating level. Each list holds what occurs among the enterprises."""

import django_filters
from django.utils.translation import gettext_lazy as _

from monitoring.enterprises.models import (
    EnterpriseAssessment,
    RatingLevel,
    Sector,
    Size,
    SocialEnterprise,
)
from monitoring.enterprises.selectors import approved_assessments
from monitoring.sdg.models import SdgGoal
from vision.models import Country


class EnterpriseFilter(django_filters.FilterSet):
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(is_vision_country=True).order_by("name"),
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, label=_("Sector"), empty_label=_("All sectors")
    )
    size = django_filters.ChoiceFilter(
        choices=Size.choices, label=_("Size"), empty_label=_("Any size")
    )
    goal = django_filters.ModelChoiceFilter(
        queryset=SdgGoal.objects.order_by("number"),
        to_field_name="number",
        field_name="sdg_targets__goal",
        distinct=True,
        label=_("SDG goal"),
        empty_label=_("All goals"),
    )
    level = django_filters.ChoiceFilter(
        choices=[],
        method="filter_level",
        label=_("Rating level"),
        empty_label=_("Any level"),
    )

    class Meta:
        model = SocialEnterprise
        fields = ["country", "sector", "size", "goal", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels = RatingLevel.objects.filter(methodology__published_on__isnull=False)
        named = dict(levels.order_by("-min_percent").values_list("code", "name"))
        self.filters["level"].extra["choices"] = list(named.items())

    def filter_level(self, queryset, name, value):
        """Enterprises whose latest approved assessment is at this level."""
        at_level = approved_assessments().filter(level__code=value).values("pk")
        return queryset.filter(rating_id__in=at_level)


class RatingFilter(django_filters.FilterSet):
    """The current rating's filters: the enterprise's country and sector."""

    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(is_vision_country=True).order_by("name"),
        to_field_name="code",
        field_name="enterprise__country",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices,
        field_name="enterprise__sector",
        label=_("Sector"),
        empty_label=_("All sectors"),
    )

    class Meta:
        model = EnterpriseAssessment
        fields = ["country", "sector"]
