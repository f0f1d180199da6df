"""The network's position on a recommendation: what its member organisations, each by its
latest approved assessment, say of the state's implementation. Stated once here for the
recommendation's page, the country's and the region's pages and the open data."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from monitoring.commitments.models import Assessment

Implementation = Assessment.Implementation


@dataclass(frozen=True)
class Position:
    """`implementation` is the status most organisations gave, with `count` of the `total`
    organisations that assessed; None when two or more statuses tie (`tied` lists them),
    or when no one has assessed (total 0)."""

    implementation: str | None
    count: int
    total: int
    tied: tuple[str, ...] = field(default=())

    @property
    def label(self):
        if self.total == 0:
            return _("Not assessed")
        if self.implementation is None:
            return _("Divided")
        return Implementation(self.implementation).label

    @property
    def key(self) -> str:
        """The class a page or a chart files the recommendation under."""
        if self.total == 0:
            return "unassessed"
        return self.implementation or "divided"


def latest_by_organization(assessments) -> dict[int, str]:
    """Each organisation's latest approved assessment's status, from (organization_id,
    as_of, implementation) rows in any order."""
    latest: dict[int, tuple] = {}
    for organization_id, as_of, implementation in assessments:
        if organization_id not in latest or as_of > latest[organization_id][0]:
            latest[organization_id] = (as_of, implementation)
    return {organization_id: status for organization_id, (_d, status) in latest.items()}


def positions_from(rows: dict) -> dict:
    """The network's position on each recommendation, from its approved assessments'
    (organization_id, as_of, implementation) rows: {recommendation_id: [row, …]}."""
    return {
        recommendation_id: network_position(latest_by_organization(found).values())
        for recommendation_id, found in rows.items()
    }


def network_position(statuses) -> Position:
    """The position from each organisation's status (one per organisation)."""
    counted = Counter(statuses)
    if not counted:
        return Position(None, 0, 0)
    top = max(counted.values())
    leaders = [status for status in Implementation.values if counted.get(status) == top]
    total = sum(counted.values())
    if len(leaders) > 1:
        return Position(None, top, total, tuple(leaders))
    return Position(leaders[0], top, total)


# The classes a list of positions is counted in, in the order pages show them.
KEYS = [*Implementation.values, "divided", "unassessed"]


def key_labels() -> dict[str, str]:
    return {
        **dict(Implementation.choices),
        "divided": _("Divided"),
        "unassessed": _("Not assessed"),
    }
