"""Reading projects: the public list, one project's page, the projects behind a
dashboard and their budget by funder and year, each in a fixed number of queries."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce

from monitoring.dashboards import geo
from monitoring.permissions import editable_projects_q
from monitoring.roadmaps.models import RoadmapIndicator

from .codelists import Role
from .models import Budget, Location, Participant, Project, Update

MAP_POINTS = 500


def listed(queryset):
    """What a row of a list shows: organisation, countries, funders."""
    return queryset.select_related("organization").prefetch_related(
        "countries",
        Prefetch(
            "participants",
            queryset=Participant.objects.filter(role=Role.FUNDING).select_related("organization"),
            to_attr="funders",
        ),
    )


def map_points(projects) -> list[dict]:
    """Where the projects work, as points on the region's map (at most MAP_POINTS)."""
    locations = (
        Location.objects.filter(project__in=projects.values("pk"))
        .select_related("project")
        .order_by("pk")[:MAP_POINTS]
    )
    points = []
    for location in locations:
        x, y = geo.project(location.longitude, location.latitude)
        points.append({"x": x, "y": y, "name": location.name, "project": location.project})
    return points


def project_for_page(pk: int) -> Project:
    return (
        Project.objects.select_related("organization__country")
        .prefetch_related(
            "countries",
            "locations__country",
            "sectors",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("organization").order_by("role", "pk"),
            ),
            Prefetch("budgets", queryset=Budget.objects.select_related("funder__organization")),
            "objectives__priority",
            "sdg_targets__goal",
            Prefetch(
                "indicators",
                queryset=RoadmapIndicator.objects.select_related("roadmap__country"),
            ),
        )
        .get(pk=pk)
    )


def approved_updates(project):
    return Update.objects.filter(project=project, status=Update.Status.APPROVED)


def pending_updates(project):
    return Update.objects.filter(project=project).exclude(status=Update.Status.APPROVED)


def behind(*, priority=None, goal=None, country=None):
    """The published projects behind a priority's, an SDG goal's or a country's dashboard."""
    projects = Project.objects.published()
    if priority is not None:
        projects = projects.filter(objectives__priority=priority)
    if goal is not None:
        projects = projects.filter(sdg_targets__goal=goal)
    if country is not None:
        projects = projects.filter(countries=country)
    return projects.distinct()


FUNDER_COLOURS = 6
CHART_LEFT, CHART_WIDTH, ROW = 48, 340, 26


def _chart(years, table_rows, totals) -> dict:
    """The bars' geometry in the SVG's own units: a row per year, its bar split by funder,
    the longest year as wide as the chart."""
    biggest = max(totals, default=Decimal(0)) or Decimal(1)
    bars = []
    for i, year in enumerate(years):
        x, parts = Decimal(CHART_LEFT), []
        for colour, (funder, cells, _total) in enumerate(table_rows):
            if cells[i]:
                width = cells[i] / biggest * CHART_WIDTH
                parts.append(
                    {
                        "x": round(x, 1),
                        "width": round(width, 1),
                        "colour": colour % FUNDER_COLOURS,
                        "funder": funder,
                        "amount": cells[i],
                    }
                )
                x += width
        bars.append({"year": year, "y": i * ROW + 4, "text_y": i * ROW + 19, "parts": parts})
    return {"height": max(len(years), 1) * ROW + 8, "bars": bars}


def budget_by_funder(projects) -> dict:
    """The budgets of these projects by funder and year, one table per currency:
    {"years": [...], "currencies": [{"currency", "rows": [(funder, [amount per year],
    total)], "totals": [...], "total"}]} — what the chart draws and its table shows."""
    rows = (
        Budget.objects.filter(project__in=projects.values("pk"))
        .annotate(
            shown=Coalesce("funder__organization__name", "funder__name"),
        )
        .values_list("currency", "shown", "year", "amount")
    )
    amounts = defaultdict(lambda: defaultdict(Decimal))
    years = set()
    for currency, funder, year, amount in rows:
        amounts[(currency, funder or "")][year] += amount
        years.add(year)
    years = sorted(years)
    tables = []
    for currency in sorted({c for c, _f in amounts}):
        funders = sorted((f for c, f in amounts if c == currency), key=lambda f: (f == "", f))
        table_rows = []
        for funder in funders:
            by_year = amounts[(currency, funder)]
            cells = [by_year.get(year, Decimal(0)) for year in years]
            table_rows.append((funder, cells, sum(cells)))
        totals = [sum(r[1][i] for r in table_rows) for i in range(len(years))]
        tables.append(
            {
                "currency": currency,
                "rows": table_rows,
                "totals": totals,
                "total": sum(totals),
                "chart": _chart(years, table_rows, totals),
                "legend": [
                    (funder, i % FUNDER_COLOURS) for i, (funder, *_r) in enumerate(table_rows)
                ],
            }
        )
    return {"years": years, "currencies": tables}


def for_organization(organization, user=None):
    """An organisation's page: the published projects it records or takes part in, and
    the drafts among them that `user` may edit (an imported file's projects are drafts
    its editors find here)."""
    shown = Project.objects.published()
    if user is not None:
        shown = shown | Project.objects.filter(editable_projects_q(user))
    return listed(
        Project.objects.filter(pk__in=shown.values("pk"))
        .filter(Q(organization=organization) | Q(participants__organization=organization))
        .distinct()
    )


DASHBOARD_PROJECTS = 6


def dashboard_section(*, query: str, **behind_filter) -> dict:
    """What a dashboard shows of the projects behind it: the first few, how many there are
    with a link to all of them, and their budget by funder and year (five queries)."""
    found = Project.objects.filter(pk__in=behind(**behind_filter).values("pk"))
    return {
        "projects": listed(found.order_by("-planned_start", "pk"))[:DASHBOARD_PROJECTS],
        "count": found.count(),
        "query": query,
        "budget": budget_by_funder(found),
    }


def updates_to_moderate(user):
    """The updates waiting for this person: those of projects in the countries they
    coordinate (every one for a network admin), oldest first."""
    from organizations.permissions import coordinated_country_ids, is_network_admin

    waiting = Update.objects.filter(status=Update.Status.PENDING).select_related(
        "project__organization", "author"
    )
    if not is_network_admin(user):
        waiting = waiting.filter(project__countries__in=coordinated_country_ids(user)).distinct()
    return waiting.order_by("created_at", "pk")
