"""Social enterprises and their rating: the method stated once and checked by hand, the
methodology's versions (frozen once used, a new version a copy), the public directory,
profiles and methodology page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.enterprises import method, methodologies, scoring
from monitoring.enterprises.method import Given, Rule
from monitoring.enterprises.models import (
    AnswerOption,
    EnterpriseAssessment,
    Methodology,
    Question,
    SocialEnterprise,
)

LEVELS = [("leading", Decimal(70)), ("established", Decimal(50)), ("starting", Decimal(0))]


def rules():
    return [
        Rule("G1", "governance", "yes_no", yes_points=Decimal(3)),
        Rule("G2", "governance", "choice", options={1: Decimal(0), 2: Decimal(1), 3: Decimal(3)}),
        Rule(
            "W1",
            "workers",
            "number",
            bands=((None, Decimal(10), Decimal(0)), (Decimal(10), Decimal(30), Decimal(2))),
            weight=Decimal(2),
        ),
        Rule("W2", "workers", "yes_no", yes_points=Decimal(5), enabled=False),
    ]


# The method, by hand ---------------------------------------------------------------------


def test_each_kind_of_answer_earns_its_points_times_its_weight():
    answers = {"G1": Given(yes=True), "G2": Given(option=2), "W1": Given(number=Decimal(10))}

    result = method.score(rules(), answers, LEVELS, ["governance", "workers"])

    # G1 3 + G2 1 = 4 of 6; W1's band from 10 (included) earns 2, weighted twice: 4 of 4;
    # W2 is switched off by the track and counts for nothing, not even its most.
    assert result.areas == {
        "governance": (Decimal("4.00"), Decimal("6.00")),
        "workers": (Decimal("4.00"), Decimal("4.00")),
    }
    assert (result.total, result.maximum, result.percent) == (
        Decimal("8.00"),
        Decimal("10.00"),
        Decimal("80.00"),
    )
    assert result.level == "leading"


def test_a_band_stops_below_its_upper_bound_and_nothing_outside_every_band_earns():
    rule = rules()[2]
    assert method.earned(rule, Given(number=Decimal("9.99"))) == 0
    assert method.earned(rule, Given(number=Decimal(10))) == 2
    assert method.earned(rule, Given(number=Decimal(30))) == 0  # past the last band
    assert method.earned(rule, Given()) == 0
    assert method.earned(rule, None) == 0  # unanswered


def test_the_level_is_the_highest_reached_and_the_percentage_rounds_half_up():
    answers = {"G1": Given(yes=True), "G2": Given(option=1)}
    result = method.score(rules(), answers, LEVELS, ["governance", "workers"])
    assert result.percent == Decimal("30.00")  # 3 of 10
    assert result.level == "starting"

    third = method.score(
        [Rule("A", "a", "yes_no", yes_points=Decimal(1)), Rule("B", "a", "yes_no", Decimal(2))],
        {"A": Given(yes=True)},
        LEVELS,
    )
    assert third.percent == Decimal("33.33")


def test_the_first_matching_track_is_the_enterprises():
    class T:
        def __init__(self, code, sizes=(), sectors=()):
            self.code, self.sizes, self.sectors = code, list(sizes), list(sectors)

    tracks = [T("crafts-small", ["micro"], ["crafts"]), T("small", ["micro", "small"]), T("all")]
    assert method.track_of(tracks, "micro", "crafts").code == "crafts-small"
    assert method.track_of(tracks, "micro", "health").code == "small"
    assert method.track_of(tracks, "large", "crafts").code == "all"


# The demo, and scores recomputed from their answers ------------------------------------


@pytest.fixture
def demo(demo_data):
    """The demo, seeded once and shared (tests/conftest.py)."""


def test_the_demo_has_five_enterprises_a_country_and_two_approved_rounds(demo):
    assert SocialEnterprise.objects.filter(is_demo=True, country__code="KG").count() == 5
    approved = EnterpriseAssessment.objects.filter(status="approved")
    assert sorted(set(approved.values_list("round__year", flat=True))) == [2024, 2025]
    assert approved.count() == 2 * SocialEnterprise.objects.count()
    assert Methodology.objects.get(version=1).is_frozen


def test_every_published_score_is_what_the_method_gives_from_its_answers(demo):
    for assessment in EnterpriseAssessment.objects.filter(status="approved").select_related(
        "methodology", "track", "level"
    ):
        again = scoring.compute(assessment)
        assert (again.total, again.maximum, again.percent) == (
            assessment.total,
            assessment.maximum,
            assessment.percent,
        )
        assert again.level == assessment.level.code


# Versions ---------------------------------------------------------------------------------


def test_a_frozen_version_refuses_changes_and_a_new_version_is_a_copy(demo):
    first = Methodology.objects.get(version=1)
    question = Question.objects.get(area__methodology=first, code="G2")
    option = question.options.last()
    option.points = Decimal(9)
    with pytest.raises(ValidationError, match="frozen"):
        option.full_clean()

    copy = methodologies.methodology_copy(methodology=first)

    assert (copy.version, copy.published_on, copy.frozen_at) == (2, None, None)
    copied = Question.objects.get(area__methodology=copy, code="G2")
    assert [(o.label, o.points) for o in copied.options.all()] == [
        (o.label, o.points) for o in question.options.all()
    ]
    assert (
        copy.tracks.get(code="small").rules.count() == first.tracks.get(code="small").rules.count()
    )
    assert copy.levels.count() == first.levels.count() == 4
    assert copy.title_ru == first.title_ru
    changed = copied.options.last()
    changed.points = Decimal(9)
    changed.full_clean()  # the copy can change
    changed.save()
    assert AnswerOption.objects.get(pk=option.pk).points == 3  # the first version did not


def test_the_admin_shows_a_frozen_version_and_makes_a_copy(client, demo):
    from organizations.models import User

    client.force_login(User.objects.get(username="admin"))
    first = Methodology.objects.get(version=1)
    question = Question.objects.get(area__methodology=first, code="G1")
    page = client.get(f"/admin/monitoring/question/{question.pk}/change/")
    assert page.status_code == 200
    assert b'name="yes_points"' not in page.content  # shown, not editable

    response = client.post(
        "/admin/monitoring/methodology/",
        {"action": "make_new_version", "_selected_action": [first.pk]},
    )
    assert response.status_code == 302
    assert Methodology.objects.filter(version=2, frozen_at__isnull=True).exists()


# Public pages -----------------------------------------------------------------------------


def test_the_directory_filters_by_country_sector_size_goal_and_level(client, demo):
    page = client.get("/enterprises/").content.decode()
    assert "35 social enterprises" in page

    kyrgyz = client.get("/enterprises/?country=KG").content.decode()
    assert "5 social enterprises" in kyrgyz
    assert "Felt Makers Kyrgyzstan (demo)" in kyrgyz or "Kyrgyzstan (demo)" in kyrgyz

    for query, field in [
        ("sector=crafts", "sector"),
        ("size=micro", "size"),
        ("goal=8", "sdg_targets__goal__number"),
    ]:
        value = query.split("=")[1]
        expected = SocialEnterprise.objects.filter(**{field: value}).distinct().count()
        page = client.get(f"/enterprises/?{query}").content.decode()
        assert f"{expected} social enterprise" in page, query

    leading = {
        a.enterprise_id
        for a in EnterpriseAssessment.objects.filter(round__year=2025, level__code="leading")
    }
    page = client.get("/enterprises/?level=leading").content.decode()
    assert f"{len(leading)} social enterprise" in page

    assert client.get("/enterprises/?country=XX").status_code == 400


def test_the_directory_takes_the_same_queries_however_many_enterprises(client, demo):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/enterprises/?page=1").status_code == 200
        return len(captured)

    before = queries()
    for enterprise in list(SocialEnterprise.objects.all()[:10]):
        enterprise.pk, enterprise.slug = None, f"{enterprise.slug}-copy"
        enterprise.save()
    assert queries() == before


def test_a_profile_shows_the_rating_over_the_rounds_with_each_area(client, demo):
    enterprise = SocialEnterprise.objects.get(slug="demo-kg-1")
    latest = enterprise.assessments.get(round__year=2025)

    page = client.get(enterprise.get_absolute_url()).content.decode()

    assert latest.level.name in page
    assert f"{latest.total.normalize():f} of the {latest.maximum.normalize():f} points" in page
    for area in ("Governance", "Workers", "Community", "Environment", "Customers"):
        assert area in page
    assert "Share of the points earned, by round: 2024" in page
    assert 'href="/enterprises/methodology/1/"' in page


def test_the_methodology_page_publishes_every_question_and_its_points(client, demo):
    page = client.get("/enterprises/methodology/").content.decode()

    for question in Question.objects.filter(area__methodology__version=1):
        assert f'id="question-{question.code}"' in page
    assert "Every year: 3 points" in page
    assert "Yes: 3 points; no: 0." in page
    assert "Micro and small enterprises" in page
    assert "not asked" in page
    assert "70 %" in page  # the threshold of the leading level
    assert client.get("/enterprises/methodology/9/").status_code == 404


def test_no_methodology_page_before_a_version_is_published(client, db):
    assert client.get("/enterprises/methodology/").status_code == 404
