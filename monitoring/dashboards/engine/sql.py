"""The SQL of the dashboard engine: the statements PostgreSQL runs to compute the same
figures as engine/method.py set-wise, and the reads and sums the roll-ups need.

Each statement is a constant with the models' table names and the method's thresholds and
precision filled in; what varies from call to call (filters, lists of placeholders) is a
{{name}} field filled by the caller with SQL fragments made of column names and
placeholders only. Every value travels as a query parameter.
tests/monitoring/test_engine_sql_matches_method.py checks INDICATOR_SERIES against the
method on generated series.
"""

from monitoring.dashboards.engine import method
from monitoring.dashboards.models import ProgressSnapshot, StatusClass
from monitoring.reporting.models import IndicatorValue, ProgressReport
from monitoring.roadmaps.models import RoadmapIndicator
from monitoring.sdg.models import SdgTarget
from organizations.models import Organization
from priorities.models import Objective

VALUES = IndicatorValue._meta.db_table
REPORTS = ProgressReport._meta.db_table
ORGANIZATIONS = Organization._meta.db_table
INDICATORS = RoadmapIndicator._meta.db_table
OBJECTIVE_LINKS_TABLE = RoadmapIndicator.objectives.through._meta.db_table
TARGET_LINKS_TABLE = RoadmapIndicator.sdg_targets.through._meta.db_table
OBJECTIVES = Objective._meta.db_table
TARGETS = SdgTarget._meta.db_table
SNAPSHOTS = ProgressSnapshot._meta.db_table


def placeholders(items) -> str:
    """One placeholder per item, for an IN list (NULL for none: IN () is no SQL)."""
    return ", ".join(["%s"] * len(items)) or "NULL"


# The method's constants as SQL literals.
SCALE = f"1e{method.DECIMALS}"  # Statuses are rounded to whole millionths.
ON_TRACK = repr(method.ON_TRACK)
ACCELERATION_NEEDED = repr(method.ACCELERATION_NEEDED)
LIMITED_PROGRESS = repr(method.LIMITED_PROGRESS)
FLAT = repr(method.FLAT)
# The status classes in the order INDICATOR_SERIES takes them as parameters.
SERIES_CLASSES = [
    StatusClass.ACHIEVED,
    StatusClass.INSUFFICIENT,
    StatusClass.ON_TRACK,
    StatusClass.ACCELERATION,
    StatusClass.LIMITED,
    StatusClass.REGRESSING,
]

# (country, roadmap, period, organisation) of each approved report {where} selects (on the
# reports r and their organisations o).
REPORT_ROWS = (
    "SELECT o.country_id, r.roadmap_id, r.period_id, r.organization_id "  # noqa: S608 - table names and placeholders only  # nosec B608
    f"FROM {REPORTS} r JOIN {ORGANIZATIONS} o ON o.id = r.organization_id WHERE {{where}}"
)

# (roadmap, objective, priority, NULL) for each objective of a roadmap's indicators, and
# (roadmap, NULL, NULL, SDG goal) for each goal of their targets; {roadmaps}: an optional
# WHERE on the indicators i (given twice, once per branch).
SCOPE_ROWS = (
    "SELECT DISTINCT i.roadmap_id, o.id, o.priority_id, CAST(NULL AS BIGINT) FROM "  # noqa: S608 - table names and placeholders only  # nosec B608
    f"{INDICATORS} i LEFT JOIN {OBJECTIVE_LINKS_TABLE} l ON l.roadmapindicator_id = i.id "
    f"LEFT JOIN {OBJECTIVES} o ON o.id = l.objective_id {{roadmaps}}"
    "UNION SELECT DISTINCT i.roadmap_id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), "
    "t.goal_id FROM "
    f"{INDICATORS} i JOIN {TARGET_LINKS_TABLE} l ON l.roadmapindicator_id = i.id "
    f"JOIN {TARGETS} t ON t.id = l.sdgtarget_id {{roadmaps}}"
)

