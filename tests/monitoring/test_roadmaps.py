import pytest

from monitoring.models import Roadmap, RoadmapIndicator
from priorities.models import Objective
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def roadmap_data(world, **changes):
    data = {
        "title": "Naryn water roadmap",
        "level": "local",
        "country": str(world.kg.pk),
        "area_name": "Naryn region",
        "description": "Safe water for every village.",
        "start": "2025-01-01",
        "end": "2030-12-31",
        "owners": [str(world.org_kg.pk)],
        "objectives": [str(Objective.objects.get(priority__number=9, position=3).pk)],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coordinator_creates_a_roadmap_for_their_country(client, world):
    client.force_login(world.coordinator_kg)

    response = client.post("/roadmaps/new/", roadmap_data(world))

    roadmap = Roadmap.objects.get(title="Naryn water roadmap")
    assert response.status_code == 302
    assert response["Location"] == f"/roadmaps/{roadmap.pk}/"
    assert list(roadmap.owners.all()) == [world.org_kg]
    created = roadmap.history.earliest("history_date")
    assert (created.history_type, created.history_user) == ("+", world.coordinator_kg)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"country": "KZ"}, "country", "Select a valid choice."),
        ({"area_name": ""}, "area_name", "A local roadmap names its area."),
        ({"end": "2024-01-01"}, "end", "The end comes after the start."),
        ({"other_countries": ["KZ"]}, "other_countries", "Only a regional roadmap"),
        ({"owners": ["KZORG"]}, "owners", "Not from the roadmap’s countries"),
    ],
)
def test_bad_roadmaps_are_refused_on_their_field(client, world, changes, field, message):
    client.force_login(world.coordinator_kg)
    resolved = {}
    for key, value in changes.items():
        if value == "KZ":
            value = str(world.kz.pk)
        if value == ["KZ"]:
            value = [str(world.kz.pk)]
        if value == ["KZORG"]:
            value = [str(world.org_kz.pk)]
        resolved[key] = value

    response = client.post("/roadmaps/new/", roadmap_data(world, **resolved))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Roadmap.objects.exists()


@pytest.mark.parametrize("role", ["editor_kg", "viewer_kg", "outsider"])
def test_people_without_a_coordinating_role_cannot_create_roadmaps(client, world, role):
    client.force_login(getattr(world, role))

    assert client.get("/roadmaps/new/").status_code == 403
    assert client.post("/roadmaps/new/", roadmap_data(world)).status_code == 403
    assert not Roadmap.objects.exists()


def test_a_coordinator_cannot_edit_another_countrys_roadmap(client, world, reporting):
    client.force_login(world.coordinator_kg)

    response = client.post(f"/roadmaps/{reporting.roadmap_kz.pk}/edit/", {"title": "Taken"})

    assert response.status_code == 403
    reporting.roadmap_kz.refresh_from_db()
    assert reporting.roadmap_kz.title == "Kazakh roadmap"


def indicator_data(**changes):
    data = {
        "sdg_indicator_code": "6.1.1 Proportion of population using safely managed drinking water",
        "title": "",
        "code": "NAR-6.1",
        "unit": "percent",
        "direction": "increase",
        "aggregation": "mean",
        "baseline_value": "62,5",
        "baseline_date": "2025-01-01",
        "target_value": "90",
        "target_date": "2030-12-31",
        "disaggregations": ["location"],
        "target_codes": "",
        "position": "1",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_coordinator_adds_a_localised_sdg_indicator(client, world, reporting):
    client.force_login(world.coordinator_kg)
    objective = Objective.objects.get(priority__number=9, position=3)

    response = client.post(
        f"/ru/roadmaps/{reporting.roadmap_kg.pk}/indicators/new/",
        indicator_data(objectives=[str(objective.pk)], target_codes="6.1, 6.b"),
    )

    assert response.status_code == 302
    indicator = RoadmapIndicator.objects.get(code="NAR-6.1")
    assert indicator.sdg_indicator.code == "6.1.1"
    assert indicator.title_en == indicator.sdg_indicator.title_en
    assert indicator.title_ru == indicator.sdg_indicator.title_ru
    assert str(indicator.baseline_value) == "62.5000", "the Russian decimal comma is read"
    assert sorted(t.code for t in indicator.sdg_targets.all()) == ["6.1", "6.b"]
    assert list(indicator.objectives.all()) == [objective]
    assert indicator.disaggregations == ["location"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"sdg_indicator_code": "99.9.9"},
            "sdg_indicator_code",
            "There is no UN SDG indicator 99.9.9",
        ),
        ({"sdg_indicator_code": "", "title": ""}, "title", "A custom indicator needs a title."),
        ({"target_value": "120", "baseline_value": "10"}, "target_value", "between 0 and 100"),
        ({"target_date": "2024-01-01"}, "target_date", "comes after the baseline date"),
        ({"unit": "yes_no", "aggregation": "latest"}, "disaggregations", "are not disaggregated"),
        ({"unit": "currency"}, "currency", "three-letter currency code"),
        ({"cumulative": "on"}, "cumulative", "Only numbers and amounts add up"),
        ({"target_codes": "6.1, 42.42"}, "target_codes", "Unknown codes: 42.42"),
    ],
)
def test_bad_indicators_are_refused_on_their_field(
    client, world, reporting, changes, field, message
):
    client.force_login(world.coordinator_kg)

    response = client.post(
        f"/roadmaps/{reporting.roadmap_kg.pk}/indicators/new/", indicator_data(**changes)
    )

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not RoadmapIndicator.objects.filter(code="NAR-6.1").exists()


