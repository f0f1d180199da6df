"""Reads of the social enterprises and their ratings for the public pages: a constant number
of queries each, however many enterprises and assessments there are."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

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


def enterprise_get(*, slug: str) -> SocialEnterprise:
    queryset = SocialEnterprise.objects.select_related("country", "organization").prefetch_related(
        "beneficiaries",
        "sdg_targets",
        Prefetch("objectives", queryset=Objective.objects.select_related("priority")),
    )
    return get_object_or_404(queryset, slug=slug)


def rating_history(enterprise: SocialEnterprise) -> list[EnterpriseAssessment]:
    """The enterprise's approved assessments, oldest first, with what their page shows."""
    return list(
        approved_assessments()
        .filter(enterprise=enterprise)
        .select_related("round", "level", "methodology", "track")
        .prefetch_related("methodology__areas")
        .order_by("round__year")
    )
