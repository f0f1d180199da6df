"""Each country's current rating counted for the dashboards: the enterprises rated (each by
its latest approved assessment), how many at each level, and the median share of the
points. Computed by the dashboard engine with the progress figures (RatingSnapshot) and read
by Priority 8's dashboard."""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from monitoring.enterprises.models import EnterpriseAssessment, RatingSnapshot

CENT = Decimal("0.01")


def current_ratings(country_ids) -> dict[int, list[tuple[str | None, Decimal]]]:
    """For each country, the (level code, percent) of each enterprise's latest approved
    assessment: one query."""
    found: dict[int, list] = {country_id: [] for country_id in country_ids}
    seen = set()
    approved = (
        EnterpriseAssessment.objects.filter(
            status=EnterpriseAssessment.Status.APPROVED,
            enterprise__country_id__in=list(found),
            percent__isnull=False,
        )
        .order_by("enterprise_id", "-round__year")
        .values_list("enterprise_id", "enterprise__country_id", "level__code", "percent")
    )
    for enterprise_id, country_id, level, percent in approved:
        if enterprise_id not in seen:
            seen.add(enterprise_id)
            found[country_id].append((level, percent))
    return found


def store_snapshots(country_ids, now) -> None:
    """Count these countries' current ratings afresh and keep them; called by the dashboard
    engine inside a recompute's transaction, under the countries' locks."""
    ratings = current_ratings(country_ids)
    RatingSnapshot.objects.filter(country_id__in=list(ratings)).delete()
    RatingSnapshot.objects.bulk_create(
        RatingSnapshot(
            country_id=country_id,
            rated=len(rated),
            levels=dict(Counter(level for level, _percent in rated if level)),
            median_percent=Decimal(median(p for _l, p in rated)).quantize(CENT, ROUND_HALF_UP)
            if rated
            else None,
            computed_at=now,
        )
        for country_id, rated in ratings.items()
    )


# The Vision's priority of social entrepreneurship, whose dashboard shows the rating.
PRIORITY = 8


def dashboard_rows(countries) -> dict:
    """Each country's current rating as the engine last counted it, with the levels of the
    current methodology as columns: three queries."""
    from monitoring.enterprises.methodologies import current_methodology

    methodology = current_methodology()
    levels = list(methodology.levels.all()) if methodology else []
    snapshots = {s.country_id: s for s in RatingSnapshot.objects.filter(country__in=countries)}
    rows = []
    for country in countries:
        snapshot = snapshots.get(country.pk)
        counted = snapshot.levels if snapshot else {}
        rows.append(
            {
                "country": country,
                "rated": snapshot.rated if snapshot else 0,
                "median": snapshot.median_percent if snapshot else None,
                "levels": [counted.get(level.code, 0) for level in levels],
            }
        )
    return {"levels": levels, "rows": rows, "methodology": methodology}
