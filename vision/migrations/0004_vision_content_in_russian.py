from django.db import migrations

from vision.content import load_vision_translation


def load(apps, schema_editor):
    load_vision_translation(apps, "ru")


class Migration(migrations.Migration):
    dependencies = [("vision", "0003_content_in_national_languages")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
