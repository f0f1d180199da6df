"""An enterprise's self-assessment: its editors fill it in, with evidence, and submit it; a
verifier accepts or corrects each answer and approves (the score computed under the frozen
version, the assessment locked) or returns it. Bad input gets a clear 4xx and nothing
stored; someone else's enterprise's assessment does not exist for them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.enterprises import assessments
from monitoring.enterprises.assessments import AnswerInput
from monitoring.enterprises.models import Answer, EnterpriseAssessment, RatingRound
from tests.monitoring.rating import answers_data

pytestmark = pytest.mark.django_db


def start(client, user, enterprise):
    client.force_login(user)
    response = client.post(reverse("enterprises:assessment-start", args=[enterprise.slug]))
    return response


def started(client, world, rating):
    start(client, world.editor_kg, rating.enterprise)
    return EnterpriseAssessment.objects.get(enterprise=rating.enterprise)


def verify_data(rating, **fields):
    data = {
        f"q{rating.mission.pk}-decision": "accept",
        f"q{rating.accounts.pk}-decision": "correct",
        f"q{rating.accounts.pk}-value": str(rating.on_request.pk),
        f"q{rating.accounts.pk}-comment": "The accounts are sent on request only.",
        f"q{rating.reinvested.pk}-decision": "accept",
        "decision": "approve",
    }
    data.update(fields)
    return data


def test_an_enterprise_submits_and_a_verifier_corrects_and_approves(client, world, rating):
    response = start(client, world.editor_kg, rating.enterprise)
    assessment = EnterpriseAssessment.objects.get()
    assert response.url == assessment.get_absolute_url()
    assert (assessment.track.code, assessment.round.year) == ("small", 2026)
    rating.methodology.refresh_from_db()
    assert rating.methodology.is_frozen

    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Is the mission written?" in page
    assert "A pension scheme?" not in page  # the small track does not ask it

    evidence = SimpleUploadedFile("statutes.pdf", b"%PDF-1.4 statutes", "application/pdf")
    response = client.post(
        assessment.get_absolute_url(),
        answers_data(rating, assessment, save="1", **{f"q{rating.mission.pk}-file": evidence}),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    response = client.post(
        assessment.get_absolute_url(), answers_data(rating, assessment, submit="1")
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"

    client.force_login(rating.verifier)
    queue = client.get(reverse("enterprises:assessments")).content.decode()
    verify_url = reverse("enterprises:assessment-verify", args=[assessment.pk])
    assert verify_url in queue
    page = client.get(verify_url).content.decode()
    assert "statutes.pdf" in page
    response = client.post(verify_url, verify_data(rating))
    assert response.status_code == 302, response.content.decode()[:2000]

    assessment.refresh_from_db()
    assert (assessment.status, assessment.reviewed_by) == ("approved", rating.verifier)
    # G1 yes 3; G2 corrected to "on request" 1 of 3; W1 60 % from 50: 2, weighted twice 4
    # of 4; W2 not asked: 8 of 10.
    assert (assessment.total, assessment.maximum, assessment.percent) == (
        Decimal("8.00"),
        Decimal("10.00"),
        Decimal("80.00"),
    )
    assert assessment.level.code == "leading"
    assert assessment.area_scores == {"governance": ["4.00", "6.00"], "workers": ["4.00", "4.00"]}

    client.logout()
    profile = client.get(rating.enterprise.get_absolute_url()).content.decode()
    assert "80 % of the points, 2026" in profile
    assert client.get(assessment.get_absolute_url()).status_code == 302  # to log in
    public = client.get(reverse("enterprises:rating", args=[rating.enterprise.slug, 2026]))
    public = public.content.decode()
    assert "The accounts are sent on request only." in public  # the answers are public
    assert "statutes.pdf" not in public  # the evidence is not


def test_an_approved_assessment_is_locked(client, world, rating):
    assessment = started(client, world, rating)
    client.post(assessment.get_absolute_url(), answers_data(rating, assessment, submit="1"))
    client.force_login(rating.verifier)
    client.post(reverse("enterprises:assessment-verify", args=[assessment.pk]), verify_data(rating))
    assessment.refresh_from_db()

    client.force_login(world.editor_kg)
    response = client.post(
        assessment.get_absolute_url(), answers_data(rating, assessment, save="1")
    )
    assert response.status_code == 403
    response = client.post(
        reverse("enterprises:assessment-verify", args=[assessment.pk]), verify_data(rating)
    )
    assert response.status_code in (403, 404)


def test_a_submit_with_a_question_unanswered_stores_nothing(client, world, rating):
    assessment = started(client, world, rating)

    data = answers_data(rating, assessment, submit="1")
    del data[f"q{rating.reinvested.pk}"]
    response = client.post(assessment.get_absolute_url(), data)

    assert response.status_code == 400
    assert "Answer every question before submitting: W1" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.version) == ("draft", 1)
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reinvested", "a lot", "Write a number"),
        ("reinvested", "1e400", "Write a number"),
        ("accounts", "999999", "Select a valid choice"),
    ],
)
def test_a_wrong_answer_is_refused_and_nothing_stored(client, world, rating, field, value, message):
    assessment = started(client, world, rating)

    data = answers_data(rating, assessment, save="1", **{f"q{getattr(rating, field).pk}": value})
    response = client.post(assessment.get_absolute_url(), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_an_answer_to_a_question_the_track_does_not_ask_or_another_questions_option_is_refused(
    client, world, rating
):
    assessment = started(client, world, rating)

    with pytest.raises(ValidationError) as refused:
        assessments.assessment_save(
            assessment_id=assessment.pk,
            user=world.editor_kg,
            version=assessment.version,
            answers={
                rating.mission.pk: AnswerInput(yes=True),
                rating.pension.pk: AnswerInput(yes=True),
            },
        )
    assert "not asked of this enterprise" in str(refused.value)
    with pytest.raises(ValidationError, match="one of the question"):
        assessments.assessment_save(
            assessment_id=assessment.pk,
            user=world.editor_kg,
            version=assessment.version,
            # A forged id: no answer of this question.
            answers={rating.accounts.pk: AnswerInput(option=10**9)},
        )
    assert not Answer.objects.exists()


def test_a_save_over_someone_elses_newer_change_is_refused(client, world, rating):
    assessment = started(client, world, rating)
    stale = answers_data(rating, assessment, save="1")
    client.post(assessment.get_absolute_url(), answers_data(rating, assessment, save="1"))

    response = client.post(assessment.get_absolute_url(), stale)

    assert response.status_code == 409
    assert "while you were editing" in response.content.decode()


def test_someone_elses_enterprise_does_not_exist_for_them(client, world, rating):
    assessment = started(client, world, rating)

    for outsider in (world.editor_kz, world.outsider):
        client.force_login(outsider)
        assert client.get(assessment.get_absolute_url()).status_code == 404
        response = client.post(
            assessment.get_absolute_url(), answers_data(rating, assessment, save="1")
        )
        assert response.status_code == 404
    # An editor of another enterprise cannot start one for this one.
    response = start(client, world.editor_kz, rating.enterprise)
    assert response.status_code == 403
    assert EnterpriseAssessment.objects.count() == 1


def test_who_verifies_the_verifiers_the_countrys_coordinators_and_not_its_staff(
    client, world, rating
):
    assessment = started(client, world, rating)
    client.post(assessment.get_absolute_url(), answers_data(rating, assessment, submit="1"))
    url = reverse("enterprises:assessment-verify", args=[assessment.pk])

    client.force_login(world.viewer_kg)  # its own staff
    assert client.post(url, verify_data(rating)).status_code == 403
    client.force_login(world.coordinator_kg)
    assert client.post(url, verify_data(rating)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "approved"


def test_a_correction_needs_its_reason_and_approval_needs_every_answer_decided(
    client, world, rating
):
    assessment = started(client, world, rating)
    client.post(assessment.get_absolute_url(), answers_data(rating, assessment, submit="1"))
    client.force_login(rating.verifier)
    url = reverse("enterprises:assessment-verify", args=[assessment.pk])

    no_reason = verify_data(rating, **{f"q{rating.accounts.pk}-comment": ""})
    response = client.post(url, no_reason)
    assert response.status_code == 400
    assert "Say why the answer is corrected." in response.content.decode()

    undecided = verify_data(rating, **{f"q{rating.reinvested.pk}-decision": ""})
    response = client.post(url, undecided)
    assert response.status_code == 400
    assert "Accept or correct every answer before approving: W1" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert not Answer.objects.filter(accepted__isnull=False).exists()


def test_a_returned_assessment_is_corrected_and_submitted_again(client, world, rating):
    assessment = started(client, world, rating)
    client.post(assessment.get_absolute_url(), answers_data(rating, assessment, submit="1"))
    client.force_login(rating.verifier)
    url = reverse("enterprises:assessment-verify", args=[assessment.pk])

    assert client.post(url, {"decision": "return"}).status_code == 400
    response = client.post(url, {"decision": "return", "comment": "Attach the statutes."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "returned"

    client.force_login(world.editor_kg)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Attach the statutes." in page
    response = client.post(
        assessment.get_absolute_url(), answers_data(rating, assessment, submit="1")
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    statuses = list(assessment.history.order_by("history_id").values_list("status", flat=True))
    assert statuses[-3:] == ["submitted", "returned", "submitted"]


def test_a_round_must_be_open_to_start(client, world, rating):
    rating.round.is_open = False
    rating.round.save()

    response = start(client, world.editor_kg, rating.enterprise)

    assert response.status_code == 302
    assert not EnterpriseAssessment.objects.exists()
    assert "No round of the rating is open now." in client.get(response.url).content.decode()


def test_the_lists_take_the_same_queries_however_many_assessments(client, world, rating):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(rating.verifier)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries(reverse("enterprises:assessments"))
    for year in (2022, 2023, 2024, 2025):
        past = RatingRound.objects.create(year=year, methodology=rating.methodology)
        for enterprise in (rating.enterprise, rating.other_enterprise):
            EnterpriseAssessment.objects.create(
                enterprise=enterprise,
                round=past,
                methodology=rating.methodology,
                track=rating.methodology.tracks.first(),
                status="submitted",
            )
    assert queries(reverse("enterprises:assessments")) == before
