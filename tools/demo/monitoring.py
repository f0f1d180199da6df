"""Demo roadmaps, reporting periods and reports. Never loaded by migrations.

For every country: a national roadmap and a local one, owned by demo organisations, with
indicators that together serve all nine priorities and many SDG targets (so that no
priority of the Vision shows "No data" everywhere), and eight past quarters of approved
values whose trends differ (improving, stalled, regressing). Kyrgyz demo organisations
also have reports waiting for `coordinator-kg` and a draft. Deterministic: the same seed
gives the same values; running it again changes nothing.
"""

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from monitoring.reporting.models import IndicatorValue, ProgressReport, ReportEvent
from monitoring.roadmaps.models import ReportingPeriod, Roadmap, RoadmapIndicator
from monitoring.sdg.models import SdgIndicator, SdgTarget
from organizations.models import Organization, User
from priorities.models import Objective
from vision.models import Country

SEED = 2025
PAST_QUARTERS = 8

# The demo's content in the national languages (titles.json: indicators by code, the
# roadmaps' titles with {country} or {area}, their description), so that every language
# can be tried; like the rest of the demo, made up.
NATIONAL_TITLES = json.loads((Path(__file__).with_name("titles.json")).read_text(encoding="utf-8"))

# The demo's content in Russian, so that both languages can be tried.
RUSSIAN_TITLES = {
    "YTH": "Молодые люди, обученные гражданским и цифровым навыкам",
    "BUD": "Доля местных бюджетов, опубликованных в интернете",
    "WOM": "Доля женщин среди депутатов местных советов",
    "WAT": "Домохозяйства без безопасной питьевой воды в сообществах-партнёрах",
    "HEAR": "Публичные слушания по местному бюджету",
    "PART": "Оценка гражданского участия жителями",
    "PLAN": "Муниципалитет публикует свой план по ЦУР",
    "XBR": "Совместные проекты с гражданским обществом других стран Центральной Азии",
    "MSP": "Доля организаций-партнёров в совместных программах с бизнесом или государством",
    "SEN": "Социальные предприятия, получившие поддержку организаций-партнёров",
}

# code, title, unit, aggregation, cumulative, direction, baseline, target, SDG indicator,
# SDG targets, objectives (priority.position), dimensions, plausible range
NATIONAL = [
    (
        "YTH",
        "Young people trained in civic and digital skills",
        "number",
        "sum",
        True,
        "increase",
        0,
        2400,
        "4.7.1",
        ["4.7", "4.4"],
        ["7.1", "6.2"],
        ["sex", "location"],
        (0, 400),
    ),
    (
        "BUD",
        "Share of local budgets published online",
        "percent",
        "mean",
        False,
        "increase",
        20,
        80,
        "16.6.2",
        ["16.6", "16.10"],
        ["4.4", "2.4"],
        [],
        (0, 100),
    ),
    (
        "WOM",
        "Women among members of local councils",
        "percent",
        "mean",
        False,
        "increase",
        18,
        35,
        "5.5.1",
        ["5.5"],
        ["3.1", "3.2"],
        [],
        (5, 60),
    ),
    (
        "WAT",
        "Households without safe drinking water in partner communities",
        "number",
        "sum",
        False,
        "decrease",
        5200,
        1500,
        "6.1.1",
        ["6.1"],
        ["9.3", "2.3"],
        ["location"],
        (0, 6000),
    ),
    (
        "XBR",
        "Joint projects with civil society of other Central Asian countries",
        "number",
        "sum",
        True,
        "increase",
        0,
        150,
        None,
        ["17.16", "17.17"],
        ["1.1", "1.3"],
        [],
        (0, 30),
    ),
    (
        "MSP",
        "Share of partner CSOs in joint programmes with business or government",
        "percent",
        "mean",
        False,
        "increase",
        15,
        50,
        None,
        ["17.17"],
        ["5.1", "5.2", "4.2"],
        [],
        (0, 100),
    ),
    (
        "SEN",
        "Social enterprises supported by partner organisations",
        "number",
        "sum",
        True,
        "increase",
        0,
        90,
        None,
        ["8.3"],
        ["8.1", "8.2"],
        [],
        (0, 25),
    ),
]
LOCAL = [
    (
        "HEAR",
        "Public hearings on the local budget",
        "number",
        "sum",
        True,
        "increase",
        0,
        40,
        None,
        ["16.7"],
        ["4.4", "4.3"],
        [],
        (0, 10),
    ),
    (
        "PART",
        "Civic participation score given by residents",
        "scale",
        "mean",
        False,
        "increase",
        2,
        4,
        None,
        ["16.7", "11.3"],
        ["3.2"],
        [],
        (1, 5),
    ),
    (
        "PLAN",
        "The municipality publishes its SDG plan",
        "yes_no",
        "latest",
        False,
        "increase",
        0,
        1,
        "17.14.1",
        ["17.14"],
        ["2.2"],
        [],
        (0, 1),
    ),
]
TRENDS = ["improving", "stalled", "regressing"]


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_period(year: int, quarter: int) -> dict:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    ) - datetime.timedelta(days=1)
    return {"code": f"{year}-Q{quarter}", "start": start, "end": end}


