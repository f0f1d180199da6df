"""What /healthz checks: the database, the broker, a worker, and the age of the newest
dashboard generation. Each answer is "ok" (or "eager" when tasks run in-process) or
"fail: …" with a reason that names no host, address or credential.

Polled every few seconds by a load balancer or a monitor, so it costs one small query;
the broker and worker answers are kept for HEALTHZ_CACHE_SECONDS in the process (not in
the cache, which lives in the same Redis as the broker).
"""

import datetime
import threading
import time

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

OK = "ok"
EAGER = "eager"

_celery_answer: dict = {"at": float("-inf"), "checks": None}
_celery_lock = threading.Lock()


def health_checks() -> dict[str, str]:
    checks = _database_and_dashboards()
    checks.update(_broker_and_worker())
    return checks


def is_healthy(checks: dict[str, str]) -> bool:
    return all(answer in (OK, EAGER) for answer in checks.values())


def _database_and_dashboards() -> dict[str, str]:
    from monitoring.models import DashboardState

    try:
        computed_at = (
            DashboardState.objects.filter(pk=1).values_list("computed_at", flat=True).first()
        )
    except DatabaseError as error:
        return {
            "database": f"fail: {type(error).__name__}",
            "dashboards": "fail: unknown without the database",
        }
    if computed_at is None:
        dashboards = "fail: never computed"
    else:
        age = timezone.now() - computed_at
        limit = datetime.timedelta(seconds=settings.HEALTHZ_MAX_DASHBOARD_AGE)
        dashboards = OK if age <= limit else f"fail: {int(age.total_seconds())} s old"
    return {"database": OK, "dashboards": dashboards}


def _broker_and_worker() -> dict[str, str]:
    from vision.celery import app

    if app.conf.task_always_eager:
        return {"broker": EAGER, "worker": EAGER}
    with _celery_lock:
        if time.monotonic() - _celery_answer["at"] < settings.HEALTHZ_CACHE_SECONDS:
            return _celery_answer["checks"]
        checks = _ask_celery(app)
        _celery_answer.update(at=time.monotonic(), checks=checks)
        return checks


def _ask_celery(app) -> dict[str, str]:
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
    except Exception as error:  # Whatever the failure, there is no broker.
        return {"broker": f"fail: {type(error).__name__}", "worker": "fail: no broker"}
    try:
        replies = app.control.ping(timeout=settings.HEALTHZ_WORKER_TIMEOUT, limit=1)
    except Exception as error:
        return {"broker": OK, "worker": f"fail: {type(error).__name__}"}
    return {"broker": OK, "worker": OK if replies else "fail: no worker answered"}


def forget_celery_answer() -> None:
    """Tests change the broker between requests; production never needs this."""
    _celery_answer.update(at=float("-inf"), checks=None)
