"""Optional two-factor authentication for coordinators and network admins."""

import re
import time
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _no_pause_after_a_wrong_code(settings):
    # After a wrong code django-otp refuses every code for 1 s, then 2 s, 4 s…;
    # test_guessing_is_slowed_down keeps that pause.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code(key: bytes, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows, now or a few 30-second steps later (a code
    is accepted once only; the device allows one step of clock drift)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def log_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


def enable(client, user) -> bytes:
    client.force_login(user)
    page = client.get("/accounts/two-factor/").content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)[1]
    key = b32decode(secret)
    response = client.post("/accounts/two-factor/", {"token": code(key)})
    assert response.status_code == 302
    client.logout()
    return key


def test_a_coordinator_switches_it_on_with_the_secret_shown_as_text(client, world):
    client.force_login(world.coordinator_kg)
    assert "Two-factor authentication" in client.get("/accounts/").content.decode()

    page = client.get("/accounts/two-factor/").content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)[1]
    assert "otpauth://totp/Vision%202025" in page
    assert secret in client.get("/accounts/two-factor/").content.decode(), (
        "reloading keeps the secret being set up"
    )
    wrong = client.post("/accounts/two-factor/", {"token": "000000"})
    assert wrong.status_code == 400
    assert "This code is wrong or has expired" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()

    right = client.post("/accounts/two-factor/", {"token": code(b32decode(secret))})

    assert right.status_code == 302
    device = TOTPDevice.objects.get(user=world.coordinator_kg)
    assert device.confirmed
    assert "is on" in client.get("/accounts/two-factor/").content.decode()


def test_login_then_asks_for_the_code_and_refuses_a_wrong_one(client, world):
    key = enable(client, world.coordinator_kg)

    password_step = log_in(client, world.coordinator_kg)
    assert password_step.status_code == 302
    assert password_step["Location"] == "/accounts/login/code/"
    assert client.get("/review/").status_code == 302, "not logged in by the password alone"

    wrong = client.post("/accounts/login/code/", {"token": "123456"})
    assert wrong.status_code == 400
    assert "This code is wrong or has expired" in wrong.content.decode()
    assert client.get("/review/").status_code == 302

    right = client.post("/accounts/login/code/", {"token": code(key, steps_ahead=1)})
    assert right.status_code == 302
    assert right["Location"] == "/accounts/"
    assert client.get("/review/").status_code == 200


def test_the_code_step_needs_the_password_step_first(client, world):
    enable(client, world.coordinator_kg)

    response = client.post("/accounts/login/code/", {"token": "123456"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_people_without_a_device_log_in_as_before(client, world):
    enable(Client(), world.coordinator_kg)

    for user in (world.editor_kg, world.admin):
        response = log_in(client, user)
        assert response.status_code == 302
        assert response["Location"] == "/todo/"  # the to-do page
        client.logout()


def test_only_coordinators_and_network_admins_are_offered_it(client, world):
    client.force_login(world.editor_kg)

    assert "Two-factor" not in client.get("/accounts/").content.decode()
    assert client.get("/accounts/two-factor/").status_code == 403


def test_the_admin_requires_the_code_from_an_admin_who_has_a_device(client, world):
    key = enable(client, world.admin)
    # A session that passed the password only (as one opened before it was switched on).
    client.force_login(world.admin)
    assert client.get("/admin/").status_code == 302

    client.logout()
    assert client.get("/admin/login/?next=/admin/")["Location"] == ("/accounts/login/?next=/admin/")
    log_in(client, world.admin)
    client.post("/accounts/login/code/", {"token": code(key, steps_ahead=1)})

    assert client.get("/admin/").status_code == 200


def test_switching_it_off_needs_a_code(client, world):
    key = enable(client, world.admin)
    client.force_login(world.admin)

    assert client.post("/accounts/two-factor/", {"token": "nope"}).status_code == 400
    assert TOTPDevice.objects.filter(user=world.admin).exists()
    off = client.post("/accounts/two-factor/", {"token": code(key, steps_ahead=1)})
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.admin).exists()


def test_guessing_is_slowed_down(client, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    key = enable(client, world.coordinator_kg)
    log_in(client, world.coordinator_kg)

    assert client.post("/accounts/login/code/", {"token": "123456"}).status_code == 400
    refused = client.post("/accounts/login/code/", {"token": code(key, steps_ahead=1)})

    assert refused.status_code == 400, "even the right code waits after a wrong one"
