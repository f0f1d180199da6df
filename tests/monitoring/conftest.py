import datetime
from dataclasses import dataclass

import pytest

from monitoring.models import ReportingPeriod, Roadmap, RoadmapIndicator
from organizations.models import CountryCoordinator
from tests.factories import UserFactory
from tests.monitoring.rating import rating  # noqa: F401 - a shared fixture
from tests.monitoring.states import (  # noqa: F401 - shared fixtures
    assessment_states,
    report_states,
)


@dataclass
class Reporting:
    period: ReportingPeriod
    earlier: ReportingPeriod
    roadmap_kg: Roadmap
    roadmap_kz: Roadmap
    people: RoadmapIndicator
    share: RoadmapIndicator
    plan: RoadmapIndicator
    score: RoadmapIndicator
    other: RoadmapIndicator
    coordinator_kz: object


def make_indicator(roadmap, position, **fields):
    defaults = {
        "title": f"Indicator {position}",
        "code": f"I{position}",
        "unit": "number",
        "baseline_value": 0,
        "baseline_date": datetime.date(2024, 1, 1),
        "target_value": 100,
        "target_date": datetime.date(2027, 12, 31),
    }
    return RoadmapIndicator.objects.create(
        roadmap=roadmap, position=position, **{**defaults, **fields}
    )


@pytest.fixture
def reporting(world) -> Reporting:
    earlier = ReportingPeriod.objects.create(
        code="2026-Q2",
        kind="quarter",
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2026, 6, 30),
        deadline=datetime.date(2026, 7, 20),
        is_open=False,
    )
    period = ReportingPeriod.objects.create(
        code="2026-Q3",
        kind="quarter",
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 9, 30),
        deadline=datetime.date(2026, 10, 20),
        is_open=True,
    )
    span = {"start": datetime.date(2025, 1, 1), "end": datetime.date(2027, 12, 31)}
    roadmap_kg = Roadmap.objects.create(
        country=world.kg, level="national", title="Kyrgyz roadmap", **span
    )
    roadmap_kg.owners.add(world.org_kg)
    roadmap_kz = Roadmap.objects.create(
        country=world.kz, level="national", title="Kazakh roadmap", **span
    )
    roadmap_kz.owners.add(world.org_kz)
    coordinator_kz = UserFactory(username="coordinator-kz")
    CountryCoordinator.objects.create(user=coordinator_kz, country=world.kz)
    return Reporting(
        period=period,
        earlier=earlier,
        roadmap_kg=roadmap_kg,
        roadmap_kz=roadmap_kz,
        people=make_indicator(
            roadmap_kg,
            1,
            title="People trained",
            disaggregations=["sex", "location"],
            plausible_min=0,
            plausible_max=500,
        ),
        share=make_indicator(
            roadmap_kg, 2, title="Share of budgets online", unit="percent", aggregation="mean"
        ),
        plan=make_indicator(
            roadmap_kg,
            3,
            title="Plan published",
            unit="yes_no",
            aggregation="latest",
            target_value=1,
        ),
        score=make_indicator(
            roadmap_kg,
            4,
            title="Participation score",
            unit="scale",
            aggregation="mean",
            baseline_value=1,
            target_value=5,
        ),
        other=make_indicator(roadmap_kz, 1, title="Kazakh indicator"),
        coordinator_kz=coordinator_kz,
    )
