import csv
import datetime
import io
import json
import re
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
import yaml
from django.utils import timezone

from monitoring import opendata
from monitoring.dashboards import engine
from monitoring.dashboards.tasks import recompute_all_dashboards
from monitoring.models import (
    IndicatorValue,
    ProgressReport,
    ReportingPeriod,
    Roadmap,
    RoadmapIndicator,
    SdgIndicator,
)
from monitoring.opendata.tasks import build_open_data
from tests.factories import OrganizationFactory
from tests.monitoring.conftest import make_indicator

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The sequence of iati-activity's children in IATI 2.03's iati-activities-schema.xsd
# (IATI/IATI-Schemas, branch version-2.03), from which these files take theirs; the
# first seven are required.
IATI_ACTIVITY_ORDER = [
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "other-identifier",
    "activity-status",
    "activity-date",
    "contact-info",
    "activity-scope",
    "recipient-country",
    "recipient-region",
    "location",
    "sector",
    "tag",
    "country-budget-items",
    "humanitarian-scope",
    "policy-marker",
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
    "budget",
    "planned-disbursement",
    "capital-spend",
    "transaction",
    "document-link",
    "related-activity",
    "legacy-data",
    "conditions",
    "result",
    "crs-add",
    "fss",
]
IATI_REQUIRED = [*IATI_ACTIVITY_ORDER[:5], "activity-status", "activity-date"]
# The schema's sequence inside result/indicator/period.
IATI_PERIOD_ORDER = ["period-start", "period-end", "target", "actual"]

# What sdg-build reads from an Open SDG metadata file, and what the Vision adds.
OPEN_SDG_META_KEYS = {
    "indicator_number",
    "indicator_name",
    "title",
    "graph_title",
    "graph_type",
    "reporting_status",
    "data_non_statistical",
    "published",
    "computation_units",
    "source_organisation_1",
    "vision_objectives",
    "reporting_organisations",
}


@pytest.fixture
def built(demo_dashboards):
    return opendata.build()


def download(client, path):
    response = client.get(f"/data/{path}")
    assert response.status_code == 200, path
    return b"".join(response.streaming_content).decode("utf-8")


def front_matter(text: str) -> dict:
    """The YAML header of an Open SDG metadata file, as sdg-build's yamlmd reads it."""
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_the_full_dataset_is_csv_json_and_a_data_package(client, built):
    approved = IndicatorValue.objects.filter(is_approved=True).exclude(value=None).count()

    rows = list(csv.DictReader(io.StringIO(download(client, "approved-values.csv"))))
    records = json.loads(download(client, "approved-values.json"))
    package = json.loads(download(client, "datapackage.json"))

    assert len(rows) == len(records) == approved == built["values"]
    assert rows[0]["country"]
    assert rows[0]["period"]
    assert rows[0]["value"]
    assert records[0]["value_id"] == int(rows[0]["value_id"])
    resource = package["resources"][0]
    assert resource["path"] == "approved-values.csv"
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0])
    described = {r["path"] for r in package["resources"]}
    assert set(built["files"]) - {"datapackage.json"} <= described
    assert len({r["name"] for r in package["resources"]}) == len(package["resources"])


def test_values_and_their_parts_are_json_numbers(client, built):
    records = json.loads(download(client, "approved-values.json"))

    parts = [n for r in records for c in r["disaggregation"].values() for n in c.values()]
    assert parts, "the demo has disaggregated values"
    assert all(type(r["value"]) in (int, float) for r in records)
    assert all(type(n) in (int, float) for n in parts)
    stored = IndicatorValue.objects.get(pk=records[0]["value_id"])
    assert Decimal(str(records[0]["value"])) == stored.value


