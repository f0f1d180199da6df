import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

BASE_DIR = Path(__file__).resolve().parent.parent


def compile_stale_catalogues() -> None:
    """`make test` compiles the translation catalogues; a bare `pytest` after a catalogue
    was edited gets them compiled here, before any page is translated."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in BASE_DIR.glob("locale/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))


compile_stale_catalogues()


def pytest_report_header(config):
    """One line for each kind of test this machine cannot run, so that no skip is silent."""
    from tests.e2e.conftest import CHROMIUM, MISSING

    lines = []
    if not CHROMIUM.exists():
        lines.append(MISSING)
    if not settings.REDIS_URL:
        lines.append("worker tests skipped: REDIS_URL is not set (no broker for a real worker)")
    return lines


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """The suite runs with DEBUG off, hence the production settings, but its clients and
    live server speak plain HTTP: no redirect to HTTPS, cookies sent without TLS (before
    the live server starts, which reads them once). test_security.py tries HTTPS itself."""
    with override_settings(
        SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
    ):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _open_data_in_a_temporary_folder(settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "opendata"


@pytest.fixture(autouse=True)
def _evidence_in_a_temporary_folder(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests run with DEBUG off, where the manifest storage wants collectstatic's output.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # A request in Russian leaves Russian active in the thread; each test starts in English.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    for backend in (cache, caches["pages"]):
        backend.clear()
    yield
    for backend in (cache, caches["pages"]):
        backend.clear()


def required(variable: str) -> bool:
    """CI sets these so that a test which would skip for a missing service fails instead."""
    return os.environ.get(variable, "") not in ("", "0", "false")


@pytest.fixture
def count_queries(client):
    """Render a URL and return how many SQL queries that took."""

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries)

    return count


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, tmp_path_factory):
    """A real Celery worker, started for this test run and pointed at the test database."""
    if not settings.REDIS_URL:
        message = "REDIS_URL is not set, so there is no broker for a real Celery worker"
        if required("VISION_REQUIRE_WORKER"):
            pytest.fail(message)
        pytest.skip(message)
    from vision.celery import app

    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    env = {**os.environ, "OPEN_DATA_ROOT": str(tmp_path_factory.mktemp("opendata"))}
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = _database_url()
    log = open(tmp_path_factory.mktemp("celery") / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "vision", "worker", "-l", "info"),
            *("--concurrency", "2", "-n", name, "--without-gossip", "--without-mingle"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    hostname = name.replace("%h", os.uname().nodename)
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[hostname], timeout=1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the Celery worker did not start; see {log.name}")
    yield hostname
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@dataclass
class World:
    """Two countries, two organisations each with an editor and a viewer, a coordinator
    of the first country, a network admin, and an outsider who belongs nowhere."""

    kg: object
    kz: object
    org_kg: object
    org_kz: object
    editor_kg: object
    viewer_kg: object
    editor_kz: object
    viewer_kz: object
    coordinator_kg: object
    admin: object
    outsider: object


@pytest.fixture
def world(db) -> World:
    from django.contrib.auth.models import Group

    from organizations.models import NETWORK_ADMINS_GROUP, CountryCoordinator
    from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
    from vision.models import Country

    kg, kz = Country.objects.get(code="KG"), Country.objects.get(code="KZ")
    org_kg = OrganizationFactory(name="Bishkek Civic Centre", slug="bishkek-civic", country=kg)
    org_kz = OrganizationFactory(name="Almaty Youth Hub", slug="almaty-youth", country=kz)
    admin = UserFactory(username="network-admin")
    admin.groups.add(Group.objects.get(name=NETWORK_ADMINS_GROUP))
    coordinator = UserFactory(username="coordinator-kg")
    CountryCoordinator.objects.create(user=coordinator, country=kg)
    return World(
        kg=kg,
        kz=kz,
        org_kg=org_kg,
        org_kz=org_kz,
        editor_kg=MembershipFactory(organization=org_kg, role="editor").user,
        viewer_kg=MembershipFactory(organization=org_kg, role="viewer").user,
        editor_kz=MembershipFactory(organization=org_kz, role="editor").user,
        viewer_kz=MembershipFactory(organization=org_kz, role="viewer").user,
        coordinator_kg=coordinator,
        admin=admin,
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture(autouse=True)
def _tasks_run_eagerly_unless_a_worker_is_asked_for(request):
    """Most tests run Celery tasks in-process, so their effects can be asserted directly;
    tests marked `worker` send them through the broker to a real worker instead."""
    from vision.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager
