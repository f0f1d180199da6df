"""Sending the platform's emails: one template pair per email, in the reader's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

# Options for Celery tasks that send email: a failed send (the SMTP server is down) is
# retried with growing pauses, a few times, then given up and logged.
EMAIL_TASK = {
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "max_retries": 5,
    "soft_time_limit": 120,
    "time_limit": 150,
}


def site_url(path: str) -> str:
    """An absolute link for an email."""
    return settings.SITE_URL.rstrip("/") + path


def send_templated(*, template: str, context: dict, recipients: list[str], language: str) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` in `language` and send them."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients)
