"""Production settings: HTTPS only, HSTS, secure cookies, `check --deploy` clean."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "vision.example.org",
}


def start_django(*command: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a production environment of its own: nothing of the test run's
    (DJANGO_ALLOW_ASYNC_UNSAFE of the browser tests, DATABASE_URL) leaks in."""
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    result = start_django("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("overrides", "warning"),
    [
        ({"HTTPS": "false"}, "security.W008"),
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}, "security.W005"),
    ],
)
def test_the_deployment_checks_notice_a_weakened_setting(overrides, warning):
    result = start_django("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **overrides)

    assert result.returncode != 0
    assert warning in result.stderr


def show(*names: str, **env: str) -> list[str]:
    code = "from django.conf import settings as s; print(*[getattr(s, n) for n in %r], sep='|')"
    result = start_django("shell", "-c", code % (names,), **env)
    assert result.returncode == 0, result.stderr
    # The last line: `shell` may first say how many objects it imported.
    return result.stdout.strip().splitlines()[-1].split("|")


def test_make_run_keeps_plain_http_on_loopback():
    names = ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS")
    assert show(*names, DEBUG="true", SECRET_KEY="") == ["False", "False", "0"]
    assert show(*names, **PRODUCTION) == ["True", "True", "31536000"]


def test_the_proxy_header_is_configurable_and_can_be_switched_off():
    assert show("SECURE_PROXY_SSL_HEADER", **PRODUCTION) == ["('HTTP_X_FORWARDED_PROTO', 'https')"]
    assert show("SECURE_PROXY_SSL_HEADER", **PRODUCTION, SECURE_PROXY_SSL_HEADER="X-Scheme") == [
        "('HTTP_X_SCHEME', 'https')"
    ]
    assert show("SECURE_PROXY_SSL_HEADER", **PRODUCTION, SECURE_PROXY_SSL_HEADER="") == ["None"]


@pytest.fixture
def https(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return Client()


def test_plain_http_is_redirected_to_https(https):
    response = https.get("/vision/?x=1")

    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/vision/?x=1"


def test_behind_the_proxy_https_requests_are_served_with_hsts(https):
    response = https.get("/vision/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(https, world):
    page = https.get("/accounts/login/", secure=True)
    login = https.post(
        "/accounts/login/",
        {"username": world.editor_kg.username, "password": "a-long-test-password"},
        secure=True,
    )

    assert login.status_code == 302
    csrf = page.cookies["csrftoken"]
    session = login.cookies["sessionid"]
    assert csrf["secure"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
