from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from monitoring.models import DashboardState, ProgressReport
from organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Load a file written by export_data into an emptied database (`manage.py migrate`, "
        "then `manage.py flush`). See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="a file written by export_data")

    def handle(self, *args, export, **options):
        if Organization.objects.exists() or ProgressReport.objects.exists():
            raise CommandError(
                "This database already holds organisations or reports; import only into an "
                "emptied one (manage.py flush)."
            )
        # The history comes from the export: recording the load itself would add a change
        # for every organisation (their many-to-many fields) under ids the export uses.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", export, verbosity=options["verbosity"])
        state = DashboardState.objects.filter(pk=1).first()
        self.stdout.write(
            f"Imported {export}; dashboards as exported (generation "
            f"{state.generation if state else 0})."
        )