def test_the_public_roadmap_pages_keep_their_query_count_as_roadmaps_grow(
    count_queries, world, reporting
):
    list_before = count_queries("/roadmaps/")
    detail_before = count_queries(f"/roadmaps/{reporting.roadmap_kg.pk}/")
    for n in range(20):
        roadmap = Roadmap.objects.create(
            country=world.kg,
            level="national",
            title=f"Roadmap {n}",
            start="2025-01-01",
            end="2026-01-01",
        )
        roadmap.owners.add(OrganizationFactory(country=world.kg))
    reporting.roadmap_kg.owners.add(*[OrganizationFactory(country=world.kg) for _ in range(5)])

    assert count_queries("/roadmaps/") == list_before
    assert count_queries(f"/roadmaps/{reporting.roadmap_kg.pk}/") == detail_before
    assert detail_before <= 12


def test_coordinators_write_both_languages_side_by_side(client, world):
    client.force_login(world.coordinator_kg)
    page = client.get("/ru/roadmaps/new/").content.decode()
    assert 'name="title"' in page  # the page's own language, Russian
    assert 'name="title_en"' in page
    assert 'lang="en"' in page

    response = client.post(
        "/ru/roadmaps/new/",
        roadmap_data(world, title="", title_en="Naryn water roadmap", description=""),
    )
    assert response.status_code == 302
    roadmap = Roadmap.objects.get(title_en="Naryn water roadmap")
    # Left empty in Russian: Russian pages fall back to the English, and the Russian box
    # stays empty rather than showing the English as if it were a translation.
    assert roadmap.title_ru is None
    assert "Naryn water roadmap" in client.get(f"/ru/roadmaps/{roadmap.pk}/").content.decode()
    edit = client.get(f"/ru/roadmaps/{roadmap.pk}/edit/").content.decode()
    assert 'name="title" value="Naryn water roadmap"' not in edit

    client.post(
        f"/ru/roadmaps/{roadmap.pk}/edit/",
        roadmap_data(world, title="Дорожная карта по воде", title_en="Naryn water roadmap"),
    )
    roadmap.refresh_from_db()
    assert (roadmap.title_en, roadmap.title_ru) == ("Naryn water roadmap", "Дорожная карта по воде")


def test_a_roadmap_needs_a_title_in_some_language(client, world):
    client.force_login(world.coordinator_kg)
    response = client.post("/roadmaps/new/", roadmap_data(world, title="", title_ru=""))
    assert response.status_code == 400
    assert "Give the title in at least one language." in response.content.decode()
    assert not Roadmap.objects.filter(area_name="Naryn region").exists()


def test_a_coordinator_sets_an_indicators_unit_label_and_precision(client, world, reporting):
    client.force_login(world.coordinator_kg)

    response = client.post(
        f"/roadmaps/{reporting.roadmap_kg.pk}/indicators/new/",
        indicator_data(
            unit="number", unit_label="households", display_precision="1", baseline_value="62.5"
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    indicator = RoadmapIndicator.objects.get(code="NAR-6.1")
    assert indicator.unit_text == "households"
    assert indicator.decimals == 1

    refused = client.post(
        f"/roadmaps/{reporting.roadmap_kg.pk}/indicators/new/",
        indicator_data(code="NAR-6.2", display_precision="7", baseline_value="62.5"),
    )
    assert refused.status_code == 400
    assert "display_precision" in refused.context["form"].errors
    assert not RoadmapIndicator.objects.filter(code="NAR-6.2").exists()


def test_an_indicators_precision_defaults_by_unit():
    assert RoadmapIndicator(unit="number").decimals == 0
    assert RoadmapIndicator(unit="percent").decimals == 1
    assert RoadmapIndicator(unit="percent").unit_text == "%"
    assert RoadmapIndicator(unit="currency", currency="KGS").unit_text == "KGS"
