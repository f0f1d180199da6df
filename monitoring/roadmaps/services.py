"""Writes of roadmaps and their indicators, and the recomputes a changed indicator asks for."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from monitoring.dashboards import schedule
from monitoring.permissions import can_manage_roadmap
from monitoring.roadmaps.models import Roadmap


def roadmap_save(*, roadmap: Roadmap, user, m2m: dict) -> Roadmap:
    """Create or update a roadmap and its links; coordinators only for their countries."""
    if not can_manage_roadmap(user, roadmap):
        raise PermissionDenied
    with transaction.atomic():
        roadmap.save()
        for name, objects in m2m.items():
            getattr(roadmap, name).set(objects)
    return roadmap


def indicator_save(*, indicator, user, m2m: dict, milestones=None):
    """Save an indicator; the dashboards of the countries with values of it recompute: the
    indicator and the scopes above it, or the whole country when its objectives or SDG
    targets changed (the objectives, priorities and goals it left must drop it too)."""
    if not can_manage_roadmap(user, indicator.roadmap):
        raise PermissionDenied
    with transaction.atomic():
        links_before = rollup_links(indicator) if indicator.pk else None
        indicator.save()
        for name, objects in m2m.items():
            getattr(indicator, name).set(objects)
        if milestones is not None:
            milestones.instance = indicator
            milestones.save()
        recompute_after_indicator_saved(indicator, links_before)
    return indicator


def rollup_links(indicator) -> tuple[set, set]:
    """The objectives and SDG targets an indicator counts in."""
    return (
        set(indicator.objectives.values_list("pk", flat=True)),
        set(indicator.sdg_targets.values_list("pk", flat=True)),
    )


def recompute_after_indicator_saved(indicator, links_before) -> None:
    """Inside the transaction that saved an indicator and its links (`links_before`:
    rollup_links before it; None for a new one): once it commits, the countries with
    values of it recompute the indicator and the scopes above it, or the whole country
    when its objectives or SDG targets changed."""
    moved = links_before is not None and rollup_links(indicator) != links_before
    indicator_ids = [] if moved else [indicator.pk]  # An empty list: the whole country.
    approved = indicator.values.filter(is_approved=True)
    for country_id in approved.values_list("country_id", flat=True).distinct():
        transaction.on_commit(
            lambda c=country_id: schedule.request_recompute(
                country_id=c, indicator_ids=indicator_ids
            )
        )


def recompute_every_country() -> None:
    """Inside the transaction that changed how indicators roll up (an objective moved to
    another priority, an SDG target to another goal): once it commits, every country's
    dashboards recompute as a whole (roll-ups keep sums that follow the old links)."""
    from vision.models import Country

    for country_id in Country.objects.values_list("pk", flat=True):
        transaction.on_commit(
            lambda c=country_id: schedule.request_recompute(country_id=c, indicator_ids=[])
        )
