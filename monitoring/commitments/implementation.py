"""Each country's recommendations counted by the network's position on their
implementation (position.py): computed by the dashboard engine with the progress figures
and kept in ImplementationSnapshot for the country's dashboard, and counted live for the
region's commitments page."""

from collections import Counter, defaultdict

from django.db.models import Count

from monitoring.commitments.models import Assessment, ImplementationSnapshot, Recommendation
from monitoring.commitments.position import KEYS, key_labels, positions_from


def count_positions(country_ids) -> dict[int, Counter]:
    """For each country, how many of its recommendations the network's position files under
    each class, "unassessed" included. Two queries, however many recommendations."""
    counted = {country_id: Counter() for country_id in country_ids}
    totals = (
        Recommendation.objects.filter(country_id__in=list(counted))
        .values_list("country_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for country_id, count in totals:
        counted[country_id]["unassessed"] = count
    rows, country_of = defaultdict(list), {}
    approved = Assessment.objects.filter(
        status=Assessment.Status.APPROVED, recommendation__country_id__in=list(counted)
    ).values_list(
        "recommendation__country_id",
        "recommendation_id",
        "organization_id",
        "as_of",
        "implementation",
    )
    for country_id, recommendation_id, *row in approved:
        rows[recommendation_id].append(row)
        country_of[recommendation_id] = country_id
    for recommendation_id, position in positions_from(rows).items():
        line = counted[country_of[recommendation_id]]
        line[position.key] += 1
        line["unassessed"] -= 1
    return counted


def shares(total: int, counts) -> list[tuple[str, str, int, float]]:
    """(class, label, count, share of the total) for each class of position, in the order
    pages show them."""
    labels = key_labels()
    return [
        (key, labels[key], counts.get(key, 0), counts.get(key, 0) / total if total else 0)
        for key in KEYS
    ]


def store_snapshots(country_ids, now) -> None:
    """Count these countries' recommendations afresh and keep the counts; called by the
    dashboard engine inside a recompute's transaction, under the countries' locks."""
    counted = count_positions(country_ids)
    ImplementationSnapshot.objects.filter(country_id__in=list(counted)).delete()
    ImplementationSnapshot.objects.bulk_create(
        ImplementationSnapshot(
            country_id=country_id,
            recommendations=counts.total(),
            counts={key: count for key, count in counts.items() if count},
            computed_at=now,
        )
        for country_id, counts in counted.items()
    )
