"""Reads of the social enterprises and their ratings for the public pages: a constant number
of queries each, however many enterprises and assessments there are."""

from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from monitoring.dashboards.tables import Table
from monitoring.enterprises.models import EnterpriseAssessment, SocialEnterprise
from priorities.models import Objective

Status = EnterpriseAssessment.Status


def approved_assessments() -> QuerySet[EnterpriseAssessment]:
    return EnterpriseAssessment.objects.filter(status=Status.APPROVED)


def with_latest_rating(enterprises: QuerySet[SocialEnterprise]) -> QuerySet[SocialEnterprise]:
    """Each enterprise with the id of its latest approved assessment (`rating_id`)."""
    latest = (
        approved_assessments()
        .filter(enterprise=OuterRef("pk"))
        .order_by("-round__year")
        .values("pk")[:1]
    )
    return enterprises.annotate(rating_id=Subquery(latest))


def directory() -> QuerySet[SocialEnterprise]:
    return with_latest_rating(
        SocialEnterprise.objects.select_related("country").order_by("name", "pk")
    )


def ratings_of(enterprises) -> dict[int, EnterpriseAssessment]:
    """The latest approved assessments of these enterprises (annotated by with_latest_rating),
    by enterprise id, with their round and level: one query."""
    ids = [e.rating_id for e in enterprises if e.rating_id]
    found = EnterpriseAssessment.objects.filter(pk__in=ids).select_related("round", "level")
    return {assessment.enterprise_id: assessment for assessment in found}


def current_ratings() -> QuerySet[EnterpriseAssessment]:
    """The current rating: each enterprise's latest approved assessment, with what the rating
    page and its downloads show (the methodology's areas prefetched), by country, sector and
    share of the points. Three queries, however many enterprises."""
    latest = (
        approved_assessments()
        .filter(enterprise=OuterRef("enterprise"))
        .order_by("-round__year")
        .values("pk")[:1]
    )
    return (
        approved_assessments()
        .filter(pk=Subquery(latest))
        .select_related("enterprise__country", "round", "methodology", "track", "level")
        .prefetch_related("methodology__areas")
        .order_by(
            "enterprise__country__name",
            "enterprise__sector",
            "-percent",
            "enterprise__name",
            "pk",
        )
    )


def rating_table(ratings: list[EnterpriseAssessment]) -> Table:
    """The current rating as a download: a row per enterprise, the points and most of every
    impact area that occurs (an area of another methodology version is empty)."""
    areas = {}
    for assessment in ratings:
        for area in assessment.methodology.areas.all():
            areas.setdefault(area.code, area.name)
    columns = [
        _("Country"),
        _("Enterprise"),
        _("Short name"),
        _("Sector"),
        _("Size"),
        _("Year"),
        _("Methodology version"),
        _("Track"),
        _("Points"),
        _("Out of"),
        _("Share of the points (%)"),
        _("Level"),
    ]
    for name in areas.values():
        columns += [
            _("%(area)s: points") % {"area": name},
            _("%(area)s: out of") % {"area": name},
        ]
    rows = []
    for assessment in ratings:
        enterprise = assessment.enterprise
        row = [
            enterprise.country.name,
            enterprise.name,
            enterprise.slug,
            enterprise.get_sector_display(),
            enterprise.get_size_display(),
            assessment.round.year,
            assessment.methodology.version,
            assessment.track.code,
            assessment.total,
            assessment.maximum,
            assessment.percent,
            assessment.level.name if assessment.level else "",
        ]
        for code in areas:
            scored = assessment.area_scores.get(code)
            row += [Decimal(scored[0]), Decimal(scored[1])] if scored else ["", ""]
        rows.append(row)
    return Table("enterprise-rating", _("The social enterprises’ current rating"), columns, rows)


def enterprise_get(*, slug: str) -> SocialEnterprise:
    queryset = SocialEnterprise.objects.select_related("country", "organization").prefetch_related(
        "beneficiaries",
        "sdg_targets",
        Prefetch("objectives", queryset=Objective.objects.select_related("priority")),
    )
    return get_object_or_404(queryset, slug=slug)


def approved_assessment_get(*, slug: str, year: int) -> EnterpriseAssessment:
    return get_object_or_404(
        approved_assessments()
        .select_related("enterprise__country", "round", "methodology", "track", "level")
        .prefetch_related("methodology__areas"),
        enterprise__slug=slug,
        round__year=year,
    )


def rating_history(enterprise: SocialEnterprise) -> list[EnterpriseAssessment]:
    """The enterprise's approved assessments, oldest first, with what their page shows."""
    return list(
        approved_assessments()
        .filter(enterprise=enterprise)
        .select_related("round", "level", "methodology", "track")
        .prefetch_related("methodology__areas")
        .order_by("round__year")
    )


# The self-assessments ------------------------------------------------------------------


def assessments_of_user(*, user) -> QuerySet[EnterpriseAssessment]:
    """The assessments of the person's enterprises, newest round first."""
    from monitoring.permissions import enterprise_roles_of

    return (
        EnterpriseAssessment.objects.filter(enterprise_id__in=list(enterprise_roles_of(user)))
        .select_related("enterprise", "round", "level")
        .order_by("-round__year", "enterprise__name")
    )


def assessments_to_verify(*, user) -> QuerySet[EnterpriseAssessment]:
    """Submitted assessments the person may verify: every country's for verifiers and
    network admins, their countries' for coordinators; never their own enterprise's."""
    from monitoring.permissions import enterprise_roles_of
    from organizations.permissions import coordinated_country_ids, is_network_admin
    from organizations.roles import is_rating_verifier

    waiting = EnterpriseAssessment.objects.filter(status=Status.SUBMITTED).exclude(
        enterprise_id__in=list(enterprise_roles_of(user))
    )
    if not (is_network_admin(user) or is_rating_verifier(user)):
        waiting = waiting.filter(enterprise__country_id__in=coordinated_country_ids(user))
    return waiting.select_related("enterprise__country", "round").order_by("submitted_at")


def startable_enterprises(*, user) -> list[SocialEnterprise]:
    """The person's enterprises that they may start a self-assessment for."""
    from monitoring.permissions import enterprise_roles_of

    editing = [pk for pk, role in enterprise_roles_of(user).items() if role == "editor"]
    return list(SocialEnterprise.objects.filter(pk__in=editing).order_by("name"))


def assessment_get_for_person(*, user, pk: int) -> EnterpriseAssessment:
    """An assessment of an enterprise the person works for or may verify; anyone else is
    told it does not exist (an approved one's answers are public on its rating page)."""
    from django.http import Http404

    from monitoring.permissions import is_enterprise_person

    assessment = get_object_or_404(
        EnterpriseAssessment.objects.select_related(
            "enterprise__country", "round", "methodology", "track", "level", "reviewed_by"
        ),
        pk=pk,
    )
    if not is_enterprise_person(user, assessment.enterprise):
        raise Http404
    return assessment


def answers_of(assessment: EnterpriseAssessment) -> dict[int, object]:
    """The assessment's answers by question id, with their evidence and chosen answers."""
    return {
        answer.question_id: answer
        for answer in assessment.answers.select_related(
            "option", "corrected_option"
        ).prefetch_related("evidence")
    }
