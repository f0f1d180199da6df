from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Content types and permissions are rebuilt by `migrate` and `flush`, under other ids
# wherever the apps were installed in another order: they stay out of the export, and
# whatever points at them is written with natural keys. Sessions and login-attempt logs
# are not worth restoring.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = (
        "Write every record of the platform (people, organisations, roadmaps, reports, "
        "values, history, dashboards) to one XML file, gzipped when the name ends in .gz, "
        "for import_data to load into an emptied database of either kind. Uploaded files "
        "are not in it. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="the file to write, e.g. vision-export.xml.gz")

    def handle(self, *args, output, **options):
        if not output.endswith((".xml", ".xml.gz")):
            raise CommandError("The export is XML: name the file *.xml or *.xml.gz.")
        # XML rather than JSON: Django's JSON cuts times to the millisecond.
        call_command(
            "dumpdata",
            format="xml",
            use_natural_foreign_keys=True,
            exclude=EXCLUDED,
            output=output,
            verbosity=0,
        )
        self.stdout.write(f"Exported to {output}.")
