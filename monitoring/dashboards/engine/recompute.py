"""Recomputes: the whole network, what an approval touched in one country, or one
country's counts alone. Every recompute of a country also counts afresh its
recommendations by the network's position (commitments/implementation.py) and its
enterprises' current rating (enterprises/figures.py).

Each runs in one transaction that holds its countries' locks and, for the region's
roll-up at its end, the region's (locks.py), and ends by advancing the dashboards'
generation. Snapshots are updated in place: one that came out the same is not written.
"""

import gc
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from monitoring.commitments import implementation
from monitoring.dashboards.engine.activity import (
    group_reports,
    report_groups,
    report_rows,
    reported_scopes,
    scope_activity,
    scope_rows,
    scopes_of_roadmaps,
)
from monitoring.dashboards.engine.figures import (
    ROLLUP_KEYS,
    ROLLUP_SCOPES,
    Scope,
    countries_with_data,
    roadmap_scopes,
)
from monitoring.dashboards.engine.indicators import load_rules, snapshot_periods
from monitoring.dashboards.engine.locks import advance, lock_countries, lock_region
from monitoring.dashboards.engine.rollups import region_figures, rollup_figures
from monitoring.dashboards.engine.series import store_indicator_snapshots
from monitoring.dashboards.engine.store import (
    analyze_if_unknown,
    index_stored,
    replace,
    store,
    stored_figures,
    stored_rows,
    tidy_snapshots,
)
from monitoring.dashboards.engine.sums import by_country, kept_sums, moved_sums, stored_sums
from monitoring.dashboards.models import PendingRecompute, ProgressSnapshot
from monitoring.enterprises import figures as rating_figures

EVERYTHING = dict.fromkeys(ROLLUP_KEYS)  # Every key of every roll-up scope.


def recompute_all() -> int:
    """Rebuild every snapshot of every country and the region; drain every pending request
    seen at the start. Returns the new generation."""
    with _collector_paused():
        generation = _recompute_all()
    tidy_snapshots()
    return generation


