"""The network's projects as IATI 2.03 activities: what an IATI consumer reads in the open
data's iati/projects.xml and project tables, and what an organisation's editor sees when
importing their own IATI file (checked first, applied whole or not at all, malicious files
refused before anything is stored)."""

import csv
import datetime
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import opendata
from monitoring.dashboards import engine
from monitoring.opendata import iati
from monitoring.opendata import projects as open_projects
from monitoring.projects import codelists, imports
from monitoring.projects.models import (
    Budget,
    Location,
    Participant,
    Project,
    ProjectsImport,
    Sector,
)
from monitoring.roadmaps.models import Roadmap
from monitoring.sdg.models import SdgTarget
from priorities.models import Objective
from tests.api.test_open_data import IATI_ACTIVITY_ORDER, IATI_REQUIRED, approve, three_year_ends
from tests.factories import OrganizationFactory
from tests.monitoring.conftest import make_indicator
from vision.models import Country

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# What a project with every part writes, each in IATI 2.03's iati-activity sequence.
PROJECT_ELEMENTS = {
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "other-identifier",
    "activity-status",
    "activity-date",
    "recipient-country",
    "location",
    "sector",
    "tag",
    "budget",
    "result",
}


# --- The open data -----------------------------------------------------------------------


@dataclass
class Network:
    water: Project  # of a Kyrgyz member, in three countries, imported, in three languages
    schools: Project  # of a Kazakh member, in one country, with its sectors' shares given
    draft: Project
    outside: Project  # published, but its organisation is no longer a member
    roadmap: Roadmap
    indicator: object


def make_project(organization, title, countries, *, published=True, **fields) -> Project:
    project = Project.objects.create(
        organization=organization,
        title_en=title,
        description_en=f"What “{title}” does, described for a test.",
        planned_start=datetime.date(2025, 3, 1),
        planned_end=datetime.date(2027, 6, 30),
        is_published=published,
        published_at=timezone.now() if published else None,
        **fields,
    )
    project.countries.set(countries)
    return project


def with_every_part(project, *, partner, indicator=None) -> Project:
    """Participants (a funder outside the network, a member implementing), a place, two
    sectors without shares, two budgets, two SDG targets, an objective, an indicator."""
    funder = Participant.objects.create(
        project=project, role="1", name="UNDP", iati_ref="XM-DAC-41114", organisation_type="40"
    )
    Participant.objects.create(project=project, role="4", organization=partner)
    Location.objects.create(
        project=project,
        name="Bishkek",
        country=Country.objects.get(code="KG"),
        latitude=Decimal("42.87"),
        longitude=Decimal("74.59"),
    )
    Sector.objects.create(project=project, code="15150")
    Sector.objects.create(project=project, code="11220")
    Budget.objects.create(
        project=project, year=2025, amount=Decimal("12000"), currency="USD", funder=funder
    )
    Budget.objects.create(project=project, year=2026, amount=Decimal("5000.50"), currency="EUR")
    project.sdg_targets.set(SdgTarget.objects.filter(code__in=["16.7", "6.1"]))
    project.objectives.set([Objective.objects.order_by("pk").first()])
    if indicator is not None:
        project.indicators.set([indicator])
    return project


@pytest.fixture
def network(world) -> Network:
    span = {"start": datetime.date(2023, 1, 1), "end": datetime.date(2027, 12, 31)}
    roadmap = Roadmap.objects.create(
        country=world.kg, level="national", title="Kyrgyz roadmap", **span
    )
    roadmap.owners.add(world.org_kg)
    indicator = make_indicator(
        roadmap, 1, title="Budgets published online", baseline_date=datetime.date(2023, 1, 1)
    )
    three = Country.objects.filter(code__in=["KG", "KZ", "TJ"])
    water = make_project(
        world.org_kg,
        "Clean water for Naryn",
        three,
        title_ru="Чистая вода для Нарына",
        title_prs="آب پاک برای نارین",
        source_identifier="KG-ORG-7-WATER",
        actual_start=datetime.date(2025, 4, 1),
    )
    with_every_part(water, partner=world.org_kz, indicator=indicator)
    schools = make_project(world.org_kz, "Schools online", [world.kz], status="1")
    Sector.objects.create(project=schools, code="11220", percentage=Decimal("60"))
    Sector.objects.create(project=schools, code="15150", percentage=Decimal("40"))
    draft = make_project(world.org_kg, "A draft", [world.kg], published=False)
    former = OrganizationFactory(name="Former member", status="former")
    outside = make_project(former, "Of a former member", [world.kg])
    return Network(water, schools, draft, outside, roadmap, indicator)


