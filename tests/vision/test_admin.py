"""Network admins curate the Vision's content in the Django admin."""

import pytest
from django.contrib.auth import get_user_model

from monitoring.models import SdgTarget
from priorities.models import Objective, Priority

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("network-admin", "admin@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/priorities/priority/",
        "/admin/priorities/objective/?priority__id__exact=1",
        "/admin/vision/country/",
        "/admin/vision/visionstatement/?kind=principle",
        "/admin/vision/internationalindex/",
        "/admin/vision/countryindexscore/?year=2019",
        "/admin/monitoring/sdgtarget/?q=climate",
        "/admin/monitoring/sdgindicator/",
    ],
)
def test_admin_lists_open_for_a_network_admin(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/priorities/priority/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_priority_is_edited_with_its_objectives_inline_in_both_languages(admin_client):
    priority = Priority.objects.get(number=3)

    page = admin_client.get(f"/admin/priorities/priority/{priority.pk}/change/").content.decode()

    assert "Promote an enabling civil society." in page
    assert 'name="objectives-0-title_en"' in page
    assert 'name="objectives-0-title_ru"' in page
    assert 'name="objectives-0-sdg_targets"' in page


def test_objectives_link_to_sdg_targets_through_autocomplete(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "13.2",
            "app_label": "priorities",
            "model_name": "objective",
            "field_name": "sdg_targets",
        },
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert any(r["text"].startswith("13.2 ") for r in results)


def test_an_admin_reorders_and_links_objectives_from_the_priority_form(admin_client):
    priority = Priority.objects.get(number=7)
    objectives = list(priority.objectives.order_by("position"))
    target = SdgTarget.objects.get(code="4.4")
    data = {
        "number": "7",
        "title_en": priority.title_en,
        "title_ru": "",
        "goal_en": priority.goal_en,
        "goal_ru": "",
        "objectives-TOTAL_FORMS": "3",
        "objectives-INITIAL_FORMS": "3",
        "objectives-MIN_NUM_FORMS": "0",
        "objectives-MAX_NUM_FORMS": "1000",
    }
    new_positions = [3, 1, 2]
    for i, (objective, position) in enumerate(zip(objectives, new_positions, strict=True)):
        data.update(
            {
                f"objectives-{i}-id": str(objective.pk),
                f"objectives-{i}-priority": str(priority.pk),
                f"objectives-{i}-position": str(position + 10),
                f"objectives-{i}-title_en": objective.title_en,
                f"objectives-{i}-title_ru": "",
                f"objectives-{i}-description_en": objective.description_en,
                f"objectives-{i}-description_ru": "",
                f"objectives-{i}-sdg_targets": [str(target.pk)] if i == 0 else [],
            }
        )

    response = admin_client.post(f"/admin/priorities/priority/{priority.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    titles = list(priority.objectives.order_by("position").values_list("title", flat=True))
    assert titles[2] == objectives[0].title
    assert list(Objective.objects.get(pk=objectives[0].pk).sdg_targets.all()) == [target]
