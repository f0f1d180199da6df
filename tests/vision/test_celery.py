import os

import pytest
from django.conf import settings

from vision.tasks import ping


@pytest.mark.worker
def test_a_task_makes_the_round_trip_through_redis_to_a_real_worker(celery_worker):
    assert not settings.CELERY_TASK_ALWAYS_EAGER

    answer = ping.delay().get(timeout=30)

    assert answer["pong"] is True
    assert answer["pid"] != os.getpid(), "the task ran in the test process, not in the worker"


def test_without_redis_tasks_run_eagerly_in_process(settings):
    if settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: this run uses the broker")
    assert settings.CELERY_TASK_ALWAYS_EAGER

    assert ping.delay().get()["pid"] == os.getpid()