def read(built_file: str) -> str:
    return (opendata.root() / "current" / built_file).read_text(encoding="utf-8")


def activities_by_project(network) -> dict:
    root = ET.fromstring(read("iati/projects.xml"))  # noqa: S314 - written by the test's build
    found = {a.findtext("iati-identifier"): a for a in root.findall("iati-activity")}
    return {
        name: found.get(project.iati_identifier)
        for name, project in (("water", network.water), ("schools", network.schools))
    } | {"all": found, "root": root}


def test_projects_xml_has_one_activity_per_published_project_of_a_member(network):
    built = opendata.build()

    root = ET.fromstring(read("iati/projects.xml"))  # noqa: S314
    identifiers = [a.findtext("iati-identifier") for a in root.findall("iati-activity")]
    assert sorted(identifiers) == sorted(
        [network.water.iati_identifier, network.schools.iati_identifier]
    )
    assert network.draft.iati_identifier not in identifiers
    assert network.outside.iati_identifier not in identifiers
    assert root.get("version") == "2.03"
    datetime.datetime.fromisoformat(root.get("generated-datetime"))
    assert "iati/projects.xml" in built["files"]
    assert built["projects"] == 2


def test_each_activity_holds_the_required_elements_in_the_iati_2_03_sequence(network):
    opendata.build()

    found = activities_by_project(network)
    for name in ("water", "schools"):
        activity = found[name]
        tags = [child.tag for child in activity]
        assert set(tags) <= set(IATI_ACTIVITY_ORDER), tags
        assert set(IATI_REQUIRED) <= set(tags), f"{name}: {tags}"
        positions = [IATI_ACTIVITY_ORDER.index(tag) for tag in tags]
        assert positions == sorted(positions), f"{name}: {tags}"
        assert tags.count("iati-identifier") == tags.count("reporting-org") == 1
        assert tags.count("title") == tags.count("activity-status") == 1
        assert activity.get(XML_LANG) == "en"
        assert activity.get("default-currency") in codelists.currencies()
        datetime.datetime.fromisoformat(activity.get("last-updated-datetime"))
        assert activity.find("title/narrative").text
        assert activity.find("description/narrative").text
        assert activity.find("reporting-org/narrative").text
        assert activity.find("participating-org/narrative").text
    assert {child.tag for child in found["water"]} == PROJECT_ELEMENTS


@pytest.mark.parametrize("ref", [None, "KZ-BIN-000000000000"])
def test_identifiers_begin_with_the_reporting_organisation_s(network, settings, ref):
    if ref:
        settings.IATI_REPORTING_ORG_REF = ref
    opendata.build()

    found = activities_by_project(network)
    expected = settings.IATI_REPORTING_ORG_REF
    assert len(found["all"]) == 2
    for identifier, activity in found["all"].items():
        assert identifier.startswith(f"{expected}-"), identifier
        assert activity.find("reporting-org").get("ref") == expected
    assert found["water"].findtext("iati-identifier") == f"{expected}-project-{network.water.pk}"


