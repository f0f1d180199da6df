"""The review queue: filters, order, pages, and approving several reports at once after a
confirmation that says they will be locked."""

import datetime

import pytest
from django.utils import timezone

from monitoring.models import ProgressReport, ReportingPeriod, Roadmap
from tests.factories import MembershipFactory, OrganizationFactory
from tests.monitoring.test_review import submit

pytestmark = pytest.mark.django_db


def waited(report, days):
    ProgressReport.objects.filter(pk=report.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    return report


@pytest.fixture
def queue(world, reporting):
    """Three submitted Kyrgyz reports of two organisations, waiting 1, 10 and 40 days, and a
    Kazakh one the Kyrgyz coordinator must not see."""
    reporting.earlier.is_open = True
    reporting.earlier.save()
    osh = OrganizationFactory(name="Osh Youth", slug="osh-youth", country=world.kg)
    reporting.roadmap_kg.owners.add(osh)
    osh_editor = MembershipFactory(organization=osh).user
    reports = {
        "bishkek-q3": waited(submit(world, reporting), 10),
        "osh-q3": waited(submit(world, reporting, organization=osh, editor=osh_editor), 1),
        "bishkek-q2": waited(submit(world, reporting, period=reporting.earlier), 40),
    }
    return reports


def listed(client, query=""):
    response = client.get(f"/review/{query}")
    assert response.status_code == 200, response.content
    return [r.pk for r in response.context["reports"]]


def test_the_queue_filters_by_organisation_period_and_waiting_time(client, world, queue):
    client.force_login(world.coordinator_kg)

    assert listed(client) == [queue["bishkek-q2"].pk, queue["bishkek-q3"].pk, queue["osh-q3"].pk]
    assert listed(client, "?organization=osh-youth") == [queue["osh-q3"].pk]
    assert listed(client, "?period=2026-Q2") == [queue["bishkek-q2"].pk]
    assert listed(client, "?waited=7") == [queue["bishkek-q2"].pk, queue["bishkek-q3"].pk]
    assert listed(client, "?waited=30&country=KG") == [queue["bishkek-q2"].pk]
    assert listed(client, "?order=newest")[0] == queue["osh-q3"].pk


def test_a_filter_offers_only_what_is_in_the_queue_and_refuses_the_rest(client, world, queue):
    client.force_login(world.coordinator_kg)

    page = client.get("/review/").content.decode()
    response = client.get("/review/?country=KZ")

    assert 'value="KG"' in page
    assert 'value="KZ"' not in page  # Kazakhstan is not the coordinator's to review
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_queue_is_paginated(client, world, reporting, queue, monkeypatch):
    monkeypatch.setattr("monitoring.reporting.views.review.REVIEW_PAGE_SIZE", 2)
    client.force_login(world.coordinator_kg)

    first, second = listed(client), listed(client, "?page=2")

    assert len(first) == 2
    assert len(second) == 1
    assert set(first) | set(second) == {r.pk for r in queue.values()}


def test_the_queue_asks_a_constant_number_of_queries(
    client, world, reporting, queue, django_assert_max_num_queries
):
    client.force_login(world.coordinator_kg)
    client.get("/review/")
    with django_assert_max_num_queries(20) as few:
        client.get("/review/")
    for n in range(6):
        organization = OrganizationFactory(country=world.kg)
        editor = MembershipFactory(organization=organization).user
        roadmap = Roadmap.objects.get(pk=reporting.roadmap_kg.pk)
        roadmap.owners.add(organization)
        period = ReportingPeriod.objects.create(
            code=f"2025-Q{n % 4 + 1}" if n < 4 else f"2025-H{n - 3}",
            kind="quarter" if n < 4 else "half",
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 3, 31),
            deadline=datetime.date(2025, 4, 20),
            is_open=True,
        )
        submit(world, reporting, organization=organization, editor=editor, period=period)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(client)) == 9


def test_approving_asks_for_confirmation_and_says_the_report_will_be_locked(client, world, queue):
    report = queue["bishkek-q3"]
    client.force_login(world.coordinator_kg)

    page = client.get(f"/review/approve/?report={report.pk}").content.decode()

    assert "Approve this report?" in page
    assert "the report is locked" in page
    assert "Approve and lock the report" in page
    report.refresh_from_db()
    assert report.status == "submitted"  # asking changes nothing


def test_several_reports_are_approved_at_once_each_through_the_same_checks(
    client, world, queue, django_capture_on_commit_callbacks
):
    # The coordinator belongs to Osh Youth, so another coordinator must review its report.
    MembershipFactory(user=world.coordinator_kg, organization=queue["osh-q3"].organization)
    client.force_login(world.coordinator_kg)
    chosen = [r.pk for r in queue.values()]

    confirm = client.get("/review/approve/", {"report": chosen}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/review/approve/", {"report": chosen}, follow=True)

    assert "Approve these 3 reports?" in confirm
    assert "another coordinator must review" in confirm
    statuses = {key: ProgressReport.objects.get(pk=r.pk).status for key, r in queue.items()}
    assert statuses == {"bishkek-q3": "approved", "bishkek-q2": "approved", "osh-q3": "submitted"}
    text = response.content.decode()
    assert "2 reports are approved and locked." in text
    assert "another coordinator must review" in text


def test_forged_or_foreign_ids_approve_nothing(client, world, reporting, queue):
    client.force_login(reporting.coordinator_kz)

    response = client.post(
        "/review/approve/", {"report": [queue["bishkek-q3"].pk, "1; drop", "99999999"]}
    )

    assert response.status_code == 302
    assert ProgressReport.objects.filter(status="approved").count() == 0


def test_someone_who_reviews_nothing_may_not_approve_in_bulk(client, world, queue):
    client.force_login(world.editor_kg)

    response = client.post("/review/approve/", {"report": [queue["bishkek-q3"].pk]})

    assert response.status_code == 403
    assert ProgressReport.objects.filter(status="approved").count() == 0
