"""Who may do what to which organisation: the one place views, forms, the admin and the
API ask. Each predicate is a plain function of the user (and the object).

Views turn the answers into responses the same way everywhere: what a user may not see is
a 404, what they may see but not change is a 403.
"""

from .models import Membership, Organization
from .roles import cached, is_network_admin


def roles_of(user) -> dict[int, str]:
    """The user's role in each organisation, by organisation id."""
    if not user.is_authenticated:
        return {}
    return cached(
        user,
        "_organization_roles",
        lambda: dict(user.memberships.values_list("organization_id", "role")),
    )


def coordinated_country_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return cached(
        user,
        "_coordinated_country_ids",
        lambda: set(user.coordinated.values_list("country_id", flat=True)),
    )


def is_reviewer(user) -> bool:
    """A network admin or a coordinator of some country: someone with reports to review."""
    return user.is_authenticated and (is_network_admin(user) or bool(coordinated_country_ids(user)))


def reviewed_country_ids(user) -> set[int] | None:
    """The countries whose reports the user reviews; None for network admins (all)."""
    return None if is_network_admin(user) else coordinated_country_ids(user)


def is_coordinator_of(user, country_id: int) -> bool:
    return country_id in coordinated_country_ids(user)


def can_see_organization(user, organization: Organization) -> bool:
    """The public profile: every member is public; others only to their own people."""
    return organization.is_member or can_see_private_pages(user, organization)


def can_see_private_pages(user, organization: Organization) -> bool:
    """The organisation's team and status pages: its people, its country's coordinators
    and network admins."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        organization.pk in roles_of(user)
        or is_coordinator_of(user, organization.country_id)
        or is_network_admin(user)
    )


def can_edit_organization(user, organization: Organization) -> bool:
    """Editors of a member organisation, and network admins. A suspended or former
    organisation's editors keep read access but lose write access."""
    if is_network_admin(user):
        return True
    return organization.is_member and roles_of(user).get(organization.pk) == Membership.Role.EDITOR


def can_review_applications(user) -> bool:
    return is_network_admin(user)
