"""The roll-ups' sums (method.Rollup, in whole millionths) added up by the database from
the stored indicator snapshots, and moved by an approval without reading the country's
other indicators."""

from collections import defaultdict
from contextlib import contextmanager
from typing import NamedTuple

from django.db import connection

from monitoring.dashboards.engine import sql
from monitoring.dashboards.engine.figures import (
    ROLLUP_KEYS,
    ROLLUP_SCOPES,
    SUM_FIELDS,
    Scope,
    is_wanted,
)
from monitoring.dashboards.engine.method import MILLION
from monitoring.dashboards.models import (
    StatusClass,
)


def objective_links(among: str = "") -> str:
    """SQL for the CTE `linked` that mappings reads: (indicator_id, objective_id,
    priority_id) of each objective link of the indicators `among` selects (SQL selecting
    indicator_id; every indicator if empty). The link table is read once for both the
    objectives' and the priorities' pairs."""
    only = f" WHERE l.roadmapindicator_id IN ({among})" if among else ""
    return sql.OBJECTIVE_LINKS.format(only=only)


def mappings(among: str = "") -> dict[str, str]:
    """For each rollup scope, SQL giving (indicator_id, key) once per pair; for the
    indicators `among` selects only, when given (SQL selecting indicator_id). The
    objectives and priorities read the CTE `linked` (objective_links, with the same
    `among`)."""
    only = f" WHERE l.roadmapindicator_id IN ({among})" if among else ""
    return {
        Scope.OBJECTIVE: "SELECT indicator_id, objective_id AS key FROM linked",
        Scope.PRIORITY: "SELECT DISTINCT indicator_id, priority_id AS key FROM linked",
        Scope.SDG_GOAL: sql.GOAL_PAIRS.format(only=only),
    }


def wanted_pairs(wanted, among: str) -> tuple[str, list]:
    """SQL giving (scope, indicator_id, key) for every wanted objective, priority and SDG
    goal of the indicators that `among` selects, and its parameters. The scope is its
    position in ROLLUP_KEYS (a number groups faster than a name)."""
    branches, params = [], []
    for scope, mapping in mappings(among).items():
        keys = wanted[scope]
        if keys is not None and not keys:
            continue
        branch = f"SELECT %s AS scope, indicator_id, key FROM ({mapping}) m"  # noqa: S608 - table names and placeholders only  # nosec B608
        params.append(ROLLUP_KEYS.index(scope))
        if keys is not None:
            branch += f" WHERE key IN ({sql.placeholders(keys)})"
            params.extend(sorted(keys))
        branches.append(branch)
    return " UNION ALL ".join(branches), params


@contextmanager
def hash_joins(cursor, when: bool = True):
    """Statements run inside join by hashing (PostgreSQL, when `when`): for the
    network-wide and whole-series statements, whose nested loops re-run their inner side
    once per row of the outer, and whose merge joins first sort a hundred thousand wide
    rows."""
    if when:
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
    yield
    if when:
        cursor.execute("RESET enable_nestloop")
        cursor.execute("RESET enable_mergejoin")


def stored_sums(country_id=None, wanted=None, periods=None, indicators=None) -> dict[tuple, tuple]:
    """The Rollup sums of the stored indicator snapshots of one country (or of every
    country), for each wanted (country, scope, key, period) (wanted None: every key), in
    the given periods (None: all), of the given indicators (None: all, which needs a
    country): added up by the database in one pass, so that snapshots are never read into
    Python one by one."""
    wanted = wanted or dict.fromkeys(ROLLUP_KEYS)
    where, where_params = ["s.scope = %s"], [Scope.INDICATOR]
    if country_id is not None:
        where.append("s.country_id = %s")
        where_params.append(country_id)
    if indicators is not None:
        where.append(f"s.indicator_id IN ({sql.placeholders(indicators)})")
        where_params.extend(sorted(indicators))
    if periods is not None:
        where.append(f"s.period_id IN ({sql.placeholders(periods)})")
        where_params.extend(periods)
    source = _snapshots_read(country_id, " AND ".join(where), where_params, periods)
    achieved = StatusClass.ACHIEVED
    sums_params = [MILLION, achieved, MILLION, MILLION, achieved, achieved]
    parts, params = [], []
    among = "SELECT indicator_id FROM measured"
    pairs, pairs_params = wanted_pairs(wanted, among)
    if pairs:
        parts.append(
            f"SELECT s.country_id, m.scope, m.key, s.period_id, {sql.ROLLUP_SUMS} "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"FROM {source.read_from} s JOIN ({pairs}) m ON m.indicator_id = s.indicator_id "
            f"{source.filtered} GROUP BY s.country_id, m.scope, m.key, s.period_id"
        )
        params.extend([*sums_params, *pairs_params, *source.filtered_params])
    if is_wanted(wanted, Scope.COUNTRY, None):
        # Every indicator counts in its country: no mapping to join.
        parts.append(
            f"SELECT s.country_id, %s, NULL, s.period_id, {sql.ROLLUP_SUMS} "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"FROM {source.read_from} s {source.filtered} GROUP BY s.country_id, s.period_id"
        )
        params.extend([ROLLUP_KEYS.index(Scope.COUNTRY), *sums_params, *source.filtered_params])
    if not parts:
        return {}
    # Hash joins for the whole network: a nested loop there re-runs the mappings once per
    # snapshot. (One country's sums follow the planner, which knows their periods:
    # analyze_if_unknown.)
    hashed = connection.vendor == "postgresql" and country_id is None
    with connection.cursor() as cursor, hash_joins(cursor, hashed):
        cursor.execute(
            f"WITH {source.cte}measured AS ({source.measured}), "
            f"linked AS ({objective_links(among)}) {' UNION ALL '.join(parts)}",
            [*source.cte_params, *source.measured_params, *params],
        )
        rows = cursor.fetchall()
    return {
        (country, ROLLUP_KEYS[scope], key, period): tuple(row)
        for country, scope, key, period, *row in rows
    }


