"""Countries recompute independently: each recompute holds its own country's lock, and
only the region's roll-up waits for the others. Run through a real Celery worker with two
processes, on PostgreSQL (SQLite has one writer at a time)."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from monitoring.dashboards import engine, tasks
from monitoring.dashboards.engine.figures import SNAPSHOT_COLUMNS
from monitoring.dashboards.engine.locks import lock_countries
from monitoring.models import IndicatorValue, PendingRecompute, ProgressSnapshot
from vision.models import Country

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer"),
]

FIGURES = SNAPSHOT_COLUMNS[:-1]  # computed_at aside


def snapshots() -> list[tuple]:
    return sorted(ProgressSnapshot.objects.values_list(*FIGURES), key=repr)


@pytest.fixture
def demo():
    call_command("load_content", verbosity=0)
    call_command("seed_demo", stdout=None)
    engine.recompute_all()
    return Country.objects.get(code="KG"), Country.objects.get(code="KZ")


def test_a_country_recomputes_while_another_countrys_recompute_holds_its_lock(celery_worker, demo):
    kg, kz = demo
    for country in demo:
        PendingRecompute.objects.create(country=country, indicator_ids=[])

    # This process holds Kyrgyzstan's lock, as a long recompute of Kyrgyzstan would.
    with transaction.atomic():
        lock_countries([kg.pk])
        kyrgyzstan = tasks.recompute_country_dashboards.apply_async((kg.pk,))
        kazakhstan = tasks.recompute_country_dashboards.apply_async((kz.pk,))

        assert kazakhstan.get(timeout=120) is not None, "Kazakhstan waited for Kyrgyzstan"
        assert not kyrgyzstan.ready()
        assert list(PendingRecompute.objects.values_list("country__code", flat=True)) == ["KG"]

    assert kyrgyzstan.get(timeout=120) > kazakhstan.get()
    assert not PendingRecompute.objects.exists()


def test_overlapping_recomputes_lose_nothing_and_count_nothing_twice(celery_worker, demo):
    for country in demo:
        value = IndicatorValue.objects.filter(is_approved=True, country=country).exclude(
            value=None
        )[0]
        IndicatorValue.objects.filter(pk=value.pk).update(value=value.value + 11)
        PendingRecompute.objects.create(
            country=country, indicator_ids=[value.indicator_id], since=value.period.start
        )

    # Both countries and the whole network at once, on the worker's two processes.
    running = [
        tasks.recompute_country_dashboards.apply_async((demo[0].pk,)),
        tasks.recompute_all_dashboards.apply_async(),
        tasks.recompute_country_dashboards.apply_async((demo[1].pk,)),
    ]
    for task in running:
        task.get(timeout=300)
    overlapped = snapshots()

    engine.recompute_all()  # Alone, from scratch.
    assert snapshots() == overlapped
    assert not PendingRecompute.objects.exists()
