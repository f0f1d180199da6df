from django.db import migrations

from vision.content import load_vision_content


def load(apps, schema_editor):
    load_vision_content(apps)


class Migration(migrations.Migration):
    dependencies = [("vision", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
