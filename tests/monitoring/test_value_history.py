"""A report's page shows each value's earlier versions, who saved each and when, to those
who may read the report."""

from decimal import Decimal

import pytest

from monitoring.reporting import services
from monitoring.reporting.services import ValueInput
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def save(world, reporting, report, editor, people, note=""):
    return services.report_save(
        report_id=report.pk,
        user=editor,
        version=None,
        narrative="",
        values=[ValueInput(reporting.people.pk, Decimal(people), note=note)],
    )


def test_each_value_shows_its_earlier_versions_and_who_saved_them(client, world, reporting):
    world.editor_kg.full_name = "Aida Bekova"
    world.editor_kg.save()
    colleague = MembershipFactory(organization=world.org_kg, role="editor").user
    colleague.full_name = "Timur Osmonov"
    colleague.save()
    report = services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        user=world.editor_kg,
    )
    save(world, reporting, report, world.editor_kg, "100", note="first count")
    save(world, reporting, report, colleague, "120", note="after the second training")
    client.force_login(world.coordinator_kg)

    page = client.get(f"/review/{report.pk}/").content.decode()

    box = page.split("People trained", 1)[1].split("</li>\n  \n    <li", 1)[0]
    assert "Last changed by Timur Osmonov" in box
    assert "1 earlier version" in box
    assert "Aida Bekova: <strong>100</strong>" in box
    assert "“first count”" in box


def test_the_history_is_not_shown_to_those_who_may_not_read_the_report(client, world, reporting):
    report = services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        user=world.editor_kg,
    )
    save(world, reporting, report, world.editor_kg, "100", note="first count")
    client.force_login(world.editor_kz)

    assert client.get(f"/reports/{report.pk}/").status_code == 404
