"""Drafts, submitted and returned reports and assessments, and every piece of a report's
evidence, stay with the organisation's people, its country's coordinators and network
admins: searched for on every surface (pages, downloads, the API, open data, the review
queue, the admin and its history) as anyone else would see it, and found where those people
should find it."""

import io
import json
import re
import zipfile

import pytest
from django.test import Client

from monitoring import opendata
from monitoring.models import IndicatorValue, ProgressSnapshot
from monitoring.reporting import services
from organizations import tokens
from tests.monitoring.states import APPROVED_NARRATIVE, assessment_marker, marker_of
from vision.urls import router

pytestmark = pytest.mark.django_db

# What only the organisation's side may read: everything of the unapproved reports and
# assessments, and the evidence of every report (an approved report's values are public,
# its evidence not; an approved assessment is public with its evidence).
SECRETS = [
    marker_of("draft"),
    marker_of("submitted"),
    marker_of("returned"),
    *(marker_of("approved") + part for part in ("file", "description", "link")),
    *(assessment_marker(status) for status in ("draft", "submitted", "returned")),
]

STRANGERS = ["anonymous", "outsider", "editor_kz", "coordinator_kz"]


def text_of(response) -> str:
    """The response as text, spreadsheets unpacked, so that a marker is found anywhere."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8", "replace")


def assert_nothing_secret(text: str, where: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"{where} shows {leaked}"


@pytest.fixture
def people(world, reporting):
    """A signed-in client for each person, and the anonymous one."""
    users = {
        "outsider": world.outsider,
        "editor_kz": world.editor_kz,
        "coordinator_kz": reporting.coordinator_kz,
        "viewer_kg": world.viewer_kg,
        "editor_kg": world.editor_kg,
        "coordinator_kg": world.coordinator_kg,
        "admin": world.admin,
    }
    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def public_pages(world, reporting, assessed) -> list[str]:
    indicator = reporting.people.pk
    assessments = (assessed.draft, assessed.submitted, assessed.returned, assessed.approved)
    return [
        *(a.recommendation.get_absolute_url() for a in assessments),
        "/commitments/",
        "/commitments/KG/",
        "/ru/commitments/KG/",
        "/",
        "/dashboards/",
        "/dashboards/?format=csv",
        "/dashboards/?format=xlsx",
        "/dashboards/KG/",
        "/dashboards/KG/?format=csv",
        "/dashboards/KG/?format=xlsx",
        "/ru/dashboards/KG/",
        "/dashboards/sdg/6/",
        "/dashboards/priorities/9/",
        f"/dashboards/indicators/{indicator}/",
        f"/dashboards/indicators/{indicator}/?format=csv",
        f"/dashboards/indicators/{indicator}/?format=xlsx",
        "/roadmaps/",
        f"/roadmaps/{reporting.roadmap_kg.pk}/",
        "/organizations/",
        f"/organizations/{world.org_kg.slug}/",
        "/data/",
        "/sdg/6/",
        "/priorities/9/",
        "/reports/",
        "/review/",
        "/accounts/",
    ]


@pytest.mark.parametrize("person", STRANGERS)
def test_pages_and_downloads_show_strangers_nothing_unapproved(
    people,
    world,
    reporting,
    assessment_states,
    person,
):
    client = people[person]
    for url in public_pages(world, reporting, assessment_states):
        response = client.get(url)
        if person == "anonymous" and url in ("/reports/", "/review/", "/accounts/"):
            assert response.status_code == 302, url
            continue
        assert response.status_code == 200, url
        assert_nothing_secret(text_of(response), f"{url} as {person}")
    # The directory's search looks at profiles, never at what organisations report.
    found = client.get("/organizations/", {"q": marker_of("draft")}).context["page"]
    assert list(found) == []


@pytest.mark.parametrize("person", STRANGERS)
def test_the_assessments_and_their_evidence_are_not_there_for_strangers(
    people,
    assessment_states,
    person,
):
    client = people[person]
    unapproved = (assessment_states.draft, assessment_states.submitted, assessment_states.returned)
    for assessment in unapproved:
        for url in (
            f"/commitments/assessments/{assessment.pk}/",
            f"/commitments/assessments/{assessment.pk}/review/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 404, 405), f"{url} as {person}"
            assert_nothing_secret(text_of(response), f"{url} as {person}")
    links = []
    for assessment in unapproved:
        page = text_of(people["editor_kg"].get(f"/commitments/assessments/{assessment.pk}/"))
        links += re.findall(r'href="(/commitments/assessments/\d+/evidence/\d+/)"', page)
    assert len(links) == 3, "one file on each unapproved assessment"
    for link in links:
        response = client.get(link)
        assert response.status_code in (302, 403, 404), f"{link} as {person}"
        assert b"court records" not in b"".join(getattr(response, "streaming_content", []))


@pytest.mark.parametrize("person", STRANGERS)
def test_the_reports_and_their_evidence_are_not_there_for_strangers(
    people,
    report_states,
    person,
):
    client = people[person]
    for report in (report_states.draft, report_states.submitted, report_states.returned):
        for url in (f"/reports/{report.pk}/", f"/review/{report.pk}/"):
            response = client.get(url)
            assert response.status_code in (302, 404), f"{url} as {person}"
            assert_nothing_secret(text_of(response), f"{url} as {person}")
    # The links to evidence files that the organisation's editor is given, whatever serves
    # them, give a stranger nothing.
    links = evidence_links(people["editor_kg"], report_states)
    assert len(links) == 4, "one file on each report"
    for link in links:
        response = client.get(link)
        assert response.status_code in (302, 403, 404), f"{link} as {person}"
        assert b"attendance list" not in b"".join(getattr(response, "streaming_content", []))


def evidence_links(client, states) -> list[str]:
    links = []
    for report in (states.draft, states.submitted, states.returned, states.approved):
        page = text_of(client.get(f"/reports/{report.pk}/"))
        links += re.findall(r'href="(/reports/\d+/evidence/\d+/)"', page)
    return links


def test_another_countrys_coordinator_reviews_nothing_of_this_one(people, report_states):
    page = people["coordinator_kz"].get("/review/")

    assert page.status_code == 200
    assert list(page.context["reports"]) == []
    assert f"/review/{report_states.submitted.pk}/" not in text_of(page)


def api_urls(states, assessed) -> list[str]:
    """Every list of the API in full, and the detail of every report, unapproved value and
    unapproved assessment."""
    urls = [f"/api/v1/{prefix}/?page_size=500" for prefix, _viewset, _name in router.registry]
    unapproved = (states.draft, states.submitted, states.returned)
    urls += [f"/api/v1/reports/{report.pk}/" for report in unapproved]
    urls += [
        f"/api/v1/commitments/{prefix}/{assessment.pk}/"
        for assessment in (assessed.draft, assessed.submitted, assessed.returned)
        for prefix in ("assessments", "my-assessments")
    ]
    hidden_values = IndicatorValue.objects.filter(is_approved=False)
    urls += [f"/api/v1/values/{pk}/" for pk in hidden_values.values_list("pk", flat=True)]
    urls += ["/api/schema/", "/api/v1/"]
    return urls


# The details of what is never public: each unapproved one is refused, whoever asks.
DETAILS = (
    "/api/v1/reports/",
    "/api/v1/values/",
    "/api/v1/commitments/assessments/",
    "/api/v1/commitments/my-assessments/",
)


@pytest.mark.parametrize("credentials", ["anonymous", "token of another organisation", "session"])
def test_the_api_serves_strangers_nothing_unapproved(
    people,
    world,
    reporting,
    report_states,
    assessment_states,
    credentials,
):
    client, headers = people["anonymous"], {}
    if credentials == "token of another organisation":
        _token, key = tokens.token_create(user=world.editor_kz, name="KZ sync")
        headers = {"Authorization": f"Token {key}"}
    elif credentials == "session":
        client = people["coordinator_kz"]
    unapproved = set(IndicatorValue.objects.filter(is_approved=False).values_list("pk", flat=True))
    assert unapproved, "the drafts' values are what this test looks for"

    for url in api_urls(report_states, assessment_states):
        response = client.get(url, headers=headers)
        assert response.status_code in (200, 401, 403, 404), f"{url}: {response.status_code}"
        assert_nothing_secret(text_of(response), f"{url} with {credentials}")
        if url.startswith("/api/v1/values/?"):
            assert not {row["id"] for row in response.json()["results"]} & unapproved
        mine = ("/api/v1/reports/?", "/api/v1/commitments/my-assessments/?")
        if url.startswith(mine) and response.status_code == 200:
            assert response.json()["results"] == [], "nothing of another organisation"
        if url.startswith(DETAILS) and "?" not in url:
            assert response.status_code in (401, 403, 404), f"{url} with {credentials}"


def test_open_data_holds_approved_values_and_assessments_only(
    world, reporting, report_states, assessment_states
):
    current = opendata.root() / "current"
    files = [p for p in current.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"approved-values.csv", "recommendations.json", "approved-assessments.csv"} <= names
    for path in files:
        assert_nothing_secret(path.read_text(encoding="utf-8", errors="replace"), path.name)
    approved = {str(pk) for pk in report_states.approved.values.values_list("pk", flat=True)}
    csv_text = (current / "approved-values.csv").read_text(encoding="utf-8")
    value_ids = {line.split(",", 1)[0] for line in csv_text.splitlines()[1:]}
    assert value_ids == approved
    assessments = json.loads((current / "approved-assessments.json").read_text(encoding="utf-8"))
    assert [a["assessment_id"] for a in assessments] == [assessment_states.approved.pk]
    assert assessments[0]["narrative"] == APPROVED_NARRATIVE


def test_dashboards_count_approved_reports_only(world, reporting, report_states):
    figures = ProgressSnapshot.objects.filter(
        country=world.kg, scope="indicator", indicator=reporting.people
    )
    by_period = {s.period.code: s for s in figures.select_related("period")}

    # The draft (2026-Q3) and the submitted report (2026-Q4) are in periods that have begun.
    assert by_period["2026-Q2"].report_count == 1
    assert by_period["2026-Q3"].report_count == 0
    assert by_period["2026-Q4"].report_count == 0
    assert by_period["2026-Q3"].period_value is None


def test_the_admin_and_its_history_are_the_network_admins_only(people, report_states):
    draft = report_states.draft
    history = draft.history.order_by("history_id").last()
    urls = [
        "/admin/monitoring/progressreport/",
        f"/admin/monitoring/progressreport/{draft.pk}/change/",
        f"/admin/monitoring/progressreport/{draft.pk}/history/",
        f"/admin/monitoring/progressreport/{draft.pk}/history/{history.history_id}/",
    ]
    for person in [*STRANGERS, "viewer_kg", "editor_kg", "coordinator_kg"]:
        for url in urls:
            response = people[person].get(url)
            assert response.status_code == 302, f"{url} as {person}"
            assert response["Location"].startswith("/admin/login/")

    for url in urls:
        assert people["admin"].get(url).status_code == 200, url
    change = people["admin"].get(urls[1])
    assert marker_of("draft") in text_of(change), "the admin reads the draft it keeps"


def test_the_organisations_side_reads_what_is_theirs(people, report_states, assessment_states):
    draft, submitted, returned = (
        report_states.draft,
        report_states.submitted,
        report_states.returned,
    )
    assessment = "/commitments/assessments/{}/".format
    expectations = {
        "editor_kg": [
            (f"/reports/{draft.pk}/", "draft"),
            (f"/reports/{returned.pk}/", "returned"),
            (assessment(assessment_states.draft.pk), "assessmentdraft"),
        ],
        "viewer_kg": [
            (f"/reports/{returned.pk}/", "returned"),
            (assessment(assessment_states.returned.pk), "assessmentreturned"),
        ],
        "coordinator_kg": [
            (f"/review/{submitted.pk}/", "submitted"),
            (f"/reports/{draft.pk}/", "draft"),
            (assessment(assessment_states.submitted.pk), "assessmentsubmitted"),
        ],
        "admin": [
            (f"/reports/{returned.pk}/", "returned"),
            (f"/api/v1/reports/{draft.pk}/", "draft"),
            (
                f"/api/v1/commitments/my-assessments/{assessment_states.draft.pk}/",
                "assessmentdraft",
            ),
        ],
    }
    for person, pages in expectations.items():
        for url, status in pages:
            response = people[person].get(url)
            assert response.status_code == 200, f"{url} as {person}"
            text = text_of(response)
            assert marker_of(status) in text, f"{url} as {person}"
            if not url.startswith("/api/"):
                assert f"{marker_of(status)}file.pdf" in text, f"evidence on {url} as {person}"


def test_emails_about_a_report_reach_only_its_side(
    world, reporting, report_states, django_capture_on_commit_callbacks, mailoutbox
):
    returned = report_states.returned
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report_id=returned.pk, user=world.editor_kg)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            report_id=returned.pk, reviewer=world.coordinator_kg, comment="Add the lists."
        )

    assert {address for message in mailoutbox for address in message.to} == {
        world.coordinator_kg.email,
        world.editor_kg.email,
    }
