"""Script, HTML and spreadsheet-formula payloads typed into every kind of text field: kept
as typed, shown escaped on pages and in the admin, plain in emails, and harmless in the
CSV and XLSX downloads and the open data."""

import csv
import io
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape
from openpyxl import load_workbook

from monitoring.dashboards import engine
from monitoring.models import ProgressReport
from organizations.tokens import token_create
from tests.factories import UserFactory
from vision.spreadsheets import csv_cell, xlsx_row

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
]
# (Forms strip leading tabs and line breaks; those starts are tried on the cells below.)
FORMULAS = [p for p in PAYLOADS if p[0] in "=+-@"]


@dataclass
class Story:
    payload: str
    report: ProgressReport
    world: object
    reporting: object


@pytest.fixture(params=PAYLOADS, ids=range(len(PAYLOADS)))
def story(request, world, reporting, client, django_capture_on_commit_callbacks, settings):
    """The payload typed as an organisation's name and description (profile form), a
    report's narrative and note (API), a roadmap's and an indicator's title; the report is
    submitted and approved, the dashboards and the open data rebuilt."""
    payload = request.param
    world.org_kg.priorities.clear()
    client.force_login(world.editor_kg)
    edited = client.post(
        f"/organizations/{world.org_kg.slug}/edit/",
        {
            "name": payload,
            "city": "Bishkek",
            "kind": world.org_kg.kind,
            "description": payload,
            "website": "",
            "contact_email": "",
            "priorities": [],
            "sdg_goals": [],
        },
    )
    assert edited.status_code == 302, edited.content.decode()[:2000]
    reporting.roadmap_kg.title = payload
    reporting.roadmap_kg.save()
    reporting.people.title = payload
    # A genuine negative number, which must stay a number in the downloads.
    reporting.people.baseline_value = -3
    reporting.people.save()

    _token, key = token_create(user=world.editor_kg, name="tests")
    token = {"HTTP_AUTHORIZATION": f"Token {key}"}
    api = Client()
    started = api.post(
        "/api/v1/reports/",
        {
            "organization": world.org_kg.slug,
            "roadmap": reporting.roadmap_kg.pk,
            "period": reporting.period.code,
        },
        content_type="application/json",
        **token,
    ).json()
    values = [
        {"indicator": reporting.people.pk, "value": 120, "note": payload},
        {"indicator": reporting.share.pk, "value": "40.5"},
        {"indicator": reporting.plan.pk, "value": 1},
        {"indicator": reporting.score.pk, "value": 3},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        saved = api.patch(
            f"/api/v1/reports/{started['id']}/",
            {"version": 1, "narrative": payload, "values": values, "submit": True},
            content_type="application/json",
            **token,
        )
        assert saved.status_code == 200, saved.json()
        reviewer = Client()
        reviewer.force_login(world.coordinator_kg)
        approved = reviewer.post(f"/review/{started['id']}/", {"action": "approve"})
        assert approved.status_code == 302
    engine.recompute_all()
    call_command("build_open_data", verbosity=0)
    return Story(payload, ProgressReport.objects.get(pk=started["id"]), world, reporting)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_escaped(page: str, payload: str, where: str) -> None:
    assert escape(payload) in page, f"{where} shows the text"
    if escape(payload) != payload:
        assert payload not in page, f"{where} has the payload unescaped"


def test_the_text_is_stored_exactly_as_typed(story):
    story.report.refresh_from_db()
    story.world.org_kg.refresh_from_db()

    assert story.report.narrative == story.payload
    assert story.report.values.get(indicator=story.reporting.people).note == story.payload
    assert story.world.org_kg.name == story.world.org_kg.description == story.payload


def test_pages_show_it_escaped(story, client):
    report, world = story.report, story.world
    pages = {
        "/organizations/": client,
        f"/organizations/{world.org_kg.slug}/": client,
        f"/roadmaps/{report.roadmap_id}/": client,
        "/dashboards/KG/": client,
        f"/dashboards/indicators/{story.reporting.people.pk}/": client,
        f"/reports/{report.pk}/": as_user(world.editor_kg),
        f"/review/{report.pk}/": as_user(world.coordinator_kg),
        "/reports/": as_user(world.editor_kg),
    }
    for url, visitor in pages.items():
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), story.payload, url)


