"""Demo social enterprises, a demo version of the rating methodology and two rounds of
approved assessments under it. Never loaded by migrations.

Everything is made up and labelled so: enterprise names end in "(demo)", `is_demo` is set,
and the methodology says it is an example to be replaced by the network's own.
Deterministic: the same seed gives the same data; running it again changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from monitoring.commitments.models import AffectedGroup
from monitoring.enterprises import method, methodologies, scoring
from monitoring.enterprises.method import track_of
from monitoring.enterprises.models import (
    Answer,
    AnswerOption,
    EnterpriseAssessment,
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
from monitoring.sdg.models import SdgTarget
from organizations.content import RATING_VERIFIERS_GROUP
from organizations.models import User
from priorities.models import Objective
from vision.models import Country

SEED = 2023
PER_COUNTRY = 5
ROUNDS = [2024, 2025]
OPEN_ROUND = 2026

# code, name, description, questions: (code, text, kind, scoring)
# scoring: yes points; [(answer, points), …]; or [(from, below, points), …] with a unit.
AREAS = [
    (
        "governance",
        "Governance",
        "Mission, accountability and transparency.",
        [
            ("G1", "Is the social mission written into the founding documents?", "yes_no", 3),
            (
                "G2",
                "How often does the enterprise publish its accounts?",
                "choice",
                [("Never", 0), ("On request", 1), ("Every year", 3)],
            ),
            ("G3", "Do beneficiaries or workers sit on the board?", "yes_no", 2),
            (
                "G4",
                "Share of profit reinvested in the mission (%)",
                "number",
                [(None, 25, 0), (25, 50, 1), (50, 75, 2), (75, None, 4)],
                "%",
            ),
        ],
    ),
    (
        "workers",
        "Workers",
        "Pay, conditions and the people the enterprise employs.",
        [
            ("W1", "Are all workers paid at least the national minimum wage?", "yes_no", 3),
            (
                "W2",
                "Share of workers from vulnerable groups (%)",
                "number",
                [(None, 10, 0), (10, 30, 2), (30, None, 4)],
                "%",
            ),
            (
                "W3",
                "Which training do workers receive?",
                "choice",
                [("None", 0), ("On the job", 1), ("Planned, with a budget", 3)],
            ),
            ("W4", "Does the enterprise pay into a pension or health scheme?", "yes_no", 2),
        ],
    ),
    (
        "community",
        "Community",
        "What the enterprise does for the people and places it serves.",
        [
            (
                "C1",
                "People reached by the enterprise's services in the last year",
                "number",
                [(None, 50, 0), (50, 500, 2), (500, None, 4)],
                "",
            ),
            ("C2", "Does it buy from local suppliers first?", "yes_no", 2),
            (
                "C3",
                "How does it hear from the community?",
                "choice",
                [("It does not", 0), ("Informally", 1), ("A regular consultation", 3)],
            ),
            ("C4", "Does it volunteer time or give to local causes?", "yes_no", 1),
        ],
    ),
    (
        "environment",
        "Environment",
        "Energy, waste and the resources it uses.",
        [
            ("E1", "Does it measure its energy use?", "yes_no", 2),
            (
                "E2",
                "What happens to its waste?",
                "choice",
                [("Thrown away", 0), ("Partly recycled", 1), ("Mostly reused or recycled", 3)],
            ),
            ("E3", "Does it have a written environmental policy?", "yes_no", 1),
            (
                "E4",
                "Share of its energy from renewable sources (%)",
                "number",
                [(None, 10, 0), (10, 50, 1), (50, None, 3)],
                "%",
            ),
        ],
    ),
    (
        "customers",
        "Customers",
        "The quality and reach of what it sells.",
        [
            ("K1", "Does it ask its customers how satisfied they are?", "yes_no", 2),
            (
                "K2",
                "Are its products or services priced for people on low incomes?",
                "choice",
                [("No", 0), ("Some of them", 1), ("All of them", 3)],
            ),
            ("K3", "Does it have a way for customers to complain?", "yes_no", 1),
            ("K4", "Are its products certified (quality, organic, fair trade)?", "yes_no", 2),
        ],
    ),
]
TRACKS = [
    # code, name, sizes, rules: question → (asked, weight)
    (
        "small",
        "Micro and small enterprises",
        ["micro", "small"],
        {"W4": (False, 1), "E1": (False, 1), "C4": (True, Decimal(2))},
    ),
    ("larger", "Medium and large enterprises", [], {}),
]
LEVELS = [
    ("leading", "Leading", 70),
    ("established", "Established", 50),
    ("emerging", "Emerging", 30),
    ("starting", "Starting", 0),
]
ENTERPRISES = [
    # name, sector, legal form, SDG targets, Vision objectives, beneficiaries
    ("Felt Makers", "crafts", "cooperative", ["8.3", "5.5"], ["8.1"], ["women-girls"]),
    ("Green Bazaar", "agriculture", "company", ["2.3", "12.3"], ["8.2"], ["youth"]),
    (
        "Inclusive Bakery",
        "social_services",
        "ngo",
        ["8.5", "10.2"],
        ["8.1"],
        ["persons-with-disabilities"],
    ),
    ("Second Life Recycling", "environment", "company", ["12.5", "11.6"], ["9.1"], ["youth"]),
    ("Mountain Homestays", "tourism", "sole", ["8.9", "8.3"], ["8.2"], ["women-girls"]),
    ("Code for Villages", "technology", "ngo", ["4.4", "9.c"], ["7.1"], ["youth", "children"]),
    ("Care at Home", "health", "foundation", ["3.8", "1.3"], ["8.3"], ["older-persons"]),
]
SIZES = ["micro", "small", "small", "medium", "micro", "large", "small"]

# The demo's content in Russian (the platform's translation).
RUSSIAN = {
    "Governance": "Управление",
    "Mission, accountability and transparency.": "Миссия, подотчётность и прозрачность.",
    "Is the social mission written into the founding documents?": (
        "Закреплена ли социальная миссия в учредительных документах?"
    ),
    "How often does the enterprise publish its accounts?": (
        "Как часто предприятие публикует свою отчётность?"
    ),
    "Never": "Никогда",
    "On request": "По запросу",
    "Every year": "Каждый год",
    "Do beneficiaries or workers sit on the board?": (
        "Входят ли благополучатели или работники в правление?"
    ),
    "Share of profit reinvested in the mission (%)": "Доля прибыли, вложенная в миссию (%)",
    "Workers": "Работники",
    "Pay, conditions and the people the enterprise employs.": (
        "Оплата, условия труда и люди, которых нанимает предприятие."
    ),
    "Are all workers paid at least the national minimum wage?": (
        "Получают ли все работники не меньше национальной минимальной заработной платы?"
    ),
    "Share of workers from vulnerable groups (%)": "Доля работников из уязвимых групп (%)",
    "Which training do workers receive?": "Какое обучение получают работники?",
    "None": "Никакого",
    "On the job": "На рабочем месте",
    "Planned, with a budget": "Плановое, с бюджетом",
    "Does the enterprise pay into a pension or health scheme?": (
        "Делает ли предприятие взносы в пенсионную или медицинскую программу?"
    ),
    "Community": "Сообщество",
    "What the enterprise does for the people and places it serves.": (
        "Что предприятие делает для людей и мест, которым служит."
    ),
    "People reached by the enterprise's services in the last year": (
        "Сколько людей получили услуги предприятия за последний год"
    ),
    "Does it buy from local suppliers first?": (
        "Покупает ли оно прежде всего у местных поставщиков?"
    ),
    "How does it hear from the community?": "Как оно узнаёт мнение сообщества?",
    "It does not": "Никак",
    "Informally": "Неформально",
    "A regular consultation": "Регулярные консультации",
    "Does it volunteer time or give to local causes?": (
        "Участвует ли оно в волонтёрстве или помогает местным инициативам?"
    ),
    "Environment": "Окружающая среда",
    "Energy, waste and the resources it uses.": "Энергия, отходы и используемые ресурсы.",
    "Does it measure its energy use?": "Измеряет ли оно своё потребление энергии?",
    "What happens to its waste?": "Что происходит с его отходами?",
    "Thrown away": "Выбрасываются",
    "Partly recycled": "Частично перерабатываются",
    "Mostly reused or recycled": "В основном используются повторно или перерабатываются",
    "Does it have a written environmental policy?": (
        "Есть ли у него письменная экологическая политика?"
    ),
    "Share of its energy from renewable sources (%)": (
        "Доля энергии из возобновляемых источников (%)"
    ),
    "Customers": "Клиенты",
    "The quality and reach of what it sells.": "Качество и доступность того, что оно продаёт.",
    "Does it ask its customers how satisfied they are?": (
        "Спрашивает ли оно клиентов, насколько они довольны?"
    ),
    "Are its products or services priced for people on low incomes?": (
        "Доступны ли его товары или услуги по цене людям с низкими доходами?"
    ),
    "No": "Нет",
    "Some of them": "Некоторые",
    "All of them": "Все",
    "Does it have a way for customers to complain?": "Могут ли клиенты подать жалобу?",
    "Are its products certified (quality, organic, fair trade)?": (
        "Сертифицирована ли его продукция (качество, органика, справедливая торговля)?"
    ),
    "Micro and small enterprises": "Микро- и малые предприятия",
    "Medium and large enterprises": "Средние и крупные предприятия",
    "Leading": "Лидер",
    "Established": "Состоявшееся",
    "Emerging": "Развивающееся",
    "Starting": "Начинающее",
    "Felt Makers": "Войлочные мастера",
    "Green Bazaar": "Зелёный базар",
    "Inclusive Bakery": "Инклюзивная пекарня",
    "Second Life Recycling": "Вторая жизнь: переработка",
    "Mountain Homestays": "Горные гостевые дома",
    "Code for Villages": "Код для сёл",
    "Care at Home": "Уход на дому",
}
INTRODUCTION_RU = (
    "Демонстрационная методология для знакомства с платформой, по образцу B Impact "
    "Assessment организации B Lab: вопросы в пяти областях воздействия, баллы, которые "
    "только складываются, и направления по размеру предприятия. Сеть заменит её своей."
)
DESCRIPTION_RU = (
    "Вымышленное социальное предприятие для знакомства с платформой «Видение 2025». "
    "Не настоящее предприятие."
)


@transaction.atomic
def seed_demo_enterprises() -> dict:
    methodology = _methodology()
    rounds = {
        year: RatingRound.objects.update_or_create(
            year=year, defaults={"methodology": methodology, "is_open": year == OPEN_ROUND}
        )[0]
        for year in [*ROUNDS, OPEN_ROUND]
    }
    targets = {t.code: t for t in SdgTarget.objects.all()}
    objectives = {o.code: o for o in Objective.objects.select_related("priority")}
    groups = {g.code: g for g in AffectedGroup.objects.all()}
    tracks = list(methodology.tracks.order_by("position"))
    questions = scoring.questions_of(methodology)
    count = assessed = 0
    for number, country in enumerate(
        Country.objects.filter(is_vision_country=True).order_by("code"), start=1
    ):
        rng = random.Random(SEED + number)  # noqa: S311 - made-up demo data
        for position in range(PER_COUNTRY):
            spec = ENTERPRISES[(number + position) % len(ENTERPRISES)]
            name, sector, legal_form, target_codes, objective_codes, group_codes = spec
            size = SIZES[(number * 3 + position) % len(SIZES)]
            enterprise, _ = SocialEnterprise.objects.update_or_create(
                slug=f"demo-{country.code.lower()}-{position + 1}",
                defaults={
                    "name": f"{name} {country.name} (demo)",
                    "name_en": f"{name} {country.name} (demo)",
                    "name_ru": f"{RUSSIAN[name]} — {country.name_ru or country.name} (демо)",
                    "description_ru": DESCRIPTION_RU,
                    "country": country,
                    "city": "",
                    "legal_form": legal_form,
                    "sector": sector,
                    "size": size,
                    "founded": 2008 + (number + position * 3) % 14,
                    "description": (
                        "A made-up social enterprise for trying the Vision 2025 platform. "
                        "Not a real enterprise."
                    ),
                    "is_demo": True,
                },
            )
            enterprise.sdg_targets.set([targets[c] for c in target_codes if c in targets])
            enterprise.objectives.set([objectives[c] for c in objective_codes if c in objectives])
            enterprise.beneficiaries.set([groups[c] for c in group_codes if c in groups])
            count += 1
            track = track_of(tracks, size, sector)
            # Each enterprise does a little better each year, from its own start.
            strength = rng.uniform(0.25, 0.75)
            for year in ROUNDS:
                _assessment(enterprise, rounds[year], methodology, track, questions, strength, rng)
                strength = min(1.0, strength + rng.uniform(0.0, 0.15))
                assessed += 1
    # In the open round, one Kyrgyz enterprise's self-assessment waits for its verifier.
    waiting = SocialEnterprise.objects.get(slug="demo-kg-2")
    _assessment(
        waiting,
        rounds[OPEN_ROUND],
        methodology,
        track_of(tracks, waiting.size, waiting.sector),
        questions,
        0.6,
        random.Random(SEED),  # noqa: S311 - made-up demo data
        status=EnterpriseAssessment.Status.SUBMITTED,
    )
    methodologies.methodology_freeze(methodology)
    _accounts()
    return {"enterprises": count, "assessments": assessed}


def _methodology() -> Methodology:
    """The demo version of the methodology, made once; a frozen one is left as it is."""
    methodology, created = Methodology.objects.get_or_create(
        version=1,
        defaults={
            "title": "Central Asian social enterprise rating (demo version)",
            "title_en": "Central Asian social enterprise rating (demo version)",
            "title_ru": "Рейтинг социальных предприятий Центральной Азии (демоверсия)",
            "introduction_ru": INTRODUCTION_RU,
            "introduction": (
                "A demo methodology for trying the platform, after the shape of B Lab's B "
                "Impact Assessment: questions in five impact areas, points that only add up, "
                "and tracks by the enterprise's size. The network replaces it with its own."
            ),
            "published_on": datetime.date(2024, 1, 15),
        },
    )
    if not created:
        return methodology
    areas = {}
    for position, (code, name, description, questions) in enumerate(AREAS, start=1):
        area = ImpactArea.objects.create(
            methodology=methodology,
            code=code,
            position=position,
            name=name,
            name_ru=RUSSIAN[name],
            description=description,
            description_ru=RUSSIAN[description],
        )
        areas[code] = area
        for number, (q_code, text, kind, scored, *unit) in enumerate(questions, start=1):
            question = Question.objects.create(
                area=area,
                code=q_code,
                position=number,
                text=text,
                text_ru=RUSSIAN[text],
                kind=kind,
                yes_points=scored if kind == "yes_no" else 0,
                unit=unit[0] if unit else "",
            )
            if kind == "choice":
                for option_position, (label, points) in enumerate(scored, start=1):
                    AnswerOption.objects.create(
                        question=question,
                        position=option_position,
                        label=label,
                        label_ru=RUSSIAN[label],
                        points=points,
                    )
            elif kind == "number":
                for lower, upper, points in scored:
                    NumberBand.objects.create(
                        question=question, lower=lower, upper=upper, points=points
                    )
    for position, (code, name, sizes, rules) in enumerate(TRACKS, start=1):
        track = Track.objects.create(
            methodology=methodology,
            code=code,
            position=position,
            name=name,
            name_ru=RUSSIAN[name],
            sizes=sizes,
        )
        for question_code, (enabled, weight) in rules.items():
            TrackRule.objects.create(
                track=track,
                question=Question.objects.get(area__methodology=methodology, code=question_code),
                enabled=enabled,
                weight=weight,
            )
    for code, name, threshold in LEVELS:
        RatingLevel.objects.create(
            methodology=methodology,
            code=code,
            name=name,
            name_ru=RUSSIAN[name],
            min_percent=threshold,
        )
    return methodology


def _assessment(
    enterprise, rating_round, methodology, track, questions, strength, rng, status="approved"
):
    """An assessment (approved and scored, unless another status is given) whose answers
    are as good as `strength` (0 to 1) makes them."""
    assessment, created = EnterpriseAssessment.objects.get_or_create(
        enterprise=enterprise,
        round=rating_round,
        defaults={
            "methodology": methodology,
            "track": track,
            "status": status,
            "submitted_at": datetime.datetime(rating_round.year, 3, 1, tzinfo=datetime.UTC),
            "reviewed_at": datetime.datetime(rating_round.year, 4, 1, tzinfo=datetime.UTC)
            if status == "approved"
            else None,
            "is_demo": True,
        },
    )
    if not created:
        return assessment
    answers, given = [], {}
    for question in questions:
        good = rng.random() < strength
        fields = {}
        if question.kind == "yes_no":
            fields["yes"] = good
        elif question.kind == "choice":
            options = list(question.options.all())
            fields["option"] = options[-1] if good else options[rng.randrange(len(options) - 1)]
        else:
            bands = list(question.bands.all())
            band = bands[-1] if good else bands[rng.randrange(len(bands) - 1)]
            fields["number"] = band.lower if band.lower is not None else Decimal(0)
        accepted = True if status == "approved" else None
        answer = Answer(assessment=assessment, question=question, accepted=accepted, **fields)
        answers.append(answer)
        given[question.code] = scoring.given(answer)
    bulk_create_with_history(answers, Answer)
    if status == "approved":
        # Scored as the verifier's approval scores (scoring.py, after method.py), from the
        # answers in hand rather than read back.
        levels = list(methodology.levels.all())
        result = method.score(
            scoring.rules_of(questions, track),
            given,
            [(level.code, level.min_percent) for level in levels],
            [question.area.code for question in questions],
        )
        level = next((lv for lv in levels if lv.code == result.level), None)
        scoring.keep_score(assessment, result, level)
    return assessment


def _accounts() -> None:
    """enterprise-kg (made with the other demo accounts) edits the first Kyrgyz demo
    enterprise; verifier verifies the rating for every country."""
    enterprise = SocialEnterprise.objects.get(slug="demo-kg-1")
    EnterpriseMembership.objects.update_or_create(
        user=User.objects.get(username="enterprise-kg"),
        enterprise=enterprise,
        defaults={"role": EnterpriseMembership.Role.EDITOR},
    )
    User.objects.get(username="verifier").groups.add(
        Group.objects.get_or_create(name=RATING_VERIFIERS_GROUP)[0]
    )
