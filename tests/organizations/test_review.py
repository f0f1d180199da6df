import pytest
from django.core import mail

from organizations import services
from organizations.models import Membership, MembershipApplication, Organization
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(world):
    organization = OrganizationFactory(
        name="Karakol Eco Club", country=world.kg, city="Karakol", status="applicant"
    )
    applicant = UserFactory(username="karakol@example.org", email="karakol@example.org")
    return MembershipApplication.objects.create(organization=organization, applicant=applicant)


def decide(client, application, decision, note=""):
    return client.post(f"/applications/{application.pk}/", {"decision": decision, "note": note})


def test_the_review_page_lists_pending_applications(client, world, pending):
    client.force_login(world.admin)

    page = client.get("/applications/").content.decode()

    assert "Karakol Eco Club" in page
    assert f'href="/applications/{pending.pk}/"' in page


def test_accepting_makes_a_member_and_the_applicant_its_editor(
    client, world, pending, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, pending, "accept", note="Welcome aboard.")

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "accepted"
    assert pending.decided_by == world.admin
    organization = pending.organization
    organization.refresh_from_db()
    assert organization.status == "member"
    assert organization.member_since is not None
    assert (
        Membership.objects.get(user=pending.applicant, organization=organization).role == "editor"
    )
    assert [m.to for m in mail.outbox] == [["karakol@example.org"]]
    assert "now a member" in mail.outbox[0].subject
    assert "Welcome aboard." in mail.outbox[0].body
    directory = client.get("/organizations/").context["page"].object_list
    assert "Karakol Eco Club" in [o.name for o in directory]


def test_rejecting_keeps_the_record_frees_the_name_and_tells_the_applicant(
    client, world, pending, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, pending, "reject", note="Please apply through your national network.")

    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert pending.organization.status == "rejected"
    assert not Membership.objects.filter(user=pending.applicant).exists()
    assert "could not accept" in mail.outbox[0].body
    assert "national network" in mail.outbox[0].body
    assert services.duplicate_name_error(country=world.kg, name="karakol eco club") is None


def test_a_decided_application_cannot_be_decided_again(client, world, pending):
    client.force_login(world.admin)
    decide(client, pending, "reject")

    response = decide(client, pending, "accept")

    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert not Membership.objects.filter(user=pending.applicant).exists()


@pytest.mark.parametrize("decision", ["", "approve"])
def test_an_unknown_decision_is_a_400_and_changes_nothing(client, world, pending, decision):
    client.force_login(world.admin)

    assert decide(client, pending, decision).status_code == 400
    pending.refresh_from_db()
    assert pending.status == "pending"


@pytest.mark.parametrize("role", ["editor_kg", "coordinator_kg", "outsider"])
def test_only_network_admins_decide(client, world, pending, role):
    client.force_login(getattr(world, role))

    assert decide(client, pending, "accept").status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_the_admin_action_accepts_through_the_same_service(client, world, pending):
    client.force_login(world.admin)

    response = client.post(
        "/admin/organizations/membershipapplication/",
        {"action": "accept_applications", "_selected_action": [pending.pk]},
    )

    assert response.status_code == 302
    assert Organization.objects.get(pk=pending.organization.pk).status == "member"
    assert Membership.objects.filter(user=pending.applicant, role="editor").exists()


def test_changes_to_an_organisation_and_its_memberships_are_kept_in_history(client, world):
    client.force_login(world.editor_kg)
    client.post(
        f"/organizations/{world.org_kg.slug}/edit/",
        {"name": world.org_kg.name, "city": "Tokmok", "kind": "ngo", "description": "New."},
    )
    membership = Membership.objects.get(user=world.viewer_kg)
    membership.role = "editor"
    membership.save()

    history = world.org_kg.history.order_by("history_date")
    assert [h.city for h in history] == ["Bishkek", "Tokmok"]
    assert history.last().history_user == world.editor_kg
    assert [h.role for h in membership.history.order_by("history_date")] == ["viewer", "editor"]

    client.force_login(world.admin)
    page = client.get(f"/admin/organizations/organization/{world.org_kg.pk}/history/")
    assert page.status_code == 200
    assert str(world.editor_kg) in page.content.decode()
