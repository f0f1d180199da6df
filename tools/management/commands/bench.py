import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools import bench

SCALES = ["small", "medium", "large"]


class Command(BaseCommand):
    help = (
        "The benchmark: for each scale, a throwaway PostgreSQL database filled by "
        "generate_scale_data, measured by bench_scale with gunicorn and a Celery worker; "
        "prints the table and writes docs/performance.md. Needs PostgreSQL, Redis and wrk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scales", default=",".join(SCALES))
        parser.add_argument(
            "--postgres",
            default="postgres://postgres@127.0.0.1:5432/postgres",
            help="a PostgreSQL URL whose user may create databases",
        )
        parser.add_argument(
            "--redis",
            default="redis://127.0.0.1:6379/9",
            help="a Redis database for the benchmark alone: it is emptied for each scale",
        )
        parser.add_argument("--reuse", action="store_true", help="keep existing bench databases")
        parser.add_argument("--samples", type=int, default=30)
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs/performance.md")
        )
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, scales, postgres, redis, reuse, samples, seconds, output, **options):
        results = {}
        static = tempfile.mkdtemp(prefix="vision-bench-static-")
        for scale in scales.split(","):
            if scale not in ("tiny", *SCALES):
                raise CommandError(f"Unknown scale {scale!r}.")
            url = self.prepare(postgres, scale, reuse)
            self.stderr.write(f"{scale}: measuring…")
            env = bench.server_env(url, redis, static)
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                cwd=settings.BASE_DIR,
                env=env,
                check=True,
            )
            finished = subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "bench_scale",
                    f"--samples={samples}",
                    f"--seconds={seconds}",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
            )
            if finished.returncode:
                raise CommandError(f"{scale}: bench_scale failed:\n{finished.stderr[-3000:]}")
            results[scale] = json.loads(finished.stdout.strip().splitlines()[-1])
        report = bench.render(results)
        self.stdout.write(report)
        if not options["no_write"]:
            Path(output).write_text(report)
            self.stderr.write(f"Written to {output}.")

    def prepare(self, postgres: str, scale: str, reuse: bool) -> str:
        """The scale's database, created, migrated and filled (or reused)."""
        self.stderr.write(f"{scale}: preparing vision_bench_{scale}…")
        return bench.create_database(postgres, f"vision_bench_{scale}", scale, reuse=reuse)
