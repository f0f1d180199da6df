"""The social enterprises' public rating: the page of each enterprise's latest approved
assessment by country and sector, its downloads, the read API and the open data; never a
draft, submitted or returned assessment; a constant number of queries however many
enterprises."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import opendata
from monitoring.enterprises import scoring
from monitoring.enterprises.models import (
    Answer,
    EnterpriseAssessment,
    RatingRound,
    SocialEnterprise,
)

pytestmark = pytest.mark.django_db


def assess(rating, enterprise, year: int, status: str, yearly=True) -> EnterpriseAssessment:
    """An assessment of the year's round, every question answered; scored when approved."""
    rating_round = RatingRound.objects.filter(year=year).first() or RatingRound.objects.create(
        year=year, methodology=rating.methodology
    )
    assessment = EnterpriseAssessment.objects.create(
        enterprise=enterprise,
        round=rating_round,
        methodology=rating.methodology,
        track=rating.methodology.tracks.get(code="small"),
        status=status,
    )
    Answer.objects.create(assessment=assessment, question=rating.mission, yes=True)
    Answer.objects.create(
        assessment=assessment,
        question=rating.accounts,
        option=rating.yearly if yearly else rating.on_request,
    )
    Answer.objects.create(assessment=assessment, question=rating.reinvested, number=60)
    if status == "approved":
        scoring.store_score(assessment)
        assessment.refresh_from_db()
    return assessment


def more_enterprises(rating, how_many: int, start: int = 0) -> None:
    """Copies of the Kyrgyz enterprise, each with an approved 2024 assessment."""
    for number in range(start, start + how_many):
        enterprise = SocialEnterprise.objects.create(
            name=f"Copy {number}",
            slug=f"copy-{number}",
            country=rating.enterprise.country,
            legal_form="company",
            sector="education" if number % 2 else "crafts",
            size="micro",
            founded=2020,
        )
        assess(rating, enterprise, 2024, "approved", yearly=bool(number % 3))


@pytest.fixture
def rated(rating):
    """The Kyrgyz enterprise approved in 2024 (every year: 10 of 10) with a submitted 2025 and
    a draft of the open round; the Kazakh one approved in 2025 (on request: 8 of 10) and
    returned in the open round."""
    found = {
        "kg_2024": assess(rating, rating.enterprise, 2024, "approved"),
        "kg_2025": assess(rating, rating.enterprise, 2025, "submitted", yearly=False),
        "kg_open": assess(rating, rating.enterprise, rating.round.year, "draft"),
        "kz_2025": assess(rating, rating.other_enterprise, 2025, "approved", yearly=False),
        "kz_open": assess(rating, rating.other_enterprise, rating.round.year, "returned"),
    }
    return found


# The page ---------------------------------------------------------------------------------


def test_the_rating_shows_each_enterprises_latest_approved_assessment(client, rating, rated):
    response = client.get("/enterprises/rating/")
    assert response.status_code == 200
    page = response.content.decode()

    countries = response.context["countries"]
    shown = [a for _country, sectors in countries for _sector, rows in sectors for a in rows]
    assert shown == [rated["kz_2025"], rated["kg_2024"]]  # Kazakhstan before Kyrgyzstan
    assert 'href="/enterprises/issyk-kul-felt/"' in page
    assert 'href="/enterprises/issyk-kul-felt/2024/"' in page
    assert "10 of 10 (100 %)" in page
    assert "8 of 10 (80 %)" in page
    assert '<span class="status-pill level-leading">Leading</span>' in page
    assert "Crafts and textiles" in page
    for area in ("Governance", "Workers"):
        assert area in page
    assert page.count('class="meter"') == 4  # two areas of two enterprises
    assert 'role="region" aria-labelledby="rating-KG"' in page
    assert '<th scope="rowgroup"' in page


def test_the_rating_filters_by_country_and_sector(client, rating, rated):
    kyrgyz = client.get("/enterprises/rating/?country=KG")
    assert [c.code for c, _sectors in kyrgyz.context["countries"]] == ["KG"]
    assert "Almaty Bakery" not in kyrgyz.content.decode()

    assert client.get("/enterprises/rating/?sector=tourism").context["countries"] == []
    crafts = client.get("/enterprises/rating/?sector=crafts").context["countries"]
    assert len(crafts) == 2

    for bad in ("country=XX", "sector=mining"):
        assert client.get(f"/enterprises/rating/?{bad}").status_code == 400, bad


