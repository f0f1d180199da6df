import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

BASE_DIR = Path(__file__).resolve().parent.parent


def pytest_report_header(config):
    """One line for each kind of test this machine cannot run, so that no skip is silent."""
    from tests.e2e.conftest import CHROMIUM, MISSING

    lines = []
    if not CHROMIUM.exists():
        lines.append(MISSING)
    if not settings.REDIS_URL:
        lines.append("worker tests skipped: REDIS_URL is not set (no broker for a real worker)")
    return lines


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests run with DEBUG off, where the manifest storage wants collectstatic's output.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
    env = {**os.environ}
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
