"""Refuse TRUNCATE of the audit table on PostgreSQL.

Row triggers (core 0002) do not see TRUNCATE, so one statement could empty the audit trail.
This statement trigger refuses it. The application's role does not own the table and holds
no TRUNCATE privilege (``manage.py db_grants``); the trigger also stops the owner's accidents
(``manage.py flush``, a mistyped psql line). Only the test suite, which empties tables
between tests with TRUNCATE, may pass by setting ``tiepcan.allow_audit_truncate`` on its
own connections (tiepcan/ops/apps.py). SQLite has no TRUNCATE: nothing to do there.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_trigger(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION core_auditentry_no_truncate() RETURNS trigger AS $$ "
        "BEGIN "
        "IF coalesce(current_setting('tiepcan.allow_audit_truncate', true), '') = 'on' THEN RETURN NULL; END IF; "
        "RAISE EXCEPTION 'audit entries cannot be truncated'; "
        "END; $$ LANGUAGE plpgsql;"
    )
    schema_editor.execute(
        "CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry "
        "FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_no_truncate();"
    )


def drop_trigger(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;")
    schema_editor.execute("DROP FUNCTION IF EXISTS core_auditentry_no_truncate();")


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_shared_cache_table"), ("core", "0005_audit_sign_in_events")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
