"""Emails about membership applications, sent by the worker after the data is committed.

Each task takes an application id, reads what it needs, and does nothing when the
application is gone. A failed send is retried a few times, then given up and logged.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from vision.emails import EMAIL_TASK, send_templated, site_url

from .models import MembershipApplication, User
from .selectors import network_admin_emails

log = logging.getLogger(__name__)


def _application(application_id: int) -> MembershipApplication | None:
    application = (
        MembershipApplication.objects.select_related(
            "organization__country", "applicant", "decided_by"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        log.warning("Application %s no longer exists; no email sent.", application_id)
    return application


@shared_task(**EMAIL_TASK)
def send_application_received(application_id: int) -> None:
    application = _application(application_id)
    if application is None or not application.applicant.email:
        return
    send_templated(
        template="organizations/email/application_received",
        context={"application": application, "account_url": site_url(reverse("account"))},
        recipients=[application.applicant.email],
        language=application.applicant.language,
    )


@shared_task(**EMAIL_TASK)
def notify_admins_of_application(application_id: int) -> None:
    application = _application(application_id)
    recipients = network_admin_emails()
    if application is None or not recipients:
        return
    send_templated(
        template="organizations/email/application_for_admins",
        context={
            "application": application,
            "review_url": site_url(reverse("organizations:application", args=[application.pk])),
        },
        recipients=recipients,
        language=settings.LANGUAGE_CODE,
    )


@shared_task(**EMAIL_TASK)
def send_application_decision(application_id: int) -> None:
    application = _application(application_id)
    if application is None or not application.applicant.email:
        return
    applicant: User = application.applicant
    send_templated(
        template="organizations/email/application_decision",
        context={
            "application": application,
            "accepted": application.status == MembershipApplication.Status.ACCEPTED,
            "login_url": site_url(reverse("login")),
            "profile_url": site_url(application.organization.get_absolute_url()),
        },
        recipients=[applicant.email],
        language=applicant.language,
    )
