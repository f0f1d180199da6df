"""Demo statuses under the instruments and demo recommendations. Never loaded by migrations.

Every Vision country gets a made-up status under each treaty and ILO convention and about
twenty recommendations, all marked demo: the texts are written for the demo in the style
of UPR and treaty-body recommendations, and are not what any mechanism said to any state.
About six in ten recommendations are assessed by the country's demo member organisations
(approved); in Kyrgyzstan one assessment waits for the coordinator's review and the demo
editor has a draft. One joint report for Kyrgyzstan is published. Each country has
made-up series of the CIVICUS Monitor, the Democracy Index and the Human Freedom Index.
Deterministic: the same seed gives the same data; running it again changes nothing.
"""

import datetime
import random

from django.db import transaction

from monitoring.commitments.models import (
    AffectedGroup,
    Assessment,
    Instrument,
    JointReport,
    Ratification,
    Recommendation,
    Signature,
    Theme,
)
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization
from priorities.models import Objective
from vision.models import Country, CountryIndexScore, InternationalIndex

SEED = 2022
PER_COUNTRY = 20
RECOMMENDING_STATES = [
    "Norway", "Germany", "Chile", "Japan", "Canada", "Ghana", "Mexico", "Finland",
    "Republic of Korea", "Brazil", "Ireland", "Costa Rica", "Australia", "Portugal",
]  # fmt: skip

