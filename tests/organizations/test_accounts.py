import re

import pytest
from django.core import mail
from django.core.management import call_command

from organizations.models import CountryCoordinator, Membership, Organization, User

pytestmark = pytest.mark.django_db


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_person_logs_in_sees_their_organisations_and_logs_out(client, world):
    response = log_in(client, world.editor_kg.username, "a-long-test-password")
    assert response.status_code == 302
    assert response["Location"] == "/todo/"  # the to-do page

    page = client.get("/accounts/").content.decode()
    assert "Bishkek Civic Centre" in page
    assert "Editor" in page

    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, world):
    response = log_in(client, world.editor_kg.username, "wrong")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_repeated_failures_lock_that_user_from_that_address(client, world):
    for _ in range(5):
        log_in(client, world.editor_kg.username, "wrong")

    locked = log_in(client, world.editor_kg.username, "a-long-test-password")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()

    # Another person on the same address, and the same person elsewhere, are not locked.
    assert log_in(client, world.viewer_kg.username, "a-long-test-password").status_code == 302
    client.logout()
    other = log_in(client, world.editor_kg.username, "a-long-test-password", ip="10.0.0.2")
    assert other.status_code == 302


def test_a_person_changes_their_password(client, world):
    client.force_login(world.editor_kg)

    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "steppe-and-mountains-7",
            "new_password2": "steppe-and-mountains-7",
        },
    )

    assert response.status_code == 302
    world.editor_kg.refresh_from_db()
    assert world.editor_kg.check_password("steppe-and-mountains-7")


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, world):
    client.post("/accounts/password_reset/", {"email": world.editor_kg.email})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-pass-9", "new_password2": "a-brand-new-pass-9"},
    )
    assert response.status_code == 302
    world.editor_kg.refresh_from_db()
    assert world.editor_kg.check_password("a-brand-new-pass-9")


def test_seed_demo_creates_labelled_demo_data_and_the_five_accounts(demo_data):
    demo = Organization.objects.filter(is_demo=True)
    assert 38 <= demo.count() <= 42
    assert all(o.name.endswith("(demo)") for o in demo)
    assert set(demo.values_list("country__code", flat=True)) == {
        "AF",
        "KZ",
        "KG",
        "MN",
        "TJ",
        "TM",
        "UZ",
    }
    for username in ["admin", "coordinator-kg", "editor-kg", "editor-kz", "viewer-kg"]:
        assert User.objects.get(username=username).check_password("demo-password")
    assert User.objects.get(username="admin").groups.filter(name="Network admins").exists()
    assert CountryCoordinator.objects.get(user__username="coordinator-kg").country.code == "KG"
    kg_editor = Membership.objects.get(user__username="editor-kg")
    viewer = Membership.objects.get(user__username="viewer-kg")
    assert (kg_editor.role, viewer.role) == ("editor", "viewer")
    assert kg_editor.organization == viewer.organization
    assert kg_editor.organization.country.code == "KG"
    assert Membership.objects.get(user__username="editor-kz").organization.country.code == "KZ"


def test_seed_demo_twice_changes_nothing(demo_data):
    def state():
        return (
            list(Organization.objects.values_list("slug", "name", "status", "updated_at")),
            list(User.objects.values_list("username", "password")),
            list(Membership.objects.values_list("user__username", "organization__slug", "role")),
            Organization.history.count(),
        )

    before = state()
    call_command("seed_demo", stdout=None)
    assert state() == before
