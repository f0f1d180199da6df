import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from organizations.models import Membership, MembershipApplication, Organization, User
from vision.models import Country

pytestmark = pytest.mark.django_db


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def application(**changes):
    data = {
        "name": "Naryn Water Users",
        "country": str(Country.objects.get(code="KG").pk),
        "city": "Naryn",
        "kind": "ngo",
        "year_founded": "2004",
        "description": "Irrigation and drinking water for villages.",
        "website": "https://naryn-water.example.org",
        "contact_email": "info@naryn-water.example.org",
        "priorities": [],
        "sdg_goals": [],
        "applicant-full_name": "Aigul Toktosunova",
        "applicant-email": "Aigul@Example.org",
        "applicant-password1": "rivers-and-valleys-42",
        "applicant-password2": "rivers-and-valleys-42",
        "application-motivation": "We want to report on SDG 6 with the network.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def nothing_stored():
    return (
        not Organization.objects.filter(name__icontains="Naryn Water").exists()
        and not User.objects.filter(email="aigul@example.org").exists()
        and not MembershipApplication.objects.exists()
    )


def test_an_organisation_applies_and_everyone_concerned_is_emailed(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/join/", application(priorities=["2"], sdg_goals=["6"]))

    assert response.status_code == 302
    assert response["Location"] == "/join/thanks/"
    organization = Organization.objects.get(name="Naryn Water Users")
    assert organization.status == "applicant"
    assert organization.applied_on is not None
    assert [g.number for g in organization.sdg_goals.all()] == [6]
    applicant = User.objects.get(email="aigul@example.org")
    assert applicant.check_password("rivers-and-valleys-42")
    assert organization.application.applicant == applicant
    assert not Membership.objects.filter(user=applicant).exists(), "editor only once accepted"
    assert len(callbacks) == 2
    assert [m.to for m in mail.outbox] == [["aigul@example.org"], [world.admin.email]]
    assert "Naryn Water Users" in mail.outbox[0].subject
    assert f"/applications/{organization.application.pk}/" in mail.outbox[1].body
    assert client.get("/accounts/").status_code == 200, "the applicant is logged in"


def test_nothing_is_emailed_when_the_application_is_not_committed(client, world):
    # Emails wait for the commit: without running on-commit callbacks, none goes out.
    client.post("/join/", application())
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  naryn   WATER users "}, "name", "already registered in Kyrgyzstan"),
        ({"applicant-email": "not-an-email"}, "applicant-email", "Enter a valid email address."),
        ({"contact_email": "info@"}, "contact_email", "Enter a valid email address."),
        ({"website": "not a url"}, "website", "Enter a valid URL."),
        ({"year_founded": "1066"}, "year_founded", "greater than or equal to 1800"),
        ({"year_founded": "2999"}, "year_founded", "less than or equal to"),
        ({"year_founded": "twenty"}, "year_founded", "Enter a whole number."),
        ({"description": "x" * 3001}, "description", "at most 3000 characters"),
        ({"country": "999999"}, "country", "Select a valid choice."),
        ({"priorities": ["42"]}, "priorities", "Select a valid choice."),
        ({"applicant-password2": "different"}, "applicant-password2", "The two passwords differ."),
        (
            {"applicant-password1": "123", "applicant-password2": "123"},
            "applicant-password1",
            "too short",
        ),
    ],
)
def test_bad_input_is_named_on_its_field_and_nothing_is_stored(
    client, world, changes, field, message
):
    if field == "name":
        client.post("/join/", application())
        client.logout()
        changes = {**changes, "applicant-email": "second@example.org"}
    before = Organization.objects.count(), User.objects.count()

    response = client.post("/join/", application(**changes))

    assert response.status_code == 400
    form_name = "applicant_form" if field.startswith("applicant-") else "organization_form"
    form = response.context[form_name]
    key = field.removeprefix("applicant-")
    assert message in " ".join(form.errors[key]), form.errors
    assert (Organization.objects.count(), User.objects.count()) == before
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_email_that_already_has_an_account_is_refused(client, world):
    response = client.post("/join/", application(**{"applicant-email": world.editor_kg.email}))

    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert nothing_stored()


def test_the_same_name_in_another_country_is_fine(client, world):
    client.post("/join/", application())
    client.logout()

    response = client.post(
        "/join/",
        application(
            country=str(Country.objects.get(code="TJ").pk),
            **{"applicant-email": "other@example.org"},
        ),
    )

    assert response.status_code == 302
    assert Organization.objects.filter(name="Naryn Water Users").count() == 2


def test_a_logo_must_be_an_image_of_at_most_2_mb(client, world):
    fake = SimpleUploadedFile("logo.png", b"<svg>not a png</svg>", content_type="image/png")
    response = client.post("/join/", application(logo=fake))
    assert response.status_code == 400
    assert "Upload a valid image" in " ".join(response.context["organization_form"].errors["logo"])

    huge = SimpleUploadedFile("logo.png", png() + b"\0" * (2 * 1024 * 1024), "image/png")
    response = client.post("/join/", application(logo=huge))
    assert response.status_code == 400
    assert "at most 2 MB" in " ".join(response.context["organization_form"].errors["logo"])
    assert nothing_stored()


def test_a_valid_logo_is_kept(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")

    client.post("/join/", application(logo=logo))

    organization = Organization.objects.get(name="Naryn Water Users")
    assert organization.logo.name.startswith("logos/")
    assert (tmp_path / organization.logo.name).exists()


def test_html_in_text_fields_is_stored_as_text_and_shown_escaped(client, world):
    script = "<script>alert('x')</script>"
    client.post(
        "/join/", application(name=f"Naryn Water {script}", description=f"<b>bold</b> {script}")
    )
    organization = Organization.objects.get(name__startswith="Naryn Water")
    assert organization.description == f"<b>bold</b> {script}"
    organization.status = "member"
    organization.save()

    page = client.get(organization.get_absolute_url()).content.decode()

    assert script not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_a_logged_in_person_applies_without_a_new_account(client, world):
    client.force_login(world.editor_kz)
    data = {k: v for k, v in application().items() if not k.startswith("applicant-")}

    response = client.post("/join/", data)

    assert response.status_code == 302
    assert Organization.objects.get(name="Naryn Water Users").application.applicant == (
        world.editor_kz
    )
