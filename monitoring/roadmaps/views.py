"""Roadmap pages: the public list and page, and the coordinators' editing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from monitoring.permissions import can_create_roadmaps, can_manage_roadmap
from monitoring.roadmaps import services
from monitoring.roadmaps.forms import MilestoneFormSet, RoadmapForm, RoadmapIndicatorForm
from monitoring.roadmaps.models import ReportingPeriod, Roadmap, RoadmapIndicator
from monitoring.roadmaps.selectors import roadmap_get, roadmap_get_for_manager, roadmaps_list
from monitoring.sdg.models import SdgIndicator
from vision.access import PUBLIC, ROADMAP_MANAGE, Access, Rule, declare
from vision.selectors import countries_of_vision


@declare(PUBLIC)
def roadmap_list(request):
    country, level = request.GET.get("country", ""), request.GET.get("level", "")
    page = Paginator(roadmaps_list(country=country, level=level), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/roadmap_list.html",
        {
            "page": page,
            "country": country,
            "level": level,
            "levels": Roadmap.Level.choices,
            "countries": countries_of_vision(),
            "can_create": can_create_roadmaps(request.user),
        },
    )


@declare(PUBLIC)
def roadmap_detail(request, pk: int):
    roadmap = roadmap_get(pk=pk)
    return render(
        request,
        "monitoring/roadmap_detail.html",
        {"roadmap": roadmap, "can_manage": can_manage_roadmap(request.user, roadmap)},
    )


@declare(
    {
        "monitoring:roadmap-edit": ROADMAP_MANAGE,
        "monitoring:roadmap-new": Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR),
    }
)
@require_http_methods(["GET", "POST"])
def roadmap_edit(request, pk: int | None = None):
    if pk is None:
        if not can_create_roadmaps(request.user):
            raise PermissionDenied
        roadmap = Roadmap()
    else:
        roadmap = roadmap_get_for_manager(user=request.user, pk=pk)
    form = RoadmapForm(request.POST or None, instance=roadmap, user=request.user)
    if request.method == "POST" and form.is_valid():
        m2m = {
            name: form.cleaned_data[name]
            for name in ("other_countries", "owners", "objectives", "sdg_targets")
        }
        roadmap = services.roadmap_save(roadmap=form.save(commit=False), user=request.user, m2m=m2m)
        messages.success(request, _("The roadmap is saved."))
        return redirect(roadmap.get_absolute_url())
    return render(
        request,
        "monitoring/roadmap_form.html",
        {"form": form, "roadmap": roadmap},
        status=400 if form.errors else 200,
    )


@declare(ROADMAP_MANAGE)
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int, indicator_pk: int | None = None):
    roadmap = roadmap_get_for_manager(user=request.user, pk=pk)
    indicator = (
        get_object_or_404(RoadmapIndicator, pk=indicator_pk, roadmap=roadmap)
        if indicator_pk
        else RoadmapIndicator(roadmap=roadmap, position=roadmap.indicators.count() + 1)
    )
    data = request.POST if request.method == "POST" else None
    form = RoadmapIndicatorForm(data, instance=indicator)
    milestones = MilestoneFormSet(data, instance=indicator, prefix="milestones")
    for milestone_form in milestones.forms:
        milestone_form.fields["period"].queryset = ReportingPeriod.objects.order_by("start")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        indicator = services.indicator_save(
            indicator=form.apply(roadmap),
            user=request.user,
            m2m={
                "objectives": form.cleaned_data["objectives"],
                "sdg_targets": form.cleaned_data["target_codes"],
            },
            milestones=milestones,
        )
        messages.success(request, _("The indicator is saved."))
        return redirect(roadmap.get_absolute_url())
    return render(
        request,
        "monitoring/indicator_form.html",
        {
            "form": form,
            "milestones": milestones,
            "roadmap": roadmap,
            "indicator": indicator,
            "sdg_indicators": SdgIndicator.objects.order_by(
                "target__goal__number", "target__position", "position"
            ),
        },
        status=400 if form.errors or any(milestones.errors) else 200,
    )