def demo_periods(today: datetime.date) -> list[ReportingPeriod]:
    """Eight past quarters (the latest still open for late reports) and the current one."""
    year, quarter = quarter_of(today)
    quarters = []
    for _ in range(PAST_QUARTERS + 1):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    periods = []
    for index, (y, q) in enumerate(reversed(quarters)):
        spec = quarter_period(y, q)
        period, _created = ReportingPeriod.objects.get_or_create(
            code=spec["code"],
            defaults={
                "kind": ReportingPeriod.Kind.QUARTER,
                "start": spec["start"],
                "end": spec["end"],
                "deadline": spec["end"] + datetime.timedelta(days=20),
                "is_open": index >= PAST_QUARTERS - 1,
            },
        )
        periods.append(period)
    return periods


def _objectives(codes):
    wanted = [tuple(map(int, code.split("."))) for code in codes]
    return [
        o
        for o in Objective.objects.select_related("priority")
        if (o.priority.number, o.position) in wanted
    ]


def _in_every_language(field: str, texts: dict[str, str], **names) -> dict[str, str]:
    return {f"{field}_{code}": text.format(**names) for code, text in texts.items()}


def _roadmap(*, country, level, title, title_ru, area, owners, specs, start, end) -> Roadmap:
    template = NATIONAL_TITLES["local_title" if area else "national_title"]
    titles = {
        f"title_{code}": text.format(
            area=area, country=getattr(country, f"name_{code}", None) or country.name_en
        )
        for code, text in template.items()
    }
    roadmap, created = Roadmap.objects.get_or_create(
        title=title,
        defaults={
            **titles,
            **_in_every_language("description", NATIONAL_TITLES["description"]),
            "title_en": title,
            "title_ru": title_ru,
            "country": country,
            "level": level,
            "area_name": area,
            "description": "A made-up roadmap for trying the platform.",
            "description_en": "A made-up roadmap for trying the platform.",
            "description_ru": "Вымышленная дорожная карта, чтобы опробовать платформу.",
            "start": start,
            "end": end,
            "is_demo": True,
        },
    )
    if not created:
        return roadmap
    roadmap.owners.set(owners)
    all_targets, all_objectives = set(), set()
    for position, spec in enumerate(specs, start=1):
        (code, name, unit, aggregation, cumulative, direction, baseline, target, sdg, targets,
         objectives, dimensions, plausible) = spec  # fmt: skip
        indicator = RoadmapIndicator.objects.create(
            roadmap=roadmap,
            position=position,
            code=f"{country.code}-{code}",
            title=name,
            title_en=name,
            title_ru=RUSSIAN_TITLES[code],
            **_in_every_language("title", NATIONAL_TITLES["indicators"][code]),
            sdg_indicator=SdgIndicator.objects.filter(code=sdg).first() if sdg else None,
            unit=unit,
            aggregation=aggregation,
            cumulative=cumulative,
            direction=direction,
            baseline_value=baseline,
            baseline_date=start,
            target_value=target,
            target_date=end,
            plausible_min=plausible[0],
            plausible_max=plausible[1],
            disaggregations=dimensions,
        )
        target_objects = list(SdgTarget.objects.filter(code__in=targets))
        objective_objects = _objectives(objectives)
        indicator.sdg_targets.set(target_objects)
        indicator.objectives.set(objective_objects)
        all_targets.update(target_objects)
        all_objectives.update(objective_objects)
        # Demo only: show which SDG targets the Vision's objectives serve.
        for objective in objective_objects:
            objective.sdg_targets.add(*target_objects)
    roadmap.sdg_targets.set(all_targets)
    roadmap.objectives.set(all_objectives)
    return roadmap


def _value(
    indicator: RoadmapIndicator, trend: str, step: int, rng: random.Random, share=1.0
) -> Decimal:
    """A plausible value for the step-th quarter (0 = first) of a trend; `share` is the
    organisation's part of a total that several organisations add up."""
    baseline, target = float(indicator.baseline_value), float(indicator.target_value)
    quarters = 12
    pace = {"improving": 1.1, "stalled": 0.15, "regressing": -0.5}[trend]
    if indicator.unit == "yes_no":
        return Decimal(1 if trend == "improving" and step >= 4 else 0)
    if indicator.cumulative:
        per_quarter = (target - baseline) / quarters * max(pace, 0.05) * share
        return Decimal(max(0, round(per_quarter * rng.uniform(0.7, 1.3))))
    level = baseline + (target - baseline) * pace * (step + 1) / quarters
    level *= rng.uniform(0.95, 1.05)
    if indicator.unit == "scale":
        return Decimal(min(5, max(1, round(level))))
    if indicator.unit == "percent":
        return Decimal(str(round(min(100.0, max(0.0, level)), 1)))
    return Decimal(max(0, round(level * share)))


