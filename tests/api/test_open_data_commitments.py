"""The commitments in the open data: every recommendation with its links and the network's
position, the approved assessments and nothing else, described by the data package and
listed on /data/."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import opendata
from monitoring.commitments.models import Assessment
from monitoring.opendata import commitments
from tests.api.test_open_data import download
from tests.factories import OrganizationFactory
from tests.monitoring.test_commitments import recommend
from tests.vision.test_languages import untranslated

pytestmark = pytest.mark.django_db


def assess(recommendation, organization, status, implementation="partial", **fields):
    return Assessment.objects.create(
        recommendation=recommendation,
        organization=organization,
        as_of=fields.pop("as_of", datetime.date(2025, 6, 1)),
        implementation=implementation,
        narrative=fields.pop("narrative", f"A {status} assessment."),
        sources="https://example.org/budget-2025",
        status=status,
        **fields,
    )


@pytest.fixture
def assessed(world):
    """A Kyrgyz recommendation with a Russian text and links, assessed by two organisations
    (approved), with another organisation's draft, submitted and returned ones."""
    recommendation = recommend(
        world.kg,
        reference="141.7",
        text="Protect journalists.",
        text_ru="Защитить журналистов.",
        recommending_state="Norway",
        response="supported",
        document="A/HRC/55/8",
        source_url="https://upr-info.org/141.7",
        themes=["assembly"],
        groups=["human-rights-defenders"],
        targets=["16.7", "16.10"],
        objectives=["4.3"],
    )
    approved = assess(
        recommendation,
        world.org_kg,
        "approved",
        narrative="A law was drafted but not adopted.",
        reviewed_at=timezone.now(),
    )
    second = OrganizationFactory(country=world.kg)
    assess(recommendation, second, "approved", reviewed_at=timezone.now())
    waiting = OrganizationFactory(country=world.kg)
    hidden = [
        assess(recommendation, waiting, status, narrative=f"Not for the public: {status}.", as_of=d)
        for status, d in [
            ("draft", datetime.date(2025, 7, 1)),
            ("submitted", datetime.date(2025, 8, 1)),
            ("returned", datetime.date(2025, 9, 1)),
        ]
    ]
    unassessed = recommend(world.kz, mechanism="CCPR", cycle="CCPR 137", reference="23(b)")
    return recommendation, approved, hidden, unassessed


def table(client, name) -> tuple[list[dict], list[dict]]:
    rows = list(csv.DictReader(io.StringIO(download(client, f"{name}.csv"))))
    return rows, json.loads(download(client, f"{name}.json"))


def test_a_recommendation_comes_with_its_russian_text_its_links_as_codes_and_the_position(
    client, assessed
):
    recommendation, _approved, _hidden, unassessed = assessed

    built = opendata.build()

    rows, records = table(client, "recommendations")
    assert built["recommendations"] == len(rows) == len(records) == 2
    row = next(r for r in rows if r["recommendation_id"] == str(recommendation.pk))
    record = next(r for r in records if r["recommendation_id"] == recommendation.pk)
    assert {k: row[k] for k in ("country", "mechanism", "cycle", "reference", "document")} == {
        "country": "KG",
        "mechanism": "UPR",
        "cycle": "4",
        "reference": "141.7",
        "document": "A/HRC/55/8",
    }
    assert (row["text_en"], row["text_ru"]) == ("Protect journalists.", "Защитить журналистов.")
    assert record["text_ru"] == "Защитить журналистов."
    assert (row["made_on"], record["made_on"]) == ("2024-01-24", "2024-01-24")
    assert (row["recommending_state"], row["response"]) == ("Norway", "supported")
    assert row["sdg_targets"] == "16.7; 16.10"
    assert record["sdg_targets"] == ["16.7", "16.10"]
    assert (record["themes"], record["groups"]) == (["assembly"], ["human-rights-defenders"])
    assert (row["objectives"], record["objectives"]) == ("4.3", ["4.3"])
    assert record["source_url"] == "https://upr-info.org/141.7"
    assert (row["is_demo"], record["is_demo"]) == ("false", False)
    # Two organisations approved "partial"; the draft, submitted and returned ones don't count.
    assert (row["position"], row["position_count"], row["position_total"]) == ("partial", "2", "2")
    assert (record["position"], record["position_count"], record["position_total"]) == (
        "partial",
        2,
        2,
    )
    other = next(r for r in records if r["recommendation_id"] == unassessed.pk)
    assert (other["position"], other["position_count"], other["position_total"]) == (
        "unassessed",
        0,
        0,
    )
    assert (other["themes"], other["text_ru"], other["response"]) == ([], "", "")


def test_only_approved_assessments_are_published(client, world, assessed):
    recommendation, approved, hidden, _unassessed = assessed

    built = opendata.build()

    rows, records = table(client, "approved-assessments")
    assert built["assessments"] == len(rows) == len(records) == 2
    assert {r["assessment_id"] for r in records} == set(
        Assessment.objects.filter(status="approved").values_list("pk", flat=True)
    )
    assert not {a.pk for a in hidden} & {r["assessment_id"] for r in records}
    text = download(client, "approved-assessments.csv") + download(
        client, "approved-assessments.json"
    )
    assert "Not for the public" not in text
    record = next(r for r in records if r["assessment_id"] == approved.pk)
    assert record == {
        "assessment_id": approved.pk,
        "recommendation_id": recommendation.pk,
        "country": "KG",
        "organization": "bishkek-civic",
        "as_of": "2025-06-01",
        "implementation": "partial",
        "narrative": "A law was drafted but not adopted.",
        "sources": "https://example.org/budget-2025",
        "approved_at": approved.reviewed_at.isoformat(),
        "is_demo": False,
    }
    row = next(r for r in rows if r["assessment_id"] == str(approved.pk))
    assert datetime.datetime.fromisoformat(row["approved_at"]) == approved.reviewed_at


