from django.db import migrations

from monitoring.sdg.content import load_sdg_framework


def load(apps, schema_editor):
    load_sdg_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
