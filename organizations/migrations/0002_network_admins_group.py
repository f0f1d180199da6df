from django.db import migrations

from organizations.content import load_roles


def create_group(apps, schema_editor):
    load_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
