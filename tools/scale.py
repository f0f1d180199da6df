"""Synthetic data at regional scale, for benchmarks and for tests that grow the data.

Everything is made through the project's models in bulk, deterministic for a seed, and
labelled: organisations and roadmaps are `is_demo` and named "Scale …".
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from monitoring.reporting.models import IndicatorValue, ProgressReport
from monitoring.roadmaps.models import ReportingPeriod, Roadmap, RoadmapIndicator
from monitoring.sdg.models import SdgIndicator
from organizations.models import Organization
from priorities.models import Objective
from vision.models import Country


@dataclass(frozen=True)
class Scale:
    organizations: int
    roadmaps: int
    indicators_per_roadmap: int
    quarters: int
    owners_per_roadmap: int

    @property
    def values(self) -> int:
        return self.roadmaps * self.indicators_per_roadmap * self.quarters * self.owners_per_roadmap


SCALES = {
    # 6,000 indicators × 20 quarters × 9 reporting organisations = 1,080,000 values.
    "large": Scale(
        organizations=2000,
        roadmaps=300,
        indicators_per_roadmap=20,
        quarters=20,
        owners_per_roadmap=9,
    ),
    "medium": Scale(
        organizations=200, roadmaps=30, indicators_per_roadmap=20, quarters=20, owners_per_roadmap=9
    ),
    "small": Scale(
        organizations=40, roadmaps=7, indicators_per_roadmap=5, quarters=8, owners_per_roadmap=3
    ),
    # For the benchmark's own tests.
    "tiny": Scale(
        organizations=14, roadmaps=7, indicators_per_roadmap=3, quarters=4, owners_per_roadmap=2
    ),
}
UNITS = [
    ("number", "sum", True, 0, 5000),
    ("percent", "mean", False, 20, 80),
    ("number", "sum", False, 5000, 1000),
    ("percent", "mean", False, 60, 95),
    ("scale", "mean", False, 2, 4),
]


def quarters_until(day: datetime.date, count: int) -> list[ReportingPeriod]:
    """The `count` quarters that ended before `day`, oldest first (created if missing)."""
    year, quarter = day.year, (day.month - 1) // 3  # the quarter before the current one
    if quarter == 0:
        year, quarter = year - 1, 4
    specs = []
    for _ in range(count):
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = (
            datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        ) - datetime.timedelta(days=1)
        specs.append((f"{year}-Q{quarter}", start, end))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    periods = []
    for code, start, end in reversed(specs):
        period, _created = ReportingPeriod.objects.get_or_create(
            code=code,
            defaults={
                "kind": "quarter",
                "start": start,
                "end": end,
                "deadline": end + datetime.timedelta(days=20),
            },
        )
        periods.append(period)
    return periods


@transaction.atomic
def generate(
    scale: Scale, *, seed: int = 7, label: str = "Scale", today: datetime.date | None = None
) -> dict:
    """Create organisations, roadmaps, indicators and approved reports with values."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    today = today or timezone.localdate()
    countries = list(Country.objects.filter(is_vision_country=True).order_by("code"))
    objectives = list(Objective.objects.order_by("priority__number", "position"))
    sdg_indicators = list(SdgIndicator.objects.select_related("target").order_by("pk"))
    periods = quarters_until(today, scale.quarters)
    now = timezone.now()

    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"{label} organisation {n:05d}",
            name_key=f"{label.lower()}organisation{n:05d}",
            slug=f"{label.lower()}-{seed}-{n:05d}",
            country=countries[n % len(countries)],
            city="Synthetic",
            kind="ngo",
            status="member",
            is_demo=True,
        )
        for n in range(scale.organizations)
    )
    by_country: dict[int, list[Organization]] = {}
    for organization in organizations:
        by_country.setdefault(organization.country_id, []).append(organization)

    roadmaps = Roadmap.objects.bulk_create(
        Roadmap(
            country=countries[n % len(countries)],
            level="national" if n % 3 else "local",
            area_name="" if n % 3 else "Synthetic district",
            title=f"{label} roadmap {n:04d}",
            title_en=f"{label} roadmap {n:04d}",
            start=periods[0].start,
            end=datetime.date(today.year + 4, 12, 31),
            is_demo=True,
        )
        for n in range(scale.roadmaps)
    )
    owners = Roadmap.owners.through
    owner_rows, owned = [], {}
    for n, roadmap in enumerate(roadmaps):
        pool = by_country[roadmap.country_id]
        chosen = [
            pool[(n * scale.owners_per_roadmap + k) % len(pool)]
            for k in range(scale.owners_per_roadmap)
        ]
        chosen = list({o.pk: o for o in chosen}.values())
        owned[roadmap.pk] = chosen
        owner_rows += [owners(roadmap_id=roadmap.pk, organization_id=o.pk) for o in chosen]
    owners.objects.bulk_create(owner_rows, batch_size=10000)

    indicators = RoadmapIndicator.objects.bulk_create(
        [
            RoadmapIndicator(
                roadmap=roadmap,
                position=k + 1,
                code=f"S{roadmap.pk}-{k + 1}",
                title=f"{label} indicator {roadmap.pk}-{k + 1}",
                title_en=f"{label} indicator {roadmap.pk}-{k + 1}",
                sdg_indicator=sdg_indicators[(roadmap.pk * 7 + k) % len(sdg_indicators)],
                unit=UNITS[k % len(UNITS)][0],
                aggregation=UNITS[k % len(UNITS)][1],
                cumulative=UNITS[k % len(UNITS)][2],
                baseline_value=UNITS[k % len(UNITS)][3],
                baseline_date=periods[0].start,
                target_value=UNITS[k % len(UNITS)][4],
                target_date=roadmap.end,
                disaggregations=["sex"] if UNITS[k % len(UNITS)][0] == "number" else [],
            )
            for roadmap in roadmaps
            for k in range(scale.indicators_per_roadmap)
        ],
        batch_size=5000,
    )
    objective_links = RoadmapIndicator.objectives.through
    target_links = RoadmapIndicator.sdg_targets.through
    objective_links.objects.bulk_create(
        [
            objective_links(
                roadmapindicator_id=i.pk, objective_id=objectives[(i.pk * m) % len(objectives)].pk
            )
            for i in indicators
            for m in (1, 5)
        ],
        batch_size=10000,
        ignore_conflicts=True,
    )
    target_links.objects.bulk_create(
        [
            target_links(roadmapindicator_id=i.pk, sdgtarget_id=i.sdg_indicator.target_id)
            for i in indicators
        ],
        batch_size=10000,
    )

    reports = ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                organization=organization,
                roadmap=roadmap,
                period=period,
                status="approved",
                submitted_at=now,
                reviewed_at=now,
            )
            for roadmap in roadmaps
            for organization in owned[roadmap.pk]
            for period in periods
        ],
        batch_size=10000,
    )
    country_of = {o.pk: o.country_id for o in organizations}
    per_roadmap: dict[int, list[RoadmapIndicator]] = {}
    for indicator in indicators:
        per_roadmap.setdefault(indicator.roadmap_id, []).append(indicator)
    step_of = {p.pk: n for n, p in enumerate(periods)}

    def values():
        for report in reports:
            step = step_of[report.period_id]
            for indicator in per_roadmap[report.roadmap_id]:
                low, high = float(indicator.baseline_value), float(indicator.target_value)
                pace = ((indicator.pk % 3) - 0.5) / len(periods)  # improving, stalled or regressing
                if indicator.cumulative:
                    number = round(
                        abs(high - low)
                        / len(periods)
                        / len(owned[report.roadmap_id])
                        * rng.uniform(0.2, 1.4)
                    )
                else:
                    number = low + (high - low) * pace * step * rng.uniform(0.8, 1.2)
                    number = round(
                        min(
                            max(number, 1 if indicator.unit == "scale" else 0),
                            100 if indicator.unit == "percent" else 1e9,
                        ),
                        1,
                    )
                    if indicator.unit == "scale":
                        number = min(5, max(1, round(number)))
                value = Decimal(str(number))
                parts = {}
                if indicator.disaggregations:
                    female = int(value * Decimal("0.5"))
                    parts = {"sex": {"female": str(female), "male": str(int(value) - female)}}
                yield IndicatorValue(
                    report_id=report.pk,
                    indicator_id=indicator.pk,
                    value=value,
                    disaggregation=parts,
                    country_id=country_of[report.organization_id],
                    period_id=report.period_id,
                    is_approved=True,
                )

    batch, created = [], 0
    for value in values():
        batch.append(value)
        if len(batch) == 20000:
            IndicatorValue.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    if batch:
        IndicatorValue.objects.bulk_create(batch)
        created += len(batch)
    return {
        "organizations": len(organizations),
        "roadmaps": len(roadmaps),
        "indicators": len(indicators),
        "periods": len(periods),
        "reports": len(reports),
        "values": created,
    }
