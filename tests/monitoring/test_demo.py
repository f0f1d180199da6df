import pytest

from monitoring.dashboards import engine
from monitoring.dashboards.selectors import latest_period
from monitoring.models import (
    IndicatorValue,
    ProgressReport,
    ProgressSnapshot,
    ReportingPeriod,
    Roadmap,
    RoadmapIndicator,
)
from monitoring.reporting.selectors import reports_for_review
from organizations.models import User
from tools.demo.monitoring import seed_demo_monitoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_data):
    """The demo, seeded once and shared (tests/conftest.py)."""


def test_every_country_has_a_national_and_a_local_roadmap(demo):
    for code in ["AF", "KG", "KZ", "MN", "TJ", "TM", "UZ"]:
        levels = set(
            Roadmap.objects.filter(country__code=code, is_demo=True).values_list("level", flat=True)
        )
        assert levels == {"national", "local"}, code


def test_indicators_serve_several_priorities_and_sdg_targets(demo):
    roadmap = Roadmap.objects.get(title="National SDG roadmap of Kyrgyzstan (demo)")
    priorities = {o.priority.number for i in roadmap.indicators.all() for o in i.objectives.all()}
    targets = {t.code for i in roadmap.indicators.all() for t in i.sdg_targets.all()}
    assert len(priorities) >= 4
    assert len(targets) >= 4
    assert any(
        i.objectives.count() > 1 and i.sdg_targets.count() > 1 for i in roadmap.indicators.all()
    )


def test_the_demo_measures_every_priority_of_the_vision(demo):
    measured = set(
        RoadmapIndicator.objects.filter(roadmap__is_demo=True).values_list(
            "objectives__priority__number", flat=True
        )
    )
    assert measured >= set(range(1, 10))


def test_after_a_recompute_every_priority_has_figures_in_several_countries(demo):
    engine.recompute_all()
    period = latest_period()

    for number in range(1, 10):
        countries = set(
            ProgressSnapshot.objects.filter(
                scope="priority", priority__number=number, period=period, country__isnull=False
            )
            .exclude(current_status=None)
            .values_list("country__code", flat=True)
        )
        assert len(countries) >= 5, f"priority {number} has figures in {sorted(countries)}"


def test_eight_past_quarters_of_approved_values_with_different_trends(demo):
    approved_periods = set(
        IndicatorValue.objects.filter(is_approved=True).values_list("period__code", flat=True)
    )
    assert len(approved_periods) >= 7
    assert ReportingPeriod.objects.count() == 9
    share = Roadmap.objects.get(title="National SDG roadmap of Kazakhstan (demo)").indicators.get(
        code="KZ-BUD"
    )
    series = list(
        IndicatorValue.objects.filter(indicator=share, is_approved=True)
        .order_by("period__start")
        .values_list("value", flat=True)
    )
    assert len(series) >= 8


def test_reports_wait_for_coordinator_kg_and_editor_kg_has_a_draft(demo):
    coordinator = User.objects.get(username="coordinator-kg")
    waiting = reports_for_review(user=coordinator)
    assert waiting.count() >= 3
    assert all(r.organization.country.code == "KG" for r in waiting)
    assert ProgressReport.objects.filter(
        status="draft", organization__memberships__user__username="editor-kg"
    ).exists()


def test_seeding_twice_changes_nothing(demo):
    before = (
        ProgressReport.objects.count(),
        IndicatorValue.objects.count(),
        Roadmap.objects.count(),
    )
    seed_demo_monitoring()
    assert (
        ProgressReport.objects.count(),
        IndicatorValue.objects.count(),
        Roadmap.objects.count(),
    ) == before


def test_the_demo_values_are_deterministic(demo):
    def values():
        return list(
            IndicatorValue.objects.order_by(
                "indicator__code", "report__organization__slug", "period__start"
            ).values_list("indicator__code", "period__code", "value")
        )

    first = values()
    ProgressReport.objects.all().delete()
    Roadmap.objects.all().delete()
    seed_demo_monitoring()

    assert values() == first
    assert len(first) > 500


def test_recommendations_are_partly_assessed_and_one_waits_for_coordinator_kg(demo):
    from monitoring.commitments.models import Assessment, Recommendation
    from monitoring.commitments.selectors import assessments_for_review
    from tools.demo.commitments import seed_demo_commitments

    coordinator = User.objects.get(username="coordinator-kg")
    waiting = assessments_for_review(user=coordinator)
    assert [a.organization.slug for a in waiting] == ["demo-kg-1"]
    assert Assessment.objects.filter(
        status="draft", organization__memberships__user__username="editor-kg"
    ).exists()
    for code in ["AF", "KG", "KZ", "MN", "TJ", "TM", "UZ"]:
        recommendations = Recommendation.objects.filter(country__code=code)
        assessed = recommendations.filter(assessments__status="approved").distinct().count()
        assert 0 < assessed < recommendations.count(), code
    assert not Assessment.objects.filter(is_demo=False).exists()

    before = Assessment.objects.count()
    seed_demo_commitments()
    assert Assessment.objects.count() == before
