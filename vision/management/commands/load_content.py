from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from monitoring.commitments.content import load_commitments
from monitoring.sdg.content import load_sdg_framework
from organizations.content import load_roles
from priorities.content import load_priorities, load_priorities_translation
from vision.content import load_vision_content, load_vision_translation, translated_languages


class Command(BaseCommand):
    help = (
        "Load the Vision's content, the UN SDG framework and the roles where missing. Migrations "
        "already do this; run it again after a database was emptied. Safe to repeat."
    )

    def handle(self, *args, **options):
        # The loaders are written for the models as the migrations define them, so they
        # get the same historical registry here as inside a data migration.
        apps = MigrationLoader(connection).project_state().apps
        with transaction.atomic():
            load_vision_content(apps)
            load_roles(apps)
            load_priorities(apps)
            for language in translated_languages():
                load_vision_translation(apps, language)
                load_priorities_translation(apps, language)
            counts = load_sdg_framework(apps)
            commitments = load_commitments(apps)
        self.stdout.write(
            "Vision content loaded; SDG framework: {goals} goals, {targets} targets, "
            "{indicators} indicators.".format(**counts)
        )
        self.stdout.write(
            "Commitments: {instruments} instruments, {themes} themes, "
            "{groups} affected groups.".format(groups=commitments["affected groups"], **commitments)
        )
