"""The public pages of the commitments: the region, a country's instruments and
recommendations, one recommendation with its assessments."""

from django.core.paginator import Paginator
from django.shortcuts import render

from monitoring.commitments import selectors
from monitoring.commitments.filters import RecommendationFilter
from monitoring.commitments.models import Recommendation
from monitoring.commitments.position import KEYS, key_labels
from vision.access import PUBLIC, declare

PAGE_SIZE = 25


@declare(PUBLIC)
def region(request):
    lines = selectors.region_commitments()
    countries = [line.country for line in lines]
    table = selectors.ratification_table(countries)
    return render(
        request,
        "monitoring/commitments/region.html",
        {
            "lines": lines,
            "countries": countries,
            "table": table,
            "demo": any(cell and cell.is_demo for _instrument, cells in table for cell in cells),
            "responses": Recommendation.Response,
            "position_labels": [(key, key_labels()[key]) for key in KEYS],
        },
    )


@declare(PUBLIC)
def country(request, code: str):
    country = selectors.country_get(code=code)
    found = RecommendationFilter(
        request.GET or None, recommendations=selectors.country_recommendations(country)
    )
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    positions = selectors.positions_of([r.pk for r in page])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/commitments/country.html",
        {
            "country": country,
            "filter": found,
            "page": page,
            "rows": [(r, positions[r.pk]) for r in page],
            "query": query.urlencode(),
            "table": selectors.ratification_table([country]),
            "indexes": selectors.country_indexes(country),
        },
        status=400 if found.errors else 200,
    )


@declare(PUBLIC)
def recommendation(request, pk: int):
    recommendation = selectors.recommendation_get(pk=pk)
    return render(
        request,
        "monitoring/commitments/recommendation.html",
        {
            "recommendation": recommendation,
            "assessments": selectors.approved_assessments(recommendation),
            "position": selectors.positions_of([recommendation.pk])[recommendation.pk],
            "assessing": selectors.organizations_assessing(request.user, recommendation),
        },
    )
