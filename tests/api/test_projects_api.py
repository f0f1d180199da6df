"""The projects' API: the published ones to read with filters, an organisation's own to
write through the browser's rules."""

import pytest

from monitoring.projects.models import Project
from tests.monitoring.projects import make_project

pytestmark = pytest.mark.django_db


def body(**fields):
    return {
        "organization": "bishkek-civic",
        "title": "Budget hearings",
        "description": "Hearings in every district.",
        "status": "2",
        "planned_start": "2026-01-01",
        "planned_end": "2027-12-31",
        "countries": ["KG"],
        "objectives": ["2.1"],
        "sdg_targets": ["16.7"],
        "participants": [{"role": "1", "name": "Steppe Fund", "organisation_type": "60"}],
        "locations": [
            {"name": "Bishkek", "country": "KG", "latitude": "42.87", "longitude": "74.59"}
        ],
        "sectors": [{"code": "15150"}],
        "budgets": [{"year": 2026, "amount": "5000", "currency": "EUR", "funder": "Steppe Fund"}],
        **fields,
    }


def test_the_published_projects_are_listed_with_their_parts_and_filters(client, world):
    make_project(world.org_kg, title="Kyrgyz councils")
    make_project(world.org_kz, title="Kazakh youth", funder="Other Fund")
    make_project(world.org_kg, title="A draft", published=False)

    everything = client.get("/api/v1/projects/").json()
    kyrgyz = client.get("/api/v1/projects/?country=KG").json()
    funded = client.get("/api/v1/projects/?funder=Other%20Fund").json()

    assert {p["title"] for p in everything["results"]} == {"Kyrgyz councils", "Kazakh youth"}
    assert [p["title"] for p in kyrgyz["results"]] == ["Kyrgyz councils"]
    assert [p["title"] for p in funded["results"]] == ["Kazakh youth"]
    project = kyrgyz["results"][0]
    assert project["iati_identifier"].startswith("XX-UNREGISTERED-VISION2025-project-")
    assert project["budgets"][0] == {
        "year": 2025,
        "amount": 10000,
        "currency": "USD",
        "funder": "Steppe Fund",
    }
    assert project["locations"][0]["country"] == "KG"
    assert client.get("/api/v1/projects/?country=XX").status_code == 400


