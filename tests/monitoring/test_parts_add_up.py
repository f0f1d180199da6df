"""Parts that add up: where every category of a dimension is given, a total that differs
from their sum is flagged to the editor and the reviewer, and refused (in the form, the
import and the API alike) when the indicator says its parts must add up."""

from decimal import Decimal

import pytest

from monitoring.models import IndicatorValue, ProgressReport
from monitoring.reporting import services
from monitoring.reporting.values import check_value, parts_mismatch
from tests.api.test_write import full_values, save, start
from tests.monitoring.test_import import HEADER, check, csv_file
from tests.monitoring.test_report_form import form_data, post

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def strict(reporting):
    reporting.people.parts_add_up = True
    reporting.people.save()
    return reporting.people


def test_complete_parts_that_miss_the_total_are_flagged_incomplete_ones_are_not(reporting):
    people = reporting.people

    assert parts_mismatch(people, D(120), {"sex": {"female": D(70), "male": D(40)}}) == [
        "The parts by sex add up to 110, not the total 120."
    ]
    assert parts_mismatch(people, D(120), {"sex": {"female": D(70)}}) == []
    assert parts_mismatch(people, D(120), {"sex": {"female": D(70), "male": D(50)}}) == []
    # Not refused unless the indicator says so:
    assert check_value(people, D(120), {"sex": {"female": D(70), "male": D(40)}}) == {}


def test_refused_when_the_indicator_says_its_parts_must_add_up(strict):
    errors = check_value(strict, D(120), {"sex": {"female": D(70), "male": D(40)}})

    assert errors == {"sex:female": "The parts by sex add up to 110, not the total 120."}
    assert check_value(strict, D(120), {"location": {"urban": D(20)}}) == {}


def test_the_form_refuses_them_and_stores_nothing(client, world, reporting, strict):
    report = services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        user=world.editor_kg,
    )
    client.force_login(world.editor_kg)

    response = post(client, report, form_data(report, reporting, **{"P-sex__male": "40"}))

    assert response.status_code == 400
    assert "The parts by sex add up to 110, not the total 120." in response.content.decode()
    assert not IndicatorValue.objects.filter(report=report).exists()


def test_the_editor_and_the_reviewer_see_the_flag_when_not_refused(client, world, reporting):
    report = services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        user=world.editor_kg,
    )
    client.force_login(world.editor_kg)
    post(client, report, form_data(report, reporting, save="", **{"P-sex__male": "40"}))

    form = client.get(f"/reports/{report.pk}/").content.decode()
    post(
        client,
        report,
        form_data(
            ProgressReport.objects.get(pk=report.pk), reporting, submit="", **{"P-sex__male": "40"}
        ),
    )
    client.force_login(world.coordinator_kg)
    review = client.get(f"/review/{report.pk}/").content.decode()

    message = "The parts by sex add up to 110, not the total 120."
    assert message in form
    assert ProgressReport.objects.get(pk=report.pk).status == "submitted"
    assert message in review


def test_the_api_applies_the_same_rule(client, world, reporting, strict):
    report = start(client, world, reporting).json()
    values = full_values(
        reporting, people={"value": 120, "parts": {"sex": {"female": 70, "male": 40}}}
    )

    response = save(client, report["id"], world.editor_kg, {"version": 1, "values": values})

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["values.0.parts.sex.female"] == [
        "The parts by sex add up to 110, not the total 120."
    ]


def test_the_import_applies_the_same_rule(client, world, reporting, strict):
    client.force_login(world.coordinator_kg)
    text = HEADER + "bishkek-civic,2026-Q3,I1,120,70,40,\n"

    response = check(client, reporting, csv_file(text))

    assert response.status_code == 422
    (row,) = response.context["rows"]
    assert row["errors"]["sex:female"] == "The parts by sex add up to 110, not the total 120."
