"""/healthz: 200 only when the database, the broker and a worker answer and the newest
dashboards are recent enough; otherwise 503 naming what failed, and never a secret."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from monitoring.models import DashboardState
from tests.services import PrivateRedis, broker, free_port
from vision import health
from vision.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_answers():
    health.forget_celery_answer()
    yield
    health.forget_celery_answer()


@pytest.fixture
def computed(db):
    """Dashboards computed a minute ago."""
    DashboardState.objects.update_or_create(
        pk=1,
        defaults={"generation": 3, "computed_at": timezone.now() - datetime.timedelta(minutes=1)},
    )


def test_all_well_is_200_in_one_query(client, computed, django_assert_max_num_queries):
    # The one query: the dashboard state's time of computation (it also proves the database).
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "dashboards": "ok", "broker": "eager", "worker": "eager"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_is_neither_translated_nor_redirected(client, computed):
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert client.get("/ru/healthz").status_code == 404


def test_monitors_reach_it_over_plain_http_where_pages_redirect(client, computed, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/dashboards/").status_code == 301


def test_dashboards_never_computed_fail(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["dashboards"] == "fail: never computed"


def test_dashboards_older_than_the_limit_fail(client, computed, settings):
    settings.HEALTHZ_MAX_DASHBOARD_AGE = 30

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["dashboards"].startswith("fail: ")
    assert response.json()["checks"]["database"] == "ok"


def test_a_database_that_does_not_answer_fails(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError('connection to "db.internal" failed: password for "vision"')

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "fail: OperationalError"
    assert checks["dashboards"].startswith("fail: ")
    assert "db.internal" not in response.content.decode()
    assert "password" not in response.content.decode()


def test_a_broker_that_does_not_answer_fails_without_naming_it(client, computed):
    port = free_port()  # Nothing listens there.
    with broker(f"redis://:s3cret@127.0.0.1:{port}/0"):
        response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"] == "fail: OperationalError"
    assert checks["worker"] == "fail: no broker"
    assert checks["database"] == "ok"
    body = response.content.decode()
    assert str(port) not in body
    assert "s3cret" not in body
    assert "127.0.0.1" not in body


def test_no_worker_answering_fails_and_the_answer_is_kept_a_few_seconds(
    client, computed, monkeypatch
):
    redis_server = PrivateRedis()
    redis_server.start()
    pings = []
    ping = app.control.ping
    monkeypatch.setattr(app.control, "ping", lambda **kw: pings.append(kw) or ping(**kw))
    try:
        with broker(redis_server.url):
            first = client.get("/healthz")
            second = client.get("/healthz")
    finally:
        redis_server.stop()

    assert first.status_code == 503
    assert first.json()["checks"] == {
        "database": "ok",
        "dashboards": "ok",
        "broker": "ok",
        "worker": "fail: no worker answered",
    }
    assert second.json() == first.json()
    assert len(pings) == 1, "a poll every few seconds asks the workers once"
    assert pings[0]["timeout"] <= 1


@pytest.mark.worker
def test_a_running_worker_makes_it_healthy(client, computed, celery_worker):
    response = client.get("/healthz")

    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"] == "ok"
    assert response.json()["checks"]["broker"] == "ok"
