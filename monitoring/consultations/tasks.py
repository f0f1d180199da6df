"""Emails of the consultations, sent by the worker after commit: the published summary to
everyone who contributed, and a stakeholder's invitation. Tasks take ids and do nothing
when the object is gone."""

import logging

from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from organizations.models import User
from vision.emails import EMAIL_TASK, send_templated, site_url

log = logging.getLogger(__name__)


@shared_task(**EMAIL_TASK)
def send_summary_published(consultation_id: int) -> int:
    """Tell each person who contributed (whatever became of their contribution) that the
    summary is published: one email per person, in their language.

    Each person is claimed before their email is sent (their contributions'
    summary_emailed_at, set by a conditional UPDATE), so running the task twice, or
    retrying it after a failed send, emails nobody twice; a send that fails gives the claim
    back, for the retry."""
    from monitoring.consultations.models import Consultation, Contribution

    consultation = (
        Consultation.objects.select_related("country")
        .filter(pk=consultation_id, summary_published_at__isnull=False)
        .first()
    )
    if consultation is None:
        log.warning("Consultation %s has no published summary; no email sent.", consultation_id)
        return 0
    waiting = Contribution.objects.filter(consultation=consultation, summary_emailed_at=None)
    people = User.objects.filter(
        is_active=True, pk__in=waiting.values("author_id").distinct()
    ).order_by("pk")
    url = site_url(consultation.get_absolute_url())
    sent = 0
    for person in people:
        with transaction.atomic():
            claimed = waiting.filter(author=person).update(summary_emailed_at=timezone.now())
        if not claimed or not person.email:
            continue
        try:
            send_templated(
                template="monitoring/consultations/email/summary_published",
                context={"person": person, "consultation": consultation, "url": url},
                recipients=[person.email],
                language=person.language,
            )
        except Exception:
            Contribution.objects.filter(consultation=consultation, author=person).update(
                summary_emailed_at=None
            )
            raise
        sent += 1
    return sent


@shared_task(**EMAIL_TASK)
def send_stakeholder_invitation(stakeholder_id: int) -> None:
    """The invitation, with a link to set a password for a new account (valid for
    PASSWORD_RESET_TIMEOUT), or to the consultations for someone who has one."""
    from monitoring.consultations.models import Stakeholder

    stakeholder = (
        Stakeholder.objects.select_related("user", "invited_by").filter(pk=stakeholder_id).first()
    )
    if stakeholder is None or not stakeholder.user.email:
        log.warning("Stakeholder %s is gone or has no email; no invitation sent.", stakeholder_id)
        return
    user = stakeholder.user
    password_url = None
    if not user.has_usable_password():
        password_url = site_url(
            reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        )
    send_templated(
        template="monitoring/consultations/email/stakeholder_invitation",
        context={
            "person": user,
            "stakeholder": stakeholder,
            "password_url": password_url,
            "consultations_url": site_url(reverse("consultations:list")),
        },
        recipients=[user.email],
        language=user.language,
    )
