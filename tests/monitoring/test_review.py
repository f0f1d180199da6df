import datetime
from decimal import Decimal

import pytest
from django.core import mail

from monitoring.models import IndicatorValue, ProgressReport, ReportingPeriod
from monitoring.reporting import services
from monitoring.reporting.services import ValueInput
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def submit(world, reporting, organization=None, editor=None, period=None, people="120"):
    organization = organization or world.org_kg
    report = services.report_start(
        organization=organization,
        roadmap=reporting.roadmap_kg,
        period=period or reporting.period,
        user=editor or world.editor_kg,
    )
    given = {"people": people, "share": "40", "plan": "1", "score": "3"}
    return services.report_save(
        report_id=report.pk,
        user=editor or world.editor_kg,
        version=None,
        narrative="",
        values=[ValueInput(getattr(reporting, k).pk, Decimal(v)) for k, v in given.items()],
        submit=True,
    )


def test_the_review_queue_lists_the_coordinators_country_oldest_first(client, world, reporting):
    second_org = OrganizationFactory(name="Osh Youth", slug="osh-youth", country=world.kg)
    reporting.roadmap_kg.owners.add(second_org)
    second_editor = MembershipFactory(organization=second_org).user
    first = submit(world, reporting)
    second = submit(world, reporting, organization=second_org, editor=second_editor)
    client.force_login(world.coordinator_kg)

    reports = list(client.get("/review/").context["reports"])

    assert reports == [first, second]
    client.force_login(reporting.coordinator_kz)
    assert list(client.get("/review/").context["reports"]) == []


def test_a_coordinator_approves_from_the_review_page(
    client, world, reporting, django_capture_on_commit_callbacks
):
    report = submit(world, reporting)
    client.force_login(world.coordinator_kg)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/review/{report.pk}/", {"action": "approve"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    assert IndicatorValue.objects.filter(report=report, is_approved=True).count() == 4
    assert [m.to for m in mail.outbox] == [[world.editor_kg.email]]


def test_returning_without_a_comment_is_a_400_and_changes_nothing(client, world, reporting):
    report = submit(world, reporting)
    client.force_login(world.coordinator_kg)

    response = client.post(f"/review/{report.pk}/", {"action": "return", "comment": ""})

    assert response.status_code == 400
    assert "Say what needs to change." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_returning_with_a_comment_shows_it_to_the_editor(client, world, reporting):
    report = submit(world, reporting)
    client.force_login(world.coordinator_kg)
    client.post(f"/review/{report.pk}/", {"action": "return", "comment": "Check the share."})

    client.force_login(world.editor_kg)
    page = client.get(f"/reports/{report.pk}/").content.decode()

    assert "Check the share." in page
    assert "Returned for changes" in page


def test_a_coordinator_of_another_country_cannot_see_or_approve(client, world, reporting):
    report = submit(world, reporting)
    client.force_login(reporting.coordinator_kz)

    assert client.get(f"/review/{report.pk}/").status_code == 404
    assert client.post(f"/review/{report.pk}/", {"action": "approve"}).status_code == 404
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_coordinator_who_edits_the_organisation_is_told_why_they_cannot_approve(
    client, world, reporting
):
    report = submit(world, reporting)
    MembershipFactory(user=world.coordinator_kg, organization=world.org_kg)
    client.force_login(world.coordinator_kg)

    page = client.get(f"/review/{report.pk}/").content.decode()
    response = client.post(f"/review/{report.pk}/", {"action": "approve"})

    assert "another coordinator must review" in page
    assert response.status_code == 403
    assert "another coordinator must review" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def approved_history(world, reporting, values):
    """Approved values of the people indicator in the quarters before the open one."""
    for n, value in enumerate(values, start=1):
        period = ReportingPeriod.objects.create(
            code=f"2025-Q{n}",
            kind="quarter",
            start=datetime.date(2025, 3 * n - 2, 1),
            end=datetime.date(2025, 3 * n, 28),
            deadline=datetime.date(2025, 3 * n, 28),
        )
        report = ProgressReport.objects.create(
            organization=world.org_kg,
            roadmap=reporting.roadmap_kg,
            period=period,
            status="approved",
        )
        IndicatorValue.objects.create(
            report=report,
            indicator=reporting.people,
            value=value,
            country=world.kg,
            period=period,
            is_approved=True,
        )


@pytest.mark.parametrize(
    ("history", "value", "flag"),
    [
        ([100, 110, 105], "480", "Far from this organisation’s earlier values"),
        ([100], "250", "More than double or less than half the previous value (100"),
        ([], "900", "Outside the plausible range 0–500."),
    ],
)
def test_the_reviewer_sees_data_quality_flags(client, world, reporting, history, value, flag):
    approved_history(world, reporting, history)
    report = submit(world, reporting, people=value)
    client.force_login(world.coordinator_kg)

    page = client.get(f"/review/{report.pk}/").content.decode()

    assert flag in page


def test_a_value_in_line_with_earlier_ones_is_not_flagged(client, world, reporting):
    approved_history(world, reporting, [100, 110, 105])
    report = submit(world, reporting, people="108")
    client.force_login(world.coordinator_kg)

    assert "⚠" not in client.get(f"/review/{report.pk}/").content.decode()
