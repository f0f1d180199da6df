"""Emails about membership applications, sent by the worker after the data is committed.

Each task takes an application id, reads what it needs, and does nothing when the
application is gone. A failed send is retried a few times, then given up and logged.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import MembershipApplication, User
from .selectors import network_admin_emails

log = logging.getLogger(__name__)

EMAIL_TASK = {
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "max_retries": 5,
    "soft_time_limit": 60,
    "time_limit": 90,
}


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


def _send(*, template: str, context: dict, recipients: list[str], language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"organizations/email/{template}_subject.txt", context)
        body = render_to_string(f"organizations/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients)


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@shared_task(**EMAIL_TASK)
def send_application_received(application_id: int) -> None:
    application = _application(application_id)
    if application is None or not application.applicant.email:
        return
    _send(
        template="application_received",
        context={"application": application, "account_url": _site_url(reverse("account"))},
        recipients=[application.applicant.email],
        language=application.applicant.language,
    )


@shared_task(**EMAIL_TASK)
def notify_admins_of_application(application_id: int) -> None:
    application = _application(application_id)
    recipients = network_admin_emails()
    if application is None or not recipients:
        return
    _send(
        template="application_for_admins",
        context={
            "application": application,
            "review_url": _site_url(reverse("organizations:application", args=[application.pk])),
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
    _send(
        template="application_decision",
        context={
            "application": application,
            "accepted": application.status == MembershipApplication.Status.ACCEPTED,
            "login_url": _site_url(reverse("login")),
            "profile_url": _site_url(application.organization.get_absolute_url()),
        },
        recipients=[applicant.email],
        language=applicant.language,
    )