def test_open_sdg_files_are_laid_out_as_sdg_build_reads_them(client, built):
    data = [f for f in built["files"] if f.startswith("opensdg/") and f.endswith(".csv")]
    meta = [f for f in built["files"] if f.startswith("opensdg/") and f.endswith(".md")]

    # sdg-build's InputCsvData takes the id from data/indicator_<id>.csv, InputYamlMdMeta
    # from meta/<id>.md; Open SDG's default inputs read data/*-*.csv and meta/*-*.md.
    pattern = re.compile(r"opensdg/[A-Z]{2}/data/indicator_([0-9a-z]+(?:-[0-9a-z]+)+)\.csv")
    ids = {f: pattern.fullmatch(f).group(1) for f in data}
    assert all(ids.values()), data
    assert {
        f.replace("/data/indicator_", "/meta/").removesuffix(".csv") + ".md" for f in data
    } == set(meta)
    for name in data:
        rows = list(csv.reader(io.StringIO(download(client, name))))
        header = rows[0]
        assert header[0] == "Year", name
        assert header[-1] == "Value", name
        assert header[1:3] == ["Series", "Units"], name
        assert rows[1:], name
        for row in rows[1:]:
            assert re.fullmatch(r"\d{4}", row[0]), name
            Decimal(row[-1])
            assert row[1], "every row names its series"
            assert row[2], "and its unit"
    for name in meta:
        fields = front_matter(download(client, name))
        assert fields.keys() >= OPEN_SDG_META_KEYS, name
        assert fields["reporting_status"] == "complete"
        assert fields["data_non_statistical"] is False
        assert fields["published"] is True
        assert fields["reporting_organisations"]


def test_a_un_indicator_s_file_is_named_by_its_code_and_a_custom_one_never_collides(client, built):
    localised = RoadmapIndicator.objects.get(
        roadmap__title="National SDG roadmap of Kyrgyzstan (demo)", sdg_indicator__code="4.7.1"
    )
    fields = front_matter(download(client, "opensdg/KG/meta/4-7-1.md"))
    rows = list(
        csv.DictReader(io.StringIO(download(client, "opensdg/KG/data/indicator_4-7-1.csv")))
    )

    assert fields["indicator_number"] == "4.7.1"
    assert fields["sdg_goal"] == "4"
    # Open SDG resolves this key to the UN's title in each of its languages.
    assert fields["indicator_name"] == "global_indicators.4-7-1-title"
    assert fields["title"] == SdgIndicator.objects.get(code="4.7.1").title
    assert {r["Series"] for r in rows} == {f"{localised.title} ({localised.roadmap.title})"}
    un_codes = {c.replace(".", "-") for c in SdgIndicator.objects.values_list("code", flat=True)}
    for entry in built["opensdg"]:
        ids = [RoadmapIndicator.objects.get(pk=pk) for pk in entry["indicators"]]
        if ids[0].sdg_indicator_id:
            assert entry["id"] == ids[0].sdg_indicator.code.replace(".", "-")
        else:
            assert entry["id"] not in un_codes


def test_two_localisations_of_one_un_indicator_in_a_country_are_two_series_of_its_file(
    client, world
):
    periods = three_year_ends()
    span = {"start": datetime.date(2023, 1, 1), "end": datetime.date(2027, 12, 31)}
    national = Roadmap.objects.create(country=world.kg, level="national", title="National", **span)
    local = Roadmap.objects.create(country=world.kg, level="local", title="Naryn", **span)
    sdg = SdgIndicator.objects.get(code="16.6.2")
    first = make_indicator(national, 1, title="Budgets online", sdg_indicator=sdg)
    second = make_indicator(local, 1, title="Naryn budgets online", sdg_indicator=sdg)
    for indicator in (first, second):
        approve(indicator, world.org_kg, periods[0], "10")
    engine.recompute_all()

    built = opendata.build()

    rows = list(
        csv.DictReader(io.StringIO(download(client, "opensdg/KG/data/indicator_16-6-2.csv")))
    )
    fields = front_matter(download(client, "opensdg/KG/meta/16-6-2.md"))
    assert {r["Series"] for r in rows} == {
        "Budgets online (National)",
        "Naryn budgets online (Naryn)",
    }
    assert [s["platform_indicator_id"] for s in fields["series"]] == [first.pk, second.pk]
    assert [e["indicators"] for e in built["opensdg"]] == [[first.pk, second.pk]]


