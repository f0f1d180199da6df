"""A small rating methodology, a Kyrgyz social enterprise whose staff are the Kyrgyz
organisation's editor and viewer, a verifier, and an open round: the shared fixture of the
enterprises' tests and the access test."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from monitoring.enterprises.models import (
    AnswerOption,
    EnterpriseMembership,
    ImpactArea,
    Methodology,
    NumberBand,
    Question,
    RatingLevel,
    RatingRound,
    SocialEnterprise,
    Track,
    TrackRule,
)


@dataclass
class Rating:
    methodology: Methodology
    round: RatingRound
    enterprise: SocialEnterprise
    other_enterprise: SocialEnterprise
    mission: Question  # yes or no, 3 points
    accounts: Question  # never 0, on request 1, every year 3
    reinvested: Question  # a number: below 50 % 0, from 50 % 2
    pension: Question  # yes or no, 2 points; not asked of small enterprises
    yearly: AnswerOption
    on_request: AnswerOption
    verifier: object


@pytest.fixture
def rating(world, django_user_model) -> Rating:
    from django.contrib.auth.models import Group

    from organizations.content import RATING_VERIFIERS_GROUP

    methodology = Methodology.objects.create(
        version=1, title="Test rating", published_on="2024-01-01"
    )
    governance = ImpactArea.objects.create(
        methodology=methodology, code="governance", position=1, name="Governance"
    )
    workers = ImpactArea.objects.create(
        methodology=methodology, code="workers", position=2, name="Workers"
    )
    mission = Question.objects.create(
        area=governance, code="G1", position=1, text="Is the mission written?", kind="yes_no",
        yes_points=3,
    )  # fmt: skip
    accounts = Question.objects.create(
        area=governance, code="G2", position=2, text="Accounts published?", kind="choice"
    )
    AnswerOption.objects.create(question=accounts, position=1, label="Never", points=0)
    on_request = AnswerOption.objects.create(
        question=accounts, position=2, label="On request", points=1
    )
    yearly = AnswerOption.objects.create(
        question=accounts, position=3, label="Every year", points=3
    )
    reinvested = Question.objects.create(
        area=workers, code="W1", position=1, text="Profit reinvested", kind="number", unit="%"
    )
    NumberBand.objects.create(question=reinvested, upper=50, points=0)
    NumberBand.objects.create(question=reinvested, lower=50, points=2)
    pension = Question.objects.create(
        area=workers, code="W2", position=2, text="A pension scheme?", kind="yes_no",
        yes_points=2,
    )  # fmt: skip
    small = Track.objects.create(
        methodology=methodology, code="small", position=1, name="Small", sizes=["micro", "small"]
    )
    Track.objects.create(methodology=methodology, code="all", position=2, name="All")
    TrackRule.objects.create(track=small, question=pension, enabled=False)
    TrackRule.objects.create(track=small, question=reinvested, weight=Decimal(2))
    for code, threshold in (("leading", 70), ("emerging", 30), ("starting", 0)):
        RatingLevel.objects.create(
            methodology=methodology, code=code, name=code.title(), min_percent=threshold
        )
    rating_round = RatingRound.objects.create(year=2026, methodology=methodology, is_open=True)
    enterprise, other = (
        SocialEnterprise.objects.create(
            name=name,
            slug=slug,
            country=country,
            legal_form="cooperative",
            sector="crafts",
            size="small",
            founded=2015,
        )
        for name, slug, country in (
            ("Issyk-Kul Felt", "issyk-kul-felt", world.kg),
            ("Almaty Bakery", "almaty-bakery", world.kz),
        )
    )
    EnterpriseMembership.objects.create(user=world.editor_kg, enterprise=enterprise, role="editor")
    EnterpriseMembership.objects.create(user=world.viewer_kg, enterprise=enterprise, role="viewer")
    EnterpriseMembership.objects.create(user=world.editor_kz, enterprise=other, role="editor")
    verifier = django_user_model.objects.create_user(
        username="verifier", password="x", full_name="Vera Verifier"
    )
    verifier.groups.add(Group.objects.get_or_create(name=RATING_VERIFIERS_GROUP)[0])
    return Rating(
        methodology=methodology,
        round=rating_round,
        enterprise=enterprise,
        other_enterprise=other,
        mission=mission,
        accounts=accounts,
        reinvested=reinvested,
        pension=pension,
        yearly=yearly,
        on_request=on_request,
        verifier=verifier,
    )


def answers_data(rating, assessment, **fields) -> dict:
    """The questionnaire as a browser posts it, every question answered."""
    data = {
        "version": assessment.version,
        f"q{rating.mission.pk}": "yes",
        f"q{rating.accounts.pk}": str(rating.yearly.pk),
        f"q{rating.reinvested.pk}": "60",
    }
    data.update(fields)
    return data