def test_codes_come_from_the_iati_codelists(network):
    opendata.build()

    found = activities_by_project(network)
    water, schools = found["water"], found["schools"]
    for activity in (water, schools):
        assert activity.find("activity-status").get("code") in {"1", "2", "3", "4", "5", "6"}
        for org in activity.findall("participating-org"):
            assert org.get("role") in {"1", "2", "3", "4"}
            if org.get("type"):
                assert org.get("type") in codelists.organisation_types()
        for sector in activity.findall("sector"):
            assert sector.get("vocabulary") == "1"
            assert sector.get("code") in codelists.sectors()
        for date in activity.findall("activity-date"):
            assert date.get("type") in {"1", "2", "3", "4"}
            datetime.date.fromisoformat(date.get("iso-date"))
    assert water.find("activity-status").get("code") == "2"
    assert schools.find("activity-status").get("code") == "1"
    roles = {
        (o.get("role"), o.findtext("narrative"), o.get("ref"))
        for o in water.findall("participating-org")
    }
    assert ("1", "UNDP", "XM-DAC-41114") in roles
    assert ("4", "Almaty Youth Hub", None) in roles
    # The recording organisation takes part too, though not named among the participants.
    assert ("4", "Bishkek Civic Centre", None) in roles
    assert {d.get("type") for d in water.findall("activity-date")} == {"1", "2", "3"}
    currencies = [b.find("value").get("currency") for b in water.findall("budget")]
    assert currencies == ["USD", "EUR"]
    assert set(currencies) <= set(codelists.currencies())
    tags = [(t.get("vocabulary"), t.get("code")) for t in water.findall("tag")]
    assert [t for t in tags if t[0] == "2"] == [("2", "6"), ("2", "16")]
    assert sorted(t for t in tags if t[0] == "3") == [("3", "16.7"), ("3", "6.1")]
    objective = Objective.objects.order_by("pk").first()
    vision = [t for t in water.findall("tag") if t.get("vocabulary") == "99"]
    assert [t.get("code") for t in vision] == [f"vision-2025-objective-{objective.code}"]
    assert vision[0].get("vocabulary-uri")
    (place,) = water.findall("location")
    assert place.findtext("name/narrative") == "Bishkek"
    assert place.find("point").get("srsName") == WGS84
    assert place.findtext("point/pos") == "42.87 74.59"
    assert place.find("exactness").get("code") in {"1", "2"}
    assert place.find("location-reach").get("code") in {"1", "2"}


def test_countries_and_sectors_shares_add_up_to_100(network):
    opendata.build()

    found = activities_by_project(network)
    water, schools = found["water"], found["schools"]
    countries = water.findall("recipient-country")
    assert sorted(c.get("code") for c in countries) == ["KG", "KZ", "TJ"]
    assert sum(Decimal(c.get("percentage")) for c in countries) == 100
    assert all(Decimal(c.get("percentage")) > 0 for c in countries)
    assert [c.get("percentage") for c in schools.findall("recipient-country")] == ["100"]
    shared = water.findall("sector")
    assert len(shared) == 2
    assert sum(Decimal(s.get("percentage")) for s in shared) == 100
    given = {s.get("code"): s.get("percentage") for s in schools.findall("sector")}
    assert given == {"11220": "60", "15150": "40"}


def test_an_imported_project_s_sector_shares_add_up_to_100_in_the_export(world):
    # Its OECD DAC 5-digit sector has 60 %, the other 40 % are of another vocabulary.
    content = iati_file(activity("KG-ORG-7-001")).replace(
        b'code="15150" percentage="100"/>',
        b'code="15150" percentage="60"/><sector vocabulary="2" code="151" percentage="40"/>',
    )
    checked = check(world, content)
    imports.apply_import(import_id=checked.pk, user=world.editor_kg)
    Project.objects.update(is_published=True)

    opendata.build()

    root = ET.fromstring(read("iati/projects.xml"))  # noqa: S314
    sectors = root.findall("iati-activity/sector")
    assert [(s.get("vocabulary"), s.get("code")) for s in sectors] == [("1", "15150")]
    assert sum(Decimal(s.get("percentage")) for s in sectors) == 100
    assert any("another vocabulary" in note for note in checked.activities[0]["notes"])


