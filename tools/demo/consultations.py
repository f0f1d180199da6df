"""Demo consultations of the dialogue platform. Never loaded by migrations.

One consultation open in Kyrgyzstan (a made-up draft law on social entrepreneurship) with
three published contributions and one waiting for moderation, and one closed regional
consultation on the social enterprise rating with its published summary; the demo
stakeholder `stakeholder-kg` speaks for a made-up ministry. All marked demo; the texts are
written for the demo. Dates are counted from the day of the first run (the open one stays
open for a month); running it again changes nothing.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from monitoring.consultations.models import (
    Consultation,
    ConsultationDocument,
    Contribution,
    Stakeholder,
)
from organizations.models import Organization, User
from vision.models import Country

STAKEHOLDER_ORGANIZATION = "Ministry of Economy and Commerce of the Kyrgyz Republic (demo)"

OPEN = {
    "title_en": "Draft law on social entrepreneurship in Kyrgyzstan (demo)",
    "title_ru": "Проект закона о социальном предпринимательстве в Кыргызстане (демо)",
    "question_en": (
        "Does the draft law define a social enterprise in a way that fits the enterprises "
        "you know, and which support should the state give them?"
    ),
    "question_ru": (
        "Подходит ли определение социального предприятия в проекте закона к тем "
        "предприятиям, которые вы знаете, и какую поддержку им должно оказывать государство?"
    ),
    "description_en": (
        "A made-up draft law for the demo: it defines a social enterprise by its social "
        "mission and the share of profit it reinvests, creates a public register, and "
        "allows a reduced profit tax for registered enterprises. The network will send a "
        "summary of the contributions to the ministry."
    ),
    "description_ru": (
        "Вымышленный проект закона для демонстрации: он определяет социальное предприятие "
        "по его социальной миссии и доле реинвестируемой прибыли, создаёт публичный реестр "
        "и позволяет зарегистрированным предприятиям платить сниженный налог на прибыль. "
        "Сеть направит итоги консультации в министерство."
    ),
}

CLOSED = {
    "title_en": "The social enterprise rating: its next version (demo)",
    "title_ru": "Рейтинг социальных предприятий: следующая версия (демо)",
    "question_en": "Which criteria should the next version of the rating add, drop or weigh "
    "differently?",
    "question_ru": "Какие критерии следующей версии рейтинга стоит добавить, убрать или "
    "взвесить иначе?",
    "description_en": "A made-up consultation of the whole region for the demo.",
    "description_ru": "Вымышленная консультация для всего региона, для демонстрации.",
    "summary_en": (
        "Demo summary. Contributors from four countries asked for a shorter questionnaire, "
        "for the share of employees from vulnerable groups to count more, and for the "
        "rating to be published in Russian and the national languages. The next version "
        "will take up the first two."
    ),
    "summary_ru": (
        "Демонстрационные итоги. Участники из четырёх стран попросили сократить анкету, "
        "придать больший вес доле сотрудников из уязвимых групп и публиковать рейтинг на "
        "русском и национальных языках. Следующая версия учтёт первые два предложения."
    ),
}

# Author's username, the organisation's slug ("stakeholder": the stakeholder's), status,
# text, days after the consultation opened.
OPEN_CONTRIBUTIONS = [
    (
        "editor-kg",
        "demo-kg-1",
        Contribution.Status.PUBLISHED,
        "Demo contribution: the definition should not require a particular legal form. Many "
        "social enterprises in the regions are registered as public foundations.",
        2,
    ),
    (
        "stakeholder-kg",
        "stakeholder",
        Contribution.Status.PUBLISHED,
        "Demo contribution: the ministry proposes that the register be kept by the tax "
        "service, so that the reduced rate can be applied without a separate certificate.",
        4,
    ),
    (
        "viewer-kg",
        "",
        Contribution.Status.PUBLISHED,
        "Demo contribution: the reinvested share of 50 per cent is too high for a young "
        "enterprise in its first three years.",
        6,
    ),
    (
        "editor-kz",
        "demo-kz-1",
        Contribution.Status.PENDING,
        "Demo contribution: Kazakhstan's experience with a register may help; we can share "
        "the criteria used there.",
        9,
    ),
]
CLOSED_CONTRIBUTIONS = [
    (
        "editor-kg",
        "demo-kg-1",
        Contribution.Status.PUBLISHED,
        "Demo contribution: the questionnaire takes a small enterprise two days; half of "
        "its questions could be answered from the annual report.",
        5,
    ),
    (
        "editor-kz",
        "demo-kz-1",
        Contribution.Status.PUBLISHED,
        "Demo contribution: employing people with disabilities should weigh more than the "
        "enterprise's turnover.",
        12,
    ),
]


@transaction.atomic
def seed_demo_consultations(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    admin = users.get("admin")
    stakeholder = _stakeholder(users["stakeholder-kg"], admin)
    open_consultation = _consultation(
        OPEN,
        topic=Consultation.Topic.DRAFT_LAW,
        country=Country.objects.get(code="KG"),
        opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=30),
        admin=admin,
    )
    _documents(open_consultation)
    closed = _consultation(
        CLOSED,
        topic=Consultation.Topic.RATING,
        country=None,
        opens_on=today - datetime.timedelta(days=120),
        closes_on=today - datetime.timedelta(days=60),
        admin=admin,
        summary_published=True,
    )
    count = 0
    for consultation, specs in (
        (open_consultation, OPEN_CONTRIBUTIONS),
        (closed, CLOSED_CONTRIBUTIONS),
    ):
        for spec in specs:
            count += _contribution(consultation, spec, users, stakeholder, admin)
    return {"consultations": 2, "contributions": count}


def _usernames() -> list[str]:
    return ["admin", "editor-kg", "viewer-kg", "editor-kz", "stakeholder-kg"]


def _stakeholder(user, admin) -> Stakeholder:
    stakeholder, _created = Stakeholder.objects.get_or_create(
        user=user,
        defaults={
            "organization_name": STAKEHOLDER_ORGANIZATION,
            "kind": Stakeholder.Kind.MINISTRY,
            "country": Country.objects.get(code="KG"),
            "invited_by": admin,
            "is_demo": True,
        },
    )
    return stakeholder


def _consultation(
    texts, *, topic, country, opens_on, closes_on, admin, summary_published=False
) -> Consultation:
    found = Consultation.objects.filter(is_demo=True, title_en=texts["title_en"]).first()
    if found is not None:
        return found
    published_at = None
    if summary_published:
        published_at = datetime.datetime.combine(
            closes_on + datetime.timedelta(days=10), datetime.time(9), tzinfo=datetime.UTC
        )
    return Consultation.objects.create(
        title=texts["title_en"],
        question=texts["question_en"],
        description=texts["description_en"],
        summary=texts.get("summary_en", ""),
        **texts,
        topic=topic,
        country=country,
        opens_on=opens_on,
        closes_on=closes_on,
        summary_published_at=published_at,
        summary_published_by=admin if summary_published else None,
        created_by=admin,
        is_demo=True,
    )


def _documents(consultation) -> None:
    if consultation.documents.exists():
        return
    ConsultationDocument.objects.create(
        consultation=consultation,
        position=1,
        title="Explanatory note to the draft law (demo)",
        title_en="Explanatory note to the draft law (demo)",
        title_ru="Пояснительная записка к проекту закона (демо)",
        file=ContentFile(
            b"Explanatory note (demo). A made-up draft law on social entrepreneurship, "
            b"written to show how the platform's consultations work.\n",
            name="explanatory-note-demo.txt",
        ),
    )
    ConsultationDocument.objects.create(
        consultation=consultation,
        position=2,
        title="The draft law on the ministry's site (demo link)",
        title_en="The draft law on the ministry's site (demo link)",
        title_ru="Проект закона на сайте министерства (демо-ссылка)",
        url="https://example.org/demo/draft-law-social-entrepreneurship",
    )


def _contribution(consultation, spec, users, stakeholder, admin) -> int:
    username, behalf, status, text, day = spec
    author = users[username]
    if Contribution.objects.filter(consultation=consultation, author=author, is_demo=True).exists():
        return 0
    sent = datetime.datetime.combine(
        consultation.opens_on + datetime.timedelta(days=day),
        datetime.time(10),
        tzinfo=datetime.UTC,
    )
    published = status == Contribution.Status.PUBLISHED
    Contribution.objects.create(
        consultation=consultation,
        author=author,
        text=text,
        organization=(
            Organization.objects.get(slug=behalf) if behalf not in ("", "stakeholder") else None
        ),
        stakeholder=stakeholder if behalf == "stakeholder" else None,
        created_at=sent,
        status=status,
        moderated_by=admin if published else None,
        moderated_at=sent + datetime.timedelta(days=1) if published else None,
        # Nobody is emailed about a summary published before the demo existed.
        summary_emailed_at=consultation.summary_published_at,
        is_demo=True,
    )
    return 1
