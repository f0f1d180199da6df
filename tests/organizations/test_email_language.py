"""The language of a person's emails: the one they signed up in, then the one they read the
site in, until they choose one on their account page."""

import pytest

from organizations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, world):
    client.force_login(world.editor_kg)
    return client


def test_a_person_chooses_the_language_of_their_emails_on_their_account(editor, world):
    page = editor.get("/accounts/").content.decode()
    assert "Language of my emails" in page
    assert ">Кыргызча<" in page, "each language in its own name"

    response = editor.post("/accounts/", {"language": "ky"})

    assert response.status_code == 302
    person = User.objects.get(pk=world.editor_kg.pk)
    assert (person.language, person.language_chosen) == ("ky", True)
    editor.get("/language/ru/?next=/")
    assert User.objects.get(pk=person.pk).language == "ky", "reading in Russian keeps it"


def test_until_they_choose_the_menu_sets_the_language_of_their_emails(editor, world):
    editor.get("/language/tg/?next=/")

    assert User.objects.get(pk=world.editor_kg.pk).language == "tg"


def test_a_language_the_platform_does_not_offer_is_refused(editor, world, settings):
    settings.LANGUAGES = [("en", "English"), ("ru", "Russian")]

    response = editor.post("/accounts/", {"language": "ky"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    person = User.objects.get(pk=world.editor_kg.pk)
    assert (person.language, person.language_chosen) == ("en", False)
