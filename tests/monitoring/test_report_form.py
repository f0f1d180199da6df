import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import Evidence, IndicatorValue
from monitoring.reporting import services
from tests.monitoring.conftest import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, reporting):
    return services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        user=world.editor_kg,
    )


@pytest.fixture
def editor(client, world):
    client.force_login(world.editor_kg)
    return client


def form_data(report, reporting, **changes):
    p, s, y, c = (
        f"i{i.pk}-" for i in (reporting.people, reporting.share, reporting.plan, reporting.score)
    )
    data = {
        "version": str(report.version),
        "narrative": "We trained people in three districts.",
        p + "value": "120",
        p + "sex__female": "70",
        p + "sex__male": "50",
        p + "note": "Two trainings were postponed.",
        s + "value": "40.5",
        y + "value": "1",
        c + "value": "3",
    }
    data.update(
        {
            k.replace("P-", p).replace("S-", s).replace("Y-", y).replace("C-", c): v
            for k, v in changes.items()
        }
    )
    return {k: v for k, v in data.items() if v is not None}


def post(client, report, data):
    return client.post(f"/reports/{report.pk}/", data)


def test_the_form_shows_every_indicator_and_saves_a_draft(editor, report, reporting):
    page = editor.get(f"/reports/{report.pk}/").content.decode()
    for title in [
        "People trained",
        "Share of budgets online",
        "Plan published",
        "Participation score",
    ]:
        assert title in page

    response = post(editor, report, form_data(report, reporting, save=""))

    assert response.status_code == 302
    people = IndicatorValue.objects.get(report=report, indicator=reporting.people)
    assert people.value == 120
    assert people.disaggregation == {"sex": {"female": "70", "male": "50"}}
    assert people.note == "Two trainings were postponed."
    report.refresh_from_db()
    assert (report.status, report.narrative) == ("draft", "We trained people in three districts.")


