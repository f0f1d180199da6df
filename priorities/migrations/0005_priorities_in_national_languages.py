from django.db import migrations

from priorities.content import load_priorities_translation
from vision.content import translated_languages


def load(apps, schema_editor):
    """The platform's translations of the priorities and objectives into the national
    languages, into empty fields only."""
    for language in translated_languages():
        if language != "ru":
            load_priorities_translation(apps, language)


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0004_priorities_in_russian"),
        ("vision", "0006_vision_content_in_national_languages"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