# text, Russian text, mechanism, themes, groups, SDG targets, Vision objectives
RECOMMENDATIONS = [
    (
        "Bring the law on non-commercial organisations into line with the Covenant, so that "
        "registration and reporting requirements do not restrict the right to freedom of "
        "association.",
        "Привести закон о некоммерческих организациях в соответствие с Пактом, чтобы "
        "требования к регистрации и отчётности не ограничивали право на свободу объединений.",
        "UPR",
        ["association", "civic-space"],
        ["human-rights-defenders"],
        ["16.10"],
        ["5.1"],
    ),
    (
        "Ensure that human-rights defenders and journalists can work without intimidation, "
        "and investigate every reported threat against them.",
        "Обеспечить, чтобы правозащитники и журналисты могли работать без запугивания, и "
        "расследовать каждое сообщение об угрозах в их адрес.",
        "CCPR",
        ["civic-space", "expression"],
        ["human-rights-defenders", "journalists"],
        ["16.10"],
        ["5.1", "4.2"],
    ),
    (
        "Decriminalise defamation and bring the provisions on false information into line "
        "with article 19 of the Covenant.",
        "Декриминализировать клевету и привести положения о ложной информации в соответствие "
        "со статьёй 19 Пакта.",
        "UPR",
        ["expression"],
        ["journalists"],
        ["16.10"],
        ["4.3"],
    ),
    (
        "Replace the permission regime for peaceful assemblies with a notification regime.",
        "Заменить разрешительный порядок проведения мирных собраний уведомительным.",
        "CCPR",
        ["assembly"],
        [],
        ["16.7"],
        ["4.3"],
    ),
    (
        "Adopt a comprehensive anti-discrimination law covering all grounds of "
        "discrimination, with effective remedies.",
        "Принять всеобъемлющий закон о борьбе с дискриминацией, охватывающий все её "
        "основания, с эффективными средствами правовой защиты.",
        "UPR",
        ["equality"],
        ["minorities", "persons-with-disabilities", "women-girls"],
        ["10.3", "16.b"],
        ["3.1"],
    ),
    (
        "Criminalise domestic violence as a separate offence and ensure enough shelters "
        "for victims in every region.",
        "Криминализировать домашнее насилие как отдельное преступление и обеспечить "
        "достаточное число приютов для пострадавших в каждом регионе.",
        "CEDAW",
        ["gender-violence"],
        ["women-girls", "children"],
        ["5.2"],
        ["3.4"],
    ),
    (
        "Raise the share of women in Parliament and in local councils, including through "
        "temporary special measures.",
        "Увеличить долю женщин в парламенте и местных советах, в том числе с помощью "
        "временных специальных мер.",
        "CEDAW",
        ["elections", "equality"],
        ["women-girls"],
        ["5.5"],
        ["3.2"],
    ),
    (
        "Eliminate child marriage by enforcing the minimum age of marriage of 18 years for "
        "girls and boys alike.",
        "Искоренить детские браки, обеспечив соблюдение минимального брачного возраста в "
        "18 лет для девочек и мальчиков.",
        "CRC",
        ["gender-violence"],
        ["children", "women-girls"],
        ["5.3"],
        ["3.4"],
    ),
    (
        "Guarantee inclusive education for children with disabilities in mainstream schools, "
        "with reasonable accommodation.",
        "Гарантировать инклюзивное образование детей с инвалидностью в общеобразовательных "
        "школах с разумным приспособлением.",
        "CRPD",
        ["education", "equality"],
        ["persons-with-disabilities", "children"],
        ["4.5", "4.a"],
        ["3.4", "7.1"],
    ),
    (
        "Make public buildings, transport and information accessible to persons with "
        "disabilities, with a time-bound plan.",
        "Сделать общественные здания, транспорт и информацию доступными для людей с "
        "инвалидностью, с планом и сроками.",
        "CRPD",
        ["equality"],
        ["persons-with-disabilities"],
        ["11.2", "11.7"],
        ["3.2"],
    ),
    (
        "Establish an independent national preventive mechanism against torture with access "
        "to every place of detention.",
        "Создать независимый национальный превентивный механизм против пыток с доступом во "
        "все места лишения свободы.",
        "CAT",
        ["torture"],
        ["detainees"],
        ["16.3", "16.a"],
        ["5.2"],
    ),
    (
        "Investigate promptly and impartially all allegations of torture and ill-treatment "
        "and prosecute those responsible.",
        "Оперативно и беспристрастно расследовать все заявления о пытках и жестоком "
        "обращении и привлекать виновных к ответственности.",
        "CAT",
        ["torture", "justice"],
        ["detainees"],
        ["16.3"],
        ["5.2"],
    ),
    (
        "Bring the national human rights institution into full compliance with the Paris "
        "Principles.",
        "Привести национальное правозащитное учреждение в полное соответствие с "
        "Парижскими принципами.",
        "UPR",
        ["nhri"],
        [],
        ["16.a"],
        ["4.3"],
    ),
    (
        "Ratify the Optional Protocol to the Convention on the Rights of Persons with "
        "Disabilities and the International Convention for the Protection of All Persons from "
        "Enforced Disappearance.",
        "Ратифицировать Факультативный протокол к Конвенции о правах инвалидов и "
        "Международную конвенцию для защиты всех лиц от насильственных исчезновений.",
        "UPR",
        ["treaties"],
        ["persons-with-disabilities"],
        ["16.10"],
        ["4.3"],
    ),
    (
        "Protect the rights of labour migrants and their families abroad and on return, "
        "including access to social protection.",
        "Защищать права трудовых мигрантов и членов их семей за рубежом и по возвращении, "
        "включая доступ к социальной защите.",
        "CMW",
        ["migration", "labour"],
        ["migrants"],
        ["10.7", "8.8"],
        ["1.1"],
    ),
    (
        "End forced labour in the cotton harvest and in public works, with independent "
        "monitoring by civil society.",
        "Положить конец принудительному труду при сборе хлопка и на общественных работах, "
        "с независимым мониторингом гражданского общества.",
        "C029",
        ["labour"],
        ["rural"],
        ["8.7"],
        ["4.2"],
    ),
    (
        "Guarantee the right of workers to form and join trade unions of their own choosing "
        "without prior authorisation.",
        "Гарантировать право работников создавать профсоюзы по своему выбору и вступать в "
        "них без предварительного разрешения.",
        "C087",
        ["labour", "association"],
        [],
        ["8.8"],
        ["5.1"],
    ),
    (
        "Extend safe drinking water and sanitation to rural communities, giving priority to "
        "schools and health centres.",
        "Обеспечить сельские сообщества безопасной питьевой водой и санитарией, в первую "
        "очередь школы и медицинские пункты.",
        "CESCR",
        ["water-environment", "health"],
        ["rural", "children"],
        ["6.1", "6.2"],
        ["9.4"],
    ),
    (
        "Strengthen social protection so that it reaches persons living in poverty, older "
        "persons and persons with disabilities.",
        "Укрепить социальную защиту, чтобы она охватывала людей, живущих в бедности, "
        "пожилых людей и людей с инвалидностью.",
        "CESCR",
        ["poverty"],
        ["poor", "older-persons", "persons-with-disabilities"],
        ["1.3"],
        ["6.2"],
    ),
    (
        "Publish draft laws and budgets for public consultation and give civil society the "
        "time to comment.",
        "Публиковать проекты законов и бюджетов для общественного обсуждения и давать "
        "гражданскому обществу время для замечаний.",
        "UPR",
        ["transparency", "civic-space"],
        [],
        ["16.6", "16.7"],
        ["4.2", "2.1"],
    ),
    (
        "Adopt a national plan to combat trafficking in persons with support for victims.",
        "Принять национальный план по борьбе с торговлей людьми с поддержкой пострадавших.",
        "UPR",
        ["trafficking"],
        ["women-girls", "children", "migrants"],
        ["16.2", "5.2"],
        ["3.4"],
    ),
    (
        "Ensure access to quality education for children of national minorities in their "
        "mother tongue.",
        "Обеспечить детям национальных меньшинств доступ к качественному образованию на "
        "родном языке.",
        "CERD",
        ["education", "equality"],
        ["minorities", "children"],
        ["4.5"],
        ["3.1"],
    ),
    (
        "Involve young people and youth organisations in local decision-making and in the "
        "national youth policy.",
        "Вовлекать молодёжь и молодёжные организации в принятие решений на местах и в "
        "национальную молодёжную политику.",
        "UPR",
        ["elections", "civic-space"],
        ["youth"],
        ["16.7"],
        ["7.2", "6.1"],
    ),
    (
        "Protect communities from the effects of climate change and involve them in "
        "adaptation plans.",
        "Защищать сообщества от последствий изменения климата и вовлекать их в планы адаптации.",
        "UPR",
        ["water-environment"],
        ["rural", "poor"],
        ["13.1", "13.2"],
        ["9.1", "9.3"],
    ),
]
# The cycles of each mechanism in the demo: (cycle, document symbol pattern, date).
CYCLES = {
    "UPR": [
        ("3", "A/HRC/{session}/{n}", datetime.date(2019, 1, 23)),
        ("4", "A/HRC/{session}/{n}", datetime.date(2024, 1, 24)),
    ],
}
TREATY_SESSION = datetime.date(2021, 10, 15)


