"""Objectives, priorities, SDG goals and countries averaged from their indicators
(method.Rollup), and the region from its countries (method.rollup_status)."""

from collections import defaultdict

from monitoring.dashboards.engine.activity import scope_activity
from monitoring.dashboards.engine.figures import (
    Figure,
    Scope,
    is_wanted,
    roadmap_scopes,
    scope_keys,
)
from monitoring.dashboards.engine.method import Rollup, rollup_status


def rollup_figures(
    country_id,
    rules,
    indicator_figures_,
    wanted: dict[str, set | None],
    partial_sums=None,
    scopes=None,
    activity=None,
) -> list[Figure]:
    """Objectives, priorities, SDG goals and the country, averaged from their indicators.

    `wanted` names the keys to compute for each scope (None: all of them).
    `partial_sums` adds indicators that are not among the figures, already summed:
    {(scope, key, period_id): (current_sum, currents, expected_sum, expecteds, achieved,
    members)}. `scopes` is roadmap_scopes(rules), when the caller already has it.
    """
    rollups: dict[tuple, Rollup] = defaultdict(Rollup)
    for group, sums in (partial_sums or {}).items():
        rollups[group].add_sums(*sums)
    keys_of: dict[int, list] = {}
    for figure in indicator_figures_:
        keys = keys_of.get(figure.key)
        if keys is None:
            keys = keys_of[figure.key] = [
                (scope, key)
                for scope, key in scope_keys(rules[figure.key])
                if is_wanted(wanted, scope, key)
            ]
        for scope, key in keys:
            rollups[(scope, key, figure.period_id)].add(figure)

    if activity is None:
        activity = scope_activity(country_id, scopes or roadmap_scopes(rules), wanted)
    figures = []
    for (scope, key, period_id), rollup in rollups.items():
        current, anticipated, status_class = rollup.status()
        reports, organizations = activity.get((scope, key, period_id), (0, 0))
        figures.append(
            Figure(
                scope=scope,
                country_id=country_id,
                period_id=period_id,
                key=key,
                current=current,
                anticipated=anticipated,
                status_class=status_class,
                reports=reports,
                organizations=organizations,
                indicators=rollup.members,
                sums=rollup.sums(),
            )
        )
    return figures


def region_figures(country_figures: list[Figure]) -> list[Figure]:
    """The region: for the country as a whole, each priority and each SDG goal, the simple
    average of the countries."""
    members: dict[tuple, list[Figure]] = defaultdict(list)
    for figure in country_figures:
        if figure.scope in (Scope.COUNTRY, Scope.PRIORITY, Scope.SDG_GOAL):
            members[(figure.scope, figure.key, figure.period_id)].append(figure)
    figures = []
    for (scope, key, period_id), group in members.items():
        current, anticipated, status_class = rollup_status(group)
        figures.append(
            Figure(
                scope=scope,
                country_id=None,
                period_id=period_id,
                key=key,
                current=current,
                anticipated=anticipated,
                status_class=status_class,
                reports=sum(f.reports for f in group),
                organizations=sum(f.organizations for f in group),
                indicators=sum(f.indicators for f in group),
            )
        )
    return figures
