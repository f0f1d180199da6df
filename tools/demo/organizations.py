"""Demo organisations and accounts for trying the platform. Never loaded by migrations.

Everything here is made up and labelled so: names end in "(demo)", `is_demo` is set,
and the accounts share one published password. Running it again changes nothing.
"""

import itertools

from django.contrib.auth.models import Group
from django.db import transaction

from monitoring.sdg.models import SdgGoal
from organizations.models import (
    NETWORK_ADMINS_GROUP,
    CountryCoordinator,
    Membership,
    Organization,
    User,
)
from priorities.models import Priority
from vision.models import Country

DEMO_PASSWORD = "demo-password"  # noqa: S105 - published in the README as demo-only.

CITIES = {
    "KZ": ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar"],
    "KG": ["Bishkek", "Osh", "Karakol", "Naryn", "Talas", "Jalal-Abad"],
    "TJ": ["Dushanbe", "Khujand", "Khorog", "Bokhtar", "Kulob", "Istaravshan"],
    "UZ": ["Tashkent", "Samarkand", "Bukhara", "Nukus", "Fergana", "Andijan"],
    "TM": ["Ashgabat", "Mary", "Turkmenabat", "Dashoguz", "Balkanabat"],
    "MN": ["Ulaanbaatar", "Erdenet", "Darkhan", "Khovd", "Choibalsan"],
    "AF": ["Kabul", "Herat", "Mazar-i-Sharif", "Bamyan", "Jalalabad", "Kandahar"],
}
THEMES = [
    ("Civic Initiatives Centre", "ngo", [2, 4], [16, 17]),
    ("Youth Leadership Hub", "informal_group", [7, 6], [4, 8]),
    ("Women's Rights Network", "network", [3, 4], [5, 10, 16]),
    ("Green Valleys Association", "ngo", [9, 2], [13, 15, 6]),
    ("Social Enterprise Lab", "social_enterprise", [8, 5], [8, 9, 12]),
    ("Open Budget Watch", "ngo", [4, 2], [16, 17]),
    ("Regional Policy Institute", "academia", [1, 5], [16, 17, 10]),
    ("Independent Media Collective", "media", [5, 3], [16, 4]),
    ("Generations Dialogue Forum", "network", [6, 7], [4, 10]),
    ("Clean Water Alliance", "network", [9, 2], [6, 3, 11]),
    ("Inclusive Futures", "ngo", [3, 2], [1, 10, 3]),
]
DESCRIPTION = (
    "A made-up organisation for trying the Vision 2025 platform. It works with local "
    "communities in {city} on {theme}. Not a real organisation."
)

ACCOUNTS = [
    ("admin", "Demo Network Admin"),
    ("coordinator-kg", "Demo Coordinator (Kyrgyzstan)"),
    ("editor-kg", "Demo Editor (Kyrgyzstan)"),
    ("editor-kz", "Demo Editor (Kazakhstan)"),
    ("viewer-kg", "Demo Viewer (Kyrgyzstan)"),
    ("enterprise-kg", "Demo Enterprise Staff (Kyrgyzstan)"),
    ("verifier", "Demo Rating Verifier"),
    ("stakeholder-kg", "Demo Stakeholder (a ministry of Kyrgyzstan)"),
]


def _demo_organizations() -> list[Organization]:
    countries = {c.code: c for c in Country.objects.filter(code__in=CITIES)}
    priorities = {p.number: p for p in Priority.objects.all()}
    goals = {g.number: g for g in SdgGoal.objects.all()}
    themes = itertools.cycle(THEMES)
    organizations = []
    for code, cities in CITIES.items():
        for n, city in enumerate(cities):
            theme, kind, priority_numbers, goal_numbers = next(themes)
            slug = f"demo-{code.lower()}-{n + 1}"
            organization, created = Organization.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": f"{theme} {city} (demo)",
                    "country": countries[code],
                    "city": city,
                    "kind": kind,
                    "year_founded": 1995 + (n * 4 + len(city)) % 28,
                    "description": DESCRIPTION.format(city=city, theme=theme.lower()),
                    "website": f"https://{slug}.example.org",
                    "contact_email": f"info@{slug}.example.org",
                    "status": Organization.Status.MEMBER,
                    "is_demo": True,
                },
            )
            if created:
                organization.member_since = organization.created_at.date()
                organization.save(update_fields=["member_since"])
                organization.priorities.set([priorities[p] for p in priority_numbers])
                organization.sdg_goals.set([goals[g] for g in goal_numbers])
            organizations.append(organization)
    return organizations


def _account(username: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "email": f"{username}@demo.invalid"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_demo_organizations() -> dict:
    organizations = _demo_organizations()
    users = {username: _account(username, name) for username, name in ACCOUNTS}

    users["admin"].groups.add(Group.objects.get(name=NETWORK_ADMINS_GROUP))
    if not users["admin"].is_staff:
        users["admin"].is_staff = True
        users["admin"].save(update_fields=["is_staff"])
    CountryCoordinator.objects.get_or_create(
        user=users["coordinator-kg"], country=Country.objects.get(code="KG")
    )
    kyrgyz = next(o for o in organizations if o.slug == "demo-kg-1")
    kazakh = next(o for o in organizations if o.slug == "demo-kz-1")
    for username, organization, role in [
        ("editor-kg", kyrgyz, Membership.Role.EDITOR),
        ("editor-kz", kazakh, Membership.Role.EDITOR),
        ("viewer-kg", kyrgyz, Membership.Role.VIEWER),
    ]:
        Membership.objects.get_or_create(
            user=users[username], organization=organization, defaults={"role": role}
        )
    return {"organizations": organizations, "users": users}