def test_a_budget_covers_one_calendar_year_valued_at_its_start(network):
    # A second funder's budget for 2025: IATI's budgets of one type must not overlap.
    Budget.objects.create(project=network.water, year=2025, amount=Decimal("3000"), currency="USD")
    opendata.build()

    budgets = activities_by_project(network)["water"].findall("budget")
    periods = [(b.get("type"), b.find("period-start").get("iso-date")) for b in budgets]
    assert len(set(periods)) == len(periods) == 2
    for budget in budgets:
        start = datetime.date.fromisoformat(budget.find("period-start").get("iso-date"))
        end = datetime.date.fromisoformat(budget.find("period-end").get("iso-date"))
        assert start.year == end.year
        assert start <= end
        assert (end - start).days < 366
        assert budget.find("value").get("value-date") == start.isoformat()
        assert budget.get("type") in {"1", "2"}
        assert budget.get("status") in {"1", "2"}
    assert [(b.find("value").text, b.find("value").get("currency")) for b in budgets] == [
        ("15000", "USD"),
        ("5000.5", "EUR"),
    ]


def test_titles_carry_each_language_as_iati_codes_it(network):
    opendata.build()

    title = activities_by_project(network)["water"].find("title")
    narratives = [(n.get(XML_LANG), n.text) for n in title.findall("narrative")]
    # The first is in the activity's own language (xml:lang="en" on iati-activity).
    assert narratives[0] == (None, "Clean water for Naryn")
    assert ("ru", "Чистая вода для Нарына") in narratives
    # IATI's Language codelist is ISO 639-1: Dari is "fa", there is no "prs".
    assert ("fa", "آب پاک برای نارین") in narratives
    assert all(language != "prs" for language, _text in narratives)
    assert len(narratives) == 3


def test_an_imported_project_keeps_its_own_identifier_as_other_identifier_a9(network):
    opendata.build()

    found = activities_by_project(network)
    other = found["water"].find("other-identifier")
    assert (other.get("ref"), other.get("type")) == ("KG-ORG-7-WATER", "A9")
    assert other.findtext("owner-org/narrative") == "Bishkek Civic Centre"
    assert found["schools"].find("other-identifier") is None


def test_the_indicators_a_project_contributes_to_are_its_results(network, world):
    periods = three_year_ends()
    approve(network.indicator, world.org_kg, periods[0], "10")
    approve(network.indicator, world.org_kg, periods[1], "25")
    engine.recompute_all()

    opendata.build()

    found = activities_by_project(network)
    (result,) = found["water"].findall("result")
    assert result.findtext("title/narrative") == "Budgets published online"
    indicator = result.find("indicator")
    assert indicator.findtext("title/narrative") == "Budgets published online"
    assert indicator.find("baseline").get("value") == "0"
    periods_xml = indicator.findall("period")
    assert [p.find("period-end").get("iso-date") for p in periods_xml] == [
        "2023-12-31",
        "2024-12-31",
    ]
    assert [p.find("actual").get("value") for p in periods_xml] == ["10", "25"]
    assert found["schools"].find("result") is None


def test_projects_and_their_budgets_are_tables_of_the_data_package(network):
    built = opendata.build()

    rows = list(csv.DictReader(io.StringIO(read("projects.csv"))))
    records = json.loads(read("projects.json"))
    budgets = list(csv.DictReader(io.StringIO(read("project-budgets.csv"))))
    budget_records = json.loads(read("project-budgets.json"))
    package = json.loads(read("datapackage.json"))

    ids = sorted([network.water.pk, network.schools.pk])
    assert sorted(int(r["project_id"]) for r in rows) == ids
    assert sorted(r["project_id"] for r in records) == ids
    water = next(r for r in rows if int(r["project_id"]) == network.water.pk)
    assert water["iati_identifier"] == network.water.iati_identifier
    assert water["title"] == "Clean water for Naryn"
    assert water["organization"] == "bishkek-civic"
    assert water["status"] == "2"
    assert water["planned_start"] == "2025-03-01"
    assert sorted(water["countries"].split("; ")) == ["KG", "KZ", "TJ"]
    assert water["funders"] == "UNDP"
    assert water["implementing"] == "Almaty Youth Hub"
    assert sorted(water["sdg_targets"].split("; ")) == ["16.7", "6.1"]
    assert water["indicators"] == "I1"
    record = next(r for r in records if r["project_id"] == network.water.pk)
    assert sorted(record["countries"]) == ["KG", "KZ", "TJ"]
    assert record["is_demo"] is False
    assert [(b["year"], b["amount"], b["currency"], b["funder"]) for b in budgets] == [
        ("2025", "12000", "USD", "UNDP"),
        ("2026", "5000.5", "EUR", ""),
    ]
    assert {b["project_id"] for b in budget_records} == {network.water.pk}
    assert [b["amount"] for b in budget_records] == [12000, 5000.5]
    assert built["project_budgets"] == 2
    by_path = {r["path"]: r for r in package["resources"]}
    for path in (
        "projects.csv",
        "projects.json",
        "project-budgets.csv",
        "project-budgets.json",
        "iati/projects.xml",
    ):
        assert path in by_path, path
        assert path in built["files"], path
    fields = [f["name"] for f in by_path["projects.csv"]["schema"]["fields"]]
    assert fields == list(rows[0])
    budget_fields = [f["name"] for f in by_path["project-budgets.csv"]["schema"]["fields"]]
    assert budget_fields == list(budgets[0])
    names = [r["name"] for r in package["resources"]]
    assert len(set(names)) == len(names), "a Data Package's resource names are unique"