def _parts(indicator: RoadmapIndicator, value: Decimal, rng: random.Random) -> dict:
    parts = {}
    for dimension, _label, categories in indicator.dimensions:
        share = rng.uniform(0.4, 0.6)
        first = int(value * Decimal(str(round(share, 2))))
        codes = [code for code, _ in categories]
        parts[dimension] = {codes[0]: str(first), codes[1]: str(int(value) - first)}
    return parts


def _report(organization, roadmap, period, status, editor, reviewer, rng, trends, step):
    now = timezone.now()
    report, created = ProgressReport.objects.get_or_create(
        organization=organization,
        roadmap=roadmap,
        period=period,
        defaults={
            "status": status,
            "narrative": "Demo narrative: activities went as planned in most communities.",
            "updated_by": editor,
            "submitted_at": now if status != "draft" else None,
            "reviewed_at": now if status == "approved" else None,
            "reviewed_by": reviewer if status == "approved" else None,
        },
    )
    if not created:
        return
    values = []
    for indicator in roadmap.indicators.all():
        if status == "draft" and indicator.position > 1:
            continue  # A draft is half-filled.
        share = 1 / roadmap.owners.count() if indicator.aggregation == "sum" else 1.0
        value = _value(indicator, trends[indicator.pk], step, rng, share)
        values.append(
            IndicatorValue(
                report=report,
                indicator=indicator,
                value=value,
                disaggregation=_parts(indicator, value, rng) if indicator.is_additive else {},
                country_id=organization.country_id,
                period=period,
                is_approved=status == "approved",
            )
        )
    IndicatorValue.objects.bulk_create(values)
    events = [ReportEvent(report=report, action=ReportEvent.Action.CREATED, actor=editor)]
    if status != "draft":
        events.append(ReportEvent(report=report, action=ReportEvent.Action.SUBMITTED, actor=editor))
    if status == "approved":
        events.append(
            ReportEvent(report=report, action=ReportEvent.Action.APPROVED, actor=reviewer)
        )
    ReportEvent.objects.bulk_create(events)


@transaction.atomic
def seed_demo_monitoring(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 - made-up demo values, not secrets.
    periods = demo_periods(today)
    start, end = periods[0].start, datetime.date(periods[-1].end.year + 2, 12, 31)
    admin = User.objects.filter(username="admin").first()
    coordinator = User.objects.filter(username="coordinator-kg").first()
    editor_kg = User.objects.filter(username="editor-kg").first()
    roadmaps = []
    for country in Country.objects.filter(is_vision_country=True).order_by("code"):
        organizations = list(
            Organization.objects.filter(country=country, is_demo=True).order_by("slug")
        )
        if len(organizations) < 3:
            continue
        area = organizations[1].city
        national = _roadmap(
            country=country,
            level=Roadmap.Level.NATIONAL,
            title=f"National SDG roadmap of {country.name_en} (demo)",
            title_ru=f"Национальная дорожная карта ЦУР: {country.name_ru} (демо)",
            area="",
            owners=organizations[:3],
            specs=NATIONAL,
            start=start,
            end=end,
        )
        local = _roadmap(
            country=country,
            level=Roadmap.Level.LOCAL,
            title=f"{area} local SDG roadmap (demo)",
            title_ru=f"Местная дорожная карта ЦУР: {area} (демо)",
            area=area,
            owners=[organizations[0], organizations[1]],
            specs=LOCAL,
            start=start,
            end=end,
        )
        for roadmap in (national, local):
            roadmaps.append(roadmap)
            # Each country's indicators follow different trends, fixed by position and country.
            trends = {
                indicator.pk: TRENDS[
                    (indicator.position + ord(country.code[0]) + len(roadmap.level)) % 3
                ]
                for indicator in roadmap.indicators.all()
            }
            for organization in roadmap.owners.all():
                reviewer = coordinator if country.code == "KG" else admin
                editor = editor_kg if organization.slug == "demo-kg-1" else None
                for step, period in enumerate(periods[:PAST_QUARTERS]):
                    last = step == PAST_QUARTERS - 1
                    status = "submitted" if (country.code == "KG" and last) else "approved"
                    _report(
                        organization, roadmap, period, status, editor, reviewer, rng, trends, step
                    )
                if organization.slug == "demo-kg-1":
                    _report(
                        organization, roadmap, periods[-1], "draft", editor, None, rng, trends, 8
                    )
    return {"periods": periods, "roadmaps": roadmaps}
