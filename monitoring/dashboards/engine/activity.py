"""The reports and organisations behind each scope: the approved reports of a country
grouped by roadmap and period, and the scopes each roadmap has indicators in."""

from collections import defaultdict
from functools import reduce
from operator import itemgetter, or_

from django.db import connection

from monitoring.dashboards.engine import sql
from monitoring.dashboards.engine.figures import Scope, is_wanted
from monitoring.reporting.models import ProgressReport


def report_groups(country_id=None, periods=None) -> dict[int, dict]:
    """The approved reports of one country (None: every country), in the given periods
    (None: all), grouped for scope_activity: {country: {roadmap: {period: [reports,
    organisations]}}}, the organisations of a group being the bits of an integer (a bit
    per organisation of the country), so that the organisations of a scope are the union
    of a few integers, not of sets. Read as plain rows in one query."""
    return group_reports(report_rows(country_id, periods))


def report_rows(country_id=None, periods=None) -> list[tuple]:
    """report_groups' rows: (country, roadmap, period, organisation) of each report."""
    where, params = ["r.status = %s"], [ProgressReport.Status.APPROVED]
    if country_id is not None:
        where.append("o.country_id = %s")
        params.append(country_id)
    if periods is not None:
        where.append(f"r.period_id IN ({sql.placeholders(periods)})")
        params.extend(periods)
    with connection.cursor() as cursor:
        cursor.execute(sql.REPORT_ROWS.format(where=" AND ".join(where)), params)
        return cursor.fetchall()


def group_reports(rows) -> dict[int, dict]:
    """report_groups from its rows (country, roadmap, period, organisation)."""
    countries: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    bits: dict[int, dict[int, int]] = defaultdict(dict)
    for country, roadmap_id, period_id, organization_id in rows:
        bit_of = bits[country]
        bit = bit_of.get(organization_id)
        if bit is None:
            bit = bit_of[organization_id] = 1 << len(bit_of)
        by_period = countries[country][roadmap_id]
        group = by_period.get(period_id)
        if group is None:
            by_period[period_id] = [1, bit]
        else:
            group[0] += 1
            group[1] |= bit
    return countries


def scope_activity(country_id, scopes, wanted, periods=None, groups=None) -> dict[tuple, tuple]:
    """(reports, organisations) behind each wanted (scope, key, period): the country's
    approved reports on roadmaps with an indicator in the scope. Reports are first grouped
    by roadmap and period (report_groups, or `groups` when the caller read them), so the
    work follows roadmaps × periods, not reports × scopes; each roadmap's groups become a
    row per period, and a scope's rows are added (and their organisations united) column
    by column in C (zip, sum, reduce), not one period at a time in Python."""
    if groups is None:
        groups = report_groups(country_id, periods).get(country_id, {})
    period_ids = sorted({period_id for by_period in groups.values() for period_id in by_period})
    rows_of: dict[tuple, list] = defaultdict(list)
    for roadmap_id, by_period in groups.items():
        row = [by_period.get(period_id, _NO_REPORTS) for period_id in period_ids]
        for scope, key in scopes.get(roadmap_id, ()):
            if is_wanted(wanted, scope, key):
                rows_of[(scope, key)].append(row)
    activity = {}
    for (scope, key), rows in rows_of.items():
        for period_id, column in zip(period_ids, zip(*rows, strict=True), strict=True):
            count = sum(map(_first, column))
            if count:
                organizations = reduce(or_, map(_second, column)).bit_count()
                activity[(scope, key, period_id)] = (count, organizations)
    return activity


_NO_REPORTS = (0, 0)


_first, _second = itemgetter(0), itemgetter(1)


def reported_scopes(roadmap_ids, wanted) -> dict[int, set]:
    """roadmap_scopes for the given roadmaps (None: all), limited to the wanted pairs:
    found by the database, without reading their rules (a row per roadmap and objective,
    and per roadmap and SDG goal; the priorities follow from the objectives)."""
    return scopes_of_roadmaps(scope_rows(roadmap_ids), wanted)


def scope_rows(roadmap_ids) -> list[tuple]:
    """reported_scopes' rows: (roadmap, objective, priority, None) and (roadmap, None,
    None, SDG goal)."""
    if roadmap_ids is not None and not roadmap_ids:
        return []
    roadmaps, params = "", []
    if roadmap_ids is not None:
        roadmaps = f"WHERE i.roadmap_id IN ({sql.placeholders(roadmap_ids)}) "
        params = [*roadmap_ids, *roadmap_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql.SCOPE_ROWS.format(roadmaps=roadmaps), params)
        return cursor.fetchall()


def scopes_of_roadmaps(rows, wanted) -> dict[int, set]:
    """reported_scopes from its rows (roadmap, objective, priority, SDG goal). (A large
    country's roadmaps give over a thousand rows: the wanted keys are looked up in their
    sets directly, not through is_wanted four times a row.)"""
    objective, priority, goal = Scope.OBJECTIVE, Scope.PRIORITY, Scope.SDG_GOAL
    country = Scope.COUNTRY
    objectives, priorities, goals = wanted[objective], wanted[priority], wanted[goal]
    # Every roadmap with an indicator counts in its country.
    in_country = is_wanted(wanted, country, None)
    scopes: dict[int, set] = defaultdict(set)
    for roadmap_id, objective_id, priority_id, goal_id in rows:
        found = scopes[roadmap_id]
        if objective_id is not None and (objectives is None or objective_id in objectives):
            found.add((objective, objective_id))
        if priority_id is not None and (priorities is None or priority_id in priorities):
            found.add((priority, priority_id))
        if goal_id is not None and (goals is None or goal_id in goals):
            found.add((goal, goal_id))
        if in_country:
            found.add((country, None))
    return scopes
