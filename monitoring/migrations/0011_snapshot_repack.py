from django.db import migrations

TABLE = "monitoring_progresssnapshot"


def repack(apps, schema_editor):
    # Until 0010 every recompute deleted and re-inserted the snapshots: the table's file
    # kept the space of all the old rows (autovacuum reuses it, never returns it), and its
    # pages were packed full. Rewritten once, in the order the pages read it (country,
    # scope, period), each page with the room 0010 asks for; the statistics afresh.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CLUSTER {TABLE} USING snapshot_country_scope")
        schema_editor.execute(f"ANALYZE {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0010_snapshot_fillfactor")]

    operations = [migrations.RunPython(repack, migrations.RunPython.noop, elidable=True)]