@contextmanager
def _collector_paused():
    """Python's cycle collector paused for a while (reference counting still frees what
    is not in a cycle, and the collector catches up once resumed). A full recompute holds
    a few hundred thousand objects until it ends (report rows and groups, stored
    roll-ups, sums), and each full collection the allocations trigger walks all of them:
    at large scale, one or two pauses of 50 ms each."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@transaction.atomic
def _recompute_all() -> int:
    countries = countries_with_data()
    lock_countries(countries)
    state = lock_region()
    pending = list(PendingRecompute.objects.select_for_update().values_list("pk", flat=True))
    now = timezone.now()
    # The database computes the indicators on PostgreSQL: the roll-ups need the scopes of
    # each roadmap only, not every indicator's rules.
    postgresql = connection.vendor == "postgresql"
    rules = {} if postgresql else load_rules()
    # What the roll-ups need besides their indicators' sums is read first, and worked out
    # by a second thread while the database computes the indicators (the thread never
    # touches the database; the statement leaves the roll-ups' rows alone). The machine's
    # second core does in the meantime what would otherwise follow.
    roadmap_rows = scope_rows(None) if postgresql else None
    reports = report_rows()
    stored = stored_rows(ProgressSnapshot.objects.exclude(scope=Scope.INDICATOR))

    def prepare():
        if postgresql:
            scopes = scopes_of_roadmaps(roadmap_rows, EVERYTHING)
        else:
            scopes = roadmap_scopes(rules)
        groups = group_reports(reports)
        activity = {
            country_id: scope_activity(country_id, scopes, EVERYTHING, groups=groups[country_id])
            for country_id in countries
        }
        return activity, index_stored(stored)

    activity, stored = store_indicator_snapshots(
        None, rules, snapshot_periods(), now, meanwhile=prepare
    )
    sums = by_country(stored_sums())
    country_level = [
        figure
        for country_id in countries
        for figure in rollup_figures(
            country_id,
            rules,
            [],
            EVERYTHING,
            partial_sums=sums[country_id],
            activity=activity[country_id],
        )
    ]
    replace([*country_level, *region_figures(country_level)], stored, now)
    _store_counts(countries, now)
    PendingRecompute.objects.filter(pk__in=pending).delete()
    return advance(state, now)


@transaction.atomic
def recompute_country(*, country_id: int, indicator_ids=None, since=None) -> int:
    """Recompute what an approval touched in one country: the given indicators' snapshots,
    the objectives, priorities and SDG goals above them, the country and the region, in
    the periods from the one starting on `since` on (figures of a period depend on the
    values up to it only). With no indicators given, the whole country. Other countries
    recompute at the same time; only the region's roll-up waits for theirs. Returns the
    new generation."""
    lock_countries([country_id])
    now = timezone.now()
    periods = snapshot_periods()
    if indicator_ids is None:
        affected = [p.pk for p in periods]  # The whole country, every period.
        rules, wanted, sums = _whole_country(country_id, periods, now)
    else:
        affected = [p.pk for p in periods if since is None or p.start >= since]
        rules, wanted, sums = _touched(country_id, set(indicator_ids), periods, since, now)
    # The reports behind the scopes, on every roadmap the country reported on.
    groups = report_groups(country_id, affected)[country_id]
    if indicator_ids is None:
        scopes = roadmap_scopes(rules)
    else:
        scopes = reported_scopes(list(groups), wanted)
    activity = scope_activity(country_id, scopes, wanted, groups=groups)
    store(rollup_figures(country_id, rules, [], wanted, partial_sums=sums, activity=activity), now)
    _store_counts([country_id], now)
    state = lock_region()
    _recompute_region(affected, now)
    return advance(state, timezone.now())


@transaction.atomic
def recompute_counts(*, country_id: int) -> int:
    """Count one country's commitments and ratings afresh (an assessment of a
    recommendation or an enterprise's was approved, recommendations were imported); its
    progress figures stay as they are. Returns the new generation."""
    lock_countries([country_id])
    _store_counts([country_id], timezone.now())
    return advance(lock_region(), timezone.now())


def _store_counts(country_ids, now) -> None:
    """What the countries' dashboards count besides the progress: their recommendations by
    the network's position, their enterprises' current rating."""
    implementation.store_snapshots(country_ids, now)
    rating_figures.store_snapshots(country_ids, now)


def _whole_country(country_id, periods, now) -> tuple[dict, dict, dict]:
    """Every indicator snapshot of the country computed afresh, its roll-ups cleared:
    (rules, wanted keys, the roll-ups' sums)."""
    rules = load_rules()
    ProgressSnapshot.objects.filter(country_id=country_id).exclude(scope=Scope.INDICATOR).delete()
    store_indicator_snapshots(country_id, rules, periods, now)
    affected = [p.pk for p in periods]
    analyze_if_unknown(affected)
    sums = by_country(stored_sums(country_id, EVERYTHING, periods=affected))[country_id]
    return rules, EVERYTHING, sums


def _touched(country_id, touched: set, periods, since, now) -> tuple[dict, dict, dict]:
    """What an approval touched: its indicators, and the objectives, priorities, SDG goals
    and country above them, in the periods from its own on. Their roll-ups' sums are those
    they kept, less what the touched indicators' snapshots added to them before, plus what
    they add now: the country's other indicators are not read at all. Returns (rules,
    wanted keys, the roll-ups' sums)."""
    affected = [p.pk for p in periods if since is None or p.start >= since]
    rules = load_rules(touched)
    wanted = {
        scope: {key for rule in rules.values() for key in getattr(rule, attribute)}
        for scope, _field, attribute in ROLLUP_SCOPES
    }
    wanted[Scope.COUNTRY] = {None}
    above = [
        Q(scope=scope, **{f"{key_field}__in": wanted[scope]})
        for scope, key_field, _attribute in ROLLUP_SCOPES
    ]
    rollups = ProgressSnapshot.objects.filter(
        reduce(or_, above, Q(scope=Scope.COUNTRY)), country_id=country_id, period_id__in=affected
    )
    kept = kept_sums(rollups)
    if kept is not None:
        before = by_country(stored_sums(country_id, wanted, affected, touched))[country_id]
    rollups.delete()
    store_indicator_snapshots(country_id, rules, periods, now, touched, since)
    analyze_if_unknown(affected)
    sums = None
    if kept is not None:
        after = by_country(stored_sums(country_id, wanted, affected, touched))[country_id]
        sums = moved_sums(kept, before, after)
    if sums is None:
        sums = by_country(stored_sums(country_id, wanted, periods=affected))[country_id]
    return rules, wanted, sums


def _recompute_region(period_ids, now) -> None:
    """The region's figures in these periods, from every country's (read through the
    country index). Under the region's lock: every other country's recompute that took it
    before has committed."""
    country_level = stored_figures(
        ProgressSnapshot.objects.filter(
            country_id__in=countries_with_data(),
            scope__in=[Scope.COUNTRY, Scope.PRIORITY, Scope.SDG_GOAL],
            period_id__in=period_ids,
        )
    )
    ProgressSnapshot.objects.filter(country__isnull=True, period_id__in=period_ids).delete()
    store(region_figures(country_level), now)
