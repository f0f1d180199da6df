"""The Celery worker is killed (SIGKILL) in the middle of a full recompute: the previous
dashboards stay served, the task is delivered again (late acknowledgement) and completes,
and its figures equal those of an undisturbed run."""

import os
import signal
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from monitoring.dashboards import engine, tasks
from monitoring.models import DashboardState, ProgressReport
from tests.conftest import BASE_DIR, _database_url
from tests.monitoring.test_engine import rows
from tests.services import skip_or_fail, wait_for
from vision.celery import app


def recompute_waiting_to_commit() -> bool:
    """Another session holds a transaction open: the recompute has written its snapshots
    and sleeps before committing them (DASHBOARD_TEST_DELAY_SECONDS)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state = 'idle in transaction' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


@pytest.fixture
def killable_worker(tmp_path):
    """A worker of our own, on a queue of our own (the session's worker must not take the
    task), whose full recomputes pause before committing."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)")
    queue = f"kill-test-{uuid.uuid4().hex[:8]}"
    name = f"{queue}@%h"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "OPEN_DATA_ROOT": str(tmp_path / "opendata"),
        "DASHBOARD_TEST_DELAY_SECONDS": "4",
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "vision", "worker", "-l", "info"),
                *("--concurrency", "1", "-n", name, "-Q", queue),
                *("--without-gossip", "--without-mingle"),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    hostname = name.replace("%h", os.uname().nodename)
    wait_for(lambda: app.control.ping(destination=[hostname], timeout=1), "the worker starting", 60)
    yield hostname, queue, log
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_recompute_leaves_the_old_dashboards_and_the_retry_completes(
    killable_worker,
):
    hostname, queue, log = killable_worker
    call_command("load_content", verbosity=0)
    call_command("seed_demo", stdout=None)
    generation = engine.recompute_all()
    before = rows()
    # New approved figures, so that the recompute has something to change.
    ProgressReport.objects.filter(status="approved").first().values.update(value=999999)

    tasks.recompute_all_dashboards.apply_async(queue=queue)
    wait_for(recompute_waiting_to_commit, "the recompute writing its snapshots", 120)
    active = app.control.inspect(destination=[hostname], timeout=2).active()[hostname]
    assert [t["name"] for t in active] == ["monitoring.dashboards.tasks.recompute_all_dashboards"]
    os.kill(active[0]["worker_pid"], signal.SIGKILL)

    # The half-done generation was never committed: the previous one is still served.
    assert rows() == before
    assert DashboardState.objects.get().generation == generation
    wait_for(
        lambda: DashboardState.objects.get().generation > generation,
        "the recompute delivered again and completed",
        180,
    )
    recovered = rows()
    # The generation is committed before the task tidies the old snapshots and writes the
    # open data files; the worker logs the task's success only after those.
    wait_for(lambda: "succeeded in" in log.read_text(), "the worker reporting the retry done", 60)
    text = log.read_text()
    assert "signal 9" in text, "the pool process was killed"
    assert "recompute_all_dashboards" in text
    assert text.count("succeeded in") == 1
    assert DashboardState.objects.get().generation == generation + 1

    engine.recompute_all()
    assert recovered == rows(), "the same figures as an undisturbed run"
    assert recovered != before
