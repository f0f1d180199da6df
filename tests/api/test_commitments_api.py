"""The commitments in the API: instruments, statuses, recommendations with their links,
and only the approved assessments."""

import datetime

import pytest

from monitoring.commitments.models import Assessment, Instrument, Ratification
from tests.monitoring.test_commitments import recommend

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendations(world):
    kg = world.org_kg.country
    press = recommend(
        kg, reference="141.1", text="Protect journalists.", targets=["16.10"], objectives=["2.3"]
    )
    other = recommend(world.org_kz.country, reference="99.1", mechanism="CCPR", cycle="CCPR 137")
    for status, implementation in (("approved", "partial"), ("submitted", "full")):
        Assessment.objects.create(
            recommendation=press,
            organization=world.org_kg,
            as_of=datetime.date(2025, 6, 1 if status == "approved" else 2),
            implementation=implementation,
            narrative=f"{status} assessment",
            status=status,
        )
    return press, other


def test_instruments_and_statuses_are_listed_with_their_codes(client, world):
    Ratification.objects.create(
        country=world.org_kg.country,
        instrument=Instrument.objects.get(code="CCPR"),
        status="ratified",
        party_on="1994-10-07",
    )

    treaties = client.get("/api/v1/commitments/instruments/", {"kind": "treaty"}).json()
    statuses = client.get("/api/v1/commitments/ratifications/", {"country": "KG"}).json()

    assert treaties["count"] == 9
    ccpr = next(i for i in treaties["results"] if i["code"] == "CCPR")
    assert (ccpr["abbreviation"], ccpr["adopted_year"], ccpr["kind"]) == ("ICCPR", 1966, "treaty")
    assert [(r["instrument"], r["status"]) for r in statuses["results"]] == [("CCPR", "ratified")]


def test_recommendations_are_filtered_and_carry_their_links(client, recommendations):
    press, _other = recommendations

    url = "/api/v1/commitments/recommendations/"
    found = client.get(url, {"country": "KG", "sdg_goal": 16}).json()
    by_mechanism = client.get("/api/v1/commitments/recommendations/", {"mechanism": "CCPR"})

    assert [r["id"] for r in found["results"]] == [press.pk]
    assert found["results"][0]["sdg_targets"] == ["16.10"]
    assert found["results"][0]["objectives"] == ["2.3"]
    assert [r["reference"] for r in by_mechanism.json()["results"]] == ["99.1"]


def test_only_approved_assessments_are_published(client, recommendations):
    found = client.get("/api/v1/commitments/assessments/", {"country": "KG"}).json()

    assert [a["narrative"] for a in found["results"]] == ["approved assessment"]
    assert found["results"][0]["organization"] == "bishkek-civic"
    submitted = Assessment.objects.get(status="submitted")
    assert client.get(f"/api/v1/commitments/assessments/{submitted.pk}/").status_code == 404


def test_an_unknown_code_is_a_400_that_says_so(client):
    response = client.get("/api/v1/commitments/recommendations/", {"mechanism": "NOPE"})

    assert response.status_code == 400
    assert "mechanism" in response.content.decode()


def test_the_lists_keep_their_query_count_as_recommendations_grow(
    client, world, recommendations, django_assert_max_num_queries
):
    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        result = []
        for url in ("recommendations", "assessments", "ratifications"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/api/v1/commitments/{url}/").status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for number in range(15):
        more = recommend(
            world.org_kg.country, reference=f"150.{number}", targets=["5.2"], objectives=["4.1"]
        )
        Assessment.objects.create(
            recommendation=more,
            organization=world.org_kg,
            as_of=datetime.date(2025, 6, 1),
            implementation="full",
            status="approved",
        )

    assert counts() == before
    with django_assert_max_num_queries(8):
        client.get("/api/v1/commitments/recommendations/")
