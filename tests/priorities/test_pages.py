import pytest

from monitoring.models import SdgTarget
from priorities.models import Objective
from tests.factories import SdgTargetFactory

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
    assert before <= 4
