"""Writing snapshots (COPY on PostgreSQL), putting computed figures in place of the stored
ones, and keeping the snapshot table's statistics right for the planner."""

from django.db import connection

from monitoring.dashboards.engine import sql
from monitoring.dashboards.engine.figures import SNAPSHOT_COLUMNS, Figure, Scope
from monitoring.dashboards.models import (
    ProgressSnapshot,
)


def stored_figures(queryset) -> list[Figure]:
    """Stored snapshots back as figures, read as plain rows (tens of thousands of them in
    a large country: building model instances would cost more than the rest)."""
    key_position = {
        Scope.INDICATOR: 3,
        Scope.OBJECTIVE: 4,
        Scope.PRIORITY: 5,
        Scope.SDG_GOAL: 6,
    }
    figures = []
    for row in queryset.values_list(*SNAPSHOT_COLUMNS[:-1]).iterator(chunk_size=5000):
        scope = row[0]
        figures.append(
            Figure(
                scope=scope,
                country_id=row[1],
                period_id=row[2],
                key=row[key_position[scope]] if scope in key_position else None,
                value=row[7],
                period_value=row[8],
                current=row[9],
                anticipated=row[10],
                status_class=row[11],
                reports=row[12],
                organizations=row[13],
                indicators=row[14],
                sums=None if row[15] is None else row[15:20],
            )
        )
    return figures


def store(figures: list[Figure], now) -> None:
    if connection.vendor != "postgresql":
        ProgressSnapshot.objects.bulk_create((f.as_model(now) for f in figures), batch_size=2000)
        return
    # COPY writes tens of thousands of snapshots an order of magnitude faster than INSERT;
    # the rows are written as COPY's text format directly (numbers, codes and a timestamp:
    # nothing that needs escaping), in large blocks.
    table = ProgressSnapshot._meta.db_table
    stamp = now.isoformat()
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(SNAPSHOT_COLUMNS)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            lines = []
            for figure in figures:
                lines.append(
                    "\t".join(["\\N" if v is None else str(v) for v in figure.as_row(stamp)])
                )
                if len(lines) == 10000:
                    copy.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                copy.write("\n".join(lines) + "\n")


_KEY_COLUMNS = 7  # scope, country, period and the scope's own key


_FIGURE_COLUMNS = len(SNAPSHOT_COLUMNS) - 1  # computed_at aside


def stored_rows(stored) -> list[tuple]:
    """The id and columns (computed_at aside) of the stored snapshots (a queryset)."""
    return list(stored.values_list("pk", *SNAPSHOT_COLUMNS[:_FIGURE_COLUMNS]))


def index_stored(rows) -> tuple[dict, list]:
    """stored_rows by their keys, for replace: ({key: (id, figures)}, [ids of twins])."""
    existing: dict[tuple, tuple] = {}
    twins = []
    for pk, *row in rows:
        key = tuple(row[:_KEY_COLUMNS])
        if key in existing:
            twins.append(pk)  # One of them is enough.
        else:
            existing[key] = (pk, tuple(row[_KEY_COLUMNS:]))
    return existing, twins


def replace(figures: list[Figure], stored: tuple[dict, list], now) -> None:
    """Put the figures in place of the stored snapshots (index_stored's): a snapshot that
    came out the same is left as it is (its computed_at says when its figures last
    changed), a changed one is written anew, and a stored one that is not among the
    figures goes. A full recompute over values that did not change writes nothing."""
    columns, keys = _FIGURE_COLUMNS, _KEY_COLUMNS
    existing, twins = stored
    existing, gone = dict(existing), list(twins)
    fresh = []
    for figure in figures:
        row = figure.as_row(now)
        key = row[:keys]
        pk, figures_then = existing.pop(key, (None, None))
        if figures_then != row[keys:columns]:
            fresh.append(figure)
            if pk is not None:
                gone.append(pk)
    gone.extend(pk for pk, _figures in existing.values())
    for start in range(0, len(gone), 5000):
        ProgressSnapshot.objects.filter(pk__in=gone[start : start + 5000]).delete()
    store(fresh, now)


def _period_statistics(cursor) -> tuple | None:
    """What the planner's statistics say of the snapshots' periods: (the periods they list,
    their number, negative for a share of the rows), or None before any statistics."""
    cursor.execute(sql.PERIOD_STATISTICS, [sql.SNAPSHOTS])
    return cursor.fetchone()


def analyze_if_unknown(period_ids) -> None:
    """Refresh the snapshot table's statistics when they do not know one of these periods
    although they list every period they know (a quarter that began since the last full
    recompute): the planner would expect one snapshot of that period where a country has
    hundreds, and pick a nested loop that takes seconds for an approval's roll-up sums."""
    if connection.vendor != "postgresql" or not period_ids:
        return
    table = ProgressSnapshot._meta.db_table
    with connection.cursor() as cursor:
        row = _period_statistics(cursor)
        if row is not None:
            listed, distinct = row
            if listed is None or distinct < 0 or len(listed) < distinct:
                return  # Periods beyond the list are estimated from their number.
            if set(period_ids) <= set(listed):
                return
        cursor.execute(f"ANALYZE {table}")


def tidy_snapshots() -> None:
    """After a full recompute: the old versions of the snapshots cleared (autovacuum would
    come to them minutes later, or never where it is off), and the table's statistics
    refreshed when the planner's picture of it is out of date: no statistics yet (a new
    database), a size that moved by more than a tenth (a network that grew), or a period
    that the statistics do not know (a quarter that began: without it the planner expects
    one snapshot of that period where a country has hundreds, and an approval's sums take
    seconds instead of milliseconds). Snapshots are updated in place, so otherwise their
    spread does not change from one recompute to the next, and sampling the table each time
    would cost more than the rest of the tidying. Outside any transaction only."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    table = ProgressSnapshot._meta.db_table
    with connection.cursor() as cursor:
        # Read before VACUUM, which sets the size estimate to the table's new size. The
        # periods with snapshots are those of the region's own figures (a few rows, read
        # through the country index).
        cursor.execute(sql.SNAPSHOT_COUNTS, [Scope.COUNTRY, table])
        rows, periods, estimated = cursor.fetchone()
        statistics = _period_statistics(cursor)
        known_periods = statistics[1] if statistics else None
        # Every page, not only those with old versions: a VACUUM that skips pages estimates
        # the row count from the ones it read, and the estimate drifts run after run.
        cursor.execute(f"VACUUM (DISABLE_PAGE_SKIPPING) {table}")
        if known_periods is not None and known_periods < 0:
            known_periods = -known_periods * estimated  # A share of the rows.
        if (
            known_periods is None
            or round(known_periods) != periods
            or abs(rows - estimated) > rows / 10
        ):
            cursor.execute(f"ANALYZE {table}")


def indicator_snapshots(country_id, indicator_ids, period_ids):
    """The stored indicator snapshots of the country (None: all), of the indicators (None:
    all), in the periods (None: all): what a recompute of that scope replaces."""
    stored = ProgressSnapshot.objects.filter(scope=Scope.INDICATOR)
    if country_id is not None:
        stored = stored.filter(country_id=country_id)
    if indicator_ids is not None:
        stored = stored.filter(indicator_id__in=indicator_ids)
    if period_ids is not None:
        stored = stored.filter(period_id__in=period_ids)
    return stored
