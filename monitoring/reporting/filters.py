"""The review queue's filters (django-filter): which submitted reports a coordinator sees,
and in which order."""

from datetime import timedelta

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.reporting.models import ProgressReport
from monitoring.roadmaps.models import ReportingPeriod, Roadmap
from organizations.models import Organization
from vision.models import Country

WAITED = [
    ("3", _("more than 3 days")),
    ("7", _("more than a week")),
    ("14", _("more than two weeks")),
    ("30", _("more than a month")),
]


class ReviewFilter(django_filters.FilterSet):
    """Filters on the reports in the reviewer's queue; each list of choices holds only what
    occurs in that queue, so that no choice leads to an empty page or names a country the
    reviewer does not coordinate."""

    country = django_filters.ModelChoiceFilter(
        field_name="organization__country",
        queryset=Country.objects.none(),
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    roadmap = django_filters.ModelChoiceFilter(
        queryset=Roadmap.objects.none(), label=_("Roadmap"), empty_label=_("All roadmaps")
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.none(),
        to_field_name="slug",
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )
    period = django_filters.ModelChoiceFilter(
        queryset=ReportingPeriod.objects.none(),
        to_field_name="code",
        label=_("Period"),
        empty_label=_("All periods"),
    )
    waited = django_filters.ChoiceFilter(
        choices=WAITED,
        method="filter_waited",
        label=_("Waiting"),
        empty_label=_("Any time"),
    )
    order = django_filters.ChoiceFilter(
        choices=[
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("organization", _("By organisation")),
        ],
        method="filter_order",
        label=_("Order"),
        empty_label=None,
    )

    class Meta:
        model = ProgressReport
        fields = ["country", "roadmap", "organization", "period", "waited"]

    def __init__(self, data=None, queryset: QuerySet[ProgressReport] | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        queue = self.queryset
        self.filters["country"].queryset = Country.objects.filter(
            pk__in=queue.values("organization__country")
        ).order_by("name")
        self.filters["roadmap"].queryset = Roadmap.objects.filter(
            pk__in=queue.values("roadmap")
        ).order_by("title", "pk")
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=queue.values("organization")
        ).order_by("name")
        self.filters["period"].queryset = ReportingPeriod.objects.filter(
            pk__in=queue.values("period")
        ).order_by("-start")

    def filter_waited(self, queryset, name, value):
        return queryset.filter(submitted_at__lte=timezone.now() - timedelta(days=int(value)))

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*ORDERS[value])


# Each order ends on the id, so that pages never overlap.
ORDERS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "organization": ("organization__name", "submitted_at", "pk"),
}


def review_queue(*, data, queryset: QuerySet[ProgressReport]) -> ReviewFilter:
    """The filter bound to the request's query; oldest first when no order is asked."""
    return ReviewFilter(data, queryset=queryset.order_by(*ORDERS["oldest"]))
