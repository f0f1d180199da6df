import pytest

from monitoring.models import SdgTarget
from priorities.models import Objective

pytestmark = pytest.mark.django_db


def test_the_sdg_page_lists_the_17_goals(client):
    response = client.get("/sdg/")

    page = response.content.decode()
    assert len(response.context["goals"]) == 17
    assert "End poverty in all its forms everywhere" in page
    assert "19 targets · 24 indicators" in page


def test_a_goal_page_shows_targets_then_indicators_and_the_objectives_serving_them(client):
    objective = Objective.objects.get(priority__number=9, position=1)
    objective.sdg_targets.add(SdgTarget.objects.get(code="13.2"))

    page = client.get("/sdg/13/").content.decode()

    assert "Take urgent action to combat climate change and its impacts" in page
    assert page.index("13.1.1") < page.index("13.2.1") < page.index("13.b.1")
    assert "Implement the Paris Agreement" in page
    assert 'href="/priorities/9/#objective-1"' in page


def test_a_target_without_indicator_says_so(client):
    page = client.get("/sdg/11/").content.decode()

    assert "The UN has assigned no indicator to this target." in page


@pytest.mark.parametrize("url", ["/sdg/18/", "/sdg/0/"])
def test_an_unknown_goal_is_a_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/sdg/", "/sdg/16/"])
def test_sdg_pages_keep_their_query_count_as_links_grow(count_queries, url):
    before = count_queries(url)
    for objective in Objective.objects.all():
        objective.sdg_targets.add(*SdgTarget.objects.filter(goal__number=16))

    assert count_queries(url) == before
    # The goal, its targets, their indicators and objectives; and for the goal's page the
    # recommendations touching each target, by country.
    assert before <= 5
