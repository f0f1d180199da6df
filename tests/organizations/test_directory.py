import pytest

from monitoring.models import SdgGoal
from priorities.models import Priority
from tests.factories import OrganizationFactory
from vision.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    kg, kz = Country.objects.get(code="KG"), Country.objects.get(code="KZ")
    youth, climate = Priority.objects.get(number=7), Priority.objects.get(number=9)
    water = SdgGoal.objects.get(number=6)
    return {
        "osh": OrganizationFactory(
            name="Osh Youth Council", city="Osh", country=kg, priorities=[youth]
        ),
        "water": OrganizationFactory(
            name="Clean Rivers",
            city="Naryn",
            country=kg,
            kind="network",
            priorities=[climate],
            sdg_goals=[water],
            description="Protects glaciers and rivers",
        ),
        "almaty": OrganizationFactory(
            name="Almaty Media Lab", city="Almaty", country=kz, kind="media"
        ),
        "applicant": OrganizationFactory(name="Waiting Applicant", country=kg, status="applicant"),
        "former": OrganizationFactory(name="Former Member", country=kg, status="former"),
    }


def names(response):
    return [o.name for o in response.context["page"].object_list]


def test_the_directory_lists_members_only(client, members):
    response = client.get("/organizations/")

    assert response.status_code == 200
    assert names(response) == ["Almaty Media Lab", "Clean Rivers", "Osh Youth Council"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=KG", ["Clean Rivers", "Osh Youth Council"]),
        ("kind=media", ["Almaty Media Lab"]),
        ("priority=7", ["Osh Youth Council"]),
        ("sdg=6", ["Clean Rivers"]),
        ("q=glaciers", ["Clean Rivers"]),
        ("q=osh", ["Osh Youth Council"]),
        ("q=almaty&country=KG", []),
        ("country=KG&priority=9&sdg=6", ["Clean Rivers"]),
    ],
)
def test_filters_and_search(client, members, query, expected):
    assert names(client.get(f"/organizations/?{query}")) == expected


@pytest.mark.parametrize("query", ["country=XX", "kind=party", "priority=42", "sdg=18"])
def test_an_impossible_filter_says_so_with_a_400(client, members, query):
    response = client.get(f"/organizations/?{query}")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_directory_is_paginated_and_keeps_the_filters(client):
    OrganizationFactory.create_batch(25, country=Country.objects.get(code="TJ"), city="Khujand")

    first = client.get("/organizations/?country=TJ")
    second = client.get("/organizations/?country=TJ&page=2")

    assert len(first.context["page"].object_list) == 20
    assert "?country=TJ&amp;page=2" in first.content.decode()
    assert len(second.context["page"].object_list) == 5


def test_a_profile_shows_what_the_organisation_works_on(client, members):
    page = client.get("/organizations/" + members["water"].slug + "/").content.decode()

    assert "Clean Rivers" in page
    assert "Initiative on climate change adaptation and mitigation" in page
    assert "Ensure availability and sustainable management of water" in page
    assert 'href="/priorities/9/"' in page


def test_an_unknown_profile_is_a_404(client):
    assert client.get("/organizations/no-such-organisation/").status_code == 404


def _grow_to(count: int) -> None:
    priorities = list(Priority.objects.all()[:3])
    goals = list(SdgGoal.objects.all()[:4])
    countries = list(Country.objects.all())
    for n in range(count):
        OrganizationFactory(
            country=countries[n % len(countries)], priorities=priorities, sdg_goals=goals
        )


# Directory: count, page of organisations, their priorities, their goals, and the three
# choice lists of the filter form (countries, priorities, goals); filtering by a country
# and a priority adds the look-up of each chosen value.
@pytest.mark.parametrize(
    ("query", "queries"), [("", 7), ("?country=KZ&priority=1&q=organisation", 9)]
)
def test_the_directory_keeps_its_query_count_with_5_and_200_members(count_queries, query, queries):
    _grow_to(5)
    with_five = count_queries(f"/organizations/{query}")
    _grow_to(195)
    with_two_hundred = count_queries(f"/organizations/{query}")

    assert with_five == with_two_hundred == queries


def test_a_profile_keeps_its_query_count_with_5_and_200_members(count_queries):
    _grow_to(5)
    slug = OrganizationFactory(priorities=list(Priority.objects.all())).slug
    with_five = count_queries(f"/organizations/{slug}/")
    _grow_to(195)

    # The organisation, its priorities, its SDG goals and its projects (none here; with
    # some, two more read their countries and funders, however many there are).
    assert count_queries(f"/organizations/{slug}/") == with_five == 4
