"""API filters shared by the monitoring endpoints: countries, periods, SDG codes and
objectives, by their public codes."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from monitoring.roadmaps.models import (
    ReportingPeriod,
)
from monitoring.sdg.models import SdgGoal, SdgTarget
from priorities.models import Objective, Priority
from vision.models import Country
from vision.rest import known
from vision.schema import (
    COUNTRY_CODE,
    OBJECTIVE_CODE,
    PERIOD_CODE,
    SDG_GOAL_NUMBER,
    SDG_TARGET_CODE,
    documented,
)


def sdg_goal_filter(field_name: str, **kwargs):
    """A filter on an SDG goal's number, 1 to 17."""
    return documented(
        known(SdgGoal.objects.all(), "number", field_name, **kwargs), **SDG_GOAL_NUMBER
    )


def country_filter(field_name: str, **kwargs):
    return documented(known(Country.objects.all(), "code", field_name, **kwargs), **COUNTRY_CODE)


def sdg_target_filter(field_name: str, **kwargs):
    return documented(
        known(SdgTarget.objects.all(), "code", field_name, **kwargs), **SDG_TARGET_CODE
    )


def period_filter():
    return documented(
        known(ReportingPeriod.objects.all(), "code", "period", help_text="e.g. 2026-Q1"),
        **PERIOD_CODE,
    )


def objective_filter():
    return documented(
        django_filters.CharFilter(method="filter_objective", help_text="e.g. 2.2"),
        **OBJECTIVE_CODE,
    )


COUNTRIES = Country.objects.all()


PRIORITIES = Priority.objects.all()


def objective_q(prefix: str, code: str) -> Q:
    """`2.3` → the objective at position 3 of priority 2; an unknown one is a 400."""
    number, _dot, position = code.partition(".")
    if not (
        number.isdecimal()
        and position.isdecimal()
        and Objective.objects.filter(priority__number=int(number), position=int(position)).exists()
    ):
        raise serializers.ValidationError(
            {"objective": [_("No objective has this code (e.g. 2.3).")]}
        )
    return Q(**{f"{prefix}priority__number": int(number), f"{prefix}position": int(position)})