def test_an_editor_records_a_project_as_a_draft_and_publishes_it(client, world):
    client.force_login(world.editor_kg)

    created = client.post("/api/v1/my-projects/", body(), content_type="application/json")

    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["is_published"] is False
    assert created.json()["budgets"][0]["funder"] == "Steppe Fund"
    assert client.get(f"/api/v1/projects/{pk}/").status_code == 404
    published = client.post(f"/api/v1/my-projects/{pk}/publish/")
    assert published.json()["is_published"] is True
    assert client.get(f"/api/v1/projects/{pk}/").status_code == 200


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {
                "locations": [
                    {"name": "Almaty", "country": "KG", "latitude": "43.24", "longitude": "76.95"}
                ]
            },
            "locations.0.latitude",
        ),
        ({"sectors": [{"code": "99999"}]}, "sectors.0.code"),
        ({"budgets": [{"year": 2026, "amount": "1", "currency": "XXX"}]}, "budgets.0.currency"),
        ({"budgets": [{"year": 2026, "amount": "1", "funder": "Nobody"}]}, "budgets"),
        ({"objectives": ["9.99"]}, "objectives"),
        ({"planned_end": "2025-01-01"}, "planned_end"),
        ({"organization": "almaty-youth"}, "organization"),
    ],
)
def test_a_wrong_value_is_a_400_naming_the_field_and_nothing_is_stored(
    client, world, fields, field
):
    client.force_login(world.editor_kg)

    response = client.post("/api/v1/my-projects/", body(**fields), content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Project.objects.exists()


def test_someone_elses_project_is_a_404_and_stays_as_it_was(client, world):
    project = make_project(world.org_kg, published=False)
    client.force_login(world.editor_kz)

    patched = client.patch(
        f"/api/v1/my-projects/{project.pk}/", {"title": "Taken"}, content_type="application/json"
    )

    assert patched.status_code == 404
    assert client.post(f"/api/v1/my-projects/{project.pk}/publish/").status_code == 404
    project.refresh_from_db()
    assert project.title == "Community councils"


def test_a_patch_replaces_the_lists_it_gives_and_keeps_the_others(client, world):
    project = make_project(world.org_kg)
    client.force_login(world.editor_kg)

    response = client.patch(
        f"/api/v1/my-projects/{project.pk}/",
        {"sectors": [{"code": "15160", "percentage": 60}, {"code": "15170", "percentage": 40}]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert [s["code"] for s in response.json()["sectors"]] == ["15160", "15170"]
    assert len(response.json()["budgets"]) == 2
    assert response.json()["locations"][0]["name"] == "Bishkek"


@pytest.mark.parametrize(
    "sectors",
    [
        [{"code": "15160", "percentage": 60}, {"code": "15170", "percentage": 30}],
        [{"code": "15160", "percentage": 100}, {"code": "15170"}],
        [{"code": "15160"}, {"code": "15160"}],
    ],
    ids=["not 100", "one without a share", "twice"],
)
def test_sector_shares_that_cannot_stand_are_a_400_and_change_nothing(client, world, sectors):
    project = make_project(world.org_kg)
    before = list(project.sectors.values_list("code", "percentage"))
    client.force_login(world.editor_kg)

    response = client.patch(
        f"/api/v1/my-projects/{project.pk}/", {"sectors": sectors}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "sector" in response.json()["error"]["fields"]["sectors"][0]
    assert list(project.sectors.values_list("code", "percentage")) == before


def test_publishing_an_incomplete_project_is_a_409(client, world):
    project = make_project(world.org_kg, published=False, description="")
    client.force_login(world.editor_kg)

    response = client.post(f"/api/v1/my-projects/{project.pk}/publish/")

    assert response.status_code == 409
    assert "Describe the project." in response.json()["error"]["message"]


def test_the_list_takes_the_same_queries_however_many_projects(client, world, count_queries):
    for n in range(2):
        make_project(world.org_kg, title=f"P{n}")
    before = count_queries("/api/v1/projects/")
    for n in range(8):
        make_project(world.org_kz, title=f"Q{n}", funder=f"Fund {n}")

    assert count_queries("/api/v1/projects/") == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"actual_start": "2026-05-01", "actual_end": "2026-02-01"}, "actual_end"),
        ({"sectors": [{"code": "15150"}, {"code": "15150"}]}, "sectors"),
    ],
)
def test_what_the_model_refuses_is_a_400_too(client, world, fields, field):
    client.force_login(world.editor_kg)

    response = client.post("/api/v1/my-projects/", body(**fields), content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Project.objects.exists()


def test_an_unknown_or_empty_filter_is_a_400_not_an_empty_list(client, world):
    make_project(world.org_kg)

    assert client.get("/api/v1/projects/?organization=no-such-org").status_code == 400
    assert client.get("/api/v1/projects/?priority=99").status_code == 400
    assert client.get("/api/v1/projects/?funder=").status_code == 400
    assert client.get("/api/v1/projects/?funder=%20").status_code == 400
    found = client.get(f"/api/v1/projects/?organization={world.org_kg.slug}&priority=2")
    assert found.status_code == 200


def test_the_schema_says_which_funder_names_the_filter_refuses(client):
    import re

    parameters = client.get("/api/schema/?format=json").json()["paths"]["/api/v1/projects/"]
    (funder,) = [p for p in parameters["get"]["parameters"] if p["name"] == "funder"]
    pattern = re.compile(funder["schema"]["pattern"])

    for refused in ("", " ", "Fund\x00"):
        assert not pattern.search(refused), refused
        assert client.get("/api/v1/projects/", {"funder": refused}).status_code == 400
    assert pattern.search("Open Society Fund")