def three_year_ends() -> list[ReportingPeriod]:
    return [
        ReportingPeriod.objects.create(
            code=f"{year}-Q4",
            kind="quarter",
            start=datetime.date(year, 10, 1),
            end=datetime.date(year, 12, 31),
            deadline=datetime.date(year + 1, 1, 20),
        )
        for year in (2023, 2024, 2025)
    ]


def approve(indicator, organization, period, value, parts=None):
    report, _created = ProgressReport.objects.get_or_create(
        organization=organization,
        roadmap=indicator.roadmap,
        period=period,
        defaults={"status": "approved", "reviewed_at": timezone.now()},
    )
    IndicatorValue.objects.create(
        report=report,
        indicator=indicator,
        value=Decimal(value),
        disaggregation=parts or {},
        country_id=organization.country_id,
        period=period,
        is_approved=True,
    )


def test_a_cumulative_indicator_s_parts_add_up_to_its_headline_in_every_period(client, world):
    periods = three_year_ends()
    span = {"start": datetime.date(2023, 1, 1), "end": datetime.date(2027, 12, 31)}
    roadmap = Roadmap.objects.create(country=world.kg, level="national", title="Roadmap", **span)
    roadmap.owners.add(world.org_kg)
    trained = make_indicator(
        roadmap,
        1,
        title="People trained",
        cumulative=True,
        disaggregations=["sex"],
        sdg_indicator=SdgIndicator.objects.get(code="4.7.1"),
        baseline_date=datetime.date(2023, 1, 1),
    )
    other = OrganizationFactory(country=world.kg)
    for period, (female, male) in zip(periods, [(3, 2), (10, 0), (1, 4)], strict=True):
        # Two organisations: their parts combine as their values do (summed), then cumulate.
        approve(trained, world.org_kg, period, female, {"sex": {"female": str(female)}})
        approve(trained, other, period, male, {"sex": {"male": str(male)}})
    engine.recompute_all()

    built = opendata.build()

    rows = list(
        csv.DictReader(io.StringIO(download(client, "opensdg/KG/data/indicator_4-7-1.csv")))
    )
    by_year = {}
    for row in rows:
        by_year.setdefault(row["Year"], {})[row["Sex"] or "total"] = Decimal(row["Value"])
    assert by_year == {
        "2023": {"total": 5, "Female": 3, "Male": 2},
        "2024": {"total": 15, "Female": 13, "Male": 2},
        "2025": {"total": 20, "Female": 14, "Male": 6},
    }

    iati = next(e["path"] for e in built["iati"] if e["roadmap"] == roadmap.pk)
    root = ET.fromstring(download(client, iati))  # noqa: S314 - written by the test's build
    periods_xml = root.findall("./iati-activity/result/indicator/period")
    assert len(periods_xml) == 3
    for period in periods_xml:
        headline, *parts = period.findall("actual")
        assert [p.find("dimension").get("name") for p in parts] == ["Sex", "Sex"]
        assert sum(Decimal(p.get("value")) for p in parts) == Decimal(headline.get("value"))
    assert [p.findall("actual")[0].get("value") for p in periods_xml] == ["5", "15", "20"]


def test_iati_activities_have_the_elements_the_schema_requires_in_its_order(client, built):
    for name in [f for f in built["files"] if f.startswith("iati/")]:
        root = ET.fromstring(download(client, name))  # noqa: S314 - written by the build
        assert root.tag == "iati-activities"
        assert root.get("version") == "2.03"
        datetime.datetime.fromisoformat(root.get("generated-datetime"))
        for activity in root.findall("iati-activity"):
            tags = [child.tag for child in activity]
            assert set(IATI_REQUIRED) <= set(tags), name
            positions = [IATI_ACTIVITY_ORDER.index(tag) for tag in tags]
            assert positions == sorted(positions), f"{name}: {tags}"
            assert activity.get(XML_LANG) == "en"
            datetime.datetime.fromisoformat(activity.get("last-updated-datetime"))
            assert activity.find("iati-identifier").text.startswith("XX-UNREGISTERED-VISION2025-")
            assert activity.find("reporting-org").get("ref") == "XX-UNREGISTERED-VISION2025"
            assert activity.find("reporting-org/narrative").text
            assert activity.find("description/narrative").text
            assert activity.find("activity-status").get("code") in {"1", "2", "3", "4"}
            for period in activity.iter("period"):
                tags = [child.tag for child in period]
                order = [IATI_PERIOD_ORDER.index(tag) for tag in tags]
                assert order == sorted(order)


