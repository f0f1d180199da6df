from django.db import migrations

from vision.content import load_vision_translation, translated_languages


def load(apps, schema_editor):
    """The platform's translations of the Vision into the national languages, into empty
    fields only."""
    for language in translated_languages():
        if language != "ru":
            load_vision_translation(apps, language)


class Migration(migrations.Migration):
    dependencies = [("vision", "0005_index_scores_demo")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