def test_submit_from_the_form(editor, report, reporting):
    response = post(editor, report, form_data(report, reporting, submit=""))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"S-value": "forty"}, "Enter a number."),
        ({"S-value": "NaN"}, "Enter a number."),
        ({"S-value": "Infinity"}, "Enter a number."),
        ({"S-value": "101"}, "A percentage is between 0 and 100."),
        ({"S-value": "-1"}, "A percentage is between 0 and 100."),
        ({"P-value": "-5", "P-sex__female": "", "P-sex__male": ""}, "cannot be negative"),
        ({"Y-value": "2"}, "Select a valid choice."),
        ({"C-value": "6"}, "Select a valid choice."),
        ({"P-sex__female": "100"}, "more than the total"),
        ({"P-value": "", "P-sex__female": "3"}, "Give the total as well as its parts."),
        ({"P-evidence_link": "javascript:alert(1)"}, "Enter a link that starts with http"),
        (
            {"P-evidence_link": "ftp://files.example.org/a.pdf"},
            "Enter a link that starts with http",
        ),
    ],
)
def test_bad_values_are_marked_typed_values_kept_and_nothing_stored(
    editor, report, reporting, change, message
):
    data = form_data(report, reporting, **change)

    response = post(editor, report, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    choice_fields = {f"i{reporting.plan.pk}-value", f"i{reporting.score.pk}-value"}
    for key, value in data.items():
        if key.endswith("-value") and value and key not in choice_fields:
            assert f'value="{value}"' in page, f"the typed {key} is kept"
    assert not IndicatorValue.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert (report.narrative, report.version) == ("", 1)


def test_a_decimal_comma_is_accepted_in_russian(editor, report, reporting):
    data = form_data(report, reporting, **{"S-value": "12,5"})

    response = editor.post(f"/ru/reports/{report.pk}/", data)

    assert response.status_code == 302
    assert IndicatorValue.objects.get(report=report, indicator=reporting.share).value == 12.5


def test_a_decimal_comma_is_not_a_number_in_english(editor, report, reporting):
    response = post(editor, report, form_data(report, reporting, **{"S-value": "12,5"}))
    assert response.status_code == 400


@pytest.mark.parametrize("typed", ["۱۲٫۵", "١٢٫٥", "12.5"])
def test_dari_takes_eastern_arabic_and_latin_digits(editor, report, reporting, typed):
    data = form_data(report, reporting, **{"S-value": typed, "P-value": "۱۲۰"})

    response = editor.post(f"/prs/reports/{report.pk}/", data)

    assert response.status_code == 302
    values = IndicatorValue.objects.filter(report=report)
    assert values.get(indicator=reporting.share).value == 12.5
    assert values.get(indicator=reporting.people).value == 120


def test_in_dari_what_was_typed_comes_back_as_it_was_typed(editor, report, reporting):
    editor.post(
        f"/prs/reports/{report.pk}/",
        form_data(report, reporting, narrative="We trained 120 people in 3 districts."),
    )

    page = editor.get(f"/prs/reports/{report.pk}/").content.decode()

    assert "We trained 120 people in 3 districts.</textarea>" in page
    (people,) = re.findall(rf'<input[^>]*name="i{reporting.people.pk}-value"[^>]*>', page)
    assert 'value="120"' in people, "a number field's value is sent back in Latin digits"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_evidence_files_and_links_are_kept(editor, report, reporting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = form_data(
        report,
        reporting,
        **{
            "P-evidence_file": upload("attendance.pdf", b"%PDF-1.7 list of participants"),
            "S-evidence_file": upload("budget.docx", docx_bytes()),
            "S-evidence_link": "https://budget.example.org/2026",
        },
    )

    assert post(editor, report, data).status_code == 302

    evidence = Evidence.objects.filter(report=report)
    assert sorted(str(e) for e in evidence) == [
        "attendance.pdf",
        "budget.docx",
        "https://budget.example.org/2026",
    ]
    assert all((settings.EVIDENCE_ROOT / e.file.name).exists() for e in evidence if e.file)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.exe", b"MZ\x90\x00", "are not accepted"),
        ("report.pdf", b"MZ\x90\x00 an executable in disguise", "not a PDF file"),
        ("photo.png", b"\xff\xd8\xff a jpeg called png", "not a PNG file"),
        ("table.xlsx", b"PK\x03\x04 broken zip", "not a XLSX file"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "at most 10 MB"),
    ],
)
def test_bad_evidence_is_refused(
    editor, report, reporting, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    response = post(
        editor, report, form_data(report, reporting, **{"P-evidence_file": upload(name, content)})
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_the_second_of_two_concurrent_saves_is_refused(client, world, report, reporting):
    client.force_login(world.editor_kg)
    first = form_data(report, reporting)
    second = form_data(report, reporting, **{"S-value": "77"})

    assert post(client, report, first).status_code == 302
    response = post(client, report, second)

    assert response.status_code == 409
    page = response.content.decode()
    assert f"was changed by {world.editor_kg.get_full_name()}" in page
    assert "Reload the page" in page
    assert IndicatorValue.objects.get(report=report, indicator=reporting.share).value == 40.5


@pytest.mark.parametrize("role", ["viewer_kg", "coordinator_kg"])
def test_people_who_may_read_but_not_write_get_a_403_on_post(
    client, world, report, reporting, role
):
    client.force_login(getattr(world, role))

    assert client.get(f"/reports/{report.pk}/").status_code == 200
    assert post(client, report, form_data(report, reporting)).status_code == 403
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("role", ["editor_kz", "outsider"])
def test_other_organisations_see_nothing(client, world, report, reporting, role):
    client.force_login(getattr(world, role))

    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert post(client, report, form_data(report, reporting)).status_code == 404


def test_an_approved_report_shows_read_only_and_refuses_edits(editor, world, report, reporting):
    post(editor, report, form_data(report, reporting, submit=""))
    services.report_approve(report_id=report.pk, reviewer=world.coordinator_kg)

    page = editor.get(f"/reports/{report.pk}/").content.decode()
    assert "approved and locked" in page
    assert "Save draft" not in page
    assert post(editor, report, form_data(report, reporting)).status_code == 403


def test_a_form_with_100_indicators_renders_and_saves_in_a_constant_number_of_queries(
    editor, world, reporting
):
    for position in range(5, 101):
        make_indicator(
            reporting.roadmap_kg, position, disaggregations=["sex"] if position % 2 else []
        )
    report = services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        user=world.editor_kg,
    )
    indicators = list(reporting.roadmap_kg.indicators.all())
    assert len(indicators) == 100

    with CaptureQueriesContext(connection) as rendering:
        assert editor.get(f"/reports/{report.pk}/").status_code == 200
    data = {"version": "1", "narrative": "All of it."}
    for indicator in indicators:
        data[f"i{indicator.pk}-value"] = {"yes_no": "1", "scale": "4", "percent": "50"}.get(
            indicator.unit, "9"
        )
    with CaptureQueriesContext(connection) as saving:
        response = editor.post(f"/reports/{report.pk}/", {**data, "submit": ""})

    assert response.status_code == 302, response.content.decode()[:500]
    assert IndicatorValue.objects.filter(report=report).count() == 100
    # Rendering: session, person, report, roles, indicators, values, evidence (9 measured).
    assert len(rendering) <= 10
    # Saving: the same reads, the lock, the version check, values and their history in bulk
    # (SQLite splits a bulk insert into batches of 999 parameters; 23 measured).
    assert len(saving) <= 25


def test_each_input_shows_its_last_approved_value_unit_and_target(editor, world, report, reporting):
    reporting.earlier.is_open = True
    reporting.earlier.save()
    earlier = services.report_start(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.earlier,
        user=world.editor_kg,
    )
    people = IndicatorValue.objects.create(
        report=earlier,
        indicator=reporting.people,
        period=reporting.earlier,
        country=world.kg,
        value=1553,
        is_approved=True,
    )

    page = editor.get(f"/reports/{report.pk}/").content.decode()

    people_box = page.split(f'id="indicator-{reporting.people.pk}"', 1)[1].split("</fieldset>")[0]
    assert f"Last approved: 1,553 ({people.period.code})" in people_box
    assert "target 100 by 31 Dec 2027" in people_box
    share_box = page.split(f'id="indicator-{reporting.share.pk}"', 1)[1].split("</fieldset>")[0]
    assert "No approved value yet; the baseline is" in share_box


def test_the_form_counts_the_indicators_still_empty(editor, report, reporting):
    page = editor.get(f"/reports/{report.pk}/").content.decode()
    assert "4 of 4 indicators still empty" in page
    assert page.count("needed to submit") == 4

    post(editor, report, form_data(report, reporting, save="", **{"S-value": "", "C-value": ""}))
    page = editor.get(f"/reports/{report.pk}/").content.decode()

    assert "2 of 4 indicators still empty" in page
    assert page.count("needed to submit") == 2


def test_a_refused_submit_keeps_the_draft_and_its_evidence(
    editor, report, reporting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = form_data(
        report,
        reporting,
        submit="",
        **{"S-value": "", "P-evidence_file": upload("attendance.pdf", b"%PDF-1.7 list")},
    )

    response = post(editor, report, data)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "draft"
    assert IndicatorValue.objects.get(report=report, indicator=reporting.people).value == 120
    assert [str(e) for e in Evidence.objects.filter(report=report)] == ["attendance.pdf"]
    page = editor.get(response["Location"]).content.decode()
    assert "Saved as a draft, not submitted: 1 indicator is still empty." in page
    assert "1 of 4 indicators still empty" in page


def test_a_save_refused_for_a_value_keeps_its_files_with_the_draft(
    editor, report, reporting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = form_data(
        report,
        reporting,
        submit="",
        **{"S-value": "101", "P-evidence_file": upload("attendance.pdf", b"%PDF-1.7 list")},
    )

    response = post(editor, report, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "A percentage is between 0 and 100." in page
    assert "Your file is kept with the draft" in page
    assert "attendance.pdf" in page
    assert [str(e) for e in Evidence.objects.filter(report=report)] == ["attendance.pdf"]
    assert not IndicatorValue.objects.filter(report=report).exists()  # no value is saved
    # The page carries the new version: correcting the value and saving is not a conflict.
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    corrected = form_data(report, reporting, save="", **{"S-value": "40"})
    corrected["version"] = version
    assert post(editor, report, corrected).status_code == 302
    assert [str(e) for e in Evidence.objects.filter(report=report)] == ["attendance.pdf"]
