"""Writes that carry the registry's rules: applying, deciding, editing a profile."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vision.celery import enqueue

from . import tasks
from .models import Membership, MembershipApplication, Organization, User, name_key
from .permissions import can_edit_organization, can_review_applications


def duplicate_name_error(*, country, name: str, exclude_pk: int | None = None) -> str | None:
    """The message for a name another organisation of the country already uses."""
    others = Organization.objects.filter(country=country, name_key=name_key(name)).exclude(
        status=Organization.Status.REJECTED
    )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        return _("An organisation with this name is already registered in %(country)s.") % {
            "country": country.name
        }
    return None


def organization_unique_slug(*, name: str, country_code: str) -> str:
    base = slugify(f"{name} {country_code}", allow_unicode=True)[:200] or "organisation"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save_new_organization(organization: Organization) -> None:
    # The database constraint is the last word on duplicate names when two people apply
    # with the same name at the same moment.
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:
        raise ValidationError(
            {"name": duplicate_name_error(country=organization.country, name=organization.name)}
        ) from error


@transaction.atomic
def organization_apply(
    *,
    organization: Organization,
    priorities,
    sdg_goals,
    applicant: User | None = None,
    full_name: str = "",
    email: str = "",
    password: str = "",
    motivation: str = "",
    language: str = "en",
) -> MembershipApplication:
    """Store an application: the organisation as an applicant, the applicant's account
    (unless they are logged in) and the application. Emails go out after commit."""
    if error := duplicate_name_error(country=organization.country, name=organization.name):
        raise ValidationError({"name": error})
    if applicant is None:
        applicant = User.objects.create_user(
            username=email.lower(),
            email=email.lower(),
            password=password,
            full_name=full_name,
            language=language,
        )
    organization.status = Organization.Status.APPLICANT
    organization.applied_on = timezone.localdate()
    organization.slug = organization_unique_slug(
        name=organization.name, country_code=organization.country.code
    )
    _save_new_organization(organization)
    organization.priorities.set(priorities)
    organization.sdg_goals.set(sdg_goals)
    application = MembershipApplication.objects.create(
        organization=organization, applicant=applicant, motivation=motivation
    )
    transaction.on_commit(lambda: enqueue(tasks.send_application_received, application.pk))
    transaction.on_commit(lambda: enqueue(tasks.notify_admins_of_application, application.pk))
    return application


def _claim_pending(application_id: int) -> MembershipApplication:
    application = (
        MembershipApplication.objects.select_for_update()
        .select_related("organization")
        .get(pk=application_id)
    )
    if application.status != MembershipApplication.Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    return application


@transaction.atomic
def application_accept(*, application_id: int, admin: User, note: str = "") -> None:
    """Accepting makes the organisation a member and the applicant its editor."""
    if not can_review_applications(admin):
        raise PermissionDenied
    application = _claim_pending(application_id)
    organization = application.organization
    if error := duplicate_name_error(
        country=organization.country, name=organization.name, exclude_pk=organization.pk
    ):
        raise ValidationError(error)
    application.status = MembershipApplication.Status.ACCEPTED
    application.decided_at = timezone.now()
    application.decided_by = admin
    application.decision_note = note
    application.save()
    organization.status = Organization.Status.MEMBER
    organization.member_since = timezone.localdate()
    organization.save()
    Membership.objects.update_or_create(
        user=application.applicant,
        organization=organization,
        defaults={"role": Membership.Role.EDITOR},
    )
    transaction.on_commit(lambda: enqueue(tasks.send_application_decision, application.pk))


@transaction.atomic
def application_reject(*, application_id: int, admin: User, note: str = "") -> None:
    """Rejecting keeps the record, frees the name, and tells the applicant why."""
    if not can_review_applications(admin):
        raise PermissionDenied
    application = _claim_pending(application_id)
    application.status = MembershipApplication.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = admin
    application.decision_note = note
    application.save()
    application.organization.status = Organization.Status.REJECTED
    application.organization.save()
    transaction.on_commit(lambda: enqueue(tasks.send_application_decision, application.pk))


@transaction.atomic
def organization_update(
    *, organization: Organization, user: User, priorities, sdg_goals
) -> Organization:
    """Save an edited profile. The caller's form has validated the fields; the rule
    checked here is who may write."""
    if not can_edit_organization(user, organization):
        raise PermissionDenied
    if error := duplicate_name_error(
        country=organization.country, name=organization.name, exclude_pk=organization.pk
    ):
        raise ValidationError({"name": error})
    organization.save()
    organization.priorities.set(priorities)
    organization.sdg_goals.set(sdg_goals)
    return organization


STATUS_DATES = {
    Organization.Status.MEMBER: "member_since",
    Organization.Status.SUSPENDED: "suspended_on",
    Organization.Status.FORMER: "left_on",
}


@transaction.atomic
def organization_set_status(*, organization: Organization, status: str, admin: User) -> None:
    """Network admins move a member between member, suspended and former."""
    if not can_review_applications(admin):
        raise PermissionDenied
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if status not in STATUS_DATES:
        raise ValidationError(_("An organisation can only be made a member, suspended or former."))
    organization.status = status
    date_field = STATUS_DATES[status]
    if status != Organization.Status.MEMBER or not organization.member_since:
        setattr(organization, date_field, timezone.localdate())
    organization.save()


def user_read_in(*, user: User, language: str) -> None:
    """The language menu's choice: a person's emails follow the language they read the site
    in, until they choose one on their account page (user_choose_language)."""
    if not user.language_chosen and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_choose_language(*, user: User, language: str) -> None:
    """The language of a person's emails, from now on whatever language they read in."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the platform’s languages.")})
    user.language = language
    user.language_chosen = True
    user.save(update_fields=["language", "language_chosen"])
