"""The public pages of the social enterprises: the directory, an enterprise's profile with
its rating over the years, and the rating's methodology."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from monitoring.enterprises import assessments, methodologies, scoring, selectors
from monitoring.enterprises.filters import EnterpriseFilter
from monitoring.enterprises.models import Methodology
from vision.access import PUBLIC, declare

PAGE_SIZE = 24


@declare(PUBLIC)
def directory(request):
    found = EnterpriseFilter(request.GET or None, queryset=selectors.directory())
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ratings = selectors.ratings_of(page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/enterprises/directory.html",
        {
            "filter": found,
            "page": page,
            "rows": [(enterprise, ratings.get(enterprise.pk)) for enterprise in page],
            "query": query.urlencode(),
        },
        status=400 if found.errors else 200,
    )


@declare(PUBLIC)
def profile(request, slug: str):
    enterprise = selectors.enterprise_get(slug=slug)
    history = selectors.rating_history(enterprise)
    return render(
        request,
        "monitoring/enterprises/profile.html",
        {
            "enterprise": enterprise,
            "history": history,
            "latest": history[-1] if history else None,
        },
    )


@declare(PUBLIC)
def rating(request, slug: str, year: int):
    """An approved assessment's answers, as the verifier accepted or corrected them, and its
    score: anyone can recompute it with the methodology version it names."""
    assessment = selectors.approved_assessment_get(slug=slug, year=year)
    questions = list(assessments.asked_questions(assessment).values())
    answers = selectors.answers_of(assessment)
    return render(
        request,
        "monitoring/enterprises/rating.html",
        {
            "assessment": assessment,
            "enterprise": assessment.enterprise,
            "rows": [(q, answers.get(q.pk)) for q in questions],
        },
    )


@declare(PUBLIC)
def methodology(request, version: int | None = None):
    if version is None:
        shown = methodologies.current_methodology()
        if shown is None:
            raise Http404
    else:
        shown = get_object_or_404(Methodology, version=version, published_on__isnull=False)
    return render(
        request,
        "monitoring/enterprises/methodology.html",
        {
            "methodology": scoring.methodology_for_page(shown),
            "versions": Methodology.objects.filter(published_on__isnull=False).order_by("-version"),
        },
    )
