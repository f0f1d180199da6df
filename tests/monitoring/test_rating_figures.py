"""Priority 8's dashboard shows each country's current rating of social enterprises, counted
in the background with the progress figures: fresh after a verifier's approval, in a
constant number of queries."""

from decimal import Decimal
from statistics import median

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext

from monitoring.dashboards import engine
from monitoring.dashboards.models import DashboardState, PendingRecompute, ProgressSnapshot
from monitoring.enterprises import assessments
from monitoring.enterprises.assessments import AnswerInput, Decision
from monitoring.enterprises.models import EnterpriseAssessment, RatingSnapshot, SocialEnterprise

pytestmark = pytest.mark.django_db


def section(client):
    page = client.get("/dashboards/priorities/8/").content.decode()
    return page[page.index('id="ratings-title"') :]


def test_the_demo_countries_ratings_are_counted_as_the_enterprises_latest(client, demo_dashboards):
    latest = {}
    for a in EnterpriseAssessment.objects.filter(
        status="approved", enterprise__country__code="KG"
    ).order_by("round__year"):
        latest[a.enterprise_id] = a
    snapshot = RatingSnapshot.objects.get(country__code="KG")
    assert snapshot.rated == len(latest) == 5
    assert snapshot.median_percent == Decimal(median(a.percent for a in latest.values()))
    assert sum(snapshot.levels.values()) == 5

    shown = section(client)
    kyrgyzstan = shown[shown.index("Kyrgyzstan") :]
    assert f"<td>{snapshot.rated}</td>" in kyrgyzstan
    assert f"<td>{floatformat(snapshot.median_percent, '-1')} %</td>" in kyrgyzstan
    assert "Leading" in shown
    assert client.get("/dashboards/priorities/7/").content.decode().count("ratings-title") == 0


def test_a_verifiers_approval_reaches_the_dashboard_by_a_recompute_of_the_counts_alone(
    world, rating, django_capture_on_commit_callbacks
):
    engine.recompute_all()
    assert RatingSnapshot.objects.get(country=world.kg).rated == 0
    progress = list(ProgressSnapshot.objects.values_list("pk", "computed_at"))
    generation = DashboardState.objects.get(pk=1).generation

    assessment = assessments.assessment_start(enterprise=rating.enterprise, user=world.editor_kg)
    assessments.assessment_save(
        assessment_id=assessment.pk,
        user=world.editor_kg,
        version=assessment.version,
        answers={
            rating.mission.pk: AnswerInput(yes=True),
            rating.accounts.pk: AnswerInput(option=rating.yearly.pk),
            rating.reinvested.pk: AnswerInput(number="60"),
        },
        submit=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assessments.assessment_verify(
            assessment_id=assessment.pk,
            verifier=rating.verifier,
            decisions={
                q.pk: Decision(accepted=True)
                for q in (rating.mission, rating.accounts, rating.reinvested)
            },
            approve=True,
        )

    snapshot = RatingSnapshot.objects.get(country=world.kg)
    assert (snapshot.rated, snapshot.levels, snapshot.median_percent) == (
        1,
        {"leading": 1},
        Decimal("100.00"),
    )
    assert DashboardState.objects.get(pk=1).generation == generation + 1
    assert not PendingRecompute.objects.exists()
    assert list(ProgressSnapshot.objects.values_list("pk", "computed_at")) == progress


def test_the_priority_dashboard_takes_the_same_queries_however_many_enterprises(
    client, demo_dashboards
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboards/priorities/8/").status_code == 200
        return len(captured)

    before = queries()
    for enterprise in list(SocialEnterprise.objects.all()[:10]):
        enterprise.pk, enterprise.slug = None, f"{enterprise.slug}-copy"
        enterprise.save()
    engine.recompute_all()
    from django.core.cache import cache

    cache.clear()
    assert queries() == before
