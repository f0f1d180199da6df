"""Who may do what with roadmaps, reports, assessments and consultations. Built on the
organisation predicates so that one answer holds for views, forms, imports, the admin and
the API."""

from django.db.models import Q

from monitoring.reporting.models import ProgressReport
from monitoring.roadmaps.models import Roadmap
from organizations.models import Membership, Organization
from organizations.permissions import (
    coordinated_country_ids,
    is_coordinator_of,
    is_network_admin,
    roles_of,
)
from organizations.roles import cached


def can_manage_roadmap(user, roadmap: Roadmap) -> bool:
    """Coordinators keep their countries' roadmaps; network admins keep all."""
    return is_network_admin(user) or is_coordinator_of(user, roadmap.country_id)


def can_create_roadmaps(user) -> bool:
    return is_network_admin(user) or bool(coordinated_country_ids(user))


def can_report_for(user, organization) -> bool:
    """Editors of a member organisation write its reports."""
    return organization.is_member and roles_of(user).get(organization.pk) == Membership.Role.EDITOR


def is_organization_person(user, organization) -> bool:
    """The organisation's people, its country's coordinators and network admins: who sees
    its reports and assessments before they are approved."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        organization.pk in roles_of(user)
        or is_coordinator_of(user, organization.country_id)
        or is_network_admin(user)
    )


def organization_people_q(user, field: str = "organization") -> Q:
    """is_organization_person as a query over rows of an organisation (`field` names it):
    the rows whose unapproved work the person sees."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if is_network_admin(user):
        return Q()
    return Q(**{f"{field}__in": list(roles_of(user))}) | Q(
        **{f"{field}__country__in": coordinated_country_ids(user)}
    )


def can_view_report(user, report: ProgressReport) -> bool:
    return is_organization_person(user, report.organization)


def can_edit_report(user, report: ProgressReport) -> bool:
    return report.is_editable and can_report_for(user, report.organization)


def _review_refusal(user, organization, not_coordinator: str) -> str | None:
    """The rule of every review: the coordinators of the organisation's country (or a
    network admin) review, and never the work of an organisation they belong to."""
    from django.utils.translation import gettext as _

    if not (is_network_admin(user) or is_coordinator_of(user, organization.country_id)):
        return not_coordinator
    if organization.pk in roles_of(user):
        return _("You belong to this organisation, so another coordinator must review it.")
    return None


def review_refusal(user, report: ProgressReport) -> str | None:
    """Why the user may not approve or return the report, or None if they may."""
    from django.utils.translation import gettext as _

    return _review_refusal(
        user,
        report.organization,
        _("Only the coordinators of the organisation’s country review its reports."),
    )


def can_review_report(user, report: ProgressReport) -> bool:
    return review_refusal(user, report) is None


def can_reopen_report(user, report: ProgressReport) -> bool:
    return is_network_admin(user) and report.status == ProgressReport.Status.APPROVED


# Assessments of recommendations: the organisation's editors write them, for their own
# country's recommendations; its people, the country's coordinators and the network admins
# see them before they are public; the country's coordinators review them as they review
# reports.


def can_assess_for(user, organization, recommendation) -> bool:
    return (
        can_report_for(user, organization) and organization.country_id == recommendation.country_id
    )


def can_view_assessment(user, assessment) -> bool:
    return assessment.status == assessment.Status.APPROVED or is_organization_person(
        user, assessment.organization
    )


def can_edit_assessment(user, assessment) -> bool:
    return assessment.is_editable and can_report_for(user, assessment.organization)


def assessment_review_refusal(user, assessment) -> str | None:
    """Why the user may not approve or return the assessment, or None if they may."""
    from django.utils.translation import gettext as _

    if not (is_network_admin(user) or is_coordinator_of(user, assessment.organization.country_id)):
        return _("Only the coordinators of the organisation’s country review its assessments.")
    if assessment.organization_id in roles_of(user):
        return _("You belong to this organisation, so another coordinator must review it.")
    return None


# Social enterprises: their staff (editors and viewers, as in an organisation) fill their
# self-assessments; the network's rating verifiers, the coordinators of the enterprise's
# country and the network admins verify them, never their own enterprise's.


def enterprise_roles_of(user) -> dict[int, str]:
    """The user's role in each social enterprise, by enterprise id."""
    from organizations.roles import cached

    if not user.is_authenticated:
        return {}
    return cached(
        user,
        "_enterprise_roles",
        lambda: dict(user.enterprise_memberships.values_list("enterprise_id", "role")),
    )


def can_assess_enterprise(user, enterprise) -> bool:
    """Editors of the enterprise fill its self-assessments."""
    return enterprise_roles_of(user).get(enterprise.pk) == "editor"


def may_verify(user, country_id: int) -> bool:
    """Verifiers of the rating, the country's coordinators and network admins."""
    from organizations.roles import is_rating_verifier

    return is_network_admin(user) or is_rating_verifier(user) or is_coordinator_of(user, country_id)


