import pytest

from monitoring.dashboards import engine
from monitoring.models import Roadmap, RoadmapIndicator, SdgTarget
from priorities.models import Objective
from tests.factories import SdgTargetFactory
from tools.scale import Scale, generate

pytestmark = pytest.mark.django_db


def test_the_list_shows_every_priority_with_its_goal_and_objectives(client):
    page = client.get("/priorities/").content.decode()

    assert "Priority 1. Regional development of Central Asia" in page
    assert "Priority 9. Initiative on climate change adaptation and mitigation" in page
    assert "Transition leadership to the next generation(s) of civil society leaders." in page


def test_a_priority_page_shows_its_goal_objectives_and_the_sdg_targets_they_serve(client):
    roadmaps = Objective.objects.get(priority__number=2, position=2)
    roadmaps.sdg_targets.add(SdgTarget.objects.get(code="17.18"))

    response = client.get("/priorities/2/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sustainable and inclusive development" in page
    assert "social integration, inclusive effective governance" in page
    assert "Develop, create and monitor multilevel Roadmaps" in page
    assert "… on the adaptation and implementation of the SDGs" in page
    assert 'href="/sdg/17/#target-17.18"' in page


def test_an_unknown_priority_is_a_404(client):
    assert client.get("/priorities/10/").status_code == 404


def test_a_priority_page_keeps_its_query_count_as_sdg_links_grow(count_queries):
    url = "/priorities/2/"
    before = count_queries(url)
    for objective in Objective.objects.filter(priority__number=2):
        objective.sdg_targets.add(*SdgTarget.objects.filter(goal__number__in=[1, 16, 17]))
        objective.sdg_targets.add(*SdgTargetFactory.create_batch(3))

    assert count_queries(url) == before
    # The priority, its objectives, their SDG targets with goals, their indicators; and the
    # recommendations touching the objectives, by country.
    assert before <= 5


@pytest.fixture
def demo(demo_dashboards):
    """The demo and its dashboards, built once and shared (tests/conftest.py)."""


def test_a_priority_page_leads_to_its_indicators_their_roadmaps_and_its_dashboard(client, demo):
    page = client.get("/priorities/8/").content.decode()

    assert 'href="/dashboards/priorities/8/"' in page
    indicators = RoadmapIndicator.objects.filter(objectives__priority__number=8).distinct()
    assert indicators.count() >= 7, "the demo measures social entrepreneurship in every country"
    for indicator in indicators:
        assert f'href="/dashboards/indicators/{indicator.pk}/"' in page
        assert f'href="/roadmaps/{indicator.roadmap_id}/"' in page
    assert "Social enterprises supported by partner organisations" in page
    assert "Roadmaps reporting on this priority" in page
    assert "National SDG roadmap of Kyrgyzstan (demo)" in page


def test_an_indicator_without_approved_data_is_named_but_not_linked(client, demo):
    roadmap = Roadmap.objects.get(title="National SDG roadmap of Kyrgyzstan (demo)")
    waiting = RoadmapIndicator.objects.create(
        roadmap=roadmap,
        title="Mentors matched this year",
        baseline_value=0,
        baseline_date=roadmap.start,
        target_value=30,
        target_date=roadmap.end,
    )
    waiting.objectives.add(Objective.objects.get(priority__number=8, position=3))

    page = client.get("/priorities/8/").content.decode()

    assert "Mentors matched this year" in page
    assert "no approved data yet" in page
    assert f'href="/dashboards/indicators/{waiting.pk}/"' not in page
    assert client.get(f"/dashboards/indicators/{waiting.pk}/").status_code == 404


def test_a_priority_nothing_reports_on_says_so(client):
    page = client.get("/priorities/1/").content.decode()

    assert "No roadmap measures this objective yet." in page
    assert "No roadmap reports on this priority yet." in page
    assert 'href="/dashboards/priorities/1/"' in page


def test_a_priority_page_keeps_its_query_count_as_indicators_and_roadmaps_grow(
    client, demo, django_assert_max_num_queries
):
    # The priority; its objectives; their SDG targets with goals; their indicators with
    # roadmaps and countries, and whether each has figures (a subquery); the
    # recommendations touching its objectives, by country.
    with django_assert_max_num_queries(5):
        before = client.get("/priorities/3/").content.decode().count("/dashboards/indicators/")
    generate(
        Scale(
            organizations=70,
            roadmaps=21,
            indicators_per_roadmap=6,
            quarters=4,
            owners_per_roadmap=2,
        ),
        seed=11,
    )
    engine.recompute_all()

    with django_assert_max_num_queries(5):
        after = client.get("/priorities/3/").content.decode().count("/dashboards/indicators/")
    assert after > before
