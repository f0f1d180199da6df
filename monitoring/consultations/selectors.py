"""Reads of the consultations, each in a fixed number of queries however many
consultations and contributions there are: the public list, a consultation with its
published contributions, what a person sent, the moderation queue, and on whose behalf a
person may speak."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.consultations.models import Consultation, Contribution
from monitoring.permissions import contributing_organizations, stakeholder_of

# The order of the public list: open first, then upcoming, then closed.
OPEN, UPCOMING, CLOSED = 0, 1, 2
REGION = "region"


def consultation_list(*, country: str = "") -> QuerySet[Consultation]:
    """The consultations, open first (closing soonest first), then upcoming (opening
    soonest first), then closed (latest first); `country` a country's code, REGION for the
    region-wide ones, or empty for all. Each carries `group` and `published_count`."""
    today = timezone.localdate()
    consultations = Consultation.objects.select_related("country").annotate(
        group=Case(
            When(opens_on__gt=today, summary_published_at__isnull=True, then=Value(UPCOMING)),
            When(
                Q(closes_on__lt=today) | Q(summary_published_at__isnull=False), then=Value(CLOSED)
            ),
            default=Value(OPEN),
            output_field=IntegerField(),
        ),
        published_count=Count(
            "contributions", filter=Q(contributions__status=Contribution.Status.PUBLISHED)
        ),
    )
    if country == REGION:
        consultations = consultations.filter(country__isnull=True)
    elif country:
        consultations = consultations.filter(country__code=country)
    soonest = Case(
        When(group=OPEN, then="closes_on"), When(group=UPCOMING, then="opens_on"), default=None
    )
    latest = Case(When(group=CLOSED, then="closes_on"), default=None)
    return consultations.order_by(
        "group", soonest.asc(nulls_last=True), latest.desc(nulls_last=True), "pk"
    )


def consultation_get(*, pk: int) -> Consultation:
    """A consultation with its country and documents; every consultation is public."""
    return get_object_or_404(
        Consultation.objects.select_related("country").prefetch_related("documents"), pk=pk
    )


def _with_authors(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return contributions.select_related("author", "organization", "stakeholder")


def published_contributions(consultation: Consultation) -> QuerySet[Contribution]:
    return _with_authors(
        consultation.contributions.filter(status=Contribution.Status.PUBLISHED)
    ).order_by("created_at", "pk")


def own_unpublished_contributions(user, consultation: Consultation) -> list[Contribution]:
    """What the person sent that is not public: awaiting moderation, or declined with the
    moderator's reason."""
    if not user.is_authenticated:
        return []
    return list(
        _with_authors(
            consultation.contributions.filter(author=user).exclude(
                status=Contribution.Status.PUBLISHED
            )
        ).order_by("created_at", "pk")
    )


def moderation_queue() -> QuerySet[Contribution]:
    """The contributions waiting for a network admin, oldest first."""
    return _with_authors(
        Contribution.objects.filter(status=Contribution.Status.PENDING).select_related(
            "consultation__country"
        )
    ).order_by("created_at", "pk")


def behalf_options(user) -> list[tuple[str, str]]:
    """On whose behalf the person may contribute: themselves, each of their member
    organisations, their stakeholder's organisation."""
    options = [("", _("In my own name"))]
    options += [(f"organization-{o.pk}", o.name) for o in contributing_organizations(user)]
    stakeholder = stakeholder_of(user)
    if stakeholder is not None:
        options.append(("stakeholder", stakeholder.organization_name))
    return options


def behalf_of(user, option: str):
    """The organisation and the stakeholder account an option of behalf_options names."""
    if option == "stakeholder":
        return None, stakeholder_of(user)
    if option.startswith("organization-"):
        pk = option.removeprefix("organization-")
        return next(o for o in contributing_organizations(user) if str(o.pk) == pk), None
    return None, None