class SnapshotsRead(NamedTuple):
    """Where stored_sums reads the snapshots from: an optional CTE (and its parameters),
    the table or CTE to read, the filter on it, and the SQL selecting the indicators
    whose mappings are built."""

    cte: str
    cte_params: list
    read_from: str
    filtered: str
    filtered_params: list
    measured: str
    measured_params: list


def _snapshots_read(country_id, where: str, where_params: list, periods) -> SnapshotsRead:
    if country_id is not None:
        # One country: its snapshots in question (hundreds) read once, for the indicators
        # whose mappings are built and for each part's sums (a CTE read more than once is
        # materialized).
        cte = (
            "snap AS (SELECT s.indicator_id, s.country_id, s.period_id, "  # noqa: S608 - table names and placeholders only  # nosec B608
            "s.current_status, s.status_class, s.anticipated_progress "
            f"FROM {sql.SNAPSHOTS} s WHERE {where}), "
        )
        return SnapshotsRead(
            cte, where_params, "snap", "", [], "SELECT DISTINCT indicator_id FROM snap", []
        )
    # The whole network: the snapshots read where they are, and the mappings built for
    # every indicator (or for those with snapshots in the periods).
    measured, measured_params = (
        f"SELECT DISTINCT s.indicator_id FROM {sql.SNAPSHOTS} s WHERE {where}",  # noqa: S608 - table names and placeholders only  # nosec B608
        where_params,
    )
    if periods is None:
        measured, measured_params = f"SELECT id AS indicator_id FROM {sql.INDICATORS}", []  # noqa: S608 - table names and placeholders only  # nosec B608
    return SnapshotsRead(
        "", [], sql.SNAPSHOTS, f"WHERE {where}", where_params, measured, measured_params
    )


def by_country(sums: dict[tuple, tuple]) -> dict[int, dict[tuple, tuple]]:
    """stored_sums' groups, per country and keyed without it (rollup_figures' partial_sums)."""
    countries: dict[int, dict[tuple, tuple]] = defaultdict(dict)
    for (country_id, *group), row in sums.items():
        countries[country_id][tuple(group)] = row
    return countries


def kept_sums(rollups) -> dict[tuple, tuple] | None:
    """The sums the roll-up snapshots (a queryset) kept, as stored_sums gives them for one
    country: {(scope, key, period): sums}; None when one of them kept none (stored before
    roll-ups kept their sums)."""
    kept = {}
    key_fields = [key_field for _scope, key_field, _attribute in ROLLUP_SCOPES]
    for row in rollups.values_list(
        "scope", "period_id", *key_fields, *SUM_FIELDS, "indicator_count"
    ):
        scope, period_id, *keys = row[: 2 + len(key_fields)]
        sums = row[2 + len(key_fields) :]
        if sums[0] is None:
            return None
        key = next((k for k in keys if k is not None), None)
        kept[(scope, key, period_id)] = sums
    return kept


def moved_sums(kept, before, after) -> dict[tuple, tuple] | None:
    """The roll-ups' sums after an approval: those they kept, less the touched indicators'
    sums before it, plus theirs after it (each as stored_sums gives them for one country).
    A roll-up left with no indicator goes. None when the kept sums cannot have included
    what the indicators added before (a link changed without a recompute of the country):
    the caller sums the country's indicators afresh."""
    sums = dict(kept)
    for group, row in after.items():
        sums[group] = tuple(a + (b or 0) for a, b in zip(sums.get(group, _ZERO), row, strict=True))
    for group, row in before.items():
        sums[group] = tuple(a - (b or 0) for a, b in zip(sums.get(group, _ZERO), row, strict=True))
    # (The sums themselves may be below zero: an indicator falling back anticipates less
    # than nothing. Its counts may not.)
    if any(min(row[1], row[3], row[4], row[5]) < 0 for row in sums.values()):
        return None
    return {group: row for group, row in sums.items() if row[-1]}


_ZERO = (0,) * (len(SUM_FIELDS) + 1)
