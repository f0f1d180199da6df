"""Redis stops while a coordinator approves: the approval is saved and acknowledged, the
request to recompute waits in the database, and the dashboards catch up once Redis is
back, without anyone's action."""

import datetime
import time

import pytest
from django.core.cache import caches
from django.utils import timezone

from monitoring.dashboards import engine, tasks
from monitoring.models import DashboardState, PendingRecompute, ProgressReport, ProgressSnapshot
from tests.monitoring.test_engine import approve
from tests.services import PrivateRedis, broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def cache_on(settings, url: str) -> None:
    """The production cache's configuration (vision/settings.py), on the given Redis."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 2,
            },
        },
    }


def submitted_report(world, reporting, people: str) -> ProgressReport:
    report = approve(world, reporting, world.org_kg, world.editor_kg, reporting.period)
    ProgressReport.objects.filter(pk=report.pk).update(status="submitted")
    report.values.filter(indicator=reporting.people).update(value=people, is_approved=False)
    return report


def people_on_the_dashboard(world, reporting):
    return (
        ProgressSnapshot.objects.filter(
            scope="indicator", period=reporting.period, indicator=reporting.people, country=world.kg
        )
        .values_list("value", flat=True)
        .first()
    )


def test_an_approval_while_redis_is_down_is_saved_and_the_dashboards_catch_up(
    client, world, reporting, redis_server, settings, django_capture_on_commit_callbacks
):
    settings.PENDING_RECOMPUTE_GRACE_SECONDS = 0
    # Redis is the cache as well as the broker in production; it is down for both.
    cache_on(settings, redis_server.url)
    report = submitted_report(world, reporting, people="77")
    generation = engine.recompute_all()
    assert people_on_the_dashboard(world, reporting) != 77
    client.force_login(world.coordinator_kg)

    with broker(redis_server.url):
        redis_server.stop()
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/review/{report.pk}/", {"action": "approve"}, follow=True)
        took = time.monotonic() - started

        assert response.redirect_chain == [("/review/", 302)]
        assert response.status_code == 200
        assert "The report is approved." in response.content.decode()
        assert took < 5, "publishing to a dead broker must fail fast, not hold the request"
        report.refresh_from_db()
        assert report.status == "approved"
        assert PendingRecompute.objects.filter(country=world.kg).exists()
        assert DashboardState.objects.get().generation == generation, "nothing ran yet"

        # Redis is back: beat's next drain queues the recompute through it.
        redis_server.start()
        assert tasks.drain_pending_recomputes() == 1
        queued = redis_server.client().llen("celery")
        assert queued == 1

    # A worker takes it (here: run in-process, as the test database is not shared).
    tasks.drain_pending_recomputes.apply()
    assert people_on_the_dashboard(world, reporting) == 77
    assert not PendingRecompute.objects.exists()
    assert DashboardState.objects.get().generation > generation


def test_the_drain_leaves_requests_whose_own_task_is_still_due(world, settings, monkeypatch):
    settings.PENDING_RECOMPUTE_GRACE_SECONDS = 120
    queued = []
    monkeypatch.setattr(
        tasks.recompute_country_dashboards, "apply_async", lambda *a, **k: queued.append(a)
    )
    PendingRecompute.objects.create(country=world.kg)
    late = PendingRecompute.objects.create(country=world.kz)
    PendingRecompute.objects.filter(pk=late.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    assert tasks.drain_pending_recomputes() == 1
    assert queued == [((world.kz.pk,),)]


def test_beat_drains_waiting_requests_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dashboards-pending"]
    assert entry["task"] == "monitoring.dashboards.tasks.drain_pending_recomputes"
    assert entry["schedule"] == 60


def test_pages_are_served_while_the_caches_redis_is_down(
    client, world, reporting, redis_server, settings
):
    cache_on(settings, redis_server.url)
    approve(world, reporting, world.org_kg, world.editor_kg, reporting.period, people="12")
    engine.recompute_all()
    assert client.get("/dashboards/KG/").status_code == 200  # cached in Redis

    redis_server.stop()
    caches["pages"].clear()  # not this process's memory: Redis alone is asked
    started = time.monotonic()
    page = client.get("/dashboards/KG/")
    api = client.get("/api/v1/countries/")

    assert page.status_code == 200
    assert world.kg.name in page.content.decode()
    assert api.status_code == 200
    assert time.monotonic() - started < 5
