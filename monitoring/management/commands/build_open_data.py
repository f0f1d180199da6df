from django.core.management.base import BaseCommand

from monitoring.opendata import build


class Command(BaseCommand):
    help = "Rebuild the open data downloads (/data/) now."

    def handle(self, *args, **options):
        index = build()
        self.stdout.write(
            f"{index['values']:,} approved values, {index['recommendations']:,} recommendations "
            f"and {index['assessments']:,} approved assessments in {len(index['files'])} files."
        )
