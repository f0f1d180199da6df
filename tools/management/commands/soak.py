import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools import bench, soak


class Command(BaseCommand):
    help = (
        "The soak test: reporters, reviewers and visitors (locust) at the machine's limit "
        "for SOAK_SECONDS (300), through gunicorn and a Celery worker on a throwaway "
        "PostgreSQL database; fails on any server error, lost or duplicated value, or "
        "growing memory. Needs PostgreSQL and Redis. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "300"))
        )
        parser.add_argument("--reporters", type=int, default=8)
        parser.add_argument("--visitors", type=int, default=6)
        parser.add_argument(
            "--pacing", type=float, default=4.0, help="seconds between a reporter's reports"
        )
        parser.add_argument(
            "--postgres",
            default="postgres://postgres@127.0.0.1:5432/postgres",
            help="a PostgreSQL URL whose user may create databases",
        )
        parser.add_argument("--database", default="vision_soak", help="created and dropped")
        parser.add_argument(
            "--redis",
            default="redis://127.0.0.1:6379/6",
            help="a Redis database for the soak alone: it is emptied",
        )
        parser.add_argument("--workdir", help="keep the servers' logs and the results here")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="run on DATABASE_URL as it is (what the command runs in its own process)",
        )

    def handle(self, *args, **options):
        if options["seconds"] < 30:
            raise CommandError("A soak runs for at least 30 seconds.")
        if options["pacing"] <= 0 or options["seconds"] / options["pacing"] > 200:
            # Each report takes a period of its own, and the roadmaps end in four years.
            raise CommandError("A reporter writes at most 200 reports: give a longer --pacing.")
        if options["in_place"]:
            self.run_here(options)
        else:
            self.run_on_a_throwaway_database(options)

    def run_on_a_throwaway_database(self, options):
        name = options["database"]
        if not name.startswith("vision_soak"):
            raise CommandError("The soak's database is dropped afterwards: name it vision_soak….")
        self.stderr.write(f"Preparing {name}…")
        url = bench.create_database(options["postgres"], name, "tiny")
        workdir = Path(options["workdir"] or tempfile.mkdtemp(prefix="vision-soak-"))
        workdir.mkdir(parents=True, exist_ok=True)
        env = bench.server_env(url, options["redis"], str(workdir / "static"))
        try:
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                cwd=settings.BASE_DIR,
                env=env,
                check=True,
            )
            self.stderr.write(f"Soaking for {options['seconds']} s; logs in {workdir}…")
            finished = subprocess.run(
                [
                    *(sys.executable, "manage.py", "soak", "--in-place"),
                    f"--seconds={options['seconds']}",
                    f"--reporters={options['reporters']}",
                    f"--visitors={options['visitors']}",
                    f"--pacing={options['pacing']}",
                    f"--workdir={workdir}",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
            )
        finally:
            bench.drop_database(options["postgres"], name)
        if finished.returncode or not finished.stdout.strip():
            raise CommandError(f"The soak did not run to its end:\n{finished.stderr[-3000:]}")
        outcome = json.loads(finished.stdout.strip().splitlines()[-1])
        self.stdout.write(soak.summary(outcome["figures"]))
        if outcome["problems"]:
            raise CommandError("The soak failed:\n- " + "\n- ".join(outcome["problems"]))
        self.stdout.write("Soak passed.")

    def run_here(self, options):
        workdir = Path(options["workdir"] or tempfile.mkdtemp(prefix="vision-soak-"))
        outcome = soak.run(
            workdir=workdir,
            seconds=options["seconds"],
            reporters=options["reporters"],
            visitors=options["visitors"],
            pacing=options["pacing"],
        )
        self.stdout.write(json.dumps(outcome, default=str))
