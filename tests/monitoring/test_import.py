import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from monitoring.models import IndicatorValue, ProgressReport, ValuesImport

pytestmark = pytest.mark.django_db

HEADER = "organisation,period,indicator,value,sex:female,sex:male,note\n"


def csv_file(text: str, name="values.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.coordinator_kg)
    return client


def check(client, reporting, upload):
    return client.post(
        f"/roadmaps/{reporting.roadmap_kg.pk}/import/", {"file": upload}, follow=True
    )


def test_a_valid_file_is_checked_then_applied_as_approved_reports(coordinator, world, reporting):
    text = HEADER + (
        "bishkek-civic,2026-Q2,I1,120,70,50,from the paper forms\n"
        'Bishkek Civic Centre,2026-Q2,I2,"40,5",,,\n'
        "bishkek-civic,2026-Q3,I1,130,,,\n"
    )

    result = check(coordinator, reporting, csv_file(text))

    assert result.status_code == 200
    assert "All 3 rows are valid." in result.content.decode()
    assert not IndicatorValue.objects.exists(), "a dry run writes no value"
    values_import = ValuesImport.objects.get()

    response = coordinator.post(f"/roadmaps/{reporting.roadmap_kg.pk}/import/{values_import.pk}/")

    assert response.status_code == 302
    reports = ProgressReport.objects.filter(roadmap=reporting.roadmap_kg).order_by("period__start")
    assert [(r.period.code, r.status) for r in reports] == [
        ("2026-Q2", "approved"),
        ("2026-Q3", "approved"),
    ]
    first = IndicatorValue.objects.get(report=reports[0], indicator=reporting.people)
    assert (first.value, first.is_approved, first.note) == (120, True, "from the paper forms")
    assert first.disaggregation == {"sex": {"female": "70", "male": "50"}}
    assert IndicatorValue.objects.get(indicator=reporting.share).value == 40.5
    assert [e.action for e in reports[0].events.all()] == ["imported", "approved"]

    again = coordinator.post(
        f"/roadmaps/{reporting.roadmap_kg.pk}/import/{values_import.pk}/", follow=True
    )
    assert "already been applied" in again.content.decode()
    assert IndicatorValue.objects.count() == 3


def test_errors_are_shown_by_row_and_column_and_nothing_is_written(coordinator, world, reporting):
    text = HEADER + (
        "bishkek-civic,2026-Q2,I1,120,90,50,\n"  # parts exceed the total
        "almaty-youth,2026-Q2,I1,5,,,\n"  # not an owner
        "bishkek-civic,1999-Q1,I1,5,,,\n"  # unknown period
        "bishkek-civic,2026-Q2,I9,5,,,\n"  # not an indicator of the roadmap
        "bishkek-civic,2026-Q3,I2,150,,,\n"  # percent over 100
        "bishkek-civic,2026-Q3,I3,abc,,,\n"  # not a number
        "bishkek-civic,2026-Q3,I1,7,,,\n"  # valid
    )

    response = check(coordinator, reporting, csv_file(text))

    assert response.status_code == 422
    rows = {row["row"]: row["errors"] for row in response.context["rows"]}
    assert "more than the total" in rows[2]["sex:female"]
    assert rows[3]["organisation"] == "Not an organisation of this roadmap."
    assert rows[4]["period"] == "Unknown period."
    assert rows[5]["indicator"] == "Not an indicator of this roadmap."
    assert rows[6]["value"] == "A percentage is between 0 and 100."
    assert rows[7]["value"] == "Enter a number."
    assert rows[8] == {}
    assert "6 rows have errors; nothing was imported." in response.content.decode()

    values_import = ValuesImport.objects.get()
    coordinator.post(f"/roadmaps/{reporting.roadmap_kg.pk}/import/{values_import.pk}/")
    assert not IndicatorValue.objects.exists()
    assert not ProgressReport.objects.exists()


def test_an_excel_file_is_read_too(coordinator, world, reporting):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Organisation", "Period", "Indicator", "Value"])
    sheet.append(["bishkek-civic", "2026-Q2", "I1", 42])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload = SimpleUploadedFile("values.xlsx", buffer.getvalue())
    response = check(coordinator, reporting, upload)

    assert "The row is valid." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("values.txt", b"a,b", "Upload a .csv or .xlsx file."),
        ("values.xlsx", b"not a workbook", "cannot be read"),
        ("values.csv", b"", "The submitted file is empty."),
    ],
)
def test_an_unreadable_file_is_refused(coordinator, reporting, name, content, message):
    response = coordinator.post(
        f"/roadmaps/{reporting.roadmap_kg.pk}/import/", {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ValuesImport.objects.exists()


@pytest.mark.parametrize("role", ["editor_kg", "coordinator_kz_", "outsider"])
def test_only_the_roadmaps_coordinators_and_admins_import(client, world, reporting, role):
    user = reporting.coordinator_kz if role == "coordinator_kz_" else getattr(world, role)
    client.force_login(user)

    response = check(client, reporting, csv_file(HEADER + "bishkek-civic,2026-Q2,I1,1,,,\n"))

    assert response.status_code == 403
    assert not ValuesImport.objects.exists()


def test_an_approved_or_submitted_report_is_not_overwritten(coordinator, world, reporting):
    ProgressReport.objects.create(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.earlier,
        status="approved",
    )

    response = check(coordinator, reporting, csv_file(HEADER + "bishkek-civic,2026-Q2,I1,1,,,\n"))

    assert response.context["rows"][0]["errors"]["period"].startswith(
        "The report for this period is approved"
    )
