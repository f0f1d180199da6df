"""Writes of the consultations: contributing, moderating, publishing the summary, inviting
a stakeholder. Each states its rule and checks it again, whoever calls it (the pages, the
admin)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.consultations import selectors, tasks
from monitoring.consultations.models import (
    CONTRIBUTION_MAX_LENGTH,
    Consultation,
    Contribution,
    Stakeholder,
)
from monitoring.permissions import may_contribute
from organizations.models import User
from organizations.permissions import is_network_admin
from vision.celery import enqueue
from vision.l10n import format_date


class ConsultationConflictError(Exception):
    """The consultation or contribution is not in a state that allows this; the message
    says why (HTTP 409)."""


def not_open_reason(consultation: Consultation) -> str | None:
    """Why the consultation takes no contribution today, or None while it is open."""
    status = consultation.status
    if status == Consultation.Status.UPCOMING:
        return _("This consultation opens on %(date)s: contributions are accepted from then.") % {
            "date": format_date(consultation.opens_on)
        }
    if status != Consultation.Status.OPEN:
        return _("This consultation closed on %(date)s: contributions are no longer accepted.") % {
            "date": format_date(consultation.closes_on)
        }
    return None


def contribution_text_error(text: str) -> str | None:
    if not text.strip():
        return _("Write your contribution before sending it.")
    if len(text) > CONTRIBUTION_MAX_LENGTH:
        return _(
            "A contribution may be at most %(limit)s characters long; this one has %(count)s. "
            "Shorten it, or attach the rest as a link in the text."
        ) % {"limit": CONTRIBUTION_MAX_LENGTH, "count": len(text)}
    return None


@transaction.atomic
def contribution_submit(
    *, consultation_id: int, author, text: str, on_behalf_of: str = ""
) -> Contribution:
    """A contribution to an open consultation, by someone who may contribute
    (permissions.may_contribute), for themselves or on behalf of one of their member
    organisations or of their stakeholder's organisation. It waits for moderation."""
    consultation = Consultation.objects.get(pk=consultation_id)
    if not may_contribute(author):
        raise PermissionDenied(
            _("Only the people of member organisations and invited stakeholders contribute.")
        )
    reason = not_open_reason(consultation)
    if reason:
        raise ConsultationConflictError(reason)
    errors = {}
    text = text.strip()
    if error := contribution_text_error(text):
        errors["text"] = error
    options = dict(selectors.behalf_options(author))
    if on_behalf_of not in options:
        errors["on_behalf_of"] = _("You may contribute only on behalf of your own organisations.")
    if errors:
        raise ValidationError(errors)
    organization, stakeholder = selectors.behalf_of(author, on_behalf_of)
    return Contribution.objects.create(
        consultation=consultation,
        author=author,
        text=text,
        organization=organization,
        stakeholder=stakeholder,
    )


@transaction.atomic
def contribution_moderate(
    *, contribution_id: int, moderator, publish: bool, reason: str = ""
) -> Contribution:
    """A network admin publishes a contribution waiting for moderation, or declines to
    with a reason the author sees. A contribution is moderated once."""
    if not is_network_admin(moderator):
        raise PermissionDenied(_("Only network admins moderate contributions."))
    contribution = Contribution.objects.select_for_update().get(pk=contribution_id)
    if contribution.status != Contribution.Status.PENDING:
        raise ConsultationConflictError(_("This contribution has already been moderated."))
    reason = reason.strip()
    if not publish and not reason:
        raise ValidationError(
            {"reason": _("Say why the contribution is not published: its author will see it.")}
        )
    contribution.status = Contribution.Status.PUBLISHED if publish else Contribution.Status.REJECTED
    contribution.rejection_reason = "" if publish else reason
    contribution.moderated_by = moderator
    contribution.moderated_at = timezone.now()
    contribution.save()
    return contribution


def summary_refusal(consultation: Consultation) -> str | None:
    """Why the summary cannot be published now, or None if it can."""
    if consultation.summary_published_at is not None:
        return _("The summary of this consultation is already published.")
    if consultation.status != Consultation.Status.CLOSED:
        return _("The summary is published after the consultation closes.")
    if not any(
        (getattr(consultation, f"summary_{code}", "") or "").strip()
        for code in settings.MODELTRANSLATION_LANGUAGES
    ):
        return _("Write the summary first (in the admin), then publish it.")
    return None


@transaction.atomic
def consultation_publish_summary(*, consultation_id: int, user) -> Consultation:
    """A network admin publishes the summary of a closed consultation; everyone who
    contributed is emailed, once, after commit."""
    if not is_network_admin(user):
        raise PermissionDenied(_("Only network admins publish summaries."))
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if refusal := summary_refusal(consultation):
        raise ConsultationConflictError(refusal)
    consultation.summary_published_at = timezone.now()
    consultation.summary_published_by = user
    consultation.save(update_fields=["summary_published_at", "summary_published_by"])
    transaction.on_commit(lambda: enqueue(tasks.send_summary_published, consultation.pk))
    return consultation


def _person_with_email(email: str):
    return User.objects.filter(email__iexact=email.strip()).order_by("pk").first()


def stakeholder_email_error(email: str) -> str | None:
    """Why no one can be invited with this address, or None: one stakeholder account per
    person; a new account is named after its address, which must be free."""
    user = _person_with_email(email)
    if user is not None:
        if Stakeholder.objects.filter(user=user).exists():
            return _("The person with this email address is already a stakeholder.")
        return None
    if User.objects.filter(username__iexact=email.strip()).exists():
        return _("Another account is named after this email address.")
    return None


@transaction.atomic
def stakeholder_invite(
    *, email: str, full_name: str, organization_name: str, kind: str, country, invited_by
) -> Stakeholder:
    """A network admin invites someone outside the network (a ministry, a business
    association) to take part in consultations: an account for their email address (an
    existing one if they have it) and an email to set their password."""
    if not is_network_admin(invited_by):
        raise PermissionDenied(_("Only network admins invite stakeholders."))
    email = User.objects.normalize_email(email.strip())
    if error := stakeholder_email_error(email):
        raise ValidationError({"email": error})
    user = _person_with_email(email)
    if user is None:
        user = User(username=email.lower(), email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.save()
    stakeholder = Stakeholder.objects.create(
        user=user,
        organization_name=organization_name.strip(),
        kind=kind,
        country=country,
        invited_by=invited_by,
    )
    transaction.on_commit(lambda: enqueue(tasks.send_stakeholder_invitation, stakeholder.pk))
    return stakeholder
