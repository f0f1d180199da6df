"""The states' international commitments: the instruments the platform ships, each
country's status under them, and the public pages of the recommendations."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from monitoring.commitments.models import (
    AffectedGroup,
    Instrument,
    Ratification,
    Recommendation,
    Theme,
)
from monitoring.sdg.models import SdgTarget
from priorities.models import Objective
from vision.models import Country

pytestmark = pytest.mark.django_db


def recommend(country, mechanism="UPR", reference="140.1", **fields) -> Recommendation:
    fields.setdefault("text", "Adopt a law on peaceful assemblies.")
    fields.setdefault("made_on", datetime.date(2024, 1, 24))
    fields.setdefault("cycle", "4")
    themes = fields.pop("themes", [])
    groups = fields.pop("groups", [])
    targets = fields.pop("targets", [])
    objectives = fields.pop("objectives", [])
    recommendation = Recommendation.objects.create(
        country=country,
        mechanism=Instrument.objects.get(code=mechanism),
        reference=reference,
        **fields,
    )
    recommendation.themes.set(Theme.objects.filter(code__in=themes))
    recommendation.groups.set(AffectedGroup.objects.filter(code__in=groups))
    recommendation.sdg_targets.set(SdgTarget.objects.filter(code__in=targets))
    recommendation.objectives.set(
        [o for o in Objective.objects.select_related("priority") if o.code in objectives]
    )
    return recommendation


@pytest.fixture
def kg():
    return Country.objects.get(code="KG")


# What the platform ships ---------------------------------------------------------------


def test_the_nine_core_treaties_the_upr_and_the_ilo_fundamental_conventions_come_with_sources():
    kinds = {
        kind: Instrument.objects.filter(kind=kind).count() for kind in ("treaty", "upr", "ilo")
    }
    assert kinds == {"treaty": 9, "upr": 1, "ilo": 10}
    ccpr = Instrument.objects.get(code="CCPR")
    assert (ccpr.abbreviation, ccpr.adopted_year) == ("ICCPR", 1966)
    assert ccpr.name_ru == "Международный пакт о гражданских и политических правах"
    assert not Instrument.objects.filter(source="").exists()
    assert Instrument.objects.get(code="C087").body.startswith("ILO Committee of Experts")


def test_themes_know_the_indexes_that_measure_them_and_groups_are_in_russian_too():
    assert set(Theme.objects.get(code="assembly").indexes.values_list("slug", flat=True)) == {
        "civicus-monitor",
        "human-freedom-index",
    }
    assert AffectedGroup.objects.get(code="human-rights-defenders").name_ru == "Правозащитники"
    assert AffectedGroup.objects.count() >= 10


def test_the_upr_takes_no_ratification():
    assert not Instrument.objects.get(code="UPR").takes_ratification
    assert Instrument.objects.get(code="CRPD").takes_ratification


@pytest.mark.parametrize(
    ("status", "signed_on", "party_on", "field"),
    [
        ("signed", datetime.date(2010, 1, 1), datetime.date(2012, 1, 1), "party_on"),
        ("ratified", datetime.date(2010, 1, 1), None, "party_on"),
        ("ratified", datetime.date(2010, 1, 1), datetime.date(2009, 1, 1), "party_on"),
    ],
)
def test_a_status_whose_dates_contradict_it_is_refused(kg, status, signed_on, party_on, field):
    ratification = Ratification(
        country=kg,
        instrument=Instrument.objects.get(code="CRPD"),
        status=status,
        signed_on=signed_on,
        party_on=party_on,
    )
    with pytest.raises(ValidationError) as refused:
        ratification.full_clean()
    assert field in refused.value.message_dict


# The region's page ---------------------------------------------------------------------


def test_the_region_shows_each_country_by_response_and_the_instruments_it_is_bound_by(client, kg):
    Ratification.objects.create(
        country=kg,
        instrument=Instrument.objects.get(code="CRPD"),
        status="ratified",
        signed_on=datetime.date(2011, 9, 21),
        party_on=datetime.date(2019, 5, 13),
    )
    Ratification.objects.create(
        country=kg,
        instrument=Instrument.objects.get(code="CED"),
        status="signed",
        signed_on=datetime.date(2007, 2, 6),
    )
    recommend(kg, reference="140.1", response="supported")
    recommend(kg, reference="140.2", response="supported")
    recommend(kg, reference="140.3", response="noted")

    response = client.get("/commitments/")

    line = next(line for line in response.context["lines"] if line.country == kg)
    assert (line.recommendations, line.bound, line.signed) == (3, 1, 1)
    assert [count for _label, count, _share in line.by_response()] == [2, 1, 0]
    page = response.content.decode()
    assert "Kyrgyzstan" in page
    assert "Afghanistan" in page
    assert "✓ 2019" in page
    assert "signed 2007" in page


def test_the_region_keeps_its_query_count_as_recommendations_grow(count_queries, kg):
    recommend(kg, reference="1")
    before = count_queries("/commitments/")
    for number in range(2, 30):
        recommend(kg, reference=str(number), themes=["assembly"], targets=["16.7"])
        Ratification.objects.get_or_create(
            country=Country.objects.order_by("?").first(),
            instrument=Instrument.objects.exclude(kind="upr").order_by("?").first(),
            defaults={"status": "signed"},
        )
    assert count_queries("/commitments/") == before


# A country's page ----------------------------------------------------------------------


@pytest.fixture
def three(kg):
    return [
        recommend(
            kg,
            reference="140.1",
            text="Replace the permission regime for assemblies with notification.",
            response="supported",
            recommending_state="Norway",
            themes=["assembly"],
            targets=["16.7"],
            objectives=["4.3"],
        ),
        recommend(
            kg,
            mechanism="CEDAW",
            cycle="CEDAW 88",
            reference="23(b)",
            text="Criminalise domestic violence as a separate offence.",
            themes=["gender-violence"],
            groups=["women-girls"],
            targets=["5.2"],
            objectives=["3.4"],
        ),
        recommend(
            kg,
            reference="140.7",
            text="Ratify the Optional Protocol to the CRPD.",
            response="noted",
            recommending_state="Chile",
            themes=["treaties"],
            groups=["persons-with-disabilities"],
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["140.1", "23(b)", "140.7"]),
        ("mechanism=CEDAW", ["23(b)"]),
        ("cycle=4", ["140.1", "140.7"]),
        ("response=noted", ["140.7"]),
        ("theme=assembly", ["140.1"]),
        ("group=women-girls", ["23(b)"]),
        ("goal=16", ["140.1"]),
        ("priority=3", ["23(b)"]),
        ("q=domestic+violence", ["23(b)"]),
        ("q=chile", ["140.7"]),
    ],
)
def test_a_countrys_recommendations_filter_by_every_facet(client, three, query, expected):
    response = client.get(f"/commitments/KG/?{query}")

    assert response.status_code == 200
    found = [r.reference for r in response.context["page"].object_list]
    assert sorted(found) == sorted(expected)


def test_the_country_page_shows_the_texts_their_links_and_the_instruments(client, three, kg):
    Ratification.objects.create(
        country=kg,
        instrument=Instrument.objects.get(code="CCPR"),
        status="acceded",
        party_on=datetime.date(1994, 10, 7),
        reservations="A declaration on article 1.",
    )

    page = client.get("/commitments/kg/").content.decode()

    assert "Criminalise domestic violence as a separate offence." in page
    assert "by Norway" in page
    assert "SDG 16.7" in page
    assert "Objective 3.4" in page
    assert "Acceded" in page
    assert "A declaration on article 1." in page
    assert "Not a party" in page
    assert "3 recommendations" in page


def test_a_filter_value_that_does_not_exist_is_a_400_with_the_reason(client, three):
    response = client.get("/commitments/KG/?mechanism=NOPE")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_filters_offer_only_what_the_country_received(client, three):
    form = client.get("/commitments/KG/").context["filter"].form

    assert {m.code for m in form.fields["mechanism"].queryset} == {"UPR", "CEDAW"}
    assert {t.code for t in form.fields["theme"].queryset} == {
        "assembly",
        "gender-violence",
        "treaties",
    }
    assert [value for value, _label in form.fields["cycle"].choices][1:] == ["4", "CEDAW 88"]


@pytest.mark.parametrize("code", ["XX", "RU", "kgz"])
def test_a_country_outside_the_vision_is_a_404(client, code):
    Country.objects.get_or_create(
        code="RU", defaults={"name": "Russia", "is_vision_country": False}
    )
    assert client.get(f"/commitments/{code}/").status_code == 404


def test_the_country_page_keeps_its_query_count_as_recommendations_grow(count_queries, kg):
    recommend(kg, reference="1", themes=["assembly"], targets=["16.7"], objectives=["4.3"])
    before = count_queries("/commitments/KG/?theme=assembly")
    for number in range(2, 40):
        recommend(
            kg,
            reference=str(number),
            themes=["assembly", "expression"],
            groups=["youth"],
            targets=["16.7", "16.10"],
            objectives=["4.3", "5.1"],
        )
    assert count_queries("/commitments/KG/?theme=assembly") == before
    assert count_queries("/commitments/KG/?page=2") <= before


def test_the_list_pages_25_at_a_time(client, kg):
    for number in range(1, 28):
        recommend(kg, reference=str(number))

    second = client.get("/commitments/KG/?page=2")

    assert len(second.context["page"].object_list) == 2
    assert "Page 2 of 2" in second.content.decode()


# One recommendation --------------------------------------------------------------------


def test_a_recommendation_shows_its_text_links_and_the_indexes_of_its_themes(client, three):
    page = client.get(three[0].get_absolute_url()).content.decode()

    assert "Replace the permission regime for assemblies with notification." in page
    assert "Norway" in page
    assert "Supported" in page
    assert "SDG target 16.7" in page
    assert 'href="/sdg/16/"' in page
    assert "Objective 4.3" in page
    assert 'href="/priorities/4/"' in page
    assert "CIVICUS Monitor" in page
    assert 'href="/commitments/KG/?theme=assembly#recommendations"' in page


def test_a_recommendation_reads_in_russian_where_it_was_translated(client, three):
    three[1].text_ru = "Криминализировать домашнее насилие."
    three[1].save()

    translated, untranslated = (f"/ru{r.get_absolute_url()}" for r in three[1:])

    page = client.get(translated).content.decode()

    assert "Криминализировать домашнее насилие." in page
    # Untranslated, a text falls back to English rather than to nothing.
    assert "Ratify the Optional Protocol" in client.get(untranslated).content.decode()


def test_a_demo_recommendation_says_it_is_made_up(client, kg):
    page = client.get(recommend(kg, is_demo=True).get_absolute_url()).content.decode()

    assert "Demo data: this recommendation is made up" in page


def test_an_unknown_recommendation_is_a_404(client):
    assert client.get("/commitments/recommendations/999999/").status_code == 404


# The demo ------------------------------------------------------------------------------


def test_the_demo_gives_each_country_twenty_linked_recommendations_all_marked_demo(client):
    from tools.demo.commitments import seed_demo_commitments

    seed_demo_commitments()
    seed_demo_commitments()  # running it again changes nothing

    for country in Country.objects.filter(is_vision_country=True):
        found = Recommendation.objects.filter(country=country)
        assert found.count() == 20, country.code
        assert not found.filter(is_demo=False).exists()
        assert found.filter(sdg_targets__isnull=False).distinct().count() == 20
        assert found.filter(objectives__isnull=False).distinct().count() == 20
    assert not Ratification.objects.filter(is_demo=False).exists()
    # A state accedes without signing first.
    assert not Ratification.objects.filter(status="acceded", signed_on__isnull=False).exists()
    for ratification in Ratification.objects.all():
        ratification.full_clean()
    page = client.get("/commitments/").content.decode()
    assert "Demo data: the statuses shown are made up." in page
    assert "20" in page


# Where the SDG and priority pages lead to them -------------------------------------------


def test_a_goal_page_counts_each_countrys_recommendations_per_target(client, three, kg):
    recommend(Country.objects.get(code="KZ"), reference="9", targets=["16.7", "16.10"])

    page = client.get("/sdg/16/").content.decode()

    assert 'href="/commitments/KG/?target=16.7#recommendations">Kyrgyzstan: 1<' in page
    assert 'href="/commitments/KZ/?target=16.10#recommendations">Kazakhstan: 1<' in page


def test_the_filtered_list_a_goal_page_links_to_holds_those_recommendations(client, three):
    found = client.get("/commitments/KG/?target=16.7").context["page"].object_list

    assert [r.reference for r in found] == ["140.1"]


def test_a_priority_page_counts_each_countrys_recommendations(client, three):
    page = client.get("/priorities/3/").content.decode()

    assert (
        'href="/commitments/KG/?priority=3#recommendations">Kyrgyzstan: 1 recommendation<' in page
    )
    assert (
        "No recommendation is linked to this priority yet."
        in client.get("/priorities/9/").content.decode()
    )


@pytest.mark.parametrize("url", ["/sdg/16/", "/priorities/4/"])
def test_goal_and_priority_pages_keep_their_query_count_as_recommendations_grow(
    count_queries, kg, url
):
    recommend(kg, reference="1", targets=["16.7"], objectives=["4.3"])
    before = count_queries(url)
    for number in range(2, 20):
        country = Country.objects.filter(is_vision_country=True).order_by("?").first()
        recommend(country, reference=str(number), targets=["16.7", "16.1"], objectives=["4.1"])
    assert count_queries(url) == before