def test_the_data_package_describes_the_commitments_files_and_their_cells_fit_it(client, assessed):
    opendata.build()

    package = json.loads(download(client, "datapackage.json"))

    resources = {r["path"]: r for r in package["resources"]}
    assert len({r["name"] for r in package["resources"]}) == len(package["resources"])
    for name in ("recommendations", "approved-assessments"):
        rows, records = table(client, name)
        for path, found in ((f"{name}.csv", rows), (f"{name}.json", records)):
            schema = resources[path]["schema"]
            fields = schema["fields"]
            assert [f["name"] for f in fields] == list(found[0]), path
            assert schema["primaryKey"][0] == fields[0]["name"]
            for record in found:
                for field in fields:
                    assert fits(record[field["name"]], field, path.endswith(".csv")), (
                        path,
                        field["name"],
                        record[field["name"]],
                    )
    csv_types = {f["name"]: f["type"] for f in resources["recommendations.csv"]["schema"]["fields"]}
    json_types = {
        f["name"]: f["type"] for f in resources["recommendations.json"]["schema"]["fields"]
    }
    assert (csv_types["sdg_targets"], json_types["sdg_targets"]) == ("string", "array")
    assert csv_types["made_on"] == "date"
    assert csv_types["is_demo"] == "boolean"


def fits(cell, field: dict, from_csv: bool) -> bool:
    """Whether a cell is valid for its Table Schema field (the types these files use; an
    empty cell is a missing value, valid for any field that is not required)."""
    if cell in ("", None):
        return True
    kind = field["type"]
    if from_csv:
        parse = {
            "integer": lambda c: str(int(c)) == c,
            "date": lambda c: bool(datetime.date.fromisoformat(c)),
            "datetime": lambda c: bool(datetime.datetime.fromisoformat(c).tzinfo),
            "boolean": lambda c: c in ("true", "false"),
            "string": lambda c: True,
        }
        valid = parse[kind](cell)
    else:
        checks = {
            "integer": lambda c: type(c) is int,
            "date": lambda c: bool(datetime.date.fromisoformat(c)),
            "datetime": lambda c: bool(datetime.datetime.fromisoformat(c).tzinfo),
            "boolean": lambda c: type(c) is bool,
            "string": lambda c: isinstance(c, str),
            "array": lambda c: isinstance(c, list) and all(isinstance(x, str) for x in c),
        }
        valid = checks[kind](cell)
    enum = field.get("constraints", {}).get("enum")
    return valid and (enum is None or cell in enum)


def test_the_data_page_lists_the_commitments_files_in_each_language(client, assessed):
    opendata.build()

    english = client.get("/data/").content.decode()
    russian = client.get("/ru/data/").content.decode()

    for name in ("recommendations", "approved-assessments"):
        for page, prefix in ((english, ""), (russian, "/ru")):
            assert f'href="{prefix}/data/{name}.csv"' in page
            assert f'href="{prefix}/data/{name}.json"' in page
    assert "one row per approved assessment" in english
    assert "Международные обязательства" in russian
    assert "одна строка на каждую одобренную оценку" in russian
    assert 'href="/ru/commitments/"' in russian
    assert untranslated(client, ["/data/"]) == []


def test_a_build_from_before_the_commitments_lists_only_what_it_has(client, world):
    index = opendata.build()
    for key in ("recommendations", "assessments"):
        index.pop(key)

    listed = opendata.downloads(index)

    assert listed["commitments"] is False


def test_the_build_takes_the_same_queries_however_many_recommendations(world, tmp_path):
    def grow(first: int, last: int) -> None:
        for number in range(first, last):
            recommendation = recommend(
                world.kg,
                reference=f"140.{number}",
                text_ru="Текст.",
                themes=["assembly"],
                groups=["human-rights-defenders"],
                targets=["16.7"],
                objectives=["4.3"],
            )
            assess(recommendation, world.org_kg, "approved")
            assess(recommendation, world.org_kz, "draft")

    def queries(work) -> int:
        with CaptureQueriesContext(connection) as captured:
            work()
        return len(captured)

    grow(0, 2)
    few = queries(opendata.build), queries(lambda: commitments.write(tmp_path))
    grow(2, 22)
    many = queries(opendata.build), queries(lambda: commitments.write(tmp_path))

    assert few == many
    # The recommendations, their themes, groups, SDG targets and objectives, the approved
    # assessments behind the positions, and the approved assessments themselves.
    assert few[1] == 7


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text_in_the_csv(client, world):
    formula = '=HYPERLINK("https://evil.example.org", "Protect journalists")'
    recommendation = recommend(world.kg, text=formula, text_ru=formula)
    assess(recommendation, world.org_kg, "approved", narrative=formula)

    opendata.build()

    recommendations, records = table(client, "recommendations")
    assessments, _records = table(client, "approved-assessments")
    assert recommendations[0]["text_en"] == recommendations[0]["text_ru"] == "'" + formula
    assert assessments[0]["narrative"] == "'" + formula
    assert records[0]["text_en"] == formula, "the JSON keeps the text as written"
