"""Emails about reports and deadline reminders, sent by the worker after commit.

Tasks take ids, do nothing when the report is gone, and retry a failed send a few times."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership, User
from vision.emails import EMAIL_TASK, send_templated, site_url

log = logging.getLogger(__name__)


def _report(report_id: int):
    from monitoring.reporting.models import ProgressReport

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
    from monitoring.reporting.models import ProgressReport, ReportReminder
    from monitoring.roadmaps.models import ReportingPeriod, Roadmap

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
