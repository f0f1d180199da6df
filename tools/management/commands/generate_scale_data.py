import time

from django.core.management.base import BaseCommand
from django.db import connection

from tools.scale import SCALES, generate


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic organisations, roadmaps and approved values at "
        "regional scale (large: 2,000 organisations, 6,000 indicators, 20 quarters, "
        "1,080,000 values; medium: a tenth). Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, scale, seed, **options):
        started = time.perf_counter()
        counts = generate(SCALES[scale], seed=seed, label=f"Scale{seed}")
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility maps, as autovacuum would leave them later on
            # a lived-in database: without statistics the planner takes the million new
            # rows for a handful and picks nested loops; without the visibility map an
            # index holding every column a query reads (the reports by period and status)
            # still sends it to the table. VACUUM cannot run inside a transaction (a test's):
            # there, the statistics alone.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(f"{scale}: {summary} in {elapsed:.0f} s.")
