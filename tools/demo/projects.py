"""Demo projects: two or three for each demo organisation, with made-up funders, budgets
by year, places, sectors, links to the Vision's objectives, SDG targets and the country's
roadmap indicators, and updates. Never loaded by migrations.

Everything is made up and labelled so: `is_demo` is set on projects and updates, and the
funders' names end in "(demo)". Deterministic; running it again changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from monitoring.projects.codelists import ActivityStatus, Role
from monitoring.projects.models import Budget, Location, Participant, Project, Sector, Update
from monitoring.roadmaps.models import RoadmapIndicator
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization
from priorities.models import Objective

SEED = 2025
# Where the demo organisations' cities are (latitude, longitude).
PLACES = {
    "Almaty": (43.238, 76.945),
    "Astana": (51.169, 71.449),
    "Shymkent": (42.317, 69.587),
    "Karaganda": (49.806, 73.085),
    "Aktobe": (50.283, 57.167),
    "Pavlodar": (52.287, 76.967),
    "Bishkek": (42.874, 74.590),
    "Osh": (40.513, 72.816),
    "Karakol": (42.491, 78.393),
    "Naryn": (41.428, 75.991),
    "Talas": (42.523, 72.243),
    "Jalal-Abad": (40.933, 73.000),
    "Dushanbe": (38.560, 68.774),
    "Khujand": (40.283, 69.622),
    "Khorog": (37.490, 71.553),
    "Bokhtar": (37.836, 68.781),
    "Kulob": (37.914, 69.784),
    "Istaravshan": (39.911, 69.006),
    "Tashkent": (41.299, 69.240),
    "Samarkand": (39.654, 66.976),
    "Bukhara": (39.767, 64.423),
    "Nukus": (42.460, 59.603),
    "Fergana": (40.384, 71.784),
    "Andijan": (40.783, 72.344),
    "Ashgabat": (37.960, 58.326),
    "Mary": (37.593, 61.830),
    "Turkmenabat": (39.073, 63.578),
    "Dashoguz": (41.836, 59.967),
    "Balkanabat": (39.512, 54.365),
    "Ulaanbaatar": (47.886, 106.906),
    "Erdenet": (49.028, 104.083),
    "Darkhan": (49.466, 105.975),
    "Khovd": (48.006, 91.642),
    "Choibalsan": (48.069, 114.532),
    "Kabul": (34.555, 69.207),
    "Herat": (34.352, 62.204),
    "Mazar-i-Sharif": (36.709, 67.110),
    "Bamyan": (34.821, 67.827),
    "Jalalabad": (34.430, 70.448),
    "Kandahar": (31.628, 65.737),
}
# (name, IATI organisation type, currency): made up.
FUNDERS = [
    ("Steppe Futures Fund (demo)", "60", "USD"),
    ("Silk Road Civic Trust (demo)", "60", "EUR"),
    ("Northern Partners Development Agency (demo)", "10", "EUR"),
    ("Mountain Communities Foundation (demo)", "60", "USD"),
]
# By the first priority an organisation works on: titles and OECD DAC sectors.
TOPICS = {
    1: (
        [
            "Regional policy dialogue on {city}'s development",
            "A civil-society index for {city}",
        ],
        ["15110", "15150"],
    ),
    2: (
        [
            "Community councils in {city}",
            "Local budget hearings in {city}",
            "Civic education for first-time voters",
        ],
        ["15150", "15112"],
    ),
    3: (
        [
            "Legal aid for women in {city}",
            "Safe spaces for survivors of violence",
            "Equal pay campaign",
        ],
        ["15170", "15180"],
    ),
    4: (
        [
            "Public oversight of municipal services in {city}",
            "Open contracting pilot",
            "Citizen monitors for local budgets",
        ],
        ["15150", "15110"],
    ),
    5: (
        [
            "Fact-checking desk for regional media",
            "Training for local journalists in {city}",
        ],
        ["15153", "15150"],
    ),
    6: (
        [
            "Volunteers between generations in {city}",
            "Elders and youth dialogue circles",
        ],
        ["16010", "15150"],
    ),
    7: (
        [
            "Youth leadership school in {city}",
            "First jobs for young people",
            "Youth councils in schools",
        ],
        ["11330", "16020"],
    ),
    8: (
        [
            "Social enterprise incubator in {city}",
            "Impact investment readiness for social enterprises",
        ],
        ["25010", "16020"],
    ),
    9: (
        [
            "Clean water for villages around {city}",
            "Green schools in {city}",
            "Community climate adaptation plans",
        ],
        ["14030", "41010", "41081"],
    ),
}
DESCRIPTION = (
    "A made-up project for trying the Vision 2025 platform: {organization} works on "
    "“{title}” with local communities, with the support of {funder}. Not a real project."
)
UPDATES = [
    "The first round of community meetings took place; 120 people took part.",
    "Trainers finished the curriculum and the first group started.",
    "The local administration agreed to publish the figures every quarter.",
    "A mid-term review with participants showed what to change in the second year.",
]


def _links(organization, rng):
    priorities = list(organization.priorities.all())
    objectives = list(Objective.objects.filter(priority__in=priorities).order_by("pk"))
    goals = list(organization.sdg_goals.all())
    targets = list(SdgTarget.objects.filter(goal__in=goals).order_by("pk"))
    indicators = list(
        RoadmapIndicator.objects.filter(roadmap__country=organization.country_id).order_by("pk")
    )
    return (
        rng.sample(objectives, min(2, len(objectives))),
        rng.sample(targets, min(2, len(targets))),
        rng.sample(indicators, min(1, len(indicators))),
    )


@transaction.atomic
def seed_demo_projects(*, today: datetime.date | None = None) -> dict:
    today = today or datetime.date.today()  # noqa: DTZ011 - a calendar date
    rng = random.Random(SEED)  # noqa: S311 - made-up data, not secrets
    organizations = list(
        Organization.objects.filter(is_demo=True, status=Organization.Status.MEMBER)
        .select_related("country")
        .prefetch_related("priorities", "sdg_goals")
        .order_by("slug")
    )
    made = updates = 0
    for organization in organizations:
        if Project.objects.filter(organization=organization, is_demo=True).exists():
            continue
        priority = min((p.number for p in organization.priorities.all()), default=2)
        titles, sectors = TOPICS.get(priority, TOPICS[2])
        for n in range(2 + (len(organization.slug) + priority) % 2):
            title = titles[n % len(titles)].format(city=organization.city)
            funder_name, funder_type, currency = FUNDERS[rng.randrange(len(FUNDERS))]
            start = datetime.date(today.year - 2 + n % 3, 1 + rng.randrange(12), 1)
            end = datetime.date(start.year + 2 + rng.randrange(2), start.month, 1)
            status = ActivityStatus.IMPLEMENTATION if end > today else ActivityStatus.FINALISATION
            if start > today:
                status = ActivityStatus.PIPELINE
            # The Kyrgyz editor's organisation keeps one draft, to publish in the demo.
            draft = organization.slug == "demo-kg-1" and n == 0
            project = Project.objects.create(
                organization=organization,
                title=title,
                description=DESCRIPTION.format(
                    organization=organization.name, title=title, funder=funder_name
                ),
                status=status,
                planned_start=start,
                planned_end=end,
                actual_start=start if start <= today else None,
                is_published=not draft,
                published_at=None,
                is_demo=True,
            )
            project.countries.set([organization.country])
            objectives, targets, indicators = _links(organization, rng)
            project.objectives.set(objectives)
            project.sdg_targets.set(targets)
            project.indicators.set(indicators)
            Participant.objects.create(
                project=project, role=Role.IMPLEMENTING, organization=organization
            )
            funder = Participant.objects.create(
                project=project, role=Role.FUNDING, name=funder_name, organisation_type=funder_type
            )
            latitude, longitude = PLACES.get(organization.city, (None, None))
            if latitude is not None:
                Location.objects.create(
                    project=project,
                    name=organization.city,
                    country=organization.country,
                    latitude=Decimal(str(latitude)),
                    longitude=Decimal(str(longitude)),
                )
            Sector.objects.bulk_create(Sector(project=project, code=code) for code in sectors[:2])
            Budget.objects.bulk_create(
                Budget(
                    project=project,
                    year=year,
                    amount=Decimal(rng.randrange(20, 150)) * 1000,
                    currency=currency,
                    funder=funder,
                )
                for year in range(start.year, end.year + 1)
            )
            for k in range(1 + n % 2):
                day = min(today, start + datetime.timedelta(days=90 * (k + 1)))
                if day <= start:
                    continue
                # One Kyrgyz update waits for the coordinator's moderation.
                waiting = organization.slug == "demo-kg-1" and n == 1 and k == 0
                Update.objects.create(
                    project=project,
                    date=day,
                    text=UPDATES[(n + k) % len(UPDATES)],
                    status=Update.Status.PENDING if waiting else Update.Status.APPROVED,
                    is_demo=True,
                )
                updates += 1
            made += 1
    return {"projects": made, "updates": updates}
