"""The grants stamp: a person's grants are cached under it, and the database changes it.

Grants are built from a person's role assignments, the paths of units and the successions
between units. Triggers give the person a new random stamp, in the same transaction, whenever
one of their assignments is added, changed or removed, and give everybody a new one when a
unit's path changes (a unit moved) or a succession is recorded, changed or removed. Being
triggers, they also cover queryset updates, bulk inserts and hand-written SQL. A new unit's
first path (written right after its row) changes nothing: nobody holds a role there yet.

SQLite cannot keep triggers through Django's table rebuilds: there they are dropped before
every ``migrate`` and created again after it (``tiepcan/accounts/triggers.py``).
"""

from django.db import migrations, models

import tiepcan.accounts.models
from tiepcan.accounts.triggers import POSTGRESQL, POSTGRESQL_DROP, SQLITE_DROP

def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    # SQLite's are created after every migrate (a later migration in the same run could not
    # rebuild accounts_user while they exist): tiepcan/accounts/triggers.py.
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_national_viewer"),
        ("units", "0002_vietnamese_field_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="grants_stamp",
            field=models.BigIntegerField(default=tiepcan.accounts.models.new_grants_stamp, editable=False),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
