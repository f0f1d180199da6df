"""Importing recommendations (UPR Info and UHRI layouts) and ratifications (OHCHR's
table): a dry run with every row's outcome, nothing stored from a file with errors."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.commitments import imports
from monitoring.commitments.models import CommitmentsImport, Ratification, Recommendation

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
UPR_INFO = (
    "State under Review,Recommendation,Recommending State,Cycle,Paragraph,Date,Response,Issues\n"
    "Kyrgyzstan,Protect journalists from harassment.,Norway,4,141.1,24/01/2024,Supported,"
    "expression; civic-space\n"
    "KG,Abolish the permission regime for assemblies.,Chile,4,141.2,2024-01-24,Noted,assembly\n"
)


def upload(text: str, name="recommendations.csv"):
    return SimpleUploadedFile(name, text.encode())


def sample(name: str):
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def test_a_upr_info_export_is_checked_then_applied(world):
    checked = imports.check_import(
        kind="recommendations", user=world.coordinator_kg, upload=upload(UPR_INFO)
    )

    assert imports.import_is_valid(checked)
    assert [row["action"] for row in checked.rows] == ["create", "create"]
    assert not Recommendation.objects.exists()  # a dry run stores nothing

    assert imports.apply_import(import_id=checked.pk, user=world.coordinator_kg) == 2
    first = Recommendation.objects.get(reference="141.1")
    assert (first.mechanism.code, first.cycle, first.recommending_state) == ("UPR", "4", "Norway")
    assert first.made_on == datetime.date(2024, 1, 24)
    assert first.response == "supported"
    assert set(first.themes.values_list("code", flat=True)) == {"expression", "civic-space"}
    assert Recommendation.objects.get(reference="141.2").response == "noted"


def test_the_sample_file_in_the_docs_imports(world):
    checked = imports.check_import(
        kind="recommendations", user=world.admin, upload=sample("recommendations.csv")
    )

    assert imports.import_is_valid(checked), checked.rows
    imports.apply_import(import_id=checked.pk, user=world.admin)
    cedaw = Recommendation.objects.get(mechanism__code="CEDAW")
    assert cedaw.document == "CEDAW/C/KGZ/CO/5"
    assert set(cedaw.groups.values_list("code", flat=True)) == {"women-girls", "children"}
    assert list(cedaw.sdg_targets.values_list("code", flat=True)) == ["5.2"]
    assert [o.code for o in cedaw.objectives.all()] == ["3.4"]


def test_a_row_already_held_is_updated_not_doubled(world):
    first = imports.check_import(kind="recommendations", user=world.admin, upload=upload(UPR_INFO))
    imports.apply_import(import_id=first.pk, user=world.admin)

    again = imports.check_import(
        kind="recommendations",
        user=world.admin,
        upload=upload(UPR_INFO.replace("Noted,assembly", "Supported,assembly")),
    )

    assert [row["action"] for row in again.rows] == ["update", "update"]
    imports.apply_import(import_id=again.pk, user=world.admin)
    assert Recommendation.objects.count() == 2
    assert Recommendation.objects.get(reference="141.2").response == "supported"


@pytest.mark.parametrize(
    ("replace", "column", "message"),
    [
        ("expression; civic-space", "themes", "Unknown: freedom-of-nothing."),
        ("Kyrgyzstan", "country", "Not a country you may import recommendations for."),
        ("24/01/2024", "date", "Not a date"),
        ("Supported", "response", "supported, noted or pending"),
    ],
)
def test_an_unknown_code_is_an_error_and_nothing_of_the_file_is_stored(
    world, replace, column, message
):
    wrong = {
        "expression; civic-space": "freedom-of-nothing",
        "Kyrgyzstan": "Kazakhstan",
        "24/01/2024": "someday",
        "Supported": "Maybe",
    }[replace]
    checked = imports.check_import(
        kind="recommendations",
        user=world.coordinator_kg,
        upload=upload(UPR_INFO.replace(replace, wrong, 1)),
    )

    assert not imports.import_is_valid(checked)
    assert message in checked.rows[0]["errors"][column]
    assert not checked.rows[1]["errors"]
    with pytest.raises(ValueError, match="some rows have errors"):
        imports.apply_import(import_id=checked.pk, user=world.coordinator_kg)
    assert not Recommendation.objects.exists()


def test_unknown_sdg_targets_and_objectives_are_named(world):
    text = "Country,Cycle,Reference,Date,Text,SDG targets,Vision objectives\n" + (
        "KG,4,1,2024-01-24,Do it.,SDG 16.10; 99.9,4.3; 12.1\n"
    )
    checked = imports.check_import(kind="recommendations", user=world.admin, upload=upload(text))

    errors = checked.rows[0]["errors"]
    assert errors["sdg_targets"] == "Unknown: 99.9."
    assert errors["objectives"] == "Unknown: 12.1."


def test_a_file_without_a_required_column_or_with_an_unknown_one_says_so(world):
    text = "Country,Text,Colour\nKG,Do it.,blue\n"
    checked = imports.check_import(kind="recommendations", user=world.admin, upload=upload(text))

    errors = checked.rows[0]["errors"]
    assert errors["colour"] == "Unknown column."
    assert errors["cycle"] == "The file has no column for this."


def test_a_row_twice_in_the_file_is_an_error(world):
    line = UPR_INFO.splitlines()[1]
    checked = imports.check_import(
        kind="recommendations",
        user=world.admin,
        upload=upload(UPR_INFO.splitlines()[0] + "\n" + line + "\n" + line + "\n"),
    )

    assert checked.rows[1]["errors"][""] == "This row appears twice in the file."


def test_only_reviewers_import_recommendations_and_only_admins_ratifications(world):
    with pytest.raises(PermissionDenied):
        imports.check_import(kind="recommendations", user=world.editor_kg, upload=upload(UPR_INFO))
    with pytest.raises(PermissionDenied):
        imports.check_import(
            kind="ratifications", user=world.coordinator_kg, upload=sample("ratifications.csv")
        )


def test_a_coordinator_cannot_apply_someone_elses_import(world):
    checked = imports.check_import(
        kind="recommendations", user=world.admin, upload=upload(UPR_INFO)
    )

    with pytest.raises(PermissionDenied):
        imports.apply_import(import_id=checked.pk, user=world.coordinator_kg)
    assert not Recommendation.objects.exists()


def test_an_applied_import_cannot_be_applied_twice(world):
    checked = imports.check_import(
        kind="recommendations", user=world.admin, upload=upload(UPR_INFO)
    )
    imports.apply_import(import_id=checked.pk, user=world.admin)

    with pytest.raises(ValueError, match="already been applied"):
        imports.apply_import(import_id=checked.pk, user=world.admin)


def test_ohchrs_ratification_table_reads_accession_and_signature_and_removes_non_parties(world):
    Ratification.objects.create(
        country=world.kg,
        instrument_id=imports.Instrument.objects.get(code="CED").pk,
        status="signed",
        signed_on=datetime.date(2007, 2, 6),
    )
    checked = imports.check_import(
        kind="ratifications", user=world.admin, upload=sample("ratifications.csv")
    )

    assert imports.import_is_valid(checked), checked.rows
    imports.apply_import(import_id=checked.pk, user=world.admin)
    ccpr = Ratification.objects.get(country=world.kg, instrument__code="CCPR")
    assert (ccpr.status, ccpr.party_on, ccpr.signed_on) == (
        "acceded",
        datetime.date(1994, 10, 7),
        None,
    )
    crpd = Ratification.objects.get(country=world.kg, instrument__code="CRPD")
    assert (crpd.status, crpd.signed_on) == ("ratified", datetime.date(2011, 9, 21))
    assert not Ratification.objects.filter(country=world.kg, instrument__code="CED").exists()
    assert Ratification.objects.get(country=world.kz, instrument__code="C087").source == (
        "ratifications.csv"
    )


def test_an_optional_protocol_is_an_unknown_instrument(world):
    text = "Country,Treaty Name,Signature Date,Ratification Date\nKG,CCPR-OP2-DP,,6 Dec 2010\n"
    checked = imports.check_import(
        kind="ratifications", user=world.admin, upload=upload(text, "r.csv")
    )

    assert "optional protocols are not held" in checked.rows[0]["errors"]["instrument"]


# Through the browser's pages -----------------------------------------------------------


def test_a_coordinator_checks_and_applies_a_file_on_the_site(client, world):
    client.force_login(world.coordinator_kg)
    form = client.get("/commitments/import/")
    assert [value for value, _label in form.context["form"].fields["kind"].choices] == [
        "recommendations"
    ]

    checked = client.post(
        "/commitments/import/", {"kind": "recommendations", "file": upload(UPR_INFO)}
    )
    result = client.get(checked["Location"])
    assert "All 2 rows are valid." in result.content.decode()

    applied = client.post(checked["Location"])
    assert applied.status_code == 302
    assert Recommendation.objects.filter(country=world.kg).count() == 2


def test_a_file_with_errors_shows_them_with_a_422(client, world):
    client.force_login(world.coordinator_kg)
    checked = client.post(
        "/commitments/import/",
        {"kind": "recommendations", "file": upload(UPR_INFO.replace("Kyrgyzstan", "Narnia"))},
    )

    result = client.get(checked["Location"])
    assert result.status_code == 422
    assert "1 row has errors; nothing was imported." in result.content.decode()


def test_someone_elses_import_is_a_404(client, world, reporting):
    checked = imports.check_import(
        kind="recommendations", user=world.admin, upload=upload(UPR_INFO)
    )
    client.force_login(world.coordinator_kg)

    assert client.get(f"/commitments/import/{checked.pk}/").status_code == 404
    assert client.post(f"/commitments/import/{checked.pk}/").status_code == 404
    assert CommitmentsImport.objects.get().status == "checked"


def test_a_file_that_is_not_a_table_is_refused_with_a_400(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/commitments/import/",
        {"kind": "recommendations", "file": SimpleUploadedFile("r.xlsx", b"not a workbook")},
    )

    assert response.status_code == 400
    assert "cannot be read as CSV" in response.content.decode()
