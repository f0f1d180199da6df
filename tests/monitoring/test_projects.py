"""Projects on the site: recording one with its parts, who may edit it, publishing, its
updates and their moderation, the public list with its filters and map, the projects and
their budget on the dashboards and the organisation's page, in constant queries."""

import io

import pytest
from django.core.cache import cache, caches
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from monitoring.dashboards.models import PendingRecompute
from monitoring.projects.models import Participant, Project, Update
from organizations.models import CountryCoordinator, Membership
from priorities.models import Objective
from tests.factories import OrganizationFactory, UserFactory
from tests.monitoring.projects import formset, make_project, project_form_data

pytestmark = pytest.mark.django_db


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_editor_records_a_project_with_its_parts_as_a_draft(client, world):
    client.force_login(world.editor_kg)

    response = client.post("/projects/new/", project_form_data(world))

    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(title="Youth councils in schools")
    assert not project.is_published
    assert project.organization == world.org_kg
    assert [p.name for p in project.participants.all()] == ["Steppe Fund"]
    assert project.locations.get().name == "Osh"
    assert project.sectors.get().code == "11330"
    assert project.budgets.get().amount == 12000
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/projects/{project.pk}/").status_code == 404  # a draft is not public


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            formset(
                "locations",
                [{"name": "Almaty", "country": "KG", "latitude": "43.24", "longitude": "76.95"}],
            ),
            "This point is not in Kyrgyzstan",
        ),
        ({"planned_end": "2025-01-01"}, "The end comes after the start."),
        (
            formset("sectors", [{"code": "11330", "percentage": "60"}, {"code": "15150"}]),
            "adding up to 100",
        ),
        (formset("sectors", [{"code": "99999"}]), "Select a valid choice"),
        (formset("budgets", [{"year": "2026", "amount": "-5", "currency": "USD"}]), "greater than"),
    ],
)
def test_a_wrong_part_is_refused_with_a_message_and_nothing_is_stored(
    client, world, fields, message
):
    client.force_login(world.editor_kg)
    data = project_form_data(world, **fields)
    if "locations-0-country" in fields:
        data["locations-0-country"] = str(world.kg.pk)

    response = client.post("/projects/new/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Project.objects.exists()


def test_someone_elses_organisations_project_is_a_404_to_edit_and_publish(client, world):
    project = make_project(world.org_kg, published=False)
    client.force_login(world.editor_kz)

    assert client.get(f"/projects/{project.pk}/edit/").status_code == 404
    assert client.post(f"/projects/{project.pk}/edit/", {"title": "Taken"}).status_code == 404
    assert client.post(f"/projects/{project.pk}/publish/").status_code == 404
    project.refresh_from_db()
    assert project.title == "Community councils"
    assert not project.is_published


def test_a_member_named_as_implementing_edits_the_shared_project(client, world):
    project = make_project(world.org_kg)
    Participant.objects.create(project=project, role="4", organization=world.org_kz)
    client.force_login(world.editor_kz)

    page = client.get(f"/projects/{project.pk}/edit/")

    assert page.status_code == 200
    # A funder or a viewer does not edit: only implementing members' editors do.
    client.force_login(world.viewer_kg)
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 404


def test_publishing_needs_a_description_then_shows_the_project_to_everyone(client, world):
    project = make_project(world.org_kg, published=False, description="")
    client.force_login(world.editor_kg)

    refused = client.post(f"/projects/{project.pk}/publish/", follow=True)

    assert "Describe the project." in refused.content.decode()
    project.refresh_from_db()
    assert not project.is_published
    project.description = "Councils in every district."
    project.save()
    PendingRecompute.objects.all().delete()

    client.post(f"/projects/{project.pk}/publish/")

    project.refresh_from_db()
    assert project.is_published
    assert project.published_at
    client.logout()
    listing = client.get("/projects/").content.decode()
    assert "Community councils" in listing
    assert "Steppe Fund" in listing
    assert client.get(f"/projects/{project.pk}/").status_code == 200


def test_an_update_waits_for_a_coordinator_of_the_projects_country(client, world):
    project = make_project(world.org_kg)
    client.force_login(world.editor_kg)
    photo = SimpleUploadedFile("meeting.png", png(), content_type="image/png")

    client.post(
        f"/projects/{project.pk}/updates/new/",
        {
            "date": "2026-03-01",
            "text": "The first councils met.",
            "photo": photo,
            "photo_description": "Pupils around a table",
        },
    )

    update = Update.objects.get()
    assert update.status == "pending"
    client.logout()
    assert "The first councils met." not in client.get(f"/projects/{project.pk}/").content.decode()
    assert client.get(f"/projects/updates/{update.pk}/photo/").status_code == 404

    other = UserFactory(username="coordinator-kz")
    CountryCoordinator.objects.create(user=other, country=world.kz)
    client.force_login(other)
    refused = client.post(f"/projects/updates/{update.pk}/moderate/", {"decision": "approve"})
    assert refused.status_code == 404  # not their country: they don't know it exists
    client.force_login(world.coordinator_kg)
    assert "The first councils met." in client.get("/projects/updates/").content.decode()
    client.post(f"/projects/updates/{update.pk}/moderate/", {"decision": "approve"})

    update.refresh_from_db()
    assert update.status == "approved"
    assert update.moderated_by == world.coordinator_kg
    client.logout()
    assert "The first councils met." in client.get(f"/projects/{project.pk}/").content.decode()
    image = client.get(f"/projects/updates/{update.pk}/photo/")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"


def test_a_coordinator_does_not_moderate_their_own_organisations_update(client, world):
    project = make_project(world.org_kg)
    update = Update.objects.create(project=project, date="2026-03-01", text="Done.")
    Membership.objects.create(user=world.coordinator_kg, organization=world.org_kg, role="viewer")
    client.force_login(world.coordinator_kg)

    response = client.post(f"/projects/updates/{update.pk}/moderate/", {"decision": "approve"})

    assert response.status_code == 403
    update.refresh_from_db()
    assert update.status == "pending"


def test_not_publishing_an_update_needs_a_reason(client, world):
    project = make_project(world.org_kg)
    update = Update.objects.create(project=project, date="2026-03-01", text="Done.")
    client.force_login(world.coordinator_kg)

    page = client.post(
        f"/projects/updates/{update.pk}/moderate/", {"decision": "reject"}, follow=True
    )

    assert "Say why the update is not published." in page.content.decode()
    update.refresh_from_db()
    assert update.status == "pending"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.png", b"<html><script>alert(1)</script></html>", "Upload a valid image"),
        ("photo.gif", None, "JPEG, PNG or WebP"),
    ],
)
def test_a_photo_that_is_not_an_allowed_image_is_refused(client, world, name, content, message):
    project = make_project(world.org_kg)
    client.force_login(world.editor_kg)
    upload = SimpleUploadedFile(name, content if content is not None else png())
    if name.endswith(".gif"):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4)).save(buffer, "GIF")
        upload = SimpleUploadedFile(name, buffer.getvalue())

    response = client.post(
        f"/projects/{project.pk}/updates/new/",
        {"date": "2026-03-01", "text": "Look.", "photo": upload, "photo_description": "x"},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Update.objects.exists()


def test_the_list_filters_by_country_priority_goal_funder_status_and_organisation(client, world):
    objective = Objective.objects.get(priority__number=2, position=1)
    kg = make_project(world.org_kg, title="Kyrgyz councils", funder="Steppe Fund")
    kg.objectives.set([objective])
    kg.sdg_targets.set(kg.sdg_targets.model.objects.filter(code="16.7"))
    make_project(world.org_kz, title="Kazakh youth", funder="Other Fund", status="3")

    def titles(query):
        page = client.get(f"/projects/?{query}")
        assert page.status_code == 200
        return {p.title for p in page.context["page"]}

    assert titles("") == {"Kyrgyz councils", "Kazakh youth"}
    assert titles("country=KG") == {"Kyrgyz councils"}
    assert titles("priority=2") == {"Kyrgyz councils"}
    assert titles("goal=16") == {"Kyrgyz councils"}
    assert titles("funder=Other+Fund") == {"Kazakh youth"}
    assert titles("status=3") == {"Kazakh youth"}
    assert titles(f"organization={world.org_kz.slug}") == {"Kazakh youth"}
    assert client.get("/projects/?country=XX").status_code == 400


def test_the_map_shows_each_place_and_lists_it_in_words(client, world):
    make_project(world.org_kg)

    page = client.get("/projects/").content.decode()

    assert page.count('class="project-point"') == 1
    assert "Bishkek: <a" in page


def test_the_dashboards_and_the_organisations_page_show_the_projects_and_their_budget(
    client, world
):
    project = make_project(world.org_kg)
    project.objectives.set([Objective.objects.get(priority__number=2, position=1)])
    project.sdg_targets.set(project.sdg_targets.model.objects.filter(code="16.7"))

    for url in ("/dashboards/KG/", "/dashboards/priorities/2/", "/dashboards/sdg/16/"):
        page = client.get(url).content.decode()
        assert "Projects behind these figures" in page, url
        assert "Community councils" in page, url
        # The chart's table: the funder's row, a column per year and the total.
        assert "Steppe Fund" in page, url
        assert "35,000" in page, url
    assert (
        "No published project contributes here yet."
        in client.get("/dashboards/KZ/").content.decode()
    )
    assert (
        "Community councils" in client.get(f"/organizations/{world.org_kg.slug}/").content.decode()
    )


def test_public_pages_take_the_same_queries_however_many_projects(client, world, count_queries):
    def add(organization, **fields):
        project = make_project(organization, **fields)
        project.objectives.set(Objective.objects.filter(priority__number=2)[:2])
        project.sdg_targets.set(project.sdg_targets.model.objects.filter(goal__number=16)[:2])

    for n in range(2):
        add(world.org_kg, title=f"Project {n}")
    urls = [
        "/projects/",
        "/projects/?country=KG",
        "/dashboards/KG/",
        "/dashboards/priorities/2/",
        "/dashboards/sdg/16/",
        f"/organizations/{world.org_kg.slug}/",
        "/api/v1/projects/",
    ]
    before = {url: count_queries(url) for url in urls}
    detail_before = count_queries(f"/projects/{Project.objects.first().pk}/")
    for n in range(6):
        add(OrganizationFactory(country=world.kg), title=f"More {n}", funder=f"Fund {n}")
    # Publishing on the site starts a recompute, whose new generation the cached
    # dashboards follow; here the projects were made directly, so the cache is emptied.
    cache.clear()
    caches["pages"].clear()

    after = {url: count_queries(url) for url in urls}

    assert after == before
    assert count_queries(f"/projects/{Project.objects.last().pk}/") == detail_before
    assert before["/projects/"] <= 12
