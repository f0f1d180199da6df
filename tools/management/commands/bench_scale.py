import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from tools import bench


class Command(BaseCommand):
    help = (
        "Measure every benchmark figure on the database in DATABASE_URL (filled by "
        "generate_scale_data), starting gunicorn and a Celery worker on it; print JSON. "
        "`manage.py bench` runs this for each scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--samples", type=int, default=30, help="requests a page, warm")
        parser.add_argument("--seconds", type=int, default=10, help="wrk's run a page")
        parser.add_argument("--no-servers", action="store_true", help="in-process figures only")
        parser.add_argument("--workdir", help="keep the servers' logs in this folder")

    def handle(self, *args, samples, seconds, no_servers, workdir, **options):
        with tempfile.TemporaryDirectory() as temporary:
            figures = bench.measure_scale(
                Path(workdir or temporary),
                samples=samples,
                seconds=seconds,
                with_servers=not no_servers,
            )
        self.stdout.write(json.dumps(figures))