def test_the_reporting_organisation_comes_from_the_settings(client, world, settings):
    settings.IATI_REPORTING_ORG_REF = "KZ-BIN-000000000000"
    settings.IATI_REPORTING_ORG_NAME = "ARGO"
    settings.IATI_REPORTING_ORG_TYPE = "22"
    roadmap = Roadmap.objects.create(
        country=world.kg,
        level="national",
        title="Roadmap",
        start=datetime.date(2023, 1, 1),
        end=datetime.date(2027, 12, 31),
    )

    built = opendata.build()

    root = ET.fromstring(download(client, built["iati"][0]["path"]))  # noqa: S314
    assert (
        root.find("iati-activity/iati-identifier").text
        == f"KZ-BIN-000000000000-roadmap-{roadmap.pk}"
    )
    reporting = root.find("iati-activity/reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("KZ-BIN-000000000000", "22")
    assert reporting.find("narrative").text == "ARGO"


def test_iati_results_carry_baseline_periods_targets_actuals_and_the_sdg_code(client, built):
    roadmap = Roadmap.objects.get(title="National SDG roadmap of Kyrgyzstan (demo)")

    root = ET.fromstring(download(client, f"iati/roadmap-{roadmap.pk}.xml"))  # noqa: S314

    indicator = root.find("./iati-activity/result/indicator")
    assert indicator.find("reference").attrib == {"vocabulary": "9", "code": "4.7.1"}
    assert indicator.find("baseline").get("value") is not None
    period = indicator.find("period")
    assert period.find("period-start").get("iso-date")
    assert period.find("target").get("value")
    assert period.find("actual").get("value")


def test_the_data_page_lists_the_downloads_by_title_and_tells_when_they_were_built(client, built):
    page = client.get("/data/").content.decode()

    assert 'href="/data/approved-values.csv"' in page
    assert "datapackage.json" in page
    open_sdg = next(f for f in built["files"] if f.startswith("opensdg/"))
    assert f'href="/data/{open_sdg}"' in page
    title = SdgIndicator.objects.get(code="4.7.1").title
    assert f"4.7.1 {title}" in page
    assert "KG/data/indicator_4-7-1.csv" in page
    assert "Kyrgyzstan" in page
    when = datetime.datetime.fromisoformat(built["generated_at"])
    assert f'<time datetime="{when.isoformat()}">' in page
    assert when.strftime("%-d %b %Y, %H:%M") in page
    assert built["generated_at"] + " " not in page


def test_the_data_page_shows_the_date_in_the_language_s_format(client, built):
    page = client.get("/ru/data/").content.decode()

    when = datetime.datetime.fromisoformat(built["generated_at"])
    assert f'<time datetime="{when.isoformat()}">' in page
    assert f"{when.year}\u202fг." in page  # CLDR: a narrow no-break space


@pytest.mark.parametrize("path", ["../db.sqlite3", "..%2F..%2Fetc/passwd", "nothing.csv"])
def test_nothing_outside_the_downloads_is_reachable(client, built, path):
    assert client.get(f"/data/{path}").status_code == 404


def test_a_recompute_queues_the_rebuild_and_an_up_to_date_build_is_skipped(demo_data):
    recompute_all_dashboards()  # eager in tests: the build runs right after

    assert opendata.manifest()["values"] > 0
    assert build_open_data() is None, "nothing new since the last build"