def test_the_rating_downloads_as_csv_xlsx_and_json(client, rating, rated):
    response = client.get("/enterprises/rating/?country=KG&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="enterprise-rating.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:12] == [
        "Country",
        "Enterprise",
        "Short name",
        "Sector",
        "Size",
        "Year",
        "Methodology version",
        "Track",
        "Points",
        "Out of",
        "Share of the points (%)",
        "Level",
    ]
    assert rows[0][12:] == [
        "Governance: points",
        "Governance: out of",
        "Workers: points",
        "Workers: out of",
    ]
    assert rows[1:] == [
        [
            "Kyrgyzstan",
            "Issyk-Kul Felt",
            "issyk-kul-felt",
            "Crafts and textiles",
            "Small (10–49 employees)",
            "2024",
            "1",
            "small",
            "10.0",
            "10.0",
            "100.0",
            "Leading",
            "6.0",
            "6.0",
            "4.0",
            "4.0",
        ]
    ]

    data = client.get("/enterprises/rating/?format=json").json()
    assert [row["Short name"] for row in data["rows"]] == ["almaty-bakery", "issyk-kul-felt"]
    assert data["rows"][0]["Governance: points"] == 4

    xlsx = client.get("/enterprises/rating/?format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    assert client.get("/enterprises/rating/?format=pdf").status_code == 404


def test_the_rating_takes_the_same_queries_however_many_enterprises(client, rating, rated):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    more_enterprises(rating, 2)
    before = queries("/enterprises/rating/"), queries("/enterprises/rating/?format=csv")
    more_enterprises(rating, 10, start=2)
    assert (queries("/enterprises/rating/"), queries("/enterprises/rating/?format=csv")) == before


def test_the_directory_and_a_profile_lead_to_the_rating(client, rating, rated):
    assert 'href="/enterprises/rating/"' in client.get("/enterprises/").content.decode()
    profile = client.get("/enterprises/issyk-kul-felt/").content.decode()
    assert 'href="/enterprises/rating/?country=KG"' in profile


# The API ----------------------------------------------------------------------------------


def test_the_registry_api_lists_enterprises_with_their_codes(client, rating, rated):
    from monitoring.sdg.models import SdgTarget
    from priorities.models import Objective

    enterprise = rating.enterprise
    enterprise.sdg_targets.set([SdgTarget.objects.get(code="8.5")])
    enterprise.objectives.set([Objective.objects.get(priority__number=8, position=1)])
    enterprise.website = "https://felt.example.kg"
    enterprise.save()

    found = client.get("/api/v1/enterprises/?country=KG").json()

    assert found["count"] == 1
    assert found["results"][0] == {
        "slug": "issyk-kul-felt",
        "name": "Issyk-Kul Felt",
        "country": "KG",
        "city": "",
        "legal_form": "cooperative",
        "sector": "crafts",
        "size": "small",
        "founded": 2015,
        "website": "https://felt.example.kg",
        "sdg_targets": ["8.5"],
        "objectives": ["8.1"],
        "beneficiaries": [],
        "is_demo": False,
    }
    assert client.get("/api/v1/enterprises/issyk-kul-felt/").json()["slug"] == "issyk-kul-felt"
    assert client.get("/api/v1/enterprises/?sdg_goal=8").json()["count"] == 1
    assert client.get("/api/v1/enterprises/?sdg_goal=6").json()["count"] == 0
    assert client.get("/api/v1/enterprises/?sector=crafts&size=small").json()["count"] == 2
    for bad in ("country=XX", "sector=mining", "size=huge", "sdg_goal=18"):
        response = client.get(f"/api/v1/enterprises/?{bad}")
        assert response.status_code == 400, bad
        assert response.json()["error"]["fields"], bad


def test_the_ratings_api_serves_approved_assessments_only(client, rating, rated):
    found = client.get("/api/v1/enterprise-ratings/").json()

    assert [r["id"] for r in found["results"]] == [rated["kz_2025"].pk, rated["kg_2024"].pk]
    kyrgyz = found["results"][1]
    assert kyrgyz == {
        "id": rated["kg_2024"].pk,
        "enterprise": "issyk-kul-felt",
        "country": "KG",
        "year": 2024,
        "methodology_version": 1,
        "track": "small",
        "total": 10.0,
        "maximum": 10.0,
        "percent": 100.0,
        "level": "leading",
        "area_scores": {
            "governance": {"points": 6.0, "most": 6.0},
            "workers": {"points": 4.0, "most": 4.0},
        },
        "scored_at": kyrgyz["scored_at"],
        "is_demo": False,
    }
    assert kyrgyz["scored_at"]
    for unapproved in ("kg_2025", "kg_open", "kz_open"):
        url = f"/api/v1/enterprise-ratings/{rated[unapproved].pk}/"
        assert client.get(url).status_code == 404, unapproved

    def ids(query):
        found = client.get(f"/api/v1/enterprise-ratings/?{query}").json()
        return [r["id"] for r in found["results"]]

    assert ids("country=KZ") == [rated["kz_2025"].pk]
    assert ids("year=2024") == [rated["kg_2024"].pk]
    assert ids("year=2025") == [rated["kz_2025"].pk]  # Kyrgyzstan's 2025 is only submitted
    assert ids("sector=crafts&level=leading") == [rated["kz_2025"].pk, rated["kg_2024"].pk]
    assert ids("sector=tourism") == []
    for bad in ("country=XX", "sector=mining", "year=2024.5", "level=platinum"):
        response = client.get(f"/api/v1/enterprise-ratings/?{bad}")
        assert response.status_code == 400, bad
        assert response.json()["error"]["fields"], bad


def test_the_apis_keep_their_query_count_as_enterprises_grow(client, rating, rated):
    def queries():
        counted = []
        for url in ("/api/v1/enterprises/", "/api/v1/enterprise-ratings/"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counted.append(len(captured))
        return counted

    more_enterprises(rating, 2)
    before = queries()
    more_enterprises(rating, 10, start=2)
    assert queries() == before


# Open data --------------------------------------------------------------------------------


def download(client, path):
    response = client.get(f"/data/{path}")
    assert response.status_code == 200, path
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_open_data_holds_the_registry_and_approved_assessments_only(client, rating, rated):
    from monitoring.sdg.models import SdgTarget

    rating.enterprise.sdg_targets.set(SdgTarget.objects.filter(code__in=["8.5", "4.4"]))
    index = opendata.build()

    assert (index["enterprises"], index["enterprise_ratings"]) == (2, 2)
    enterprises = json.loads(download(client, "enterprises.json"))
    assert [e["enterprise"] for e in enterprises] == ["almaty-bakery", "issyk-kul-felt"]
    assert enterprises[1]["sdg_targets"] == ["4.4", "8.5"]
    registry = list(csv.DictReader(io.StringIO(download(client, "enterprises.csv"))))
    assert registry[1]["sdg_targets"] == "4.4; 8.5"

    ratings = json.loads(download(client, "enterprise-ratings.json"))
    approved = [rated["kg_2024"].pk, rated["kz_2025"].pk]
    assert [r["assessment_id"] for r in ratings] == approved
    assert ratings[0]["area_scores"] == {
        "governance": {"points": 6, "most": 6},
        "workers": {"points": 4, "most": 4},
    }
    assert (ratings[0]["total"], ratings[0]["level"], ratings[0]["year"]) == (10, "leading", 2024)
    rows = list(csv.DictReader(io.StringIO(download(client, "enterprise-ratings.csv"))))
    assert [int(r["assessment_id"]) for r in rows] == approved
    assert json.loads(rows[1]["area_scores"])["governance"] == {"points": 4, "most": 6}
    # A submitted, draft or returned assessment is in no file.
    unapproved = {str(rated[key].pk) for key in ("kg_2025", "kg_open", "kz_open")}
    assert not {r["assessment_id"] for r in rows} & unapproved

    package = json.loads(download(client, "datapackage.json"))
    described = {r["path"]: r["schema"] for r in package["resources"] if "schema" in r}
    for name, found in (("enterprises", enterprises), ("enterprise-ratings", ratings)):
        fields = [f["name"] for f in described[f"{name}.json"]["fields"]]
        assert fields == list(found[0]) == [f["name"] for f in described[f"{name}.csv"]["fields"]]
    types = {f["name"]: f["type"] for f in described["enterprise-ratings.json"]["fields"]}
    assert (types["area_scores"], types["total"]) == ("object", "number")

    page = client.get("/data/").content.decode()
    for name in ("enterprises", "enterprise-ratings"):
        assert f'href="/data/{name}.csv"' in page
        assert f'href="/data/{name}.json"' in page
    assert 'href="/enterprises/rating/"' in page


def test_the_open_data_build_takes_the_same_queries_however_many_enterprises(
    rating, rated, tmp_path
):
    from monitoring.opendata import enterprises

    def queries(work) -> int:
        with CaptureQueriesContext(connection) as captured:
            work()
        return len(captured)

    more_enterprises(rating, 2)
    few = queries(opendata.build), queries(lambda: enterprises.write(tmp_path))
    more_enterprises(rating, 20, start=2)
    many = queries(opendata.build), queries(lambda: enterprises.write(tmp_path))

    assert few == many
    # The SDG targets, beneficiaries and objectives, the enterprises, the assessments.
    assert few[1] == 5
