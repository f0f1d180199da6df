"""Indicator series: each indicator's snapshots as of every period since its first report.

On PostgreSQL the database computes them set-wise (sql.INDICATOR_SERIES) and merges them
into the table without passing through Python; on SQLite, Python walks the (indicator ×
period) groups (indicators.indicator_figures), which remains the reference: tests compare
the two.
"""

from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from monitoring.dashboards.engine import sql
from monitoring.dashboards.engine.figures import Scope, countries_with_data
from monitoring.dashboards.engine.indicators import grouped_values, indicator_figures
from monitoring.dashboards.engine.method import year_of
from monitoring.dashboards.engine.store import indicator_snapshots, store
from monitoring.dashboards.engine.sums import hash_joins


def store_indicator_snapshots(
    country_id, rules, periods, now, indicator_ids=None, since=None, meanwhile=None
):
    """Compute the indicator snapshots of one country (None: every country), of the given
    indicators only if any are given, for the periods starting on `since` or later (the
    series still start from the first report), and put them in place of the stored ones.
    `meanwhile` (Python that never touches the database) runs in a second thread while
    the database computes them; its result is returned."""
    if connection.vendor == "postgresql":
        return store_indicator_series(periods, now, country_id, indicator_ids, since, meanwhile)
    kept = {p.pk for p in periods if since is None or p.start >= since}
    indicator_snapshots(country_id, indicator_ids, kept).delete()
    for country in countries_with_data() if country_id is None else [country_id]:
        grouped = grouped_values(country, rules, indicator_ids)
        figures = indicator_figures(country, rules, grouped, periods)
        store([f for f in figures if f.period_id in kept], now)
    return meanwhile() if meanwhile else None


def store_indicator_series(
    periods, now, country_id=None, indicator_ids=None, since=None, meanwhile=None
):
    """The indicator snapshots of one country or all, of some indicators or all, computed
    by the database and merged into the stored ones in one statement. Writing is what
    costs most: a full recompute over values that did not change writes no indicator
    snapshot at all. `meanwhile`: as for store_indicator_snapshots (its thread starts once
    the statement is ready to go, so that the two do not take turns at the interpreter
    while it is prepared)."""
    if not periods:
        indicator_snapshots(country_id, indicator_ids, None).delete()
        return meanwhile() if meanwhile else None
    statement, params = series_statement(periods, now, country_id, indicator_ids, since)
    with connection.cursor() as cursor:
        # Sorts of a few hundred thousand rows stay in memory instead of spilling to disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        # Whole series merge into the table by hash joins. Planned as a nested loop, the
        # merge rescans the table once per computed row, and where the table starts empty
        # (a new database: the planner trusts its zero pages) every rescan also reads the
        # rows this statement has inserted so far: the first full recompute of a large
        # network took minutes instead of seconds.
        with hash_joins(cursor, indicator_ids is None), ThreadPoolExecutor(1) as beside:
            meanwhile_done = beside.submit(meanwhile) if meanwhile else None
            cursor.execute(statement, params)
    return meanwhile_done.result() if meanwhile_done else None


def series_statement(periods, now, country_id, indicator_ids, since) -> tuple[str, list]:
    """sql.INDICATOR_SERIES with its fields filled, and its parameters."""
    period_params = [
        item
        for number, period in enumerate(periods)
        for item in (period.pk, number, period.start, year_of(period.end))
    ]
    where, where_params = "v.is_approved AND v.value IS NOT NULL", []
    if country_id is not None:
        where += " AND v.country_id = %s"
        where_params.append(country_id)
    only, only_params = "", []
    if indicator_ids is not None:
        where += f" AND v.indicator_id IN ({sql.placeholders(indicator_ids)})"
        where_params.extend(indicator_ids)
        only, only_params = f"i.id IN ({sql.placeholders(indicator_ids)})", list(indicator_ids)
    # Snapshots are written from this period on (the series still start from the first
    # report): earlier periods' figures do not depend on what changed.
    first_kept = next(
        (n for n, period in enumerate(periods) if since is None or period.start >= since),
        len(periods),
    )
    kept = [period.pk for period in periods[first_kept:]] if first_kept else None
    stored_where, stored_params = stored_filter(country_id, indicator_ids, kept)
    statement = sql.INDICATOR_SERIES.format(
        period_rows=", ".join(["(%s::bigint, %s::int, %s::date, %s::float8)"] * len(periods)),
        where=where,
        only_latest=f" AND {only}" if only else "",
        only_rules=f"WHERE {only}" if only else "",
        stored_where=stored_where,
    )
    period_ids = [period.pk for period in periods]
    params = [
        *period_params,
        *where_params,
        *only_params,
        *where_params,
        *only_params,
        *stored_params,
        period_ids,
        period_ids,
        *sql.SERIES_CLASSES,
        len(periods),
        # (The bound p.ord < n is always true: with it, the planner expects a few periods
        # per reported row, not a thousand, and chooses its join by the number of rows
        # that are really computed.)
        first_kept,
        len(periods),
        Scope.INDICATOR,
        now,
        Scope.INDICATOR,
        now,
    ]
    return statement, params


def stored_filter(country_id, indicator_ids, period_ids) -> tuple[str, list]:
    """SQL selecting the stored snapshots s that the computed ones replace (as
    store.indicator_snapshots selects them), and its parameters."""
    where, params = "s.scope = %s", [Scope.INDICATOR]
    if country_id is not None:
        where += " AND s.country_id = %s"
        params.append(country_id)
    if indicator_ids is not None:
        where += f" AND s.indicator_id IN ({sql.placeholders(indicator_ids)})"
        params.extend(indicator_ids)
    if period_ids is not None:
        where += f" AND s.period_id IN ({sql.placeholders(period_ids)})"
        params.extend(period_ids)
    return where, params
