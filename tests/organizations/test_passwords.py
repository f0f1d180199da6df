"""Django's password validators apply wherever a password is chosen."""

import re

import pytest
from django.core import mail

from organizations.models import User
from tests.organizations.test_joining import application

pytestmark = pytest.mark.django_db

WEAK = [
    ("short-1", "This password is too short."),
    ("password123", "This password is too common."),
    ("4815162342", "This password is entirely numeric."),
    ("aigul.toktosunova", "The password is too similar to the"),
]


@pytest.mark.parametrize(("password", "message"), WEAK)
def test_joining_refuses_a_weak_password(client, world, password, message):
    response = client.post(
        "/join/",
        application(
            **{
                "applicant-email": "aigul.toktosunova@example.org",
                "applicant-password1": password,
                "applicant-password2": password,
            }
        ),
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(email="aigul.toktosunova@example.org").exists()


@pytest.mark.parametrize(("password", "message"), WEAK[:3])
def test_changing_a_password_refuses_a_weak_one(client, world, password, message):
    client.force_login(world.editor_kg)

    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "a-long-test-password",
            "new_password1": password,
            "new_password2": password,
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    world.editor_kg.refresh_from_db()
    assert world.editor_kg.check_password("a-long-test-password")


def test_a_reset_refuses_a_weak_password(client, world):
    client.post("/accounts/password_reset/", {"email": world.editor_kg.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "password123", "new_password2": "password123"},
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    world.editor_kg.refresh_from_db()
    assert world.editor_kg.check_password("a-long-test-password")
