import datetime

import pytest
from django.core import mail

from monitoring.models import ProgressReport
from monitoring.reporting import services
from monitoring.reporting.tasks import send_deadline_reminders

pytestmark = pytest.mark.django_db


def test_organisations_with_nothing_submitted_are_reminded_once(world, reporting, settings):
    settings.REPORT_REMINDER_DAYS = 7
    day = (reporting.period.deadline - datetime.timedelta(days=7)).isoformat()

    assert send_deadline_reminders(day) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.editor_kg.email, world.editor_kz.email]
    )
    assert "2026-Q3" in mail.outbox[0].subject

    assert send_deadline_reminders(day) == 0, "a second run sends nothing more"
    assert len(mail.outbox) == 2


def test_an_organisation_that_submitted_is_not_reminded(world, reporting, settings):
    settings.REPORT_REMINDER_DAYS = 7
    report = services.report_start(
        organization=world.org_kz,
        roadmap=reporting.roadmap_kz,
        period=reporting.period,
        user=world.editor_kz,
    )
    ProgressReport.objects.filter(pk=report.pk).update(status="submitted")

    sent = send_deadline_reminders(
        (reporting.period.deadline - datetime.timedelta(days=7)).isoformat()
    )

    assert sent == 1
    assert [m.to for m in mail.outbox] == [[world.editor_kg.email]]


def test_nothing_is_sent_on_other_days(world, reporting, settings):
    settings.REPORT_REMINDER_DAYS = 7

    assert (
        send_deadline_reminders(
            (reporting.period.deadline - datetime.timedelta(days=6)).isoformat()
        )
        == 0
    )
    assert mail.outbox == []


def test_beat_runs_the_reminders_daily(settings):
    assert settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]["task"] == (
        "monitoring.reporting.tasks.send_deadline_reminders"
    )
