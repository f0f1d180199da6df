"""Every organisation page tried by every role: what one may not see is a 404, what one
may see but not change is a 403, and anonymous visitors are sent to log in."""

import pytest

from organizations import permissions

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "viewer_kg",
    "editor_kg",
    "editor_kz",
    "viewer_kz",
    "coordinator_kg",
    "admin",
]

# Expected status for the Kyrgyz organisation's pages, by role.
MATRIX = {
    # role:            profile  team  edit(GET)  edit(POST)
    "anonymous": (200, 302, 302, 302),
    "outsider": (200, 404, 404, 404),
    "viewer_kg": (200, 200, 403, 403),
    "editor_kg": (200, 200, 200, 302),
    "editor_kz": (200, 404, 404, 404),
    "viewer_kz": (200, 404, 404, 404),
    "coordinator_kg": (200, 200, 403, 403),
    "admin": (200, 200, 200, 302),
}


def client_for(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def edit_data(organization, **changes):
    return {
        "name": organization.name,
        "city": organization.city,
        "kind": organization.kind,
        "description": organization.description,
        **changes,
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_each_organisation_page(client, world, role):
    client = client_for(client, world, role)
    org = world.org_kg
    expected = MATRIX[role]

    actual = (
        client.get(f"/organizations/{org.slug}/").status_code,
        client.get(f"/organizations/{org.slug}/team/").status_code,
        client.get(f"/organizations/{org.slug}/edit/").status_code,
        client.post(
            f"/organizations/{org.slug}/edit/", edit_data(org, city=f"City of {role}")
        ).status_code,
    )

    assert actual == expected
    org.refresh_from_db()
    assert (org.city == f"City of {role}") == (expected[3] == 302 and role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_an_applicant_organisation_is_hidden_from_everyone_but_its_people(client, world, role):
    world.org_kg.status = "applicant"
    world.org_kg.save()
    visible = role in {"viewer_kg", "editor_kg", "coordinator_kg", "admin"}

    response = client_for(client, world, role).get(f"/organizations/{world.org_kg.slug}/")

    assert response.status_code == (200 if visible else 404)


def test_a_suspended_organisations_editors_lose_write_access_but_keep_reading(client, world):
    world.org_kg.status = "suspended"
    world.org_kg.save()
    client.force_login(world.editor_kg)

    assert client.get(f"/organizations/{world.org_kg.slug}/team/").status_code == 200
    response = client.post(
        f"/organizations/{world.org_kg.slug}/edit/", edit_data(world.org_kg, city="Changed")
    )

    assert response.status_code == 403
    world.org_kg.refresh_from_db()
    assert world.org_kg.city == "Bishkek"


def test_an_editor_cannot_reach_another_organisation_by_changing_the_slug(client, world):
    client.force_login(world.editor_kz)

    response = client.post(
        f"/organizations/{world.org_kg.slug}/edit/", edit_data(world.org_kg, name="Taken over")
    )

    assert response.status_code == 404
    world.org_kg.refresh_from_db()
    assert world.org_kg.name == "Bishkek Civic Centre"


def test_the_predicates_are_the_same_ones_the_admin_obeys(world):
    assert permissions.is_network_admin(world.admin)
    assert world.admin.has_perm("organizations.change_organization")
    assert not permissions.is_network_admin(world.coordinator_kg)
    assert not world.editor_kg.has_perm("organizations.change_organization")
    assert permissions.can_edit_organization(world.editor_kg, world.org_kg)
    assert not permissions.can_edit_organization(world.viewer_kg, world.org_kg)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("editor_kg", 302), ("coordinator_kg", 302), ("admin", 200)],
)
def test_only_network_admins_enter_the_admin(client, world, role, status):
    assert client_for(client, world, role).get("/admin/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("editor_kg", 404), ("coordinator_kg", 404), ("admin", 200)],
)
def test_only_network_admins_review_applications(client, world, role, status):
    assert client_for(client, world, role).get("/applications/").status_code == status
