from django.db import migrations

from monitoring.sdg.content import load_sdg_framework


def load(apps, schema_editor):
    # Matches rows by code: fills the Kazakh, Kyrgyz, Tajik and Turkmen titles.
    load_sdg_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_content_in_national_languages")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
