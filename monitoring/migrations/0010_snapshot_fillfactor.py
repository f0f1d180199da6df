from django.db import migrations

TABLE = "monitoring_progresssnapshot"


def leave_room(apps, schema_editor):
    # Half of each page kept free: a recompute updates every snapshot in place, and with
    # room on the row's own page PostgreSQL writes the new version there without touching
    # the indexes (a heap-only update).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 50)")


def pack(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0009_pending_recompute_since")]

    operations = [migrations.RunPython(leave_room, pack, elidable=True)]
