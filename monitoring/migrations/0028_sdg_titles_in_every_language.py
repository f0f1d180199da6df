from django.db import migrations

from monitoring.sdg.content import load_sdg_framework


def load(apps, schema_editor):
    """The SDG titles again, now with the platform's translations of the goals and targets
    into Uzbek, Mongolian, Dari and Pashto."""
    load_sdg_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0027_projects")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
