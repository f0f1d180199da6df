"""The whole path through the real services: an approval in the web process, the
recompute in a real Celery worker through Redis, the new figure on the dashboard."""

import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Avg

from monitoring.models import IndicatorValue, PendingRecompute
from monitoring.reporting import services
from monitoring.reporting.selectors import reports_for_review
from organizations.models import User


def reported_in(client, url, period_code):
    rows = client.get(url).json()["rows"]
    return next((r["Reported in the period"] for r in rows if r["Period"] == period_code), None)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_approval_reaches_the_country_dashboard_through_the_worker(client, celery_worker):
    call_command("load_content", verbosity=0)
    call_command("seed_demo", stdout=None)
    call_command("recompute_dashboards", stdout=None)
    coordinator = User.objects.get(username="coordinator-kg")
    report = reports_for_review(user=coordinator).first()
    value = report.values.get(indicator__code__endswith="-BUD")
    value.value = Decimal("77.7")
    value.save()
    url = f"/dashboards/indicators/{value.indicator_id}/?format=json"
    before = reported_in(client, url, report.period.code)

    services.report_approve(report_id=report.pk, reviewer=coordinator)

    expected = IndicatorValue.objects.filter(
        indicator_id=value.indicator_id,
        period=report.period,
        is_approved=True,
        country=value.country,
    ).aggregate(mean=Avg("value"))["mean"]
    expected = float(Decimal(str(expected)).quantize(Decimal("0.0001")))
    assert expected != before
    deadline = time.monotonic() + 60
    while reported_in(client, url, report.period.code) != expected:
        assert time.monotonic() < deadline, "the dashboard did not show the new figure"
        time.sleep(0.5)
    assert not PendingRecompute.objects.exists()
