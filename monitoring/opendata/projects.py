"""The network's published projects as open data: projects.csv/.json, their budgets in
project-budgets.csv/.json, and iati/projects.xml, one IATI 2.03 `iati-activity` per
project with its participating organisations, locations, sectors, SDG tags, budgets and the
published results of the roadmap indicators it contributes to (iati.Results).

The activity's children follow the sequence of iati-activities-schema.xsd (IATI/IATI-Schemas,
branch version-2.03); its identifier begins with the reporting organisation's; codes come
from the IATI codelists (monitoring/projects/codelists.py)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import Prefetch

from monitoring.projects.codelists import Role
from monitoring.projects.models import Budget, Participant, Project
from monitoring.roadmaps.models import RoadmapIndicator

from .dataset import LIST_SEPARATOR, number_text, table_resources, write_table
from .iati import GENERAL_DESCRIPTION, XML_LANG, Results, reporting_org

PROJECTS = "projects"
BUDGETS = "project-budgets"
IATI_FILE = "iati/projects.xml"
LIST = f'joined by "{LIST_SEPARATOR}" in the CSV, a list in the JSON'
# IATI's Language codelist is ISO 639-1, where Dari is written as Persian.
IATI_LANGUAGE = {"prs": "fa"}
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# IATI ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"

PROJECT_FIELDS = [
    ("project_id", "integer", "as in /projects/<id>/"),
    ("iati_identifier", "string", "its identifier in iati/projects.xml"),
    ("title", "string", ""),
    ("description", "string", ""),
    ("organization", "string", "the member organisation that records it (its slug)"),
    ("status", "string", "IATI ActivityStatus code: 1 pipeline … 6 suspended"),
    ("planned_start", "date", ""),
    ("planned_end", "date", ""),
    ("actual_start", "date", ""),
    ("actual_end", "date", ""),
    ("countries", "list", f"ISO 3166-1 alpha-2 codes, {LIST}"),
    ("implementing", "list", f"implementing organisations, {LIST}"),
    ("funders", "list", f"funding organisations, {LIST}"),
    ("sectors", "list", f"OECD DAC 5-digit sector codes, {LIST}"),
    ("objectives", "list", f"Vision objective codes (priority.objective), {LIST}"),
    ("sdg_targets", "list", f"SDG target codes, {LIST}"),
    ("indicators", "list", f"roadmap indicator codes, {LIST}"),
    ("is_demo", "boolean", "made-up demonstration data"),
]

BUDGET_FIELDS = [
    ("budget_id", "integer", ""),
    ("project_id", "integer", "the project (projects.csv)"),
    ("year", "integer", "the calendar year budgeted"),
    ("amount", "number", ""),
    ("currency", "string", "ISO 4217 code"),
    ("funder", "string", "the funding organisation, when given"),
    ("is_demo", "boolean", "made-up demonstration data"),
]


def published_projects():
    """Every published project with what its rows and activity need, in a fixed number of
    queries."""
    return (
        Project.objects.published()
        .select_related("organization")
        .prefetch_related(
            "countries",
            "locations__country",
            "sectors",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("organization").order_by("pk"),
            ),
            Prefetch("budgets", queryset=Budget.objects.select_related("funder__organization")),
            "objectives__priority",
            "sdg_targets__goal",
            Prefetch(
                "indicators",
                queryset=RoadmapIndicator.objects.select_related("roadmap", "sdg_indicator"),
            ),
        )
        .order_by("pk")
    )


def _names(project, role) -> list[str]:
    return [p.display_name for p in project.participants.all() if p.role == role]


def _project_rows(projects):
    for p in projects:
        yield [
            p.pk,
            p.iati_identifier,
            p.title,
            p.description,
            p.organization.slug,
            p.status,
            p.planned_start,
            p.planned_end,
            p.actual_start,
            p.actual_end,
            [c.code for c in p.countries.all()],
            _names(p, Role.IMPLEMENTING),
            _names(p, Role.FUNDING),
            [s.code for s in p.sectors.all()],
            [o.code for o in p.objectives.all()],
            [t.code for t in p.sdg_targets.all()],
            [i.code for i in p.indicators.all()],
            p.is_demo,
        ]


def _budget_rows(projects):
    for p in projects:
        for b in p.budgets.all():
            funder = b.funder.display_name if b.funder else ""
            yield [b.pk, p.pk, b.year, b.amount, b.currency, funder, p.is_demo]


def _narratives(parent: ET.Element, tag: str, project: Project, field: str, **attributes):
    """The element with one narrative per language the text is written in, the site's
    default first (the activity's own language)."""
    element = ET.SubElement(parent, tag, attributes)
    default = settings.LANGUAGE_CODE
    first = getattr(project, f"{field}_{default}", "") or getattr(project, field)
    ET.SubElement(element, "narrative").text = first
    for code in settings.MODELTRANSLATION_LANGUAGES:
        text = getattr(project, f"{field}_{code.replace('-', '_')}", "")
        if code != default and text:
            language = IATI_LANGUAGE.get(code, code)
            ET.SubElement(element, "narrative", {XML_LANG: language}).text = text
    return element


def _shares(count: int) -> list[Decimal]:
    """`count` percentages adding up to exactly 100, as IATI asks of split countries and
    sectors."""
    each = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return [each] * (count - 1) + [Decimal(100) - each * (count - 1)]


def _participating_org(activity, participant=None, *, name="", role="", ref="", kind=""):
    if participant is not None:
        name, role = participant.display_name, participant.role
        ref, kind = participant.iati_ref, participant.organisation_type
    attributes = {"role": role}
    if ref:
        attributes["ref"] = ref
    if kind:
        attributes["type"] = kind
    element = ET.SubElement(activity, "participating-org", attributes)
    ET.SubElement(element, "narrative").text = name


def activity(parent: ET.Element, project: Project, results: Results) -> ET.Element:
    element = ET.SubElement(
        parent,
        "iati-activity",
        {
            XML_LANG: settings.LANGUAGE_CODE,
            "default-currency": "USD",
            "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        },
    )
    ET.SubElement(element, "iati-identifier").text = project.iati_identifier
    reporting_org(element)
    _narratives(element, "title", project, "title")
    _narratives(element, "description", project, "description", type=GENERAL_DESCRIPTION)
    participants = list(project.participants.all())
    if not any(p.organization_id == project.organization_id for p in participants):
        _participating_org(element, name=project.organization.name, role=Role.IMPLEMENTING)
    for participant in participants:
        _participating_org(element, participant)
    if project.source_identifier:
        other = ET.SubElement(
            element, "other-identifier", {"ref": project.source_identifier, "type": "A9"}
        )
        owner = ET.SubElement(other, "owner-org")
        ET.SubElement(owner, "narrative").text = project.organization.name
    ET.SubElement(element, "activity-status", {"code": project.status})
    for kind, day in (
        (PLANNED_START, project.planned_start),
        (ACTUAL_START, project.actual_start),
        (PLANNED_END, project.planned_end),
        (ACTUAL_END, project.actual_end),
    ):
        if day:
            ET.SubElement(element, "activity-date", {"type": kind, "iso-date": day.isoformat()})
    countries = list(project.countries.all())
    for country, share in zip(countries, _shares(len(countries)) if countries else [], strict=True):
        ET.SubElement(
            element, "recipient-country", {"code": country.code, "percentage": number_text(share)}
        )
    for location in project.locations.all():
        place = ET.SubElement(element, "location")
        ET.SubElement(place, "location-reach", {"code": "1"})  # the activity happens there
        name = ET.SubElement(place, "name")
        ET.SubElement(name, "narrative").text = location.name
        point = ET.SubElement(place, "point", {"srsName": WGS84})
        ET.SubElement(
            point, "pos"
        ).text = f"{number_text(location.latitude)} {number_text(location.longitude)}"
        ET.SubElement(place, "exactness", {"code": "1"})
    sectors = list(project.sectors.all())
    if sectors:
        given = [s.percentage for s in sectors]
        # IATI's shares of one vocabulary add up to 100; an imported file's may not.
        shares = given if None not in given and sum(given) == 100 else _shares(len(sectors))
        for sector, share in zip(sectors, shares, strict=True):
            ET.SubElement(
                element,
                "sector",
                {"vocabulary": "1", "code": sector.code, "percentage": number_text(share)},
            )
    for goal in sorted({t.goal.number for t in project.sdg_targets.all()}):
        ET.SubElement(element, "tag", {"vocabulary": "2", "code": str(goal)})
    for target in project.sdg_targets.all():
        ET.SubElement(element, "tag", {"vocabulary": "3", "code": target.code})
    for objective in project.objectives.all():
        tag = ET.SubElement(
            element,
            "tag",
            {
                "vocabulary": "99",
                "vocabulary-uri": f"{settings.SITE_URL.rstrip('/')}/priorities/",
                "code": f"vision-2025-objective-{objective.code}",
            },
        )
        ET.SubElement(tag, "narrative").text = str(objective)
    # IATI's budgets of one type must not overlap: a year's budgets from several funders
    # are one budget of their sum (per currency; project-budgets.csv keeps each funder's).
    totals: dict[tuple[int, str], Decimal] = {}
    for budget in project.budgets.all():
        key = (budget.year, budget.currency)
        totals[key] = totals.get(key, Decimal(0)) + budget.amount
    for (year, currency), amount in totals.items():
        start = datetime.date(year, 1, 1)
        item = ET.SubElement(element, "budget", {"type": "1", "status": "1"})
        ET.SubElement(item, "period-start", {"iso-date": start.isoformat()})
        ET.SubElement(item, "period-end", {"iso-date": f"{year}-12-31"})
        value = ET.SubElement(
            item, "value", {"currency": currency, "value-date": start.isoformat()}
        )
        value.text = number_text(amount)
    for indicator in project.indicators.all():
        results.add(element, indicator, indicator.roadmap.country_id)
    return element


def write_iati(folder: Path, generated_at: datetime.datetime, projects, results: Results) -> str:
    root = ET.Element(
        "iati-activities",
        {"version": "2.03", "generated-datetime": generated_at.isoformat(timespec="seconds")},
    )
    for project in projects:
        activity(root, project, results)
    (folder / "iati").mkdir(exist_ok=True)
    ET.ElementTree(root).write(folder / IATI_FILE, encoding="utf-8", xml_declaration=True)
    return IATI_FILE


def write(folder: Path, generated_at: datetime.datetime, results: Results) -> dict[str, int]:
    """projects.csv/.json, project-budgets.csv/.json and iati/projects.xml."""
    projects = list(published_projects())
    names = [name for name, *_rest in PROJECT_FIELDS]
    budget_names = [name for name, *_rest in BUDGET_FIELDS]
    counted = {
        "projects": write_table(folder, PROJECTS, names, _project_rows(projects)),
        "project_budgets": write_table(folder, BUDGETS, budget_names, _budget_rows(projects)),
    }
    write_iati(folder, generated_at, projects, results)
    return counted


def resources() -> list[dict]:
    return [
        *table_resources(PROJECTS, "The network's projects", PROJECT_FIELDS, {}, "project_id"),
        *table_resources(BUDGETS, "The projects' budgets", BUDGET_FIELDS, {}, "budget_id"),
    ]
