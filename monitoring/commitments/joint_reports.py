"""Joint alternative reports: a coordinator opens one for a country, a mechanism and a
cycle, selects the recommendations and invites member organisations; each organisation's
editors co-sign or withdraw; the coordinator publishes it, and it is locked. Who may do
each is stated here, where it is enforced."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.commitments.models import JointReport, Recommendation, Signature
from monitoring.permissions import can_report_for
from organizations.models import Organization
from organizations.permissions import is_coordinator_of, is_network_admin, roles_of


class JointReportConflictError(Exception):
    """The report is not in a state that allows this; the message says why (HTTP 409)."""


def can_manage(user, country_id: int) -> bool:
    """The country's coordinators and the network admins open, edit and publish."""
    return is_network_admin(user) or is_coordinator_of(user, country_id)


def can_view(user, report: JointReport) -> bool:
    """A published report is public; a draft is seen by those who manage it and by the
    people of the organisations invited to sign it."""
    if report.is_published:
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if can_manage(user, report.country_id):
        return True
    invited = {s.organization_id for s in report.signatures.all()}
    return bool(invited & set(roles_of(user)))


def signatures_to_sign(user, report: JointReport) -> list[Signature]:
    """The invitations the person may answer: those of organisations they edit, while the
    report is a draft."""
    if report.is_published or not user.is_authenticated:
        return []
    mine = set(roles_of(user))
    return [
        s
        for s in report.signatures.all()
        if s.organization_id in mine and can_report_for(user, s.organization)
    ]


def invitable(country) -> list[Organization]:
    """The member organisations of the country, which may be invited."""
    return list(
        Organization.objects.filter(country=country, status=Organization.Status.MEMBER).order_by(
            "name"
        )
    )


@transaction.atomic
def joint_report_open(*, user, country, mechanism, cycle: str, title: str) -> JointReport:
    if not can_manage(user, country.pk):
        raise PermissionDenied(_("Only the country’s coordinators open its joint reports."))
    return JointReport.objects.create(
        country=country, mechanism=mechanism, cycle=cycle, title=title, created_by=user
    )


def _lock(report_id: int) -> JointReport:
    return JointReport.objects.select_for_update(of=("self",)).get(pk=report_id)


def _refuse_unless_draft(report: JointReport) -> None:
    if report.is_published:
        raise JointReportConflictError(_("This report is published and can no longer change."))


@transaction.atomic
def joint_report_update(
    *,
    report_id: int,
    user,
    title: str,
    introduction: str,
    recommendation_ids: list[int],
    organization_ids: list[int],
) -> JointReport:
    """The report's text, its recommendations and the organisations invited. An
    organisation no longer invited loses its signature."""
    report = _lock(report_id)
    if not can_manage(user, report.country_id):
        raise PermissionDenied(_("Only the country’s coordinators change its joint reports."))
    _refuse_unless_draft(report)
    recommendations = list(
        Recommendation.objects.filter(pk__in=recommendation_ids, country=report.country_id)
    )
    organizations = [o for o in invitable(report.country) if o.pk in set(organization_ids)]
    errors = {}
    if len(recommendations) != len(set(recommendation_ids)):
        errors["recommendations"] = _("Only recommendations to this country can be selected.")
    if len(organizations) != len(set(organization_ids)):
        errors["organizations"] = _("Only member organisations of this country can be invited.")
    if errors:
        raise ValidationError(errors)
    report.title = title
    report.introduction = introduction
    report.save()
    report.recommendations.set(recommendations)
    invited = {o.pk for o in organizations}
    for signature in report.signatures.exclude(organization_id__in=invited):
        signature.delete()
    held = set(report.signatures.values_list("organization_id", flat=True))
    for organization in organizations:
        if organization.pk not in held:
            Signature.objects.create(report=report, organization=organization, changed_by=user)
    return report


@transaction.atomic
def joint_report_sign(*, report_id: int, user, organization_id: int, sign: bool) -> Signature:
    """The organisation co-signs the draft, or withdraws its signature, explicitly."""
    report = _lock(report_id)
    signature = (
        Signature.objects.select_for_update()
        .select_related("organization")
        .filter(report=report, organization_id=organization_id)
        .first()
    )
    if signature is None:
        raise PermissionDenied(_("This organisation is not invited to sign this report."))
    if not can_report_for(user, signature.organization):
        raise PermissionDenied(_("Only the organisation’s editors sign for it."))
    _refuse_unless_draft(report)
    signature.status = Signature.Status.SIGNED if sign else Signature.Status.WITHDRAWN
    signature.changed_by = user
    signature.save()
    return signature


@transaction.atomic
def joint_report_publish(*, report_id: int, user) -> JointReport:
    report = _lock(report_id)
    if not can_manage(user, report.country_id):
        raise PermissionDenied(_("Only the country’s coordinators publish its joint reports."))
    _refuse_unless_draft(report)
    if not report.recommendations.exists():
        raise JointReportConflictError(_("Select the recommendations the report covers first."))
    if not report.signatures.filter(status=Signature.Status.SIGNED).exists():
        raise JointReportConflictError(
            _("No organisation has co-signed the report yet: it cannot be published.")
        )
    report.status = JointReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.save()
    return report