def test_the_admin_shows_it_escaped(story):
    admin = as_user(UserFactory(username="root", is_staff=True, is_superuser=True))
    report = story.report
    for url in [
        "/admin/organizations/organization/",
        f"/admin/organizations/organization/{story.world.org_kg.pk}/change/",
        "/admin/monitoring/roadmap/",
        "/admin/monitoring/roadmapindicator/",
        "/admin/monitoring/progressreport/",
        f"/admin/monitoring/progressreport/{report.pk}/change/",
        f"/admin/monitoring/progressreport/{report.pk}/history/",
    ]:
        response = admin.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), story.payload, url)


def test_emails_are_plain_text_with_the_text_as_typed(story):
    sent = {message.to[0]: message for message in mail.outbox}
    to_coordinator = sent[story.world.coordinator_kg.email]
    to_editor = sent[story.world.editor_kg.email]

    for message in (to_coordinator, to_editor):
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert "\n" not in message.subject
    # Plain text is never rendered as HTML: the reader sees exactly what was typed.
    assert story.payload.strip() in to_coordinator.subject
    assert story.payload.strip() in to_editor.subject
    assert "&lt;" not in to_coordinator.subject + to_coordinator.body


def test_the_csv_download_neutralises_formulas_and_keeps_numbers(story, client):
    response = client.get("/dashboards/KG/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, data = rows[0], rows[1:]
    row = next(r for r in data if r[header.index("Baseline")] == "-3.0")

    assert row[header.index("Indicator")] == f"I1 {story.payload}"
    assert row[header.index("Roadmap")] == csv_cell(story.payload)
    if story.payload in FORMULAS:
        assert row[header.index("Roadmap")] == "'" + story.payload
    for cells in rows:
        for cell in cells:
            if cell[:1] in ("=", "+", "@", "\t", "\r") or (
                cell.startswith("-") and not _number(cell)
            ):
                pytest.fail(f"a cell that a spreadsheet would run: {cell!r}")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_xlsx_download_writes_formulas_as_text_and_numbers_as_numbers(story, client):
    response = client.get("/dashboards/KG/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Baseline")].value == -3)
    roadmap = row[header.index("Roadmap")]

    assert roadmap.value == story.payload
    assert roadmap.data_type == "s"
    assert row[header.index("Baseline")].data_type == "n"
    if story.payload in FORMULAS:
        assert roadmap.quotePrefix
    assert all(cell.data_type != "f" for cells in sheet.iter_rows() for cell in cells)


def test_the_open_data_csv_neutralises_formulas(story, settings):
    path = settings.OPEN_DATA_ROOT / "current" / "approved-values.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    assert {row["roadmap"] for row in rows} == {csv_cell(story.payload)}
    assert {row["indicator"] for row in rows} >= {csv_cell(story.payload)}


def test_the_api_returns_the_text_as_typed(story, client):
    organization = client.get(f"/api/v1/organizations/{story.world.org_kg.slug}/")
    roadmap = client.get(f"/api/v1/roadmaps/{story.report.roadmap_id}/")

    assert organization.headers["Content-Type"] == "application/json"
    assert organization.json()["name"] == story.payload
    assert roadmap.json()["title"] == story.payload


@pytest.mark.parametrize(
    ("value", "neutralised"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-5, -5),
        (-5.5, -5.5),
        ("", ""),
        (None, None),
    ],
)
def test_a_cell_is_neutralised_only_when_it_is_formula_like_text(value, neutralised):
    assert csv_cell(value) == neutralised
    [cell] = xlsx_row(None, [value])
    if neutralised == value:
        assert cell == value
    else:
        assert (cell.value, cell.data_type) == (value, "s")
