"""Reads that carry the registry's rules, including who may see what."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from monitoring.models import SdgGoal
from priorities.models import Priority

from .models import NETWORK_ADMINS_GROUP, Membership, MembershipApplication, Organization
from .permissions import (
    can_edit_organization,
    can_review_applications,
    can_see_organization,
    can_see_private_pages,
)


def _with_profile(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    return queryset.select_related("country").prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("number")),
        Prefetch("sdg_goals", queryset=SdgGoal.objects.order_by("number")),
    )


def member_organizations() -> QuerySet[Organization]:
    """The public directory: members only, with what each works on."""
    return _with_profile(Organization.objects.filter(status=Organization.Status.MEMBER)).order_by(
        "name", "pk"
    )


def organization_search(queryset: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(name__icontains=text) | Q(city__icontains=text) | Q(description__icontains=text)
    )


def organization_get_for_viewer(*, user, slug: str) -> Organization:
    """A profile the user may see; anything else does not exist for them (404)."""
    organization = _with_profile(Organization.objects.all()).filter(slug=slug).first()
    if organization is None or not can_see_organization(user, organization):
        raise Http404
    return organization


def organization_get_private(*, user, slug: str) -> Organization:
    """An organisation whose private pages the user may read (404 otherwise)."""
    organization = _with_profile(Organization.objects.all()).filter(slug=slug).first()
    if organization is None or not can_see_private_pages(user, organization):
        raise Http404
    return organization


def organization_get_for_editor(*, user, slug: str) -> Organization:
    """An organisation the user may edit: 404 if they may not see its private pages,
    403 if they may see but not change it."""
    organization = organization_get_private(user=user, slug=slug)
    if not can_edit_organization(user, organization):
        raise PermissionDenied
    return organization


def organization_team(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("role", "user__username")


def memberships_of(*, user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organization__country")
        .order_by("organization__name")
    )


def applications_of(*, user) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(applicant=user).select_related(
        "organization__country"
    )


def applications_for_review(*, user, status: str) -> QuerySet[MembershipApplication]:
    if not can_review_applications(user):
        raise Http404
    return (
        MembershipApplication.objects.filter(status=status)
        .select_related("organization__country", "applicant", "decided_by")
        .order_by("submitted_at")
    )


def application_get_for_review(*, user, pk: int) -> MembershipApplication:
    if not can_review_applications(user):
        raise Http404
    application = (
        MembershipApplication.objects.select_related(
            "organization__country", "applicant", "decided_by"
        )
        .prefetch_related("organization__priorities", "organization__sdg_goals")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def network_admin_emails() -> list[str]:
    admins = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=NETWORK_ADMINS_GROUP))
    )
    return sorted(set(admins.exclude(email="").values_list("email", flat=True)))
