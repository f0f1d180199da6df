from django.db import migrations

from priorities.content import load_priorities


def load(apps, schema_editor):
    load_priorities(apps)


class Migration(migrations.Migration):
    dependencies = [("priorities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
