"""A person's count of unread notifications, kept by the database.

Every signed-in page shows it on the bell. Triggers count the person's unread notifications
again, in the same transaction, whenever one of them is added, read, unread, moved to another
person or deleted: being triggers, they also cover queryset updates ("mark all read"), bulk
inserts and hand-written SQL. The page reads the count with the person's row, which
authentication reads anyway: no query of its own.

SQLite's triggers are created after every ``migrate``, like the grants stamp's
(``tiepcan/accounts/triggers.py``).
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from tiepcan.accounts.triggers import POSTGRESQL_UNREAD, POSTGRESQL_UNREAD_DROP, RECOUNT_ALL, SQLITE_DROP


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_UNREAD:
            schema_editor.execute(statement)
    schema_editor.execute(RECOUNT_ALL)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in POSTGRESQL_UNREAD_DROP:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_grants_stamp"),
        ("core", "0007_notification_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="unread_notifications",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
