from django.db import migrations

from priorities.content import load_priorities_translation


def load(apps, schema_editor):
    load_priorities_translation(apps, "ru")


class Migration(migrations.Migration):
    dependencies = [("priorities", "0003_content_in_national_languages")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
