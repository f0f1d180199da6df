"""Projects built by hand for the tests (cheaper than the demo), and the browser form's
data."""

import datetime
from decimal import Decimal

from monitoring.projects.models import Budget, Location, Participant, Project, Sector


def make_project(organization, *, published=True, funder="Steppe Fund", **fields):
    values = {
        "title": "Community councils",
        "description": "Councils in every district.",
        "status": "2",
        "planned_start": datetime.date(2025, 1, 1),
        "planned_end": datetime.date(2027, 12, 31),
        "is_published": published,
        **fields,
    }
    project = Project.objects.create(organization=organization, **values)
    project.countries.set([organization.country])
    Participant.objects.create(project=project, role="4", organization=organization)
    if funder:
        giver = Participant.objects.create(project=project, role="1", name=funder)
        for year, amount in ((2025, "10000"), (2026, "25000")):
            Budget.objects.create(
                project=project, year=year, amount=Decimal(amount), currency="USD", funder=giver
            )
    Location.objects.create(
        project=project,
        name="Bishkek",
        country=organization.country,
        latitude=Decimal("42.87"),
        longitude=Decimal("74.59"),
    )
    Sector.objects.create(project=project, code="15150")
    return project


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def project_form_data(world, **fields) -> dict:
    """A new project of the Kyrgyz organisation as the browser's form sends it."""
    return {
        "organization": str(world.org_kg.pk),
        "title": "Youth councils in schools",
        "description": "Pupils elect councils that speak to the school's board.",
        "status": "2",
        "planned_start": "2026-01-01",
        "planned_end": "2027-06-30",
        "countries": [str(world.kg.pk)],
        **formset(
            "participants", [{"role": "1", "name": "Steppe Fund", "organisation_type": "60"}]
        ),
        **formset(
            "locations",
            [
                {
                    "name": "Osh",
                    "country": str(world.kg.pk),
                    "latitude": "40.51",
                    "longitude": "72.82",
                }
            ],
        ),
        **formset("sectors", [{"code": "11330"}]),
        **formset("budgets", [{"year": "2026", "amount": "12000", "currency": "USD"}]),
        **fields,
    }
