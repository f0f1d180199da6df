import pytest
from django.core import mail

from monitoring.models import IndicatorValue, ProgressReport
from organizations.models import ApiToken
from organizations.tokens import token_create

pytestmark = pytest.mark.django_db


def auth(user):
    _token, key = token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def start(client, world, reporting, user=None):
    return client.post(
        "/api/v1/reports/",
        {
            "organization": world.org_kg.slug,
            "roadmap": reporting.roadmap_kg.pk,
            "period": reporting.period.code,
        },
        content_type="application/json",
        **auth(user or world.editor_kg),
    )


def save(client, report_id, user, body):
    return client.patch(
        f"/api/v1/reports/{report_id}/", body, content_type="application/json", **auth(user)
    )


def full_values(reporting, **changes):
    values = {
        reporting.people.pk: {"value": 120, "parts": {"sex": {"female": 70, "male": 50}}},
        reporting.share.pk: {"value": "40.5"},
        reporting.plan.pk: {"value": 1},
        reporting.score.pk: {"value": 3},
    }
    for indicator, change in changes.items():
        values[getattr(reporting, indicator).pk] = change
    return [{"indicator": pk, **v} for pk, v in values.items()]


def test_an_editor_starts_saves_and_submits_a_report_with_a_token(
    client, world, reporting, django_capture_on_commit_callbacks
):
    created = start(client, world, reporting)
    assert created.status_code == 201
    report = created.json()
    assert (report["status"], report["version"], report["organization"]) == (
        "draft",
        1,
        "bishkek-civic",
    )

    with django_capture_on_commit_callbacks(execute=True):
        saved = save(
            client,
            report["id"],
            world.editor_kg,
            {"version": 1, "narrative": "Q3", "values": full_values(reporting), "submit": True},
        )

    assert saved.status_code == 200, saved.json()
    assert saved.json()["status"] == "submitted"
    stored = IndicatorValue.objects.get(report_id=report["id"], indicator=reporting.people)
    assert stored.disaggregation == {"sex": {"female": "70", "male": "50"}}
    assert stored.history.first().history_user == world.editor_kg, "the same history as the browser"
    assert [m.to for m in mail.outbox] == [[world.coordinator_kg.email]], "the same emails"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"share": {"value": 101}}, "values.1.value", "A percentage is between 0 and 100."),
        ({"people": {"value": -5}}, "values.0.value", "This value cannot be negative."),
        ({"plan": {"value": 2}}, "values.2.value", "Answer yes (1) or no (0)."),
        ({"score": {"value": 6}}, "values.3.value", "Choose a whole number from 1 to 5."),
        (
            {"people": {"value": 10, "parts": {"sex": {"female": 8, "male": 5}}}},
            "values.0.parts.sex.female",
            "more than the total",
        ),
        ({"share": {"value": "NaN"}}, "values.1.value", "A valid number is required."),
    ],
)
def test_bad_values_get_the_browsers_messages_and_nothing_is_stored(
    client, world, reporting, change, field, message
):
    report = start(client, world, reporting).json()

    response = save(
        client,
        report["id"],
        world.editor_kg,
        {"version": 1, "values": full_values(reporting, **change)},
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert any(message in m for m in fields[field]), fields
    assert not IndicatorValue.objects.filter(report_id=report["id"]).exists()


def test_a_value_for_another_roadmaps_indicator_is_refused(client, world, reporting):
    report = start(client, world, reporting).json()

    response = save(
        client,
        report["id"],
        world.editor_kg,
        {"version": 1, "values": [{"indicator": reporting.other.pk, "value": 1}]},
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["values.0.value"] == [
        "This indicator is not part of this roadmap."
    ]


def test_a_stale_version_is_a_409_and_nothing_is_overwritten(client, world, reporting):
    report = start(client, world, reporting).json()
    assert (
        save(
            client, report["id"], world.editor_kg, {"version": 1, "values": full_values(reporting)}
        ).status_code
        == 200
    )

    response = save(
        client,
        report["id"],
        world.editor_kg,
        {"version": 1, "values": full_values(reporting, share={"value": 99})},
    )

    assert response.status_code == 409
    assert "was changed by" in response.json()["error"]["message"]
    assert (
        IndicatorValue.objects.get(report_id=report["id"], indicator=reporting.share).value == 40.5
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("version=1", "application/x-www-form-urlencoded"),
        ("[]", "application/json"),
    ],
)
def test_a_malformed_body_or_content_type_is_a_4xx(client, world, reporting, body, content_type):
    report = start(client, world, reporting).json()

    response = client.patch(
        f"/api/v1/reports/{report['id']}/", body, content_type=content_type, **auth(world.editor_kg)
    )

    assert response.status_code in (400, 415)
    assert "error" in response.json()


def test_the_review_rules_are_the_same_as_in_the_browser(
    client, world, reporting, django_capture_on_commit_callbacks
):
    report = start(client, world, reporting).json()
    save(
        client,
        report["id"],
        world.editor_kg,
        {"version": 1, "values": full_values(reporting), "submit": True},
    )
    url = f"/api/v1/reports/{report['id']}"

    assert client.post(f"{url}/approve/", **auth(world.editor_kg)).status_code == 403
    assert client.post(f"{url}/approve/", **auth(reporting.coordinator_kz)).status_code == 404
    returned = client.post(
        f"{url}/return/", {}, content_type="application/json", **auth(world.coordinator_kg)
    )
    assert returned.json()["error"]["fields"] == {"comment": ["This field is required."]}

    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(f"{url}/approve/", **auth(world.coordinator_kg))
    assert approved.json()["status"] == "approved"
    assert client.post(f"{url}/approve/", **auth(world.coordinator_kg)).status_code == 409
    locked = save(
        client, report["id"], world.editor_kg, {"version": 3, "values": full_values(reporting)}
    )
    assert locked.status_code == 409
    assert "can no longer be changed" in locked.json()["error"]["message"]
    reopen = client.post(
        f"{url}/reopen/",
        {"reason": "typo"},
        content_type="application/json",
        **auth(world.coordinator_kg),
    )
    assert reopen.status_code == 403


def test_jumping_from_draft_to_approved_is_refused(client, world, reporting):
    report = start(client, world, reporting).json()

    response = client.post(f"/api/v1/reports/{report['id']}/approve/", **auth(world.coordinator_kg))

    assert response.status_code == 409
    assert ProgressReport.objects.get(pk=report["id"]).status == "draft"


def test_another_organisations_report_is_not_found(client, world, reporting):
    report = start(client, world, reporting).json()

    response = save(
        client, report["id"], world.editor_kz, {"version": 1, "values": full_values(reporting)}
    )

    assert response.status_code == 404
    assert client.get("/api/v1/reports/", **auth(world.editor_kz)).json()["count"] == 0


def test_a_viewer_reads_but_cannot_write(client, world, reporting):
    report = start(client, world, reporting).json()

    assert (
        client.get(f"/api/v1/reports/{report['id']}/", **auth(world.viewer_kg)).status_code == 200
    )
    assert save(client, report["id"], world.viewer_kg, {"version": 1}).status_code == 403
    assert start(client, world, reporting, user=world.viewer_kg).status_code == 403


def test_a_revoked_or_unknown_token_is_a_401(client, world):
    token, key = token_create(user=world.editor_kg, name="old script")
    assert client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    token.delete()

    for header in (f"Token {key}", "Token nonsense", "Token a b"):
        response = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
        assert response.json()["error"]["status"] == 401


def test_people_make_list_and_revoke_their_own_tokens(client, world):
    client.force_login(world.editor_kg)

    page = client.post(
        "/accounts/tokens/", {"action": "create", "name": "Monthly upload"}
    ).content.decode()
    token = ApiToken.objects.get(user=world.editor_kg)
    assert "Copy it now" in page
    assert token.prefix in page
    assert token.key_hash not in page

    other, _key = token_create(user=world.editor_kz, name="not mine")
    client.post("/accounts/tokens/", {"action": "revoke", "token": other.pk})
    assert ApiToken.objects.filter(pk=other.pk).exists(), "someone else's token is out of reach"

    client.post("/accounts/tokens/", {"action": "revoke", "token": token.pk})
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert client.post("/accounts/tokens/", {"action": "create", "name": ""}).status_code == 400
