import io
import itertools

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from monitoring import spreadsheets
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


def refused(response, message):
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert not ValuesImport.objects.exists()
    assert not ProgressReport.objects.exists()
    return True


def workbook_file(rows, name="values.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_file_over_the_row_limit_is_refused_and_nothing_is_stored(coordinator, reporting):
    rows = "bishkek-civic,2026-Q2,I1,1,,,\n" * (spreadsheets.MAX_ROWS + 1)

    response = check(coordinator, reporting, csv_file(HEADER + rows))

    assert refused(response, "At most 20000 rows at a time.")


def test_the_row_limit_holds_for_excel_files_too(coordinator, reporting, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    header = ["organisation", "period", "indicator", "value"]
    upload = workbook_file([header] + [["bishkek-civic", "2026-Q2", "I1", n] for n in range(4)])

    response = check(coordinator, reporting, upload)

    assert refused(response, "At most 3 rows at a time.")


def test_a_file_at_the_row_limit_is_read(coordinator, reporting, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    rows = "bishkek-civic,2026-Q2,I1,1,,,\n\n" + "bishkek-civic,2026-Q3,I1,1,,,\n" * 2

    response = check(coordinator, reporting, csv_file(HEADER + rows))

    assert len(response.context["rows"]) == 3, "blank rows are not counted"


def test_reading_stops_at_the_first_row_past_the_limit(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    read = []

    def endless_rows(upload, max_columns):
        for number in itertools.count(1):
            read.append(number)
            yield number, ["organisation", "period"] if number == 1 else ["bishkek-civic", ""]

    monkeypatch.setattr(spreadsheets, "_file_rows", endless_rows)

    with pytest.raises(spreadsheets.ImportFileError, match="At most 3 rows"):
        spreadsheets.read_table(csv_file(""))

    assert read == [1, 2, 3, 4, 5], "the header, three rows, and the one past the limit"


def test_a_csv_file_is_read_no_further_than_its_first_row_past_the_limit(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    upload = csv_file(HEADER + "bishkek-civic,2026-Q2,I1,1,,,\n" * 50_000)

    with pytest.raises(spreadsheets.ImportFileError, match="At most 3 rows"):
        spreadsheets.read_table(upload)

    # The text stream reads ahead a few kilobytes; the rest of the 1.5 MB is never read.
    assert upload.tell() < 64 * 1024 < upload.size


@pytest.mark.parametrize("length", [spreadsheets.MAX_CELL_CHARS + 1, 200_000])
def test_a_csv_file_with_a_huge_cell_is_refused(coordinator, reporting, length):
    text = (
        HEADER
        + f"bishkek-civic,2026-Q2,I1,1,,,{'x' * length}\n"
        + "bishkek-civic,2026-Q3,I1,1,,,\n"
    )

    response = check(coordinator, reporting, csv_file(text))

    assert refused(response, "A cell in row 2 is longer than 10000 characters.")


def test_an_excel_file_with_a_huge_cell_is_refused(coordinator, reporting):
    upload = workbook_file(
        [
            ["organisation", "period", "indicator", "value", "note"],
            ["bishkek-civic", "2026-Q2", "I1", 1, ""],
            ["bishkek-civic", "2026-Q3", "I1", 1, "x" * 32_000],
        ]
    )

    response = check(coordinator, reporting, upload)

    assert refused(response, "A cell in row 3 is longer than 10000 characters.")


def test_a_long_note_within_the_cell_limit_is_kept_to_the_notes_length(coordinator, reporting):
    text = HEADER + f"bishkek-civic,2026-Q2,I1,1,,,{'x' * spreadsheets.MAX_CELL_CHARS}\n"

    response = check(coordinator, reporting, csv_file(text))

    assert response.context["rows"][0]["errors"] == {}
    assert len(ValuesImport.objects.get().rows[0]["note"]) == 2000


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(
    coordinator, reporting, monkeypatch
):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1024 * 1024)
    upload = workbook_file([["note"], *([f"{n:06d}" + "x" * 1000] for n in range(2000))])

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)

    response = check(coordinator, reporting, upload)

    assert refused(response, "This workbook unpacks to more than 1 MB; import it in parts.")


def test_a_row_wider_than_the_column_limit_is_refused(coordinator, reporting):
    header = ["organisation", "period", "indicator", "value"]
    upload = workbook_file([header, ["x"] * (spreadsheets.MAX_COLUMNS + 1)])

    response = check(coordinator, reporting, upload)

    assert refused(response, "At most 100 columns: row 2 has more.")


def test_a_file_of_endless_blank_rows_is_refused(coordinator, reporting, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_BLANK_ROWS", 5)

    response = check(coordinator, reporting, csv_file(HEADER + ",,,,,,\n" * 6))

    assert refused(response, "The file has more than 5 empty rows; delete them.")


def test_a_csv_file_saved_by_excel_with_semicolons_and_a_byte_order_mark_is_read(
    coordinator, reporting
):
    text = "\ufefforganisation;period;indicator;value\nbishkek-civic;2026-Q2;I1;42\n"

    response = check(coordinator, reporting, csv_file(text))

    assert "The row is valid." in response.content.decode()
