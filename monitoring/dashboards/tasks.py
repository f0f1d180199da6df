"""The worker's dashboard tasks: recompute a country or everything, and catch up requests
whose task was lost."""

import datetime
import os
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from monitoring.dashboards import schedule
from monitoring.opendata.tasks import build_open_data
from vision.celery import enqueue

RECOMPUTE_TASK = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "max_retries": 5,
    "soft_time_limit": 600,
    "time_limit": 660,
}


def _after_recompute() -> None:
    enqueue(build_open_data, countdown=settings.OPEN_DATA_DELAY_SECONDS)


@shared_task(**RECOMPUTE_TASK)
def recompute_country_dashboards(country_id: int) -> int | None:
    generation = schedule.drain_pending(country_id=country_id)
    if generation is not None:
        _after_recompute()
    return generation


@shared_task(**{**RECOMPUTE_TASK, "soft_time_limit": 3000, "time_limit": 3300})
def recompute_all_dashboards() -> int:
    from monitoring.dashboards.engine import recompute_all, tidy_snapshots

    # recompute_all is atomic on its own; the outer transaction only lets the fault tests'
    # pause sit between the last snapshot written and the commit.
    with transaction.atomic():
        generation = recompute_all()
        _pause_before_commit_in_fault_tests()
    tidy_snapshots()
    _after_recompute()
    return generation


def _pause_before_commit_in_fault_tests() -> None:
    # The fault tests kill the worker while a full recompute has written its snapshots but
    # not yet committed them; this widens that moment. Never set in production.
    delay = os.environ.get("DASHBOARD_TEST_DELAY_SECONDS")
    if delay:
        time.sleep(float(delay))


@shared_task(ignore_result=True, soft_time_limit=50, time_limit=60)
def drain_pending_recomputes() -> int:
    """Queue the recompute of every country whose request has waited longer than
    PENDING_RECOMPUTE_GRACE_SECONDS: its own task was lost (the broker was down when it
    was asked for) or is late. Run by beat every minute; queuing twice is harmless, since
    a recompute that finds its requests drained does nothing. Returns the countries queued."""
    from monitoring.dashboards.models import PendingRecompute

    waited = timezone.now() - datetime.timedelta(seconds=settings.PENDING_RECOMPUTE_GRACE_SECONDS)
    countries = set(
        PendingRecompute.objects.filter(requested_at__lte=waited).values_list(
            "country_id", flat=True
        )
    )
    return sum(enqueue(recompute_country_dashboards, c) for c in sorted(countries))
