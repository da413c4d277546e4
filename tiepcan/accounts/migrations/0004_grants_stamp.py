"""The grants stamp: a person's grants are cached under it, and the database changes it.

Grants are built from a person's role assignments, the paths of units and the successions
between units. Triggers give the person a new random stamp, in the same transaction, whenever
one of their assignments is added, changed or removed, and give everybody a new one when a
unit's path changes (a unit moved) or a succession is recorded, changed or removed. Being
triggers, they also cover queryset updates, bulk inserts and hand-written SQL. A new unit's
first path (written right after its row) changes nothing: nobody holds a role there yet.

SQLite drops a table's triggers when Django rebuilds the table in a later migration:
``tiepcan/accounts/tests/test_grants_cache.py`` checks after every migration that they exist.
"""

from django.db import migrations, models

import tiepcan.accounts.models

SQLITE = [
    "CREATE TRIGGER accounts_roleassignment_grants_insert AFTER INSERT ON accounts_roleassignment "
    "BEGIN UPDATE accounts_user SET grants_stamp = random() WHERE id = NEW.user_id; END;",
    "CREATE TRIGGER accounts_roleassignment_grants_update AFTER UPDATE ON accounts_roleassignment "
    "BEGIN UPDATE accounts_user SET grants_stamp = random() WHERE id IN (OLD.user_id, NEW.user_id); END;",
    "CREATE TRIGGER accounts_roleassignment_grants_delete AFTER DELETE ON accounts_roleassignment "
    "BEGIN UPDATE accounts_user SET grants_stamp = random() WHERE id = OLD.user_id; END;",
    "CREATE TRIGGER units_unit_path_grants AFTER UPDATE OF path ON units_unit "
    "WHEN OLD.path <> '' AND OLD.path IS NOT NEW.path "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
    "CREATE TRIGGER units_unitsuccession_grants_insert AFTER INSERT ON units_unitsuccession "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
    "CREATE TRIGGER units_unitsuccession_grants_update AFTER UPDATE ON units_unitsuccession "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
    "CREATE TRIGGER units_unitsuccession_grants_delete AFTER DELETE ON units_unitsuccession "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "accounts_roleassignment_grants_insert",
        "accounts_roleassignment_grants_update",
        "accounts_roleassignment_grants_delete",
        "units_unit_path_grants",
        "units_unitsuccession_grants_insert",
        "units_unitsuccession_grants_update",
        "units_unitsuccession_grants_delete",
    )
]

POSTGRESQL = [
    # 62 random bits (random() has 52 of them): never a counter, so a rolled-back change or a
    # restored backup cannot bring back a stamp that some process cached other grants under.
    "CREATE OR REPLACE FUNCTION accounts_new_grants_stamp() RETURNS bigint AS $$ "
    "SELECT floor(random() * 4611686018427387904)::bigint $$ LANGUAGE sql VOLATILE;",
    "CREATE OR REPLACE FUNCTION accounts_roleassignment_grants_changed() RETURNS trigger AS $$ "
    "BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "UPDATE accounts_user SET grants_stamp = accounts_new_grants_stamp() WHERE id = OLD.user_id; "
    "END IF; "
    "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id) THEN "
    "UPDATE accounts_user SET grants_stamp = accounts_new_grants_stamp() WHERE id = NEW.user_id; "
    "END IF; "
    "RETURN NULL; END; $$ LANGUAGE plpgsql;",
    "CREATE OR REPLACE FUNCTION accounts_all_grants_changed() RETURNS trigger AS $$ "
    "BEGIN UPDATE accounts_user SET grants_stamp = accounts_new_grants_stamp(); RETURN NULL; END; "
    "$$ LANGUAGE plpgsql;",
    "CREATE TRIGGER accounts_roleassignment_grants AFTER INSERT OR UPDATE OR DELETE ON accounts_roleassignment "
    "FOR EACH ROW EXECUTE FUNCTION accounts_roleassignment_grants_changed();",
    "CREATE TRIGGER units_unit_path_grants AFTER UPDATE OF path ON units_unit FOR EACH ROW "
    "WHEN (OLD.path <> '' AND OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION accounts_all_grants_changed();",
    "CREATE TRIGGER units_unitsuccession_grants AFTER INSERT OR UPDATE OR DELETE ON units_unitsuccession "
    "FOR EACH STATEMENT EXECUTE FUNCTION accounts_all_grants_changed();",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS accounts_roleassignment_grants ON accounts_roleassignment;",
    "DROP TRIGGER IF EXISTS units_unit_path_grants ON units_unit;",
    "DROP TRIGGER IF EXISTS units_unitsuccession_grants ON units_unitsuccession;",
    "DROP FUNCTION IF EXISTS accounts_roleassignment_grants_changed();",
    "DROP FUNCTION IF EXISTS accounts_all_grants_changed();",
    "DROP FUNCTION IF EXISTS accounts_new_grants_stamp();",
]


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
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
