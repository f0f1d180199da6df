import io
import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, connections, transaction
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


# The real hasher is slow on purpose; tests create many accounts.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _open_data_in_a_temporary_folder(settings, tmp_path, request):
    settings.OPEN_DATA_ROOT = tmp_path / "opendata"
    copy_shared_demo_files(request, "opendata", settings.OPEN_DATA_ROOT)


@pytest.fixture(autouse=True)
def _evidence_in_a_temporary_folder(settings, tmp_path, request):
    settings.EVIDENCE_ROOT = tmp_path / "private"
    copy_shared_demo_files(request, "private", settings.EVIDENCE_ROOT)


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


# The demo, built once and shared --------------------------------------------------------
#
# `seed_demo` takes 10-25 s, and recomputing its dashboards a few more; many tests read
# the demo. They ask for `demo_data` (seeded) or `demo_dashboards` (seeded, dashboards
# recomputed) and share one build: each step is a transaction (for seeding) or a
# savepoint (for the recompute) held open while those tests run, each test's own
# transaction is a savepoint inside it, rolled back after the test, and a test that needs
# less rolls back the steps above what it needs before anything of it is set up.
# Collection puts the tests that share the demo after the other database tests, those
# needing the recompute last, so that each step is taken once in a run.

DEMO_LEVELS = {"demo_data": 1, "demo_dashboards": 2}


def demo_level(item) -> int:
    """How far a test needs the shared demo built: 0 not at all, 1 seeded, 2 seeded and
    its dashboards recomputed."""
    names = getattr(item, "fixturenames", ())
    return max((DEMO_LEVELS[name] for name in names if name in DEMO_LEVELS), default=0)


def transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or names & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )


def seed_the_demo() -> None:
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())


def recompute_the_demos_dashboards() -> None:
    from monitoring.dashboards import engine

    engine.recompute_all()


class SharedDemo:
    """The steps of the shared demo taken so far: the open transactions of each, and the
    folder of the files it wrote (the demo's documents are evidence files). A test gets a
    copy of the folder of the last step (`copy_shared_demo_files`)."""

    STEPS = (seed_the_demo, recompute_the_demos_dashboards)
    current: "SharedDemo | None" = None

    def __init__(self, blocker, folder: Path):
        self.blocker = blocker
        self.folder = folder
        self.steps: list[tuple[list[transaction.Atomic], Path]] = []
        self.failed: str | None = None

    @property
    def level(self) -> int:
        return len(self.steps)

    @property
    def files(self) -> Path:
        return self.steps[-1][1]

    def reach(self, level: int) -> None:
        if self.level == level:
            return
        with self.blocker.unblock():
            while self.level > level:
                self._undo()
            while self.level < level:
                self._take(self.level + 1)

    def _take(self, level: int) -> None:
        if self.failed:
            pytest.fail(f"the shared demo could not be built: {self.failed}", pytrace=False)
        files = self.folder / f"step-{level}"
        if self.steps:
            shutil.copytree(self.files, files)
        else:
            files.mkdir()
        atomics = []
        try:
            for alias in connections:
                atomic = transaction.atomic(using=alias)
                # Marked as Django's TestCase marks its own, so that a durable block is
                # allowed inside, as when each test seeded the demo in its transaction.
                atomic._from_testcase = True
                atomic.__enter__()
                atomics.append((alias, atomic))
            with as_in_a_test(files):
                self.STEPS[level - 1]()
        except BaseException as error:
            self.failed = f"{type(error).__name__}: {error} (see the first test that asked)"
            roll_back(atomics)
            shutil.rmtree(files, ignore_errors=True)
            raise
        self.steps.append((atomics, files))

    def _undo(self) -> None:
        atomics, files = self.steps.pop()
        roll_back(atomics)
        shutil.rmtree(files, ignore_errors=True)


def roll_back(atomics: list) -> None:
    for alias, atomic in reversed(atomics):
        transaction.set_rollback(True, using=alias)
        atomic.__exit__(None, None, None)


@contextmanager
def as_in_a_test(files: Path):
    """What the function-scoped fixtures give a test (which run after a step is taken):
    the fast password hasher, the English language, tasks run in the process, and
    folders of the step's own for the files the step writes."""
    from django.utils import translation

    from vision.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with (
            override_settings(
                PASSWORD_HASHERS=FAST_PASSWORD_HASHERS,
                OPEN_DATA_ROOT=files / "opendata",
                EVIDENCE_ROOT=files / "private",
            ),
            translation.override(settings.LANGUAGE_CODE),
        ):
            yield
    finally:
        app.conf.task_always_eager = eager
        for backend in (cache, caches["pages"]):
            backend.clear()


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    SharedDemo.current = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo"))
    yield SharedDemo.current
    SharedDemo.current.reach(0)
    SharedDemo.current = None


@pytest.fixture
def demo_data(_shared_demo, db):
    """The demo (`seed_demo`), shared; what the test writes is rolled back after it."""
    assert _shared_demo.level == 1, "the shared demo is taken before the test's transaction"


@pytest.fixture
def demo_dashboards(_shared_demo, db):
    """The demo with its dashboards recomputed, shared; the test's writes are rolled back."""
    assert _shared_demo.level == 2, "the shared demo is taken before the test's transaction"


def copy_shared_demo_files(request, name: str, target: Path) -> None:
    if demo_level(request.node):
        # The test's database first: the shared demo is brought to the test's step then.
        request.getfixturevalue("db")
        source = request.getfixturevalue("_shared_demo").files / name
        if source.exists():
            shutil.copytree(source, target)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # pytest-django sorts next, keeping this order within its groups (database tests,
    # transactional ones, the rest).
    items.sort(key=demo_level)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # An empty database, or committed data for a live server or a worker: the shared demo
    # is rolled back before the test's fixtures (the live server's among them) start.
    shared = SharedDemo.current
    if shared is not None and demo_level(item) < shared.level:
        shared.reach(demo_level(item))


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    # pytest-django's `_django_db_helper` opens the test's transaction: the shared demo's
    # steps are taken first, so that it is a savepoint inside theirs.
    if fixturedef.argname != "_django_db_helper":
        return
    level = demo_level(request.node)
    if not level:
        return
    if transactional(request.node):
        pytest.fail(
            "a transactional test (live server, worker) sees committed data only: "
            "seed the demo in the test instead of sharing it",
            pytrace=False,
        )
    request.getfixturevalue("_shared_demo").reach(level)
