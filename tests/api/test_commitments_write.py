"""Assessments of recommendations written through the API, by the browser's rules: the
organisation's editors start, save and submit; the country's coordinators approve or
return; an approved assessment is locked."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.commitments.models import Assessment
from organizations.models import CountryCoordinator, Membership
from organizations.tokens import token_create
from tests.factories import UserFactory
from tests.monitoring.test_commitments import recommend

pytestmark = pytest.mark.django_db

URL = "/api/v1/commitments/my-assessments/"


def auth(user):
    _token, key = token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def press(world):
    return recommend(world.kg, reference="141.1", text="Protect journalists.")


def start(client, user, recommendation, organization):
    return client.post(
        URL,
        {"recommendation": recommendation.pk, "organization": organization.slug},
        content_type="application/json",
        **auth(user),
    )


def save(client, user, assessment_id, body):
    return client.patch(
        f"{URL}{assessment_id}/", body, content_type="application/json", **auth(user)
    )


def post(client, user, assessment_id, what, body=None):
    return client.post(
        f"{URL}{assessment_id}/{what}/", body or {}, content_type="application/json", **auth(user)
    )


COMPLETE = {
    "as_of": "2025-06-01",
    "implementation": "partial",
    "narrative": "Two journalists were released; the law is unchanged.",
    "sources": "Court records",
}


@pytest.fixture
def submitted(client, world, press):
    draft = start(client, world.editor_kg, press, world.org_kg).json()
    response = save(client, world.editor_kg, draft["id"], {"version": 1, **COMPLETE, "submit": 1})
    assert response.status_code == 200, response.json()
    return Assessment.objects.get(pk=draft["id"])


def test_an_editor_starts_saves_and_submits_an_assessment_with_a_token(client, world, press):
    created = start(client, world.editor_kg, press, world.org_kg)
    assert created.status_code == 201, created.json()
    draft = created.json()
    assert (draft["status"], draft["version"], draft["organization"]) == (
        "draft",
        1,
        "bishkek-civic",
    )

    saved = save(
        client,
        world.editor_kg,
        draft["id"],
        {**COMPLETE, "version": 1, "links": ["https://example.org/ruling"]},
    )
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["version"], saved.json()["implementation"]) == (2, "partial")
    assert saved.json()["evidence"][0]["link"] == "https://example.org/ruling"

    submitted = post(client, world.editor_kg, draft["id"], "submit")

    assert submitted.status_code == 200, submitted.json()
    assert (submitted.json()["status"], submitted.json()["version"]) == ("submitted", 3)
    stored = Assessment.objects.get(pk=draft["id"])
    assert stored.history.first().history_user == world.editor_kg, "the browser's history"
    again = start(client, world.editor_kg, press, world.org_kg)
    assert again.status_code == 409, "one waiting for review: no other may start"


def test_what_a_save_leaves_out_keeps_its_value(client, world, press):
    draft = start(client, world.editor_kg, press, world.org_kg).json()
    save(client, world.editor_kg, draft["id"], {"version": 1, **COMPLETE})

    saved = save(client, world.editor_kg, draft["id"], {"version": 2, "sources": "Hansard"})

    assert saved.status_code == 200
    assert (saved.json()["narrative"], saved.json()["sources"]) == (
        COMPLETE["narrative"],
        "Hansard",
    )


def test_a_stale_version_is_a_409_and_nothing_is_overwritten(client, world, press):
    draft = start(client, world.editor_kg, press, world.org_kg).json()
    assert save(client, world.editor_kg, draft["id"], {"version": 1, **COMPLETE}).status_code == 200

    response = save(
        client, world.editor_kg, draft["id"], {"version": 1, "narrative": "Overwritten?"}
    )

    assert response.status_code == 409
    assert "was changed by" in response.json()["error"]["message"]
    stored = Assessment.objects.get(pk=draft["id"])
    assert (stored.narrative, stored.version) == (COMPLETE["narrative"], 2)


def test_an_incomplete_submit_is_refused_with_the_browsers_words_and_nothing_is_stored(
    client, world, press
):
    draft = start(client, world.editor_kg, press, world.org_kg).json()

    response = save(
        client,
        world.editor_kg,
        draft["id"],
        {"version": 1, "implementation": "full", "narrative": "  ", "submit": True},
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "narrative": ["Explain the assessment before submitting it."]
    }
    stored = Assessment.objects.get(pk=draft["id"])
    assert (stored.status, stored.implementation, stored.version) == ("draft", "", 1)


def test_submitting_an_incomplete_draft_is_a_409_naming_what_is_missing(client, world, press):
    # As a report's submit: the request has no body to correct, the draft's state refuses it.
    draft = start(client, world.editor_kg, press, world.org_kg).json()

    response = post(client, world.editor_kg, draft["id"], "submit")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "incomplete"
    assert error["fields"] == {
        "implementation": ["Say how far the recommendation is implemented."],
        "narrative": ["Explain the assessment before submitting it."],
    }
    assert Assessment.objects.get(pk=draft["id"]).status == "draft"
    in_russian = client.post(
        f"{URL}{draft['id']}/submit/?lang=ru",
        {},
        content_type="application/json",
        **auth(world.editor_kg),
    )
    assert in_russian.json()["error"]["message"] == "Оценку пока нельзя отправить; см. поля."


def test_a_day_outside_the_recommendations_and_today_is_a_400(client, world, press):
    draft = start(client, world.editor_kg, press, world.org_kg).json()

    response = save(client, world.editor_kg, draft["id"], {"version": 1, "as_of": "2020-01-01"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "as_of": ["This is before the recommendation was made."]
    }


def test_someone_elses_organisations_draft_is_a_404(client, world, press):
    draft = start(client, world.editor_kg, press, world.org_kg).json()

    for user in (world.outsider, world.editor_kz):
        read = client.get(f"{URL}{draft['id']}/", **auth(user))
        saved = save(client, user, draft["id"], {"version": 1, "narrative": "Mine now"})
        submitted = post(client, user, draft["id"], "submit")

        assert (read.status_code, saved.status_code, submitted.status_code) == (404, 404, 404)
    assert Assessment.objects.get(pk=draft["id"]).narrative == ""


def test_an_organisation_assesses_only_its_own_countrys_recommendations(client, world, press):
    response = start(client, world.editor_kz, press, world.org_kz)

    assert response.status_code == 403
    assert "Kyrgyzstan" in response.json()["error"]["message"]
    assert not Assessment.objects.exists()


def test_a_viewer_may_read_but_not_write(client, world, press):
    draft = start(client, world.editor_kg, press, world.org_kg).json()

    assert client.get(f"{URL}{draft['id']}/", **auth(world.viewer_kg)).status_code == 200
    assert start(client, world.viewer_kg, press, world.org_kg).status_code == 403
    saved = save(client, world.viewer_kg, draft["id"], {"version": 1, "narrative": "Viewer"})
    assert saved.status_code == 403


def test_the_countrys_coordinator_approves_and_the_assessment_is_public_and_locked(
    client, world, submitted
):
    approved = post(client, world.coordinator_kg, submitted.pk, "approve")

    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    public = client.get("/api/v1/commitments/assessments/").json()
    assert [a["id"] for a in public["results"]] == [submitted.pk]

    edited = save(client, world.editor_kg, submitted.pk, {"version": 3, "narrative": "Later"})
    assert edited.status_code == 409
    assert "can no longer be changed" in edited.json()["error"]["message"]
    assert post(client, world.editor_kg, submitted.pk, "submit").status_code == 409
    assert post(client, world.coordinator_kg, submitted.pk, "approve").status_code == 409
    assert Assessment.objects.get(pk=submitted.pk).narrative == COMPLETE["narrative"]


def test_the_coordinator_returns_it_with_a_comment_and_the_editor_resubmits(
    client, world, submitted
):
    no_comment = post(client, world.coordinator_kg, submitted.pk, "return", {"comment": " "})
    returned = post(
        client, world.coordinator_kg, submitted.pk, "return", {"comment": "Name the court."}
    )
    resubmitted = save(
        client, world.editor_kg, submitted.pk, {"version": 3, "sources": "Court no. 2", "submit": 1}
    )

    assert no_comment.status_code == 400
    assert no_comment.json()["error"]["fields"] == {"comment": ["Say what needs to change."]}
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["review_comment"]) == (
        "returned",
        "Name the court.",
    )
    assert resubmitted.status_code == 200
    assert resubmitted.json()["status"] == "submitted"


def test_another_countrys_coordinator_cannot_approve(client, world, submitted):
    coordinator_kz = UserFactory(username="coordinator-kz")
    CountryCoordinator.objects.create(user=coordinator_kz, country=world.kz)

    response = post(client, coordinator_kz, submitted.pk, "approve")

    assert response.status_code == 404
    assert Assessment.objects.get(pk=submitted.pk).status == "submitted"


def test_the_editor_cannot_approve_nor_a_coordinator_review_their_own_organisation(
    client, world, submitted
):
    Membership.objects.create(user=world.coordinator_kg, organization=world.org_kg, role="viewer")

    by_editor = post(client, world.editor_kg, submitted.pk, "approve")
    by_member = post(client, world.coordinator_kg, submitted.pk, "approve")

    assert (by_editor.status_code, by_member.status_code) == (403, 403)
    assert "another coordinator" in by_member.json()["error"]["message"]
    assert Assessment.objects.get(pk=submitted.pk).status == "submitted"


def test_the_list_holds_ones_own_and_reviewed_assessments_and_anonymous_see_only_approved(
    client, world, press, submitted
):
    other = recommend(world.kz, reference="99.1")
    start(client, world.editor_kz, other, world.org_kz)

    def ids(user):
        return [a["id"] for a in client.get(URL, **auth(user)).json()["results"]]

    assert ids(world.editor_kg) == [submitted.pk]
    assert ids(world.coordinator_kg) == [submitted.pk]
    assert ids(world.outsider) == []
    assert len(ids(world.admin)) == 2
    assert client.get(URL).status_code in (401, 403)
    assert client.get("/api/v1/commitments/assessments/").json()["count"] == 0
    signed_in = client.get("/api/v1/commitments/assessments/", **auth(world.editor_kg))
    assert signed_in.json()["count"] == 0, "the public list is the same for everyone"


def test_the_list_keeps_its_query_count_as_assessments_grow(
    client, world, django_assert_max_num_queries
):
    headers = auth(world.editor_kg)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, **headers).status_code == 200
        return len(queries)

    def assess(number):
        assessment = Assessment.objects.create(
            recommendation=recommend(world.kg, reference=f"150.{number}"),
            organization=world.org_kg,
            as_of=datetime.date(2025, 6, 1),
        )
        assessment.evidence.create(url=f"https://example.org/{number}")

    assess(0)
    count()  # the token's first use is written down; later ones only now and then
    before = count()
    for number in range(1, 13):
        assess(number)

    assert count() == before
    # The token with its user, whether they are a network admin, their organisations, the
    # countries they coordinate, the count, the page, its evidence.
    with django_assert_max_num_queries(7):
        client.get(URL, **headers)
