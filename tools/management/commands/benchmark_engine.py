import resource

from django.core.management.base import BaseCommand
from django.db import connection

from tools.bench import engine_figures


class Command(BaseCommand):
    help = (
        "Measure the dashboard engine on the data in the database: a full recompute next "
        "to one grouped SQL query over the same approved values, and the recompute after "
        "one approval. Run it on a throwaway database (generate_scale_data fills one); "
        "`manage.py bench` measures everything else too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        figures = engine_figures(repeat)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows = [
            ("approved values", f"{figures['values']:,}"),
            ("database", connection.vendor),
            ("one grouped SQL query (median)", f"{figures['grouped_query']:.3f} s"),
            ("full recompute, all countries (median)", f"{figures['full_recompute']:.3f} s"),
            ("ratio full recompute / grouped query", f"{figures['full_ratio']:.1f}×"),
            (
                f"recompute after one approval ({figures['approval_indicators']} indicators)",
                f"{figures['approval_recompute']:.3f} s",
            ),
            ("peak memory of this process (RSS)", f"{rss / 1024:.0f} MB"),
        ]
        width = max(len(label) for label, _value in rows)
        for label, value in rows:
            self.stdout.write(f"{label:<{width}}  {value}")