def test_building_the_projects_takes_as_many_queries_for_six_projects_as_for_two(
    network, world, tmp_path
):
    def queries() -> int:
        folder = tmp_path / f"build-{Project.objects.count()}"
        folder.mkdir()
        results = iati.Results()
        with CaptureQueriesContext(connection) as captured:
            open_projects.write(folder, timezone.now(), results)
        return len(captured)

    two = queries()
    for n in range(4):
        project = make_project(world.org_kz, f"Project {n}", [world.kg, world.kz])
        with_every_part(project, partner=world.org_kg, indicator=network.indicator)

    six = queries()

    assert Project.objects.published().count() == 6
    assert six == two


# --- The import --------------------------------------------------------------------------


def iati_file(*activities: str, version: str = "2.03") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="{version}" generated-datetime="2025-05-01T10:00:00Z">\n'
        + "\n".join(activities)
        + "\n</iati-activities>\n"
    ).encode()


def activity(
    identifier: str,
    *,
    title="Open budgets in Bishkek",
    title_ru="Открытые бюджеты в Бишкеке",
    partner="Bishkek Civic Centre",
    start="2025-01-01",
    end="2026-12-31",
    country="KG",
    place='<location><name><narrative>Bishkek</narrative></name><point srsName="{wgs84}">'
    "<pos>42.87 74.59</pos></point></location>",
    sector="15150",
    currency="USD",
) -> str:
    titles = "".join(
        [
            f"<narrative>{title}</narrative>" if title else "",
            f'<narrative xml:lang="ru">{title_ru}</narrative>' if title_ru else "",
        ]
    )
    return f"""
  <iati-activity xml:lang="en" default-currency="USD" last-updated-datetime="2025-05-01T10:00:00Z">
    <iati-identifier>{identifier}</iati-identifier>
    <reporting-org ref="KG-ORG-7" type="22">
      <narrative>Bishkek Civic Centre</narrative></reporting-org>
    <title>{titles}</title>
    <description type="1"><narrative>Budgets of the city online.</narrative>
      <narrative xml:lang="ru">Бюджеты города онлайн.</narrative></description>
    <participating-org role="1" ref="XM-DAC-41114" type="40">
      <narrative>UNDP</narrative></participating-org>
    <participating-org role="4" type="22"><narrative>{partner}</narrative></participating-org>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="{start}"/>
    <activity-date type="3" iso-date="{end}"/>
    <recipient-country code="{country}" percentage="100"/>
    {place.format(wgs84=WGS84)}
    <sector vocabulary="1" code="{sector}" percentage="100"/>
    <tag vocabulary="3" code="16.7"/>
    <budget type="1" status="1">
      <period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
      <value currency="{currency}" value-date="2025-01-01">12000.50</value>
    </budget>
  </iati-activity>"""


def valid_file() -> bytes:
    return iati_file(
        activity("KG-ORG-7-001"),
        activity(
            "KG-ORG-7-002",
            title="Youth councils",
            title_ru="Молодёжные советы",
            partner="almaty youth hub",
            start="2024-06-01",
            end="2025-05-31",
        ),
    )


