"""The database is unreachable (restarting, failing over): every request answers a clean
503 with Retry-After, the site's page or the API's JSON, and the site recovers on its own
once the database is back."""

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from tests.services import PrivatePostgres, environment, free_port, wait_for

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise OperationalError("connection to server at 10.0.0.5, port 5432 failed")


def test_a_page_answers_503_with_the_sites_page_while_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("vision.views.statements_by_kind", unreachable)

    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "The site is briefly unavailable" in page
    assert "10.0.0.5" not in page
    assert "Traceback" not in page


def test_the_api_answers_503_in_its_error_shape(client, monkeypatch):
    monkeypatch.setattr("vision.api.CountryViewSet.get_queryset", unreachable)

    response = client.get("/api/v1/countries/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["error"]["code"] == "service_unavailable"
    assert "10.0.0.5" not in response.content.decode()


def test_a_failure_before_the_view_also_answers_503(monkeypatch):
    # Raised inside a middleware, it reaches handler500 rather than the middleware.
    monkeypatch.setattr("vision.middleware.get_language_from_request", unreachable)

    response = Client(raise_request_exception=False).get("/vision/")

    assert response.status_code == 503
    assert "The site is briefly unavailable" in response.content.decode()


def test_other_errors_remain_server_errors(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("vision.views.statements_by_kind", broken)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def children(pid: int) -> set[int]:
    """The processes that `pid` started: gunicorn's workers."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().rsplit(") ", 1)[1].split()[
                1
            ] == str(pid):
                found.add(int(entry.name))
        except (OSError, IndexError):
            continue  # The process ended while being read.
    return found


def serving(site: str, web) -> bool:
    assert web.poll() is None, "gunicorn stopped; see gunicorn.log"
    try:
        return get(f"{site}/ping/")[0] == 200
    except urllib.error.URLError:
        return False


@pytest.fixture
def private_postgres():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        from tests.services import skip_or_fail

        skip_or_fail("the restart test runs in the PostgreSQL leg (DATABASE_URL is not set)")
    cluster = PrivatePostgres()
    cluster.start()
    yield cluster
    cluster.remove()


def test_the_site_survives_a_postgresql_restart_without_restarting(private_postgres, tmp_path):
    private_postgres.create_database()
    env = environment(
        DATABASE_URL=private_postgres.url,
        DEBUG="false",
        SECRET_KEY="restart-test-key-that-is-long-enough-for-checks-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        HTTPS="false",  # served on loopback over plain HTTP
    )
    env.pop("REDIS_URL", None)
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
    port = free_port()
    web = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "vision.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--no-control-socket"),
            *("--error-logfile", str(tmp_path / "gunicorn.log")),
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    site = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: serving(site, web), "gunicorn starting")
        # Both workers hold a connection to the database before it goes away.
        for _ in range(6):
            assert get(f"{site}/vision/")[0] == 200
        workers = children(web.pid)
        assert len(workers) == 2

        private_postgres.stop()
        for _ in range(4):
            status, page = get(f"{site}/vision/")
            assert status == 503
            assert "The site is briefly unavailable" in page
            assert "Traceback" not in page
            assert str(private_postgres.port) not in page
        status, body = get(f"{site}/api/v1/countries/")
        assert status == 503
        assert "service_unavailable" in body

        private_postgres.start()
        for _ in range(6):
            status, page = get(f"{site}/vision/")
            assert status == 200
            assert "The four roles of civil society" in page
        assert children(web.pid) == workers, "the same gunicorn workers served throughout"
    finally:
        web.terminate()
        web.wait(timeout=30)
