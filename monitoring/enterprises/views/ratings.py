"""The current rating of the social enterprises, by country and sector, and its downloads."""

from itertools import groupby

from django.shortcuts import render

from monitoring.dashboards import tables
from monitoring.enterprises import selectors
from monitoring.enterprises.filters import RatingFilter
from vision.access import PUBLIC, declare


@declare(PUBLIC)
def ratings(request):
    """Each enterprise's latest approved assessment; `?format=csv|xlsx|json` downloads the
    same rows (another format is a 404, as on the dashboards)."""
    query = request.GET.copy()
    fmt = query.pop("format", [None])[-1]
    found = RatingFilter(query or None, queryset=selectors.current_ratings())
    if found.errors:
        return render(
            request,
            "monitoring/enterprises/ratings.html",
            {"filter": found, "countries": []},
            status=400,
        )
    shown = list(found.qs)
    if fmt:
        return tables.download(selectors.rating_table(shown), fmt)
    countries = [
        (country, [(sector, list(rows)) for sector, rows in groupby(in_country, _sector)])
        for country, in_country in groupby(shown, lambda a: a.enterprise.country)
    ]
    return render(
        request,
        "monitoring/enterprises/ratings.html",
        {"filter": found, "countries": countries, "count": len(shown)},
    )


def _sector(assessment):
    return assessment.enterprise.get_sector_display()