# (indicator_id, objective_id, priority_id) of each objective link; {only}: an optional
# WHERE on the links l. The CTE `linked` of the roll-ups' sums.
OBJECTIVE_LINKS = (
    "SELECT l.roadmapindicator_id AS indicator_id, l.objective_id, o.priority_id "  # noqa: S608 - table names and placeholders only  # nosec B608
    f"FROM {OBJECTIVE_LINKS_TABLE} l JOIN {OBJECTIVES} o ON o.id = l.objective_id{{only}}"
)

# (indicator_id, key) once per indicator and SDG goal of its targets; {only} as above.
GOAL_PAIRS = (
    "SELECT DISTINCT l.roadmapindicator_id AS indicator_id, "  # noqa: S608 - table names and placeholders only  # nosec B608
    f"t.goal_id AS key FROM {TARGET_LINKS_TABLE} l "
    f"JOIN {TARGETS} t ON t.id = l.sdgtarget_id{{only}}"
)

# What the planner's statistics say of the snapshots' periods: (the periods they list,
# their number, negative for a share of the rows). Parameter: the table's name.
PERIOD_STATISTICS = (
    "SELECT most_common_vals::text::bigint[], n_distinct FROM pg_stats "
    "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'period_id'"
)

# (snapshots, the region's country figures (one per period), the planner's row estimate).
# Parameters: the country scope, the table's name.
SNAPSHOT_COUNTS = (
    f"SELECT (SELECT COUNT(*) FROM {SNAPSHOTS}), "  # noqa: S608 - table names and placeholders only  # nosec B608
    f"(SELECT COUNT(*) FROM {SNAPSHOTS} WHERE country_id IS NULL AND scope = %s), "
    "reltuples FROM pg_class WHERE oid = %s::regclass"
)

# A roll-up's sums over the indicator snapshots s it groups (method.Rollup.sums, in whole
# millionths; the integers' sum cast back to an integer, as PostgreSQL sums big integers
# as numeric): current sum, currents, expected sum, expecteds, achieved, members.
# Parameters: MILLION, ACHIEVED, MILLION, MILLION, ACHIEVED, ACHIEVED.
ROLLUP_SUMS = (
    "CAST(SUM(CAST(ROUND(s.current_status * %s) AS BIGINT)) AS BIGINT), "
    "COUNT(s.current_status), "
    "CAST(SUM(CASE WHEN s.status_class = %s THEN %s "
    "ELSE CAST(ROUND(s.anticipated_progress * %s) AS BIGINT) END) AS BIGINT), "
    "COUNT(CASE WHEN s.status_class = %s THEN 1.0 ELSE s.anticipated_progress END), "
    "SUM(CASE WHEN s.status_class = %s THEN 1 ELSE 0 END), COUNT(*)"
)

# Decimal.quantize (FOUR_PLACES) rounds half to even; round() in PostgreSQL rounds half
# away from zero. At a tie, twice the rounded half is the even neighbour.
HALF_EVEN_4 = """
    CASE WHEN abs({x} * 10000 - trunc({x} * 10000)) = 0.5
         THEN round(2 * round({x} * 5000) / 10000, 4)
         ELSE round({x}, 4) END"""

# An indicator's combined value in a period (method: sum, mean or the latest report's).
# Values have four decimals: a sum or a single value needs no rounding, a mean does.
COMBINED = (
    "CASE i.aggregation WHEN 'sum' THEN g.total "
    f"WHEN 'mean' THEN {HALF_EVEN_4.format(x='g.mean')} ELSE l.value END"
)
# The target date as a fractional year (method.year_of).
TARGET_YEAR = "EXTRACT(YEAR FROM i.target_date)::int"