@transaction.atomic
def seed_demo_commitments() -> dict:
    instruments = {i.code: i for i in Instrument.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    groups = {g.code: g for g in AffectedGroup.objects.all()}
    targets = {t.code: t for t in SdgTarget.objects.all()}
    objectives = {o.code: o for o in Objective.objects.select_related("priority")}
    rng = random.Random(SEED)  # noqa: S311 - made-up demo data, not secrets.
    count = assessed = 0
    for number, country in enumerate(
        Country.objects.filter(is_vision_country=True).order_by("code"), start=1
    ):
        _ratifications(country, instruments, rng)
        chosen = rng.sample(RECOMMENDATIONS, PER_COUNTRY)
        recommendations = []
        for position, spec in enumerate(chosen, start=1):
            text, text_ru, code, theme_codes, group_codes, target_codes, objective_codes = spec
            mechanism = instruments[code]
            if code == "UPR":
                cycle, symbol, made_on = CYCLES["UPR"][position % 2]
                document = symbol.format(session=40 + 15 * (position % 2), n=number + 3)
                reference = f"{140 + position % 2}.{position}"
                state = RECOMMENDING_STATES[(number + position) % len(RECOMMENDING_STATES)]
                response = (
                    Recommendation.Response.SUPPORTED
                    if rng.random() < 0.75
                    else Recommendation.Response.NOTED
                )
            else:
                cycle, made_on, state = f"{mechanism.abbreviation} 1{number}", TREATY_SESSION, ""
                document = f"{mechanism.code}/C/{country.code}/CO/{2 + number % 3}"
                reference = f"{10 + position}"
                response = ""
            recommendation, _ = Recommendation.objects.update_or_create(
                country=country,
                mechanism=mechanism,
                cycle=cycle,
                reference=reference,
                defaults={
                    "text": text,
                    "text_en": text,
                    "text_ru": text_ru,
                    "document": document,
                    "made_on": made_on,
                    "recommending_state": state,
                    "response": response,
                    "is_demo": True,
                },
            )
            recommendation.themes.set([themes[c] for c in theme_codes])
            recommendation.groups.set([groups[c] for c in group_codes])
            recommendation.sdg_targets.set([targets[c] for c in target_codes])
            recommendation.objectives.set([objectives[c] for c in objective_codes])
            count += 1
            recommendations.append(recommendation)
        assessed += _assessments(country, recommendations, rng)
        # Their own generator, so that the other demo data stays as it was.
        _index_series(country, random.Random(SEED + number))  # noqa: S311 - demo data
    seed_demo_joint_report()
    return {"recommendations": count, "assessments": assessed}


def _ratifications(country, instruments, rng):
    """A made-up status under each treaty and ILO convention: most bound, some signed
    only, a few not parties."""
    for instrument in instruments.values():
        if not instrument.takes_ratification:
            continue
        draw = rng.random()
        if draw < 0.1:
            Ratification.objects.filter(country=country, instrument=instrument).delete()
            continue
        year = max(instrument.adopted_year, 1992) + rng.randint(0, 12)
        signed_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        signed_only = draw < 0.2
        acceded = instrument.kind == Instrument.Kind.TREATY and draw >= 0.7
        Ratification.objects.update_or_create(
            country=country,
            instrument=instrument,
            defaults={
                "status": Ratification.Status.SIGNED
                if signed_only
                else Ratification.Status.ACCEDED
                if acceded
                else Ratification.Status.RATIFIED,
                # A state accedes without signing first.
                "signed_on": None if acceded else signed_on,
                "party_on": None if signed_only else signed_on + datetime.timedelta(days=400),
                "reservations": "Demo: a declaration on article 22." if draw > 0.95 else "",
                "source": "Demo data",
                "is_demo": True,
            },
        )


# Made-up series of the indexes (years, and how a score may move from one year to the next).
CIVICUS_RATINGS = ["open", "narrowed", "obstructed", "repressed", "closed"]
INDEX_YEARS = {
    "civicus-monitor": range(2018, 2025),
    "eiu-democracy-index": range(2018, 2025),
    "human-freedom-index": range(2018, 2023),
}


def _index_series(country, rng) -> None:
    """Made-up scores of the country on the CIVICUS Monitor, the Democracy Index and the
    Human Freedom Index over the years, marked demo. A score the platform ships (taken
    from the Vision's text) is kept as it is."""
    shipped = set(
        CountryIndexScore.objects.filter(country=country, is_demo=False).values_list(
            "index__slug", "year"
        )
    )
    indexes = {i.slug: i for i in InternationalIndex.objects.filter(slug__in=INDEX_YEARS)}
    rating = rng.randint(3, 4)
    democracy = rng.uniform(1.5, 4.5)
    freedom = rng.uniform(5.2, 6.8)
    for slug, years in INDEX_YEARS.items():
        if slug not in indexes:
            continue
        for year in years:
            if (slug, year) in shipped:
                continue
            fields = {"value": None, "rank": None, "category": ""}
            if slug == "civicus-monitor":
                rating = min(4, max(2, rating + rng.choice([-1, 0, 0, 0, 1])))
                fields["category"] = CIVICUS_RATINGS[rating]
            elif slug == "eiu-democracy-index":
                democracy = min(9.9, max(0.5, democracy + rng.uniform(-0.35, 0.25)))
                fields["value"] = round(democracy, 2)
                fields["rank"], fields["rank_out_of"] = rng.randint(100, 160), 167
                fields["category"] = "hybrid regime" if democracy >= 4 else "authoritarian"
            else:
                freedom = min(9.9, max(0.5, freedom + rng.uniform(-0.25, 0.2)))
                fields["value"] = round(freedom, 2)
                fields["rank"], fields["rank_out_of"] = rng.randint(80, 150), 165
            CountryIndexScore.objects.update_or_create(
                country=country,
                index=indexes[slug],
                year=year,
                defaults={
                    **fields,
                    "source_url": indexes[slug].url,
                    "source_note": "Demo data: made-up figures, not the publisher's.",
                    "is_demo": True,
                },
            )


# What a demo assessment says, by status.
NARRATIVES = {
    "not_implemented": "Demo: no law, policy or budget line addresses this yet.",
    "partial": "Demo: a draft law was published, but it is not adopted and has no budget.",
    "full": "Demo: the law was adopted and the first cases show it applied.",
    "no_information": "Demo: the ministry did not answer our requests for information.",
}


def _assessments(country, recommendations, rng) -> int:
    """About six in ten recommendations are assessed, each by some of the country's demo
    member organisations, approved; in Kyrgyzstan the first organisation's last assessment
    waits for review and its next is a draft."""
    organizations = list(
        Organization.objects.filter(
            country=country, slug__startswith="demo-", status="member"
        ).order_by("slug")
    )
    statuses = list(NARRATIVES)
    count = 0
    for recommendation in recommendations:
        if rng.random() < 0.4:
            continue  # not assessed yet
        for organization in organizations:
            if rng.random() < 0.4:
                continue
            implementation = rng.choices(statuses, weights=[4, 5, 2, 1])[0]
            Assessment.objects.update_or_create(
                recommendation=recommendation,
                organization=organization,
                as_of=datetime.date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                defaults={
                    "implementation": implementation,
                    "narrative": NARRATIVES[implementation],
                    "sources": "https://example.org/demo-source",
                    "status": Assessment.Status.APPROVED,
                    "is_demo": True,
                },
            )
            count += 1
    if country.code == "KG" and organizations:
        first = organizations[0]
        waiting = [Assessment.Status.SUBMITTED, Assessment.Status.DRAFT]
        for recommendation, status in zip(recommendations[-2:], waiting, strict=False):
            Assessment.objects.update_or_create(
                recommendation=recommendation,
                organization=first,
                as_of=datetime.date(2026, 11, 2),
                defaults={
                    "implementation": "partial" if status == "submitted" else "",
                    "narrative": NARRATIVES["partial"] if status == "submitted" else "",
                    "status": status,
                    "is_demo": True,
                },
            )
            count += 1
    return count


def seed_demo_joint_report() -> JointReport | None:
    """One published joint report for Kyrgyzstan to the UPR's fourth cycle, co-signed by
    two demo organisations, a third invited but not signing."""
    country = Country.objects.get(code="KG")
    organizations = list(
        Organization.objects.filter(
            country=country, slug__startswith="demo-", status="member"
        ).order_by("slug")
    )
    recommendations = list(
        Recommendation.objects.filter(country=country, mechanism__code="UPR", is_demo=True)
        .filter(assessments__status=Assessment.Status.APPROVED)
        .distinct()
        .order_by("reference")[:8]
    )
    if len(organizations) < 2 or not recommendations:
        return None
    report, _ = JointReport.objects.update_or_create(
        country=country,
        mechanism=Instrument.objects.get(code="UPR"),
        cycle="4",
        is_demo=True,
        defaults={
            "title": "Demo: civic space in Kyrgyzstan, a joint mid-term assessment",
            "introduction": (
                "Demo: the network's organisations in Kyrgyzstan assessed the "
                "recommendations of the fourth UPR cycle together. This text is made up."
            ),
            "status": JointReport.Status.PUBLISHED,
            "published_at": datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC),
        },
    )
    report.recommendations.set(recommendations)
    for position, organization in enumerate(organizations[:3]):
        Signature.objects.update_or_create(
            report=report,
            organization=organization,
            defaults={
                "status": Signature.Status.SIGNED if position < 2 else Signature.Status.INVITED
            },
        )
    return report
