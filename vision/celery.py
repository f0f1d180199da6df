import logging
import os

from celery import Celery
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vision.settings")

app = Celery("vision")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The monitoring app keeps a tasks module in each of its rooms.
app.autodiscover_tasks(["monitoring.reporting", "monitoring.dashboards", "monitoring.opendata"])

log = logging.getLogger(__name__)


def enqueue(task, *args, **options) -> bool:
    """Queue a task whose result nobody waits for. A broker that is down is logged and
    answered with False instead of failing the request that queued it: the work is
    recorded in the database or caught up by a scheduled run.

    Without a result the publisher never touches the result backend, whose reconnection
    policy would otherwise hold the request for many seconds; `retry=False` and the
    broker's transport options (settings) make a dead broker fail within a second or two.
    """
    try:
        task.apply_async(args, ignore_result=True, retry=False, **options)
    except OperationalError:
        log.warning("Could not queue %s: the broker is unreachable.", task.name, exc_info=True)
        return False
    return True