def upload(content: bytes, name="activities.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/xml")


def check(world, content: bytes, user=None) -> ProjectsImport:
    return imports.check_import(
        upload=upload(content), organization=world.org_kg, user=user or world.editor_kg
    )


def test_a_valid_file_is_checked_without_storing_then_applied_as_drafts(world):
    checked = check(world, valid_file())

    assert imports.import_is_valid(checked), [a["errors"] for a in checked.activities]
    assert [(a["identifier"], a["project"]) for a in checked.activities] == [
        ("KG-ORG-7-001", None),
        ("KG-ORG-7-002", None),
    ]
    assert Project.objects.count() == 0, "a check stores no project"

    count = imports.apply_import(import_id=checked.pk, user=world.editor_kg)

    assert count == 2
    first = Project.objects.get(source_identifier="KG-ORG-7-001")
    second = Project.objects.get(source_identifier="KG-ORG-7-002")
    assert Project.objects.count() == 2
    assert first.organization == second.organization == world.org_kg
    assert [first.is_published, second.is_published] == [False, False], "imported as drafts"
    assert (first.title_en, first.title_ru) == (
        "Open budgets in Bishkek",
        "Открытые бюджеты в Бишкеке",
    )
    assert (second.title_en, second.title_ru) == ("Youth councils", "Молодёжные советы")
    assert first.description_en == "Budgets of the city online."
    assert first.description_ru == "Бюджеты города онлайн."
    assert first.status == "2"
    assert (first.planned_start, first.planned_end) == (
        datetime.date(2025, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert [c.code for c in first.countries.all()] == ["KG"]
    participants = {
        (p.role, p.organization_id, p.name, p.iati_ref) for p in first.participants.all()
    }
    assert participants == {
        ("1", None, "UNDP", "XM-DAC-41114"),
        ("4", world.org_kg.pk, "", ""),
    }
    # Named like a member organisation (case and spaces aside): linked to it.
    assert {p.organization for p in second.participants.filter(role="4")} == {world.org_kz}
    (place,) = first.locations.all()
    assert (place.name, place.country.code) == ("Bishkek", "KG")
    assert (place.latitude, place.longitude) == (Decimal("42.87"), Decimal("74.59"))
    assert [(s.code, s.percentage) for s in first.sectors.all()] == [("15150", Decimal("100"))]
    (budget,) = first.budgets.all()
    assert (budget.year, budget.amount, budget.currency) == (2025, Decimal("12000.50"), "USD")
    assert budget.funder.name == "UNDP"
    assert [t.code for t in first.sdg_targets.all()] == ["16.7"]
    assert ProjectsImport.objects.get(pk=checked.pk).status == "applied"


def test_importing_the_same_file_again_updates_its_projects(world, client):
    imports.apply_import(import_id=check(world, valid_file()).pk, user=world.editor_kg)
    before = dict(Project.objects.values_list("source_identifier", "pk"))
    changed = valid_file().replace(b"Open budgets in Bishkek", b"Open budgets of Bishkek")

    again = check(world, changed)
    client.force_login(world.editor_kg)
    page = client.get(f"/projects/import/{again.pk}/")

    assert [a["project"] for a in again.activities] == [
        before["KG-ORG-7-001"],
        before["KG-ORG-7-002"],
    ]
    assert page.status_code == 200
    assert page.content.decode().count("update its project") == 2
    assert "create a project" not in page.content.decode()

    imports.apply_import(import_id=again.pk, user=world.editor_kg)

    assert dict(Project.objects.values_list("source_identifier", "pk")) == before
    assert Project.objects.get(pk=before["KG-ORG-7-001"]).title_en == "Open budgets of Bishkek"
    assert Participant.objects.filter(project=before["KG-ORG-7-001"]).count() == 2
    assert Budget.objects.filter(project=before["KG-ORG-7-001"]).count() == 1


def test_an_import_applied_from_the_russian_interface_keeps_each_title_in_its_language(
    world, client
):
    checked = check(world, valid_file())
    client.force_login(world.editor_kg)

    response = client.post(f"/ru/projects/import/{checked.pk}/")

    assert response.status_code == 302
    project = Project.objects.get(source_identifier="KG-ORG-7-001")
    assert (project.title_en, project.title_ru) == (
        "Open budgets in Bishkek",
        "Открытые бюджеты в Бишкеке",
    )


BROKEN = {
    "unknown sector": (
        {"sector": "99999"},
        "Sector 99999 is not an OECD DAC 5-digit code.",
    ),
    "end before start": (
        {"start": "2026-01-01", "end": "2025-01-01"},
        "It ends before it starts.",
    ),
    "no title": ({"title": "", "title_ru": ""}, "It has no title."),
    "unknown currency": ({"currency": "ABC"}, "Currency “ABC” is not an ISO 4217 code."),
    "no country of the seven": (
        {"country": "FR", "place": ""},
        "It names no recipient country among the Vision’s seven.",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_one_activity_with_an_error_refuses_the_whole_file(world, client, case):
    broken, message = BROKEN[case]
    earlier = check(world, iati_file(activity("KG-ORG-7-001", title="As imported before")))
    imports.apply_import(import_id=earlier.pk, user=world.editor_kg)
    content = iati_file(activity("KG-ORG-7-001"), activity("KG-ORG-7-002", **broken))
    stored = {
        model: model.objects.count() for model in (Project, Participant, Location, Sector, Budget)
    }

    checked = check(world, content)

    assert not imports.import_is_valid(checked)
    assert checked.activities[0]["errors"] == []
    assert message in checked.activities[1]["errors"]
    with pytest.raises(ValueError, match="nothing was imported"):
        imports.apply_import(import_id=checked.pk, user=world.editor_kg)
    client.force_login(world.editor_kg)
    page = client.get(f"/projects/import/{checked.pk}/")
    assert page.status_code == 422
    assert "nothing was imported" in page.content.decode()
    assert message in page.content.decode().replace("&#x27;", "'")
    assert client.post(f"/projects/import/{checked.pk}/").status_code == 302
    assert stored[Project] == 1
    assert {m: m.objects.count() for m in stored} == stored, "nothing stored, nothing removed"
    assert Project.objects.get().title_en == "As imported before", "nor updated"
    assert ProjectsImport.objects.get(pk=checked.pk).status == "checked"


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier>
<title><narrative>&lol9;</narrative></title></iati-activity></iati-activities>
"""
XXE = iati_file(activity("KG-ORG-7-001", title="&xxe;")).replace(
    b"?>\n", b'?>\n<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', 1
)
REFUSED = {
    "billion laughs": (lambda: LAUGHS, "declares a DOCTYPE or entities"),
    "external entity": (lambda: XXE, "declares a DOCTYPE or entities"),
    # Its bytes hold no "<!DOCTYPE": only the parsed document shows it.
    "external entity in UTF-16": (
        lambda: XXE.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
        "declares a DOCTYPE or entities",
    ),
    "malformed": (lambda: valid_file()[:-30], "This is not a well-formed XML file"),
    "not IATI": (
        lambda: b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        "This is not an IATI activity file",
    ),
    "IATI 1.05": (
        lambda: iati_file(activity("KG-ORG-7-001"), version="1.05"),
        "IATI version 1.05 is not read",
    ),
    "over 10 MB": (
        lambda: valid_file() + b"<!--" + b" " * imports.MAX_BYTES + b"-->",
        "an IATI file of up to 10 MB can be imported",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_malicious_or_foreign_file_is_refused_with_a_clear_message(world, client, case):
    make, message = REFUSED[case]
    content = make()

    with pytest.raises(imports.ImportFileError, match=message):
        check(world, content)
    client.force_login(world.editor_kg)
    page = client.post(
        "/projects/import/",
        {"organization": world.org_kg.pk, "file": upload(content)},
    )

    assert page.status_code == 400
    assert message in page.content.decode()
    assert Project.objects.count() == ProjectsImport.objects.count() == 0


class HugeUpload(SimpleUploadedFile):
    """An upload that says it is 200 MB, and fails the test if anything reads it."""

    def __init__(self):
        super().__init__("huge.xml", valid_file(), content_type="application/xml")
        self.size = 200 * 1024 * 1024

    def read(self, *args, **kwargs):
        raise AssertionError("a 200 MB upload is refused before it is read")

    def chunks(self, *args, **kwargs):
        raise AssertionError("a 200 MB upload is refused before it is read")


def test_a_200_mb_upload_is_refused_before_it_is_read(world, client):
    with pytest.raises(imports.ImportFileError, match="The file is 200 MB"):
        imports.check_import(upload=HugeUpload(), organization=world.org_kg, user=world.editor_kg)
    # Through the page, the site refuses the request by its declared length, unread.
    client.force_login(world.editor_kg)
    body = io.BytesIO(b"--x\r\n")
    page = client.post(
        "/projects/import/",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": body},
    )

    assert page.status_code == 413
    assert "What you sent is too large" in page.content.decode()
    assert body.tell() == 0
    assert Project.objects.count() == ProjectsImport.objects.count() == 0


def test_no_one_imports_for_an_organisation_they_do_not_edit(world, client):
    for user in (world.editor_kz, world.viewer_kg, world.outsider):
        with pytest.raises(PermissionDenied):
            check(world, valid_file(), user=user)
    client.force_login(world.editor_kz)
    page = client.post(
        "/projects/import/", {"organization": world.org_kg.pk, "file": upload(valid_file())}
    )
    client.force_login(world.viewer_kg)
    viewer = client.get("/projects/import/")

    assert page.status_code == 400
    assert viewer.status_code == 403
    assert Project.objects.count() == ProjectsImport.objects.count() == 0


def test_someone_else_s_checked_import_is_a_404(world, client):
    checked = check(world, valid_file())

    for user in (world.editor_kz, world.viewer_kg):
        client.force_login(user)
        assert client.get(f"/projects/import/{checked.pk}/").status_code == 404
        assert client.post(f"/projects/import/{checked.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        imports.apply_import(import_id=checked.pk, user=world.editor_kz)

    assert Project.objects.count() == 0
    assert ProjectsImport.objects.get(pk=checked.pk).status == "checked"


def test_an_applied_import_cannot_be_applied_again(world, client):
    checked = check(world, valid_file())
    client.force_login(world.editor_kg)
    first = client.post(f"/projects/import/{checked.pk}/")
    projects = set(Project.objects.values_list("pk", flat=True))

    again = client.post(f"/projects/import/{checked.pk}/", follow=True)

    assert first.status_code == 302
    assert len(projects) == 2
    assert "This file has already been imported." in again.content.decode()
    with pytest.raises(ValueError, match="already been imported"):
        imports.apply_import(import_id=checked.pk, user=world.editor_kg)
    assert set(Project.objects.values_list("pk", flat=True)) == projects


def test_a_file_under_10_mb_goes_through_the_page_to_its_check(world, client):
    """The form says "up to 10 MB": the site's bound on a request lets such a file through."""
    # 9 MB in comments of 1 kB each (libxml2 refuses any single node over 10 MB).
    content = valid_file() + (b"<!--" + b" " * 1017 + b"-->\n") * (9 * 1024)
    assert 9 * 1024 * 1024 < len(content) < imports.MAX_BYTES
    client.force_login(world.editor_kg)

    response = client.post(
        "/projects/import/", {"organization": world.org_kg.pk, "file": upload(content)}
    )

    checked = ProjectsImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/import/{checked.pk}/"
    assert imports.import_is_valid(checked)
    assert Project.objects.count() == 0


def test_an_overlong_title_is_cut_and_an_overlong_identifier_is_an_error(world):
    long_title = iati_file(activity("KG-ORG-7-001", title="", title_ru="Б" * 400))
    long_identifier = iati_file(activity("KG-ORG-7-" + "9" * 150))

    refused = check(world, long_identifier)
    checked = check(world, long_title)
    imports.apply_import(import_id=checked.pk, user=world.editor_kg)

    assert not imports.import_is_valid(refused)
    assert "Its iati-identifier is over 150 characters." in refused.activities[0]["errors"]
    (project,) = Project.objects.all()
    assert project.title_ru == "Б" * 300
