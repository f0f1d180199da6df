"""Civil society's assessments of how far a state has implemented a recommendation: the
same draft → submit → review flow as progress reports, and the network's position."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from monitoring.commitments import assessments
from monitoring.commitments.models import Assessment
from monitoring.commitments.position import network_position
from tests.factories import MembershipFactory, OrganizationFactory
from tests.monitoring.test_commitments import recommend

pytestmark = pytest.mark.django_db

Implementation = Assessment.Implementation


@pytest.fixture
def recommendation(world):
    return recommend(world.org_kg.country, reference="141.7", text="Protect journalists.")


def start(client, user, recommendation, organization):
    client.force_login(user)
    response = client.post(
        reverse("commitments:assessment-start", args=[recommendation.pk]),
        {"organization": organization.pk},
    )
    return response


def fill(assessment, **fields):
    data = {
        "as_of": timezone.localdate().isoformat(),
        "implementation": "partial",
        "narrative": "A law was drafted but not adopted.",
        "sources": "https://example.org/draft-law",
        "version": assessment.version,
    }
    data.update(fields)
    return data


def approved(recommendation, organization, implementation, as_of=datetime.date(2025, 6, 1)):
    return Assessment.objects.create(
        recommendation=recommendation,
        organization=organization,
        as_of=as_of,
        implementation=implementation,
        narrative="Assessed.",
        status=Assessment.Status.APPROVED,
    )


# The workflow ----------------------------------------------------------------------------


def test_an_editor_assesses_a_coordinator_approves_and_the_public_sees_it(
    client, world, recommendation
):
    response = start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()
    assert response.url == assessment.get_absolute_url()
    assert (assessment.status, assessment.organization) == ("draft", world.org_kg)

    page = reverse("commitments:assessment", args=[assessment.pk])
    response = client.post(page, fill(assessment, save="1"))
    assert response.status_code == 302
    public = client.get(recommendation.get_absolute_url())
    assert "A law was drafted" not in public.content.decode()

    assessment.refresh_from_db()
    response = client.post(page, fill(assessment, submit="1"))
    assert response.url == reverse("commitments:assessments")
    assessment.refresh_from_db()
    assert assessment.status == "submitted"

    client.force_login(world.coordinator_kg)
    queue = client.get(reverse("commitments:assessments"))
    assert page in queue.content.decode()
    response = client.post(
        reverse("commitments:assessment-review", args=[assessment.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.reviewed_by) == ("approved", world.coordinator_kg)

    client.logout()
    public = client.get(recommendation.get_absolute_url()).content.decode()
    assert "A law was drafted but not adopted." in public
    assert "Bishkek Civic Centre" in public
    assert "Partially implemented" in public
    title = public[public.index("<title>") : public.index("</title>")]
    assert "Recommendation 141.7 to Kyrgyzstan" in title
    assert "Bishkek Civic Centre" not in title
    statuses = list(assessment.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == ["draft", "draft", "submitted", "approved"]


def test_an_approved_assessment_is_locked(client, world, recommendation):
    assessment = approved(recommendation, world.org_kg, "full")
    client.force_login(world.editor_kg)

    response = client.post(
        reverse("commitments:assessment", args=[assessment.pk]), fill(assessment, save="1")
    )

    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.implementation == "full"


def test_an_incomplete_submit_stores_nothing(client, world, recommendation):
    start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()

    response = client.post(
        reverse("commitments:assessment", args=[assessment.pk]),
        fill(assessment, implementation="", narrative="Half a thought", submit="1"),
    )

    assert response.status_code == 400
    assert "Say how far the recommendation is implemented." in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.narrative, assessment.version) == ("draft", "", 1)


def test_a_day_to_come_or_before_the_recommendation_is_refused(client, world, recommendation):
    start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()
    page = reverse("commitments:assessment", args=[assessment.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    future = client.post(page, fill(assessment, as_of=tomorrow.isoformat(), save="1"))
    past = client.post(page, fill(assessment, as_of="2020-01-01", save="1"))

    assert future.status_code == past.status_code == 400
    assert "cannot be as of a day to come" in future.content.decode()
    assert "before the recommendation was made" in past.content.decode()
    assessment.refresh_from_db()
    assert assessment.version == 1


def test_a_save_over_someone_elses_newer_change_is_refused(client, world, recommendation):
    start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()
    stale = fill(assessment, narrative="Mine", save="1")
    assessments.assessment_save(
        assessment_id=assessment.pk,
        user=world.editor_kg,
        version=assessment.version,
        as_of=timezone.localdate(),
        implementation="full",
        narrative="Theirs",
        sources="",
    )

    response = client.post(reverse("commitments:assessment", args=[assessment.pk]), stale)

    assert response.status_code == 409
    assert "while you were editing it" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.narrative == "Theirs"


def test_a_returned_assessment_is_corrected_and_submitted_again(client, world, recommendation):
    start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()
    page = reverse("commitments:assessment", args=[assessment.pk])
    client.post(page, fill(assessment, submit="1"))
    client.force_login(world.coordinator_kg)
    review = reverse("commitments:assessment-review", args=[assessment.pk])

    client.post(review, {"decision": "return", "comment": ""})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    client.post(review, {"decision": "return", "comment": "Cite the draft law's number."})
    assessment.refresh_from_db()
    assert assessment.status == "returned"

    client.force_login(world.editor_kg)
    shown = client.get(page).content.decode()
    assert "Cite the draft law&#x27;s number." in shown
    client.post(page, fill(assessment, narrative="Draft law No. 12 was not adopted.", submit="1"))
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_evidence_is_kept_with_the_assessment_and_shown_to_its_people_only(
    client, world, recommendation, settings, tmp_path
):
    settings.EVIDENCE_ROOT = tmp_path
    start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()
    page = reverse("commitments:assessment", args=[assessment.pk])
    pdf = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 the ministry's answer")

    client.post(page, {**fill(assessment, save="1"), "evidence_file": pdf})
    evidence = assessment.evidence.get()
    url = evidence.get_absolute_url()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")

    client.force_login(world.editor_kz)
    assert client.get(url).status_code == 404

    client.force_login(world.editor_kg)
    renamed = SimpleUploadedFile("letter.pdf", b"MZ not a pdf at all")
    response = client.post(page, {**fill(assessment, save="1"), "evidence_file": renamed})
    assert response.status_code == 400
    assert assessment.evidence.count() == 1


# Who may do what ------------------------------------------------------------------------


def test_someone_elses_organisations_draft_does_not_exist_for_them(client, world, recommendation):
    start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()
    page = reverse("commitments:assessment", args=[assessment.pk])

    for user in (world.editor_kz, world.outsider):
        client.force_login(user)
        assert client.get(page).status_code == 404
        assert client.post(page, fill(assessment, save="1")).status_code == 404
    client.force_login(world.viewer_kg)
    assert client.get(page).status_code == 200
    assert client.post(page, fill(assessment, save="1")).status_code == 403


def test_an_organisation_assesses_only_its_own_countrys_recommendations(
    client, world, recommendation
):
    response = start(client, world.editor_kz, recommendation, world.org_kz)

    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_an_editor_cannot_start_an_assessment_for_an_organisation_not_theirs(
    client, world, recommendation
):
    other = OrganizationFactory(country=world.org_kg.country)

    response = start(client, world.editor_kg, recommendation, other)

    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_only_the_countrys_coordinators_review_and_not_their_own_organisation(
    client, world, reporting, recommendation
):
    start(client, world.editor_kg, recommendation, world.org_kg)
    assessment = Assessment.objects.get()
    client.post(
        reverse("commitments:assessment", args=[assessment.pk]), fill(assessment, submit="1")
    )
    review = reverse("commitments:assessment-review", args=[assessment.pk])

    client.force_login(reporting.coordinator_kz)
    assert client.post(review, {"decision": "approve"}).status_code == 404
    client.force_login(world.editor_kg)
    assert client.post(review, {"decision": "approve"}).status_code == 403
    MembershipFactory(organization=world.org_kg, user=world.coordinator_kg, role="viewer")
    client.force_login(world.coordinator_kg)
    assert client.post(review, {"decision": "approve"}).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


# The network's position -----------------------------------------------------------------


def test_the_position_is_what_most_organisations_say_and_a_tie_is_divided():
    assert network_position(["partial", "partial", "full"]).implementation == "partial"
    assert network_position(["partial", "partial", "full"]).count == 2
    assert network_position(["partial", "partial", "full"]).total == 3
    tie = network_position(["partial", "full"])
    assert (tie.implementation, tie.key, tie.tied) == (None, "divided", ("partial", "full"))
    assert network_position([]).key == "unassessed"


def test_each_organisation_counts_once_by_its_latest_assessment(client, world, recommendation):
    third = OrganizationFactory(country=world.org_kg.country)
    approved(recommendation, world.org_kg, "not_implemented", as_of=datetime.date(2024, 6, 1))
    approved(recommendation, world.org_kg, "partial", as_of=datetime.date(2025, 6, 1))
    approved(recommendation, third, "partial")
    Assessment.objects.create(
        recommendation=recommendation,
        organization=OrganizationFactory(country=world.org_kg.country),
        as_of=datetime.date(2025, 6, 1),
        implementation="full",
        status=Assessment.Status.SUBMITTED,
    )

    page = client.get(recommendation.get_absolute_url()).content.decode()

    assert "Partially implemented" in page
    assert "2 of 2 organisations" in page


def test_the_region_and_the_country_count_recommendations_by_the_networks_position(
    client, world, recommendation
):
    kg = world.org_kg.country
    other = recommend(kg, reference="141.8", text="Repeal the foreign agents law.")
    recommend(kg, reference="141.9", text="Ratify the optional protocol.")
    approved(recommendation, world.org_kg, "full")
    approved(other, world.org_kg, "not_implemented")

    region = client.get(reverse("commitments:region"))
    line = next(line for line in region.context["lines"] if line.country == kg)
    counts = {key: count for key, _label, count, _share in line.by_position()}
    assert counts == {
        "full": 1,
        "partial": 0,
        "not_implemented": 1,
        "no_information": 0,
        "divided": 0,
        "unassessed": 1,
    }

    country = reverse("commitments:country", args=["KG"])
    found = client.get(country, {"status": "not_implemented"}).content.decode()
    assert "Repeal the foreign agents law." in found
    assert "Protect journalists." not in found
    unassessed = client.get(country, {"status": "unassessed"}).content.decode()
    assert "Ratify the optional protocol." in unassessed
    assert "Repeal the foreign agents law." not in unassessed


def test_the_pages_take_the_same_queries_however_many_assessments(
    count_queries, world, recommendation, django_assert_max_num_queries
):
    urls = [
        recommendation.get_absolute_url(),
        reverse("commitments:country", args=["KG"]),
        reverse("commitments:region"),
    ]
    approved(recommendation, world.org_kg, "full")
    before = [count_queries(url) for url in urls]
    for number in range(12):
        approved(recommendation, OrganizationFactory(country=world.org_kg.country), "partial")
        other = recommend(world.org_kg.country, reference=f"150.{number}")
        approved(other, world.org_kg, "full")

    assert [count_queries(url) for url in urls] == before
    with django_assert_max_num_queries(8):
        count_queries(urls[0])
