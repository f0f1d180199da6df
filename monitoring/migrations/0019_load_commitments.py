from django.db import migrations

from monitoring.commitments.content import load_commitments


def load(apps, schema_editor):
    load_commitments(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0018_commitments"),
        # The themes link the Vision's international indexes.
        ("vision", "0004_vision_content_in_russian"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
