"""Emails about reports and deadline reminders, sent by the worker after commit.

Tasks take ids, do nothing when the report is gone, and retry a failed send a few times.
"""

import datetime
import logging
import os
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership, User
from vision.celery import enqueue
from vision.emails import EMAIL_TASK, send_templated, site_url

log = logging.getLogger(__name__)


def _report(report_id: int):
    from .models import ProgressReport

    report = (
        ProgressReport.objects.select_related(
            "organization__country", "roadmap", "period", "reviewed_by"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        log.warning("Report %s no longer exists; no email sent.", report_id)
    return report


def _send_each(people, template: str, context: dict) -> None:
    # One email per person, in their own language.
    for person in people:
        if not person.email:
            continue
        send_templated(
            template=f"monitoring/email/{template}",
            context={**context, "person": person},
            recipients=[person.email],
            language=person.language,
        )


def _editors(organization_id: int):
    return User.objects.filter(
        is_active=True,
        memberships__organization_id=organization_id,
        memberships__role=Membership.Role.EDITOR,
    )


@shared_task(**EMAIL_TASK)
def send_report_submitted(report_id: int) -> None:
    """Tell the coordinators of the organisation's country that a report waits for them."""
    report = _report(report_id)
    if report is None:
        return
    coordinators = User.objects.filter(
        is_active=True, coordinated__country_id=report.organization.country_id
    ).exclude(memberships__organization_id=report.organization_id)
    _send_each(
        coordinators,
        "report_submitted",
        {
            "report": report,
            "review_url": site_url(reverse("monitoring:review-report", args=[report.pk])),
        },
    )


@shared_task(**EMAIL_TASK)
def send_report_decision(report_id: int) -> None:
    """Tell the organisation's editors that their report was approved or returned."""
    report = _report(report_id)
    if report is None:
        return
    _send_each(
        _editors(report.organization_id),
        "report_decision",
        {"report": report, "report_url": site_url(report.get_absolute_url())},
    )


@shared_task(soft_time_limit=600, time_limit=660)
def send_deadline_reminders(today: str | None = None) -> int:
    """Remind organisations with nothing submitted, REPORT_REMINDER_DAYS before a deadline.

    A reminder is recorded before it is sent, so running the task twice sends it once.
    """
    from .models import ProgressReport, ReportingPeriod, ReportReminder, Roadmap

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    deadline = day + datetime.timedelta(days=settings.REPORT_REMINDER_DAYS)
    sent = 0
    for period in ReportingPeriod.objects.filter(is_open=True, deadline=deadline):
        done = set(
            ProgressReport.objects.filter(period=period)
            .exclude(status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED])
            .values_list("organization_id", "roadmap_id")
        )
        roadmaps = Roadmap.objects.filter(start__lte=period.end, end__gte=period.start)
        for roadmap in roadmaps.prefetch_related("owners"):
            for organization in roadmap.owners.all():
                if not organization.is_member or (organization.pk, roadmap.pk) in done:
                    continue
                _reminder, created = ReportReminder.objects.get_or_create(
                    organization=organization, roadmap=roadmap, period=period
                )
                if not created:
                    continue
                _send_each(
                    _editors(organization.pk),
                    "deadline_reminder",
                    {
                        "organization": organization,
                        "roadmap": roadmap,
                        "period": period,
                        "reports_url": site_url(reverse("monitoring:reports")),
                    },
                )
                sent += 1
    return sent


# Dashboards ----------------------------------------------------------------------------

RECOMPUTE_TASK = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "max_retries": 5,
    "soft_time_limit": 600,
    "time_limit": 660,
}


def request_recompute(*, country_id: int, indicator_ids=(), since=None) -> None:
    """Record that a country's dashboards must be recomputed for these indicators (all of
    them when none are given), from the period starting on `since` on (every period when
    None), and queue one task for a burst of requests.

    Called after the approval is committed. The record lives in the database, so a
    request made while the broker is down is drained by the next run or the nightly one.
    """
    from .models import PendingRecompute

    with transaction.atomic():
        # A request being drained right now is locked: skip it and start a new one.
        pending = (
            PendingRecompute.objects.select_for_update(skip_locked=True)
            .filter(country_id=country_id)
            .first()
        )
        if pending is None:
            PendingRecompute.objects.create(
                country_id=country_id, indicator_ids=sorted(indicator_ids), since=since
            )
        else:
            if pending.indicator_ids and indicator_ids:
                pending.indicator_ids = sorted(set(pending.indicator_ids) | set(indicator_ids))
            else:
                pending.indicator_ids = []
            pending.since = None if None in (pending.since, since) else min(pending.since, since)
            pending.save(update_fields=["indicator_ids", "since"])
            return
    # A broker that is down loses nothing: the request stays recorded until
    # drain_pending_recomputes (every minute) or the nightly recompute picks it up.
    enqueue(recompute_country_dashboards, country_id, countdown=settings.DASHBOARD_DEBOUNCE_SECONDS)


def _after_recompute() -> None:
    enqueue(build_open_data, countdown=settings.OPEN_DATA_DELAY_SECONDS)


@shared_task(**RECOMPUTE_TASK)
def recompute_country_dashboards(country_id: int) -> int | None:
    from .engine import drain_pending

    generation = drain_pending(country_id=country_id)
    if generation is not None:
        _after_recompute()
    return generation


@shared_task(**{**RECOMPUTE_TASK, "soft_time_limit": 3000, "time_limit": 3300})
def recompute_all_dashboards() -> int:
    from .engine import recompute_all, tidy_snapshots

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
    from .models import PendingRecompute

    waited = timezone.now() - datetime.timedelta(seconds=settings.PENDING_RECOMPUTE_GRACE_SECONDS)
    countries = set(
        PendingRecompute.objects.filter(requested_at__lte=waited).values_list(
            "country_id", flat=True
        )
    )
    return sum(enqueue(recompute_country_dashboards, c) for c in sorted(countries))


@shared_task(acks_late=True, max_retries=3, soft_time_limit=1800, time_limit=1900)
def build_open_data() -> int | None:
    """Rebuild the downloads unless they already match the newest dashboard generation.
    Builds queued during a burst of recomputes collapse into one."""
    from django.core.cache import cache

    from . import opendata
    from .models import DashboardState

    state = DashboardState.objects.filter(pk=1).first()
    built = opendata.manifest()
    if state and built and built["generation"] >= state.generation:
        return None
    if not cache.add("opendata:building", True, timeout=1900):
        return None
    try:
        return opendata.build()["values"]
    finally:
        cache.delete("opendata:building")