# Computes every indicator series of the values {where} selects and merges the snapshots
# into the table: returns nothing. Fields: {period_rows} (a VALUES row per period: id,
# position, start, fractional year of its end), {where} (on the values v), {only_latest}
# and {only_rules} (the indicators i in question), {stored_where} (the stored snapshots s
# the statement replaces). Parameters, in order: the periods' rows, where's, only_latest's,
# where's again, only_rules' (the same ids), stored_where's, the period ids twice, the six
# SERIES_CLASSES, the number of periods, the first period written, the number of periods,
# the indicator scope, the time stamp, the indicator scope, the time stamp.
#
# The same method as indicators.indicator_figures, in the same order of arithmetic: the
# values carried forward, cumulative stocks, RunningTrend's sums (window functions), then
# status_from_trend. Everything is computed on the reported (indicator, period) rows; each
# row then stands for itself and for the periods after it until the next report. A
# snapshot whose figures changed is updated in place (a heap-only update), a new one
# inserted, one no series reaches any more deleted, and one that came out the same left
# as it is (its computed_at says when its figures last changed). The CTEs whose columns
# are read several times are MATERIALIZED: inlined, their expressions would be evaluated
# once per reference.
INDICATOR_SERIES = f"""
    WITH periods (id, ord, start, t) AS (VALUES {{period_rows}}),
    grouped AS (
        SELECT v.country_id, v.indicator_id, v.period_id, SUM(v.value) AS total,
               SUM(v.value) / COUNT(*) AS mean, COUNT(*) AS n
        FROM {VALUES} v WHERE {{where}} GROUP BY 1, 2, 3
    ),
    -- "Latest": the value of the report approved last in the period (ties: the
    -- newest row).
    latest AS (
        SELECT DISTINCT ON (v.country_id, v.indicator_id, v.period_id) v.country_id,
               v.indicator_id, v.period_id, v.value
        FROM {VALUES} v
        -- (The touched indicators named here too: otherwise the planner reads
        -- every indicator of the network to find the few that take the latest.)
        JOIN {INDICATORS} i ON i.id = v.indicator_id AND i.aggregation = 'latest'
             {{only_latest}}
        JOIN {REPORTS} r ON r.id = v.report_id
        WHERE {{where}}
        ORDER BY v.country_id, v.indicator_id, v.period_id, r.reviewed_at DESC,
                 v.id DESC
    ),
    rules AS MATERIALIZED (
        SELECT i.id, i.aggregation, i.cumulative, i.baseline_value,
               i.baseline_value::float8 AS baseline, i.target_value::float8 AS target,
               {TARGET_YEAR} + (i.target_date - make_date({TARGET_YEAR}, 1, 1))::float8
                 / (make_date({TARGET_YEAR} + 1, 1, 1)
                    - make_date({TARGET_YEAR}, 1, 1))::float8 AS target_time
        FROM {INDICATORS} i {{only_rules}}
    ),
    reported AS MATERIALIZED (
        SELECT g.country_id, g.indicator_id, p.ord, p.t, {COMBINED} AS combined, g.n,
               i.cumulative, i.baseline_value, i.baseline, i.target, i.target_time
        FROM grouped g
        JOIN periods p ON p.id = g.period_id
        JOIN rules i ON i.id = g.indicator_id
        LEFT JOIN latest l ON l.country_id = g.country_id
             AND l.indicator_id = g.indicator_id AND l.period_id = g.period_id
    ),
    valued AS (
        SELECT r.*, first_value(r.t) OVER w AS origin,
               lead(r.ord) OVER w AS next_ord,
               CASE WHEN r.cumulative
                    THEN r.baseline_value + SUM(r.combined) OVER w
                    ELSE r.combined END AS value
        FROM reported r
        WINDOW w AS (PARTITION BY r.country_id, r.indicator_id ORDER BY r.ord
                     ROWS UNBOUNDED PRECEDING)
    ),
    pointed AS (
        SELECT v.*, v.value::float8 AS x, v.t - v.origin AS dt FROM valued v
    ),
    -- RunningTrend's sums, in the same order.
    summed AS (
        SELECT p.*, COUNT(*) OVER w AS tn, SUM(p.dt) OVER w AS st,
               SUM(p.x) OVER w AS sx, SUM(p.dt * p.dt) OVER w AS stt,
               SUM(p.dt * p.x) OVER w AS stx
        FROM pointed p
        WINDOW w AS (PARTITION BY p.country_id, p.indicator_id ORDER BY p.ord
                     ROWS UNBOUNDED PRECEDING)
    ),
    means AS (
        SELECT s.*, s.st / s.tn AS mean_t, s.sx / s.tn AS mean_x,
               s.stt - s.tn * (s.st / s.tn) * (s.st / s.tn) AS spread,
               s.target - s.baseline AS span
        FROM summed s
    ),
    -- (OFFSET 0 keeps each row's figures computed once, without storing the rows
    -- for a second reader as MATERIALIZED would.)
    judged AS (
        SELECT m.country_id, m.indicator_id, m.ord, m.next_ord,
               m.combined, m.n,
               m.value, m.x, m.baseline, m.span,
               CASE WHEN m.span > 0 THEN m.x >= m.target ELSE m.x <= m.target END
                   AS achieved,
               CASE WHEN m.span <> 0 AND m.tn >= 2 THEN round(
                 (m.mean_x + CASE WHEN m.spread > {FLAT}
                                  THEN (m.stx - m.tn * m.mean_t * m.mean_x) / m.spread
                                  ELSE 0.0 END
                           * (m.target_time - m.origin - m.mean_t)
                  - m.baseline) / m.span * {SCALE}) / {SCALE}
               END AS anticipated
        FROM means m OFFSET 0
    ),
    -- Where each series starts.
    firsts AS (
        SELECT r.country_id, r.indicator_id, MIN(r.ord) AS first_ord
        FROM reported r GROUP BY 1, 2
    ),
    -- The stored snapshots no series reaches any more (a value withdrawn, an
    -- indicator removed): each series covers the periods from its first report on.
    stale AS (
        DELETE FROM {SNAPSHOTS} s WHERE {{stored_where}} AND NOT EXISTS (
            SELECT 1 FROM firsts f
            WHERE f.country_id = s.country_id AND f.indicator_id = s.indicator_id
              AND array_position(%s::bigint[], s.period_id) > f.first_ord
        )
    )
    MERGE INTO {SNAPSHOTS} s USING (
    SELECT j.country_id, (%s::bigint[])[p.ord + 1] AS period_id, j.indicator_id,
           j.value, CASE WHEN p.ord = j.ord THEN j.combined END AS period_value,
           CASE WHEN j.span = 0 THEN CASE WHEN j.achieved THEN 1.0 ELSE 0.0 END
                ELSE round(LEAST(1.0, GREATEST(0.0, (j.x - j.baseline) / j.span)) * {SCALE})
                     / {SCALE} END AS current_status,
           j.anticipated,
           CASE WHEN j.achieved THEN %s WHEN j.anticipated IS NULL THEN %s
                WHEN j.anticipated >= {ON_TRACK} THEN %s
             WHEN j.anticipated >= {ACCELERATION_NEEDED} THEN %s
                WHEN j.anticipated >= {LIMITED_PROGRESS} THEN %s ELSE %s END AS status_class,
           CASE WHEN p.ord = j.ord THEN j.n ELSE 0 END AS reports
    -- (A set-returning function in the select list yields its rows one by one; in
    -- FROM, it would store them for each row first.)
    FROM (
        SELECT j.*, generate_series(j.ord, COALESCE(j.next_ord, %s) - 1) AS reach
        FROM judged j
    ) j
    CROSS JOIN LATERAL (SELECT j.reach AS ord) p
    WHERE p.ord >= %s AND p.ord < %s
    ) n
    ON s.scope = %s AND s.indicator_id = n.indicator_id AND s.country_id = n.country_id
       AND s.period_id = n.period_id
    WHEN MATCHED AND (s.value, s.period_value, s.current_status,
        s.anticipated_progress, s.status_class, s.report_count)
        IS DISTINCT FROM (n.value, n.period_value, n.current_status, n.anticipated,
        n.status_class, n.reports)
      THEN UPDATE SET value = n.value, period_value = n.period_value,
        current_status = n.current_status, anticipated_progress = n.anticipated,
        status_class = n.status_class, report_count = n.reports,
        organization_count = n.reports, indicator_count = 1, computed_at = %s
    WHEN NOT MATCHED THEN INSERT (scope, country_id, period_id, indicator_id, value,
        period_value, current_status, anticipated_progress, status_class,
        report_count, organization_count, indicator_count, computed_at)
      VALUES (%s, n.country_id, n.period_id, n.indicator_id, n.value, n.period_value,
        n.current_status, n.anticipated, n.status_class, n.reports, n.reports, 1, %s)
"""  # noqa: S608 - table names and placeholders only  # nosec B608
