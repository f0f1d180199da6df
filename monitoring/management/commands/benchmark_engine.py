import resource
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection

from monitoring import engine
from monitoring.models import IndicatorValue, ProgressReport

GROUPED = """
    SELECT country_id, indicator_id, period_id, SUM(value), AVG(value), COUNT(*)
    FROM monitoring_indicatorvalue
    WHERE is_approved AND value IS NOT NULL
    GROUP BY country_id, indicator_id, period_id
"""


def timed(function, repeat: int) -> float:
    """The median wall time of `repeat` runs, in seconds."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


class Command(BaseCommand):
    help = (
        "Measure the dashboard engine on the data in the database: a full recompute next "
        "to one grouped SQL query over the same approved values, and the recompute after "
        "one approval. Run it on a throwaway database (generate_scale_data fills one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, repeat, **options):
        values = IndicatorValue.objects.filter(is_approved=True).count()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        def grouped():
            with connection.cursor() as cursor:
                cursor.execute(GROUPED)
                cursor.fetchall()

        query = timed(grouped, repeat)
        full = timed(engine.recompute_all, repeat)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        report = (
            ProgressReport.objects.filter(status="approved")
            .select_related("organization")
            .order_by("pk")
            .first()
        )
        indicator_ids = list(report.values.values_list("indicator_id", flat=True))
        one = timed(
            lambda: engine.recompute_country(
                country_id=report.organization.country_id, indicator_ids=indicator_ids
            ),
            repeat,
        )
        rows = [
            ("approved values", f"{values:,}"),
            ("database", connection.vendor),
            ("one grouped SQL query (median)", f"{query:.3f} s"),
            ("full recompute, all countries (median)", f"{full:.3f} s"),
            ("ratio full recompute / grouped query", f"{full / query:.1f}×"),
            (f"recompute after one approval ({len(indicator_ids)} indicators)", f"{one:.3f} s"),
            ("peak memory of this process (RSS)", f"{rss_after / 1024:.0f} MB"),
            ("peak memory before the recomputes", f"{rss_before / 1024:.0f} MB"),
        ]
        width = max(len(label) for label, _value in rows)
        for label, value in rows:
            self.stdout.write(f"{label:<{width}}  {value}")