def rates_enterprises(user) -> bool:
    """Works for a social enterprise, or verifies the rating (network admins do): one query
    at most, none for a network admin."""
    from django.db.models import Q

    from organizations.content import RATING_VERIFIERS_GROUP
    from organizations.models import User

    if not user.is_authenticated:
        return False
    if is_network_admin(user):
        return True
    return (
        User.objects.filter(pk=user.pk)
        .filter(Q(enterprise_memberships__isnull=False) | Q(groups__name=RATING_VERIFIERS_GROUP))
        .exists()
    )


def is_enterprise_person(user, enterprise) -> bool:
    """Who sees the enterprise's assessments before they are approved: its staff and those
    who may verify it."""
    if not (user.is_authenticated and user.is_active):
        return False
    return enterprise.pk in enterprise_roles_of(user) or may_verify(user, enterprise.country_id)


def verification_refusal(user, enterprise) -> str | None:
    """Why the user may not verify the enterprise's assessment, or None if they may."""
    from django.utils.translation import gettext as _

    if not may_verify(user, enterprise.country_id):
        return _(
            "Only the rating’s verifiers and the coordinators of the enterprise’s country "
            "verify its assessments."
        )
    if enterprise.pk in enterprise_roles_of(user):
        return _("You work for this enterprise, so another verifier must verify it.")
    return None


# Consultations of the dialogue platform (Priority 8): who takes part. One rule for the
# pages, the form and the service; a new kind of participant (the social enterprises'
# staff, say) is one more line in may_contribute.


def contributing_organizations(user) -> list:
    """The member organisations the person belongs to (any role), whose name they may
    contribute on behalf of."""
    if not (user.is_authenticated and user.is_active):
        return []
    return cached(
        user,
        "_contributing_organizations",
        lambda: list(
            Organization.objects.filter(
                pk__in=list(roles_of(user)), status=Organization.Status.MEMBER
            ).order_by("name")
        ),
    )


def stakeholder_of(user):
    """The person's active stakeholder account (invited by a network admin), or None."""
    from monitoring.consultations.models import Stakeholder

    if not (user.is_authenticated and user.is_active):
        return None
    return cached(
        user,
        "_stakeholder",
        lambda: Stakeholder.objects.filter(user=user, is_active=True).first(),
    )


def may_contribute(user) -> bool:
    """Signed-in people of a member organisation or of a social enterprise, and invited
    stakeholders, contribute to the consultations that are open."""
    return (
        bool(contributing_organizations(user))
        or bool(enterprise_roles_of(user))
        or stakeholder_of(user) is not None
    )


# Projects: kept by the editors of the member organisation that recorded one and of the
# members it names as implementing; its updates moderated by its countries' coordinators.


def project_keeper_ids(project) -> set[int]:
    """The organisations whose editors keep the project (participants prefetched or not)."""
    from monitoring.projects.codelists import Role

    implementing = {
        p.organization_id
        for p in project.participants.all()
        if p.role == Role.IMPLEMENTING and p.organization_id
    }
    return {project.organization_id} | implementing


def editor_organization_ids(user) -> set[int]:
    return {pk for pk, role in roles_of(user).items() if role == Membership.Role.EDITOR}


def can_edit_project(user, project) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return is_network_admin(user) or bool(
        project_keeper_ids(project) & editor_organization_ids(user)
    )


def editable_projects_q(user) -> Q:
    """can_edit_project as a query over projects."""
    from monitoring.projects.codelists import Role

    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if is_network_admin(user):
        return Q()
    mine = editor_organization_ids(user)
    return Q(organization__in=mine) | Q(
        participants__role=Role.IMPLEMENTING, participants__organization__in=mine
    )


def can_view_project(user, project) -> bool:
    """Published projects are public; a draft is seen by its keepers' people, their
    countries' coordinators and network admins."""
    if project.is_published and project.organization.is_member:
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if is_network_admin(user) or is_coordinator_of(user, project.organization.country_id):
        return True
    return bool(project_keeper_ids(project) & set(roles_of(user)))


def update_moderation_refusal(user, update) -> str | None:
    """The rule of moderating a project's update: a coordinator of one of the project's
    countries (or a network admin), never of an organisation keeping the project."""
    from django.utils.translation import gettext as _

    countries = {c.pk for c in update.project.countries.all()}
    if not (is_network_admin(user) or countries & coordinated_country_ids(user)):
        return _("Only a coordinator of the project's countries moderates its updates.")
    if project_keeper_ids(update.project) & set(roles_of(user)):
        return _(
            "You belong to an organisation of this project, so another coordinator must "
            "moderate it."
        )
    return None


def can_see_update(user, update) -> bool:
    """A published project's approved update is public; one waiting (or not published) is
    seen by the project's keepers' people, its countries' coordinators and network admins."""
    project = update.project
    if update.status == "approved" and can_view_project(user, project):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if is_network_admin(user):
        return True
    countries = {c.pk for c in project.countries.all()} | {project.organization.country_id}
    if countries & coordinated_country_ids(user):
        return True
    return bool(project_keeper_ids(project) & set(roles_of(user)))
